package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/oauth2"
)

// The authorization code grant (auth = oauth2-code) in the CLI: auth login,
// auth logout, and the token source every command uses.

// codeConfig builds the authorization code flow of cfg.
func codeConfig(cfg *netsuite.Config) (*oauth2.AuthorizationCode, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a, _ := netsuite.ParseAccount(cfg.Account)
	c := &oauth2.AuthorizationCode{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret.Reveal(), RedirectURI: cfg.RedirectURI,
		Scopes: cfg.ScopeList(), HTTPClient: &http.Client{Timeout: defaultTokenTimeout}}
	c.Endpoints(a.ID(), cfg.BaseURL)
	return c, nil
}

// tokenFile is where an oauth2-code profile's tokens live: beside the
// config file (oauth2-<profile>.refresh-token), or beside the credentials
// file when the client id comes from one (<creds>-oauth2-code.token), so
// that an emulator's login never overwrites a real profile's.
func tokenFile(cfg *netsuite.Config) oauth2.RefreshTokenFile {
	path := oauth2.RefreshTokenPath(cfg.ConfigFile, cfg.Profile)
	if src, ok := strings.CutPrefix(cfg.Sources["client_id"], "credentials file "); ok {
		path = strings.TrimSuffix(src, filepath.Ext(src)) + "-oauth2-code.token"
	}
	a, _ := netsuite.ParseAccount(cfg.Account)
	return oauth2.RefreshTokenFile{Path: path, Account: a.ID(), ClientID: cfg.ClientID}
}

// codeAuthenticator is the bearer authenticator of an oauth2-code profile:
// the stored access token while valid, else a refresh under the token
// file's lock.
func codeAuthenticator(cfg *netsuite.Config) (*oauth2.Authenticator, error) {
	cc, err := codeConfig(cfg)
	if err != nil {
		return nil, err
	}
	src := &oauth2.RefreshingSource{Config: cc, Store: tokenFile(cfg)}
	return &oauth2.Authenticator{Source: oauth2.NewReuseTokenSource(src, nil)}, nil
}

// pendingLogin is a login started with --print-url, finished with
// --redirect-url: the PKCE verifier and state, kept 0600 beside the token
// file for pendingTTL.
type pendingLogin struct {
	ClientID    string    `json:"client_id"`
	RedirectURI string    `json:"redirect_uri"`
	State       string    `json:"state"`
	Verifier    string    `json:"code_verifier"`
	Created     time.Time `json:"created"`
}

// pendingTTL bounds how long a printed authorize URL can be finished.
const pendingTTL = time.Hour

func pendingPath(tf oauth2.RefreshTokenFile) string { return tf.Path + ".pending" }

func savePending(path string, p pendingLogin) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return oauth2.WriteSecretFile(path, b)
}

func loadPending(path string, cfg *netsuite.Config, now time.Time) (*pendingLogin, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errors.New("no login is in progress for this profile: start one with \"netsuite auth login --print-url\" (or run \"netsuite auth login\" and paste the URL)")
	}
	if err != nil {
		return nil, err
	}
	var p pendingLogin
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("the pending login %s is damaged (%v): start again with \"netsuite auth login --print-url\"", path, err)
	}
	switch {
	case p.ClientID != cfg.ClientID || p.RedirectURI != cfg.RedirectURI:
		return nil, errors.New("the pending login was started with another client id or redirect URI: start again with \"netsuite auth login --print-url\"")
	case now.Sub(p.Created) > pendingTTL:
		return nil, fmt.Errorf("the pending login was started at %s, over %s ago: start again with \"netsuite auth login --print-url\"", p.Created.Format(time.RFC3339), pendingTTL)
	}
	return &p, nil
}

// redirectQuery reads the query of a pasted redirect: the full URL the
// browser was sent to, or just its query string.
func redirectQuery(s string) (url.Values, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("no redirect URL given: paste the full URL your browser was sent to after you allowed access (it holds code= and state=)")
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	q, err := url.ParseQuery(s)
	if err != nil {
		return nil, errors.New("the redirect URL's query cannot be read: paste the whole URL from the browser's address bar")
	}
	if q.Get("code") == "" && q.Get("error") == "" {
		return nil, errors.New("the redirect URL has no code= (nor error=): paste the URL the browser was sent to after you allowed access, not the authorize URL")
	}
	return q, nil
}

// openBrowser opens u with $BROWSER, else the system's opener.
func openBrowser(getenv func(string) string, u string) error {
	var cmd *exec.Cmd
	switch b := getenv("BROWSER"); {
	case b != "":
		cmd = exec.Command(b, u)
	case runtime.GOOS == "darwin":
		cmd = exec.Command("open", u)
	case runtime.GOOS == "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// codeProfile loads the configuration and checks it is an oauth2-code
// profile, for auth login and logout.
func (e *env) codeProfile(what string) (*netsuite.Config, *oauth2.AuthorizationCode, oauth2.RefreshTokenFile, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, nil, oauth2.RefreshTokenFile{}, err
	}
	if m := cfg.AuthMethod(); m != netsuite.AuthOAuth2Code {
		return nil, nil, oauth2.RefreshTokenFile{}, fmt.Errorf("auth %s is for OAuth 2.0 authorization code profiles (auth = oauth2-code, client_id, client_secret unless public, redirect_uri, scopes), not %s", what, m)
	}
	cc, err := codeConfig(cfg)
	if err != nil {
		return nil, nil, oauth2.RefreshTokenFile{}, err
	}
	return cfg, cc, tokenFile(cfg), nil
}

func newAuthLoginCmd(e *env) *cobra.Command {
	var redirectURL string
	var printURL, open bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in with the OAuth 2.0 authorization code flow (auth = oauth2-code): print the authorize URL, read the redirect back, store the tokens 0600",
		Long: `login runs the authorization code grant with PKCE (S256) for an
oauth2-code profile:

  1. it prints the authorize URL (NetSuite's login and consent page) with a
     fresh state and PKCE challenge; --open also opens it in a browser;
  2. you log in and allow access; NetSuite sends the browser to the redirect
     URI with code= and state=. NetSuite accepts only https or a custom URL
     scheme there, not an http loopback (Help Center section 158081944642),
     so paste the full URL from the address bar (the page itself may not
     load, that is fine);
  3. it checks the state (a different one is refused and nothing is
     stored), exchanges the code (HTTP Basic for confidential clients) and
     stores the refresh and access tokens in a 0600 file beside the profile.

Every later command uses the access token and refreshes it near its expiry
(a public client's rotated refresh token is stored before it is used).

Without a terminal: "auth login --print-url" prints the URL and keeps the
state and verifier for an hour; "auth login --redirect-url URL" finishes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			cfg, cc, tf, err := e.codeProfile("login")
			if err != nil {
				return err
			}
			if cfg.RedirectURI == "" {
				return &netsuite.ConfigError{Key: "redirect_uri", Problem: "is not set"}
			}
			if redirectURL != "" {
				p, err := loadPending(pendingPath(tf), cfg, time.Now())
				if err != nil {
					return err
				}
				if err := e.finishLogin(ctx, cc, tf, redirectURL, p.State, p.Verifier); err != nil {
					return err
				}
				return os.Remove(pendingPath(tf))
			}
			state, verifier := oauth2.NewState(), oauth2.NewVerifier()
			u := cc.AuthCodeURL(state, verifier)
			w := e.stdout
			if printURL {
				if err := savePending(pendingPath(tf), pendingLogin{ClientID: cfg.ClientID, RedirectURI: cfg.RedirectURI,
					State: state, Verifier: verifier, Created: time.Now().UTC()}); err != nil {
					return err
				}
				fmt.Fprintln(w, u)
				fmt.Fprintf(e.stderr, "Open the URL above, log in and allow access, then run:\n  netsuite auth login --redirect-url 'URL YOUR BROWSER WAS SENT TO'\n(within %s)\n", pendingTTL)
				return nil
			}
			fmt.Fprintf(w, "Open this URL in a browser, log in to NetSuite and allow access:\n\n  %s\n\n", u)
			if open {
				if err := openBrowser(e.getenv, u); err != nil {
					e.warn("cannot open a browser (" + err.Error() + "): open the URL yourself")
				}
			}
			fmt.Fprintf(w, "NetSuite then sends the browser to %s?code=…&state=… (the page may not load).\nPaste that full URL here: ", cfg.RedirectURI)
			line, err := bufio.NewReader(e.stdin).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			fmt.Fprintln(w)
			return e.finishLogin(ctx, cc, tf, line, state, verifier)
		},
	}
	f := cmd.Flags()
	f.StringVar(&redirectURL, "redirect-url", "", "finish a login started with --print-url: the full URL the browser was sent to")
	f.BoolVar(&printURL, "print-url", false, "print the authorize URL, keep the state and PKCE verifier (0600, one hour) and exit; finish with --redirect-url")
	f.BoolVar(&open, "open", false, "also open the authorize URL in a browser ($BROWSER, else the system's)")
	return cmd
}

// finishLogin checks the pasted redirect, exchanges its code and stores
// the tokens. A state mismatch stores nothing.
func (e *env) finishLogin(ctx context.Context, cc *oauth2.AuthorizationCode, tf oauth2.RefreshTokenFile, pasted, state, verifier string) error {
	q, err := redirectQuery(pasted)
	if err != nil {
		return err
	}
	tok, err := cc.Exchange(ctx, q, state, verifier)
	if err != nil {
		if errors.Is(err, oauth2.ErrStateMismatch) {
			return fmt.Errorf("%w; nothing was stored", err)
		}
		return fmt.Errorf("login failed, nothing was stored: %w", err)
	}
	if tok.RefreshToken == "" {
		return errors.New("login failed: NetSuite answered no refresh token; nothing was stored")
	}
	unlock, err := tf.Lock(ctx)
	if err != nil {
		return err
	}
	err = tf.SaveToken(tok)
	unlock()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Logged in. Tokens stored in %s (mode 0600); access token valid until %s.\n", tf.Path, tok.Expiry.UTC().Format(time.RFC3339))
	return nil
}

func newAuthLogoutCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Revoke the stored OAuth 2.0 refresh token (auth = oauth2-code) at NetSuite's revoke endpoint and delete the token file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			_, cc, tf, err := e.codeProfile("logout")
			if err != nil {
				return err
			}
			unlock, err := tf.Lock(ctx)
			if err != nil {
				return err
			}
			defer unlock()
			tok, err := tf.LoadToken()
			if err != nil {
				if errors.Is(err, oauth2.ErrLoginRequired) {
					fmt.Fprintf(e.stdout, "Not logged in: no usable tokens at %s.\n", tf.Path)
					return tf.Remove()
				}
				return err
			}
			// Revoking the refresh token ends its chain (section 158081952044).
			rerr := cc.Revoke(ctx, tok.RefreshToken)
			if err := tf.Remove(); err != nil {
				return err
			}
			if rerr != nil {
				return fmt.Errorf("deleted %s, but NetSuite did not revoke the refresh token (it stays valid until it expires; if it may have leaked, revoke the application's access in NetSuite or disable the integration record): %w", tf.Path, rerr)
			}
			fmt.Fprintf(e.stdout, "Logged out: the refresh token was revoked and %s deleted.\n", tf.Path)
			return nil
		},
	}
}
