package auth

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// SignatureMethod names an OAuth 1.0a signature method.
type SignatureMethod string

const (
	// HMACSHA256 is the only method NetSuite accepts for REST web services and
	// RESTlets since 2023.1.
	HMACSHA256 SignatureMethod = "HMAC-SHA256"
	// HMACSHA1 is kept for signing tests and old tools only: NetSuite refuses it
	// for REST and RESTlets since 2023.1.
	HMACSHA1 SignatureMethod = "HMAC-SHA1"
)

// ParseSignatureMethod accepts "HMAC-SHA256" or "HMAC-SHA1" in any case, with
// '-' or '_'.
func ParseSignatureMethod(s string) (SignatureMethod, error) {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "_", "-")) {
	case "HMAC-SHA256":
		return HMACSHA256, nil
	case "HMAC-SHA1":
		return HMACSHA1, nil
	}
	return "", fmt.Errorf("unknown signature method %q: use HMAC-SHA256 (NetSuite refuses HMAC-SHA1 since 2023.1)", s)
}

func (m SignatureMethod) newHash() (func() hash.Hash, error) {
	switch m {
	case HMACSHA256:
		return sha256.New, nil
	case HMACSHA1:
		return sha1.New, nil
	}
	return nil, fmt.Errorf("unsupported signature method %q: use HMAC-SHA256", string(m))
}

// Param is one name/value pair of the request parameters, decoded.
type Param struct{ Name, Value string }

// OAuthParams are the protocol parameters of one OAuth 1.0a signature, as they
// appear (decoded) in the Authorization header.
type OAuthParams struct {
	Realm           string
	ConsumerKey     string
	Token           string
	SignatureMethod SignatureMethod
	Timestamp       string
	Nonce           string
	Version         string // "1.0", or "" when the header leaves it out
	Signature       string
	// Extra holds any other oauth_* parameters of a parsed header (such as
	// oauth_body_hash); RFC 5849 signs them too.
	Extra []Param
}

// OAuth1Signature is every intermediate value of one signature, for
// debugging ("netsuite auth sign") and known-answer tests.
type OAuth1Signature struct {
	Params               OAuthParams
	RequestParams        []Param // query and oauth_* parameters, decoded and sorted
	NormalizedParameters string  // RFC 5849 §3.4.1.3.2
	BaseString           string  // RFC 5849 §3.4.1
	Signature            string  // base64, not percent-encoded
	Authorization        string  // the complete header value
}

// NormalizedURL returns the base string URI of RFC 5849 §3.4.1.2: scheme and
// host lower-cased, the default port (80 for http, 443 for https) dropped, the
// path kept as sent (an empty path is "/"), query and fragment removed.
func NormalizedURL(u *url.URL) (string, error) {
	return string(appendBaseURI(nil, u)), checkURL(u)
}

func checkURL(u *url.URL) error {
	if u == nil {
		return errors.New("no URL to sign")
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return fmt.Errorf("cannot sign URL %q: the scheme must be http or https", u.Redacted())
	}
	if u.Host == "" {
		return fmt.Errorf("cannot sign URL %q: it has no host", u.Redacted())
	}
	return nil
}

func appendBaseURI(dst []byte, u *url.URL) []byte {
	scheme, host, path := baseURIParts(u)
	dst = append(dst, scheme...)
	dst = append(dst, "://"...)
	dst = append(dst, host...)
	return append(dst, path...)
}

// appendEncodedBaseURI appends PercentEncode of the base string URI. A
// client talks to one or two hosts, so the encoded "scheme://host" of the
// last URL is kept in cache (when not nil) and reused while it matches.
func appendEncodedBaseURI(dst []byte, u *url.URL, cache *atomic.Pointer[originCache]) []byte {
	if cache != nil {
		if c := cache.Load(); c != nil && c.scheme == u.Scheme && c.host == u.Host {
			dst = append(dst, c.encoded...)
			return appendEncoded(dst, basePath(u))
		}
	}
	scheme, host, path := baseURIParts(u)
	start := len(dst)
	dst = appendEncoded(dst, scheme)
	dst = append(dst, "%3A%2F%2F"...)
	dst = appendEncoded(dst, host)
	if cache != nil {
		cache.Store(&originCache{scheme: u.Scheme, host: u.Host, encoded: string(dst[start:])})
	}
	return appendEncoded(dst, path)
}

// originCache is the encoded scheme and host of the base string URI of one
// URL's Scheme and Host.
type originCache struct{ scheme, host, encoded string }

func basePath(u *url.URL) string {
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}

func baseURIParts(u *url.URL) (scheme, host, path string) {
	if u == nil {
		return "", "", ""
	}
	scheme = strings.ToLower(u.Scheme)
	host = strings.ToLower(u.Host)
	if h, port, ok := cutPort(host); ok && (scheme == "http" && port == "80" || scheme == "https" && port == "443") {
		host = h
	}
	return scheme, host, basePath(u)
}

// cutPort splits "host:port" (including "[::1]:port"); ok is false without a port.
func cutPort(hostport string) (host, port string, ok bool) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.IndexByte(hostport[i:], ']') >= 0 {
		return hostport, "", false
	}
	return hostport[:i], hostport[i+1:], true
}

// QueryParams decodes a raw query string into parameters in their order, as
// RFC 5849 §3.4.1.3.1 requires: '+' is a space, %XX a byte, a name without
// '=' has an empty value, repeated names are all kept. A malformed escape is an
// error rather than a silently different signature.
func QueryParams(rawQuery string) ([]Param, error) {
	var ps []Param
	for rawQuery != "" {
		var part string
		part, rawQuery, _ = strings.Cut(rawQuery, "&")
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		n, err := formUnescape(name)
		if err != nil {
			return nil, err
		}
		v, err := formUnescape(value)
		if err != nil {
			return nil, err
		}
		ps = append(ps, Param{n, v})
	}
	return ps, nil
}

// encodedParam is a parameter with name and value percent-encoded once. safe
// marks a pair whose name and value are unreserved characters only, so the
// second encoding of the base string leaves them unchanged.
type encodedParam struct {
	name, value string
	safe        bool
}

func newEncodedParam(name, value string) encodedParam {
	n, v := PercentEncode(name), PercentEncode(value)
	return encodedParam{n, v, n == name && v == value}
}

func compareEncoded(a, b encodedParam) int {
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	return strings.Compare(a.value, b.value)
}

// appendPairs appends the protocol parameters that are signed (realm and
// oauth_signature are not), sorted.
func (p *OAuthParams) appendPairs(ps []encodedParam) []encodedParam {
	start := len(ps)
	ps = append(ps,
		newEncodedParam("oauth_consumer_key", p.ConsumerKey),
		newEncodedParam("oauth_nonce", p.Nonce),
		newEncodedParam("oauth_signature_method", string(p.SignatureMethod)),
		newEncodedParam("oauth_timestamp", p.Timestamp),
		newEncodedParam("oauth_token", p.Token),
	)
	if p.Version != "" {
		ps = append(ps, newEncodedParam("oauth_version", p.Version))
	}
	for _, e := range p.Extra {
		ps = append(ps, newEncodedParam(e.Name, e.Value))
	}
	if len(p.Extra) > 0 {
		slices.SortFunc(ps[start:], compareEncoded)
	}
	return ps
}

// appendBaseString appends the signature base string of RFC 5849 §3.4.1 and
// returns the encoded parameters, query parameters first, each run sorted (the
// caller may reuse the slice; sortedParams gives one sorted list).
// Only query parameters and oauth_* protocol parameters are signed: NetSuite's
// JSON bodies are never part of the signature.
func appendBaseString(dst []byte, method string, u *url.URL, p *OAuthParams, scratch []encodedParam) ([]byte, []encodedParam, error) {
	oauth := p.appendPairs(nil)
	dst, query, err := appendBaseStringPairs(dst, method, u, scratch, oauth, nil)
	return dst, append(query, oauth...), err
}

// appendBaseStringPairs is appendBaseString with the protocol parameters
// given, encoded and sorted; it returns the query parameters it decoded.
func appendBaseStringPairs(dst []byte, method string, u *url.URL, scratch []encodedParam, oauth []encodedParam, origin *atomic.Pointer[originCache]) ([]byte, []encodedParam, error) {
	if err := checkURL(u); err != nil {
		return dst, scratch, err
	}
	ps := scratch[:0]
	for q := u.RawQuery; q != ""; {
		var part string
		part, q, _ = strings.Cut(q, "&")
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		n, err := formUnescape(name)
		if err == nil {
			value, err = formUnescape(value)
		}
		if err != nil {
			return dst, scratch, fmt.Errorf("cannot sign URL %q: %w", u.Redacted(), err)
		}
		ps = append(ps, newEncodedParam(n, value))
	}
	query := ps
	slices.SortFunc(query, compareEncoded)

	dst = appendEncoded(dst, strings.ToUpper(method))
	dst = append(dst, '&')
	dst = appendEncodedBaseURI(dst, u, origin)
	dst = append(dst, '&')
	// Merge the two sorted runs; the normalized parameters are encoded once
	// more in the base string ('=' becomes %3D, '&' %26, '%' %25).
	for i, j, k := 0, 0, 0; i < len(query) || j < len(oauth); k++ {
		var e encodedParam
		if j >= len(oauth) || i < len(query) && compareEncoded(query[i], oauth[j]) <= 0 {
			e, i = query[i], i+1
		} else {
			e, j = oauth[j], j+1
		}
		if k > 0 {
			dst = append(dst, "%26"...)
		}
		if e.safe {
			dst = append(dst, e.name...)
			dst = append(dst, "%3D"...)
			dst = append(dst, e.value...)
			continue
		}
		dst = appendEncoded(dst, e.name)
		dst = append(dst, "%3D"...)
		dst = appendEncoded(dst, e.value)
	}
	return dst, query, nil
}

// BaseString returns the signature base string and the normalized parameter
// string for a request. It is what both the client and the emulator sign.
func BaseString(method, rawURL string, p OAuthParams) (base, normalized string, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", "", fmt.Errorf("cannot parse URL to sign: %w", err)
	}
	b, ps, err := appendBaseString(nil, method, u, &p, nil)
	if err != nil {
		return "", "", err
	}
	slices.SortFunc(ps, compareEncoded)
	var n strings.Builder
	for i, e := range ps {
		if i > 0 {
			n.WriteByte('&')
		}
		n.WriteString(e.name)
		n.WriteByte('=')
		n.WriteString(e.value)
	}
	return string(b), n.String(), nil
}

// SigningKey returns the OAuth 1.0a HMAC key: the encoded consumer secret and
// token secret joined by '&' (RFC 5849 §3.4.2).
func SigningKey(consumerSecret, tokenSecret Secret) string {
	return PercentEncode(consumerSecret.Reveal()) + "&" + PercentEncode(tokenSecret.Reveal())
}

// macPool hands out keyed HMACs for one key, so the hot path does not redo the
// key schedule (two hash blocks and allocations) on every request.
type macPool struct {
	pool sync.Pool
}

type macState struct {
	h   hash.Hash
	sum [sha256.Size]byte
}

func newMACPool(newHash func() hash.Hash, key string) *macPool {
	k := []byte(key)
	mp := &macPool{}
	mp.pool.New = func() any { return &macState{h: hmac.New(newHash, k)} }
	return mp
}

// appendSum appends base64(HMAC(msg)) to dst.
func (mp *macPool) appendSum(dst, msg []byte) []byte {
	m := mp.pool.Get().(*macState)
	m.h.Reset()
	m.h.Write(msg)
	dst = base64.StdEncoding.AppendEncode(dst, m.h.Sum(m.sum[:0]))
	mp.pool.Put(m)
	return dst
}

// Sign computes the base64 HMAC of base with key (for one-off signatures;
// Signer keeps a pool of keyed HMACs instead).
func Sign(m SignatureMethod, key, base string) (string, error) {
	nh, err := m.newHash()
	if err != nil {
		return "", err
	}
	mac := hmac.New(nh, []byte(key))
	mac.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// appendAuthorization appends the Authorization header value in the order
// NetSuite's documentation shows: realm, the protocol parameters sorted, and
// the signature last, each value percent-encoded and quoted.
func appendAuthorization(dst []byte, p *OAuthParams) []byte {
	dst = append(dst, `OAuth realm="`...)
	dst = appendEncoded(dst, p.Realm)
	dst = append(dst, `",oauth_consumer_key="`...)
	dst = appendEncoded(dst, p.ConsumerKey)
	dst = append(dst, `",oauth_nonce="`...)
	dst = appendEncoded(dst, p.Nonce)
	dst = append(dst, `",oauth_signature_method="`...)
	dst = appendEncoded(dst, string(p.SignatureMethod))
	dst = append(dst, `",oauth_timestamp="`...)
	dst = appendEncoded(dst, p.Timestamp)
	dst = append(dst, `",oauth_token="`...)
	dst = appendEncoded(dst, p.Token)
	if p.Version != "" {
		dst = append(dst, `",oauth_version="`...)
		dst = appendEncoded(dst, p.Version)
	}
	for _, e := range p.Extra {
		dst = append(dst, `",`...)
		dst = appendEncoded(dst, e.Name)
		dst = append(dst, `="`...)
		dst = appendEncoded(dst, e.Value)
	}
	dst = append(dst, `",oauth_signature="`...)
	dst = appendEncoded(dst, p.Signature)
	return append(dst, '"')
}

// Authorization returns the header value for p (which must carry its Signature).
func (p OAuthParams) Authorization() string { return string(appendAuthorization(nil, &p)) }

// VerifyOAuth1 recomputes the signature of a request from its method, its URL
// as the client addressed it, the parsed header and the secrets the server
// holds, and compares it with p.Signature in constant time. It uses the very
// code that signs, so the emulator and the client cannot disagree.
func VerifyOAuth1(method string, u *url.URL, p *OAuthParams, consumerSecret, tokenSecret Secret) error {
	nh, err := p.SignatureMethod.newHash()
	if err != nil {
		return err
	}
	base, _, err := appendBaseString(make([]byte, 0, 512), method, u, p, nil)
	if err != nil {
		return err
	}
	mac := hmac.New(nh, []byte(SigningKey(consumerSecret, tokenSecret)))
	mac.Write(base)
	want := mac.Sum(nil)
	got, err := base64.StdEncoding.DecodeString(p.Signature)
	if err != nil || !hmac.Equal(got, want) {
		return ErrSignatureMismatch
	}
	return nil
}

// ErrSignatureMismatch means a signature does not match the request and secrets.
var ErrSignatureMismatch = errors.New("signature does not match")
