package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOAuth2M2MQueryAgainstSimServeDemo is the acceptance run:
// "netsuite sim serve --demo --credentials-out creds.json" (another OS
// process), then "netsuite --credentials creds.json --auth oauth2-m2m
// query 'SELECT id FROM customer'" answers the customers, and the private
// key file is written 0600.
func TestOAuth2M2MQueryAgainstSimServeDemo(t *testing.T) {
	dir := t.TempDir()
	creds := filepath.Join(dir, "creds.json")
	cmd := exec.Command(os.Args[0], "sim", "serve", "--demo", "--demo-size", "300", "--addr", "127.0.0.1:0", "--credentials-out", creds)
	cmd.Env = append(os.Environ(), runCLIEnv+"=1", "XDG_CONFIG_HOME="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var cf map[string]string
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(creds)
		if err == nil && json.Unmarshal(b, &cf) == nil && cf["base_url"] != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no credentials file after 30s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if cf["client_id"] == "" || cf["certificate_id"] == "" || cf["private_key_file"] == "" {
		t.Fatalf("credentials file lacks the OAuth 2.0 values: %v", cf)
	}
	fi, err := os.Stat(cf["private_key_file"])
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key file: %v %v", fi, err)
	}
	stdout, stderr, code := run(t, nil, "--credentials", creds, "--auth", "oauth2-m2m", "query", "SELECT id FROM customer")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "ID\n") || strings.Count(stdout, "\n") < 3 {
		t.Errorf("query output:\n%s", stdout)
	}
	// The same query with TBA (the default when TBA values are set) still works.
	if _, stderr, code := run(t, nil, "--credentials", creds, "query", "SELECT id FROM customer"); code != 0 {
		t.Errorf("TBA: exit %d: %s", code, stderr)
	}
	// config show names the method.
	stdout, _, _ = run(t, nil, "--credentials", creds, "--auth", "oauth2-m2m", "config", "show")
	if !strings.Contains(stdout, "auth") || !strings.Contains(stdout, "oauth2-m2m") {
		t.Errorf("config show:\n%s", stdout)
	}
	// A restlets-only scope cannot run SuiteQL: the error says the token
	// was rejected, not a bad login.
	_, stderr, code = run(t, map[string]string{"NETSUITE_SCOPES": "restlets"}, "--credentials", creds, "--auth", "oauth2-m2m", "query", "SELECT id FROM customer")
	if code == 0 || !strings.Contains(stderr, "rejected the access token") {
		t.Errorf("restlets scope: exit %d: %s", code, stderr)
	}
}
