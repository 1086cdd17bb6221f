package sim

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim/store"
)

// TimestampWindow is how far a request's timestamp may be from the server's
// clock: NetSuite refuses timestamps more than five minutes off
// (InvalidTimestamp; rest-protocol.md §1.2).
const TimestampWindow = 5 * time.Minute

// Audit Trail details the emulator adds where NetSuite's documentation names
// none. NetSuite's own values are the store.Detail* constants.
const (
	detailMissingHeader    = "MissingRequiredParameter"
	detailBadSigMethod     = "UnsupportedSignatureMethod"
	detailBadVersion       = "InvalidVersion"
	detailAmbiguousAuth    = "AmbiguousAuthentication"
	detailNoTokenPassport  = "MissingTokenPassport"
	detailInvalidAccountID = store.DetailInvalidAccount
)

// login is a verified token login: who, with which role and integration.
type login struct {
	v       *store.Verification
	perms   store.Permissions // the role's permissions as token logins see them
	surface store.Surface
}

// loginFailure is a refused login: the reason goes to the Login Audit Trail
// only; the client sees NetSuite's uniform "Invalid login attempt.".
type loginFailure struct {
	detail string
	reason string // for the emulator's own debug log
}

func (f *loginFailure) Error() string { return f.detail + ": " + f.reason }

// credentialsIn is what a request claims, from an OAuth header or a passport.
type credentialsIn struct {
	realm, consumerKey, token, nonce string
	timestamp                        string
	verify                           func(consumerSecret, tokenSecret auth.Secret) error
}

// verifyOAuth checks a REST or RESTlet request's Authorization header.
func (s *Server) verifyOAuth(r *http.Request, surface store.Surface) (*login, error) {
	p, err := auth.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, s.refuse(r, surface, nil, &loginFailure{detailMissingHeader, err.Error()})
	}
	ci := credentialsIn{realm: p.Realm, consumerKey: p.ConsumerKey, token: p.Token, nonce: p.Nonce, timestamp: p.Timestamp}
	if p.SignatureMethod != auth.HMACSHA256 {
		// NetSuite ended HMAC-SHA1 for REST web services and RESTlets in 2023.1.
		return nil, s.refuse(r, surface, nil, &loginFailure{detailBadSigMethod, "signature method " + string(p.SignatureMethod)})
	}
	if p.Version != "" && p.Version != "1.0" {
		return nil, s.refuse(r, surface, nil, &loginFailure{detailBadVersion, "oauth_version " + p.Version})
	}
	u := requestURL(r)
	ci.verify = func(cs, ts auth.Secret) error { return auth.VerifyOAuth1(r.Method, u, p, cs, ts) }
	return s.verify(r, surface, ci, true)
}

// verifyPassport checks a SOAP tokenPassport.
func (s *Server) verifyPassport(r *http.Request, p *auth.Passport) (*login, error) {
	ci := credentialsIn{realm: p.Account, consumerKey: p.ConsumerKey, token: p.Token, nonce: p.Nonce,
		timestamp: itoa(p.Timestamp)}
	ci.verify = func(cs, ts auth.Secret) error { return auth.VerifyPassport(p, cs, ts) }
	return s.verify(r, store.SurfaceSOAP, ci, true)
}

// verify runs the checks common to both surfaces, in this order: account
// (realm), consumer key and token (store.Lookup), account and integration
// state (Verification.Check), timestamp window, nonce form, signature,
// nonce replay, then the role's permissions as token logins see them
// (RoleCacheDelay ago). The order is ours; NetSuite documents none, and
// whatever fails, the client sees the same answer.
func (s *Server) verify(r *http.Request, surface store.Surface, ci credentialsIn, realmRequired bool) (*login, error) {
	ctx := r.Context()
	acct := s.accountID()
	if !strings.EqualFold(ci.realm, acct) && (realmRequired || ci.realm != "") {
		return nil, s.refuse(r, surface, nil, &loginFailure{detailInvalidAccountID, "realm/account " + quote(ci.realm) + " is not " + acct})
	}
	v, err := s.store.Lookup(ctx, ci.consumerKey, ci.token)
	if err != nil {
		return nil, s.refuse(r, surface, v, failureFrom(err))
	}
	if err := v.Check(surface); err != nil {
		return nil, s.refuse(r, surface, v, failureFrom(err))
	}
	ts, err := auth.ParseTimestamp(ci.timestamp)
	now := s.now()
	if err != nil || ts.Before(now.Add(-TimestampWindow)) || ts.After(now.Add(TimestampWindow)) {
		return nil, s.refuse(r, surface, v, &loginFailure{store.DetailInvalidTimestamp, "timestamp " + ci.timestamp + " is outside ±5 minutes of " + itoa(now.Unix())})
	}
	if !auth.ValidNonce(ci.nonce) {
		return nil, s.refuse(r, surface, v, &loginFailure{store.DetailNonceRejected, "nonce is not 6-64 letters and digits"})
	}
	if err := ci.verify(auth.Secret(v.Integration.ConsumerSecret.Reveal()), auth.Secret(v.Token.Secret.Reveal())); err != nil {
		return nil, s.refuse(r, surface, v, &loginFailure{store.DetailInvalidSignature, err.Error()})
	}
	if !s.nonces.use(ci.consumerKey, ci.token, ci.nonce, ts, now) {
		return nil, s.refuse(r, surface, v, &loginFailure{store.DetailNonceRejected, "nonce already used"})
	}
	perms, err := s.store.EffectivePermissions(ctx, v.Role.ID, now.Add(-s.opts.RoleCacheDelay))
	if err != nil {
		return nil, err
	}
	if err := perms.CheckLogin(surface); err != nil {
		return nil, s.refuse(r, surface, v, failureFrom(err))
	}
	s.audit(r, surface, v, store.StatusSuccess, "")
	return &login{v: v, perms: perms, surface: surface}, nil
}

// failureFrom turns a store refusal into a login failure with its audit detail.
func failureFrom(err error) error {
	if d := store.AuditDetail(err); d != "" {
		return &loginFailure{d, err.Error()}
	}
	return err
}

// refuse records a failed login in the audit trail (with what is known of
// the account objects, v may be nil) and returns the failure.
func (s *Server) refuse(r *http.Request, surface store.Surface, v *store.Verification, f error) error {
	var lf *loginFailure
	if !errors.As(f, &lf) {
		return f // an internal error, not a refusal
	}
	s.audit(r, surface, v, store.StatusFailure, lf.detail)
	s.log.Debug("login refused", "surface", surface, "detail", lf.detail, "reason", lf.reason)
	return lf
}

func (s *Server) audit(r *http.Request, surface store.Surface, v *store.Verification, status, detail string) {
	e := store.LoginEntry{Surface: surface, IP: clientIP(r), Status: status, Detail: detail}
	if v != nil {
		e.User, e.Role, e.TokenName = v.Employee.Email, v.Role.Name, v.Token.Name
		e.Integration = v.Integration.Name
		if e.Integration == "" {
			e.Integration = v.Token.IntegrationName
		}
	}
	// The audit trail must not fail a request; a write error is logged.
	if err := s.store.RecordLogin(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Warn("cannot record login", "err", err)
	}
}

// requestURL rebuilds the URL as the client addressed it, which is what the
// client signed: the Host header, the scheme of the connection (or of
// X-Forwarded-Proto behind a proxy), the raw path and query.
func requestURL(r *http.Request) *url.URL {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return &url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// nonceCache remembers the nonces seen per token. Entries older than the
// timestamp window are dropped: a request that old is refused for its
// timestamp anyway, so no replay gets through the pruning.
type nonceCache struct {
	mu      sync.Mutex
	seen    map[string]time.Time // consumer key + token + nonce -> request timestamp
	lastGC  time.Time
	maxSize int
}

func newNonceCache() *nonceCache {
	return &nonceCache{seen: map[string]time.Time{}, maxSize: 2_000_000}
}

// use records a nonce and reports whether it was fresh.
func (c *nonceCache) use(consumerKey, token, nonce string, ts, now time.Time) bool {
	key := consumerKey + "\x00" + token + "\x00" + nonce
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.lastGC) > time.Minute || len(c.seen) >= c.maxSize {
		for k, t := range c.seen {
			if now.Sub(t) > TimestampWindow {
				delete(c.seen, k)
			}
		}
		c.lastGC = now
	}
	if _, dup := c.seen[key]; dup {
		return false
	}
	c.seen[key] = ts
	return true
}

func quote(s string) string { return `"` + s + `"` }
