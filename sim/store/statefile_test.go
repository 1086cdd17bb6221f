package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStateFileErrors: every error about the state file names it and says
// what to do.
func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	readOnlyDir := filepath.Join(dir, "ro")
	if err := os.Mkdir(readOnlyDir, 0o500); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		want     []string
		needUser bool // root writes anywhere
	}{
		{"directory does not exist", filepath.Join(dir, "nonexistent", "s.db"),
			[]string{filepath.Join(dir, "nonexistent", "s.db"), "directory " + filepath.Join(dir, "nonexistent") + " does not exist", "create it"}, false},
		{"path is a directory", dir, []string{dir, "is a directory"}, false},
		{"parent is a file", filepath.Join(notDB, "s.db"), []string{filepath.Join(notDB, "s.db"), "is not a directory"}, false},
		{"not a database", notDB, []string{notDB, "not an emulator state file"}, false},
		{"directory not writable", filepath.Join(readOnlyDir, "s.db"),
			[]string{filepath.Join(readOnlyDir, "s.db"), "directory " + readOnlyDir + " is not writable"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needUser && os.Geteuid() == 0 {
				t.Skip("root may write to any directory")
			}
			st, err := Open(tc.path)
			if err == nil {
				st.Close()
				t.Fatal("Open succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestStateFileErrorKeepsCode: naming the file keeps the store's error for
// errors.Is.
func TestStateFileErrorKeepsCode(t *testing.T) {
	err := describeSQLiteError("/x/s.db", newErr(ErrSchemaTooNew, "store: database schema version 9 is newer"))
	if !errors.Is(err, ErrSchemaTooNew) || err.Error() != "store: state file /x/s.db: database schema version 9 is newer" {
		t.Errorf("got %v", err)
	}
}
