// Package nsschema holds NetSuite's SuiteTalk SOAP WSDL and XSD files, one
// directory per endpoint version (v2025_2, v2023_2), each with a README.md
// that says where the files come from. It is plain data: the emulator serves
// the files, and code generators can read them.
//
// Every version is laid out as NetSuite's download zip
// (WSDL_v<version>_0.zip): netsuite.wsdl at the root importing
// ./xsd/platform.core.xsd and the like, and xsd/<area>.<name>.xsd importing
// each other by file name. NetSuite serves the same files as
// /wsdl/v<version>_0/netsuite.wsdl and /xsd/<area>/v<version>_0/<name>.xsd
// (see [XSDFile] and [XSDPath]).
package nsschema

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

//go:embed v2025_2 v2023_2
var files embed.FS

// Default is the endpoint version used when none is named: the last SOAP
// endpoint NetSuite plans.
const Default = "2025_2"

// WSDLFile is the WSDL's name in a version's [FS].
const WSDLFile = "netsuite.wsdl"

// Versions returns the endpoint versions held, oldest first.
func Versions() []string {
	entries, _ := fs.ReadDir(files, ".") // the embedded root always reads
	var vs []string
	for _, e := range entries {
		if v, ok := strings.CutPrefix(e.Name(), "v"); ok && e.IsDir() {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

// FS returns the files of endpoint version v (such as "2025_2"):
// netsuite.wsdl, README.md and xsd/<area>.<name>.xsd.
func FS(v string) (fs.FS, error) {
	if !slices.Contains(Versions(), v) {
		return nil, fmt.Errorf("nsschema: no schema for endpoint version %q (have %s)", v, strings.Join(Versions(), ", "))
	}
	return fs.Sub(files, "v"+v)
}

// XSDFile returns the name in a version's [FS] of the XSD NetSuite serves as
// /xsd/<area>/v<version>_0/<name>.xsd, e.g. "xsd/platform.core.xsd" for
// area "platform" and name "core.xsd".
func XSDFile(area, name string) string { return "xsd/" + area + "." + name }

// XSDPath is the inverse of [XSDFile]: the area and name of a file such as
// "xsd/platform.core.xsd", "./xsd/platform.core.xsd" (the WSDL's imports),
// "platform.core.xsd" or ".//platform.core.xsd" (imports between 2023_2
// XSDs, as NetSuite wrote them); ok is false for a name of another form.
func XSDPath(file string) (area, name string, ok bool) {
	file = strings.TrimLeft(strings.TrimPrefix(file, "./"), "/")
	file = strings.TrimPrefix(file, "xsd/")
	area, name, ok = strings.Cut(file, ".")
	if !ok || area == "" || strings.ContainsAny(file, "/\\") || !strings.HasSuffix(name, ".xsd") || name == ".xsd" {
		return "", "", false
	}
	return area, name, true
}
