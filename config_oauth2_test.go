package netsuite

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/auth"
)

func TestAuthMethodAndValidate(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k.pem")
	os.WriteFile(key, []byte("x"), 0o600)
	hex := strings.Repeat("ab", 32)
	tba := Values{Account: "1234567", ConsumerKey: hex, ConsumerSecret: auth.Secret("cd" + hex[2:]), TokenID: hex, TokenSecret: auth.Secret("ef" + hex[2:])}
	m2m := Values{Account: "1234567", ClientID: hex, CertificateID: "cert-id_1", PrivateKeyFile: key}
	both := tba
	both.ClientID, both.CertificateID, both.PrivateKeyFile = m2m.ClientID, m2m.CertificateID, m2m.PrivateKeyFile
	withAuth := func(v Values, a string) Values { v.Auth = a; return v }
	cases := []struct {
		name    string
		v       Values
		method  string
		problem string // "" = valid
	}{
		{"TBA only", tba, AuthTBA, ""},
		{"M2M only", m2m, AuthOAuth2M2M, ""},
		{"both: TBA stays default", both, AuthTBA, ""},
		{"both, auth = oauth2-m2m", withAuth(both, "oauth2-m2m"), AuthOAuth2M2M, ""},
		{"nothing", Values{Account: "1234567"}, AuthTBA, "consumer key is not set"},
		{"m2m without key file", withAuth(Values{Account: "1234567", ClientID: hex, CertificateID: "c"}, "oauth2-m2m"), AuthOAuth2M2M, "private key file is not set"},
		{"m2m with a missing key file", withAuth(Values{Account: "1234567", ClientID: hex, CertificateID: "c", PrivateKeyFile: filepath.Join(dir, "nope")}, "OAUTH2-M2M"), AuthOAuth2M2M, "private key file cannot be read"},
		{"unknown auth", withAuth(tba, "kerberos"), "kerberos", `is "kerberos", not tba, oauth2-m2m or oauth2-code`},
		{"bad scope", func() Values { v := m2m; v.Scopes = "rest_webservices,everything"; return v }(), AuthOAuth2M2M, `has "everything"`},
	}
	for _, c := range cases {
		cfg := &Config{Values: c.v, Sources: map[string]string{}}
		if got := cfg.AuthMethod(); got != c.method {
			t.Errorf("%s: method %q, want %q", c.name, got, c.method)
		}
		err := cfg.Validate()
		switch {
		case c.problem == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.problem != "" && (err == nil || !strings.Contains(err.Error(), c.problem)):
			t.Errorf("%s: %v, want %q", c.name, err, c.problem)
		}
	}
	// An M2M profile has no TBA credentials for SOAP: Credentials() says so.
	cfg := &Config{Values: m2m, Sources: map[string]string{}}
	if _, err := cfg.Credentials(); err == nil || !strings.Contains(err.Error(), "consumer key is not set") {
		t.Errorf("Credentials of an M2M profile: %v", err)
	}
}

func TestOAuth2ConfigChain(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.toml")
	os.WriteFile(file, []byte("[default]\naccount = \"1234567\"\nauth = \"oauth2-m2m\"\nclient_id = \"abc\"\ncertificate_id = \"from-profile\"\nprivate_key_file = \"/k.pem\"\nscopes = \"restlets\"\n"), 0o600)
	env := map[string]string{EnvCertificateID: "from-env"}
	cfg, err := LoadConfig(LoadOptions{ConfigFile: file, Getenv: func(k string) string { return env[k] }, Explicit: Values{Scopes: "rest_webservices"}, ExplicitSource: "flag"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AuthMethod() != AuthOAuth2M2M || cfg.CertificateID != "from-env" || cfg.Scopes != "rest_webservices" || cfg.ClientID != "abc" {
		t.Errorf("%+v", cfg.Values)
	}
	if cfg.Sources["scopes"] != "flag --scopes" || cfg.Sources["certificate_id"] != "env NETSUITE_CERTIFICATE_ID" {
		t.Errorf("sources %v", cfg.Sources)
	}
}

func TestParseScopes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
		err  string
	}{
		{"rest_webservices,restlets", []string{"rest_webservices", "restlets"}, ""},
		{"restlets restlets, suite_analytics", []string{"restlets", "suite_analytics"}, ""},
		{"", nil, ""},
		{"rest_webservices,soap", nil, `has "soap", not one of rest_webservices, restlets, suite_analytics`},
	} {
		got, err := ParseScopes(tt.in)
		if !slices.Equal(got, tt.want) || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("ParseScopes(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
	if got := (&Config{}).ScopeList(); !slices.Equal(got, []string{"rest_webservices"}) {
		t.Errorf("ScopeList of no scopes = %q", got)
	}
}
