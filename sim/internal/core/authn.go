package core

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

// TimestampWindow is how far a request's timestamp may be from the server's
// clock: NetSuite refuses timestamps more than five minutes off
// (InvalidTimestamp; docs/wire-notes.md, "Token-based authentication").
const TimestampWindow = 5 * time.Minute

// Login is a verified token login: who, with which role and integration.
type Login struct {
	V       *store.Verification
	Perms   store.Permissions // the role's permissions as token logins see them
	Surface vocab.Surface
}

// LoginFailure is a refused login: the reason goes to the Login Audit Trail
// only; the client sees NetSuite's uniform "Invalid login attempt.".
type LoginFailure struct {
	Detail string
	Reason string // for the emulator's own debug log
}

func (f *LoginFailure) Error() string { return f.Detail + ": " + f.Reason }

// IsLoginFailure reports whether err is a refused login (not an internal
// error).
func IsLoginFailure(err error) bool {
	var lf *LoginFailure
	return errors.As(err, &lf)
}

// credentialsIn is what a request claims, from an OAuth header or a passport.
type credentialsIn struct {
	realm, consumerKey, token, nonce string
	timestamp                        string
	verify                           func(consumerSecret, tokenSecret auth.Secret) error
}

// VerifyOAuth checks a REST or RESTlet request's Authorization header.
// An "Authorization: Bearer" header is an OAuth 2.0 access token
// (oauth2.go, verifyBearer).
func (s *Core) VerifyOAuth(r *http.Request, surface vocab.Surface) (*Login, error) {
	if tok, ok := bearerToken(r); ok {
		return s.verifyBearer(r, surface, tok)
	}
	p, err := auth.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, s.Refuse(r, surface, nil, &LoginFailure{vocab.DetailMissingRequiredParameter, err.Error()})
	}
	ci := credentialsIn{realm: p.Realm, consumerKey: p.ConsumerKey, token: p.Token, nonce: p.Nonce, timestamp: p.Timestamp}
	if p.SignatureMethod != auth.HMACSHA256 {
		// NetSuite ended HMAC-SHA1 for REST web services and RESTlets in 2023.1.
		return nil, s.Refuse(r, surface, nil, &LoginFailure{vocab.DetailUnsupportedSignatureMethod, "signature method " + string(p.SignatureMethod)})
	}
	if p.Version != "" && p.Version != "1.0" {
		return nil, s.Refuse(r, surface, nil, &LoginFailure{vocab.DetailInvalidVersion, "oauth_version " + p.Version})
	}
	u := RequestURL(r)
	ci.verify = func(cs, ts auth.Secret) error { return auth.VerifyOAuth1(r.Method, u, p, cs, ts) }
	return s.verify(r, surface, ci, true)
}

// VerifyPassport checks a SOAP tokenPassport. HMAC_SHA1 is refused as for
// REST: "As of 2023.1, the support ended for the HMAC-SHA1 signature
// method" (Help Center section_1534941088, The Signature for Web Services
// and RESTlets, whose examples cover SOAP web services, REST web services
// and RESTlets alike). The XSD's SignatureAlgorithm enumeration still lists
// HMAC_SHA1.
func (s *Core) VerifyPassport(r *http.Request, p *auth.Passport) (*Login, error) {
	if p.Algorithm != auth.PassportHMACSHA256 {
		return nil, s.Refuse(r, vocab.SurfaceSOAP, nil, &LoginFailure{vocab.DetailUnsupportedSignatureMethod, "tokenPassport algorithm " + string(p.Algorithm)})
	}
	ci := credentialsIn{realm: p.Account, consumerKey: p.ConsumerKey, token: p.Token, nonce: p.Nonce,
		timestamp: Itoa(p.Timestamp)}
	ci.verify = func(cs, ts auth.Secret) error { return auth.VerifyPassport(p, cs, ts) }
	return s.verify(r, vocab.SurfaceSOAP, ci, true)
}

// verify runs the checks common to both surfaces, in this order: account
// (realm, compared exactly; see below), consumer key and token (store.Lookup), account and integration
// state (Verification.Check), timestamp window, nonce form, signature,
// nonce replay, then the role's permissions as token logins see them
// (RoleCacheDelay ago). The order is ours; NetSuite documents none, and
// whatever fails, the client sees the same answer.
func (s *Core) verify(r *http.Request, surface vocab.Surface, ci credentialsIn, realmRequired bool) (*Login, error) {
	ctx := r.Context()
	// The account id (upper case, store.NormalizeAccountID) must be sent
	// as NetSuite shows it, letters in upper case. What is known per surface:
	//  - SOAP tokenPassport account: "12345_SB1 is correct, but 12345_sb1
	//    will cause an invalid login attempt" (fylein/netsuite-sdk-py issue
	//    #29, a zeep client); "The SB should be in upper case" (netsuitephp/
	//    netsuite-php issue #121).
	//  - RESTlets, OAuth realm: must be all caps, TSTDRV123456 not
	//    tstdrv123456 and 123456_SB1 not 123456_sb1
	//    (netsuite-upload-org/netsuite-upload issue #38); the SuiteCloud
	//    SDK's token setup fails the same way on lower-case ids ("its a known
	//    behavior", oracle/netsuite-suitecloud-sdk issues #140 and #102).
	//  - REST web services, OAuth realm: no report found either way; the
	//    header is the same OAuth 1.0 one as for RESTlets, so it is held to
	//    the same rule. Lower case in the URL's host is a different matter
	//    (account domains are lower case: ehmad11/netsuite-rest issue #15).
	acct := s.AccountID()
	if ci.realm != acct && (realmRequired || ci.realm != "") {
		return nil, s.Refuse(r, surface, nil, &LoginFailure{vocab.DetailInvalidAccount, "realm/account " + quote(ci.realm) + " is not " + acct})
	}
	v, err := s.Store.Lookup(ctx, ci.consumerKey, ci.token)
	if err != nil {
		return nil, s.Refuse(r, surface, v, failureFrom(err))
	}
	if err := v.Check(surface); err != nil {
		return nil, s.Refuse(r, surface, v, failureFrom(err))
	}
	ts, err := auth.ParseTimestamp(ci.timestamp)
	now := s.Now()
	if err != nil || ts.Before(now.Add(-TimestampWindow)) || ts.After(now.Add(TimestampWindow)) {
		return nil, s.Refuse(r, surface, v, &LoginFailure{vocab.DetailInvalidTimestamp, "timestamp " + ci.timestamp + " is outside ±5 minutes of " + Itoa(now.Unix())})
	}
	if !auth.ValidNonce(ci.nonce) {
		return nil, s.Refuse(r, surface, v, &LoginFailure{vocab.DetailNonceRejected, "nonce is not 6-64 letters and digits"})
	}
	if err := ci.verify(auth.Secret(v.Integration.ConsumerSecret.Reveal()), auth.Secret(v.Token.Secret.Reveal())); err != nil {
		return nil, s.Refuse(r, surface, v, &LoginFailure{vocab.DetailInvalidSignature, err.Error()})
	}
	if !s.nonces.use(ci.consumerKey, ci.token, ci.nonce, ts, now) {
		return nil, s.Refuse(r, surface, v, &LoginFailure{vocab.DetailNonceRejected, "nonce already used"})
	}
	perms, err := s.Store.EffectivePermissions(ctx, v.Role.ID, now.Add(-s.roleCacheDelay))
	if err != nil {
		return nil, err
	}
	if err := perms.CheckLogin(surface); err != nil {
		return nil, s.Refuse(r, surface, v, failureFrom(err))
	}
	s.audit(r, surface, v, vocab.StatusSuccess, "")
	return &Login{V: v, Perms: perms, Surface: surface}, nil
}

// failureFrom turns a store refusal into a login failure with its audit detail.
func failureFrom(err error) error {
	if d := store.AuditDetail(err); d != "" {
		return &LoginFailure{d, err.Error()}
	}
	return err
}

// Refuse records a failed login in the audit trail (with what is known of
// the account objects, v may be nil) and returns the failure.
func (s *Core) Refuse(r *http.Request, surface vocab.Surface, v *store.Verification, f error) error {
	var lf *LoginFailure
	if !errors.As(f, &lf) {
		return f // an internal error, not a refusal
	}
	s.audit(r, surface, v, vocab.StatusFailure, lf.Detail)
	s.Log.Debug("login refused", "surface", surface, "detail", lf.Detail, "reason", lf.Reason)
	return lf
}

func (s *Core) audit(r *http.Request, surface vocab.Surface, v *store.Verification, status, detail string) {
	e := store.LoginEntry{Surface: surface, IP: clientIP(r), Status: status, Detail: detail}
	if v != nil {
		e.User, e.Role, e.TokenName = v.Employee.Email, v.Role.Name, v.Token.Name
		e.Integration = v.Integration.Name
		if e.Integration == "" {
			e.Integration = v.Token.IntegrationName
		}
	}
	// The audit trail must not fail a request; a write error is logged.
	if err := s.Store.RecordLogin(context.WithoutCancel(r.Context()), e); err != nil {
		s.Log.Warn("cannot record login", "err", err)
	}
}

// RequestURL rebuilds the URL as the client addressed it, which is what the
// client signed: the Host header, the scheme of the connection (or of
// X-Forwarded-Proto behind a proxy), the raw path and query.
func RequestURL(r *http.Request) *url.URL {
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
