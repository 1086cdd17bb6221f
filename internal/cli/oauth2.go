package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/doctorview"
	"github.com/go-netsuite/netsuite/sim/store"
)

// defaultTokenTimeout bounds one token request.
const defaultTokenTimeout = 30 * time.Second

func addOAuth2Flags(pf *pflag.FlagSet, v *netsuite.Values, clientSecret *string) {
	pf.StringVar(&v.Auth, "auth", "", "authentication: tba, oauth2-m2m or oauth2-code (default $NETSUITE_AUTH, the profile's auth, else tba when TBA values are set)")
	pf.StringVar(&v.ClientID, "client-id", "", "OAuth 2.0 client id of the integration record")
	pf.StringVar(&v.CertificateID, "certificate-id", "", "OAuth 2.0 certificate id (the JWT kid) from OAuth 2.0 Client Credentials Setup")
	pf.StringVar(&v.PrivateKeyFile, "private-key-file", "", "PEM private key of the mapped certificate")
	pf.StringVar(&v.Scopes, "scopes", "", "OAuth 2.0 scopes, comma-separated (default rest_webservices)")
	pf.StringVar(clientSecret, "client-secret", "", "OAuth 2.0 client secret (oauth2-code, confidential clients; prefer $NETSUITE_CLIENT_SECRET: flags show in ps)")
	pf.StringVar(&v.RedirectURI, "redirect-uri", "", "OAuth 2.0 redirect URI on the integration record (oauth2-code): https:// or a custom scheme")
}

// oauth2State keeps one token source per configuration, so that every
// client of a command shares the cached token.
type oauth2State struct {
	mu   sync.Mutex
	key  string
	auth *oauth2.Authenticator
}

// m2mConfig builds the client credentials flow of cfg.
func m2mConfig(cfg *netsuite.Config) (*oauth2.ClientCredentials, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	key, err := oauth2.LoadPrivateKeyFile(cfg.PrivateKeyFile)
	if err != nil {
		return nil, fmt.Errorf("private_key_file (from %s): %w", cfg.Sources["private_key_file"], err)
	}
	a, _ := netsuite.ParseAccount(cfg.Account)
	return &oauth2.ClientCredentials{
		TokenURL: oauth2.TokenURL(a.ID(), cfg.BaseURL), ClientID: cfg.ClientID, CertificateID: cfg.CertificateID,
		Key: key, Scopes: cfg.ScopeList(), HTTPClient: &http.Client{Timeout: defaultTokenTimeout},
	}, nil
}

// oauth2Options adds the OAuth 2.0 authenticator (and its classifier,
// which reports a rejected bearer token as such) for an OAuth 2.0 profile.
func (e *env) oauth2Options(cfg *netsuite.Config, opts []netsuite.Option) ([]netsuite.Option, error) {
	switch cfg.AuthMethod() {
	case netsuite.AuthTBA:
		return opts, nil
	case netsuite.AuthOAuth2M2M, netsuite.AuthOAuth2Code:
	default:
		return nil, cfg.Validate()
	}
	st := &e.oauth2
	st.mu.Lock()
	defer st.mu.Unlock()
	key := strings.Join([]string{cfg.AuthMethod(), cfg.Account, cfg.BaseURL, cfg.ClientID, cfg.CertificateID, cfg.PrivateKeyFile, cfg.Scopes,
		cfg.RedirectURI, tokenFile(cfg).Path}, "\x00")
	if st.auth == nil || st.key != key {
		if cfg.AuthMethod() == netsuite.AuthOAuth2Code {
			a, err := codeAuthenticator(cfg)
			if err != nil {
				return nil, err
			}
			st.auth, st.key = a, key
		} else {
			cc, err := m2mConfig(cfg)
			if err != nil {
				return nil, err
			}
			st.auth, st.key = &oauth2.Authenticator{Source: cc.TokenSource()}, key
		}
	}
	return append(opts, netsuite.WithAuthenticator(st.auth)), nil
}

// addM2MCredentials writes the demo's OAuth 2.0 private key (mode 0600)
// beside the credentials file and adds client_id, certificate_id and
// private_key_file (an absolute path) to it.
func addM2MCredentials(cf *credentialsFileM2M, credsOut string, m *store.M2MResult) error {
	if m == nil {
		return nil
	}
	keyPath, err := filepath.Abs(strings.TrimSuffix(credsOut, filepath.Ext(credsOut)) + "-oauth2-key.pem")
	if err != nil {
		return err
	}
	key, err := oauth2.ParsePrivateKey([]byte(m.PrivateKeyPEM.Reveal()))
	if err != nil {
		return err
	}
	if err := oauth2.WritePrivateKeyFile(keyPath, key); err != nil {
		return err
	}
	cf.ClientID, cf.CertificateID, cf.PrivateKeyFile = m.ClientID, m.CertificateID, keyPath
	return nil
}

// authMethodLine names the authentication method and why it was chosen.
func authMethodLine(cfg *netsuite.Config) string {
	m := cfg.AuthMethod()
	why := "from " + cfg.Sources["auth"]
	if cfg.Auth == "" {
		why = "default: TBA values are set"
		switch {
		case m == netsuite.AuthOAuth2M2M:
			why = "default: OAuth 2.0 values are set and no TBA values"
		case cfg.ConsumerKey == "" && cfg.TokenID == "":
			why = "default"
		}
	}
	switch m {
	case netsuite.AuthTBA:
		return m + " (Token-Based Authentication; " + why + ")"
	case netsuite.AuthOAuth2M2M:
		return m + " (OAuth 2.0 client credentials; " + why + "); SOAP needs TBA values"
	case netsuite.AuthOAuth2Code:
		return m + " (OAuth 2.0 authorization code; " + why + "); SOAP needs TBA values"
	}
	return m + " (unknown: " + why + ")"
}

// newAuthAssertionCmd prints a fresh client credentials assertion of the
// OAuth 2.0 profile, to compare with another implementation or to send
// with curl.
func newAuthAssertionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "assertion",
		Short: "Print a fresh OAuth 2.0 client credentials JWT assertion (signed with private_key_file; valid 5 minutes)",
		Long: `assertion prints the JWT the client would send as client_assertion to
the token endpoint: header typ JWT, alg (ES256/ES384/ES512 by the key's
curve, PS256 for RSA), kid = certificate_id; claims iss = client_id, scope,
aud = the token URL, iat, exp. It is a credential for five minutes: do not
paste it anywhere public.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			if m := cfg.AuthMethod(); m != netsuite.AuthOAuth2M2M {
				return fmt.Errorf("auth assertion needs an OAuth 2.0 client credentials profile (auth = oauth2-m2m), not %s: set --auth oauth2-m2m, client_id, certificate_id and private_key_file", m)
			}
			cc, err := m2mConfig(cfg)
			if err != nil {
				return err
			}
			a, err := cc.Assertion()
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, a)
			return nil
		},
	}
}

// runOAuth2Doctor runs "auth check" for an OAuth 2.0 profile; against the
// emulator it also reads the mapped certificates and the Login Audit Trail.
func runOAuth2Doctor(ctx context.Context, e *env, cfg *netsuite.Config, asJSON bool, timeout time.Duration) error {
	o := doctor.OAuth2Options{Timeout: timeout, RefreshTokenFile: tokenFile(cfg).Path}
	if cfg.AuthMethod() == netsuite.AuthOAuth2Code {
		if cc, err := codeConfig(cfg); err == nil {
			// The same source as every command: a refused refresh token
			// (expired, revoked, rotated away) shows here, and a rotated
			// one is stored.
			o.CodeTokens = &oauth2.RefreshingSource{Config: cc, Store: tokenFile(cfg)}
		}
	}
	o.Commands = doctorCommand
	if cfg.BaseURL != "" {
		if base, err := netsuite.ParseBaseURL(cfg.BaseURL); err == nil {
			if in := doctorview.Detect(ctx, base.String(), nil); in != nil {
				o.Inspector = in
				ac := &admin.Client{BaseURL: base.String()}
				o.Certificates = func(ctx context.Context) ([]doctor.MappedCertificate, error) {
					raw, err := ac.Do(ctx, admin.Request{Op: "certificate.list"})
					if err != nil {
						return nil, err
					}
					var list []store.Certificate
					if err := json.Unmarshal(raw, &list); err != nil {
						return nil, err
					}
					out := make([]doctor.MappedCertificate, len(list))
					for i, c := range list {
						out[i] = doctor.MappedCertificate{ID: c.ID, PEM: c.PEM, ValidUntil: c.ValidUntil, Revoked: c.Revoked != nil}
					}
					return out, nil
				}
			}
		}
	}
	rep := doctor.RunOAuth2(ctx, cfg, o)
	if asJSON {
		if err := e.writeJSON(rep); err != nil {
			return err
		}
	} else {
		printReport(e.stdout, rep, isTerminal(e.stdout, e.getenv))
	}
	if !rep.Healthy() {
		return &exitError{code: 1}
	}
	return nil
}
