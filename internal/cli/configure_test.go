package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/go-netsuite/netsuite/sim"
)

// TestConfigure: scripted answers write a working profile — the other
// profile and the comments kept, the file 0600 — and the auth check that
// follows passes against the emulator.
func TestConfigure(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	c := emu.Credentials
	dir := t.TempDir()
	path := filepath.Join(dir, "netsuite", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	before := "# my NetSuite profiles\n[prod]\naccount = \"7654321\" # production\n\n[emu]\n# the emulator\nbase_url = \"" + emu.URL + "\"\naccount = \"999\"\n"
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	answers := strings.Join([]string{"", c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal()}, "\n") + "\n"
	run := func(stdin string, args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := Main(args, strings.NewReader(stdin), &out, &errb, func(k string) string {
			return map[string]string{"XDG_CONFIG_HOME": dir}[k]
		})
		return out.String(), errb.String(), code
	}
	// The account id typed wrong: refused, nothing written.
	if _, stderr, code := run("not an account!\n", "configure", "--profile", "emu"); code == 0 || !strings.Contains(stderr, "account is not valid") {
		t.Fatalf("a bad account id: exit %d %q", code, stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != before {
		t.Fatalf("the file changed after a refused run:\n%s", b)
	}
	// Enter keeps the profile's account ("999")? No: give the emulator's.
	answers = c.Account + answers[strings.Index(answers, "\n"):]
	stdout, stderr, code := run(answers, "configure", "--profile", "emu")
	if code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if strings.Contains(stderr, c.TokenSecret.Reveal()) || strings.Contains(stdout, c.TokenSecret.Reveal()) {
		t.Error("a secret was echoed")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{"# my NetSuite profiles", "[prod]", `account = "7654321" # production`, "# the emulator",
		`base_url = "` + emu.URL + `"`, `account = "` + c.Account + `"`, `token_id = "` + c.TokenID + `"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the file lacks %q:\n%s", want, got)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(stdout, "REST token login") {
		t.Errorf("auth check did not run:\n%s", stdout)
	}
	// Non-interactive with flags, a new profile appended.
	_, stderr, code = run("", "--account", c.Account, "--consumer-key", c.ConsumerKey, "--consumer-secret", c.ConsumerSecret.Reveal(),
		"--token-id", c.TokenID, "--token-secret", c.TokenSecret.Reveal(), "configure", "--profile", "ci", "--no-check")
	if code != 0 {
		t.Fatalf("with flags: exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "[ci]") || !strings.Contains(string(b), "[prod]") {
		t.Errorf("profile ci not appended:\n%s", b)
	}
}

// TestConfigureOAuth2: --auth oauth2-m2m asks for the client credentials
// values, writes auth = "oauth2-m2m" and the check that follows gets a
// token from the emulator; --auth oauth2-code asks for the code-flow
// values (Enter for no client secret: a public client), refuses an http
// redirect URI, and says to log in next.
func TestConfigureOAuth2(t *testing.T) {
	emu, credsPath, _ := m2mEmulator(t)
	var cf credentialsFileM2M
	if b, err := os.ReadFile(credsPath); err != nil || json.Unmarshal(b, &cf) != nil {
		t.Fatalf("reading %s: %v", credsPath, err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "netsuite", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte("[m2m]\nbase_url = \""+emu.URL+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(stdin string, args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := Main(args, strings.NewReader(stdin), &out, &errb, func(k string) string {
			return map[string]string{"XDG_CONFIG_HOME": dir}[k]
		})
		return out.String(), errb.String(), code
	}
	// The key file typed relative to the current directory is kept absolute.
	t.Chdir(filepath.Dir(cf.PrivateKeyFile))
	answers := strings.Join([]string{cf.Account, cf.ClientID, cf.CertificateID, filepath.Base(cf.PrivateKeyFile), ""}, "\n") + "\n"
	stdout, stderr, code := run(answers, "--auth", "oauth2-m2m", "configure", "--profile", "m2m")
	if code != 0 || !strings.Contains(stdout, "token request (client credentials)") {
		t.Fatalf("m2m: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `private_key_file = "`+cf.PrivateKeyFile+`"`) {
		t.Errorf("the key file is not kept as an absolute path:\n%s", b)
	}
	for _, want := range []string{`auth = "oauth2-m2m"`, `client_id = "` + cf.ClientID + `"`, `certificate_id = "` + cf.CertificateID + `"`, `scopes = "rest_webservices"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the file lacks %q:\n%s", want, b)
		}
	}
	// The saved profile is read back as an M2M profile.
	if stdout, stderr, code := run("", "--profile", "m2m", "auth", "check"); code != 0 || !strings.Contains(stdout, "governanceLimits answered 200") {
		t.Errorf("auth check with the configured profile: exit %d\n%s%s", code, stdout, stderr)
	}

	// oauth2-code: an http redirect URI is refused (no terminal: an error).
	_, stderr, code = run(strings.Join([]string{cf.Account, cf.ClientID, "", "http://localhost/cb", ""}, "\n")+"\n",
		"--auth", "oauth2-code", "configure", "--profile", "code")
	if code == 0 || !strings.Contains(stderr, "redirect_uri") {
		t.Errorf("http redirect URI: exit %d %s", code, stderr)
	}
	_, stderr, code = run(strings.Join([]string{cf.Account, cf.ClientID, "", "https://localhost/cb", "rest_webservices,restlets"}, "\n")+"\n",
		"--auth", "oauth2-code", "configure", "--profile", "code")
	if code != 0 || !strings.Contains(stderr, "auth login") {
		t.Fatalf("code: exit %d %s", code, stderr)
	}
	// "-" removes the secret: the confidential client becomes a public one.
	if _, stderr, code := run(strings.Join([]string{"", "", "s3cret", "", ""}, "\n")+"\n", "--auth", "oauth2-code", "configure", "--profile", "code"); code != 0 {
		t.Fatalf("setting a secret: exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), `client_secret = "s3cret"`) {
		t.Fatalf("the secret was not written:\n%s", b)
	}
	if _, stderr, code := run(strings.Join([]string{"", "", "-", "", ""}, "\n")+"\n", "--auth", "oauth2-code", "configure", "--profile", "code"); code != 0 {
		t.Fatalf("removing the secret: exit %d %s", code, stderr)
	}
	b, _ = os.ReadFile(path)
	for _, want := range []string{`[code]`, `auth = "oauth2-code"`, `client_secret = ""`, `redirect_uri = "https://localhost/cb"`, `scopes = "rest_webservices,restlets"`, "[m2m]"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the file lacks %q:\n%s", want, b)
		}
	}
}

// TestTOMLString: every string round-trips through the TOML parser,
// control characters included (strconv.Quote's \x escapes do not).
func TestTOMLString(t *testing.T) {
	for _, s := range []string{"", "plain", `back\slash "quoted"`, "tab\tnew\nline", "bell\x07del\x7f", "ünïcode ✓", `C:\keys\k.pem`} {
		var got map[string]string
		if err := toml.Unmarshal([]byte("v = "+tomlString(s)), &got); err != nil || got["v"] != s {
			t.Errorf("tomlString(%q) = %s: parsed back %q, %v", s, tomlString(s), got["v"], err)
		}
	}
}
