//go:build unix

package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStateFileModes: a new state file and the -wal and -shm files SQLite
// keeps beside it are mode 0600 whatever the umask, and existing ones that
// others may read are tightened to 0600 with a warning naming each.
func TestStateFileModes(t *testing.T) {
	if !checkModes {
		t.Skip("file modes are not enforced on this OS")
	}
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	tests := []struct {
		name     string
		existing fs.FileMode // 0: no file before Open
		wantWarn int
	}{
		{"new file", 0, 0},
		{"existing 0644 file", 0o644, 3},
		{"existing 0640 file", 0o640, 3},
		{"existing 0600 file", 0o600, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			if tc.existing != 0 {
				// An older build's file, open in another process: the
				// -wal and -shm files exist and hold data.
				other, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				if _, err := other.CreateRole(t.Context(), RoleInput{Name: "Kept"}); err != nil {
					t.Fatal(err)
				}
				for _, p := range []string{path, path + "-wal", path + "-shm"} {
					if err := os.Chmod(p, tc.existing); err != nil {
						t.Fatal(err)
					}
				}
			}
			var warnings []string
			st, err := OpenWith(path, Options{Warn: func(m string) { warnings = append(warnings, m) }})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.CreateRole(t.Context(), RoleInput{Name: "Written"}); err != nil { // the WAL has frames now
				t.Fatal(err)
			}
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				if got := fi.Mode().Perm(); got != 0o600 {
					t.Errorf("%s: mode %04o, want 0600", filepath.Base(p), got)
				}
			}
			if len(warnings) != tc.wantWarn {
				t.Errorf("warnings %q, want %d", warnings, tc.wantWarn)
			}
			for _, w := range warnings {
				if !strings.Contains(w, path) || !strings.Contains(w, "0600") {
					t.Errorf("warning %q should name the file and the new mode", w)
				}
			}
		})
	}
}
