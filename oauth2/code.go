package oauth2

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Paths of the authorization code grant: authorize on the account's app
// domain (section 158081944642), revoke beside the token endpoint
// (section 158081952044).
const (
	AuthorizePath = "/app/login/oauth2/authorize.nl"
	RevokePath    = "/services/rest/auth/oauth2/v1/revoke"
)

// AuthorizationCode is the authorization code grant with PKCE (S256).
// ClientSecret is empty for a public client (then refresh tokens are
// single-use and every refresh answers a new one).
type AuthorizationCode struct {
	AuthorizeURL, TokenURL, RevokeURL string
	ClientID                          string
	ClientSecret                      string
	RedirectURI                       string
	// Scopes (space-separated in the authorize request, section
	// 158081944642).
	Scopes     []string
	HTTPClient *http.Client
	Now        func() time.Time
}

// Endpoints fills the three URLs for account (or baseURL: the emulator).
func (c *AuthorizationCode) Endpoints(account, baseURL string) {
	app, st := domains(account)
	app, st = "https://"+app, "https://"+st
	if baseURL != "" {
		app, st = strings.TrimRight(baseURL, "/"), strings.TrimRight(baseURL, "/")
	}
	c.AuthorizeURL, c.TokenURL, c.RevokeURL = app+AuthorizePath, st+TokenPath, st+RevokePath
}

func (c *AuthorizationCode) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewState returns a random state: 43 characters (NetSuite wants 22 to
// 1024 printable ASCII characters, unique per flow: subsection
// 158711892221).
func NewState() string { return randomString(32) }

// NewVerifier returns a PKCE code verifier (43 characters, RFC 7636 4.1).
func NewVerifier() string { return randomString(32) }

// S256Challenge is the S256 code challenge of verifier (RFC 7636 4.2).
func S256Challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthCodeURL is the URL to open in the user's browser (step one).
func (c *AuthorizationCode) AuthCodeURL(state, verifier string) string {
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {c.ClientID},
		"redirect_uri":          {c.RedirectURI},
		"scope":                 {strings.Join(c.Scopes, " ")},
		"state":                 {state},
		"code_challenge":        {S256Challenge(verifier)},
		"code_challenge_method": {"S256"},
	}
	return c.AuthorizeURL + "?" + q.Encode()
}

// AuthorizeError is an error redirected back by the authorize endpoint
// (error=access_denied, invalid_scope, ...).
type AuthorizeError struct{ Code string }

func (e *AuthorizeError) Error() string {
	return "oauth2: authorization refused: " + e.Code + " (the reason is in NetSuite's Login Audit Trail)"
}

// ErrStateMismatch: the redirect's state is not the one sent (a forged or
// stale redirect: RFC 6749 10.12); nothing is exchanged.
var ErrStateMismatch = errors.New("oauth2: the redirect's state does not match the one sent: refusing to exchange the code (restart the login)")

// Exchange checks the redirect's query (state, error) and exchanges its
// code for tokens (step two), sending the PKCE verifier.
func (c *AuthorizationCode) Exchange(ctx context.Context, redirect url.Values, state, verifier string) (*Token, error) {
	if e := redirect.Get("error"); e != "" {
		return nil, &AuthorizeError{Code: e}
	}
	if redirect.Get("state") == "" || redirect.Get("state") != state {
		return nil, ErrStateMismatch
	}
	code := redirect.Get("code")
	if code == "" {
		return nil, errors.New("oauth2: the redirect has no code")
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.RedirectURI}, "code_verifier": {verifier}}
	return c.post(ctx, c.TokenURL, form)
}

func (c *AuthorizationCode) post(ctx context.Context, endpoint string, form url.Values) (*Token, error) {
	if c.ClientSecret == "" {
		form.Set("client_id", c.ClientID) // public client
		return postForm(ctx, c.HTTPClient, endpoint, form, "", "", c.now())
	}
	// Confidential clients authenticate with HTTP Basic (section
	// 158081952044).
	return postForm(ctx, c.HTTPClient, endpoint, form, c.ClientID, c.ClientSecret, c.now())
}

// Refresh asks for a new access token with refreshToken. A public
// client's answer carries a new refresh token (the old one is spent).
func (c *AuthorizationCode) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	t, err := c.post(ctx, c.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}})
	if err != nil {
		return nil, err
	}
	if t.RefreshToken == "" {
		t.RefreshToken = refreshToken // confidential: the same one stays valid
	}
	return t, nil
}

// Revoke revokes refreshToken (and so its chain).
func (c *AuthorizationCode) Revoke(ctx context.Context, refreshToken string) error {
	form := url.Values{"token": {refreshToken}}
	if c.ClientSecret == "" {
		form.Set("client_id", c.ClientID) // public client
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.RevokeURL, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c.ClientSecret != "" {
		req.SetBasicAuth(c.ClientID, c.ClientSecret)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("oauth2: revoke: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &Error{StatusCode: resp.StatusCode, Code: "revoke refused", Endpoint: redactURL(c.RevokeURL)}
	}
	return nil
}
