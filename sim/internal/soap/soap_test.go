package soap_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

var updateSOAP = flag.Bool("update-soap", false, "rewrite the SOAP golden files under testdata/soap")

const soapTestVersion = "2023_2"

// soapFixture is the guide's account (see newFixture) with SOAP helpers.
type soapFixture struct {
	*simtest.Fixture
	ctx context.Context
}

func newSOAPFixture(t *testing.T, opts sim.Options, demoLines int) *soapFixture {
	t.Helper()
	return &soapFixture{Fixture: simtest.NewFixture(t, opts, demoLines), ctx: context.Background()}
}

// passport returns a freshly signed tokenPassport header element.
func (f *soapFixture) passport(c auth.Credentials, opts ...auth.SignerOption) string {
	f.T.Helper()
	return f.passportWith(auth.PassportHMACSHA256, c, opts...)
}

// passportWith is passport signed with alg.
func (f *soapFixture) passportWith(alg auth.PassportAlgorithm, c auth.Credentials, opts ...auth.SignerOption) string {
	f.T.Helper()
	s, err := auth.NewSigner(c, append([]auth.SignerOption{auth.WithClock(f.Clock.Now)}, opts...)...)
	if err != nil {
		f.T.Fatal(err)
	}
	p, err := s.Passport(alg)
	if err != nil {
		f.T.Fatal(err)
	}
	return p.XML(soapTestVersion)
}

// replaceElement replaces the text of the element named name (with its
// prefix) in x, which must hold it once.
func replaceElement(t *testing.T, x, name, text string) string {
	t.Helper()
	i := strings.Index(x, "<"+name+">")
	j := strings.Index(x, "</"+name+">")
	if i < 0 || j < i {
		t.Fatalf("no %s in %s", name, x)
	}
	return x[:i+len(name)+2] + text + x[j:]
}

// soapEnvelope wraps header and body content for endpoint version.
func soapEnvelope(version, header, body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xmlns:platformMsgs="urn:messages_` + version + `.platform.webservices.netsuite.com"` +
		` xmlns:platformCore="urn:core_` + version + `.platform.webservices.netsuite.com">` +
		`<soapenv:Header>` + header + `</soapenv:Header><soapenv:Body>` + body + `</soapenv:Body></soapenv:Envelope>`
}

// post sends body to the SOAP endpoint of version.
func (f *soapFixture) post(version, body string) *soapReply {
	f.T.Helper()
	return f.postTo(f.TS.URL, version, body)
}

// postTo sends body to the SOAP endpoint of version on the server at base.
func (f *soapFixture) postTo(base, version, body string) *soapReply {
	f.T.Helper()
	req, _ := http.NewRequest("POST", base+"/services/NetSuitePort_"+version, strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `"op"`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return parseSOAPReply(f.T, resp.StatusCode, resp.Header, b)
}

// call sends one operation with the given header content to 2023_2.
func (f *soapFixture) call(header, body string) *soapReply {
	f.T.Helper()
	return f.post(soapTestVersion, soapEnvelope(soapTestVersion, header, body))
}

func (f *soapFixture) auditCount() int {
	f.T.Helper()
	rows, err := f.St.Audit(f.ctx, store.AuditFilter{})
	if err != nil {
		f.T.Fatal(err)
	}
	return len(rows)
}

// soapReply is a response, read by local names. text maps an element's
// local name to its last text (e.g. "serverTime", "code", "message").
type soapReply struct {
	status      int
	contentType string
	raw         []byte

	fault       bool
	faultCode   string
	faultString string
	faultKind   string // the element in soapenv:Fault/detail other than hostname

	elements []xml.Name // start elements in document order
	attrs    map[string]map[string]string
	text     map[string]string
	nsID     string
}

func parseSOAPReply(t *testing.T, status int, h http.Header, b []byte) *soapReply {
	t.Helper()
	r := &soapReply{status: status, contentType: h.Get("Content-Type"), raw: b,
		attrs: map[string]map[string]string{}, text: map[string]string{}}
	if !strings.HasPrefix(r.contentType, "text/xml") {
		return r
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("response is not well-formed XML: %v\n%s", err, b)
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			name := tt.Name.Local
			if name == "Fault" {
				r.fault = true
			}
			if len(stack) > 0 && stack[len(stack)-1] == "detail" && name != "hostname" {
				r.faultKind = name
			}
			r.elements = append(r.elements, tt.Name)
			a := map[string]string{}
			for _, at := range tt.Attr {
				a[at.Name.Local] = at.Value
			}
			r.attrs[name] = a
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			v := strings.TrimSpace(string(tt))
			if v == "" {
				continue
			}
			switch top := stack[len(stack)-1]; top {
			case "faultcode":
				r.faultCode = v
			case "faultstring":
				r.faultString = v
			case "nsId":
				r.nsID = v
			default:
				r.text[top] = v
			}
		}
	}
	return r
}

// has reports whether an element with this namespace and local name occurs.
func (r *soapReply) has(space, local string) bool {
	for _, n := range r.elements {
		if n.Space == space && n.Local == local {
			return true
		}
	}
	return false
}

// wantFault checks a SOAP fault: HTTP 500, SOAP Content-Type,
// soapenv:Server.userException, the detail element, code and message.
func (r *soapReply) wantFault(t *testing.T, kind, code, message string) {
	t.Helper()
	if r.status != http.StatusInternalServerError || r.contentType != wire.ContentTypeSOAP || !r.fault {
		t.Fatalf("want a fault with HTTP 500: got %d %q\n%s", r.status, r.contentType, r.raw)
	}
	if r.faultCode != "soapenv:Server.userException" {
		t.Errorf("faultcode = %q", r.faultCode)
	}
	if r.faultKind != kind || r.text["code"] != code || r.text["message"] != message || r.faultString != message {
		t.Errorf("fault = %s/%s %q (faultstring %q), want %s/%s %q\n%s",
			r.faultKind, r.text["code"], r.text["message"], r.faultString, kind, code, message, r.raw)
	}
}

// wantOK checks a successful operation response.
func (r *soapReply) wantOK(t *testing.T) {
	t.Helper()
	if r.status != http.StatusOK || r.contentType != wire.ContentTypeSOAP || r.fault {
		t.Fatalf("want HTTP 200 %s: got %d %q\n%s", wire.ContentTypeSOAP, r.status, r.contentType, r.raw)
	}
	if !wire.NsIDPattern.MatchString(r.nsID) {
		t.Errorf("nsId %q does not match NetSuite's form", r.nsID)
	}
}

const getServerTime = `<platformMsgs:getServerTime/>`

// TestSOAPLogin covers the tokenPassport checks: the client sees NetSuite's
// answer, the Login Audit Trail the reason.
func TestSOAPLogin(t *testing.T) {
	invalid := func(detail string) (string, string, string, string) {
		return "invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", wire.MsgInvalidLogin, detail
	}
	appInfo := `<platformMsgs:applicationInfo><platformMsgs:applicationId>ABC-123</platformMsgs:applicationId></platformMsgs:applicationInfo>`
	tests := []struct {
		name   string
		header func(f *soapFixture) string
		// want: fault kind, code, message ("" kind: success), audit detail.
		want func() (kind, code, msg, detail string)
	}{
		{"success", func(f *soapFixture) string { return f.passport(f.Creds) },
			func() (string, string, string, string) { return "", "", "", "" }},
		{"unqualified tokenPassport with xsi:type", func(f *soapFixture) string {
			p := f.passport(f.Creds)
			p = strings.ReplaceAll(p, "platformCore:", "")
			p = strings.ReplaceAll(p, "platformMsgs:", "")
			return strings.Replace(p, "<tokenPassport ", `<tokenPassport xsi:type="platformCore:TokenPassport" `, 1)
		}, func() (string, string, string, string) { return "", "", "", "" }},
		{"wrong signature", func(f *soapFixture) string {
			c := f.Creds
			c.TokenSecret = auth.Secret(strings.Repeat("0", 64))
			return f.passport(c)
		}, func() (string, string, string, string) { return invalid(vocab.DetailInvalidSignature) }},
		{"revoked token", func(f *soapFixture) string {
			if _, err := f.St.RevokeToken(f.ctx, f.Guide.TokenName); err != nil {
				t.Fatal(err)
			}
			return f.passport(f.Creds)
		}, func() (string, string, string, string) { return invalid(vocab.DetailTokenRevoked) }},
		{"TBA feature off", func(f *soapFixture) string {
			if err := f.St.SetFeature(f.ctx, "tba", false); err != nil {
				t.Fatal(err)
			}
			return f.passport(f.Creds)
		}, func() (string, string, string, string) { return invalid(vocab.DetailFeatureDisabled) }},
		{"SOAP web services feature off", func(f *soapFixture) string {
			if err := f.St.SetFeature(f.ctx, "soap", false); err != nil {
				t.Fatal(err)
			}
			return f.passport(f.Creds)
		}, func() (string, string, string, string) { return invalid(vocab.DetailFeatureDisabled) }},
		{"unknown consumer key", func(f *soapFixture) string {
			c := f.Creds
			c.ConsumerKey = strings.Repeat("ab", 32)
			return f.passport(c)
		}, func() (string, string, string, string) { return invalid(vocab.DetailConsumerKeyUnknown) }},
		{"account of another realm", func(f *soapFixture) string {
			c := f.Creds
			c.Account = "1234567_SB1"
			return f.passport(c)
		}, func() (string, string, string, string) { return invalid(vocab.DetailInvalidAccount) }},
		{"stale timestamp", func(f *soapFixture) string {
			return f.passport(f.Creds, auth.WithClock(func() time.Time { return f.Clock.Now().Add(-10 * time.Minute) }))
		}, func() (string, string, string, string) { return invalid(vocab.DetailInvalidTimestamp) }},
		{"tokenPassport and applicationInfo", func(f *soapFixture) string { return f.passport(f.Creds) + appInfo },
			func() (string, string, string, string) {
				return "invalidCredentialsFault", "USER_ERROR", wire.MsgAmbiguousAuthentication, vocab.DetailAmbiguousAuthentication
			}},
		{"applicationInfo first, then tokenPassport", func(f *soapFixture) string { return appInfo + f.passport(f.Creds) },
			func() (string, string, string, string) {
				return "invalidCredentialsFault", "USER_ERROR", wire.MsgAmbiguousAuthentication, vocab.DetailAmbiguousAuthentication
			}},
		{"tokenPassport and passport", func(f *soapFixture) string {
			return f.passport(f.Creds) + `<platformMsgs:passport><platformCore:email>a@b.c</platformCore:email>` +
				`<platformCore:password>x</platformCore:password><platformCore:account>` + f.Guide.AccountID +
				`</platformCore:account></platformMsgs:passport>`
		}, func() (string, string, string, string) {
			return "invalidCredentialsFault", "USER_ERROR", wire.MsgAmbiguousAuthentication, vocab.DetailAmbiguousAuthentication
		}},
		// A passport whose content cannot be used is a login refusal,
		// audited, not a parse fault (issue 9, data safety 8).
		{"timestamp not an integer", func(f *soapFixture) string {
			return replaceElement(t, f.passport(f.Creds), "platformCore:timestamp", "abc")
		}, func() (string, string, string, string) { return invalid(vocab.DetailInvalidTimestamp) }},
		{"algorithm HMAC_MD5", func(f *soapFixture) string {
			return strings.Replace(f.passport(f.Creds), `algorithm="HMAC_SHA256"`, `algorithm="HMAC_MD5"`, 1)
		}, func() (string, string, string, string) { return invalid(vocab.DetailUnsupportedSignatureMethod) }},
		// HMAC-SHA1 ended in 2023.1 (Help Center section_1534941088); the
		// signature is right for HMAC_SHA1.
		{"HMAC_SHA1 signature", func(f *soapFixture) string {
			return f.passportWith(auth.PassportHMACSHA1, f.Creds)
		}, func() (string, string, string, string) { return invalid(vocab.DetailUnsupportedSignatureMethod) }},
		{"lower-case account id", func(f *soapFixture) string {
			c := f.Creds
			c.Account = strings.ToLower(c.Account)
			return f.passport(c)
		}, func() (string, string, string, string) { return invalid(vocab.DetailInvalidAccount) }},
		{"no tokenPassport", func(f *soapFixture) string { return "" },
			func() (string, string, string, string) { return invalid(vocab.DetailMissingTokenPassport) }},
		{"tokenPassport without nonce", func(f *soapFixture) string {
			p := f.passport(f.Creds)
			i, j := strings.Index(p, "<platformCore:nonce>"), strings.Index(p, "<platformCore:timestamp>")
			return p[:i] + p[j:]
		}, func() (string, string, string, string) { return invalid(vocab.DetailMissingPassportFields) }},
		{"role without Web Services", func(f *soapFixture) string {
			perms := store.GuideRolePermissions()
			delete(perms, vocab.PermWebServices)
			role, err := f.St.CreateRole(f.ctx, store.RoleInput{Name: "No SOAP Role", Permissions: perms})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.St.AddRole(f.ctx, f.Guide.EmployeeEmail, role.Name); err != nil {
				t.Fatal(err)
			}
			tok, err := f.St.CreateToken(f.ctx, f.Guide.IntegrationName, f.Guide.EmployeeEmail, role.Name)
			if err != nil {
				t.Fatal(err)
			}
			c := f.Creds
			c.TokenID, c.TokenSecret = tok.TokenID, auth.Secret(tok.TokenSecret.Reveal())
			return f.passport(c)
		}, func() (string, string, string, string) { return invalid(vocab.DetailInsufficientPermission) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSOAPFixture(t, sim.Options{}, 0)
			r := f.call(tt.header(f), getServerTime)
			kind, code, msg, detail := tt.want()
			a := f.LastAudit()
			if kind == "" {
				r.wantOK(t)
				if a.Status != vocab.StatusSuccess || a.Surface != vocab.SurfaceSOAP || a.TokenName == "" {
					t.Errorf("audit = %+v, want a SOAP Success", a)
				}
				return
			}
			r.wantFault(t, kind, code, msg)
			if a.Status != vocab.StatusFailure || a.Detail != detail || a.Surface != vocab.SurfaceSOAP {
				t.Errorf("audit = %+v, want SOAP Failure %s", a, detail)
			}
		})
	}
}

// TestSOAPAccountCase: the tokenPassport's account must be the account id
// as NetSuite writes it, letters upper case; a lower-case sandbox id
// (123_sb1) is reported to fail (fylein/netsuite-sdk-py issue #29,
// netsuitephp/netsuite-php issue #121).
func TestSOAPAccountCase(t *testing.T) {
	tests := []struct {
		account, passport string
		want              string // audit detail; "" for success
	}{
		{"123_SB1", "123_SB1", ""},
		{"123_SB1", "123_sb1", vocab.DetailInvalidAccount},
		{"123_SB1", "123_Sb1", vocab.DetailInvalidAccount},
		{"123_SB1", "123-SB1", vocab.DetailInvalidAccount}, // the domain form is not the account id
		{"TSTDRV1234567", "tstdrv1234567", vocab.DetailInvalidAccount},
		{"1234567", "1234567", ""},
	}
	for _, tt := range tests {
		t.Run(tt.account+"/"+tt.passport, func(t *testing.T) {
			f := newSOAPFixture(t, sim.Options{}, 0)
			url := f.serveAccount(tt.account)
			c := f.Creds
			c.Account = tt.passport
			r := f.postTo(url, soapTestVersion, soapEnvelope(soapTestVersion, f.passport(c), getServerTime))
			a := f.LastAudit()
			if tt.want == "" {
				r.wantOK(t)
				if a.Status != vocab.StatusSuccess {
					t.Errorf("audit = %+v, want Success", a)
				}
				return
			}
			r.wantFault(t, "invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", wire.MsgInvalidLogin)
			if a.Status != vocab.StatusFailure || a.Detail != tt.want {
				t.Errorf("audit = %+v, want Failure %s", a, tt.want)
			}
		})
	}
}

// serveAccount renames the fixture's account to id and serves the store
// with a new server (the core reads the account id when it starts); it
// returns the new server's URL.
func (f *soapFixture) serveAccount(id string) string {
	f.T.Helper()
	if _, err := f.St.UpdateAccount(f.ctx, store.AccountUpdate{ID: &id}); err != nil {
		f.T.Fatal(err)
	}
	srv, err := sim.New(sim.Options{Store: f.St, Now: f.Clock.Now})
	if err != nil {
		f.T.Fatal(err)
	}
	f.T.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv)
	f.T.Cleanup(ts.Close)
	if got := srv.AccountID(); got != id {
		f.T.Fatalf("account id %q, want %q", got, id)
	}
	return ts.URL
}

// TestSOAPReplay sends the same tokenPassport twice: a passport is single-use.
func TestSOAPReplay(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	env := soapEnvelope(soapTestVersion, f.passport(f.Creds), getServerTime)
	f.post(soapTestVersion, env).wantOK(t)
	r := f.post(soapTestVersion, env)
	r.wantFault(t, "invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", wire.MsgInvalidLogin)
	if a := f.LastAudit(); a.Status != vocab.StatusFailure || a.Detail != vocab.DetailNonceRejected {
		t.Errorf("audit = %+v, want Failure NonceRejected", a)
	}
}

// TestSOAPConcurrencyLimit fills the account's pool (Standard tier without
// SuiteCloud Plus: 5) and sends one more request.
func TestSOAPConcurrencyLimit(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	var releases []func()
	for range 5 {
		rel, err := f.Srv.Governor().TryAcquire(core.Itoa(f.Guide.IntegrationID))
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, rel)
	}
	r := f.call(f.passport(f.Creds), getServerTime)
	r.wantFault(t, "exceededConcurrentRequestLimitFault", "WS_REQUEST_BLOCKED", wire.MsgConcurrentRequestLimit)
	for _, rel := range releases {
		rel()
	}
	f.call(f.passport(f.Creds), getServerTime).wantOK(t)
	if snap := f.Srv.Governor().Snapshot(); snap.Account.InFlight != 0 {
		t.Errorf("a slot was not released: %+v", snap)
	}
}

func TestSOAPGetServerTime(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	r := f.call(f.passport(f.Creds), getServerTime)
	r.wantOK(t)
	ns := wire.NamespacesFor(soapTestVersion)
	if !r.has(ns.Messages, "getServerTimeResponse") || !r.has(ns.Core, "getServerTimeResult") || r.attrs["status"]["isSuccess"] != "true" {
		t.Errorf("response shape:\n%s", r.raw)
	}
	// 12:00 UTC on 28 November is 04:00 Pacific Standard Time.
	if got, want := r.text["serverTime"], "2026-11-28T04:00:00.000-08:00"; got != want {
		t.Errorf("serverTime = %q, want %q", got, want)
	}
	got, err := time.Parse(time.RFC3339Nano, r.text["serverTime"])
	if err != nil || !got.Equal(f.Clock.Now()) {
		t.Errorf("serverTime %q is not the server clock %v (%v)", r.text["serverTime"], f.Clock.Now(), err)
	}
	if !strings.HasPrefix(r.nsID, "WEBSERVICES_"+strings.ToUpper(f.Guide.AccountID)+"_11282026") {
		t.Errorf("nsId %q", r.nsID)
	}
}

func TestSOAPGovernance(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	ns := wire.NamespacesFor(soapTestVersion)
	r := f.call(f.passport(f.Creds), `<platformMsgs:getAccountGovernanceInfo/>`)
	r.wantOK(t)
	if !r.has(ns.Core, "getAccountGovernanceInfoResult") || r.text["accountConcurrencyLimit"] != "5" || r.text["unallocatedConcurrencyLimit"] != "5" {
		t.Errorf("getAccountGovernanceInfo:\n%s", r.raw)
	}
	r = f.call(f.passport(f.Creds), `<platformMsgs:getIntegrationGovernanceInfo/>`)
	r.wantOK(t)
	if !r.has(ns.Core, "getIntegrationGovernanceInfoResult") || r.text["integrationConcurrencyLimit"] != "5" || r.text["limitType"] != "_account" {
		t.Errorf("getIntegrationGovernanceInfo without allocation:\n%s", r.raw)
	}
	if _, err := f.St.SetIntegrationConcurrency(f.ctx, f.Guide.IntegrationName, 2); err != nil {
		t.Fatal(err)
	}
	r = f.call(f.passport(f.Creds), `<platformMsgs:getIntegrationGovernanceInfo/>`)
	r.wantOK(t)
	if r.text["integrationConcurrencyLimit"] != "2" || r.text["limitType"] != "_integrationSpecific" {
		t.Errorf("getIntegrationGovernanceInfo with allocation 2:\n%s", r.raw)
	}
	r = f.call(f.passport(f.Creds), `<platformMsgs:getAccountGovernanceInfo/>`)
	if r.text["accountConcurrencyLimit"] != "5" || r.text["unallocatedConcurrencyLimit"] != "3" {
		t.Errorf("getAccountGovernanceInfo with allocation 2:\n%s", r.raw)
	}
}

func TestSOAPGetDataCenterURLs(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	before := f.auditCount()
	ns := wire.NamespacesFor(soapTestVersion)
	body := `<platformMsgs:getDataCenterUrls><platformMsgs:account>` + f.Guide.AccountID + `</platformMsgs:account></platformMsgs:getDataCenterUrls>`
	for name, header := range map[string]string{
		"no authentication": "",
		// "The getDataCenterUrls operation ignores all authentication data".
		"bad authentication ignored": `<platformMsgs:tokenPassport><platformCore:account>x</platformCore:account></platformMsgs:tokenPassport>` +
			`<platformMsgs:applicationInfo><platformMsgs:applicationId>x</platformMsgs:applicationId></platformMsgs:applicationInfo>`,
	} {
		r := f.call(header, body)
		r.wantOK(t)
		for _, e := range []string{"restDomain", "webservicesDomain", "systemDomain"} {
			if r.text[e] != f.TS.URL {
				t.Errorf("%s: %s = %q, want %q", name, e, r.text[e], f.TS.URL)
			}
		}
		if !r.has(ns.Core, "getDataCenterUrlsResult") || !r.has(ns.Core, "dataCenterUrls") || r.attrs["status"]["isSuccess"] != "true" {
			t.Errorf("%s: shape:\n%s", name, r.raw)
		}
		if !strings.HasPrefix(r.nsID, "WEBSERVICES_"+f.Guide.AccountID+"_") {
			t.Errorf("%s: nsId %q", name, r.nsID)
		}
	}
	r := f.call("", `<platformMsgs:getDataCenterUrls><platformMsgs:account/></platformMsgs:getDataCenterUrls>`)
	if r.status != 200 || r.attrs["status"]["isSuccess"] != "false" || r.text["code"] != "DATA_REQD" ||
		r.text["message"] != "You need to provide a proper value for the required field: account." || r.has(ns.Core, "dataCenterUrls") {
		t.Errorf("empty account:\n%s", r.raw)
	}
	if !strings.HasPrefix(r.nsID, "WEBSERVICES__") {
		t.Errorf("empty account: nsId %q", r.nsID)
	}
	if n := f.auditCount(); n != before {
		t.Errorf("getDataCenterUrls wrote %d Login Audit Trail rows", n-before)
	}
}

func getRecord(typ, attr string) string {
	return `<platformMsgs:get><platformMsgs:baseRef xsi:type="platformCore:RecordRef" type="` + typ + `" ` + attr + `/></platformMsgs:get>`
}

func TestSOAPGet(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 200)
	ns := wire.NamespacesFor(soapTestVersion)
	listRel, _ := ns.URI("listRel")
	listEmp, _ := ns.URI("listEmp")

	// A customer, by internal id: the recorded get_customer.xml layout.
	id := f.FirstID("customer")
	r := f.call(f.passport(f.Creds), getRecord("customer", `internalId="`+id+`"`))
	r.wantOK(t)
	if !r.has(ns.Messages, "getResponse") || !r.has(ns.Messages, "readResponse") || !r.has(ns.Messages, "record") ||
		r.attrs["status"]["isSuccess"] != "true" {
		t.Fatalf("shape:\n%s", r.raw)
	}
	rec := r.attrs["record"]
	if rec["internalId"] != id || rec["type"] != "listRel:Customer" {
		t.Errorf("record attributes %v", rec)
	}
	var order []string
	for _, n := range r.elements {
		if n.Space == listRel {
			order = append(order, n.Local)
		}
	}
	// The 2023_2 XSD's order of Customer's fields, restricted to the demo's.
	xsdOrder := []string{"entityId", "isPerson", "firstName", "lastName", "companyName", "phone", "email", "isInactive", "dateCreated", "creditLimit", "lastModifiedDate"}
	if !inOrder(order, xsdOrder) || len(order) < 8 {
		t.Errorf("customer fields %v not in XSD order %v", order, xsdOrder)
	}
	var entityID, ext string
	f.St.DB().QueryRow(`SELECT entityid, COALESCE(externalid, '') FROM customer WHERE id = ?`, id).Scan(&entityID, &ext)
	if r.text["entityId"] != entityID || rec["externalId"] != ext {
		t.Errorf("entityId %q externalId %q, want %q %q", r.text["entityId"], rec["externalId"], entityID, ext)
	}
	if _, err := time.Parse(time.RFC3339Nano, r.text["lastModifiedDate"]); err != nil {
		t.Errorf("lastModifiedDate: %v", err)
	}

	// By external id.
	var extID, extOf string
	f.St.DB().QueryRow(`SELECT externalid, id FROM customer WHERE externalid IS NOT NULL ORDER BY id LIMIT 1`).Scan(&extID, &extOf)
	r = f.call(f.passport(f.Creds), getRecord("customer", `externalId="`+extID+`"`))
	r.wantOK(t)
	if r.attrs["record"]["internalId"] != extOf {
		t.Errorf("by externalId %s: got record %v", extID, r.attrs["record"])
	}

	// An employee is in listEmp; a vendor has lastModifiedDate before dateCreated.
	r = f.call(f.passport(f.Creds), getRecord("employee", `internalId="`+f.FirstID("employee")+`"`))
	r.wantOK(t)
	if r.attrs["record"]["type"] != "listEmp:Employee" || !r.has(listEmp, "entityId") {
		t.Errorf("employee:\n%s", r.raw)
	}
	r = f.call(f.passport(f.Creds), getRecord("vendor", `internalId="`+f.FirstID("vendor")+`"`))
	r.wantOK(t)
	if r.attrs["record"]["type"] != "listRel:Vendor" || !inOrder(localNames(r.elements, listRel), []string{"lastModifiedDate", "dateCreated"}) {
		t.Errorf("vendor:\n%s", r.raw)
	}

	// A missing record is a status, not a fault.
	for _, ref := range []string{`internalId="999999"`, `internalId="abc"`, `externalId="NO-SUCH"`, ``} {
		r = f.call(f.passport(f.Creds), getRecord("contact", ref))
		if r.status != 200 || r.fault || r.attrs["status"]["isSuccess"] != "false" || r.text["code"] != "RCRD_DSNT_EXIST" ||
			r.text["message"] != "That record does not exist." || r.has(ns.Messages, "record") {
			t.Errorf("missing contact (%s):\n%s", ref, r.raw)
		}
	}

	// Only the unqualified type attribute is the record type: zeep also
	// writes xsi:type, after type (issue 9, strictness 9). Exactly zeep's
	// XML, with its ns1 prefix for platformCore.
	zeepRef := func(attrs string) string {
		return `<ns0:get xmlns:ns0="` + ns.Messages + `"><ns0:baseRef xmlns:ns1="` + ns.Core + `" ` + attrs + `/></ns0:get>`
	}
	for _, tc := range []struct{ name, body, wantID string }{
		{"zeep's baseRef", zeepRef(`internalId="` + id + `" type="customer" xsi:type="ns1:RecordRef"`), id},
		{"xsi:type first", zeepRef(`xsi:type="ns1:RecordRef" type="customer" internalId="` + id + `"`), id},
		{"prefixed internalId is not the internalId", zeepRef(`ns1:internalId="` + id + `" type="customer" xsi:type="ns1:RecordRef"`), ""},
	} {
		r = f.call(f.passport(f.Creds), tc.body)
		if tc.wantID == "" {
			if r.status != 200 || r.text["code"] != "RCRD_DSNT_EXIST" {
				t.Errorf("%s: want RCRD_DSNT_EXIST:\n%s", tc.name, r.raw)
			}
			continue
		}
		r.wantOK(t)
		if r.attrs["record"]["internalId"] != tc.wantID || r.attrs["record"]["type"] != "listRel:Customer" || r.text["entityId"] != entityID {
			t.Errorf("%s: got record %v entityId %q, want customer %s:\n%s", tc.name, r.attrs["record"], r.text["entityId"], tc.wantID, r.raw)
		}
	}

	// A record type the emulator does not serve.
	r = f.call(f.passport(f.Creds), getRecord("salesOrder", `internalId="1"`))
	r.wantFault(t, "unexpectedErrorFault", "UNEXPECTED_ERROR",
		"The NetSuite emulator does not implement the SOAP operation 'get' for record type 'salesOrder' yet; it serves customer, contact, vendor, employee, account, accountingPeriod, currency, subsidiary and customerStatus.")

	// The chart of accounts and the accounting periods are listAcct records.
	listAcct, _ := ns.URI("listAcct")
	for _, c := range []struct{ typ, soapType, elem, want string }{
		{"account", "listAcct:Account", "acctName", "Accounts Receivable"},
		{"accountingPeriod", "listAcct:AccountingPeriod", "periodName", "Jan 2022"},
	} {
		r = f.call(f.passport(f.Creds), getRecord(c.typ, `internalId="3"`))
		r.wantOK(t)
		if r.attrs["record"]["type"] != c.soapType || !r.has(listAcct, c.elem) || r.text[c.elem] != c.want {
			t.Errorf("%s:\n%s", c.typ, r.raw)
		}
	}
}

func TestSOAPGetWithoutDemoTables(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	r := f.call(f.passport(f.Creds), getRecord("customer", `internalId="1"`))
	if r.status != 200 || r.text["code"] != "RCRD_DSNT_EXIST" {
		t.Errorf("%d\n%s", r.status, r.raw)
	}
}

func localNames(ns []xml.Name, space string) []string {
	var out []string
	for _, n := range ns {
		if n.Space == space {
			out = append(out, n.Local)
		}
	}
	return out
}

// inOrder reports whether the names of got that occur in want appear in
// want's order.
func inOrder(got, want []string) bool {
	pos := map[string]int{}
	for i, w := range want {
		pos[w] = i
	}
	last := -1
	for _, g := range got {
		p, ok := pos[g]
		if !ok {
			continue
		}
		if p < last {
			return false
		}
		last = p
	}
	return true
}

// TestSOAPRoleCacheDelay reproduces the guide's reader who added "Lists ->
// Contacts" and hours later still got the Permission Violation: token
// logins see the role as it was RoleCacheDelay ago.
func TestSOAPRoleCacheDelay(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{RoleCacheDelay: time.Hour}, 100)
	contact := getRecord("contact", `internalId="`+f.FirstID("contact")+`"`)
	ns := wire.NamespacesFor(soapTestVersion)
	wantDenied := func(when string) {
		t.Helper()
		r := f.call(f.passport(f.Creds), contact)
		want := "Permission Violation: You need  the 'Lists -> Contacts' permission to access this page. Please contact your account administrator."
		if r.status != 200 || r.fault || r.attrs["status"]["isSuccess"] != "false" || r.text["code"] != "INSUFFICIENT_PERMISSION" ||
			r.text["message"] != want || r.has(ns.Messages, "record") {
			t.Fatalf("%s: want the permission violation status:\n%s", when, r.raw)
		}
		if !bytes.Contains(r.raw, []byte("'Lists -&gt; Contacts'")) {
			t.Errorf("%s: the arrow is not escaped as NetSuite does:\n%s", when, r.raw)
		}
	}
	if _, err := f.St.SetPermission(f.ctx, f.Guide.RoleName, vocab.PermListsContacts, vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	f.Clock.Add(2 * time.Hour) // the removal has reached token logins
	wantDenied("without the permission")

	if _, err := f.St.SetPermission(f.ctx, f.Guide.RoleName, vocab.PermListsContacts, vocab.LevelView); err != nil {
		t.Fatal(err)
	}
	f.Clock.Add(30 * time.Minute)
	wantDenied("30 minutes after adding it")

	f.Clock.Add(31 * time.Minute)
	r := f.call(f.passport(f.Creds), contact)
	r.wantOK(t)
	if r.attrs["record"]["type"] != "listRel:Contact" || r.text["entityId"] == "" {
		t.Errorf("after the delay:\n%s", r.raw)
	}
}

// TestSOAPProtocol covers what is answered before any login: methods,
// versions, malformed envelopes, unknown and unimplemented operations.
func TestSOAPProtocol(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	do := func(method, path, body string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, f.TS.URL+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	path := "/services/NetSuitePort_" + soapTestVersion

	t.Run("GET is Axis's service page", func(t *testing.T) {
		resp, b := do("GET", path, "")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(b), "<h1>NetSuitePort_2023_2</h1>") || !strings.Contains(string(b), "Hi there, this is an AXIS service!") {
			t.Errorf("%d %s", resp.StatusCode, b)
		}
	})
	t.Run("PUT is 405", func(t *testing.T) {
		resp, b := do("PUT", path, "x")
		if resp.StatusCode != 405 || !strings.Contains(resp.Header.Get("Allow"), "POST") {
			t.Errorf("%d %v %s", resp.StatusCode, resp.Header, b)
		}
	})

	axis := func(t *testing.T, r *soapReply, faultString string) {
		t.Helper()
		if r.status != 500 || r.contentType != wire.ContentTypeSOAP || !r.fault || r.faultCode != "soapenv:Server.userException" ||
			r.faultString != faultString || r.faultKind != "" || r.text["hostname"] == "" {
			t.Errorf("want Axis fault %q, got %d %q\n%s", faultString, r.status, r.faultString, r.raw)
		}
	}
	t.Run("malformed XML", func(t *testing.T) {
		env := func(body string) string {
			return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">\n<soapenv:Body>" + body
		}
		complete := soapEnvelope(soapTestVersion, "", getServerTime)
		for body, want := range map[string]string{
			"":                   "org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: 1; Premature end of file.",
			"hello":              "org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: 6; Content is not allowed in prolog.",
			env(""):              "org.xml.sax.SAXParseException; lineNumber: 2; columnNumber: 15; XML document structures must start and end within the same entity.",
			env("<a>\n<b></a>"):  `org.xml.sax.SAXParseException; lineNumber: 3; columnNumber: 8; The element type "b" must be terminated by the matching end-tag "</b>".`,
			env("<a>\x03</a>"):   "org.xml.sax.SAXParseException; lineNumber: 2; columnNumber: 19; An invalid XML character (Unicode: 0x3) was found in the element content of the document.",
			env("<a>&nbsp;</a>"): `org.xml.sax.SAXParseException; lineNumber: 2; columnNumber: 24; The entity "nbsp" was referenced, but not declared.`,
			complete + "<x/>":    fmt.Sprintf("org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: %d; The markup in the document following the root element must be well-formed.", len(complete)+5),
			complete + "x":       fmt.Sprintf("org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: %d; Content is not allowed in trailing section.", len(complete)+2),
		} {
			r := f.post(soapTestVersion, body)
			if !strings.HasPrefix(r.faultString, "org.xml.sax.SAXParseException; lineNumber: ") {
				t.Errorf("%q: faultstring %q", body, r.faultString)
			}
			axis(t, r, want)
		}
	})
	t.Run("not a SOAP envelope", func(t *testing.T) {
		axis(t, f.post(soapTestVersion, `<Envelope><Body/></Envelope>`), "org.xml.sax.SAXException: Bad envelope tag:  Envelope")
	})
	t.Run("no operation", func(t *testing.T) {
		axis(t, f.post(soapTestVersion, soapEnvelope(soapTestVersion, "", "")), "java.lang.Exception: Body not found.")
	})
	t.Run("operation not in the WSDL", func(t *testing.T) {
		axis(t, f.call(f.passport(f.Creds), `<platformMsgs:login/>`), "No such operation 'login'")
		axis(t, f.call(f.passport(f.Creds), `<platformMsgs:frobnicate/>`), "No such operation 'frobnicate'")
	})
	t.Run("operation in another version's namespace", func(t *testing.T) {
		axis(t, f.call(f.passport(f.Creds), `<getServerTime xmlns="urn:messages_2022_2.platform.webservices.netsuite.com"/>`),
			"No such operation 'getServerTime'")
	})
	t.Run("operation not implemented yet", func(t *testing.T) {
		f.call(f.passport(f.Creds), `<platformMsgs:getDeleted/>`).wantFault(t, "unexpectedErrorFault", "UNEXPECTED_ERROR",
			"The NetSuite emulator does not implement the SOAP operation 'getDeleted' yet.")
	})
	t.Run("unimplemented operation still needs a login", func(t *testing.T) {
		f.call("", `<platformMsgs:getDeleted/>`).wantFault(t, "invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", wire.MsgInvalidLogin)
	})
	t.Run("search without a search record", func(t *testing.T) {
		f.call(f.passport(f.Creds), `<platformMsgs:search/>`).wantFault(t, "unexpectedErrorFault", "UNEXPECTED_ERROR",
			"The search has no searchRecord with an xsi:type.")
	})
	t.Run("endpoint versions", func(t *testing.T) {
		r := f.post("2018_2", soapEnvelope("2018_2", f.passport(f.Creds), getServerTime))
		r.wantFault(t, "invalidVersionFault", "UNSUPPORTED_WS_VERSION", "SuiteTalk endpoint version 2018_2 is no longer supported")
		if !bytes.Contains(r.raw, []byte("urn:faults_2018_2.platform.webservices.netsuite.com")) {
			t.Errorf("the fault is not in the requested version's namespace:\n%s", r.raw)
		}
		f.post("2_6", soapEnvelope("2_6", "", getServerTime)).wantFault(t, "invalidVersionFault", "UNSUPPORTED_WS_VERSION",
			"SuiteTalk endpoint version 2_6 is no longer supported")
		f.post("2023_9", soapEnvelope("2023_9", "", getServerTime)).wantFault(t, "invalidVersionFault", "INVALID_WS_VERSION",
			"Invalid SuiteTalk endpoint version: 2023_9")
		for _, v := range []string{"2019_1", "2025_2"} {
			r := f.post(v, soapEnvelope(v, f.passport(f.Creds), getServerTime))
			r.wantOK(t)
			if !r.has("urn:messages_"+v+".platform.webservices.netsuite.com", "getServerTimeResponse") ||
				!r.has("urn:core_"+v+".platform.webservices.netsuite.com", "serverTime") ||
				!bytes.Contains(r.raw, []byte(`<platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_`+v+`.platform.webservices.netsuite.com">`)) {
				t.Errorf("%s: not in the requested version's namespaces:\n%s", v, r.raw)
			}
		}
	})
	t.Run("request over 100 MB", func(t *testing.T) {
		req := httptest.NewRequest("POST", "http://emu.local"+path, strings.NewReader("<x/>"))
		req.ContentLength = 100<<20 + 1 // the 100 MB limit
		rec := httptest.NewRecorder()
		f.Srv.ServeHTTP(rec, req)
		r := parseSOAPReply(t, rec.Code, rec.Header(), rec.Body.Bytes())
		r.wantFault(t, "exceededRequestSizeFault", "USER_ERROR", "The request exceeds the maximum allowed size of 100 MB.")
	})
	t.Run("ISO-8859-1 envelope", func(t *testing.T) {
		env := strings.Replace(soapEnvelope(soapTestVersion, "",
			`<platformMsgs:getDataCenterUrls><platformMsgs:account>caf`+"\xe9"+`</platformMsgs:account></platformMsgs:getDataCenterUrls>`),
			`encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
		f.post(soapTestVersion, env).wantOK(t)
		r := f.post(soapTestVersion, strings.Replace(env, "ISO-8859-1", "EBCDIC-XYZ", 1))
		axis(t, r, `org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: 44; Invalid encoding name "EBCDIC-XYZ".`)
	})
}

// TestSOAPGolden compares whole answers with testdata/soap/*.golden
// (go test ./sim/internal/soap -run TestSOAPGolden -update-soap rewrites them).
func TestSOAPGolden(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	c := f.Creds
	c.TokenSecret = auth.Secret(strings.Repeat("0", 64))
	cases := []struct {
		name string
		body string
	}{
		// The first nsId of a server with seed 0 at the fixture's clock.
		{"get_server_time", soapEnvelope(soapTestVersion, f.passport(f.Creds), getServerTime)},
		{"fault_invalid_login", soapEnvelope(soapTestVersion, f.passport(c), getServerTime)},
		{"fault_malformed", "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">\n<soapenv:Body>\n<get>\x03"},
	}
	for _, tc := range cases {
		r := f.post(soapTestVersion, tc.body)
		got := fmt.Sprintf("HTTP %d %s\nContent-Type: %s\n\n%s", r.status, http.StatusText(r.status), r.contentType, r.raw)
		file := filepath.Join("testdata", "soap", tc.name+".golden")
		if *updateSOAP {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update-soap to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", tc.name, file, got, want)
		}
	}
}

// FuzzSOAPEnvelope sends arbitrary bodies to the SOAP endpoint: the
// emulator must not panic and must always answer with a well-formed SOAP
// envelope (HTTP 200 or 500, text/xml).
func FuzzSOAPEnvelope(f *testing.F) {
	ctx := context.Background()
	st, err := store.Open("")
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	res, err := st.ProvisionGuide(ctx, store.GuideOptions{})
	if err != nil {
		f.Fatal(err)
	}
	srv, err := sim.New(sim.Options{Store: st})
	if err != nil {
		f.Fatal(err)
	}
	signer, err := auth.NewSigner(auth.Credentials{Account: res.AccountID, ConsumerKey: res.ConsumerKey,
		ConsumerSecret: auth.Secret(res.ConsumerSecret.Reveal()), TokenID: res.TokenID, TokenSecret: auth.Secret(res.TokenSecret.Reveal())})
	if err != nil {
		f.Fatal(err)
	}
	p, err := signer.Passport(auth.PassportHMACSHA256)
	if err != nil {
		f.Fatal(err)
	}
	pass := p.XML(soapTestVersion)
	for _, seed := range []string{
		soapEnvelope(soapTestVersion, pass, getServerTime),
		soapEnvelope(soapTestVersion, pass, `<platformMsgs:getAccountGovernanceInfo/>`),
		soapEnvelope(soapTestVersion, pass, getRecord("customer", `internalId="1"`)),
		soapEnvelope(soapTestVersion, "", `<platformMsgs:getDataCenterUrls><platformMsgs:account>X&amp;Y</platformMsgs:account></platformMsgs:getDataCenterUrls>`),
		soapEnvelope(soapTestVersion, pass+pass, `<platformMsgs:search/>`),
		soapEnvelope(soapTestVersion, pass+`<platformMsgs:searchPreferences><platformMsgs:pageSize>5</platformMsgs:pageSize></platformMsgs:searchPreferences>`,
			`<platformMsgs:search><platformMsgs:searchRecord xmlns:c="urn:common_2023_2.platform.webservices.netsuite.com" xsi:type="c:CustomerSearchBasic">`+
				`<c:companyName operator="startsWith"><platformCore:searchValue>A%_</platformCore:searchValue></c:companyName>`+
				`<c:internalId operator="anyOf"><platformCore:searchValue internalId="1"/></c:internalId></platformMsgs:searchRecord></platformMsgs:search>`),
		soapEnvelope(soapTestVersion, pass, `<platformMsgs:searchMoreWithId><platformMsgs:searchId>X</platformMsgs:searchId><platformMsgs:pageIndex>2</platformMsgs:pageIndex></platformMsgs:searchMoreWithId>`),
		soapEnvelope(soapTestVersion, pass, `<platformMsgs:getCustomizationId><platformMsgs:customizationType getCustomizationType="customRecordType"/></platformMsgs:getCustomizationId>`),
		soapEnvelope(soapTestVersion, pass, `<platformMsgs:get><platformMsgs:baseRef internalId="1" typeId="1" xsi:type="platformCore:CustomRecordRef"/></platformMsgs:get>`),
		soapEnvelope(soapTestVersion, "", `<platformMsgs:nosuch/>`),
		`<?xml version="1.0" encoding="ISO-8859-1"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"/>`,
		`<?xml version="1.0" encoding="bogus"?><a/>`,
		"", "<", "<a>\x00</a>", "\xff\xfe<", "<!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "http://emu.local/services/NetSuitePort_"+soapTestVersion, strings.NewReader(body))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusInternalServerError {
			t.Fatalf("status %d", rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != wire.ContentTypeSOAP {
			t.Fatalf("Content-Type %q", ct)
		}
		if err := checkEnvelope(rec.Body.Bytes()); err != nil {
			t.Fatalf("%v\n%s", err, rec.Body.Bytes())
		}
	})
}

// checkEnvelope reports whether b is one well-formed XML document whose
// root is a SOAP 1.1 Envelope.
func checkEnvelope(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if t.Name.Space != wire.NSSOAPEnv || t.Name.Local != "Envelope" {
					return fmt.Errorf("root is %v", t.Name)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return errors.New("text outside the root element")
			}
		}
	}
	if roots != 1 || depth != 0 {
		return fmt.Errorf("%d root elements, depth %d at the end", roots, depth)
	}
	return nil
}
