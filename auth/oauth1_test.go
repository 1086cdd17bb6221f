package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNormalizedParameters(t *testing.T) {
	const oauth = "oauth_consumer_key=ck&oauth_nonce=n0nce1&oauth_signature_method=HMAC-SHA256&oauth_timestamp=1700000000&oauth_token=tk&oauth_version=1.0"
	p := OAuthParams{ConsumerKey: "ck", Token: "tk", SignatureMethod: HMACSHA256, Timestamp: "1700000000", Nonce: "n0nce1", Version: "1.0"}
	tests := []struct {
		name, query, want string
	}{
		{"none", "", oauth},
		{"repeated keys sorted by value", "a=2&a=1&a=", "a=&a=1&a=2&" + oauth},
		{"name without equals", "flag&z=1", "flag=&" + oauth + "&z=1"},
		{"empty pairs skipped", "&&b=1&&", "b=1&" + oauth},
		{"plus is a space", "q=a+b", oauth + "&q=a%20b"},
		{"encoded plus stays plus", "q=a%2Bb", oauth + "&q=a%2Bb"},
		{"percent-encoded unicode", "name=Jos%C3%A9", "name=Jos%C3%A9&" + oauth},
		{"raw unicode", "name=José", "name=Jos%C3%A9&" + oauth},
		{"reserved characters", "q=a%2Fb%3Fc%3D%26%2A!'()", oauth + "&q=a%2Fb%3Fc%3D%26%2A%21%27%28%29"},
		{"unreserved stay", "q=-._~", oauth + "&q=-._~"},
		{"lower-case escapes normalised", "q=%2f%c3%a9", oauth + "&q=%2F%C3%A9"},
		{"names are encoded too", "a%20b=1", "a%20b=1&" + oauth},
		{"sorted by encoded bytes, not raw", "k=%3A&k=0", "k=%3A&k=0&" + oauth},
		{"oauth-like query parameter", "oauth_zz=1", oauth + "&oauth_zz=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := "https://h.example/p"
			if tt.query != "" {
				u += "?" + tt.query
			}
			_, got, err := BaseString("GET", u, p)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("normalized\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestBaseStringURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://Example.COM:443/Path/To", "https://example.com/Path/To"},
		{"http://h.example:80/", "http://h.example/"},
		{"http://127.0.0.1:8080/services/rest", "http://127.0.0.1:8080/services/rest"},
		{"https://h.example:80/x", "https://h.example:80/x"},
		{"http://[::1]:80/x", "http://[::1]/x"},
		{"http://[::1]:9000/x", "http://[::1]:9000/x"},
		{"https://h.example", "https://h.example/"},
		{"https://h.example/a%20b?x=1#frag", "https://h.example/a%20b"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := NormalizedURL(u)
		if err != nil || got != tt.want {
			t.Errorf("NormalizedURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestBaseStringErrors(t *testing.T) {
	p := OAuthParams{ConsumerKey: "ck", Token: "tk", SignatureMethod: HMACSHA256, Timestamp: "1", Nonce: "nnnnnn"}
	for _, raw := range []string{
		"ftp://h.example/x",        // not http(s)
		"/relative/path",           // no host
		"https://h.example/?q=%zz", // bad escape
		"https://h.example/?q=50%",
	} {
		if _, _, err := BaseString("GET", raw, p); err == nil {
			t.Errorf("BaseString(%q) succeeded, want an error", raw)
		}
	}
	_, _, err := BaseString("GET", "https://h.example/?q=50%", p)
	if !errors.Is(err, ErrBadEscape) || !strings.Contains(err.Error(), "%25") {
		t.Errorf("error %v should be ErrBadEscape and tell how to encode '%%'", err)
	}
}

func TestPercentEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abcXYZ019-._~", "abcXYZ019-._~"},
		{" ", "%20"},
		{"+", "%2B"},
		{"*", "%2A"},
		{"é", "%C3%A9"},
		{"a=b&c", "a%3Db%26c"},
		{"%", "%25"},
	}
	for _, tt := range tests {
		if got := PercentEncode(tt.in); got != tt.want {
			t.Errorf("PercentEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseAuthorization(t *testing.T) {
	good := `OAuth realm="1234567_SB1",oauth_consumer_key="ck",oauth_nonce="abcdef",oauth_signature_method="HMAC-SHA256",oauth_timestamp="1700000000",oauth_token="tk",oauth_version="1.0",oauth_signature="a%2Bb%3D"`
	p, err := ParseAuthorization(good)
	if err != nil {
		t.Fatal(err)
	}
	want := OAuthParams{Realm: "1234567_SB1", ConsumerKey: "ck", Token: "tk", SignatureMethod: HMACSHA256,
		Timestamp: "1700000000", Nonce: "abcdef", Version: "1.0", Signature: "a+b="}
	if fmt.Sprint(*p) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", *p, want)
	}
	if p.Authorization() != good {
		t.Errorf("round trip: %s", p.Authorization())
	}
	// Spaces after commas and a lower-case scheme are fine (python oauthlib writes ", ").
	spaced := `oauth  oauth_consumer_key="ck", oauth_nonce="abcdef",  oauth_signature_method="HMAC-SHA256", oauth_timestamp="1", oauth_token="tk", oauth_signature="s", oauth_body_hash="x"`
	p, err = ParseAuthorization(spaced)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Extra) != 1 || p.Extra[0] != (Param{"oauth_body_hash", "x"}) {
		t.Errorf("extra oauth params not kept: %+v", p.Extra)
	}

	bad := []struct{ name, h, want string }{
		{"empty", "", "no Authorization header"},
		{"basic", `Basic dXNlcjpwYXNz`, "scheme"},
		{"unquoted", `OAuth oauth_token=tk`, "not quoted"},
		{"unterminated", `OAuth oauth_token="tk`, "closing quote"},
		{"duplicate", `OAuth oauth_token="a",oauth_token="b"`, "twice"},
		{"garbage after value", `OAuth oauth_token="a"x,oauth_nonce="b"`, "expected ','"},
		{"bad escape", `OAuth oauth_token="%zz"`, "percent-escape"},
		{"no equals", `OAuth oauth_token`, "name="},
		{"missing fields", `OAuth realm="x",oauth_token="tk"`, "oauth_consumer_key, oauth_signature_method, oauth_timestamp, oauth_nonce, oauth_signature"},
		{"too long", "OAuth " + strings.Repeat("a", MaxHeaderLength), "longer than"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAuthorization(tt.h)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseAuthorization(%.40q) error = %v, want it to mention %q", tt.h, err, tt.want)
			}
		})
	}
}

func TestNonce(t *testing.T) {
	seen := map[string]bool{}
	counts := map[byte]int{}
	for range 20000 {
		n := NewNonce()
		if len(n) != NonceLength || !ValidNonce(n) {
			t.Fatalf("bad nonce %q", n)
		}
		if seen[n] {
			t.Fatalf("nonce %q repeated", n)
		}
		seen[n] = true
		for i := 0; i < len(n); i++ {
			counts[n[i]]++
		}
	}
	if len(counts) != 62 {
		t.Errorf("nonces used %d distinct characters, want all 62", len(counts))
	}
	for _, tt := range []struct {
		n  string
		ok bool
	}{{"abcdef", true}, {"abcde", false}, {strings.Repeat("a", 64), true}, {strings.Repeat("a", 65), false}, {"abc-def", false}, {"abcdéf", false}} {
		if ValidNonce(tt.n) != tt.ok {
			t.Errorf("ValidNonce(%q) = %v", tt.n, !tt.ok)
		}
	}
}

func TestClockOffset(t *testing.T) {
	base := time.Unix(1700000000, 0)
	s := testSigner(t, WithClock(FixedClock(base)), WithClockOffset(func() time.Duration { return 90 * time.Second }))
	sig, err := s.Sign("GET", "https://h.example/")
	if err != nil {
		t.Fatal(err)
	}
	if sig.Params.Timestamp != "1700000090" {
		t.Errorf("timestamp = %s, want the offset applied", sig.Params.Timestamp)
	}
	p, err := s.Passport("")
	if err != nil || p.Timestamp != 1700000090 || p.Algorithm != PassportHMACSHA256 {
		t.Errorf("passport = %+v, %v", p, err)
	}
}

var testCreds = Credentials{
	Account:        "1234567_SB1",
	ConsumerKey:    "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
	ConsumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5",
	TokenID:        "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
	TokenSecret:    "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
}

func testSigner(t testing.TB, opts ...SignerOption) *Signer {
	t.Helper()
	s, err := NewSigner(testCreds, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewSignerErrors(t *testing.T) {
	c := testCreds
	c.TokenSecret = ""
	c.ConsumerKey = ""
	if _, err := NewSigner(c); err == nil || !strings.Contains(err.Error(), "consumer key, token secret") {
		t.Errorf("err = %v", err)
	}
	if _, err := NewSigner(testCreds, WithSignatureMethod("PLAINTEXT")); err == nil {
		t.Error("PLAINTEXT accepted")
	}
	if _, err := NewSigner(testCreds, WithRealm(`a"b`)); err == nil {
		t.Error("quote in realm accepted")
	}
}

// TestSecretsNeverPrinted checks every way a value can be printed.
func TestSecretsNeverPrinted(t *testing.T) {
	secrets := []string{testCreds.ConsumerSecret.Reveal(), testCreds.TokenSecret.Reveal(), testCreds.ConsumerKey, testCreds.TokenID}
	var buf bytes.Buffer
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T %v", "%d"} {
		fmt.Fprintf(&buf, f+"\n", testCreds)
		fmt.Fprintf(&buf, f+"\n", &testCreds)
		fmt.Fprintf(&buf, f+"\n", testCreds.TokenSecret)
	}
	fmt.Fprintln(&buf, testCreds.String(), testCreds.GoString())
	lg := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	lg.Debug("creds", "c", testCreds, "s", testCreds.ConsumerSecret)
	slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})).Debug("creds", "c", testCreds)
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Fatalf("a credential value was printed:\n%s", out)
		}
	}
	if !strings.Contains(out, "[redacted]") || !strings.Contains(out, "ef40…67e4") {
		t.Errorf("expected redacted and masked forms in:\n%s", out)
	}
}

func TestTransport(t *testing.T) {
	var mu sync.Mutex
	var got []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
		p, err := ParseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
		if err := VerifyOAuth1(r.Method, u, p, testCreds.ConsumerSecret, testCreds.TokenSecret); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Write(body)
	}))
	defer srv.Close()

	var logs bytes.Buffer
	tr := &Transport{Signer: testSigner(t), Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	hc := &http.Client{Transport: tr}
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/services/rest/record/v1/customer?limit=5&q=email+START_WITH+%22a%22", ""},
		{"POST", "/services/rest/query/v1/suiteql?limit=1000&offset=0", `{"q":"SELECT 'it''s' FROM dual"}`},
		{"PATCH", "/services/rest/record/v1/customer/107", `{"companyName":"Acme"}`},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != tc.body {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, resp.StatusCode, b)
		}
		if req.Header.Get("Authorization") != "" {
			t.Error("Transport modified the caller's request")
		}
	}
	if n1, n2 := mustNonce(t, got[0]), mustNonce(t, got[1]); n1 == n2 {
		t.Error("two requests shared a nonce")
	}
	for _, s := range []string{testCreds.ConsumerSecret.Reveal(), testCreds.TokenSecret.Reveal(), testCreds.ConsumerKey, testCreds.TokenID, "oauth_signature"} {
		if strings.Contains(logs.String(), s) {
			t.Fatalf("debug log leaked %q:\n%s", s, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "status=200") {
		t.Errorf("debug log lacks the request line:\n%s", logs.String())
	}
	// A URL that cannot be signed fails before anything is sent.
	if _, err := hc.Get(srv.URL + "/x?q=100%"); err == nil || !errors.Is(err, ErrBadEscape) {
		t.Errorf("err = %v", err)
	}
}

func mustNonce(t *testing.T, r *http.Request) string {
	p, err := ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		t.Fatal(err)
	}
	return p.Nonce
}

func TestPassportXMLErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<tokenPassport><account>1</account></tokenPassport>`, "consumerKey, token, nonce, timestamp, signature, signature/@algorithm"},
		{`<tokenPassport><account>1</account><consumerKey>c</consumerKey><token>t</token><nonce>n</nonce><timestamp>x</timestamp><signature algorithm="HMAC_SHA256">s</signature></tokenPassport>`, "not an integer"},
		{`<tokenPassport><account>1</account><consumerKey>c</consumerKey><token>t</token><nonce>n</nonce><timestamp>1</timestamp><signature algorithm="MD5">s</signature></tokenPassport>`, "algorithm"},
		{`<tokenPassport>`, "malformed"},
	} {
		if _, err := ParsePassportXML([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParsePassportXML(%s) = %v, want %q", tc.in, err, tc.want)
		}
		_, err := ParsePassportXML([]byte(tc.in))
		if strings.Contains(tc.want, "integer") && !errors.Is(err, ErrPassportTimestamp) || tc.want == "algorithm" && !errors.Is(err, ErrPassportAlgorithm) {
			t.Errorf("%v is not the typed error", err)
		}
	}
	// The Help Center's form, children in the messages namespace and a hyphenated algorithm, is accepted.
	doc := `<ns:tokenPassport xmlns:ns="urn:messages_2025_2.platform.webservices.netsuite.com"><ns:account>1234567</ns:account><ns:consumerKey>c</ns:consumerKey><ns:token>t</ns:token><ns:nonce>abcdef</ns:nonce><ns:timestamp>1439829974</ns:timestamp><ns:signature algorithm="HMAC-SHA256">sig</ns:signature></ns:tokenPassport>`
	p, err := ParsePassportXML([]byte(doc))
	if err != nil || p.Algorithm != PassportHMACSHA256 || p.Timestamp != 1439829974 {
		t.Errorf("got %+v, %v", p, err)
	}
}

// TestOriginCache signs for alternating hosts, schemes and cases: the cached
// encoded origin must never leak from one URL into another's signature.
func TestOriginCache(t *testing.T) {
	s := testSigner(t)
	for i, raw := range []string{
		"https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer",
		"https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1",
		"https://1234567-SB1.suitetalk.api.netsuite.com/services/rest/record/v1/customer",
		"http://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer",
		"https://1234567-sb1.suitetalk.api.netsuite.com:443/x",
		"https://1234567-sb1.suitetalk.api.netsuite.com/y",
	} {
		u, _ := url.Parse(raw)
		h, err := s.AuthorizationHeader("GET", u)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := ParseAuthorization(h)
		if err := VerifyOAuth1("GET", u, p, testCreds.ConsumerSecret, testCreds.TokenSecret); err != nil {
			t.Errorf("%d %s: %v", i, raw, err)
		}
		// The detailed path (no cache) must give the same base string.
		want, _, _ := BaseString("GET", raw, *p)
		sb, _, _ := appendBaseStringPairs(nil, "GET", u, nil, p.appendPairs(nil), &s.origin)
		if string(sb) != want {
			t.Errorf("%d: cached base string\n%s\nwant\n%s", i, sb, want)
		}
	}
}
