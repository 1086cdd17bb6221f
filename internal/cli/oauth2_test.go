package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim"
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

// tbaProfileEmulator starts a demo emulator and writes its TBA values as
// the default profile of a config file (header first: comments to keep);
// env points XDG_CONFIG_HOME at it.
func tbaProfileEmulator(t *testing.T, header string) (*sim.Emulator, string, map[string]string) {
	t.Helper()
	emu, err := sim.Start(context.Background(), sim.Config{Demo: true, Provision: true, DemoSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	xdg := t.TempDir()
	cfgPath := filepath.Join(xdg, "netsuite", "config.toml")
	os.MkdirAll(filepath.Dir(cfgPath), 0o700)
	c := emu.Credentials
	prof := header + fmt.Sprintf("[default]\naccount = %q\nconsumer_key = %q\nconsumer_secret = %q\ntoken_id = %q\ntoken_secret = %q\nbase_url = %q\n",
		c.Account, c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal(), emu.URL)
	if err := os.WriteFile(cfgPath, []byte(prof), 0o600); err != nil {
		t.Fatal(err)
	}
	return emu, cfgPath, map[string]string{"XDG_CONFIG_HOME": xdg}
}

// TestMigrateOAuth2OnEmulator: "netsuite migrate oauth2" on a TBA profile
// pointing at the emulator creates the key pair and certificate, maps it,
// writes the new profile, proves it with a query; the new profile then
// runs queries and the TBA profile still works.
func TestMigrateOAuth2OnEmulator(t *testing.T) {
	emu, _, env := tbaProfileEmulator(t, "")
	c, xdg := emu.Credentials, env["XDG_CONFIG_HOME"]
	stdout, stderr, code := run(t, env, "migrate", "oauth2")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	for _, w := range []string{"CLIENT CREDENTIALS (MACHINE TO MACHINE) GRANT", "The emulator did a-d itself", `Wrote profile "default-oauth2"`, "Proved it: SELECT id FROM customer answered 5 rows"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("want %q in\n%s", w, stdout)
		}
	}
	if strings.Contains(stdout, c.ConsumerSecret.Reveal()) || strings.Contains(stdout, c.TokenSecret.Reveal()) {
		t.Error("migrate printed a secret")
	}
	key := filepath.Join(xdg, "netsuite", "oauth2-default-oauth2-key.pem")
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file %v %v", fi, err)
	}
	if stdout, stderr, code := run(t, env, "--profile", "default-oauth2", "query", "SELECT id FROM customer"); code != 0 || !strings.HasPrefix(stdout, "ID\n") {
		t.Errorf("new profile: exit %d %s %s", code, stdout, stderr)
	}
	if _, stderr, code := run(t, env, "query", "SELECT id FROM customer"); code != 0 {
		t.Errorf("TBA profile: exit %d %s", code, stderr)
	}
	if stdout, _, code := run(t, env, "--profile", "default-oauth2", "auth", "check"); code != 0 || !strings.Contains(stdout, "NetSuite OAuth 2.0 check") {
		t.Errorf("auth check of the new profile: exit %d\n%s", code, stdout)
	}
	// Running it again refuses to overwrite.
	if _, stderr, code := run(t, env, "migrate", "oauth2"); code == 0 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second run: exit %d %s", code, stderr)
	}
}

// TestConfigShowOAuth2 names the method and what it misses; an OAuth 2.0
// profile used for a TBA-only tool says SOAP/TBA values are missing.
func TestConfigShowOAuth2(t *testing.T) {
	env := map[string]string{"NETSUITE_AUTH": "oauth2-m2m", "NETSUITE_ACCOUNT": "1234567", "NETSUITE_CLIENT_ID": strings.Repeat("ab", 32)}
	stdout, _, code := run(t, env, "config", "show")
	for _, w := range []string{"authentication: oauth2-m2m (OAuth 2.0 client credentials; from env NETSUITE_AUTH); SOAP needs TBA values",
		"OAuth 2.0 certificate id is not set: set NETSUITE_CERTIFICATE_ID", "private key file is not set"} {
		if code != 1 || !strings.Contains(stdout, w) {
			t.Errorf("exit %d (want 1: problems listed); want %q in\n%s", code, w, stdout)
		}
	}
	if strings.Contains(stdout, "consumer key is not set") {
		t.Errorf("an OAuth 2.0 profile does not need TBA values:\n%s", stdout)
	}
	stdout, _, _ = run(t, map[string]string{"NETSUITE_ACCOUNT": "1234567"}, "config", "show")
	if !strings.Contains(stdout, "authentication: tba (Token-Based Authentication; default)") {
		t.Errorf("default method:\n%s", stdout)
	}
	_, stderr, code := run(t, map[string]string{"NETSUITE_AUTH": "oauth2", "NETSUITE_ACCOUNT": "1234567"}, "query", "SELECT 1 FROM dual")
	if code == 0 || !strings.Contains(stderr, `is "oauth2", not tba, oauth2-m2m or oauth2-code`) {
		t.Errorf("unknown method: exit %d %s", code, stderr)
	}
}

// TestSimRelease2027: with --release 2027.1 the provisioned (existing) TBA
// integration keeps working and a new TBA integration is refused.
func TestSimRelease2027(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 100, Release: "2027.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	c := emu.Credentials
	creds := filepath.Join(t.TempDir(), "creds.json")
	if err := writeCredentialsFile(creds, credentialsFile{c.Account, c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal(), emu.URL}); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, nil, "--credentials", creds, "query", "SELECT id FROM customer"); code != 0 {
		t.Errorf("existing TBA integration: exit %d %s", code, stderr)
	}
	_, stderr, code := run(t, nil, "sim", "admin", "--url", emu.URL, "integration", "create", "--name", "New in 2027.1")
	if code == 0 || !strings.Contains(stderr, "As of NetSuite 2027.1, no new integrations using Token-Based Authentication can be created") {
		t.Errorf("new TBA integration: exit %d %s", code, stderr)
	}
}
