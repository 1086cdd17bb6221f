package core_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

const invalidLoginBody = `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}`

// TestRESTLoginRefusals covers every TBA refusal on REST: the client always
// sees NetSuite's uniform 401; only the Login Audit Trail has the reason.
func TestRESTLoginRefusals(t *testing.T) {
	const path = "/services/rest/system/v1/governanceLimits"
	tests := []struct {
		name   string
		setup  func(f *simtest.Fixture) (*auth.Signer, map[string]string)
		detail string
	}{
		{"no Authorization header", func(f *simtest.Fixture) (*auth.Signer, map[string]string) { return nil, nil }, "MissingRequiredParameter"},
		{"not OAuth", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return nil, map[string]string{"Authorization": "Basic YWJjOmRlZg=="}
		}, "MissingRequiredParameter"},
		{"realm of another account", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return f.Signer(f.Creds, auth.WithRealm("1234567_SB1")), nil
		}, vocab.DetailInvalidAccount},
		// The realm is the account id with its letters upper case
		// (netsuite-upload-org/netsuite-upload issue #38; see verify).
		{"lower-case realm", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return f.Signer(f.Creds, auth.WithRealm(strings.ToLower(f.Guide.AccountID))), nil
		}, vocab.DetailInvalidAccount},
		{"HMAC-SHA1", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return f.Signer(f.Creds, auth.WithSignatureMethod(auth.HMACSHA1)), nil
		}, "UnsupportedSignatureMethod"},
		{"unknown consumer key", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			c := f.Creds
			c.ConsumerKey = strings.Repeat("ab", 32)
			return f.Signer(c), nil
		}, vocab.DetailConsumerKeyUnknown},
		{"unknown token", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			c := f.Creds
			c.TokenID = strings.Repeat("cd", 32)
			return f.Signer(c), nil
		}, vocab.DetailInvalidToken},
		{"integration blocked", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "integration.block", Integration: f.Guide.IntegrationName})
			return f.Signer(f.Creds), nil
		}, vocab.DetailConsumerKeyRefused},
		{"TBA feature disabled", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "feature.disable", Feature: "tba"})
			return f.Signer(f.Creds), nil
		}, vocab.DetailFeatureDisabled},
		{"REST web services disabled", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "feature.disable", Feature: "rest"})
			return f.Signer(f.Creds), nil
		}, vocab.DetailFeatureDisabled},
		{"token revoked", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "token.revoke", Token: f.Guide.TokenName})
			return f.Signer(f.Creds), nil
		}, vocab.DetailTokenRevoked},
		{"token of another integration", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			other := f.Admin(admin.Request{Op: "integration.create", Name: "Other App"}).(admin.IntegrationCreated)
			c := f.Creds
			c.ConsumerKey, c.ConsumerSecret = other.ConsumerKey, auth.Secret(other.ConsumerSecret)
			return f.Signer(c), nil
		}, vocab.DetailInvalidToken},
		{"timestamp 6 minutes old", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return f.Signer(f.Creds, auth.WithClockOffset(func() time.Duration { return -6 * time.Minute })), nil
		}, vocab.DetailInvalidTimestamp},
		{"timestamp 6 minutes ahead", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return f.Signer(f.Creds, auth.WithClockOffset(func() time.Duration { return 6 * time.Minute })), nil
		}, vocab.DetailInvalidTimestamp},
		{"nonce too short", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			return f.Signer(f.Creds, auth.WithNonceSource(auth.FixedNonce("abc12"))), nil
		}, vocab.DetailNonceRejected},
		{"wrong token secret", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			c := f.Creds
			c.TokenSecret = auth.Secret(strings.Repeat("0", 64))
			return f.Signer(c), nil
		}, vocab.DetailInvalidSignature},
		{"wrong consumer secret", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			c := f.Creds
			c.ConsumerSecret = auth.Secret(strings.Repeat("1", 64))
			return f.Signer(c), nil
		}, vocab.DetailInvalidSignature},
		{"role without REST Web Services", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "REST Web Services", Level: "None"})
			return f.Signer(f.Creds), nil
		}, vocab.DetailInsufficientPermission},
		{"role without token login permissions", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Log in using Access Tokens", Level: "None"})
			f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "User Access Token", Level: "None"})
			return f.Signer(f.Creds), nil
		}, vocab.DetailLoginDisabled},
		{"role taken from the employee", func(f *simtest.Fixture) (*auth.Signer, map[string]string) {
			f.Admin(admin.Request{Op: "employee.remove-role", Employee: f.Guide.EmployeeEmail, Role: f.Guide.RoleName})
			return f.Signer(f.Creds), nil
		}, vocab.DetailLoginDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := simtest.NewFixture(t, sim.Options{}, 0)
			s, hdr := tt.setup(f)
			resp, body := f.Do(s, "GET", path, "", hdr)
			if resp.StatusCode != 401 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if got, want := resp.Header.Get("WWW-Authenticate"), `OAuth realm="`+f.Guide.AccountID+`", error="token_rejected", error_description="Invalid login attempt."`; got != want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
			if string(body) != invalidLoginBody {
				t.Errorf("body\n got %s\nwant %s", body, invalidLoginBody)
			}
			if a := f.LastAudit(); a.Status != vocab.StatusFailure || a.Detail != tt.detail || a.Surface != vocab.SurfaceREST {
				t.Errorf("audit = %+v, want Failure %s", a, tt.detail)
			}
		})
	}
}

func TestRESTLoginSuccessAndReplay(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	s := f.Signer(f.Creds, auth.WithNonceSource(auth.FixedNonce("fixednonce12345")))
	resp, body := f.Do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var g map[string]any
	json.Unmarshal(body, &g)
	if g["accountConcurrencyLimit"] != 5.0 || g["integrationLimitType"] != "accountLimit" {
		t.Errorf("governanceLimits = %s", body)
	}
	a := f.LastAudit()
	if a.Status != vocab.StatusSuccess || a.User != f.Guide.EmployeeEmail || a.TokenName != f.Guide.TokenName || a.Integration != f.Guide.IntegrationName {
		t.Errorf("audit = %+v", a)
	}
	// The same nonce again (same second, same signature) is a replay.
	resp, _ = f.Do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	if resp.StatusCode != 401 || f.LastAudit().Detail != vocab.DetailNonceRejected {
		t.Errorf("replay: %d %+v", resp.StatusCode, f.LastAudit())
	}
}

// TestRoleCacheDelay reproduces the guide's reader: "Permission Violation:
// You need the 'Lists -> Contacts' permission" hours after adding it.
func TestRoleCacheDelay(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{RoleCacheDelay: time.Hour}, 100)
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Lists -> Contacts", Level: "None"})
	f.Clock.Add(2 * time.Hour) // the removal has reached token logins
	s := f.Signer(f.Creds)
	contact := "/services/rest/record/v1/contact/" + f.FirstID("contact")
	resp, body := f.Do(s, "GET", contact, "", nil)
	wantBody := `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4","title":"Forbidden","status":403,"o:errorDetails":[{"detail":"Permission Violation: You need the 'Lists -> Contacts' permission to access this page.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}`
	if resp.StatusCode != 403 || string(body) != wantBody {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Lists -> Contacts", Level: "Full"})
	f.Clock.Add(30 * time.Minute)
	if resp, body = f.Do(s, "GET", contact, "", nil); resp.StatusCode != 403 {
		t.Fatalf("30 minutes after the change token logins must still see the old role: %d %s", resp.StatusCode, body)
	}
	f.Clock.Add(31 * time.Minute)
	if resp, body = f.Do(s, "GET", contact, "", nil); resp.StatusCode != 200 {
		t.Fatalf("after the delay: %d %s", resp.StatusCode, body)
	}
	var rec map[string]any
	json.Unmarshal(body, &rec)
	if rec["id"] != f.FirstID("contact") || rec["links"] == nil || rec["entityId"] == nil {
		t.Errorf("record = %s", body)
	}
	// A missing record is a 404, never confused with permission.
	if resp, body = f.Do(s, "GET", "/services/rest/record/v1/contact/999999", "", nil); resp.StatusCode != 404 || !strings.Contains(string(body), "NONEXISTENT_ID") {
		t.Errorf("missing record: %d %s", resp.StatusCode, body)
	}
}

// TestConcurrencyLimit fills the account pool and checks each surface's refusal.
func TestConcurrencyLimit(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	var releases []func()
	for range 5 { // Standard tier, no SuiteCloud Plus: 5
		rel, err := f.Srv.Governor().TryAcquire(core.Itoa(f.Guide.IntegrationID))
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, rel)
	}
	s := f.Signer(f.Creds)
	resp, body := f.Do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	want := `{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html","title":"Bad Request","status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`
	if resp.StatusCode != 429 || string(body) != want {
		t.Errorf("REST: %d %s", resp.StatusCode, body)
	}
	resp, body = f.Do(s, "GET", "/app/site/hosting/restlet.nl?script=1&deploy=1", "", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"code" : "SSS_REQUEST_LIMIT_EXCEEDED"`) {
		t.Errorf("RESTlet: %d %s", resp.StatusCode, body)
	}
	for _, r := range releases {
		r()
	}
	if resp, body = f.Do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil); resp.StatusCode != 200 {
		t.Errorf("after release: %d %s", resp.StatusCode, body)
	}
	if peak := f.Srv.Governor().Snapshot(); peak.Account.Peak < 5 {
		t.Errorf("peak %+v", peak)
	}
	// An integration-specific allocation is enforced on its own.
	one := 1
	f.Admin(admin.Request{Op: "integration.concurrency", Integration: f.Guide.IntegrationName, Limit: &one})
	rel, err := f.Srv.Governor().TryAcquire(core.Itoa(f.Guide.IntegrationID))
	if err == nil {
		defer rel()
	}
	resp, body = f.Do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil)
	if resp.StatusCode != 429 {
		t.Errorf("integration limit: %d %s", resp.StatusCode, body)
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
	srv, err := sim.New(sim.Options{Store: st})
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
	f := simtest.NewFixture(t, sim.Options{Faults: inj}, 0)
	s := f.Signer(f.Creds)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			resp, _ := f.Do(f.Signer(f.Creds), "GET", "/services/rest/system/v1/governanceLimits", "", nil)
			if resp.StatusCode != 200 {
				t.Errorf("slow request: %d", resp.StatusCode)
			}
		})
	}
	deadline := time.Now().Add(300 * time.Millisecond)
	for f.Srv.Governor().Snapshot().Account.InFlight < 5 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := f.Srv.Governor().Snapshot().Account.InFlight; n != 5 {
		t.Fatalf("in flight during the latency: %d, want 5", n)
	}
	if resp, body := f.Do(s, "GET", "/services/rest/system/v1/governanceLimits", "", nil); resp.StatusCode != 429 {
		t.Errorf("sixth request: %d %s", resp.StatusCode, body)
	}
	wg.Wait()
	if n := f.Srv.Governor().Snapshot().Account.InFlight; n != 0 {
		t.Errorf("in flight after the responses: %d", n)
	}
}
