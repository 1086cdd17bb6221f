package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/vocab"
)

const (
	hexA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	hexB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	hexC = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
	hexD = "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
)

func testConfig(account, base string) *netsuite.Config {
	return &netsuite.Config{
		Values: netsuite.Values{Account: account, ConsumerKey: hexA, ConsumerSecret: auth.Secret(hexB),
			TokenID: hexC, TokenSecret: auth.Secret(hexD), BaseURL: base},
		Sources: map[string]string{"account": "env NETSUITE_ACCOUNT", "base_url": "env NETSUITE_BASE_URL"},
	}
}

// noNetwork fails the test on any request.
func noNetwork(t *testing.T) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return nil, errors.New("no network in this test")
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func mustCheck(t *testing.T, rep *Report, id string) *Check {
	t.Helper()
	c := rep.Check(id)
	if c == nil {
		t.Fatalf("no %q check in %s", id, dump(rep))
	}
	return c
}

func dump(rep *Report) string {
	b, _ := json.MarshalIndent(rep, "", "  ")
	return string(b)
}

func text(c *Check) string {
	return c.Summary + "\n" + strings.Join(c.Details, "\n") + "\n" + c.Fix
}

func wantStatus(t *testing.T, rep *Report, id string, want Status) *Check {
	t.Helper()
	c := mustCheck(t, rep, id)
	if c.Status != want {
		t.Errorf("%s: status %s, want %s\n%s", id, c.Status, want, text(c))
	}
	return c
}

func wantContains(t *testing.T, c *Check, subs ...string) {
	t.Helper()
	s := text(c)
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s check does not say %q:\n%s", c.ID, sub, s)
		}
	}
}

func TestConfigOffline(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		cfg     *netsuite.Config
		status  Status
		network bool
		want    []string
	}{
		{"empty", &netsuite.Config{}, Fail, false,
			[]string{"5 problems", "NETSUITE_ACCOUNT", "NETSUITE_CONSUMER_KEY", "NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_ID", "NETSUITE_TOKEN_SECRET", "guide step 1", "guide step 5"}},
		{"malformed account", testConfig("1234567.app.netsuite.com", ""), Fail, false,
			[]string{"account id", "not valid", `did you mean "1234567"`, "Company Information"}},
		{"short token", func() *netsuite.Config { c := testConfig("1234567", ""); c.TokenID = hexC[:40]; return c }(), Fail, false,
			[]string{"token id", "40 characters", "NETSUITE_TOKEN_ID"}},
		{"sandbox account, production host", testConfig("1234567_SB1", "https://1234567.suitetalk.api.netsuite.com"), Fail, false,
			[]string{"realm/host mismatch", "sandbox ids end in _SB1; the host is 1234567-sb1.suitetalk.api.netsuite.com"}},
		{"production account, sandbox host", testConfig("1234567", "https://1234567-sb1.suitetalk.api.netsuite.com"), Fail, false,
			[]string{"realm/host mismatch", "sandbox 1234567_SB1's", "the account id is 1234567_SB1"}},
		{"other account's host", testConfig("7654321", "https://1234567.suitetalk.api.netsuite.com"), Fail, false,
			[]string{"belongs to account 1234567", "7654321.suitetalk.api.netsuite.com"}},
		{"underscore host", testConfig("1234567_SB1", "https://1234567_sb1.suitetalk.api.netsuite.com"), Fail, false,
			[]string{"'_'", "1234567-sb1.suitetalk.api.netsuite.com"}},
		{"discovery host as base", testConfig("1234567", "https://webservices.netsuite.com"), Fail, false,
			[]string{"not an account's domain", "1234567.suitetalk.api.netsuite.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Run(ctx, tt.cfg, Options{HTTPClient: noNetwork(t)})
			c := wantStatus(t, rep, CheckConfig, tt.status)
			wantContains(t, c, tt.want...)
			if rep.Healthy() {
				t.Error("report is healthy")
			}
			for _, o := range rep.Checks[1:] {
				if o.Status != Skip {
					t.Errorf("%s ran after a configuration failure: %s", o.ID, o.Summary)
				}
			}
		})
	}
}

// fakeNetSuite is a stand-in for a real account (no emulator admin API):
// it checks OAuth timestamps against the real clock, like NetSuite.
type fakeNetSuite struct {
	t          *testing.T
	rest       func(w http.ResponseWriter, r *http.Request)
	soap       func(w http.ResponseWriter, r *http.Request)
	record     func(w http.ResponseWriter, r *http.Request)
	restHits   int
	discovered bool
}

func (f *fakeNetSuite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/rest/datacenterurls":
		f.discovered = true
		if r.Header.Get("Authorization") != "" {
			f.t.Error("credentials sent to the discovery endpoint")
		}
		base := "http://" + r.Host
		json.NewEncoder(w).Encode(map[string]string{"webservicesDomain": base, "restDomain": base, "systemDomain": base})
	case r.URL.Path == netsuite.GovernanceLimitsPath:
		f.restHits++
		p, err := auth.ParseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			f.t.Errorf("REST request without a valid Authorization header: %v", err)
		} else if ts, _ := auth.ParseTimestamp(p.Timestamp); time.Since(ts).Abs() > 5*time.Minute {
			invalidLogin(w)
			return
		}
		if f.rest == nil {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"accountConcurrencyLimit":15,"accountUnallocatedConcurrencyLimit":15,"integrationLimitType":"accountLimit"}`))
			return
		}
		f.rest(w, r)
	case strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_"):
		if r.Header.Get("Authorization") != "" {
			f.t.Error("SOAP request carries an Authorization header")
		}
		if r.Header.Get("SOAPAction") != "getServerTime" || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") {
			f.t.Errorf("SOAP headers: %v", r.Header)
		}
		if f.soap == nil {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			w.Write([]byte(soapServerTime(time.Now())))
			return
		}
		f.soap(w, r)
	case strings.HasPrefix(r.URL.Path, "/services/rest/record/v1/"):
		if f.record == nil {
			http.NotFound(w, r)
			return
		}
		f.record(w, r)
	default:
		http.NotFound(w, r)
	}
}

func htmlPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Sign in to the guest network</title></head><body>Accept the terms</body></html>"))
}

func invalidLogin(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `OAuth realm="1234567", error="token_rejected", error_description="Invalid login attempt."`)
	w.WriteHeader(http.StatusUnauthorized)
	w.Write([]byte(`{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2","title":"Unauthorized","status":401,` +
		`"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}`))
}

func soapServerTime(t time.Time) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Header><platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_2023_2.platform.webservices.netsuite.com"><platformMsgs:nsId>WEBSERVICES_1234567_1</platformMsgs:nsId></platformMsgs:documentInfo></soapenv:Header>
  <soapenv:Body>
    <getServerTimeResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">
      <platformCore:getServerTimeResult xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com">
        <platformCore:status isSuccess="true"/>
        <platformCore:serverTime>` + t.Format("2006-01-02T15:04:05.000-07:00") + `</platformCore:serverTime>
      </platformCore:getServerTimeResult>
    </getServerTimeResponse>
  </soapenv:Body>
</soapenv:Envelope>`
}

func soapFault(kind, code, msg string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Body>
    <soapenv:Fault>
      <faultcode>soapenv:Server.userException</faultcode>
      <faultstring>` + msg + `</faultstring>
      <detail>
        <platformFaults:` + kind + ` xmlns:platformFaults="urn:faults_2023_2.platform.webservices.netsuite.com">
          <platformFaults:code>` + code + `</platformFaults:code>
          <platformFaults:message>` + msg + `</platformFaults:message>
        </platformFaults:` + kind + `>
        <ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">partners-java001</ns1:hostname>
      </detail>
    </soapenv:Fault>
  </soapenv:Body>
</soapenv:Envelope>`))
	}
}

func restError(status int, code, detail string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"status": status,
			"o:errorDetails": []map[string]string{{"detail": detail, "o:errorCode": code}}})
	}
}

// TestRealAccountPaths runs the doctor against a stand-in for a real
// account: no emulator admin API, so the generic explanations.
func TestRealAccountPaths(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fakeNetSuite)
		opts    Options
		healthy bool
		check   func(t *testing.T, rep *Report)
	}{
		{name: "healthy", healthy: true, check: func(t *testing.T, rep *Report) {
			c := wantStatus(t, rep, CheckREST, OK)
			wantContains(t, c, "accountConcurrencyLimit: 15", "integrationLimitType: accountLimit")
			wantContains(t, wantStatus(t, rep, CheckSOAP, OK), "second estimate")
			wantStatus(t, rep, CheckClock, OK)
			wantStatus(t, rep, CheckReachability, OK)
			wantStatus(t, rep, CheckRoleChanges, Skip)
			if rep.Emulator {
				t.Error("a stand-in without the admin API was taken for the emulator")
			}
		}},
		{name: "not an administrator", healthy: true,
			setup: func(f *fakeNetSuite) {
				f.rest = restError(403, "INSUFFICIENT_PERMISSION", "Permission Violation: You need the 'Setup -> Integration Governance' permission to access this page.")
			},
			check: func(t *testing.T, rep *Report) {
				wantContains(t, wantStatus(t, rep, CheckREST, OK), "not one")
			}},
		{name: "invalid login", setup: func(f *fakeNetSuite) {
			f.rest = func(w http.ResponseWriter, _ *http.Request) { invalidLogin(w) }
			f.soap = soapFault("invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", "Invalid login attempt.")
		},
			check: func(t *testing.T, rep *Report) {
				for _, id := range []string{CheckREST, CheckSOAP} {
					c := wantStatus(t, rep, id, Fail)
					wantContains(t, c, "Invalid login attempt.", "View Login Audit Trail", "Use Advanced Search",
						"Token-based Access Token Name", "Token-based Application Name", "cmd:audit()")
					s := text(c)
					order := []string{"revoked", "account id (realm)", "clock skew", "Blocked", "feature is disabled", "Log in using Access Tokens", "recent role change"}
					last := -1
					for _, o := range order {
						i := strings.Index(s, o)
						if i <= last {
							t.Errorf("cause %q is missing or out of order:\n%s", o, s)
						}
						last = i
					}
				}
				wantContains(t, mustCheck(t, rep, CheckREST), "token_rejected", "'REST Web Services'")
				wantContains(t, mustCheck(t, rep, CheckSOAP), "'Web Services'")
				wantStatus(t, rep, CheckRoleChanges, Skip)
			}},
		{name: "rest refused, soap works", setup: func(f *fakeNetSuite) { f.rest = func(w http.ResponseWriter, _ *http.Request) { invalidLogin(w) } },
			check: func(t *testing.T, rep *Report) {
				// SOAP works with the same token: the REST refusal points to REST's permission.
				c := wantStatus(t, rep, CheckREST, Fail)
				wantContains(t, c, "SOAP token logins work with the same token", "'REST Web Services' permission", "--skip-rest", "View Login Audit Trail")
				if strings.Contains(text(c), genericCausesHead) {
					t.Errorf("the general causes are still listed:\n%s", text(c))
				}
			}},
		{name: "soap refused, rest works", setup: func(f *fakeNetSuite) {
			f.soap = soapFault("invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", "Invalid login attempt.")
		}, check: func(t *testing.T, rep *Report) {
			wantStatus(t, rep, CheckREST, OK)
			c := wantStatus(t, rep, CheckSOAP, Fail)
			wantContains(t, c, "Invalid login attempt.", "'Web Services' permission", "SOAP Web Services", "--skip-soap")
		}},
		{name: "soap permission", setup: func(f *fakeNetSuite) {
			f.soap = soapFault("insufficientPermissionFault", "WS_PERMISSION_REQD", "You do not have permission to access web services.")
		}, check: func(t *testing.T, rep *Report) {
			wantContains(t, wantStatus(t, rep, CheckSOAP, Fail), "'Web Services' permission", "guide step 3")
		}},
		{name: "soap feature", setup: func(f *fakeNetSuite) {
			f.soap = soapFault("insufficientPermissionFault", "WS_FEATURE_REQD", "You do not have permission to access web services feature.")
		}, check: func(t *testing.T, rep *Report) {
			wantContains(t, wantStatus(t, rep, CheckSOAP, Fail), "SOAP Web Services feature is disabled")
		}},
		{name: "concurrency", setup: func(f *fakeNetSuite) {
			f.rest = restError(429, "CONCURRENCY_LIMIT_EXCEEDED", "Concurrent request limit exceeded. Request blocked.")
			f.soap = soapFault("exceededConcurrentRequestLimitFault", "WS_REQUEST_BLOCKED", "SuiteTalk concurrent request limit exceeded. Request blocked.")
		}, check: func(t *testing.T, rep *Report) {
			for _, id := range []string{CheckREST, CheckSOAP} {
				wantContains(t, wantStatus(t, rep, id, Fail), "concurrency limit reached", "SuiteCloud Plus", "Integration Governance")
			}
		}},
		{name: "clock skew corrected", opts: Options{Now: func() time.Time { return time.Now().Add(-10 * time.Minute) }},
			check: func(t *testing.T, rep *Report) {
				c := wantStatus(t, rep, CheckClock, Fail)
				wantContains(t, c, "10m0s behind", "5 minutes", "InvalidTimestamp", "corrected by +10m0s")
				wantStatus(t, rep, CheckREST, OK)
				wantStatus(t, rep, CheckSOAP, OK)
				if !rep.ClockOffsetApplied || rep.ClockSkewSeconds == nil || *rep.ClockSkewSeconds < 590 {
					t.Errorf("skew %v applied %v", rep.ClockSkewSeconds, rep.ClockOffsetApplied)
				}
			}},
		{name: "clock slightly ahead", healthy: true, opts: Options{Now: func() time.Time { return time.Now().Add(2 * time.Minute) }},
			check: func(t *testing.T, rep *Report) {
				wantContains(t, wantStatus(t, rep, CheckClock, Warn), "2m0s ahead")
			}},
		{name: "permission violation on a record", opts: Options{Records: []string{"contact/12"}},
			setup: func(f *fakeNetSuite) {
				f.record = restError(403, "INSUFFICIENT_PERMISSION", "Permission Violation: You need the 'Lists -> Contacts' permission to access this page.")
			},
			check: func(t *testing.T, rep *Report) {
				wantContains(t, wantStatus(t, rep, CheckRecords, Fail), "'Lists -> Contacts'", "minutes to hours")
				wantContains(t, wantStatus(t, rep, CheckRoleChanges, Warn), "Permission Violation", "8+ hours")
			}},
		{name: "record readable", healthy: true, opts: Options{Records: []string{"customer"}},
			setup: func(f *fakeNetSuite) {
				f.record = func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Query().Get("limit") != "1" {
						t.Errorf("record list without limit=1: %s", r.URL)
					}
					w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=collection")
					w.Write([]byte(`{"items":[]}`))
				}
			},
			check: func(t *testing.T, rep *Report) {
				wantContains(t, wantStatus(t, rep, CheckRecords, OK), "customer")
			}},
		// A proxy, captive portal or wrong base URL answering 200 with a
		// page: not a working login (issue 9, data safety 7).
		{name: "html page instead of NetSuite", setup: func(f *fakeNetSuite) {
			f.rest = htmlPage
		}, check: func(t *testing.T, rep *Report) {
			c := wantStatus(t, rep, CheckREST, Fail)
			wantContains(t, c, "not NetSuite's", "text/html", `"Sign in to the guest network"`, "base URL", "proxy", "captive portal")
		}},
		{name: "record answered with html", opts: Options{Records: []string{"customer"}},
			setup: func(f *fakeNetSuite) { f.record = htmlPage },
			check: func(t *testing.T, rep *Report) {
				wantContains(t, wantStatus(t, rep, CheckRecords, Fail), "not NetSuite's", "text/html", "base URL")
			}},
		{name: "json content type, body not json", setup: func(f *fakeNetSuite) {
			f.rest = func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte("OK"))
			}
		}, check: func(t *testing.T, rep *Report) {
			wantContains(t, wantStatus(t, rep, CheckREST, Fail), "body that is not JSON", `"OK"`)
		}},
		{name: "empty 200 without content type", setup: func(f *fakeNetSuite) {
			f.rest = func(w http.ResponseWriter, _ *http.Request) { w.Header()["Content-Type"] = nil }
		}, check: func(t *testing.T, rep *Report) {
			wantContains(t, wantStatus(t, rep, CheckREST, Fail), "without a Content-Type", "an empty body")
		}},
		{name: "skip soap", healthy: true, opts: Options{SkipSOAP: true},
			setup: func(f *fakeNetSuite) {
				f.soap = func(http.ResponseWriter, *http.Request) { t.Error("SOAP called with SkipSOAP") }
			},
			check: func(t *testing.T, rep *Report) { wantStatus(t, rep, CheckSOAP, Skip) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeNetSuite{t: t}
			if tt.setup != nil {
				tt.setup(f)
			}
			srv := httptest.NewServer(f)
			defer srv.Close()
			tt.opts.Commands = FormatCommand
			rep := Run(context.Background(), testConfig("1234567", srv.URL), tt.opts)
			if rep.Healthy() != tt.healthy {
				t.Errorf("healthy = %v, want %v\n%s", rep.Healthy(), tt.healthy, dump(rep))
			}
			if !f.discovered {
				t.Error("the discovery endpoint was not asked")
			}
			tt.check(t, rep)
			if s := dump(rep); strings.Contains(s, hexB) || strings.Contains(s, hexD) || strings.Contains(s, hexA) || strings.Contains(s, hexC) {
				t.Errorf("the report holds a secret or a whole key:\n%s", s)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	rep := Run(context.Background(), testConfig("1234567", url), Options{Timeout: 5 * time.Second, Commands: FormatCommand})
	wantContains(t, wantStatus(t, rep, CheckReachability, Fail), "cannot reach", "cmd:serve()")
	wantStatus(t, rep, CheckClock, Skip)
	wantStatus(t, rep, CheckREST, Fail)
	if rep.Healthy() {
		t.Error("healthy")
	}
}

func TestRealDomainsCompared(t *testing.T) {
	// The discovery host is NetSuite's: the domains must be the account's.
	for _, tt := range []struct {
		name, ws string
		status   Status
		want     string
	}{
		{"account domains", "https://1234567-sb1.suitetalk.api.netsuite.com", OK, "are the ones the client uses"},
		{"generic domains", "https://webservices.netsuite.com", Warn, "does not know this account id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("account") != "1234567_SB1" {
					t.Errorf("account=%q", r.URL.Query().Get("account"))
				}
				json.NewEncoder(w).Encode(map[string]string{"webservicesDomain": tt.ws})
			}))
			defer srv.Close()
			// Stop after discovery: the REST and SOAP calls would go to NetSuite.
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if strings.HasSuffix(r.URL.Hostname(), "netsuite.com") {
					return nil, errors.New("offline")
				}
				return http.DefaultTransport.RoundTrip(r)
			})}
			rep := Run(context.Background(), testConfig("1234567_SB1", ""), Options{DiscoveryURL: srv.URL, HTTPClient: hc})
			wantContains(t, wantStatus(t, rep, CheckReachability, tt.status), tt.want)
		})
	}
}

func TestParseSOAP(t *testing.T) {
	a, err := parseSOAP([]byte(soapServerTime(time.Date(2024, 5, 1, 10, 11, 12, 0, time.UTC))))
	if err != nil || a.fault || a.isSuccess != "true" || !strings.HasPrefix(a.serverTime, "2024-05-01T10:11:12") {
		t.Fatalf("%+v %v", a, err)
	}
	rec := httptest.NewRecorder()
	soapFault("invalidCredentialsFault", "USER_ERROR", "Ambiguous authentication")(rec, nil)
	a, err = parseSOAP(rec.Body.Bytes())
	if err != nil || !a.fault || a.faultKind != "invalidCredentialsFault" || a.faultCode != "USER_ERROR" || a.faultMessage != "Ambiguous authentication" {
		t.Fatalf("%+v %v", a, err)
	}
	if _, err := parseSOAP([]byte(`{"json":true}`)); err == nil {
		t.Error("JSON parsed as SOAP")
	}
	if _, err := parseSOAP([]byte(`<html><body>502</body></html>`)); err == nil {
		t.Error("HTML parsed as SOAP")
	}
}

func TestEveryDetailExplained(t *testing.T) {
	r := &run{cfg: testConfig("1234567", ""), rep: &Report{}, acct: netsuite.MustParseAccount("1234567")}
	for _, d := range KnownDetails {
		e := r.explainAudit(context.Background(), failedLogin(d), vocab.SurfaceREST)
		if strings.Contains(e.summary, "the Login Audit Trail says") || e.fix == "" {
			t.Errorf("detail %s is not explained: %+v", d, e)
		}
	}
}

func TestFmtDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		3 * time.Second: "3s", 4*time.Minute + 10*time.Second: "4m10s", 2*time.Hour + 5*time.Minute: "2h05m", 75 * time.Hour: "3d3h",
	} {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func failedLogin(detail string) Login {
	return Login{Detail: detail, TokenName: "tok", Integration: "App", Role: "TBA Role", User: "a@example.com", Status: vocab.StatusFailure}
}

func TestCommandKindsNamed(t *testing.T) {
	for k := CommandAudit; k <= CommandEmulatorLicences; k++ {
		if strings.HasPrefix(k.String(), "CommandKind(") || k.String() == "" {
			t.Errorf("kind %d has no name", int(k))
		}
	}
	if got := CommandKind(99).String(); got != "CommandKind(99)" {
		t.Errorf("unknown kind: %q", got)
	}
}
