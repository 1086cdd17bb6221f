package netsuite

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/auth"
)

const (
	ck  = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4"
	cs  = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5"
	tid = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc"
	ts  = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
)

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeConfig(t *testing.T, mode os.FileMode, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoProfiles = `
[default]
account = "1234567"
consumer_key = "` + ck + `"
consumer_secret = "` + cs + `"
token_id = "` + tid + `"
token_secret = "` + ts + `"

[sandbox]
account = "1234567_SB1"
token_id = "` + tid + `"
base_url = "http://127.0.0.1:9999"
`

func TestLoadConfigChain(t *testing.T) {
	file := writeConfig(t, 0o600, twoProfiles)
	tests := []struct {
		name    string
		opts    LoadOptions
		env     map[string]string
		account string
		sources map[string]string
		baseURL string
	}{
		{
			name:    "profile only",
			opts:    LoadOptions{ConfigFile: file},
			account: "1234567",
			sources: map[string]string{"account": `profile "default" in ` + file, "token_secret": `profile "default" in ` + file},
		},
		{
			name:    "env beats profile",
			opts:    LoadOptions{ConfigFile: file},
			env:     map[string]string{EnvAccount: "7654321_SB2"},
			account: "7654321_SB2",
			sources: map[string]string{"account": "env NETSUITE_ACCOUNT", "consumer_key": `profile "default" in ` + file},
		},
		{
			name:    "explicit beats env",
			opts:    LoadOptions{ConfigFile: file, Explicit: Values{Account: "111"}, ExplicitSource: "flag"},
			env:     map[string]string{EnvAccount: "7654321_SB2"},
			account: "111",
			sources: map[string]string{"account": "flag --account"},
		},
		{
			name:    "profile from env",
			opts:    LoadOptions{ConfigFile: file},
			env:     map[string]string{EnvProfile: "sandbox"},
			account: "1234567_SB1",
			baseURL: "http://127.0.0.1:9999",
			sources: map[string]string{"base_url": `profile "sandbox" in ` + file, "consumer_key": ""},
		},
		{
			name:    "profile option beats env",
			opts:    LoadOptions{ConfigFile: file, Profile: "default"},
			env:     map[string]string{EnvProfile: "sandbox"},
			account: "1234567",
		},
		{
			name:    "config file from env",
			env:     map[string]string{EnvConfigFile: file},
			account: "1234567",
		},
		{
			name:    "XDG_CONFIG_HOME",
			env:     map[string]string{"XDG_CONFIG_HOME": filepath.Dir(filepath.Dir(xdgFile(t)))},
			account: "999",
		},
		{
			name:    "no file at the default path is fine",
			env:     map[string]string{"XDG_CONFIG_HOME": t.TempDir(), EnvAccount: "5"},
			account: "5",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Getenv = envFrom(tt.env)
			c, err := LoadConfig(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if c.Account != tt.account || c.BaseURL != tt.baseURL {
				t.Errorf("account %q base %q, want %q %q", c.Account, c.BaseURL, tt.account, tt.baseURL)
			}
			for k, want := range tt.sources {
				if got := c.Sources[k]; got != want {
					t.Errorf("source of %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// xdgFile writes a config under a fresh XDG_CONFIG_HOME and returns its path.
func xdgFile(t *testing.T) string {
	dir := t.TempDir()
	p := filepath.Join(dir, "netsuite", "config.toml")
	os.MkdirAll(filepath.Dir(p), 0o700)
	os.WriteFile(p, []byte("[default]\naccount = \"999\"\n"), 0o600)
	return p
}

func TestLoadConfigFileErrors(t *testing.T) {
	tests := []struct {
		name, body, profile, want string
	}{
		{"unknown key", "[default]\nconsumer_keys = \"x\"\n", "", "unknown key"},
		{"syntax", "[default\naccount = 1\n", "", "config.toml:1"},
		{"missing profile", twoProfiles, "prod", `no profile "prod"; it has profiles "default", "sandbox"`},
		{"wrong type", "[default]\naccount = 1234567\n", "", "config.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeConfig(t, 0o600, tt.body)
			_, err := LoadConfig(LoadOptions{ConfigFile: f, Profile: tt.profile, Getenv: envFrom(nil)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := LoadConfig(LoadOptions{ConfigFile: "/nonexistent/x.toml", Getenv: envFrom(nil)}); err == nil {
		t.Error("a named config file that does not exist must be an error")
	}
	if _, err := LoadConfig(LoadOptions{Profile: "prod", Getenv: envFrom(map[string]string{"XDG_CONFIG_HOME": t.TempDir()})}); err == nil {
		t.Error("a named profile without a config file must be an error")
	}
}

func TestConfigFilePermissionWarning(t *testing.T) {
	for _, tt := range []struct {
		mode os.FileMode
		body string
		warn bool
	}{
		{0o600, twoProfiles, false},
		{0o644, twoProfiles, true},
		{0o640, twoProfiles, true},
		{0o644, "[default]\naccount = \"1\"\n", false}, // no secrets, no warning
	} {
		f := writeConfig(t, tt.mode, tt.body)
		var warnings []string
		_, err := LoadConfig(LoadOptions{ConfigFile: f, Getenv: envFrom(nil), Warn: func(s string) { warnings = append(warnings, s) }})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(warnings) > 0; got != tt.warn {
			t.Errorf("mode %o: warnings %q", tt.mode, warnings)
		}
		if tt.warn && !strings.Contains(warnings[0], "chmod 600 "+f) {
			t.Errorf("warning should say how to fix it: %s", warnings[0])
		}
	}
}

func TestValidate(t *testing.T) {
	good := Values{Account: "1234567_SB1", ConsumerKey: ck, ConsumerSecret: cs, TokenID: tid, TokenSecret: ts}
	tests := []struct {
		name   string
		mutate func(*Values)
		want   []string
	}{
		{"good", func(*Values) {}, nil},
		{"all missing", func(v *Values) { *v = Values{} }, []string{
			"account id is not set: set NETSUITE_ACCOUNT",
			"consumer key is not set: set NETSUITE_CONSUMER_KEY, consumer_key in your config profile, or --consumer-key. It is on the integration record",
			"consumer secret is not set: set NETSUITE_CONSUMER_SECRET",
			"token id is not set: set NETSUITE_TOKEN_ID, token_id in your config profile, or --token-id. It is on the access token",
			"token secret is not set: set NETSUITE_TOKEN_SECRET",
		}},
		{"bad account", func(v *Values) { v.Account = "1234567.app.netsuite.com" }, []string{"account id from env NETSUITE_ACCOUNT is not valid", `did you mean "1234567"`}},
		{"truncated key", func(v *Values) { v.ConsumerKey = ck[:63] }, []string{"consumer key from env NETSUITE_CONSUMER_KEY has 63 characters", "cut short"}},
		{"quoted secret", func(v *Values) { v.TokenSecret = auth.Secret(`"` + ts + `"`) }, []string{"token secret from env NETSUITE_TOKEN_SECRET is wrapped in quotes"}},
		{"newline", func(v *Values) { v.TokenID = tid + "\n" }, []string{"token id from env NETSUITE_TOKEN_ID has spaces or a line break"}},
		{"bad char", func(v *Values) { v.ConsumerSecret = auth.Secret(cs[:10] + "-" + cs[11:]) }, []string{"contains the character '-' at position 11"}},
		{"bad base url", func(v *Values) { v.BaseURL = "ftp://x" }, []string{"base URL from env NETSUITE_BASE_URL must start with http"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := good
			tt.mutate(&v)
			env := map[string]string{EnvAccount: v.Account, EnvConsumerKey: v.ConsumerKey, EnvConsumerSecret: v.ConsumerSecret.Reveal(),
				EnvTokenID: v.TokenID, EnvTokenSecret: v.TokenSecret.Reveal(), EnvBaseURL: v.BaseURL, "XDG_CONFIG_HOME": t.TempDir()}
			c, err := LoadConfig(LoadOptions{Getenv: envFrom(env)})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nshould contain %q", err, w)
				}
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Error("not a *ConfigError")
			}
			for _, s := range []string{cs, ts, cs[11:], ts[1:20]} {
				if strings.Contains(err.Error(), s) {
					t.Fatalf("error leaks a secret: %v", err)
				}
			}
		})
	}
}

// TestNoSecretsInLogsOrErrors drives the client at debug level through a
// success, a server error and failures, and checks that no secret or key
// appears in any log line, error string or printed value.
func TestNoSecretsInLogsOrErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "fail") {
			w.WriteHeader(401)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := NewClient(WithCredentials(auth.Credentials{Account: "1234567_SB1", ConsumerKey: ck, ConsumerSecret: cs, TokenID: tid, TokenSecret: ts}),
		WithBaseURL(srv.URL), WithLogger(log), WithLoadOptions(LoadOptions{Getenv: envFrom(nil)}))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/ok?x=1", "/fail", "/bad?q=%"} {
		resp, err := c.HTTPClient().Get(c.URL(SuiteTalk, p))
		if err != nil {
			fmt.Fprintln(&out, err)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// Unreachable host: the transport error is printed too.
	c2, _ := NewClient(WithConfig(c.Config()), WithLogger(log))
	_ = c2
	bad := &Config{Values: Values{Account: "1234567", ConsumerKey: ck[:20], ConsumerSecret: auth.Secret(cs[:30]), TokenID: tid, TokenSecret: auth.Secret(ts + "!")}, Sources: map[string]string{}}
	_, err = NewClient(WithConfig(bad), WithLogger(log))
	fmt.Fprintln(&out, err)
	fmt.Fprintf(&out, "%v %+v %#v %s\n", c.Config(), c.Config(), c.Config(), c.Config().Values)
	fmt.Fprintf(&out, "%v %+v %#v\n", *c.Config(), c.Config().Values, c.Signer().Credentials())
	log.Debug("config", "cfg", c.Config(), "values", c.Config().Values)
	text := out.String()
	if !strings.Contains(text, "status=200") || !strings.Contains(text, "status=401") {
		t.Fatalf("expected debug request lines, got:\n%s", text)
	}
	for _, s := range []string{cs, ts, ck, tid, cs[:30], ck[:20]} {
		if strings.Contains(text, s) {
			t.Fatalf("secret material %q… leaked:\n%s", s[:8], text)
		}
	}
}

func TestClientDomains(t *testing.T) {
	mk := func(base string) *Client {
		c, err := NewClient(WithCredentials(auth.Credentials{Account: "1234567-sb1", ConsumerKey: ck, ConsumerSecret: cs, TokenID: tid, TokenSecret: ts}),
			WithBaseURL(base), WithLoadOptions(LoadOptions{Getenv: envFrom(map[string]string{"XDG_CONFIG_HOME": t.TempDir()})}))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := mk("")
	if c.Account().ID() != "1234567_SB1" || c.Signer().Realm() != "1234567_SB1" {
		t.Errorf("account %s realm %s", c.Account(), c.Signer().Realm())
	}
	for d, want := range map[Domain]string{
		SuiteTalk: "https://1234567-sb1.suitetalk.api.netsuite.com/x",
		RESTlets:  "https://1234567-sb1.restlets.api.netsuite.com/x",
		System:    "https://1234567-sb1.app.netsuite.com/x",
	} {
		if got := c.URL(d, "x"); got != want {
			t.Errorf("URL(%d) = %s, want %s", d, got, want)
		}
	}
	c = mk("http://127.0.0.1:8080/")
	for _, d := range []Domain{SuiteTalk, RESTlets, System} {
		if got := c.URL(d, "/x"); got != "http://127.0.0.1:8080/x" {
			t.Errorf("override URL(%d) = %s", d, got)
		}
	}
}

// TestClientSignsForItsHost checks end to end that a request made through the
// client verifies on the server with the shared verifier.
func TestClientSignsForItsHost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := auth.ParseAuthorization(r.Header.Get("Authorization"))
		if err == nil && p.Realm != "1234567_SB1" {
			err = fmt.Errorf("realm %q", p.Realm)
		}
		if err == nil {
			err = auth.VerifyOAuth1(r.Method, &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}, p, cs, ts)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	c, err := NewClient(WithCredentials(auth.Credentials{Account: "1234567_sb1", ConsumerKey: ck, ConsumerSecret: cs, TokenID: tid, TokenSecret: ts}),
		WithBaseURL(srv.URL), WithLoadOptions(LoadOptions{Getenv: envFrom(nil)}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.HTTPClient().Post(c.URL(SuiteTalk, "/services/rest/query/v1/suiteql?limit=10&offset=0"), "application/json", strings.NewReader(`{"q":"SELECT 1"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
}

func TestCredentialsFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "creds.json")
	os.WriteFile(p, []byte(`{"account":"TSTDRV1234567","consumer_key":"`+ck+`","consumer_secret":"`+cs+`","token_id":"`+tid+`","token_secret":"`+ts+`","base_url":"http://127.0.0.1:8080"}`), 0o644)
	var warns []string
	c, err := LoadConfig(LoadOptions{Getenv: envFrom(map[string]string{EnvCredentials: p, EnvTokenID: "fromenv", "XDG_CONFIG_HOME": dir}),
		Warn: func(s string) { warns = append(warns, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if c.Account != "TSTDRV1234567" || c.TokenID != tid || c.BaseURL != "http://127.0.0.1:8080" || c.Sources["token_id"] != "credentials file "+p {
		t.Errorf("the credentials file must rank above the environment: %+v %v", c, c.Sources)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "chmod 600") {
		t.Errorf("warnings %q", warns)
	}
	os.WriteFile(p, []byte(`{"acount":"x"}`), 0o600)
	if _, err := LoadConfig(LoadOptions{CredentialsFile: p, Getenv: envFrom(nil)}); err == nil || !strings.Contains(err.Error(), "consumer_key") {
		t.Errorf("unknown key: %v", err)
	}
}

// TestGovernanceKeys: concurrency and redis_url come through the chain like
// the other values, are optional, are checked when set, and a Redis
// password never shows.
func TestGovernanceKeys(t *testing.T) {
	creds := map[string]string{EnvAccount: "1234567", EnvConsumerKey: ck, EnvConsumerSecret: cs, EnvTokenID: tid, EnvTokenSecret: ts}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range creds {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	profile := writeConfig(t, 0o600, "[default]\nconcurrency = 15\nredis_url = \"redis://:pw-in-profile@10.0.0.5:6379/2\"\n")
	tests := []struct {
		name            string
		env             map[string]string
		file            string
		wantConcurrency int
		wantRedis       string
		wantErr         string
		wantSource      string
	}{
		{name: "unset is fine", env: with()},
		{name: "from the environment", env: with(EnvConcurrency, "8", EnvRedisURL, "redis://127.0.0.1:6379/0"),
			wantConcurrency: 8, wantRedis: "redis://127.0.0.1:6379/0", wantSource: "env NETSUITE_CONCURRENCY"},
		{name: "from the profile", env: with(), file: profile, wantConcurrency: 15, wantRedis: "redis://:pw-in-profile@10.0.0.5:6379/2",
			wantSource: "profile"},
		{name: "the environment wins over the profile", env: with(EnvConcurrency, "3"), file: profile, wantConcurrency: 3,
			wantRedis: "redis://:pw-in-profile@10.0.0.5:6379/2", wantSource: "env"},
		{name: "not a number", env: with(EnvConcurrency, "five"), wantErr: `concurrency limit from env NETSUITE_CONCURRENCY is "five", not a whole number of at least 1`},
		{name: "zero", env: with(EnvConcurrency, "0"), wantErr: "not a whole number of at least 1"},
		{name: "not a Redis URL", env: with(EnvRedisURL, "http://:pw@127.0.0.1:6379"), wantErr: "Redis URL from env NETSUITE_REDIS_URL is not a redis://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(LoadOptions{ConfigFile: tt.file, Getenv: envFrom(tt.env)})
			if err == nil {
				err = c.Validate()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "pw") {
					t.Errorf("the error shows the Redis password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Concurrency != tt.wantConcurrency || c.RedisURL != tt.wantRedis {
				t.Errorf("concurrency %d redis %q", c.Concurrency, c.RedisURL)
			}
			if !strings.HasPrefix(c.Sources["concurrency"], tt.wantSource) {
				t.Errorf("source %q, want %q", c.Sources["concurrency"], tt.wantSource)
			}
			if s := c.String(); strings.Contains(s, "pw-in-profile") {
				t.Errorf("String() shows the Redis password: %s", s)
			}
		})
	}
}
