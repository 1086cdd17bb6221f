package oauth2_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/go-netsuite/netsuite/oauth2"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// tokenServer counts token requests and answers each with a new token
// valid for an hour, after verifying the assertion with the key.
func tokenServer(t *testing.T, key crypto.Signer, delay time.Duration) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		r.ParseForm()
		if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":"invalid_request"}`)
			return
		}
		if _, err := jwt.Parse(r.PostForm.Get("client_assertion"), func(*jwt.Token) (any, error) { return key.Public(), nil },
			jwt.WithValidMethods([]string{"ES256", "PS256"}), jwt.WithoutClaimsValidation()); err != nil {
			w.Header().Set("WWW-Authenticate", `Basic realm="X"`)
			w.WriteHeader(401)
			io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		time.Sleep(delay)
		fmt.Fprintf(w, `{"access_token":"tok-%d","expires_in":"3600","token_type":"bearer"}`, k)
	}))
	t.Cleanup(ts.Close)
	return ts, &n
}

func newCC(t *testing.T, kind string) (*oauth2.ClientCredentials, *clock, *atomic.Int64) {
	key, err := oauth2.GenerateKey(kind)
	if err != nil {
		t.Fatal(err)
	}
	ts, n := tokenServer(t, key, 20*time.Millisecond)
	c := &clock{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	return &oauth2.ClientCredentials{TokenURL: ts.URL + oauth2.TokenPath, ClientID: strings.Repeat("a", 64), CertificateID: "cert-1",
		Key: key, Now: c.Now, HTTPClient: ts.Client()}, c, n
}

// TestSingleFlightAcrossExpiry: 100 goroutines asking for a token at once
// cause one token request; after the expiry, 100 more cause exactly one more.
func TestSingleFlightAcrossExpiry(t *testing.T) {
	cc, c, n := newCC(t, oauth2.KeyEC256)
	src := cc.TokenSource()
	a := &oauth2.Authenticator{Source: src}
	burst := func() map[string]int {
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[string]int{}
		for i := 0; i < 100; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("GET", "http://example.com/", nil)
				if err := a.Authenticate(req); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[req.Header.Get("Authorization")]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		return seen
	}
	if seen := burst(); n.Load() != 1 || len(seen) != 1 || seen["Bearer tok-1"] != 100 {
		t.Fatalf("first burst: %d requests, %v", n.Load(), seen)
	}
	c.Add(59*time.Minute + 30*time.Second) // within the minute before expiry: replaced
	if seen := burst(); n.Load() != 2 || seen["Bearer tok-2"] != 100 {
		t.Fatalf("across expiry: %d requests, %v", n.Load(), seen)
	}
	c.Add(61 * time.Minute)
	if seen := burst(); n.Load() != 3 || seen["Bearer tok-3"] != 100 {
		t.Fatalf("after expiry: %d requests, %v", n.Load(), seen)
	}
}

func TestWaitingCallerHonoursContext(t *testing.T) {
	key, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	ts, _ := tokenServer(t, key, 300*time.Millisecond)
	cc := &oauth2.ClientCredentials{TokenURL: ts.URL, ClientID: "c", CertificateID: "k", Key: key, HTTPClient: ts.Client()}
	src := cc.TokenSource()
	go src.Token(context.Background())
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := src.Token(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting caller: %v", err)
	}
}

func TestAssertion(t *testing.T) {
	for _, kind := range []string{oauth2.KeyEC256, oauth2.KeyEC384, oauth2.KeyEC521, oauth2.KeyRSA3072} {
		cc, c, _ := newCC(t, kind)
		cc.Scopes = []string{"rest_webservices", "restlets"}
		s, err := cc.Assertion()
		if err != nil {
			t.Fatal(err)
		}
		var claims jwt.MapClaims
		tok, err := jwt.NewParser(jwt.WithTimeFunc(c.Now)).ParseWithClaims(s, &claims, func(*jwt.Token) (any, error) { return cc.Key.Public(), nil })
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		want := map[string]string{oauth2.KeyEC256: "ES256", oauth2.KeyEC384: "ES384", oauth2.KeyEC521: "ES512", oauth2.KeyRSA3072: "PS256"}[kind]
		if tok.Header["alg"] != want || tok.Header["kid"] != "cert-1" || tok.Header["typ"] != "JWT" {
			t.Errorf("%s header %v", kind, tok.Header)
		}
		iat, _ := claims.GetIssuedAt()
		exp, _ := claims.GetExpirationTime()
		if claims["iss"] != cc.ClientID || claims["aud"] != cc.TokenURL || claims["scope"] != "rest_webservices,restlets" ||
			exp.Sub(iat.Time) >= time.Hour || !iat.Equal(c.Now()) {
			t.Errorf("%s claims %v", kind, claims)
		}
		// A new assertion per request (fresh jti).
		if s2, _ := cc.Assertion(); s2 == s {
			t.Errorf("%s: assertion reused", kind)
		}
	}
}

func TestRefusals(t *testing.T) {
	small, _ := rsa.GenerateKey(rand.Reader, 2048)
	ec, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	rsa3072, _ := oauth2.GenerateKey(oauth2.KeyRSA3072)
	cases := []struct {
		name string
		cc   oauth2.ClientCredentials
		want string
	}{
		{"RS256", oauth2.ClientCredentials{TokenURL: "u", ClientID: "c", CertificateID: "k", Key: rsa3072, Algorithm: "RS256"}, "RS256 (RSA PKCS#1 v1.5) is no longer accepted"},
		{"PS256 with EC", oauth2.ClientCredentials{TokenURL: "u", ClientID: "c", CertificateID: "k", Key: ec, Algorithm: "PS256"}, "needs an RSA key"},
		{"ES384 with P-256", oauth2.ClientCredentials{TokenURL: "u", ClientID: "c", CertificateID: "k", Key: ec, Algorithm: "ES384"}, "signs ES256"},
		{"RSA 2048", oauth2.ClientCredentials{TokenURL: "u", ClientID: "c", CertificateID: "k", Key: small}, "2048 bits"},
		{"missing", oauth2.ClientCredentials{Key: ec}, "missing token URL, client_id, certificate_id"},
		{"lifetime", oauth2.ClientCredentials{TokenURL: "u", ClientID: "c", CertificateID: "k", Key: ec, AssertionLifetime: time.Hour}, "less than 60 minutes"},
	}
	for _, c := range cases {
		if _, err := c.cc.Assertion(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestTokenEndpointErrorAndRedaction(t *testing.T) {
	cc, _, _ := newCC(t, oauth2.KeyEC256)
	other, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	cc.Key = other
	_, err := cc.Token(context.Background())
	var oe *oauth2.Error
	if !errors.As(err, &oe) || oe.StatusCode != 401 || oe.Code != "invalid_client" || !strings.Contains(err.Error(), "Login Audit Trail") {
		t.Errorf("%v", err)
	}
	tok := &oauth2.Token{AccessToken: "secret-access", RefreshToken: "secret-refresh", TokenType: "bearer"}
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok)} {
		if strings.Contains(s, "secret") {
			t.Errorf("token printed: %s", s)
		}
	}
}

func TestCheckTurns401IntoTokenRejected(t *testing.T) {
	cc, _, n := newCC(t, oauth2.KeyEC256)
	src := cc.TokenSource()
	a := &oauth2.Authenticator{Source: src}
	req, _ := http.NewRequest("GET", "http://example.com/", nil)
	if err := a.Authenticate(req); err != nil {
		t.Fatal(err)
	}
	base := errors.New("401 INVALID_LOGIN")
	resp := &http.Response{StatusCode: 401, Request: req}
	err := a.Check(resp, base)
	if !oauth2.IsTokenRejected(err) || !errors.Is(err, base) {
		t.Fatalf("%v", err)
	}
	if err := a.Check(&http.Response{StatusCode: 200, Request: req}, nil); err != nil {
		t.Errorf("200: %v", err)
	}
	// The rejected token was dropped: the next request fetches a new one.
	req2, _ := http.NewRequest("GET", "http://example.com/", nil)
	a.Authenticate(req2)
	if n.Load() != 2 || req2.Header.Get("Authorization") == req.Header.Get("Authorization") {
		t.Errorf("after rejection: %d token requests, %q", n.Load(), req2.Header.Get("Authorization"))
	}
	if _, err := a.Passport("HMAC_SHA256"); !errors.Is(err, oauth2.ErrSOAPNeedsTBA) {
		t.Errorf("passport: %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	key, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	p := dir + "/k.pem"
	if err := oauth2.WritePrivateKeyFile(p, key); err != nil {
		t.Fatal(err)
	}
	if _, err := oauth2.LoadPrivateKeyFile(p); err != nil {
		t.Fatal(err)
	}
	cert, _ := oauth2.SelfSignedCertificate(key, "x", time.Now(), 5*365*24*time.Hour)
	if _, err := oauth2.ParsePrivateKey(cert); err == nil || !strings.Contains(err.Error(), "certificate, not the private key") {
		t.Errorf("certificate as key: %v", err)
	}
	if _, err := oauth2.ParsePrivateKey([]byte("nonsense")); err == nil || strings.Contains(err.Error(), "nonsense") {
		t.Errorf("nonsense: %v", err)
	}
}
