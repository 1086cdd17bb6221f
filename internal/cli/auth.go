package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/spf13/cobra"
)

func newAuthCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Authentication tools: sign requests, build tokenPassports, diagnose, OAuth 2.0 login and logout",
		Long: `Tools for when NetSuite answers "Invalid login attempt.": compute exactly
what a request's signature should be and compare it with what your code sends.`,
	}
	cmd.AddCommand(newAuthSignCmd(e), newAuthPassportCmd(e), newAuthCheckCmd(e))
	cmd.AddCommand(newAuthAssertionCmd(e), newAuthLoginCmd(e), newAuthLogoutCmd(e))
	cmd.AddCommand(newAuthCertificatesCmd(e))
	return cmd
}

// signingCreds resolves the credentials for the auth tools. A missing value
// is an error; a malformed one only a warning, since these tools are also
// used to reproduce other programs' signatures with test values.
func (e *env) signingCreds(needAccount bool) (auth.Credentials, netsuite.Account, *netsuite.Config, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return auth.Credentials{}, netsuite.Account{}, nil, err
	}
	var missing []error
	for _, f := range []struct{ key, v string }{
		{"account", cfg.Account}, {"consumer_key", cfg.ConsumerKey}, {"consumer_secret", cfg.ConsumerSecret.Reveal()},
		{"token_id", cfg.TokenID}, {"token_secret", cfg.TokenSecret.Reveal()},
	} {
		if f.v == "" && (f.key != "account" || needAccount) {
			missing = append(missing, &netsuite.ConfigError{Key: f.key, Problem: "is not set"})
		}
	}
	if len(missing) > 0 {
		return auth.Credentials{}, netsuite.Account{}, nil, errors.Join(missing...)
	}
	var acct netsuite.Account
	if cfg.Account != "" {
		if acct, err = netsuite.ParseAccount(cfg.Account); err != nil {
			return auth.Credentials{}, acct, nil, err
		}
	}
	if verr := cfg.Validate(); verr != nil {
		for _, line := range strings.Split(verr.Error(), "\n") {
			if !strings.Contains(line, "account id") && !strings.Contains(line, "is not set") {
				fmt.Fprintln(e.stderr, "netsuite: warning:", line)
			}
		}
	}
	return auth.Credentials{
		Account: acct.ID(), ConsumerKey: cfg.ConsumerKey, ConsumerSecret: cfg.ConsumerSecret,
		TokenID: cfg.TokenID, TokenSecret: cfg.TokenSecret,
	}, acct, cfg, nil
}

// fixedInputs turns --nonce and --timestamp into signer options.
func fixedInputs(nonce, timestamp string) ([]auth.SignerOption, error) {
	var opts []auth.SignerOption
	if nonce != "" {
		opts = append(opts, auth.WithNonceSource(auth.FixedNonce(nonce)))
	}
	if timestamp != "" {
		t, err := auth.ParseTimestamp(timestamp)
		if err != nil {
			return nil, fmt.Errorf("--timestamp: %w", err)
		}
		opts = append(opts, auth.WithClock(auth.FixedClock(t)))
	}
	return opts, nil
}

func (e *env) warnNonce(nonce string) {
	if nonce != "" && !auth.ValidNonce(nonce) {
		fmt.Fprintf(e.stderr, "netsuite: warning: NetSuite refuses this nonce: it takes 6 to 64 letters and digits\n")
	}
}

func (e *env) writeJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newAuthSignCmd(e *env) *cobra.Command {
	var method, rawURL, nonce, timestamp, sigMethod, realm string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sign --method M --url U",
		Short: "Sign a REST or RESTlet request (OAuth 1.0a) and show every step",
		Long: `sign prints the normalized parameters, the signature base string, the
signature and the Authorization header for one request, with the configured
credentials unless flags override them. Fix --nonce and --timestamp to
reproduce a signature another program made. The realm defaults to the
account id (1234567_SB1 form). A URL given as a path is joined to the
account's SuiteTalk domain or --base-url.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			creds, acct, cfg, err := e.signingCreds(realm == "")
			if err != nil {
				return err
			}
			m, err := auth.ParseSignatureMethod(sigMethod)
			if err != nil {
				return fmt.Errorf("--signature-method: %w", err)
			}
			if m == auth.HMACSHA1 {
				fmt.Fprintln(e.stderr, "netsuite: warning: NetSuite refuses HMAC-SHA1 for REST web services and RESTlets since 2023.1")
			}
			opts, err := fixedInputs(nonce, timestamp)
			if err != nil {
				return err
			}
			e.warnNonce(nonce)
			if realm == "" {
				realm = acct.Realm()
			}
			opts = append(opts, auth.WithRealm(realm), auth.WithSignatureMethod(m))
			if creds.Account == "" {
				creds.Account = realm
			}
			s, err := auth.NewSigner(creds, opts...)
			if err != nil {
				return err
			}
			target, err := resolveURL(rawURL, acct, cfg.BaseURL)
			if err != nil {
				return err
			}
			sig, err := s.Sign(strings.ToUpper(method), target)
			if err != nil {
				return err
			}
			if asJSON {
				params := make([]map[string]string, len(sig.RequestParams))
				for i, p := range sig.RequestParams {
					params[i] = map[string]string{"name": p.Name, "value": p.Value}
				}
				return e.writeJSON(map[string]any{
					"method":                strings.ToUpper(method),
					"url":                   target,
					"realm":                 sig.Params.Realm,
					"signature_method":      string(sig.Params.SignatureMethod),
					"nonce":                 sig.Params.Nonce,
					"timestamp":             sig.Params.Timestamp,
					"parameters":            params,
					"normalized_parameters": sig.NormalizedParameters,
					"base_string":           sig.BaseString,
					"signature":             sig.Signature,
					"authorization":         sig.Authorization,
				})
			}
			w := e.stdout
			fmt.Fprintf(w, "Request:\n  %s %s\n\nNormalized parameters (sorted; realm and oauth_signature are not signed):\n", strings.ToUpper(method), target)
			for _, p := range strings.Split(sig.NormalizedParameters, "&") {
				fmt.Fprintf(w, "  %s\n", p)
			}
			fmt.Fprintf(w, "\nSignature base string:\n  %s\n\nSignature (%s):\n  %s\n\nAuthorization header:\n  Authorization: %s\n",
				sig.BaseString, sig.Params.SignatureMethod, sig.Signature, sig.Authorization)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&method, "method", "GET", "HTTP method")
	f.StringVar(&rawURL, "url", "", "request URL, with its query string (required)")
	f.StringVar(&nonce, "nonce", "", "fixed nonce (default: 20 random alphanumerics)")
	f.StringVar(&timestamp, "timestamp", "", "fixed timestamp in Unix seconds (default: now)")
	f.StringVar(&sigMethod, "signature-method", "HMAC-SHA256", "HMAC-SHA256 or HMAC-SHA1")
	f.StringVar(&realm, "realm", "", "OAuth realm (default: the account id)")
	f.BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.MarkFlagRequired("url")
	return cmd
}

// resolveURL accepts a full URL, or a path joined to the base URL or the
// account's SuiteTalk domain.
func resolveURL(raw string, acct netsuite.Account, baseURL string) (string, error) {
	if strings.HasPrefix(raw, "/") {
		base := "https://" + acct.SuiteTalkDomain()
		if baseURL != "" {
			u, err := netsuite.ParseBaseURL(baseURL)
			if err != nil {
				return "", fmt.Errorf("base URL %s", err)
			}
			base = u.String()
		} else if acct.IsZero() {
			return "", fmt.Errorf("--url %q is a path: give a full URL, an account, or --base-url", raw)
		}
		return base + raw, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("--url %q is not an http(s) URL with a host", raw)
	}
	return raw, nil
}

func newAuthPassportCmd(e *env) *cobra.Command {
	var nonce, timestamp, algorithm, version string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "passport",
		Short: "Build a SOAP tokenPassport and show its base string and signature",
		Long: `passport prints the tokenPassport base string
(account&consumerKey&token&nonce&timestamp), its signature (key
consumerSecret&tokenSecret, neither percent-encoded) and the header XML, with
the configured credentials unless flags override them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			creds, _, _, err := e.signingCreds(true)
			if err != nil {
				return err
			}
			alg, err := auth.ParsePassportAlgorithm(algorithm)
			if err != nil {
				return fmt.Errorf("--algorithm: %w", err)
			}
			opts, err := fixedInputs(nonce, timestamp)
			if err != nil {
				return err
			}
			e.warnNonce(nonce)
			s, err := auth.NewSigner(creds, opts...)
			if err != nil {
				return err
			}
			p, err := s.Passport(alg)
			if err != nil {
				return err
			}
			xml := p.XML(version)
			if asJSON {
				return e.writeJSON(map[string]any{
					"account":      p.Account,
					"consumer_key": p.ConsumerKey,
					"token":        p.Token,
					"nonce":        p.Nonce,
					"timestamp":    p.Timestamp,
					"algorithm":    string(p.Algorithm),
					"base_string":  p.BaseString(),
					"signature":    p.Signature,
					"xml":          xml,
				})
			}
			fmt.Fprintf(e.stdout, "Base string (account&consumerKey&token&nonce&timestamp):\n  %s\n\nSignature (%s):\n  %s\n\ntokenPassport (SOAP header, endpoint %s):\n  %s\n",
				p.BaseString(), p.Algorithm, p.Signature, version, xml)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&nonce, "nonce", "", "fixed nonce (default: 20 random alphanumerics)")
	f.StringVar(&timestamp, "timestamp", "", "fixed timestamp in Unix seconds (default: now)")
	f.StringVar(&algorithm, "algorithm", "HMAC_SHA256", "HMAC_SHA256 or HMAC_SHA1")
	f.StringVar(&version, "endpoint-version", defaultSOAPVersion, "SuiteTalk endpoint version for the XML namespaces")
	f.BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}

// defaultSOAPVersion is the endpoint whose schema the project ships.
const defaultSOAPVersion = "2023_2"
