package netsuite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
)

// stageLog records the order in which the pipeline's stages run.
type stageLog struct {
	mu     sync.Mutex
	events []string
}

func (l *stageLog) add(s string) {
	l.mu.Lock()
	l.events = append(l.events, s)
	l.mu.Unlock()
}

func (l *stageLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.events, " ")
}

type logLimiter struct{ log *stageLog }

func (l logLimiter) Acquire(ctx context.Context, _ *Request) (func(), error) {
	l.log.add("slot")
	return func() { l.log.add("release") }, nil
}

// retryTwice makes up to three attempts while the answer is an *Error with
// status 503.
type retryTwice struct{ log *stageLog }

func (r retryTwice) Do(ctx context.Context, _ *Request, attempt func(context.Context) (*http.Response, error)) (*http.Response, error) {
	for i := 0; ; i++ {
		r.log.add("attempt")
		resp, err := attempt(ctx)
		var e *Error
		if i < 2 && errors.As(err, &e) && e.StatusCode == http.StatusServiceUnavailable {
			continue
		}
		return resp, err
	}
}

type logAuth struct {
	log    *stageLog
	signer *auth.Signer
}

func (a logAuth) Authenticate(req *http.Request) error {
	a.log.add("auth")
	return a.signer.SignRequest(req)
}

func testCreds() auth.Credentials {
	return auth.Credentials{Account: "1234567_SB1",
		ConsumerKey:    "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
		ConsumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5",
		TokenID:        "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
		TokenSecret:    "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"}
}

func noEnv() Option { return WithLoadOptions(LoadOptions{Getenv: func(string) string { return "" }}) }

// TestPipelineStagesInOrder checks the order retry → slot → authenticate →
// middleware → transport → classify, a fresh signature per attempt, and
// the slot freed when the body is read.
func TestPipelineStagesInOrder(t *testing.T) {
	var calls int
	var mu sync.Mutex
	auths := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		auths[r.Header.Get("Authorization")] = true
		mu.Unlock()
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	log := &stageLog{}
	signer, err := auth.NewSigner(testCreds())
	if err != nil {
		t.Fatal(err)
	}
	mw := func(name string) Middleware {
		return func(next http.RoundTripper) http.RoundTripper {
			return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
				if r.Header.Get("Authorization") == "" {
					t.Errorf("middleware %s saw an unauthenticated request", name)
				}
				log.add(name)
				return next.RoundTrip(r)
			})
		}
	}
	c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(),
		WithRetryer(retryTwice{log}), WithLimiter(logLimiter{log}), WithAuthenticator(logAuth{log, signer}),
		WithMiddleware(mw("mw1"), mw("mw2")),
		WithClassifier(func(req *Request, resp *http.Response) error {
			log.add("classify")
			return Classify(req, resp)
		}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(context.Background(), &Request{Method: http.MethodGet, URL: c.URL(SuiteTalk, "/x")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	log.add("read")
	resp.Body.Close()
	if string(body) != `{"ok":true}` {
		t.Fatalf("body %q", body)
	}
	one := "attempt slot auth mw1 mw2 classify release"
	want := one + " " + one + " attempt slot auth mw1 mw2 classify release read"
	if got := log.String(); got != want {
		t.Errorf("stages:\n got %s\nwant %s", got, want)
	}
	if len(auths) != 3 {
		t.Errorf("%d distinct Authorization headers for 3 attempts: each attempt must be signed afresh", len(auths))
	}
}

func TestPipelineRequestModes(t *testing.T) {
	var seen []*http.Request
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, r)
		bodies = append(bodies, string(b))
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		case "/refuse":
			w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"type":"t","title":"Forbidden","status":403,"o:errorDetails":[{"detail":"Permission Violation: x","o:errorCode":"INSUFFICIENT_PERMISSION"}]}`))
		default:
			w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	do := func(r *Request) (*http.Response, error) {
		t.Helper()
		resp, err := c.Do(ctx, r)
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return resp, err
	}

	// AuthNone: no Authorization header.
	if _, err := do(&Request{Method: "GET", URL: srv.URL + "/plain", Auth: AuthNone}); err != nil {
		t.Fatal(err)
	}
	if h := seen[len(seen)-1].Header.Get("Authorization"); h != "" {
		t.Errorf("AuthNone sent Authorization %q", h)
	}

	// AuthInBody: BuildBody runs once per attempt with a passport signer; no header.
	built := 0
	_, err = do(&Request{Method: "POST", URL: srv.URL + "/soap", Auth: AuthInBody,
		BuildBody: func(_ context.Context, a Authenticator) ([]byte, error) {
			built++
			ps, ok := a.(PassportSigner)
			if !ok {
				return nil, errors.New("no passport signer")
			}
			p, err := ps.Passport(auth.PassportHMACSHA256)
			if err != nil {
				return nil, err
			}
			return []byte("<passport>" + p.Nonce + "</passport>"), nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	last := seen[len(seen)-1]
	if built != 1 || last.Header.Get("Authorization") != "" || !strings.HasPrefix(bodies[len(bodies)-1], "<passport>") {
		t.Errorf("AuthInBody: built %d, Authorization %q, body %q", built, last.Header.Get("Authorization"), bodies[len(bodies)-1])
	}
	if _, err := c.Do(ctx, &Request{Method: "POST", URL: srv.URL, Auth: AuthInBody}); err == nil {
		t.Error("AuthInBody without BuildBody was accepted")
	}

	// A redirect is an error unless asked for, and never followed.
	n := len(seen)
	_, err = do(&Request{Method: "GET", URL: srv.URL + "/redirect"})
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusFound {
		t.Errorf("redirect without Redirects: %v", err)
	}
	resp, err := do(&Request{Method: "GET", URL: srv.URL + "/redirect", Redirects: true})
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Errorf("redirect with Redirects: %v", err)
	}
	if len(seen) != n+2 {
		t.Errorf("the pipeline followed a redirect: %d requests for 2 calls", len(seen)-n)
	}

	// A refusal is an *Error with NetSuite's details.
	_, err = do(&Request{Method: "GET", URL: srv.URL + "/refuse"})
	if !IsPermission(err) || !errors.As(err, &e) || e.Code() != "INSUFFICIENT_PERMISSION" || e.Method != "GET" {
		t.Errorf("refusal: %v", err)
	}

	// Headers and bodies are copied per attempt, the request is not modified.
	h := http.Header{"Content-Type": {"application/json"}}
	r := &Request{Method: "POST", URL: srv.URL + "/echo", Header: h, Body: []byte(`{"a":1}`)}
	if _, err := do(r); err != nil {
		t.Fatal(err)
	}
	if bodies[len(bodies)-1] != `{"a":1}` || seen[len(seen)-1].Header.Get("Content-Type") != "application/json" {
		t.Errorf("body %q, content type %q", bodies[len(bodies)-1], seen[len(seen)-1].Header.Get("Content-Type"))
	}
	if len(h) != 1 || r.Header.Get("Authorization") != "" {
		t.Errorf("Do modified the request's header: %v", h)
	}

	// Bad requests are refused before anything is sent.
	for _, bad := range []*Request{nil, {Method: "GET", URL: "/relative"}, {Method: "GET", URL: "ftp://x/y"}} {
		if _, err := c.Do(ctx, bad); err == nil {
			t.Errorf("Do(%+v) succeeded", bad)
		}
	}
}

// TestPipelineTimeoutPerAttempt: WithTimeout bounds an attempt, and the
// slot is given back when it ends.
func TestPipelineTimeoutPerAttempt(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	log := &stageLog{}
	c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(),
		WithTimeout(50*time.Millisecond), WithLimiter(logLimiter{log}),
		WithRetryer(&RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline", err)
	}
	// A timed-out GET is retried; each attempt takes and gives back its slot.
	if got := log.String(); got != "slot release slot release" {
		t.Errorf("stages %q", got)
	}
}

// TestWithAuthenticatorNeedsNoTBA: another authenticator replaces TBA, and
// then only the account is required.
func TestWithAuthenticatorNeedsNoTBA(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
	}))
	defer srv.Close()
	bearer := authFunc(func(r *http.Request) error { r.Header.Set("Authorization", "Bearer abc"); return nil })
	c, err := NewClient(WithConfig(&Config{Values: Values{Account: "1234567", BaseURL: srv.URL}}), WithAuthenticator(bearer))
	if err != nil {
		t.Fatal(err)
	}
	if c.Signer() != nil {
		t.Error("Signer() should be nil without TBA")
	}
	resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: c.URL(SuiteTalk, "/x")})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != "Bearer abc" {
		t.Errorf("Authorization %q", got)
	}
	// Through HTTPClient too.
	resp, err = c.HTTPClient().Get(c.URL(SuiteTalk, "/y"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != "Bearer abc" {
		t.Errorf("HTTPClient Authorization %q", got)
	}
	if _, err := NewClient(WithConfig(&Config{Values: Values{Account: "not an account!"}}), WithAuthenticator(bearer)); err == nil {
		t.Error("a malformed account was accepted")
	}
}

type authFunc func(*http.Request) error

func (f authFunc) Authenticate(r *http.Request) error { return f(r) }

// TestNoSilentReplay: when a reused connection breaks after a GET was
// sent (it ran, its answer was lost), net/http would send the very same
// signed request again by itself — the same OAuth nonce, which NetSuite
// refuses as a replay. The pipeline makes such requests not replayable:
// every send that reaches the server carries a nonce never seen before,
// the first GET comes back as an error to the retry policy, and the
// policy's retry is signed afresh.
func TestNoSilentReplay(t *testing.T) {
	var mu sync.Mutex
	nonces := map[string]int{}
	gets := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := auth.ParseAuthorization(r.Header.Get("Authorization"))
		mu.Lock()
		if err == nil {
			nonces[p.Nonce]++
		}
		gets++
		n := gets
		mu.Unlock()
		if r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
			t.Errorf("%s sent with a body (length %d, %v)", r.Method, r.ContentLength, r.TransferEncoding)
		}
		if n == 2 { // ran, then the connection is closed without the answer
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name    string
		retryer Retryer
		wantErr bool
	}{{"no retries: the error comes back", NoRetry, true}, {"the policy retries with a new nonce", &RetryPolicy{BaseDelay: time.Millisecond}, false}} {
		mu.Lock()
		gets, nonces = 0, map[string]int{}
		mu.Unlock()
		c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithRetryer(tc.retryer))
		if err != nil {
			t.Fatal(err)
		}
		var errs []error
		for range 2 { // the first opens the connection, the second reuses it
			resp, err := c.Do(t.Context(), &Request{Method: http.MethodGet, URL: srv.URL + "/x"})
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			errs = append(errs, err)
		}
		mu.Lock()
		for nonce, n := range nonces {
			if n > 1 {
				t.Errorf("%s: nonce %s reached the server %d times", tc.name, nonce, n)
			}
		}
		mu.Unlock()
		if errs[0] != nil || (errs[1] != nil) != tc.wantErr {
			t.Errorf("%s: errors %v, want an error for the second only: %v", tc.name, errs, tc.wantErr)
		}
	}
}

// checkingAuth is an authenticator that also reads refused answers
// (ResponseChecker), as OAuth 2.0's does.
type checkingAuth struct{ checked []int }

func (a *checkingAuth) Authenticate(req *http.Request) error {
	req.Header.Set("Authorization", "Bearer t")
	return nil
}

func (a *checkingAuth) Check(resp *http.Response, err error) error {
	a.checked = append(a.checked, resp.StatusCode)
	return fmt.Errorf("checked: %w", err)
}

// TestPipelineResponseChecker: the pipeline hands every refused answer of
// an authenticated request to an authenticator that is a
// ResponseChecker, without a classifier to wire; successes are not.
func TestPipelineResponseChecker(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	a := &checkingAuth{}
	c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithAuthenticator(a), WithRetryer(NoRetry))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL + "/ok"})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, err = c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL + "/refused"})
	if err == nil || !strings.HasPrefix(err.Error(), "checked: ") || !slices.Equal(a.checked, []int{401}) {
		t.Errorf("err = %v, checked %v; want the 401 checked once", err, a.checked)
	}
}
