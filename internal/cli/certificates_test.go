package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/vocab"
)

// TestCertificatesRotateOnEmulator: migrate oauth2 makes an M2M profile;
// auth certificates rotate replaces its certificate through the rotation
// endpoint; the old certificate id is refused afterwards, the profile works
// with the new one, the old key is kept (0600).
func TestCertificatesRotateOnEmulator(t *testing.T) {
	_, cfgPath, env := tbaProfileEmulator(t, "# my profiles\n")
	if stdout, stderr, code := run(t, env, "migrate", "oauth2"); code != 0 {
		t.Fatalf("migrate: exit %d: %s\n%s", code, stderr, stdout)
	}
	load := func() *netsuite.Config {
		cfg, err := netsuite.LoadConfig(netsuite.LoadOptions{Profile: "default-oauth2", ConfigFile: cfgPath, Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	before := load()
	oldID, keyPath := before.CertificateID, before.PrivateKeyFile
	oldKey, _ := os.ReadFile(keyPath)

	stdout, stderr, code := run(t, env, "--profile", "default-oauth2", "auth", "certificates", "list")
	if code != 0 || !strings.Contains(stdout, oldID) || !strings.Contains(stdout, "active (this profile)") {
		t.Fatalf("list: exit %d %s %s", code, stdout, stderr)
	}

	stdout, stderr, code = run(t, env, "--profile", "default-oauth2", "auth", "certificates", "rotate")
	if code != 0 {
		t.Fatalf("rotate: exit %d: %s\n%s", code, stderr, stdout)
	}
	after := load()
	newID := after.CertificateID
	if newID == oldID || after.PrivateKeyFile != keyPath {
		t.Fatalf("profile after rotate: certificate %q (old %q), key %q", newID, oldID, after.PrivateKeyFile)
	}
	for _, w := range []string{"1. Created a ec256 key pair", "2. Set it up: certificate id " + newID, "3. Proved it", "4. Switched profile \"default-oauth2\"", "5. Revoked the old certificate " + oldID} {
		if !strings.Contains(stdout, w) {
			t.Errorf("want %q in\n%s", w, stdout)
		}
	}
	if strings.Contains(stdout, "PRIVATE KEY") {
		t.Error("rotate printed a private key")
	}
	// The old key is kept, renamed, 0600; the config file keeps its comment.
	olds, _ := filepath.Glob(keyPath + ".*.old")
	if len(olds) != 1 {
		t.Fatalf("old keys %v", olds)
	}
	if fi, err := os.Stat(olds[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("old key %v %v", fi, err)
	}
	if b, _ := os.ReadFile(olds[0]); string(b) != string(oldKey) {
		t.Error("the old key file is not the old key")
	}
	if fi, _ := os.Stat(keyPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("new key mode %v", fi.Mode())
	}
	if b, _ := os.ReadFile(cfgPath); !strings.HasPrefix(string(b), "# my profiles\n") {
		t.Errorf("config file rewritten:\n%s", b)
	}
	// The new certificate works; the old one is refused.
	if stdout, stderr, code := run(t, env, "--profile", "default-oauth2", "query", "SELECT id FROM customer"); code != 0 || !strings.HasPrefix(stdout, "ID\n") {
		t.Errorf("query with the new certificate: exit %d %s %s", code, stdout, stderr)
	}
	_, stderr, code = run(t, env, "--profile", "default-oauth2", "--certificate-id", oldID, "--private-key-file", olds[0], "query", "SELECT id FROM customer")
	if code == 0 || !strings.Contains(stderr, "invalid_client") {
		t.Errorf("old certificate after rotate: exit %d %s", code, stderr)
	}
	stdout, _, _ = run(t, env, "--profile", "default-oauth2", "auth", "certificates", "list")
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, oldID) && !strings.Contains(l, "revoked") || strings.HasPrefix(l, newID) && !strings.Contains(l, "active (this profile)") {
			t.Errorf("list after rotate:\n%s", stdout)
		}
	}
	// Revoking an unknown certificate fails with NetSuite's error.
	if _, stderr, code := run(t, env, "--profile", "default-oauth2", "auth", "certificates", "revoke", "nosuchcert"); code == 0 || !strings.Contains(stderr, "NONEXISTENT_ID") {
		t.Errorf("revoke unknown: exit %d %s", code, stderr)
	}
	// add: a certificate file (role and entity those of the profile's
	// certificate); a private key file is refused before sending.
	k, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	pemCert, _ := oauth2.SelfSignedCertificate(k, "t", time.Now(), 0)
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	os.WriteFile(certFile, pemCert, 0o644)
	if stdout, stderr, code := run(t, env, "--profile", "default-oauth2", "auth", "certificates", "add", certFile); code != 0 || !strings.HasPrefix(stdout, "certificate id ") || !strings.Contains(stdout, "EC 256") {
		t.Errorf("add: exit %d %s %s", code, stdout, stderr)
	}
	if _, stderr, code := run(t, env, "--profile", "default-oauth2", "auth", "certificates", "add", keyPath); code == 0 || !strings.Contains(stderr, "private key") {
		t.Errorf("add a key file: exit %d %s", code, stderr)
	}
	// A TBA profile is told to use an OAuth 2.0 one.
	if _, stderr, code := run(t, env, "auth", "certificates", "list"); code == 0 || !strings.Contains(stderr, "oauth2-m2m profile") {
		t.Errorf("TBA profile: exit %d %s", code, stderr)
	}
}

func TestSetProfileValue(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(p, []byte("# top\n[a]\ncertificate_id = \"x\" # old\n\n[\"b-c\"]\naccount = \"1\"\n[d]\ncertificate_id = \"keep\"\n"), 0o600)
	if err := setProfileValue(p, "b-c", "certificate_id", "new"); err != nil {
		t.Fatal(err)
	}
	if err := setProfileValue(p, "a", "certificate_id", "y"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	want := "# top\n[a]\ncertificate_id = \"y\"\n\n[\"b-c\"]\ncertificate_id = \"new\"\naccount = \"1\"\n[d]\ncertificate_id = \"keep\"\n"
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if err := setProfileValue(p, "nope", "certificate_id", "z"); err == nil {
		t.Error("missing profile accepted")
	}
}

// TestOAuth2AuthCheckLoginPermission: the doctor names the missing "Log in
// using OAuth 2.0 Access Tokens" permission, and the command that grants it
// on the emulator.
func TestOAuth2AuthCheckLoginPermission(t *testing.T) {
	emu, creds, env := m2mEmulator(t)
	role := emu.Guide.RoleName
	if _, err := emu.Store().SetPermission(context.Background(), role, vocab.PermLoginUsingOAuth2, vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := run(t, env, "--credentials", creds, "auth", "check")
	for _, w := range []string{"invalid_grant", `role "` + role + `" lacks the 'Log in using OAuth 2.0 Access Tokens' permission`,
		"Permissions > Setup", `sim admin role set-permission "` + role + `" "Log in using OAuth 2.0 Access Tokens" Full`} {
		if code != 1 || !strings.Contains(stdout, w) {
			t.Errorf("exit %d, want %q in\n%s", code, w, stdout)
		}
	}
}
