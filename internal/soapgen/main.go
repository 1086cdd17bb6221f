// Command soapgen generates the Go types of NetSuite's SuiteTalk SOAP schema
// (soap/types/...) and the typed operation methods of package soap
// (soap/operations_gen.go) from the WSDL and XSDs embedded in
// internal/nsschema. Run it through go generate in package soap:
//
//	go generate ./soap
//
// or directly: go run ./internal/soapgen -root . (from the repository root).
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-netsuite/netsuite/internal/nsschema"
)

func main() {
	root := flag.String("root", ".", "repository root to write soap/ under")
	version := flag.String("version", nsschema.Default, "schema version to generate from")
	flag.Parse()
	if err := run(*root, *version); err != nil {
		fmt.Fprintln(os.Stderr, "soapgen:", err)
		os.Exit(1)
	}
}

// Generate returns the generated files (path relative to the repository
// root → content) for a schema version.
func Generate(version string) (map[string][]byte, error) {
	fsys, err := nsschema.FS(version)
	if err != nil {
		return nil, err
	}
	schemas, err := parseSchemas(fsys)
	if err != nil {
		return nil, err
	}
	wsdl, err := fs.ReadFile(fsys, nsschema.WSDLFile)
	if err != nil {
		return nil, err
	}
	return generate(schemas, wsdl, version)
}

func run(root, version string) error {
	files, err := Generate(version)
	if err != nil {
		return err
	}
	// Remove generated files that are no longer produced.
	typesDir := filepath.Join(root, "soap", "types")
	_ = filepath.WalkDir(typesDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, "_gen.go") {
			rel, _ := filepath.Rel(root, p)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				return os.Remove(p)
			}
		}
		return nil
	})
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}
