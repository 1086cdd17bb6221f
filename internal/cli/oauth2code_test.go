package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/store"
)

// offsetClock is the emulator's clock: real time plus a settable offset.
type offsetClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *offsetClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return time.Now().Add(c.off) }
func (c *offsetClock) Set(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = d
}

type codeEnv struct {
	emu   *sim.Emulator
	creds string // credentials file (sim serve --credentials-out's)
	env   map[string]string
	clock *offsetClock
}

// codeEmulator starts a provisioned emulator (the demo integration is a
// confidential authorization code client; public turns it public) and
// writes its credentials file as sim serve --credentials-out does.
func codeEmulator(t *testing.T, public bool) *codeEnv {
	t.Helper()
	clock := &offsetClock{}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 100, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if emu.Code == nil || emu.Code.RedirectURI != sim.DemoRedirectURI {
		t.Fatalf("no authorization code set-up provisioned: %+v", emu.Code)
	}
	if public {
		ctx := context.Background()
		oc, err := emu.Store().OAuth2Client(ctx, store.GuideIntegrationName)
		if err != nil {
			t.Fatal(err)
		}
		oc.Public, oc.ClientCredentials = true, false // NetSuite: a public client has no client credentials grant
		if _, err := emu.Store().SetOAuth2Client(ctx, store.GuideIntegrationName, oc); err != nil {
			t.Fatal(err)
		}
	}
	c := emu.Credentials
	path := filepath.Join(t.TempDir(), "creds.json")
	cf := credentialsFileM2M{credentialsFile: credentialsFile{c.Account, c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal(), emu.URL},
		ClientID: emu.Code.ClientID, RedirectURI: emu.Code.RedirectURI}
	if !public {
		cf.ClientSecret = emu.Code.ClientSecret.Reveal()
	}
	if err := writeCredentialsFile(path, cf); err != nil {
		t.Fatal(err)
	}
	return &codeEnv{emu: emu, creds: path, env: map[string]string{"NETSUITE_AUTH": "oauth2-code"}, clock: clock}
}

func (c *codeEnv) run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return run(t, c.env, append([]string{"--credentials", c.creds}, args...)...)
}

func (c *codeEnv) tokenPath() string {
	return strings.TrimSuffix(c.creds, ".json") + "-oauth2-code.token"
}

// stored reads the token file.
func (c *codeEnv) stored(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(c.tokenPath())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// expireAccess makes the stored access token look expired to the client.
func (c *codeEnv) expireAccess(t *testing.T) {
	t.Helper()
	m := c.stored(t)
	m["expiry"] = time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	b, _ := json.Marshal(m)
	if err := os.WriteFile(c.tokenPath(), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// browse is the user's browser: it opens the authorize URL and returns
// the URL NetSuite redirected to (the emulator consents at once).
func browse(t *testing.T, authorize string) string {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(strings.TrimSpace(authorize))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, sim.DemoRedirectURI+"?") {
		t.Fatalf("authorize: %d %q", resp.StatusCode, loc)
	}
	return loc
}

// login runs auth login --print-url, the browser, auth login --redirect-url.
func (c *codeEnv) login(t *testing.T) (outs []string) {
	t.Helper()
	stdout, stderr, code := c.run(t, "auth", "login", "--print-url")
	if code != 0 || !strings.Contains(stdout, "code_challenge_method=S256") {
		t.Fatalf("print-url: exit %d\n%s%s", code, stdout, stderr)
	}
	loc := browse(t, stdout)
	out2, err2, code := c.run(t, "auth", "login", "--redirect-url", loc)
	if code != 0 || !strings.Contains(out2, "Logged in") {
		t.Fatalf("login: exit %d\n%s%s", code, out2, err2)
	}
	return []string{stdout, stderr, out2, err2}
}

func (c *codeEnv) query(t *testing.T, env ...string) (string, string) {
	t.Helper()
	stdout, stderr, code := c.run(t, append(env, "query", "SELECT id FROM customer")...)
	if code != 0 || !strings.HasPrefix(stdout, "ID\n") {
		t.Fatalf("query: exit %d\n%s%s", code, stdout, stderr)
	}
	return stdout, stderr
}

// refreshAt posts a refresh grant straight to the emulator.
func (c *codeEnv) refreshAt(t *testing.T, rt string, public bool) (int, string) {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
	if public {
		form.Set("client_id", c.emu.Code.ClientID)
	}
	req, _ := http.NewRequest("POST", c.emu.URL+"/services/rest/auth/oauth2/v1/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !public {
		req.SetBasicAuth(c.emu.Code.ClientID, c.emu.Code.ClientSecret.Reveal())
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestOAuth2CodeLoginEndToEnd: auth login --print-url / --redirect-url,
// the token file 0600 beside the credentials file, queries with the
// stored token, auth check, and no token or secret in any output (debug
// logs included).
func TestOAuth2CodeLoginEndToEnd(t *testing.T) {
	c := codeEmulator(t, false)
	// Before a login: the command says to log in.
	_, stderr, code := c.run(t, "query", "SELECT id FROM customer")
	if code == 0 || !strings.Contains(stderr, `run "netsuite auth login" again (with --credentials `+c.creds+")") {
		t.Errorf("before login: exit %d %s", code, stderr)
	}
	outs := c.login(t)
	fi, err := os.Stat(c.tokenPath())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	m := c.stored(t)
	rt, at := m["refresh_token"].(string), m["access_token"].(string)
	if rt == "" || at == "" || m["client_id"] != c.emu.Code.ClientID {
		t.Fatalf("stored: %v", m)
	}
	o, e := c.query(t, "--debug")
	outs = append(outs, o, e)
	c.expireAccess(t) // near expiry: the next command refreshes
	o, e = c.query(t, "--debug", "-v")
	outs = append(outs, o, e)
	if m2 := c.stored(t); m2["access_token"] == at || m2["refresh_token"] != rt {
		t.Errorf("confidential refresh: a new access token, the same refresh token expected")
	}
	o, e, code = c.run(t, "auth", "check")
	if code != 0 || !strings.Contains(o, "refresh token is valid until") || !strings.Contains(o, "governanceLimits answered 200") {
		t.Errorf("auth check: exit %d\n%s%s", code, o, e)
	}
	outs = append(outs, o, e)
	o, e, _ = c.run(t, "config", "show")
	if !strings.Contains(o, "client_secret") || !strings.Contains(o, "redirect_uri") {
		t.Errorf("config show:\n%s", o)
	}
	outs = append(outs, o, e)
	all := strings.Join(outs, "\n")
	m = c.stored(t)
	for name, secret := range map[string]string{"refresh token": rt, "first access token": at, "access token": m["access_token"].(string),
		"client secret": c.emu.Code.ClientSecret.Reveal()} {
		if strings.Contains(all, secret) {
			t.Errorf("the %s appears in the output", name)
		}
	}
	// The paste path: auth login reads the redirect from stdin.
	pr, pw := io.Pipe()
	or, ow := io.Pipe()
	done := make(chan int, 1)
	xdg := t.TempDir()
	go func() {
		code := Main([]string{"--credentials", c.creds, "auth", "login"}, pr, ow, io.Discard,
			func(k string) string {
				return map[string]string{"NETSUITE_AUTH": "oauth2-code", "XDG_CONFIG_HOME": xdg}[k]
			})
		ow.Close()
		done <- code
	}()
	sc := bufio.NewScanner(or)
	var rest strings.Builder
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "http") {
			loc := browse(t, line)
			go fmt.Fprintln(pw, loc) // io.Pipe is synchronous: Main reads it after its prompt
		}
		rest.WriteString(sc.Text() + "\n")
	}
	if code := <-done; code != 0 || !strings.Contains(rest.String(), "Logged in") {
		t.Errorf("paste login: exit %d\n%s", code, rest.String())
	}
	if m3 := c.stored(t); m3["refresh_token"] == rt {
		t.Errorf("the paste login did not store its own tokens")
	}
}

// TestOAuth2CodeStateMismatch: a redirect whose state differs is refused
// and nothing is stored.
func TestOAuth2CodeStateMismatch(t *testing.T) {
	c := codeEmulator(t, false)
	stdout, _, _ := c.run(t, "auth", "login", "--print-url")
	loc, _ := url.Parse(browse(t, stdout))
	q := loc.Query()
	q.Set("state", "a-forged-state-of-enough-characters")
	loc.RawQuery = q.Encode()
	_, stderr, code := c.run(t, "auth", "login", "--redirect-url", loc.String())
	if code == 0 || !strings.Contains(stderr, "state does not match") || !strings.Contains(stderr, "nothing was stored") {
		t.Errorf("state mismatch: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(c.tokenPath()); !os.IsNotExist(err) {
		t.Errorf("a token file exists after a refused login: %v", err)
	}
	// --redirect-url without a login in progress (another profile's file).
	other := filepath.Join(t.TempDir(), "creds.json")
	if b, err := os.ReadFile(c.creds); err != nil || os.WriteFile(other, b, 0o600) != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, c.env, "--credentials", other, "auth", "login", "--redirect-url", loc.String())
	if code == 0 || !strings.Contains(stderr, "no login is in progress") {
		t.Errorf("no pending: exit %d %s", code, stderr)
	}
	// An authorize URL pasted by mistake.
	_, stderr, code = c.run(t, "auth", "login", "--redirect-url", strings.TrimSpace(stdout))
	if code == 0 || !strings.Contains(stderr, "no code=") {
		t.Errorf("authorize URL pasted: exit %d %s", code, stderr)
	}
}

// TestOAuth2CodePublicRotation: a public client's refresh token rotates on
// every refresh; the CLI stores each new one, and the emulator refuses the
// spent ones.
func TestOAuth2CodePublicRotation(t *testing.T) {
	c := codeEmulator(t, true)
	c.login(t)
	rt1 := c.stored(t)["refresh_token"].(string)
	c.expireAccess(t)
	c.query(t)
	rt2 := c.stored(t)["refresh_token"].(string)
	c.expireAccess(t)
	c.query(t)
	rt3 := c.stored(t)["refresh_token"].(string)
	if rt1 == rt2 || rt2 == rt3 || rt1 == rt3 {
		t.Fatal("the refresh token did not rotate")
	}
	for i, rt := range []string{rt1, rt2} {
		if status, body := c.refreshAt(t, rt, true); status != 400 || !strings.Contains(body, "invalid_grant") {
			t.Errorf("spent refresh token %d: %d %s", i+1, status, body)
		}
	}
	// The chain goes on with the stored one.
	c.expireAccess(t)
	c.query(t)
	// The spent one stored by mistake (another login rotated it away): the
	// command says to log in again and why.
	m := c.stored(t)
	m["refresh_token"], m["expiry"] = rt1, time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	b, _ := json.Marshal(m)
	os.WriteFile(c.tokenPath(), b, 0o600)
	_, stderr, code := c.run(t, "query", "SELECT id FROM customer")
	if code == 0 || !strings.Contains(stderr, "already used") || !strings.Contains(stderr, `run "netsuite auth login" again`) {
		t.Errorf("spent refresh token: exit %d %s", code, stderr)
	}
	// The doctor tries it too: rotated away, not merely "stored".
	stdout, _, code := c.run(t, "auth", "check")
	if code != 1 || !strings.Contains(stdout, "NetSuite refused the refresh token") || !strings.Contains(stdout, "already used") ||
		!strings.Contains(stdout, "netsuite auth login") {
		t.Errorf("auth check with a rotated-away refresh token: exit %d\n%s", code, stdout)
	}
}

// TestOAuth2CodeExpiredTokens: NetSuite's clock past the access token's
// exp while this machine's says it is valid: the 401 is retried once with
// a refreshed token, and the command succeeds. When the refresh token has
// expired too (a login eight days ago): the command says
// to log in again and why, not that the login was bad.
func TestOAuth2CodeExpiredTokens(t *testing.T) {
	c := codeEmulator(t, false)
	c.login(t)
	at := c.stored(t)["access_token"]
	c.clock.Set(2 * time.Hour) // NetSuite: the access token expired an hour ago
	if _, stderr, code := c.run(t, "query", "SELECT id FROM customer"); code != 0 {
		t.Fatalf("an access token NetSuite finds expired: exit %d %s", code, stderr)
	}
	if c.stored(t)["access_token"] == at {
		t.Errorf("the refreshed access token was not stored")
	}
	c.clock.Set(-8 * 24 * time.Hour) // a login eight days ago: both tokens have expired
	c.login(t)
	c.clock.Set(0)
	_, stderr, code := c.run(t, "query", "SELECT id FROM customer")
	if code == 0 || !strings.Contains(stderr, "the refresh token expired at") || !strings.Contains(stderr, `run "netsuite auth login" again`) ||
		strings.Contains(stderr, "NetSuite refused the login") {
		t.Errorf("expired refresh token: exit %d %s", code, stderr)
	}
	stdout, _, code := c.run(t, "auth", "check")
	if code != 1 || !strings.Contains(stdout, "RefreshTokenExpired") {
		t.Errorf("auth check: exit %d\n%s", code, stdout)
	}
}

// TestOAuth2CodeLogout: logout revokes the refresh token at the emulator
// (a later refresh fails) and deletes the file.
func TestOAuth2CodeLogout(t *testing.T) {
	c := codeEmulator(t, false)
	c.login(t)
	rt := c.stored(t)["refresh_token"].(string)
	stdout, stderr, code := c.run(t, "auth", "logout")
	if code != 0 || !strings.Contains(stdout, "revoked") {
		t.Fatalf("logout: exit %d %s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(c.tokenPath()); !os.IsNotExist(err) {
		t.Errorf("token file after logout: %v", err)
	}
	if status, body := c.refreshAt(t, rt, false); status != 400 || !strings.Contains(body, "invalid_grant") {
		t.Errorf("refresh after logout: %d %s", status, body)
	}
	if a := c.emu.Store(); a != nil {
		rows, err := a.Audit(context.Background(), store.AuditFilter{Limit: 1})
		if err != nil || len(rows) == 0 || rows[0].Detail != "RefreshTokenRevoked" {
			t.Errorf("audit after refresh: %+v %v", rows, err)
		}
	}
	stdout, _, code = c.run(t, "auth", "logout")
	if code != 0 || !strings.Contains(stdout, "Not logged in") {
		t.Errorf("second logout: exit %d %s", code, stdout)
	}
}

// TestOAuth2CodeConcurrentRefresh: a public client (single-use refresh
// tokens); two processes and four goroutines (each its own CLI run, so
// its own token source) find the access token expired at once. The file
// lock makes one refresh and the others use its token: every command
// succeeds and the chain still works afterwards.
func TestOAuth2CodeConcurrentRefresh(t *testing.T) {
	c := codeEmulator(t, true)
	c.login(t)
	c.expireAccess(t)
	rt := c.stored(t)["refresh_token"].(string)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "--credentials", c.creds, "query", "SELECT id FROM customer")
			cmd.Env = append(os.Environ(), runCLIEnv+"=1", "XDG_CONFIG_HOME="+t.TempDir(), "NETSUITE_AUTH=oauth2-code")
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Sprintf("process: %v\n%s", err, out)
			}
		}()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if stdout, stderr, code := c.run(t, "query", "SELECT id FROM customer"); code != 0 {
				errs <- fmt.Sprintf("goroutine: exit %d %s%s", code, stdout, stderr)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if c.stored(t)["refresh_token"] == rt {
		t.Error("nobody refreshed")
	}
	c.expireAccess(t)
	c.query(t)
}

// TestDemoOAuth2: netsuite demo --oauth2 runs the move end to end.
func TestDemoOAuth2(t *testing.T) {
	stdout, stderr, code := run(t, nil, "demo", "--oauth2", "--demo-size", "200")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, w := range []string{"Proved it: SELECT id FROM customer answered", "Step 14.", "Logged in.", "Step 15.", "Logged out: the refresh token was revoked",
		`run "netsuite auth login" again`} {
		if !strings.Contains(stdout, w) {
			t.Errorf("want %q in\n%s", w, stdout)
		}
	}
}
