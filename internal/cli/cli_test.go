package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// run executes the CLI in-process with env and returns stdout, stderr and the exit code.
func run(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	env = maps.Clone(env) // callers share maps between goroutines
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["XDG_CONFIG_HOME"]; !ok {
		env["XDG_CONFIG_HOME"] = t.TempDir() // never read the developer's real profile
	}
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", p, d)
	}
}

type vectors struct {
	OAuth1 []struct {
		ID     string            `json:"id"`
		Inputs map[string]string `json:"inputs"`
		Exp    map[string]string `json:"expected"`
	} `json:"oauth1_cases"`
	Passport []struct {
		ID     string            `json:"id"`
		Inputs map[string]string `json:"inputs"`
		Exp    map[string]string `json:"expected"`
	} `json:"token_passport_cases"`
}

func loadVectors(t *testing.T) vectors {
	data, err := os.ReadFile("../../testdata/oauth-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAuthSignVectors runs every shared OAuth 1.0a vector through
// "netsuite auth sign --json".
func TestAuthSignVectors(t *testing.T) {
	for _, v := range loadVectors(t).OAuth1 {
		t.Run(v.ID, func(t *testing.T) {
			in := v.Inputs
			// Half the cases take credentials from flags, half from the environment.
			env := map[string]string{}
			args := []string{"auth", "sign", "--json", "--method", in["method"], "--url", in["url"],
				"--nonce", in["nonce"], "--timestamp", in["timestamp"], "--signature-method", in["signature_method"], "--realm", in["realm"]}
			if strings.HasSuffix(v.ID, "1") || strings.HasSuffix(v.ID, "3") || strings.HasSuffix(v.ID, "5") {
				args = append(args, "--consumer-key", in["consumer_key"], "--consumer-secret", in["consumer_secret"],
					"--token-id", in["token"], "--token-secret", in["token_secret"])
			} else {
				env = map[string]string{"NETSUITE_CONSUMER_KEY": in["consumer_key"], "NETSUITE_CONSUMER_SECRET": in["consumer_secret"],
					"NETSUITE_TOKEN_ID": in["token"], "NETSUITE_TOKEN_SECRET": in["token_secret"], "NETSUITE_ACCOUNT": in["realm"]}
			}
			stdout, stderr, code := run(t, env, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("%v: %s", err, stdout)
			}
			for key, exp := range map[string]string{"base_string": "base_string", "signature": "signature", "authorization": "authorization_example"} {
				if got[key] != v.Exp[exp] {
					t.Errorf("%s\n got %v\nwant %s", key, got[key], v.Exp[exp])
				}
			}
			if strings.Contains(stdout, in["consumer_secret"]) || strings.Contains(stdout, in["token_secret"]) {
				t.Error("output holds a secret")
			}
		})
	}
}

// TestAuthPassportVectors runs every tokenPassport vector through
// "netsuite auth passport --json".
func TestAuthPassportVectors(t *testing.T) {
	for _, v := range loadVectors(t).Passport {
		t.Run(v.ID, func(t *testing.T) {
			in := v.Inputs
			stdout, stderr, code := run(t, nil, "auth", "passport", "--json", "--account", in["account"],
				"--consumer-key", in["consumer_key"], "--consumer-secret", in["consumer_secret"],
				"--token-id", in["token"], "--token-secret", in["token_secret"],
				"--nonce", in["nonce"], "--timestamp", in["timestamp"], "--algorithm", in["algorithm"])
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatal(err)
			}
			if got["base_string"] != v.Exp["base_string"] || got["signature"] != v.Exp["signature"] {
				t.Errorf("got %v / %v, want %s / %s", got["base_string"], got["signature"], v.Exp["base_string"], v.Exp["signature"])
			}
			xml, _ := got["xml"].(string)
			if !strings.Contains(xml, `<platformCore:signature algorithm="`+in["algorithm"]+`">`+v.Exp["signature"]+`</platformCore:signature>`) ||
				!strings.Contains(xml, "<platformCore:account>"+in["account"]+"</platformCore:account>") {
				t.Errorf("xml = %s", xml)
			}
		})
	}
}

const (
	tCK = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4"
	tCS = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5"
	tTI = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc"
	tTS = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
)

func credEnv() map[string]string {
	return map[string]string{"NETSUITE_ACCOUNT": "1234567-sb1", "NETSUITE_CONSUMER_KEY": tCK, "NETSUITE_CONSUMER_SECRET": tCS,
		"NETSUITE_TOKEN_ID": tTI, "NETSUITE_TOKEN_SECRET": tTS}
}

func TestAuthSignText(t *testing.T) {
	// A path is joined to the account's SuiteTalk domain; the realm is the account's realm form.
	stdout, stderr, code := run(t, credEnv(), "auth", "sign", "--method", "post", "--url", "/services/rest/query/v1/suiteql?limit=1000&offset=0",
		"--nonce", "aaaaaaaaaaaaaaaaaaaa", "--timestamp", "1700000001")
	if code != 0 {
		t.Fatal(stderr)
	}
	golden(t, "auth_sign", stdout)
}

func TestAuthPassportText(t *testing.T) {
	stdout, stderr, code := run(t, credEnv(), "auth", "passport", "--nonce", "fjaLirsIcCGVZWzBX0pg", "--timestamp", "1508242306")
	if code != 0 {
		t.Fatal(stderr)
	}
	golden(t, "auth_passport", stdout)
}

func TestConfigShow(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "netsuite", "config.toml")
	os.MkdirAll(filepath.Dir(cfgPath), 0o700)
	os.WriteFile(cfgPath, []byte("[default]\ntoken_id = \""+tTI+"\"\ntoken_secret = \""+tTS+"\"\n"), 0o644)
	env := map[string]string{"XDG_CONFIG_HOME": dir, "NETSUITE_CONSUMER_KEY": tCK, "NETSUITE_CONSUMER_SECRET": tCS}
	stdout, stderr, code := run(t, env, "config", "show", "--json", "--account", "1234567_SB1")
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stderr, "chmod 600") {
		t.Errorf("no permission warning on stderr: %q", stderr)
	}
	var got struct {
		Values   []struct{ Key, Value, Source string }
		Problems []string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"account":         {"1234567_SB1", "flag --account"},
		"consumer_key":    {"ef40…67e4", "env NETSUITE_CONSUMER_KEY"},
		"consumer_secret": {"[redacted]", "env NETSUITE_CONSUMER_SECRET"},
		"token_id":        {"2b0c…f5cc", `profile "default" in ` + cfgPath},
		"token_secret":    {"[redacted]", `profile "default" in ` + cfgPath},
		"base_url":        {"", ""},
	}
	for _, v := range got.Values {
		if w := want[v.Key]; w != [2]string{v.Value, v.Source} {
			t.Errorf("%s = %q from %q, want %q from %q", v.Key, v.Value, v.Source, w[0], w[1])
		}
	}
	if len(got.Problems) != 0 {
		t.Errorf("problems: %v", got.Problems)
	}
	for _, s := range []string{tCS, tTS, tCK, tTI} {
		if strings.Contains(stdout+stderr, s) {
			t.Fatal("config show printed a credential in full")
		}
	}
	// The text form says what is missing, and exits 1 so that scripts can
	// tell.
	stdout, _, code = run(t, map[string]string{"NETSUITE_ACCOUNT": "1234567"}, "config", "show")
	if code != 1 || !regexp.MustCompile(`token_secret +- +not set`).MatchString(stdout) || !strings.Contains(stdout, "token secret is not set: set NETSUITE_TOKEN_SECRET") {
		t.Errorf("code %d\n%s", code, stdout)
	}
}

func TestCLIErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"missing credentials", map[string]string{"NETSUITE_ACCOUNT": "1234567"}, []string{"auth", "sign", "--url", "https://x.example/"},
			"consumer key is not set: set NETSUITE_CONSUMER_KEY"},
		{"bad account", nil, []string{"auth", "passport", "--account", "1234567.suitetalk.api.netsuite.com", "--consumer-key", "a", "--consumer-secret", "b", "--token-id", "c", "--token-secret", "d"},
			`did you mean "1234567"`},
		{"bad timestamp", credEnv(), []string{"auth", "sign", "--url", "https://x.example/", "--timestamp", "-5"}, "--timestamp"},
		{"bad method", credEnv(), []string{"auth", "sign", "--url", "https://x.example/", "--signature-method", "PLAINTEXT"}, "--signature-method"},
		{"bad url", credEnv(), []string{"auth", "sign", "--url", "ftp://x"}, "not an http(s) URL"},
		{"unsignable url", credEnv(), []string{"auth", "sign", "--url", "https://x.example/?q=100%"}, "encode a literal '%' as %25"},
		{"url required", credEnv(), []string{"auth", "sign"}, `"url" not set`},
		{"unknown command", nil, []string{"nope"}, "unknown command"},
		{"missing profile", nil, []string{"config", "show", "--profile", "prod"}, `profile "prod"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(t, tt.env, tt.args...)
			if code == 0 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want non-zero and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestSignWarnings(t *testing.T) {
	env := credEnv()
	env["NETSUITE_CONSUMER_KEY"] = tCK[:60] // truncated: still signs, with a warning
	_, stderr, code := run(t, env, "auth", "sign", "--url", "https://x.example/", "--nonce", "ab", "--signature-method", "HMAC-SHA1")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, w := range []string{"cut short", "6 to 64", "HMAC-SHA1"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q: %s", w, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	stdout, _, code := run(t, nil, "version")
	if code != 0 || !strings.HasPrefix(stdout, "netsuite ") {
		t.Errorf("%d %q", code, stdout)
	}
}
