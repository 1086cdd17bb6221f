package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-netsuite/netsuite/suiteql"
)

// checkpoint is where a keyset export got to: the key values of the last
// row written (and flushed) to the output. --resume continues after it.
type checkpoint struct {
	Version  int               `json:"version"`
	Query    string            `json:"query"`
	Keys     []string          `json:"keys"` // col:kind
	After    map[string]string `json:"after,omitempty"`
	Rows     int               `json:"rows"` // written so far, all runs
	Output   string            `json:"output"`
	Complete bool              `json:"complete"`
}

// checkpointEvery is how many rows are written between checkpoints.
const checkpointEvery = 10_000

func defaultCheckpointPath(q string) string {
	h := sha256.Sum256([]byte(q))
	return filepath.Join(os.TempDir(), "netsuite-query-"+hex.EncodeToString(h[:6])+".checkpoint")
}

func keyStrings(keys []suiteql.Key) []string {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = k.String()
	}
	return s
}

// save writes the checkpoint atomically, mode 0600 (it holds data values).
func (c *checkpoint) save(path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing the checkpoint %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing the checkpoint %s: %w", path, err)
	}
	return nil
}

// loadCheckpoint reads a checkpoint for q with keys in format output.
func loadCheckpoint(path, q string, keys []suiteql.Key, output string) (*checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--resume: %w", err)
	}
	var c checkpoint
	if err := json.Unmarshal(b, &c); err != nil || c.Version != 1 {
		return nil, fmt.Errorf("--resume %s: not a checkpoint of netsuite query (%v)", path, err)
	}
	switch {
	case c.Query != q:
		return nil, fmt.Errorf("--resume %s: the checkpoint is of another query:\n  %s", path, c.Query)
	case strings.Join(c.Keys, ",") != strings.Join(keyStrings(keys), ","):
		return nil, fmt.Errorf("--resume %s: the checkpoint pages by %s, this run by %s: give the same --key flags", path, strings.Join(c.Keys, ", "), strings.Join(keyStrings(keys), ", "))
	case c.Output != output:
		return nil, fmt.Errorf("--resume %s: the checkpoint wrote -o %s, this run -o %s: appending another format would mix them", path, c.Output, output)
	case c.Complete:
		return nil, fmt.Errorf("--resume %s: that export is complete (%d rows); nothing to add", path, c.Rows)
	}
	return &c, nil
}

// shellQuote quotes an argument for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// secretFlags carry secrets: the resume hint leaves them out (they would
// land on the terminal and in logs of it), and says so.
var secretFlags = []string{"--consumer-secret", "--token-secret", "--client-secret", "--redis"}

// resumeCommand is the command line that continues the export: the same
// arguments without --checkpoint/--resume and without secret flags, plus
// --resume path. dropped names the secret flags left out.
func resumeCommand(args []string, path string) (cmd string, dropped []string) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(a, "=")
		switch {
		case slices.Contains(secretFlags, name):
			dropped = append(dropped, name)
			if !hasValue {
				i++
			}
			continue
		case name == "--checkpoint" || name == "--resume":
			if !hasValue {
				i++
			}
			continue
		}
		out = append(out, shellQuote(a))
	}
	return "netsuite " + strings.Join(out, " ") + " --resume " + shellQuote(path), dropped
}
