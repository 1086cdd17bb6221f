package cli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/sim"
)

// m2mEmulator starts a provisioned emulator and writes its credentials
// file with the OAuth 2.0 values.
func m2mEmulator(t *testing.T) (*sim.Emulator, string, map[string]string) {
	t.Helper()
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c := emu.Credentials
	path := filepath.Join(t.TempDir(), "creds.json")
	cf := credentialsFileM2M{credentialsFile: credentialsFile{c.Account, c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal(), emu.URL}}
	if err := addM2MCredentials(&cf, path, emu.M2M); err != nil {
		t.Fatal(err)
	}
	if err := writeCredentialsFile(path, cf); err != nil {
		t.Fatal(err)
	}
	return emu, path, map[string]string{"NETSUITE_AUTH": "oauth2-m2m"}
}

func TestOAuth2AuthCheck(t *testing.T) {
	emu, creds, env := m2mEmulator(t)
	other := filepath.Join(t.TempDir(), "other.pem")
	k, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	if err := oauth2.WritePrivateKeyFile(other, k); err != nil {
		t.Fatal(err)
	}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range env {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	// A captive portal in front of REST web services: the token endpoint
	// passes through, governanceLimits answers an HTML page with 200.
	target, _ := url.Parse(emu.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "governanceLimits") {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><title>Sign in to the Wi-Fi</title></html>"))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer portal.Close()
	cases := []struct {
		name string
		env  map[string]string
		code int
		want []string
	}{
		{"healthy", env, 0, []string{"[ok]   token request", "matches the key", "SOAP web services accept only TBA"}},
		{"wrong kid", with("--certificate-id", "not-mapped"), 1, []string{"is not a mapped certificate", "Set certificate_id to " + emu.M2M.CertificateID, "invalid_client", "InvalidCertificate"}},
		{"key and certificate do not match", with("--private-key-file", other), 1, []string{"does not belong to the certificate", "InvalidSignature"}},
		{"scope missing", with("--scopes", "restlets"), 0, []string{"[warn] REST web services", "lack rest_webservices"}},
		{"a proxy's page instead of REST", with("--base-url", portal.URL), 1, []string{"[ok]   token request", "the answer is not NetSuite's", "text/html"}},
		{"missing values", with("NETSUITE_CERTIFICATE_ID", "", "NETSUITE_AUTH", "oauth2-m2m", "NETSUITE_CLIENT_ID", ""), 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "missing values" {
				// A profile with only the account and auth: every missing value named.
				stdout, _, code := run(t, map[string]string{"NETSUITE_AUTH": "oauth2-m2m", "NETSUITE_ACCOUNT": "1234567"}, "auth", "check")
				for _, w := range []string{"OAuth 2.0 client id is not set", "OAuth 2.0 certificate id is not set", "private key file is not set"} {
					if code != 1 || !strings.Contains(stdout, w) {
						t.Errorf("exit %d, want %q in\n%s", code, w, stdout)
					}
				}
				return
			}
			args := []string{"--credentials", creds}
			for k, v := range c.env { // flags rank above the credentials file
				if strings.HasPrefix(k, "--") {
					args = append(args, k, v)
				}
			}
			stdout, stderr, code := run(t, env, append(args, "auth", "check")...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, stdout, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("want %q in\n%s", w, stdout)
				}
			}
		})
	}
	// A revoked certificate.
	if _, err := emu.Store().RevokeCertificate(context.Background(), emu.M2M.CertificateID); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := run(t, env, "--credentials", creds, "auth", "check")
	if code != 1 || !strings.Contains(stdout, "was revoked") {
		t.Errorf("revoked: exit %d\n%s", code, stdout)
	}
}

func TestOAuth2DoctorClockAndExpiry(t *testing.T) {
	_, creds, env := m2mEmulator(t)
	cfg, err := netsuite.LoadConfig(netsuite.LoadOptions{CredentialsFile: creds, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// This machine ten minutes ahead: the assertion is dated in the future.
	rep := doctor.RunOAuth2(ctx, cfg, doctor.OAuth2Options{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }})
	if c := rep.Check(doctor.CheckClock); c == nil || c.Status != doctor.Fail {
		t.Errorf("clock: %+v", c)
	}
	if c := rep.Check(doctor.CheckOAuth2Token); c == nil || c.Status != doctor.Fail || !strings.Contains(strings.Join(c.Details, " "), "clock skew") {
		t.Errorf("token: %+v", c)
	}
	// A refresh token that expired (oauth2-code profile).
	file := filepath.Join(t.TempDir(), "oauth2-default.refresh-token")
	claims, _ := json.Marshal(map[string]any{"exp": time.Now().Add(-time.Hour).Unix()})
	tok := "eyJhbGciOiJQUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + ".sig"
	if err := (oauth2.RefreshTokenFile{Path: file}).Save(tok); err != nil {
		t.Fatal(err)
	}
	code := *cfg
	code.Auth = netsuite.AuthOAuth2Code
	rep = doctor.RunOAuth2(ctx, &code, doctor.OAuth2Options{RefreshTokenFile: file})
	if c := rep.Check(doctor.CheckOAuth2RefreshToken); c == nil || c.Status != doctor.Fail || !strings.Contains(c.Summary, "RefreshTokenExpired") {
		t.Errorf("refresh token: %+v", c)
	}
	os.Remove(file)
	rep = doctor.RunOAuth2(ctx, &code, doctor.OAuth2Options{RefreshTokenFile: file})
	if c := rep.Check(doctor.CheckOAuth2RefreshToken); c == nil || c.Status != doctor.Fail || !strings.Contains(c.Fix, "Log in") {
		t.Errorf("no refresh token: %+v", c)
	}
	_ = fmt.Sprint
}
