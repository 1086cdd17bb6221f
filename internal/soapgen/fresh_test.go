package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/internal/nsschema"
)

// TestGeneratedUpToDate regenerates the SOAP types and operations and fails
// when the committed files differ (run go generate ./soap to refresh them).
func TestGeneratedUpToDate(t *testing.T) {
	files, err := Generate(nsschema.Default)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	for p, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./soap)", p, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what soapgen generates (run go generate ./soap)", p)
		}
	}
	// No stale generated file is left behind.
	_ = filepath.WalkDir(filepath.Join(root, "soap", "types"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, "_gen.go") {
			rel, _ := filepath.Rel(root, p)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				t.Errorf("%s is no longer generated: remove it (go generate ./soap does)", rel)
			}
		}
		return nil
	})
	if len(files) < 40 {
		t.Errorf("only %d files generated", len(files))
	}
}

func TestNSKey(t *testing.T) {
	for urn, want := range map[string]string{
		"urn:relationships_2025_2.lists.webservices.netsuite.com": "relationships.lists",
		"urn:types.core_2011_2.platform.webservices.netsuite.com": "types.core.platform",
		"urn:messages_2020_2.platform.webservices.netsuite.com":   "messages.platform",
	} {
		if got, err := nsKey(urn); err != nil || got != want {
			t.Errorf("nsKey(%s) = %q, %v; want %q", urn, got, err, want)
		}
	}
	for _, bad := range []string{"http://x", "urn:x.webservices.netsuite.com", "urn:core.platform.webservices.netsuite.com"} {
		if _, err := nsKey(bad); err == nil {
			t.Errorf("nsKey(%s) accepted", bad)
		}
	}
}
