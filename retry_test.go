package netsuite

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/vocab"
)

func TestRequestIdempotent(t *testing.T) {
	soap := func(action string) http.Header { return http.Header{"Soapaction": {action}} }
	tests := []struct {
		name string
		req  Request
		want bool
	}{
		{"GET record", Request{Method: "GET", URL: "https://x/services/rest/record/v1/customer/1"}, true},
		{"SuiteQL", Request{Method: "POST", URL: "https://x/services/rest/query/v1/suiteql?limit=5"}, true},
		{"REST create", Request{Method: "POST", URL: "https://x/services/rest/record/v1/customer"}, false},
		{"REST async create with idempotency key", Request{Method: "POST", URL: "https://x/services/rest/record/v1/customer",
			Header: http.Header{"X-Netsuite-Idempotency-Key": {"cac827ea-3543-4cda-add2-bae634326c27"}}}, true},
		{"REST upsert by external id", Request{Method: "PUT", URL: "https://x/services/rest/record/v1/customer/eid:A1"}, true},
		{"REST update", Request{Method: "PATCH", URL: "https://x/services/rest/record/v1/customer/1"}, true},
		{"REST delete", Request{Method: "DELETE", URL: "https://x/services/rest/record/v1/customer/1"}, true},
		{"RESTlet GET", Request{Method: "GET", URL: "https://x/app/site/hosting/restlet.nl?script=1&deploy=1"}, true},
		{"RESTlet POST", Request{Method: "POST", URL: "https://x/app/site/hosting/restlet.nl?script=1&deploy=1"}, false},
		{"RESTlet PUT", Request{Method: "PUT", URL: "https://x/app/site/hosting/restlet.nl?script=1&deploy=1"}, false},
		{"RESTlet POST marked idempotent", Request{Method: "POST", URL: "https://x/app/site/hosting/restlet.nl", Idempotency: Idempotent}, true},
		{"GET marked not idempotent", Request{Method: "GET", URL: "https://x/y", Idempotency: NotIdempotent}, false},
		{"SOAP get", Request{Method: "POST", URL: "https://x/services/NetSuitePort_2025_2", Header: soap("get")}, true},
		{"SOAP search, quoted action", Request{Method: "POST", URL: "https://x/services/NetSuitePort_2025_2", Header: soap(`"search"`)}, true},
		{"SOAP upsertList", Request{Method: "POST", URL: "https://x/services/NetSuitePort_2025_2", Header: soap("upsertList")}, true},
		{"SOAP add", Request{Method: "POST", URL: "https://x/services/NetSuitePort_2025_2", Header: soap("add")}, false},
		{"SOAP addList", Request{Method: "POST", URL: "https://x/services/NetSuitePort_2025_2", Header: soap("addList")}, false},
		{"SOAP asyncUpsertList", Request{Method: "POST", URL: "https://x/services/NetSuitePort_2025_2", Header: soap("asyncUpsertList")}, false},
	}
	for _, tt := range tests {
		if got := RequestIdempotent(&tt.req); got != tt.want {
			t.Errorf("%s: idempotent = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// scripted answers each request with the next step of a script.
type scripted struct {
	mu     sync.Mutex
	steps  []func(w http.ResponseWriter, r *http.Request)
	n      int
	nonces []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := s.n
	s.n++
	if p, err := auth.ParseAuthorization(r.Header.Get("Authorization")); err == nil {
		s.nonces = append(s.nonces, p.Nonce)
	}
	s.mu.Unlock()
	if i >= len(s.steps) {
		w.WriteHeader(http.StatusTeapot)
		return
	}
	s.steps[i](w, r)
}

func answer(status int, code string, header ...string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if code == "" {
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
		w.WriteHeader(status)
		w.Write([]byte(`{"status":` + strconv.Itoa(status) + `,"o:errorDetails":[{"detail":"x","o:errorCode":"` + code + `"}]}`))
	}
}

// hangUp closes the connection without an answer: the request was sent and
// its outcome is unknown.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestRetryPolicy(t *testing.T) {
	ok := answer(http.StatusOK, "")
	tests := []struct {
		name     string
		method   string
		path     string
		steps    []func(http.ResponseWriter, *http.Request)
		attempts int // RetryPolicy.MaxAttempts
		ctx      func() (context.Context, context.CancelFunc)
		wantOK   bool
		wantHits int
		check    func(t *testing.T, err error, delays []time.Duration)
	}{
		{name: "429 then ok: a create is retried (not executed)", method: "POST", path: "/services/rest/record/v1/customer",
			steps:  []func(http.ResponseWriter, *http.Request){answer(429, "CONCURRENCY_LIMIT_EXCEEDED"), answer(429, "CONCURRENCY_LIMIT_EXCEEDED"), ok},
			wantOK: true, wantHits: 3},
		{name: "RESTlet SSS_REQUEST_LIMIT_EXCEEDED (400) is a concurrency refusal", method: "POST", path: "/app/site/hosting/restlet.nl",
			steps: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				w.Write([]byte(`{"error":{"code":"SSS_REQUEST_LIMIT_EXCEEDED","message":"Request limit exceeded"}}`))
			}, ok},
			wantOK: true, wantHits: 2},
		{name: "500 on a GET is retried", method: "GET", path: "/services/rest/record/v1/customer/1",
			steps: []func(http.ResponseWriter, *http.Request){answer(500, "UNEXPECTED_ERROR"), answer(503, ""), ok}, wantOK: true, wantHits: 3},
		{name: "500 on a create: outcome unknown, not retried", method: "POST", path: "/services/rest/record/v1/customer",
			steps: []func(http.ResponseWriter, *http.Request){answer(500, "UNEXPECTED_ERROR"), ok}, wantHits: 1,
			check: func(t *testing.T, err error, _ []time.Duration) {
				var u *UnknownOutcomeError
				if !errors.As(err, &u) || u.Attempts != 1 || !strings.Contains(err.Error(), "outcome is unknown") {
					t.Errorf("err = %v, want an UnknownOutcomeError", err)
				}
				var e *Error
				if !errors.As(err, &e) || e.StatusCode != 500 {
					t.Errorf("the NetSuite error is not reachable: %v", err)
				}
			}},
		{name: "connection dropped on a create: outcome unknown", method: "POST", path: "/services/rest/record/v1/customer",
			steps: []func(http.ResponseWriter, *http.Request){hangUp, ok}, wantHits: 1,
			check: func(t *testing.T, err error, _ []time.Duration) {
				var u *UnknownOutcomeError
				if !errors.As(err, &u) {
					t.Errorf("err = %v, want an UnknownOutcomeError", err)
				}
			}},
		{name: "connection dropped on an upsert by external id: retried", method: "PUT", path: "/services/rest/record/v1/customer/eid:A1",
			steps: []func(http.ResponseWriter, *http.Request){hangUp, ok}, wantOK: true, wantHits: 2},
		{name: "Retry-After is honoured", method: "GET", path: "/x",
			steps:  []func(http.ResponseWriter, *http.Request){answer(429, "CONCURRENCY_LIMIT_EXCEEDED", "Retry-After", "7"), ok},
			wantOK: true, wantHits: 2,
			check: func(t *testing.T, _ error, delays []time.Duration) {
				if len(delays) != 1 || delays[0] != 7*time.Second {
					t.Errorf("delays %v, want [7s]", delays)
				}
			}},
		{name: "a 400 is final", method: "GET", path: "/x",
			steps: []func(http.ResponseWriter, *http.Request){answer(400, "INVALID_PARAMETER"), ok}, wantHits: 1},
		{name: "401 alone is a bad login: not retried", method: "GET", path: "/x",
			steps: []func(http.ResponseWriter, *http.Request){answer(401, "INVALID_LOGIN"), ok}, wantHits: 1,
			check: func(t *testing.T, err error, _ []time.Duration) {
				if !IsInvalidLogin(err) {
					t.Errorf("err = %v", err)
				}
			}},
		{name: "401 while concurrency refusals are seen: retried, bounded", method: "POST", path: "/services/rest/record/v1/customer",
			steps: []func(http.ResponseWriter, *http.Request){answer(429, "CONCURRENCY_LIMIT_EXCEEDED"), answer(401, "INVALID_LOGIN"),
				answer(401, "INVALID_LOGIN"), answer(401, "INVALID_LOGIN"), ok},
			wantHits: 4, // the third 401 is over InvalidLoginRetries (2)
			check: func(t *testing.T, err error, _ []time.Duration) {
				if !IsInvalidLogin(err) {
					t.Errorf("err = %v", err)
				}
			}},
		{name: "attempts run out", method: "GET", path: "/x", attempts: 3,
			steps: []func(http.ResponseWriter, *http.Request){answer(429, "CONCURRENCY_LIMIT_EXCEEDED"), answer(429, "CONCURRENCY_LIMIT_EXCEEDED"),
				answer(429, "CONCURRENCY_LIMIT_EXCEEDED"), ok}, wantHits: 3,
			check: func(t *testing.T, err error, _ []time.Duration) {
				if !IsConcurrencyLimit(err) || !strings.Contains(err.Error(), "gave up after 3 attempts") {
					t.Errorf("err = %v", err)
				}
			}},
		{name: "the context's deadline comes first", method: "GET", path: "/x",
			steps: []func(http.ResponseWriter, *http.Request){answer(429, "CONCURRENCY_LIMIT_EXCEEDED", "Retry-After", "60"), ok},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 5*time.Second)
			},
			wantHits: 1,
			check: func(t *testing.T, err error, delays []time.Duration) {
				if !IsConcurrencyLimit(err) || !strings.Contains(err.Error(), "deadline") || len(delays) != 0 {
					t.Errorf("err = %v, delays %v", err, delays)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{steps: tt.steps}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var delays []time.Duration
			p := &RetryPolicy{MaxAttempts: tt.attempts}
			p.sleep = func(_ context.Context, d time.Duration) error { delays = append(delays, d); return nil }
			c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithRetryer(p))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			resp, err := c.Do(ctx, &Request{Method: tt.method, URL: srv.URL + tt.path, Body: []byte(`{}`)})
			if (err == nil) != tt.wantOK {
				t.Fatalf("err = %v, want ok %v", err, tt.wantOK)
			}
			if resp != nil {
				resp.Body.Close()
			}
			s.mu.Lock()
			hits, nonces := s.n, append([]string(nil), s.nonces...)
			s.mu.Unlock()
			if hits != tt.wantHits {
				t.Errorf("%d requests, want %d", hits, tt.wantHits)
			}
			seen := map[string]bool{}
			for _, n := range nonces {
				if seen[n] {
					t.Errorf("nonce %q sent twice: every attempt must be signed afresh", n)
				}
				seen[n] = true
			}
			if st := p.Stats(); st.Attempts != int64(tt.wantHits) || st.Retries != int64(tt.wantHits-1) {
				t.Errorf("stats %+v for %d requests", st, tt.wantHits)
			}
			if tt.check != nil {
				tt.check(t, err, delays)
			}
		})
	}
}

func TestBackoffFullJitter(t *testing.T) {
	p := &RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	for n := 1; n <= 40; n++ {
		ceil := min(time.Second, 100*time.Millisecond<<min(n, 20))
		for range 50 {
			if d := p.backoff(n); d < 0 || d > ceil {
				t.Fatalf("backoff(%d) = %v, outside [0, %v]", n, d, ceil)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"5", 5 * time.Second}, {" 12 ", 12 * time.Second}, {"-3", 0}, {"soon", 0},
		{"Tue, 01 Dec 2026 12:00:30 GMT", 30 * time.Second},
		{"Tue, 01 Dec 2026 11:00:00 GMT", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestSOAPFaults: SOAP faults (always HTTP 500) are told apart by their
// fault type: a recorded concurrency fault is retried even for an add (it
// was not executed), a permission fault is final, an unexpected error
// leaves an add's outcome unknown.
func TestSOAPFaults(t *testing.T) {
	recorded, err := os.ReadFile("testdata/soap/fault_concurrent_requests.xml")
	if err != nil {
		t.Fatal(err)
	}
	fault := func(kind, code, msg string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>` +
			`<faultcode>soapenv:Server.userException</faultcode><faultstring>` + msg + `</faultstring><detail>` +
			`<platformFaults:` + kind + ` xmlns:platformFaults="urn:faults_2025_2.platform.webservices.netsuite.com"><platformFaults:code>` + code +
			`</platformFaults:code><platformFaults:message>` + msg + `</platformFaults:message></platformFaults:` + kind + `>` +
			`<ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">partners-java001</ns1:hostname></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
	}
	tests := []struct {
		name     string
		body     []byte
		action   string
		wantHits int
		wantOK   bool
		check    func(t *testing.T, err error)
	}{
		{"recorded WS_CONCUR_SESSION_DISALLWD on add: retried", recorded, "add", 2, true, nil},
		{"WS_REQUEST_BLOCKED on addList: retried", fault("exceededConcurrentRequestLimitFault", "WS_REQUEST_BLOCKED",
			"SuiteTalk concurrent request limit exceeded. Request blocked."), "addList", 2, true, nil},
		{"permission fault: final", fault("insufficientPermissionFault", "WS_PERMISSION_REQD", "You do not have permission to access web services."),
			"get", 1, false, func(t *testing.T, err error) {
				var e *Error
				if !errors.As(err, &e) || e.SOAPFault != "insufficientPermissionFault" || e.Code() != "WS_PERMISSION_REQD" ||
					e.Title != "You do not have permission to access web services." {
					t.Errorf("err = %#v", err)
				}
			}},
		{"invalid credentials: a bad login, not retried", fault("invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", "Invalid login attempt."),
			"get", 1, false, func(t *testing.T, err error) {
				if !IsInvalidLogin(err) {
					t.Errorf("err = %v", err)
				}
			}},
		{"unexpected error on add: outcome unknown", fault("unexpectedErrorFault", "UNEXPECTED_ERROR", "An unexpected error occurred."),
			"add", 1, false, func(t *testing.T, err error) {
				var u *UnknownOutcomeError
				if !errors.As(err, &u) {
					t.Errorf("err = %v", err)
				}
			}},
		{"unexpected error on get: retried", fault("unexpectedErrorFault", "UNEXPECTED_ERROR", "An unexpected error occurred."), "get", 2, true, nil},
		{"the emulator's not implemented: final, the message once", fault("unexpectedErrorFault", "UNEXPECTED_ERROR", vocab.EmulatorNotImplemented+"joins yet."),
			"search", 1, false, func(t *testing.T, err error) {
				if got := err.Error(); strings.Count(got, "joins yet") != 1 || !strings.Contains(got, "500 unexpectedErrorFault; UNEXPECTED_ERROR: ") {
					t.Errorf("err = %v", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hitCount atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := hitCount.Add(1)
				w.Header().Set("Content-Type", "text/xml; charset=utf-8")
				if n == 1 {
					w.WriteHeader(http.StatusInternalServerError)
					w.Write(tt.body)
					return
				}
				w.Write([]byte(`<ok/>`))
			}))
			defer srv.Close()
			p := &RetryPolicy{sleep: func(context.Context, time.Duration) error { return nil }}
			c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithRetryer(p))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL + "/services/NetSuitePort_2025_2",
				Header: http.Header{"SOAPAction": {tt.action}}, Body: []byte("<x/>")})
			hits := int(hitCount.Load())
			if (err == nil) != tt.wantOK || hits != tt.wantHits {
				t.Fatalf("err = %v, %d requests; want ok %v, %d", err, hits, tt.wantOK, tt.wantHits)
			}
			if resp != nil {
				resp.Body.Close()
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

// TestRetryInvalidLoginUnderOwnLoad: the first refusal of a burst may come
// as a 401 before any 429 was seen. While another request of the same
// policy is in flight, that 401 is taken as an overload and retried; the
// same 401 with nothing else in flight is a bad login and is not.
func TestRetryInvalidLoginUnderOwnLoad(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 1)
	var mu sync.Mutex
	logins := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			arrived <- struct{}{}
			<-release
			w.WriteHeader(http.StatusOK)
			return
		}
		mu.Lock()
		logins++
		n := logins
		mu.Unlock()
		if n == 1 {
			answer(401, "INVALID_LOGIN")(w, r)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	p := &RetryPolicy{}
	p.sleep = func(context.Context, time.Duration) error { return nil }
	c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithRetryer(p))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) error {
		resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL + path})
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	slow := make(chan error, 1)
	go func() { slow <- get("/slow") }()
	<-arrived
	if err := get("/x"); err != nil {
		t.Errorf("a 401 while another request is in flight: %v, want it retried", err)
	}
	close(release)
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	if logins != 2 {
		t.Errorf("%d attempts of /x, want 2", logins)
	}
	// Alone, with no refusal seen, the same 401 is final.
	logins = 0
	if err := get("/x"); !IsInvalidLogin(err) || logins != 1 {
		t.Errorf("a lone 401: %v after %d attempts, want the bad login after 1", err, logins)
	}
}

// TestRetryInvalidLoginBoundResets: under a burst of refusals answered as
// 401, the bound on 401 retries starts again whenever another request of
// the policy was answered in between (the credentials work); without such
// an answer it holds.
func TestRetryInvalidLoginBoundResets(t *testing.T) {
	var mu sync.Mutex
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			w.WriteHeader(http.StatusOK)
			return
		}
		mu.Lock()
		hits++
		n := hits
		mu.Unlock()
		switch {
		case n == 1:
			answer(429, "CONCURRENCY_LIMIT_EXCEEDED")(w, r)
		case n <= 5:
			answer(401, "INVALID_LOGIN")(w, r)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	defer srv.Close()
	for _, between := range []bool{true, false} {
		hits = 0
		p := &RetryPolicy{MaxAttempts: 8}
		c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithRetryer(p))
		if err != nil {
			t.Fatal(err)
		}
		p.sleep = func(ctx context.Context, _ time.Duration) error {
			if between { // another request of the policy is answered meanwhile
				time.Sleep(time.Millisecond) // a later clock reading than the 401's
				resp, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL + "/ok"})
				if err != nil {
					return err
				}
				resp.Body.Close()
			}
			return nil
		}
		resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL + "/x"})
		switch {
		case between && (err != nil || hits != 6):
			t.Errorf("with answers in between: %v after %d attempts, want success after 6", err, hits)
		case !between && (!IsInvalidLogin(err) || hits != 4):
			t.Errorf("without: %v after %d attempts, want the 401 after 4 (a 429, then 401s up to the bound of 2 retries)", err, hits)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
}

// rejectedToken stands for oauth2.TokenRejectedError (the root package
// cannot import oauth2).
type rejectedToken struct{ err error }

func (e *rejectedToken) Error() string       { return "token rejected: " + e.err.Error() }
func (e *rejectedToken) Unwrap() error       { return e.err }
func (e *rejectedToken) TokenRejected() bool { return true }

// TestRetryRejectedToken: a refused bearer token is retried once (with a
// new token; the request did not run), even for a write, and only once.
func TestRetryRejectedToken(t *testing.T) {
	refusal := &rejectedToken{err: &Error{StatusCode: http.StatusUnauthorized}}
	for _, tt := range []struct {
		name      string
		failures  int
		wantCalls int
		wantOK    bool
		underLoad bool
	}{
		{"refused once: the new token works", 1, 2, true, false},
		{"refused twice: given up after one retry", 5, 2, false, false},
		{"refused twice under load: the overload retries go on", 2, 3, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &RetryPolicy{sleep: func(context.Context, time.Duration) error { return nil }}
			if tt.underLoad {
				p.lastConcurrency.Store(time.Now().UnixNano()) // a 429 was just seen
			}
			calls := 0
			_, err := p.Do(context.Background(), &Request{Method: "POST", URL: "https://x/services/rest/record/v1/customer"},
				func(context.Context) (*http.Response, error) {
					if calls++; calls <= tt.failures {
						return nil, refusal
					}
					return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody}, nil
				})
			if calls != tt.wantCalls || (err == nil) != tt.wantOK {
				t.Fatalf("%d calls, err %v; want %d calls, ok %v", calls, err, tt.wantCalls, tt.wantOK)
			}
			if !tt.wantOK && !errors.As(err, new(*rejectedToken)) {
				t.Errorf("err = %v, want the token refusal", err)
			}
		})
	}
}
