package sim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/store"
)

// fakeClock is a settable clock shared by the store, the server and signers.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is an emulated account provisioned by the guide, served by httptest.
type fixture struct {
	t     *testing.T
	clock *fakeClock
	st    *store.Store
	srv   *Server
	ts    *httptest.Server
	guide *store.GuideResult
	creds auth.Credentials
}

func newFixture(t *testing.T, opts Options, demoLines int) *fixture {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
	st, err := store.OpenWith("", store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	g, err := st.ProvisionGuide(ctx, store.GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if demoLines > 0 {
		if _, err := st.GenerateDemo(ctx, store.DemoOptions{Lines: demoLines, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	opts.Store, opts.Now = st, clock.Now
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &fixture{t: t, clock: clock, st: st, srv: srv, ts: ts, guide: g, creds: auth.Credentials{
		Account: g.AccountID, ConsumerKey: g.ConsumerKey, ConsumerSecret: auth.Secret(g.ConsumerSecret.Reveal()),
		TokenID: g.TokenID, TokenSecret: auth.Secret(g.TokenSecret.Reveal())}}
}

func (f *fixture) admin(req admin.Request) any {
	f.t.Helper()
	out, err := admin.Do(context.Background(), f.st, req)
	if err != nil {
		f.t.Fatalf("admin %s: %v", req.Op, err)
	}
	return out
}

func (f *fixture) signer(c auth.Credentials, opts ...auth.SignerOption) *auth.Signer {
	f.t.Helper()
	s, err := auth.NewSigner(c, append([]auth.SignerOption{auth.WithClock(f.clock.Now)}, opts...)...)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// do sends a request signed by s (nil: unsigned) with an optional fixed header.
func (f *fixture) do(s *auth.Signer, method, path, body string, header map[string]string) (*http.Response, []byte) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s != nil {
		if err := s.SignRequest(req); err != nil {
			f.t.Fatal(err)
		}
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, b
}

// firstID returns the smallest id of a demo table.
func (f *fixture) firstID(table string) string {
	f.t.Helper()
	var id string
	if err := f.st.DB().QueryRow(`SELECT MIN(id) FROM "` + table + `"`).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) lastAudit() store.LoginEntry {
	f.t.Helper()
	rows, err := f.st.Audit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil || len(rows) == 0 {
		f.t.Fatalf("audit: %v %v", rows, err)
	}
	return rows[0]
}

const invalidLoginBody = `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}`

// TestRESTLoginRefusals covers every TBA refusal on REST: the client always
// sees NetSuite's uniform 401; only the Login Audit Trail has the reason.
func TestRESTLoginRefusals(t *testing.T) {
	const path = "/services/rest/system/v1/governanceLimits"
	tests := []struct {
		name   string
		setup  func(f *fixture) (*auth.Signer, map[string]string)
		detail string
	}{
		{"no Authorization header", func(f *fixture) (*auth.Signer, map[string]string) { return nil, nil }, "MissingRequiredParameter"},
		{"not OAuth", func(f *fixture) (*auth.Signer, map[string]string) {
			return nil, map[string]string{"Authorization": "Bearer abc"}
		}, "MissingRequiredParameter"},
		{"realm of another account", func(f *fixture) (*auth.Signer, map[string]string) {
			return f.signer(f.creds, auth.WithRealm("1234567_SB1")), nil
		}, store.DetailInvalidAccount},
		{"HMAC-SHA1", func(f *fixture) (*auth.Signer, map[string]string) {
			return f.signer(f.creds, auth.WithSignatureMethod(auth.HMACSHA1)), nil
		}, "UnsupportedSignatureMethod"},
		{"unknown consumer key", func(f *fixture) (*auth.Signer, map[string]string) {
			c := f.creds
			c.ConsumerKey = strings.Repeat("ab", 32)
			return f.signer(c), nil
		}, store.DetailConsumerKeyUnknown},
		{"unknown token", func(f *fixture) (*auth.Signer, map[string]string) {
			c := f.creds
			c.TokenID = strings.Repeat("cd", 32)
			return f.signer(c), nil
		}, store.DetailInvalidToken},
		{"integration blocked", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "integration.block", Integration: f.guide.IntegrationName})
			return f.signer(f.creds), nil
		}, store.DetailConsumerKeyRefused},
		{"TBA feature disabled", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "feature.disable", Feature: "tba"})
			return f.signer(f.creds), nil
		}, store.DetailFeatureDisabled},
		{"REST web services disabled", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "feature.disable", Feature: "rest"})
			return f.signer(f.creds), nil
		}, store.DetailFeatureDisabled},
		{"token revoked", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "token.revoke", Token: f.guide.TokenName})
			return f.signer(f.creds), nil
		}, store.DetailTokenRevoked},
		{"token of another integration", func(f *fixture) (*auth.Signer, map[string]string) {
			other := f.admin(admin.Request{Op: "integration.create", Name: "Other App"}).(admin.IntegrationCreated)
			c := f.creds
			c.ConsumerKey, c.ConsumerSecret = other.ConsumerKey, auth.Secret(other.ConsumerSecret)
			return f.signer(c), nil
		}, store.DetailInvalidToken},
		{"timestamp 6 minutes old", func(f *fixture) (*auth.Signer, map[string]string) {
			return f.signer(f.creds, auth.WithClockOffset(func() time.Duration { return -6 * time.Minute })), nil
		}, store.DetailInvalidTimestamp},
		{"timestamp 6 minutes ahead", func(f *fixture) (*auth.Signer, map[string]string) {
			return f.signer(f.creds, auth.WithClockOffset(func() time.Duration { return 6 * time.Minute })), nil
		}, store.DetailInvalidTimestamp},
		{"nonce too short", func(f *fixture) (*auth.Signer, map[string]string) {
			return f.signer(f.creds, auth.WithNonceSource(auth.FixedNonce("abc12"))), nil
		}, store.DetailNonceRejected},
		{"wrong token secret", func(f *fixture) (*auth.Signer, map[string]string) {
			c := f.creds
			c.TokenSecret = auth.Secret(strings.Repeat("0", 64))
			return f.signer(c), nil
		}, store.DetailInvalidSignature},
		{"wrong consumer secret", func(f *fixture) (*auth.Signer, map[string]string) {
			c := f.creds
			c.ConsumerSecret = auth.Secret(strings.Repeat("1", 64))
			return f.signer(c), nil
		}, store.DetailInvalidSignature},
		{"role without REST Web Services", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "role.set-permission", Role: f.guide.RoleName, Permission: "REST Web Services", Level: "None"})
			return f.signer(f.creds), nil
		}, store.DetailInsufficientPermission},
		{"role without token login permissions", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "role.set-permission", Role: f.guide.RoleName, Permission: "Log in using Access Tokens", Level: "None"})
			f.admin(admin.Request{Op: "role.set-permission", Role: f.guide.RoleName, Permission: "User Access Token", Level: "None"})
			return f.signer(f.creds), nil
		}, store.DetailLoginDisabled},
		{"role taken from the employee", func(f *fixture) (*auth.Signer, map[string]string) {
			f.admin(admin.Request{Op: "employee.remove-role", Employee: f.guide.EmployeeEmail, Role: f.guide.RoleName})
			return f.signer(f.creds), nil
		}, store.DetailLoginDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{}, 0)
			s, hdr := tt.setup(f)
			resp, body := f.do(s, "GET", path, "", hdr)
			if resp.StatusCode != 401 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if got, want := resp.Header.Get("WWW-Authenticate"), `OAuth realm="`+f.guide.AccountID+`", error="token_rejected", error_description="Invalid login attempt."`; got != want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
			if string(body) != invalidLoginBody {
				t.Errorf("body\n got %s\nwant %s", body, invalidLoginBody)
			}
			if a := f.lastAudit(); a.Status != store.StatusFailure || a.Detail != tt.detail || a.Surface != store.SurfaceREST {
				t.Errorf("audit = %+v, want Failure %s", a, tt.detail)
			}
		})
	}
}

func TestRESTLoginSuccessAndReplay(t *testing.T) {
	f := newFixture(t, Options{}, 0)
	s := f.signer(f.creds, auth.WithNonceSource(auth.FixedNonce("fixednonce12345")))
	resp, body := f.do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var g map[string]any
	json.Unmarshal(body, &g)
	if g["accountConcurrencyLimit"] != 5.0 || g["integrationLimitType"] != "accountLimit" {
		t.Errorf("governanceLimits = %s", body)
	}
	a := f.lastAudit()
	if a.Status != store.StatusSuccess || a.User != f.guide.EmployeeEmail || a.TokenName != f.guide.TokenName || a.Integration != f.guide.IntegrationName {
		t.Errorf("audit = %+v", a)
	}
	// The same nonce again (same second, same signature) is a replay.
	resp, _ = f.do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	if resp.StatusCode != 401 || f.lastAudit().Detail != store.DetailNonceRejected {
		t.Errorf("replay: %d %+v", resp.StatusCode, f.lastAudit())
	}
}

// TestRoleCacheDelay reproduces the guide's reader: "Permission Violation:
// You need the 'Lists -> Contacts' permission" hours after adding it.
func TestRoleCacheDelay(t *testing.T) {
	f := newFixture(t, Options{RoleCacheDelay: time.Hour}, 100)
	f.admin(admin.Request{Op: "role.set-permission", Role: f.guide.RoleName, Permission: "Lists -> Contacts", Level: "None"})
	f.clock.Add(2 * time.Hour) // the removal has reached token logins
	s := f.signer(f.creds)
	contact := "/services/rest/record/v1/contact/" + f.firstID("contact")
	resp, body := f.do(s, "GET", contact, "", nil)
	wantBody := `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4","title":"Forbidden","status":403,"o:errorDetails":[{"detail":"Permission Violation: You need the 'Lists -> Contacts' permission to access this page.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}`
	if resp.StatusCode != 403 || string(body) != wantBody {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	f.admin(admin.Request{Op: "role.set-permission", Role: f.guide.RoleName, Permission: "Lists -> Contacts", Level: "Full"})
	f.clock.Add(30 * time.Minute)
	if resp, body = f.do(s, "GET", contact, "", nil); resp.StatusCode != 403 {
		t.Fatalf("30 minutes after the change token logins must still see the old role: %d %s", resp.StatusCode, body)
	}
	f.clock.Add(31 * time.Minute)
	if resp, body = f.do(s, "GET", contact, "", nil); resp.StatusCode != 200 {
		t.Fatalf("after the delay: %d %s", resp.StatusCode, body)
	}
	var rec map[string]any
	json.Unmarshal(body, &rec)
	if rec["id"] != f.firstID("contact") || rec["links"] == nil || rec["entityId"] == nil {
		t.Errorf("record = %s", body)
	}
	// A missing record is a 404, never confused with permission.
	if resp, body = f.do(s, "GET", "/services/rest/record/v1/contact/999999", "", nil); resp.StatusCode != 404 || !strings.Contains(string(body), "NONEXISTENT_ID") {
		t.Errorf("missing record: %d %s", resp.StatusCode, body)
	}
}

// TestConcurrencyLimit fills the account pool and checks each surface's refusal.
func TestConcurrencyLimit(t *testing.T) {
	f := newFixture(t, Options{}, 0)
	var releases []func()
	for range 5 { // Standard tier, no SuiteCloud Plus: 5
		rel, err := f.srv.Governor().TryAcquire(itoa(f.guide.IntegrationID))
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, rel)
	}
	s := f.signer(f.creds)
	resp, body := f.do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	want := `{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html","title":"Bad Request","status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`
	if resp.StatusCode != 429 || string(body) != want {
		t.Errorf("REST: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(s, "GET", "/app/site/hosting/restlet.nl?script=1&deploy=1", "", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"code" : "SSS_REQUEST_LIMIT_EXCEEDED"`) {
		t.Errorf("RESTlet: %d %s", resp.StatusCode, body)
	}
	for _, r := range releases {
		r()
	}
	if resp, body = f.do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil); resp.StatusCode != 200 {
		t.Errorf("after release: %d %s", resp.StatusCode, body)
	}
	if peak := f.srv.Governor().Snapshot(); peak.Account.Peak < 5 {
		t.Errorf("peak %+v", peak)
	}
	// An integration-specific allocation is enforced on its own.
	one := 1
	f.admin(admin.Request{Op: "integration.concurrency", Integration: f.guide.IntegrationName, Limit: &one})
	rel, err := f.srv.Governor().TryAcquire(itoa(f.guide.IntegrationID))
	if err == nil {
		defer rel()
	}
	resp, body = f.do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	if resp.StatusCode != 429 {
		t.Errorf("integration limit: %d %s", resp.StatusCode, body)
	}
}

func TestRESTlets(t *testing.T) {
	f := newFixture(t, Options{}, 100)
	s := f.signer(f.creds)
	resp, body := f.do(s, "POST", "/app/site/hosting/restlet.nl?script=1&deploy=1&x=y", `{"hello":"wörld"}`, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"body":{"hello":"wörld"}`) || !strings.Contains(string(body), `"x":"y"`) {
		t.Errorf("echo: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(s, "GET", "/app/site/hosting/restlet.nl?script=2&deploy=1&type=customer&id="+f.firstID("customer"), "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"entityid"`) {
		t.Errorf("lookup: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(s, "POST", "/app/site/hosting/restlet.nl?script=1&deploy=1", "x", map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if resp.StatusCode != 415 {
		t.Errorf("form body: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(s, "GET", "/app/site/hosting/restlet.nl?script=99&deploy=1", "", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), "SSS_INVALID_SCRIPTLET_ID") {
		t.Errorf("unknown script: %d %s", resp.StatusCode, body)
	}
	f.srv.RegisterRESTlet("customscript_fail", "customdeploy1", func(ctx context.Context, req *RESTletRequest) (*RESTletResponse, error) {
		return nil, context.DeadlineExceeded
	})
	resp, body = f.do(s, "GET", "/app/site/hosting/restlet.nl?script=customscript_fail&deploy=customdeploy1", "", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"error" : {"code" : "SSS_UNHANDLED_ERROR"`) {
		t.Errorf("failing script: %d %s", resp.StatusCode, body)
	}
	// A RESTlet login refusal.
	c := f.creds
	c.TokenSecret = auth.Secret(strings.Repeat("0", 64))
	resp, body = f.do(f.signer(c), "GET", "/app/site/hosting/restlet.nl?script=1&deploy=1", "", nil)
	if resp.StatusCode != 401 || !strings.Contains(string(body), "INVALID_LOGIN_ATTEMPT") || f.lastAudit().Surface != store.SurfaceRESTlet {
		t.Errorf("RESTlet refusal: %d %s %+v", resp.StatusCode, body, f.lastAudit())
	}
}

func TestDataCenterURLs(t *testing.T) {
	f := newFixture(t, Options{}, 0)
	resp, body := f.do(nil, "GET", "/rest/datacenterurls?account="+url.QueryEscape(f.guide.AccountID), "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"restDomain":"`+f.ts.URL+`"`) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

// FuzzOAuthRequest sends arbitrary Authorization headers and URLs through
// the emulator: it must answer (401 or 404), never panic.
func FuzzOAuthRequest(f *testing.F) {
	f.Add(`OAuth realm="TSTDRV1234567",oauth_consumer_key="a",oauth_token="b",oauth_nonce="cccccc",oauth_timestamp="1",oauth_signature_method="HMAC-SHA256",oauth_signature="x"`, "/services/rest/record/v1/customer/1")
	f.Add(`OAuth oauth_token="%zz"`, "/app/site/hosting/restlet.nl?script=1&deploy=1")
	f.Add(``, "/services/rest/query/v1/suiteql?limit=x")
	st, err := store.Open("")
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	srv, err := New(Options{Store: st})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header, path string) {
		u, err := url.ParseRequestURI(path)
		if err != nil || !strings.HasPrefix(path, "/") {
			return
		}
		req, err := http.NewRequest("GET", "http://emu.local"+u.RequestURI(), nil)
		if err != nil || strings.ContainsAny(header, "\r\n\x00") {
			return // not a request a client can send
		}
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

// TestConcurrencyHeldDuringLatency: under injected latency a request keeps
// its concurrency slot until its response is sent, so five slow requests
// fill the Standard limit and a sixth is refused.
func TestConcurrencyHeldDuringLatency(t *testing.T) {
	inj, err := faults.New(faults.Config{Latency: faults.Fixed(400 * time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Options{Faults: inj}, 0)
	s := f.signer(f.creds)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			resp, _ := f.do(f.signer(f.creds), "GET", "/services/rest/system/v1/governanceLimits", "", nil)
			if resp.StatusCode != 200 {
				t.Errorf("slow request: %d", resp.StatusCode)
			}
		})
	}
	deadline := time.Now().Add(300 * time.Millisecond)
	for f.srv.Governor().Snapshot().Account.InFlight < 5 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := f.srv.Governor().Snapshot().Account.InFlight; n != 5 {
		t.Fatalf("in flight during the latency: %d, want 5", n)
	}
	if resp, body := f.do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil); resp.StatusCode != 429 {
		t.Errorf("sixth request: %d %s", resp.StatusCode, body)
	}
	wg.Wait()
	if n := f.srv.Governor().Snapshot().Account.InFlight; n != 0 {
		t.Errorf("in flight after the responses: %d", n)
	}
}
