package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/suiteql"
)

// newAuthCertificatesCmd is "auth certificates": NetSuite's OAuth 2.0
// client credentials certificate rotation endpoint (Help Center
// article_92130837826) with the profile's OAuth 2.0 token, and the whole
// rotation of the profile's own certificate.
func newAuthCertificatesCmd(e *env) *cobra.Command {
	var clientID string
	cmd := &cobra.Command{
		Use:   "certificates",
		Short: "OAuth 2.0 client credentials certificates: list, add, revoke, rotate (the certificate rotation endpoint)",
		Long: `certificates calls NetSuite's certificate rotation endpoint
(/services/rest/auth/oauth2/v1/clients/<client id>/certificates) with the
profile's OAuth 2.0 access token. The token must be issued for the
rest_webservices scope, and its role must have the "Manage own OAuth 2.0 Client
Credentials certificates" permission (and "Log in using OAuth 2.0 Access
Tokens"). The client id is the profile's client_id unless --integration-client-id
is given.`,
	}
	cmd.PersistentFlags().StringVar(&clientID, "integration-client-id", "", "client id of the integration record whose certificates to manage (default: the profile's client_id)")
	service := func() (*oauth2.Certificates, *netsuite.Config, string, error) {
		cfg, err := e.loadConfig()
		if err != nil {
			return nil, nil, "", err
		}
		if m := cfg.AuthMethod(); m != netsuite.AuthOAuth2M2M {
			return nil, nil, "", fmt.Errorf("the certificate endpoint takes an OAuth 2.0 access token: this profile authenticates with %s (use an oauth2-m2m profile, e.g. from netsuite migrate oauth2)", m)
		}
		c, err := e.newClient(cfg)
		if err != nil {
			return nil, nil, "", err
		}
		id := clientID
		if id == "" {
			id = cfg.ClientID
		}
		return oauth2.NewCertificates(c), cfg, id, nil
	}
	var asJSON bool
	list := &cobra.Command{Use: "list", Short: "List the integration record's certificates (those of the token's entity)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, cfg, id, err := service()
			if err != nil {
				return err
			}
			certs, err := s.List(cmd.Context(), id)
			if err != nil {
				return err
			}
			if asJSON {
				return e.writeJSON(certs)
			}
			e.printCertificates(certs, cfg.CertificateID)
			return nil
		}}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var role, entity int64
	add := &cobra.Command{Use: "add CERTIFICATE.pem", Short: "Set up a new certificate (x.509 PEM) for a role and entity; prints its certificate id", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte("PRIVATE KEY")) {
				return fmt.Errorf("%s holds a private key: give the certificate (the public part) only", args[0])
			}
			s, cfg, id, err := service()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if role == 0 || entity == 0 {
				cur, err := currentCertificate(ctx, s, id, cfg.CertificateID)
				if err != nil {
					return fmt.Errorf("--role and --entity not given, and %w", err)
				}
				if role == 0 {
					role = cur.Role
				}
				if entity == 0 {
					entity = cur.Entity
				}
			}
			c, err := s.Add(ctx, id, oauth2.NewM2MCertificate{PEM: string(b), Role: role, Entity: entity})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "certificate id %s (entity %d, role %d, %s %d, valid until %s)\n", c.CertificateID, c.Entity, c.Role,
				c.KeyType, c.KeyBits, c.ValidUntil.UTC().Format(time.DateOnly))
			return nil
		}}
	add.Flags().Int64Var(&role, "role", 0, "internal id of the role (default: the role of the profile's certificate)")
	add.Flags().Int64Var(&entity, "entity", 0, "internal id of the entity (default: the entity of the profile's certificate)")
	revoke := &cobra.Command{Use: "revoke CERTIFICATE-ID", Short: "Revoke a certificate (for good)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, cfg, id, err := service()
			if err != nil {
				return err
			}
			if args[0] == cfg.CertificateID {
				e.warn("revoking the profile's own certificate: this profile cannot get tokens any more (netsuite auth certificates rotate replaces it first)")
			}
			c, err := s.Revoke(cmd.Context(), id, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "revoked certificate %s\n", c.CertificateID)
			return nil
		}}
	cmd.AddCommand(list, add, revoke, newCertificatesRotateCmd(e))
	return cmd
}

func (e *env) printCertificates(certs []oauth2.M2MCertificate, current string) {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CERTIFICATE ID\tENTITY\tROLE\tKEY\tVALID UNTIL\tSTATE")
	for _, c := range certs {
		state := "active"
		switch {
		case c.Revoked:
			state = "revoked"
		case !c.ValidUntil.IsZero() && time.Now().After(c.ValidUntil):
			state = "expired"
		}
		if c.CertificateID == current {
			state += " (this profile)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s %d\t%s\t%s\n", c.CertificateID, c.Entity, c.Role, c.KeyType, c.KeyBits,
			c.ValidUntil.UTC().Format(time.DateOnly), state)
	}
	_ = tw.Flush()
}

// currentCertificate finds the profile's certificate in the endpoint's list.
func currentCertificate(ctx context.Context, s *oauth2.Certificates, clientID, certID string) (*oauth2.M2MCertificate, error) {
	certs, err := s.List(ctx, clientID)
	if err != nil {
		return nil, err
	}
	for i := range certs {
		if certs[i].CertificateID == certID {
			return &certs[i], nil
		}
	}
	return nil, fmt.Errorf("the profile's certificate %s is not in the integration record's list (another integration record, or another entity's)", certID)
}

// newCertificatesRotateCmd replaces the profile's certificate: a new key
// pair and certificate, set up through the endpoint for the same role and
// entity, proved with a token and a SuiteQL query, the profile switched to
// it, the old certificate revoked.
func newCertificatesRotateCmd(e *env) *cobra.Command {
	var keyKind string
	var keepOld bool
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Replace the profile's certificate: new key pair, set up, proved, profile switched, old one revoked",
		Long: `rotate replaces the oauth2-m2m profile's certificate through NetSuite's
certificate rotation endpoint:

  1. creates a key pair (--key, default ec256) and a self-signed certificate
     valid two years (NetSuite's maximum);
  2. sets it up for the role and entity of the profile's certificate;
  3. proves it: a token with the new certificate id runs SELECT id FROM customer;
  4. switches the profile: the new private key takes the place of
     private_key_file (the old key is kept, renamed <file>.<time>.old, mode
     0600) and certificate_id is set to the new id in the config file;
  5. revokes the old certificate (unless --keep-old).

If step 3 fails, the new certificate is revoked and the profile is left as
it was. The profile must come from the config file (certificate_id and
private_key_file not from flags or the environment).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.rotateCertificate(cmd.Context(), keyKind, keepOld)
		},
	}
	cmd.Flags().StringVar(&keyKind, "key", oauth2.KeyEC256, "key type of the new certificate: ec256, ec384, ec521, rsa3072 or rsa4096")
	cmd.Flags().BoolVar(&keepOld, "keep-old", false, "do not revoke the old certificate")
	return cmd
}

func (e *env) rotateCertificate(ctx context.Context, keyKind string, keepOld bool) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	if m := cfg.AuthMethod(); m != netsuite.AuthOAuth2M2M {
		return fmt.Errorf("rotate replaces an oauth2-m2m profile's certificate: this profile authenticates with %s", m)
	}
	inFile := fmt.Sprintf("profile %q in %s", cfg.Profile, cfg.ConfigFile)
	for _, k := range []string{"certificate_id", "private_key_file"} {
		if cfg.Sources[k] != inFile {
			return fmt.Errorf("%s comes from %s, not from the config file: rotate switches the profile in the config file (run it on a profile that holds both values)", k, cfg.Sources[k])
		}
	}
	keyPath, oldID := cfg.PrivateKeyFile, cfg.CertificateID
	c, err := e.newClient(cfg)
	if err != nil {
		return err
	}
	s := oauth2.NewCertificates(c)
	old, err := currentCertificate(ctx, s, cfg.ClientID, oldID)
	if err != nil {
		return err
	}
	w := e.stdout
	// 1. key pair and certificate; the key waits beside the old one.
	key, err := oauth2.GenerateKey(keyKind)
	if err != nil {
		return err
	}
	a, _ := netsuite.ParseAccount(cfg.Account)
	now := time.Now()
	certPEM, err := oauth2.SelfSignedCertificate(key, "netsuite "+a.ID()+" "+cfg.Profile, now, oauth2.MaxCertificateValidity)
	if err != nil {
		return err
	}
	newKeyPath := keyPath + ".new"
	if err := oauth2.WritePrivateKeyFile(newKeyPath, key); err != nil {
		return err
	}
	certPath := strings.TrimSuffix(keyPath, filepath.Ext(keyPath)) + "-certificate-" + now.UTC().Format("20060102T150405Z") + ".pem"
	if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
		os.Remove(newKeyPath)
		return err
	}
	fmt.Fprintf(w, "1. Created a %s key pair and a certificate valid two years (%s).\n", keyKind, certPath)
	// 2. set it up for the old certificate's role and entity.
	nc, err := s.Add(ctx, cfg.ClientID, oauth2.NewM2MCertificate{PEM: string(certPEM), Role: old.Role, Entity: old.Entity})
	if err != nil {
		os.Remove(newKeyPath)
		return fmt.Errorf("setting up the new certificate: %w", err)
	}
	fmt.Fprintf(w, "2. Set it up: certificate id %s (entity %d, role %d, valid until %s).\n", nc.CertificateID, nc.Entity, nc.Role,
		nc.ValidUntil.UTC().Format(time.DateOnly))
	// 3. prove it with its own token.
	ncfg := *cfg
	ncfg.CertificateID, ncfg.PrivateKeyFile = nc.CertificateID, newKeyPath
	if err := e.proveProfile(ctx, &ncfg); err != nil {
		if _, rerr := s.Revoke(ctx, cfg.ClientID, nc.CertificateID); rerr != nil {
			err = fmt.Errorf("%w; revoking the new certificate failed too: %v", err, rerr)
		}
		os.Remove(newKeyPath)
		return fmt.Errorf("the new certificate does not work (revoked it; the profile is unchanged): %w", err)
	}
	fmt.Fprintf(w, "3. Proved it: a token for certificate id %s ran SELECT id FROM customer.\n", nc.CertificateID)
	// 4. switch the profile.
	oldKeyPath := keyPath + "." + now.UTC().Format("20060102T150405Z") + ".old"
	if err := os.Rename(keyPath, oldKeyPath); err != nil {
		return fmt.Errorf("keeping the old key: %w (the new key is %s, certificate id %s)", err, newKeyPath, nc.CertificateID)
	}
	if err := os.Chmod(oldKeyPath, 0o600); err != nil {
		return err
	}
	if err := os.Rename(newKeyPath, keyPath); err != nil {
		return fmt.Errorf("installing the new key: %w (it is %s, certificate id %s)", err, newKeyPath, nc.CertificateID)
	}
	if err := setProfileValue(cfg.ConfigFile, cfg.Profile, "certificate_id", nc.CertificateID); err != nil {
		return fmt.Errorf("the new key is in place but the profile still names the old certificate: set certificate_id = %q in profile %q (%w)", nc.CertificateID, cfg.Profile, err)
	}
	fmt.Fprintf(w, "4. Switched profile %q: certificate_id %s, private_key_file %s (new key); old key kept as %s (mode 0600).\n",
		cfg.Profile, nc.CertificateID, keyPath, oldKeyPath)
	// 5. revoke the old certificate, with the new one's token.
	if keepOld {
		fmt.Fprintf(w, "5. Kept the old certificate %s active (--keep-old): revoke it with netsuite auth certificates revoke %s\n", oldID, oldID)
		return nil
	}
	ncfg.PrivateKeyFile = keyPath
	nclient, err := e.newClient(&ncfg)
	if err != nil {
		return err
	}
	if _, err := oauth2.NewCertificates(nclient).Revoke(ctx, cfg.ClientID, oldID); err != nil {
		return fmt.Errorf("the profile uses the new certificate, but revoking the old one (%s) failed: %w", oldID, err)
	}
	fmt.Fprintf(w, "5. Revoked the old certificate %s.\n", oldID)
	return nil
}

// proveProfile gets a token with cfg and runs a one-row SuiteQL query.
func (e *env) proveProfile(ctx context.Context, cfg *netsuite.Config) error {
	c, err := e.newClient(cfg)
	if err != nil {
		return err
	}
	_, err = suiteql.New(c).Query(ctx, "SELECT id FROM customer", &suiteql.PageOptions{Limit: 1})
	return err
}

// setProfileValue sets key = value in profile's table of the TOML config
// file, keeping the rest of the file (comments, order) as it is; the file
// is replaced atomically with its mode kept. The result is parsed back to
// check that the profile now has the value.
func setProfileValue(path, profile, key, value string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(old))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return err
	}
	newLine := key + " = " + tomlString(value)
	in, done, header := false, false, -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			if in && !done {
				break
			}
			in = tableName(t) == profile
			if in {
				header = i
			}
			continue
		}
		if in {
			if k, _, ok := strings.Cut(t, "="); ok && strings.Trim(strings.TrimSpace(k), `"`) == key {
				lines[i] = newLine
				done = true
			}
		}
	}
	if header < 0 {
		return fmt.Errorf("no table [%s] in %s", profile, path)
	}
	if !done {
		lines = append(lines[:header+1], append([]string{newLine}, lines[header+1:]...)...)
	}
	out := []byte(strings.Join(lines, "\n") + "\n")
	var check map[string]any
	if err := toml.Unmarshal(out, &check); err != nil {
		return fmt.Errorf("the edited config file would not parse: %w", err)
	}
	if p, _ := check[profile].(map[string]any); p == nil || p[key] != value {
		return errors.New("the edit did not reach the profile")
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out, st.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// tableName is the name of a TOML table header line ("[a]", `["a-b"]`),
// or "" for an array of tables or a dotted name.
func tableName(line string) string {
	if strings.HasPrefix(line, "[[") {
		return ""
	}
	end := strings.LastIndex(line, "]")
	if end < 0 {
		return ""
	}
	name := strings.TrimSpace(line[1:end])
	if u, err := strconv.Unquote(name); err == nil {
		return u
	}
	if strings.HasPrefix(name, "'") && strings.HasSuffix(name, "'") && len(name) >= 2 {
		return name[1 : len(name)-1]
	}
	return name
}
