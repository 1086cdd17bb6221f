package oauth2

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Token is an OAuth 2.0 access token, and for the authorization code flow
// its refresh token. String and the fmt verbs never show the tokens.
type Token struct {
	AccessToken  string
	TokenType    string
	RefreshToken string
	Expiry       time.Time
}

// String describes the token without its secrets.
func (t *Token) String() string {
	if t == nil {
		return "<nil token>"
	}
	return fmt.Sprintf("oauth2.Token{type: %s, expiry: %s, access: [REDACTED], refresh: %t}",
		t.TokenType, t.Expiry.UTC().Format(time.RFC3339), t.RefreshToken != "")
}

// GoString is String, so %#v does not print the tokens either.
func (t *Token) GoString() string { return t.String() }

// expiryDelta is how long before its expiry a token is replaced, so that a
// request does not reach NetSuite with a token expiring on the way.
const expiryDelta = 60 * time.Second

// Valid reports whether t can still be sent at now.
func (t *Token) Valid(now time.Time) bool {
	return t != nil && t.AccessToken != "" && (t.Expiry.IsZero() || now.Add(expiryDelta).Before(t.Expiry))
}

// TokenSource hands out tokens.
type TokenSource interface {
	Token(ctx context.Context) (*Token, error)
}

// ReuseTokenSource caches a token until shortly before it expires. When it
// is (or is about to be) expired, exactly one caller fetches a new one from
// the underlying source; the others wait for that result (or for their
// context).
type ReuseTokenSource struct {
	src TokenSource
	now func() time.Time

	sem chan struct{} // held by the one fetching
	mu  sync.Mutex
	tok *Token
}

// NewReuseTokenSource wraps src; now is the clock (nil: time.Now).
func NewReuseTokenSource(src TokenSource, now func() time.Time) *ReuseTokenSource {
	if now == nil {
		now = time.Now
	}
	return &ReuseTokenSource{src: src, now: now, sem: make(chan struct{}, 1)}
}

func (s *ReuseTokenSource) cached() *Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.Valid(s.now()) {
		return s.tok
	}
	return nil
}

// Token returns the cached token or fetches a new one.
func (s *ReuseTokenSource) Token(ctx context.Context) (*Token, error) {
	if t := s.cached(); t != nil {
		return t, nil
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.sem }()
	if t := s.cached(); t != nil { // another caller fetched it meanwhile
		return t, nil
	}
	t, err := s.src.Token(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.tok = t
	s.mu.Unlock()
	return t, nil
}

// Invalidate drops the cached token if it is tok (the one NetSuite
// rejected), so that the next request fetches a new one, and tells the
// underlying source when it has an Invalidate method too (a
// [RefreshingSource] then refreshes instead of handing out its stored
// token again).
func (s *ReuseTokenSource) Invalidate(tok string) {
	s.mu.Lock()
	if s.tok != nil && s.tok.AccessToken == tok {
		s.tok = nil
	}
	s.mu.Unlock()
	if inv, ok := s.src.(interface{ Invalidate(string) }); ok {
		inv.Invalidate(tok)
	}
}

// Error is a refusal from the token, authorize or revoke endpoint:
// NetSuite's {"error":"<code>"} with the HTTP status. The reason is only
// in the account's Login Audit Trail (subsection 158521832417).
type Error struct {
	StatusCode int
	// Code is invalid_request, invalid_client, invalid_grant,
	// invalid_scope, unauthorized_client, unsupported_grant_type, ...
	Code string
	// Endpoint is the URL asked.
	Endpoint string
}

func (e *Error) Error() string {
	return fmt.Sprintf("oauth2: %s refused: %d %s (%s; the reason is in NetSuite's Login Audit Trail: Setup > Users/Roles > User Management > View Login Audit Trail)",
		e.Endpoint, e.StatusCode, e.Code, hint(e.Code))
}

func hint(code string) string {
	switch code {
	case "invalid_client":
		return "the client failed to authenticate: check client_id, certificate_id (the JWT kid), the private key and that the certificate is mapped and active"
	case "invalid_grant":
		return "the grant was refused: assertion expired or too long-lived (clock skew?), refresh token expired, revoked or already used, entity or role disabled"
	case "invalid_scope":
		return "a scope is not ticked on the integration record"
	case "unauthorized_client":
		return "the integration record does not allow this grant"
	case "invalid_request":
		return "a parameter is missing or malformed"
	}
	return "see NetSuite's OAuth 2.0 documentation"
}

// tokenJSON is the token endpoint's answer (expires_in is a string in
// NetSuite's samples; a number is accepted too).
type tokenJSON struct {
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	TokenType    string          `json:"token_type"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	Error        string          `json:"error"`
}

// postForm posts form to endpoint (with HTTP Basic when clientID is set)
// and decodes a token answer.
func postForm(ctx context.Context, hc *http.Client, endpoint string, form url.Values, basicID, basicSecret string, now time.Time) (*Token, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("oauth2: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("oauth2: token request: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("oauth2: token response: %w", err)
	}
	var tj tokenJSON
	jerr := json.Unmarshal(body, &tj)
	if resp.StatusCode != http.StatusOK {
		code := tj.Error
		if jerr != nil || code == "" {
			code = "unexpected answer"
		}
		return nil, &Error{StatusCode: resp.StatusCode, Code: code, Endpoint: redactURL(endpoint)}
	}
	if jerr != nil || tj.AccessToken == "" {
		return nil, fmt.Errorf("oauth2: %s answered 200 without an access token", redactURL(endpoint))
	}
	t := &Token{AccessToken: tj.AccessToken, RefreshToken: tj.RefreshToken, TokenType: tj.TokenType}
	if secs := strings.Trim(string(tj.ExpiresIn), `"`); secs != "" {
		n, err := strconv.Atoi(secs)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("oauth2: %s answered expires_in %q, not a positive number of seconds", redactURL(endpoint), secs)
		}
		t.Expiry = now.Add(time.Duration(n) * time.Second)
	}
	return t, nil
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "the token endpoint"
	}
	u.RawQuery = ""
	return u.Redacted()
}

// TokenRejectedError is a 401 answered to a request sent with a bearer
// token: the access token expired (NetSuite's clock ahead of ours), was
// revoked, or lacks the scope the surface needs; not a wrong login. The
// cached token is dropped, so the next request fetches a new one.
type TokenRejectedError struct {
	// Err is the pipeline's *netsuite.Error for the 401.
	Err error
	// Expiry is the rejected token's exp claim (NetSuite's access tokens
	// are JWTs: section 158255317571), zero when it cannot be read;
	// Expired says whether it had passed by this machine's clock.
	Expiry  time.Time
	Expired bool
}

func (e *TokenRejectedError) Error() string {
	why := "(expired, revoked, or its scope lacks this surface: REST web services need rest_webservices, RESTlets restlets)"
	switch {
	case e.Expired:
		why = "(it expired at " + e.Expiry.UTC().Format(time.RFC3339) + ")"
	case !e.Expiry.IsZero():
		why = "(it is valid until " + e.Expiry.UTC().Format(time.RFC3339) + " by this machine's clock: revoked, NetSuite's clock ahead of this one, or its scope lacks this surface: REST web services need rest_webservices, RESTlets restlets)"
	}
	return "oauth2: NetSuite rejected the access token, not the login " + why + "; the token was dropped (netsuite.RetryPolicy sends the request once more with a new one, and returns this error when that is refused too): " + e.Err.Error()
}

// Unwrap returns the pipeline's error.
func (e *TokenRejectedError) Unwrap() error { return e.Err }

// TokenRejected marks the error for netsuite.RetryPolicy: the request was
// refused before it ran, and the token is dropped, so the policy sends it
// once more with a new one (a refresh, or a new client credentials token).
func (e *TokenRejectedError) TokenRejected() bool { return true }

// IsTokenRejected reports whether err is a [*TokenRejectedError].
func IsTokenRejected(err error) bool {
	var e *TokenRejectedError
	return errors.As(err, &e)
}
