package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/doctorview"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/suiteql"
)

func newMigrateCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "migrate", Short: "Guided moves between authentication methods"}
	cmd.AddCommand(newMigrateOAuth2Cmd(e))
	return cmd
}

func newMigrateOAuth2Cmd(e *env) *cobra.Command {
	var keyKind, newProfile, certID, dir, scopesFlag string
	cmd := &cobra.Command{
		Use:   "oauth2",
		Short: "Move a working TBA profile to OAuth 2.0 client credentials (M2M), keeping TBA for SOAP",
		Long: `oauth2 takes the current TBA profile and:

  1. creates a key pair (EC P-256 by default, --key rsa3072 for RSA 3072) and a
     self-signed x.509 certificate valid for two years (NetSuite's maximum),
     written beside the config file (private key mode 0600);
  2. prints the NetSuite steps: on the integration record, tick Client
     Credentials (Machine to Machine) Grant and the scopes; in OAuth 2.0 Client
     Credentials (M2M) Setup, map the certificate to the entity and role of the
     TBA token;
  3. waits for the certificate id NetSuite shows (type it, or pass
     --certificate-id); against the emulator it does step 2 itself;
  4. writes a new profile (default "<profile>-oauth2") with auth = "oauth2-m2m",
     and proves it with a SuiteQL query. The TBA profile is kept: SOAP web
     services accept only TBA (Help Center section 157780312610).

Why now: from NetSuite 2027.1 no new TBA integrations can be created for SOAP,
REST web services and RESTlets (Help Center section 1534941295); see
docs/oauth2.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			if err := cfg.ValidateTBA(); err != nil {
				return fmt.Errorf("migrate oauth2 starts from a working TBA profile: %w", err)
			}
			if newProfile == "" {
				newProfile = cfg.Profile + "-oauth2"
			}
			if dir == "" {
				dir = filepath.Dir(cfg.ConfigFile)
			}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return err
			}
			sc, err := netsuite.ParseScopes(scopesFlag)
			if err != nil {
				return fmt.Errorf("--oauth2-scopes %s", err)
			}
			if len(sc) == 0 {
				return fmt.Errorf("--oauth2-scopes is empty: give rest_webservices, restlets or suite_analytics")
			}
			// 1. key pair and certificate
			key, err := oauth2.GenerateKey(keyKind)
			if err != nil {
				return err
			}
			a, _ := netsuite.ParseAccount(cfg.Account)
			certPEM, err := oauth2.SelfSignedCertificate(key, "netsuite "+a.ID()+" "+newProfile, time.Now(), oauth2.MaxCertificateValidity)
			if err != nil {
				return err
			}
			keyPath := filepath.Join(dir, "oauth2-"+newProfile+"-key.pem")
			certPath := filepath.Join(dir, "oauth2-"+newProfile+"-certificate.pem")
			if _, err := os.Stat(keyPath); err == nil {
				return fmt.Errorf("%s already exists: choose another --profile-name or remove it", keyPath)
			}
			if err := oauth2.WritePrivateKeyFile(keyPath, key); err != nil {
				return err
			}
			if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
				return err
			}
			w := e.stdout
			fmt.Fprintf(w, "1. Created a key pair and a certificate valid for two years:\n   private key  %s (mode 0600: keep it secret)\n   certificate  %s (upload this one)\n\n", keyPath, certPath)
			// 2./3. NetSuite steps, or the emulator does them.
			inEmulator := false
			if cfg.BaseURL != "" {
				if base, err := netsuite.ParseBaseURL(cfg.BaseURL); err == nil && doctorview.Detect(ctx, base.String(), nil) != nil {
					inEmulator = true
					if certID == "" {
						if certID, err = emulatorMapping(ctx, base.String(), cfg, sc, string(certPEM)); err != nil {
							return fmt.Errorf("setting up OAuth 2.0 on the emulator: %w", err)
						}
					}
				}
			}
			fmt.Fprintf(w, `2. In NetSuite (as an administrator):
   a. Setup > Company > Enable Features > Manage Authentication: tick OAUTH 2.0.
   b. Setup > Integration > Manage Integrations > your integration (client id %s):
      under OAuth 2.0 tick CLIENT CREDENTIALS (MACHINE TO MACHINE) GRANT and the
      scopes %s; save.
   c. Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials
      (M2M) Setup > Create New: the entity and role of your TBA token, the
      application (that integration), and the certificate file %s; save.
   d. Copy the Certificate ID shown in the list.
`, auth.Mask(cfg.ConsumerKey), strings.Join(sc, ", "), certPath)
			if inEmulator {
				fmt.Fprintf(w, "   (The emulator did a-d itself: certificate id %s.)\n", certID)
			}
			if certID == "" {
				fmt.Fprint(w, "\n3. Certificate ID: ")
				line, err := bufio.NewReader(e.stdin).ReadString('\n')
				certID = strings.TrimSpace(line)
				if certID == "" {
					return fmt.Errorf("no certificate id given (%v): run again with --certificate-id once the certificate is mapped; the key pair is kept at %s", err, keyPath)
				}
			}
			// 4. the new profile, then a query through it.
			v := netsuite.Values{Account: a.ID(), BaseURL: cfg.BaseURL, Auth: netsuite.AuthOAuth2M2M, ClientID: cfg.ConsumerKey,
				CertificateID: certID, PrivateKeyFile: keyPath, Scopes: strings.Join(sc, ",")}
			if err := addProfile(cfg.ConfigFile, newProfile, v); err != nil {
				return err
			}
			fmt.Fprintf(w, "\n4. Wrote profile %q to %s (auth = \"oauth2-m2m\"); profile %q keeps TBA for SOAP.\n", newProfile, cfg.ConfigFile, cfg.Profile)
			ncfg, err := netsuite.LoadConfig(netsuite.LoadOptions{Profile: newProfile, ConfigFile: cfg.ConfigFile, Getenv: func(string) string { return "" }})
			if err != nil {
				return err
			}
			c, err := e.newClient(ncfg)
			if err != nil {
				return err
			}
			p, err := suiteql.New(c).Query(ctx, "SELECT id FROM customer", &suiteql.PageOptions{Limit: 5})
			if err != nil {
				return fmt.Errorf("the new profile does not work yet: %w (check with: netsuite --profile %s auth check)", err, newProfile)
			}
			fmt.Fprintf(w, "   Proved it: SELECT id FROM customer answered %d rows through OAuth 2.0.\n   Use it: netsuite --profile %s query \"SELECT ...\"\n", len(p.Items), newProfile)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&keyKind, "key", oauth2.KeyEC256, "key type: ec256 (default), ec384, ec521, rsa3072 or rsa4096")
	f.StringVar(&newProfile, "profile-name", "", "name of the new profile (default \"<profile>-oauth2\")")
	f.StringVar(&certID, "certificate-id", "", "the certificate id NetSuite showed (else asked on stdin; the emulator maps it itself)")
	f.StringVar(&dir, "dir", "", "where to write the key and certificate (default: beside the config file)")
	f.StringVar(&scopesFlag, "oauth2-scopes", "rest_webservices,restlets", "scopes to tick and request")
	return cmd
}

// addProfile appends [name] with v's OAuth 2.0 values to the config file
// (created 0600 if missing); an existing profile of that name is refused.
func addProfile(path, name string, v netsuite.Values) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var existing map[string]any
	if err := toml.Unmarshal(old, &existing); err != nil {
		return fmt.Errorf("config file %s: %v", path, err)
	}
	if _, ok := existing[name]; ok {
		return fmt.Errorf("config file %s already has a profile %q: choose another --profile-name", path, name)
	}
	var b strings.Builder
	if len(old) > 0 && !strings.HasSuffix(string(old), "\n") {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n[%s]\n", tomlString(name))
	for _, kv := range [][2]string{{"auth", v.Auth}, {"account", v.Account}, {"base_url", v.BaseURL}, {"client_id", v.ClientID},
		{"certificate_id", v.CertificateID}, {"private_key_file", v.PrivateKeyFile}, {"scopes", v.Scopes},
		{"client_secret", v.ClientSecret.Reveal()}, {"redirect_uri", v.RedirectURI}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "%s = %s\n", kv[0], tomlString(kv[1]))
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// emulatorMapping does the NetSuite steps on the emulator: the TBA token's
// integration gets the client credentials grant and the scopes, and the
// certificate is mapped to the token's employee and role.
func emulatorMapping(ctx context.Context, base string, cfg *netsuite.Config, scopes []string, certPEM string) (string, error) {
	ac := &admin.Client{BaseURL: base}
	raw, err := ac.Do(ctx, admin.Request{Op: "token.list"})
	if err != nil {
		return "", err
	}
	var toks []store.AccessToken
	if err := json.Unmarshal(raw, &toks); err != nil {
		return "", err
	}
	var tok *store.AccessToken
	for i := range toks {
		if !toks[i].IsRevoked() && strings.HasPrefix(cfg.TokenID, toks[i].TokenIDPrefix) {
			tok = &toks[i]
		}
	}
	if tok == nil {
		return "", errors.New("the profile's token is not an active token of the emulator")
	}
	ref := strconv.FormatInt(tok.IntegrationID, 10)
	raw, err = ac.Do(ctx, admin.Request{Op: "oauth2.show", Integration: ref})
	if err != nil {
		return "", err
	}
	var c store.OAuth2Client
	if err := json.Unmarshal(raw, &c); err != nil {
		return "", err
	}
	c.ClientCredentials = true
	for _, s := range scopes {
		if !c.HasScope(s) {
			c.Scopes = append(c.Scopes, s)
		}
	}
	if _, err := ac.Do(ctx, admin.Request{Op: "oauth2.set", Integration: ref, OAuth2: &c}); err != nil {
		return "", err
	}
	raw, err = ac.Do(ctx, admin.Request{Op: "certificate.map", Integration: ref, Employee: strconv.FormatInt(tok.EmployeeID, 10),
		Role: strconv.FormatInt(tok.RoleID, 10), Certificate: certPEM})
	if err != nil {
		return "", err
	}
	var cert store.Certificate
	if err := json.Unmarshal(raw, &cert); err != nil {
		return "", err
	}
	return cert.ID, nil
}
