package oauth2

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
)

// TokenPath is the token endpoint's path on the account's suitetalk.api
// domain (section 162755359851).
const TokenPath = "/services/rest/auth/oauth2/v1/token"

// Scopes (section 162790605110).
const (
	ScopeRESTWebServices = "rest_webservices"
	ScopeRESTlets        = "restlets"
	ScopeSuiteAnalytics  = "suite_analytics"
)

// TokenURL returns NetSuite's token endpoint for account, or baseURL's
// when baseURL is set (the emulator, a proxy).
func TokenURL(account, baseURL string) string {
	if baseURL != "" {
		return strings.TrimRight(baseURL, "/") + TokenPath
	}
	_, st := domains(account)
	return "https://" + st + TokenPath
}

// domains are the account's app (UI, authorize) and SuiteTalk hosts; an id
// ParseAccount refuses (Config.Validate reports it) is used as written.
func domains(account string) (app, suitetalk string) {
	a, err := netsuite.ParseAccount(account)
	if err != nil {
		slug := strings.ToLower(strings.ReplaceAll(account, "_", "-"))
		return slug + ".app.netsuite.com", slug + ".suitetalk.api.netsuite.com"
	}
	return a.SystemDomain(), a.SuiteTalkDomain()
}

// assertionType is client_assertion_type (section 162755359851).
const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// DefaultAssertionLifetime is how long an assertion is valid; NetSuite
// requires exp less than 60 minutes after iat (section 162790605110).
const DefaultAssertionLifetime = 5 * time.Minute

// ClientCredentials is the client credentials (machine-to-machine) flow:
// each token request carries a fresh JWT assertion signed with the private
// key of the certificate mapped in NetSuite (OAuth 2.0 Client Credentials
// Setup), whose certificate id is the JWT's kid.
type ClientCredentials struct {
	// TokenURL is the token endpoint (see [TokenURL]).
	TokenURL string
	// ClientID is the integration record's client id (the assertion's iss).
	ClientID string
	// CertificateID is the id NetSuite showed when the certificate was
	// mapped (the assertion's kid).
	CertificateID string
	// Key is the certificate's private key.
	Key crypto.Signer
	// Algorithm is PS256, PS384, PS512, ES256, ES384 or ES512; empty:
	// chosen from the key (ES* by curve, PS256 for RSA). RS256 is refused.
	Algorithm string
	// Scopes are rest_webservices, restlets, suite_analytics (default
	// rest_webservices).
	Scopes []string
	// HTTPClient sends token requests (nil: http.DefaultClient).
	HTTPClient *http.Client
	// Now is the clock for iat/exp (nil: time.Now).
	Now func() time.Time
	// AssertionLifetime is exp - iat (default DefaultAssertionLifetime; must
	// be under 60 minutes).
	AssertionLifetime time.Duration
}

func (c *ClientCredentials) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// check validates the configuration and returns the algorithm.
func (c *ClientCredentials) check() (string, error) {
	var missing []string
	if c.TokenURL == "" {
		missing = append(missing, "token URL")
	}
	if c.ClientID == "" {
		missing = append(missing, "client_id")
	}
	if c.CertificateID == "" {
		missing = append(missing, "certificate_id")
	}
	if c.Key == nil {
		missing = append(missing, "private key (private_key_file)")
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("oauth2: client credentials: missing %s", strings.Join(missing, ", "))
	}
	if c.AssertionLifetime >= 60*time.Minute {
		return "", fmt.Errorf("oauth2: assertion lifetime %s: NetSuite requires exp less than 60 minutes after iat", c.AssertionLifetime)
	}
	if c.Algorithm == "" {
		return Algorithm(c.Key)
	}
	if err := CheckAlgorithm(c.Algorithm, c.Key); err != nil {
		return "", err
	}
	return c.Algorithm, nil
}

func signingMethod(alg string) jwt.SigningMethod {
	return jwt.GetSigningMethod(alg)
}

// Assertion returns a freshly signed client assertion: header typ JWT, alg,
// kid = certificate id; claims iss = client id, scope (comma-separated),
// aud = the token URL, iat, exp, and a random jti.
func (c *ClientCredentials) Assertion() (string, error) {
	alg, err := c.check()
	if err != nil {
		return "", err
	}
	life := c.AssertionLifetime
	if life <= 0 {
		life = DefaultAssertionLifetime
	}
	scopes := c.Scopes
	if len(scopes) == 0 {
		scopes = []string{ScopeRESTWebServices}
	}
	now := c.now()
	jti := make([]byte, 16)
	_, _ = rand.Read(jti)
	claims := jwt.MapClaims{
		"iss":   c.ClientID,
		"scope": strings.Join(scopes, ","),
		"aud":   c.TokenURL,
		"iat":   now.Unix(),
		"exp":   now.Add(life).Unix(),
		"jti":   base64.RawURLEncoding.EncodeToString(jti),
	}
	t := jwt.NewWithClaims(signingMethod(alg), claims)
	t.Header["kid"] = c.CertificateID
	s, err := t.SignedString(c.Key)
	if err != nil {
		return "", fmt.Errorf("oauth2: sign assertion with %s: %v", alg, err)
	}
	return s, nil
}

// Token requests a new access token with a fresh assertion (one HTTP
// request; wrap in a [ReuseTokenSource] to cache).
func (c *ClientCredentials) Token(ctx context.Context) (*Token, error) {
	a, err := c.Assertion()
	if err != nil {
		return nil, err
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"client_assertion_type": {assertionType},
		"client_assertion":      {a},
	}
	return postForm(ctx, c.HTTPClient, c.TokenURL, form, "", "", c.now())
}

// TokenSource returns a caching, single-flight source over c.
func (c *ClientCredentials) TokenSource() *ReuseTokenSource {
	return NewReuseTokenSource(c, c.Now)
}

// Authenticator sets "Authorization: Bearer <token>" on each attempt of
// the request pipeline (it satisfies netsuite.Authenticator). It has no
// SOAP tokenPassport: SOAP web services accept no OAuth 2.0.
type Authenticator struct {
	Source TokenSource
}

// Authenticate sets the request's bearer token, fetched with the request's
// context.
func (a *Authenticator) Authenticate(req *http.Request) error {
	if a == nil || a.Source == nil {
		return errors.New("oauth2: Authenticator without a token source")
	}
	t, err := a.Source.Token(req.Context())
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+t.AccessToken)
	return nil
}

// Check turns a refusal of a bearer request into a [*TokenRejectedError]
// and drops the rejected token from the cache: err is what the pipeline's
// classifier made of resp (nil for a success, kept as it is). The client's
// pipeline calls it (netsuite.ResponseChecker); there is nothing to wire.
func (a *Authenticator) Check(resp *http.Response, err error) error {
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized || resp.Request == nil {
		return err
	}
	if errors.As(err, new(*TokenRejectedError)) {
		return err // already checked (a classifier that calls Check itself)
	}
	h := resp.Request.Header.Get("Authorization")
	if !strings.HasPrefix(h, "Bearer ") {
		return err
	}
	tok := strings.TrimPrefix(h, "Bearer ")
	if inv, ok := a.Source.(interface{ Invalidate(string) }); ok {
		inv.Invalidate(tok)
	}
	te := &TokenRejectedError{Err: err}
	if exp, ok := TokenExpiry(tok); ok {
		te.Expiry, te.Expired = exp, !time.Now().Before(exp)
	}
	return te
}

// ErrSOAPNeedsTBA is the answer to a SOAP call through an OAuth 2.0
// authenticator: SOAP web services accept no OAuth 2.0 (Help Center
// section 157780312610; SOAP stays on TBA until its removal).
var ErrSOAPNeedsTBA = errors.New("SOAP web services accept only Token-Based Authentication, not OAuth 2.0: use a profile with TBA values (consumer_key, consumer_secret, token_id, token_secret) and auth = \"tba\" for SOAP")

// Passport refuses: there is no OAuth 2.0 for SOAP (see ErrSOAPNeedsTBA).
func (a *Authenticator) Passport(auth.PassportAlgorithm) (*auth.Passport, error) {
	return nil, ErrSOAPNeedsTBA
}
