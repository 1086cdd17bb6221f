package auth

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Signer signs NetSuite requests with Token-Based Authentication: OAuth 1.0a
// Authorization headers for REST web services, SuiteQL and RESTlets, and
// tokenPassport headers for SOAP web services. A Signer is safe for concurrent
// use; build a new one to change its credentials.
type Signer struct {
	creds  Credentials
	realm  string
	method SignatureMethod
	now    func() time.Time
	nonce  func() string
	offset func() time.Duration

	oauthKey *macPool // HMAC keyed with SigningKey, for the OAuth 1.0a method
	// The constant parts of the Authorization header, around nonce,
	// timestamp and signature.
	hdrHead, hdrMid, hdrTail string
	// The constant protocol parameters, encoded once.
	ckPair, methodPair, tokenPair, versionPair encodedParam

	lastTS atomic.Pointer[tsString]    // the last timestamp formatted, reused within its second
	origin atomic.Pointer[originCache] // the last encoded scheme://host

	passportMu   sync.Mutex
	passportKeys map[PassportAlgorithm]*macPool
}

// SignerOption configures a Signer.
type SignerOption func(*Signer)

// WithRealm sets the OAuth realm; it defaults to the credentials' account.
func WithRealm(realm string) SignerOption { return func(s *Signer) { s.realm = realm } }

// WithSignatureMethod sets the OAuth 1.0a method (default HMAC-SHA256).
func WithSignatureMethod(m SignatureMethod) SignerOption {
	return func(s *Signer) { s.method = m }
}

// WithClock replaces time.Now, for tests and for fixed timestamps.
func WithClock(now func() time.Time) SignerOption { return func(s *Signer) { s.now = now } }

// WithNonceSource replaces the crypto/rand nonce generator, for tests.
func WithNonceSource(nonce func() string) SignerOption {
	return func(s *Signer) { s.nonce = nonce }
}

// WithClockOffset adds an offset to every timestamp, read on each signature:
// the hook for correcting a local clock that is off from NetSuite's (which
// refuses timestamps more than five minutes away from its own).
func WithClockOffset(offset func() time.Duration) SignerOption {
	return func(s *Signer) { s.offset = offset }
}

// NewSigner returns a Signer for c. All four credential values and the
// account must be set.
func NewSigner(c Credentials, opts ...SignerOption) (*Signer, error) {
	if m := c.MissingFields(); len(m) > 0 {
		return nil, fmt.Errorf("cannot sign: missing %s", strings.Join(m, ", "))
	}
	s := &Signer{creds: c, realm: c.Account, method: HMACSHA256, now: time.Now, nonce: NewNonce}
	for _, o := range opts {
		o(s)
	}
	nh, err := s.method.newHash()
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(s.realm, "\"\\\r\n") {
		return nil, fmt.Errorf("realm %q must not contain quotes, backslashes or line breaks", s.realm)
	}
	s.oauthKey = newMACPool(nh, SigningKey(c.ConsumerSecret, c.TokenSecret))
	// Cut a header with placeholder values into its constant parts.
	p := s.params("\x00", time.Unix(0, 0))
	p.Timestamp, p.Signature = "\x01", "\x02"
	h := string(appendAuthorization(nil, &p))
	head, rest, _ := strings.Cut(h, "%00")
	mid, tail, _ := strings.Cut(rest, "%01")
	s.hdrHead, s.hdrMid, s.hdrTail = head, mid, strings.TrimSuffix(tail, `%02"`)
	s.ckPair = newEncodedParam("oauth_consumer_key", p.ConsumerKey)
	s.methodPair = newEncodedParam("oauth_signature_method", string(p.SignatureMethod))
	s.tokenPair = newEncodedParam("oauth_token", p.Token)
	s.versionPair = newEncodedParam("oauth_version", p.Version)
	return s, nil
}

// Credentials returns the signer's credentials.
func (s *Signer) Credentials() Credentials { return s.creds }

// Realm returns the realm the signer puts in Authorization headers.
func (s *Signer) Realm() string { return s.realm }

func (s *Signer) timestamp() time.Time {
	t := s.now()
	if s.offset != nil {
		t = t.Add(s.offset())
	}
	return t
}

type tsString struct {
	unix int64
	s    string
}

// timestampString formats t as Unix seconds, reusing the last string made
// while the second has not changed.
func (s *Signer) timestampString(t time.Time) string {
	n := t.Unix()
	if c := s.lastTS.Load(); c != nil && c.unix == n {
		return c.s
	}
	c := &tsString{n, strconv.FormatInt(n, 10)}
	s.lastTS.Store(c)
	return c.s
}

func (s *Signer) params(nonce string, ts time.Time) OAuthParams {
	return OAuthParams{
		Realm:           s.realm,
		ConsumerKey:     s.creds.ConsumerKey,
		Token:           s.creds.TokenID,
		SignatureMethod: s.method,
		Timestamp:       s.timestampString(ts),
		Nonce:           nonce,
		Version:         "1.0",
	}
}

// Sign signs one request and returns every intermediate value: the normalized
// parameters, the base string, the signature and the Authorization header.
func (s *Signer) Sign(method, rawURL string) (*OAuth1Signature, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("cannot parse URL to sign: %w", err)
	}
	p := s.params(s.nonce(), s.timestamp())
	base, ps, err := appendBaseString(nil, method, u, &p, nil)
	if err != nil {
		return nil, err
	}
	p.Signature = string(s.oauthKey.appendSum(nil, base))
	slices.SortFunc(ps, compareEncoded)
	out := &OAuth1Signature{Params: p, BaseString: string(base), Signature: p.Signature}
	var n strings.Builder
	for i, e := range ps {
		if i > 0 {
			n.WriteByte('&')
		}
		n.WriteString(e.name + "=" + e.value)
		name, _ := url.PathUnescape(e.name)
		value, _ := url.PathUnescape(e.value)
		out.RequestParams = append(out.RequestParams, Param{name, value})
	}
	out.NormalizedParameters = n.String()
	out.Authorization = p.Authorization()
	return out, nil
}

type signBuf struct {
	b  []byte
	ps []encodedParam
}

var signBufs = sync.Pool{New: func() any {
	return &signBuf{b: make([]byte, 0, 1024), ps: make([]encodedParam, 0, 16)}
}}

// AuthorizationHeader signs one request with a fresh nonce and timestamp and
// returns the Authorization header value. It is the hot path of every REST,
// SuiteQL and RESTlet call.
func (s *Signer) AuthorizationHeader(method string, u *url.URL) (string, error) {
	p := s.params(s.nonce(), s.timestamp())
	sb := signBufs.Get().(*signBuf)
	defer signBufs.Put(sb)
	var err error
	oauth := [...]encodedParam{s.ckPair, newEncodedParam("oauth_nonce", p.Nonce), s.methodPair,
		{"oauth_timestamp", p.Timestamp, true}, s.tokenPair, s.versionPair}
	sb.b, sb.ps, err = appendBaseStringPairs(sb.b[:0], method, u, sb.ps, oauth[:], &s.origin)
	if err != nil {
		return "", err
	}
	var sig [64]byte
	mac := s.oauthKey.appendSum(sig[:0], sb.b)
	b := append(sb.b[:0], s.hdrHead...)
	b = appendEncoded(b, p.Nonce)
	b = append(b, s.hdrMid...)
	b = append(b, p.Timestamp...)
	b = append(b, s.hdrTail...)
	b = appendEncoded(b, string(mac))
	b = append(b, '"')
	sb.b = b
	return string(b), nil
}

// SignRequest sets req's Authorization header. The body is not read: NetSuite
// signs only the query and the protocol parameters.
func (s *Signer) SignRequest(req *http.Request) error {
	h, err := s.AuthorizationHeader(req.Method, req.URL)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", h)
	return nil
}

const nonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// NonceLength is the length of nonces from NewNonce; NetSuite accepts 6 to 64
// alphanumerics and documents 20.
const NonceLength = 20

// randPool holds buffers of crypto/rand output so a nonce costs one copy,
// not one system call: the bytes are as random, just fetched 1 KiB at a time.
var randPool = sync.Pool{New: func() any { return &randBuf{next: randBufSize} }}

const randBufSize = 1024

type randBuf struct {
	b    [randBufSize]byte
	next int
}

func (r *randBuf) byte() byte {
	if r.next == len(r.b) {
		if _, err := rand.Read(r.b[:]); err != nil {
			panic("auth: crypto/rand failed: " + err.Error()) // crypto/rand.Read never fails on supported platforms
		}
		r.next = 0
	}
	c := r.b[r.next]
	r.b[r.next] = 0 // never hand out the same byte twice, even if the buffer leaks
	r.next++
	return c
}

// NewNonce returns NonceLength random alphanumerics from crypto/rand, without
// modulo bias.
func NewNonce() string {
	var out [NonceLength]byte
	r := randPool.Get().(*randBuf)
	for n := 0; n < NonceLength; {
		if b := r.byte(); b < 248 { // 248 = 4*62: reject the rest to keep the draw uniform
			out[n] = nonceAlphabet[b%62]
			n++
		}
	}
	randPool.Put(r)
	return string(out[:])
}

// ValidNonce reports whether n is what NetSuite accepts as a nonce: 6 to 64
// ASCII letters and digits.
func ValidNonce(n string) bool {
	if len(n) < 6 || len(n) > 64 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// ParseTimestamp parses an OAuth or tokenPassport timestamp: a positive
// integer count of seconds since the Unix epoch.
func ParseTimestamp(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, fmt.Errorf("timestamp %q is not a positive number of seconds since 1970-01-01 UTC", s)
	}
	return time.Unix(n, 0), nil
}

// FixedClock returns a clock for WithClock that always answers t.
func FixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// FixedNonce returns a nonce source for WithNonceSource that always answers n.
func FixedNonce(n string) func() string { return func() string { return n } }

var errEmptyHeader = errors.New("no Authorization header")
