package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
)

func TestCompletion(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.db")
	emu, err := sim.Start(context.Background(), sim.Config{StatePath: state, Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	cfgDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(cfgDir, "netsuite"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "netsuite", "config.toml"), []byte("[default]\naccount = \"1\"\n\n[sandbox]\naccount = \"1_SB1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	env := simEnv(emu)
	env["XDG_CONFIG_HOME"] = cfgDir
	env["XDG_CACHE_HOME"] = cache
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"query output formats", []string{"__complete", "query", "-o", ""}, []string{"table", "json", "csv", "ndjson"}},
		{"governance output formats", []string{"__complete", "governance", "-o", ""}, []string{"table", "json"}},
		{"profiles", []string{"__complete", "--profile", ""}, []string{"default", "sandbox"}},
		{"record types from the account", []string{"__complete", "record", "get", ""}, []string{"customer", "salesOrder", "currency", "customerStatus"}},
		{"token names", []string{"__complete", "sim", "admin", "--state", state, "token", "revoke", ""}, []string{"Demo Integration - Ada Admin - TBA Role"}},
		{"role names", []string{"__complete", "sim", "admin", "--state", state, "role", "history", ""}, []string{"TBA Role"}},
		{"shell scripts", []string{"completion", "bash"}, []string{"__start_netsuite"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, env, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("completions lack %q:\n%s", w, stdout)
				}
			}
		})
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "netsuite", "record-types-*.json")); len(m) != 1 {
		t.Errorf("record types not cached per account: %v", m)
	}
}
