package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// The state file holds integration consumer secrets and token secrets, so it
// and SQLite's write-ahead log and shared-memory files beside it (path-wal,
// path-shm) are kept to their owner: mode 0600.
const stateFileMode fs.FileMode = 0o600

// stateSidecars are the files SQLite keeps beside a WAL-mode database.
var stateSidecars = []string{"-wal", "-shm"}

// checkModes reports whether file modes mean anything here: Windows reports
// 0666 or 0444 for every file and os.Chmod changes only the read-only bit.
var checkModes = runtime.GOOS != "windows"

// prepareStateFile creates the state file at path with mode 0600 before
// SQLite opens it (SQLite gives the -wal and -shm files it creates the
// database file's mode), or tightens an existing one that others may read,
// saying so through warn. Its errors name the file and suggest a fix.
func prepareStateFile(path string, warn func(string)) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: cannot open state file %s: directory %s does not exist (create it, or choose another path)", path, dir)
		}
		return fmt.Errorf("store: cannot open state file %s: %w", path, err)
	} else if !fi.IsDir() {
		return fmt.Errorf("store: cannot open state file %s: %s is not a directory", path, dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("store: cannot open state file %s: it is a directory (give a file path)", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, stateFileMode)
	if err != nil {
		return describeOpenError(path, err)
	}
	defer f.Close()
	return tighten(path, warn)
}

// tightenSidecars tightens the -wal and -shm files of path, if present, as
// prepareStateFile does the state file (a state file written by an older
// build may have left them readable by others).
func tightenSidecars(path string, warn func(string)) error {
	for _, suffix := range stateSidecars {
		if err := tighten(path+suffix, warn); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// tighten sets the mode of an existing file that group or others may use to
// 0600 and warns; a file already private is left alone.
func tighten(path string, warn func(string)) error {
	if !checkModes {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return fmt.Errorf("store: state file %s: %w", path, err)
	}
	mode := fi.Mode().Perm()
	if mode&^stateFileMode == 0 {
		return nil
	}
	if err := os.Chmod(path, stateFileMode); err != nil {
		return fmt.Errorf("store: state file %s is mode %04o, readable by others, and its mode cannot be changed to 0600: %w (chmod 600 it, or run as its owner)", path, mode, err)
	}
	if warn != nil {
		warn(fmt.Sprintf("%s was mode %04o, readable by others, and holds token secrets: changed it to 0600", path, mode))
	}
	return nil
}

// describeOpenError turns a failure to open or create the state file into a
// message that names the file and suggests a fix.
func describeOpenError(path string, err error) error {
	dir := filepath.Dir(path)
	_, statErr := os.Stat(path)
	exists := statErr == nil
	switch {
	case errors.Is(err, fs.ErrPermission) && !exists:
		return fmt.Errorf("store: cannot create state file %s: directory %s is not writable (choose a writable directory, or fix its permissions)", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("store: cannot open state file %s for writing: permission denied (check the file's owner and mode)", path)
	}
	return fmt.Errorf("store: cannot open state file %s: %w", path, err)
}

// describeSQLiteError adds the state file's name, and a fix where one is
// evident, to an error SQLite returned while opening or migrating it.
// SQLite's own text ("unable to open database file (14)") names nothing.
func describeSQLiteError(path string, err error) error {
	m := err.Error()
	if strings.Contains(m, "unable to open database file") || strings.Contains(m, "readonly database") ||
		strings.Contains(m, "attempt to write a readonly") {
		// SQLite must create path-wal and path-shm beside the file.
		dir := filepath.Dir(path)
		if probe, perr := os.CreateTemp(dir, ".nsstore-probe-*"); perr != nil {
			return fmt.Errorf("store: cannot open state file %s: directory %s is not writable, and SQLite keeps %s-wal and %s-shm there (choose a writable directory, or fix its permissions): %w", path, dir, filepath.Base(path), filepath.Base(path), err)
		} else {
			probe.Close()
			os.Remove(probe.Name())
		}
		return fmt.Errorf("store: cannot open state file %s (check that it and its -wal and -shm files are writable by you): %w", path, err)
	}
	if strings.Contains(m, "file is not a database") {
		return fmt.Errorf("store: %s is not an emulator state file (an SQLite database): %w", path, err)
	}
	if strings.Contains(m, path) {
		return err
	}
	return &pathError{path: path, err: err}
}

// pathError names the state file in front of an error of the store,
// keeping the error for errors.Is and errors.As.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string {
	return "store: state file " + e.path + ": " + strings.TrimPrefix(e.err.Error(), "store: ")
}

func (e *pathError) Unwrap() error { return e.err }
