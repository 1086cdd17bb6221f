package nsschema

import (
	"encoding/xml"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestVersions(t *testing.T) {
	if got, want := Versions(), []string{"2023_2", "2025_2"}; !slices.Equal(got, want) {
		t.Fatalf("Versions() = %v, want %v", got, want)
	}
	if !slices.Contains(Versions(), Default) {
		t.Errorf("Default %s is not held", Default)
	}
	if _, err := FS("2024_1"); err == nil {
		t.Error("FS(2024_1): want an error")
	}
}

var schemaLocation = regexp.MustCompile(`schemaLocation="([^"]*)"`)

// TestLayout: every version has the WSDL, a README and 46 XSDs, all
// well-formed, and every schemaLocation names a file of the same version.
func TestLayout(t *testing.T) {
	for _, v := range Versions() {
		t.Run(v, func(t *testing.T) {
			fsys, err := FS(v)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := fs.Stat(fsys, "README.md"); err != nil {
				t.Error(err)
			}
			xsds, err := fs.Glob(fsys, "xsd/*.xsd")
			if err != nil || len(xsds) != 46 {
				t.Fatalf("%d XSDs (%v), want 46", len(xsds), err)
			}
			for _, f := range append(xsds, WSDLFile) {
				b, err := fs.ReadFile(fsys, f)
				if err != nil {
					t.Fatal(err)
				}
				if err := wellFormed(b); err != nil {
					t.Errorf("%s: %v", f, err)
				}
				if !strings.Contains(string(b), "_"+v+".") {
					t.Errorf("%s does not name version %s in its namespaces", f, v)
				}
				for _, m := range schemaLocation.FindAllStringSubmatch(string(b), -1) {
					area, name, ok := XSDPath(m[1])
					if !ok {
						t.Errorf("%s: schemaLocation %q is not xsd/<area>.<name>.xsd", f, m[1])
						continue
					}
					if _, err := fs.Stat(fsys, XSDFile(area, name)); err != nil {
						t.Errorf("%s: schemaLocation %q: %v", f, m[1], err)
					}
				}
			}
		})
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestXSDPath(t *testing.T) {
	tests := []struct {
		in         string
		area, name string
		ok         bool
	}{
		{"./xsd/platform.core.xsd", "platform", "core.xsd", true},
		{"xsd/lists.relationshipTypes.xsd", "lists", "relationshipTypes.xsd", true},
		{"platform.coreTypes.xsd", "platform", "coreTypes.xsd", true},
		{".//platform.common.xsd", "platform", "common.xsd", true},
		{"core.xsd", "core", "xsd", false},
		{"platform.core.wsdl", "", "", false},
		{"../platform.core.xsd", "", "", false},
		{"platform..xsd", "", "", false},
		{".core.xsd", "", "", false},
	}
	for _, tt := range tests {
		area, name, ok := XSDPath(tt.in)
		if ok != tt.ok || ok && (area != tt.area || name != tt.name) {
			t.Errorf("XSDPath(%q) = %q, %q, %t; want %q, %q, %t", tt.in, area, name, ok, tt.area, tt.name, tt.ok)
		}
	}
}
