package sim_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

const clientsPath = "/services/rest/auth/oauth2/v1/clients/"

// certPEM makes a self-signed certificate of key valid from..until, by hand
// (oauth2.SelfSignedCertificate caps the validity at two years).
func certPEM(t *testing.T, key crypto.Signer, from, until time.Time) string {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "t"},
		NotBefore: from, NotAfter: until}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// certReq sends one request of the rotation endpoint with the bearer tok
// ("" for none) and decodes the JSON answer.
func (f *m2mFixture) certReq(method, path, tok string, body any) (*http.Response, map[string]any) {
	f.T.Helper()
	h := map[string]string{}
	if tok != "" {
		h["Authorization"] = "Bearer " + tok
	}
	var b string
	if body != nil {
		raw, _ := json.Marshal(body)
		b = string(raw)
		h["Content-Type"] = "application/json"
	}
	resp, out := f.Do(nil, method, path, b, h)
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		f.T.Fatalf("%s %s: %d, not JSON: %s", method, path, resp.StatusCode, out)
	}
	return resp, m
}

func (f *m2mFixture) certsPath() string { return clientsPath + f.m2m.ClientID + "/certificates" }

func (f *m2mFixture) bearer(scopes ...string) string {
	f.T.Helper()
	cc := *f.cc
	cc.Scopes = scopes
	tok, err := cc.Token(context.Background())
	if err != nil {
		f.T.Fatal(err)
	}
	return tok.AccessToken
}

func (f *m2mFixture) newCertBody(t *testing.T, key crypto.Signer) map[string]any {
	return map[string]any{"fileContent": certPEM(t, key, f.Clock.Now().Add(-time.Minute), f.Clock.Now().Add(365*24*time.Hour)),
		"role": f.Guide.RoleID, "entity": f.Guide.EmployeeID}
}

// errorCode is o:errorDetails[0].o:errorCode of a REST error body.
func errorCode(m map[string]any) string {
	d, _ := m["o:errorDetails"].([]any)
	if len(d) != 1 {
		return ""
	}
	e, _ := d[0].(map[string]any)
	c, _ := e["o:errorCode"].(string)
	return c
}

func TestCertificateEndpointRotation(t *testing.T) {
	f := newM2M(t)
	ctx := context.Background()
	tok := f.bearer(store.ScopeRESTWebServices)

	resp, m := f.certReq("GET", f.certsPath(), tok, nil)
	items, _ := m["items"].([]any)
	if resp.StatusCode != 200 || len(items) != 1 || items[0].(map[string]any)["certificateId"] != f.m2m.CertificateID {
		t.Fatalf("list: %d %v", resp.StatusCode, m)
	}
	if a := f.LastAudit(); a.Status != vocab.StatusSuccess || a.User != f.Guide.EmployeeEmail {
		t.Errorf("list audit %+v", a)
	}

	// Set up a new certificate; role and entity as strings are accepted too.
	key, _ := oauth2.GenerateKey(oauth2.KeyEC384)
	body := f.newCertBody(t, key)
	body["role"] = strconv.FormatInt(f.Guide.RoleID, 10)
	resp, m = f.certReq("POST", f.certsPath(), tok, body)
	newID, _ := m["certificateId"].(string)
	if resp.StatusCode != 200 || newID == "" || m["keyType"] != "EC" || m["keyBits"] != float64(384) || m["revoked"] != false ||
		m["entity"] != float64(f.Guide.EmployeeID) || m["role"] != float64(f.Guide.RoleID) || m["clientId"] != f.m2m.ClientID {
		t.Fatalf("add: %d %v", resp.StatusCode, m)
	}
	// The new kid gets a token that runs SuiteQL.
	cc := *f.cc
	cc.Key, cc.CertificateID = key, newID
	nt, err := cc.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resp, body := bearerQuery(f.Fixture, nt.AccessToken); resp.StatusCode != 200 {
		t.Fatalf("suiteql with the new certificate: %d %s", resp.StatusCode, body)
	}

	// Revoke the old one: its assertions are refused, the new one still works.
	resp, m = f.certReq("POST", f.certsPath()+"/"+f.m2m.CertificateID+"/revoke", nt.AccessToken, nil)
	if resp.StatusCode != 200 || m["revoked"] != true || m["revokedDate"] == nil || m["certificateId"] != f.m2m.CertificateID {
		t.Fatalf("revoke: %d %v", resp.StatusCode, m)
	}
	var oe *oauth2.Error
	if _, err := f.cc.Token(ctx); !errors.As(err, &oe) || oe.Code != "invalid_client" || f.LastAudit().Detail != "InvalidCertificate" {
		t.Errorf("old kid after revoke: %v %+v", err, f.LastAudit())
	}
	if _, err := cc.Token(ctx); err != nil {
		t.Errorf("new kid after revoke: %v", err)
	}
	_, m = f.certReq("GET", f.certsPath(), nt.AccessToken, nil)
	revoked := map[string]any{}
	for _, it := range m["items"].([]any) {
		c := it.(map[string]any)
		revoked[c["certificateId"].(string)] = c["revoked"]
	}
	if len(revoked) != 2 || revoked[f.m2m.CertificateID] != true || revoked[newID] != false {
		t.Errorf("list after rotation: %v", m)
	}
}

// TestCertificateEndpointRefusals: each refusal's status, REST error JSON
// and Login Audit Trail row.
func TestCertificateEndpointRefusals(t *testing.T) {
	f := newM2M(t)
	ctx := context.Background()
	tok := f.bearer(store.ScopeRESTWebServices)
	restletsOnly := f.bearer(store.ScopeRESTlets)
	now := f.Clock.Now()
	small, _ := rsa.GenerateKey(rand.Reader, 2048)
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	withCert := func(key crypto.Signer) map[string]any { return f.newCertBody(t, key) }
	ec, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	expired := withCert(ec)
	expired["fileContent"] = certPEM(t, ec, now.Add(-48*time.Hour), now.Add(-time.Hour))
	otherEntity := withCert(ec)
	otherEntity["entity"] = f.Guide.EmployeeID + 1000

	cases := []struct {
		name, method, path, tok string
		body                    any
		status                  int
		code, detail            string
	}{
		{"no token", "GET", f.certsPath(), "", nil, 401, "INVALID_LOGIN", "AccessTokenRequired"},
		{"no rest_webservices scope", "GET", f.certsPath(), restletsOnly, nil, 401, "INVALID_LOGIN", "ScopeMismatched"},
		{"unknown client id", "GET", clientsPath + "nosuchclient/certificates", tok, nil, 404, "NONEXISTENT_ID", "InvalidIntegration"},
		{"RSA 2048", "POST", f.certsPath(), tok, withCert(small), 400, "INVALID_PARAMETER", "InvalidCertificate"},
		{"EC P-224", "POST", f.certsPath(), tok, withCert(p224), 400, "INVALID_PARAMETER", "InvalidCertificate"},
		{"Ed25519", "POST", f.certsPath(), tok, withCert(edKey), 400, "INVALID_PARAMETER", "InvalidCertificate"},
		{"expired certificate", "POST", f.certsPath(), tok, expired, 400, "INVALID_PARAMETER", "InvalidCertificate"},
		{"not a certificate", "POST", f.certsPath(), tok, map[string]any{"fileContent": "hello", "role": 1, "entity": f.Guide.EmployeeID}, 400, "INVALID_PARAMETER", "InvalidCertificate"},
		{"no fileContent", "POST", f.certsPath(), tok, map[string]any{"role": 1, "entity": 1}, 400, "INVALID_PARAMETER", "InvalidRequest"},
		{"another entity", "POST", f.certsPath(), tok, otherEntity, 403, "INSUFFICIENT_PERMISSION", "InsufficientPermission"},
		{"revoke unknown", "POST", f.certsPath() + "/nosuchcert/revoke", tok, nil, 404, "NONEXISTENT_ID", "InvalidCertificate"},
		{"DELETE", "DELETE", f.certsPath(), tok, nil, 405, "INVALID_REQUEST", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.LastAudit()
			resp, m := f.certReq(c.method, c.path, c.tok, c.body)
			if resp.StatusCode != c.status || errorCode(m) != c.code || m["status"] != float64(c.status) {
				t.Errorf("%d %v", resp.StatusCode, m)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/vnd.oracle.resource+json; type=error") {
				t.Errorf("Content-Type %q", ct)
			}
			a := f.LastAudit()
			if c.detail == "" {
				if a != before {
					t.Errorf("audit row for a method refusal: %+v", a)
				}
				return
			}
			if a.Status != vocab.StatusFailure || a.Detail != c.detail {
				t.Errorf("audit %+v, want failure %s", a, c.detail)
			}
		})
	}

	// A TBA-signed request (the guide's valid token) is not an access token.
	resp, body := f.Do(f.Signer(f.Creds), "GET", f.certsPath(), "", nil)
	if resp.StatusCode != 401 || !strings.Contains(string(body), `"o:errorCode":"INVALID_LOGIN"`) ||
		f.LastAudit().Detail != "AccessTokenRequired" || f.LastAudit().Status != vocab.StatusFailure {
		t.Errorf("TBA header: %d %s %+v", resp.StatusCode, body, f.LastAudit())
	}

	// Five active per integration: the demo's plus four; the sixth is refused.
	for i := 2; i <= 5; i++ {
		k, _ := oauth2.GenerateKey(oauth2.KeyEC256)
		if resp, m := f.certReq("POST", f.certsPath(), tok, withCert(k)); resp.StatusCode != 200 {
			t.Fatalf("certificate %d: %d %v", i, resp.StatusCode, m)
		}
	}
	k6, _ := oauth2.GenerateKey(oauth2.KeyEC256)
	sixth := withCert(k6)
	resp, m := f.certReq("POST", f.certsPath(), tok, sixth)
	if resp.StatusCode != 400 || errorCode(m) != "INVALID_REQUEST" || !strings.Contains(m["o:errorDetails"].([]any)[0].(map[string]any)["detail"].(string), "5 active") ||
		f.LastAudit().Detail != "CertificateLimitExceeded" {
		t.Errorf("sixth: %d %v %+v", resp.StatusCode, m, f.LastAudit())
	}

	// Revoked stays revoked: revoking again, and uploading it again, are refused.
	demo, _ := f.St.CertificateByID(ctx, f.m2m.CertificateID)
	revoke := f.certsPath() + "/" + f.m2m.CertificateID + "/revoke"
	if resp, m := f.certReq("POST", revoke, tok, nil); resp.StatusCode != 200 {
		t.Fatalf("revoke: %d %v", resp.StatusCode, m)
	}
	resp, m = f.certReq("POST", revoke, tok, nil)
	if resp.StatusCode != 400 || errorCode(m) != "INVALID_REQUEST" || f.LastAudit().Detail != "CertificateRevoked" {
		t.Errorf("revoke twice: %d %v %+v", resp.StatusCode, m, f.LastAudit())
	}
	again := withCert(f.key)
	again["fileContent"] = demo.PEM
	resp, m = f.certReq("POST", f.certsPath(), tok, again)
	if resp.StatusCode != 400 || f.LastAudit().Detail != "CertificateRevoked" {
		t.Errorf("upload a revoked certificate again: %d %v %+v", resp.StatusCode, m, f.LastAudit())
	}
	if c, _ := f.St.CertificateByID(ctx, f.m2m.CertificateID); c.Revoked == nil {
		t.Error("the revoked certificate came back")
	}

	// A certificate valid three years is accepted, shortened to two.
	long := withCert(k6)
	long["fileContent"] = certPEM(t, k6, now.Add(-time.Minute), now.Add(3*365*24*time.Hour))
	resp, m = f.certReq("POST", f.certsPath(), tok, long)
	until, _ := time.Parse(time.RFC3339, m["validUntil"].(string))
	if resp.StatusCode != 200 || !until.Equal(now.Add(store.MaxCertificateValidity)) || f.LastAudit().Status != vocab.StatusSuccess {
		t.Errorf("three-year certificate: %d %v (want validUntil %s)", resp.StatusCode, m, now.Add(store.MaxCertificateValidity))
	}

	// The role without "Manage own OAuth 2.0 Client Credentials certificates".
	if _, err := f.St.SetPermission(ctx, f.Guide.RoleName, vocab.PermManageOwnM2MCertificates, vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	resp, m = f.certReq("GET", f.certsPath(), tok, nil)
	if resp.StatusCode != 403 || errorCode(m) != "INSUFFICIENT_PERMISSION" ||
		!strings.Contains(m["o:errorDetails"].([]any)[0].(map[string]any)["detail"].(string), "Manage own OAuth 2.0 Client Credentials certificates") ||
		f.LastAudit().Detail != "InsufficientPermission" || f.LastAudit().Status != vocab.StatusFailure {
		t.Errorf("without the permission: %d %v %+v", resp.StatusCode, m, f.LastAudit())
	}
}

// TestOAuth2LoginPermission: a role without "Log in using OAuth 2.0 Access
// Tokens" gets no token (invalid_grant, InsufficientPermission) and its
// existing tokens are refused.
func TestOAuth2LoginPermission(t *testing.T) {
	f := newM2M(t)
	ctx := context.Background()
	tok := f.bearer(store.ScopeRESTWebServices)
	if _, err := f.St.SetPermission(ctx, f.Guide.RoleName, vocab.PermLoginUsingOAuth2, vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	a, _ := f.cc.Assertion()
	resp, body := f.postToken(assertionForm(a))
	if resp.StatusCode != 400 || strings.TrimSpace(string(body)) != `{"error":"invalid_grant"}` ||
		f.LastAudit().Detail != "InsufficientPermission" || f.LastAudit().Status != vocab.StatusFailure {
		t.Errorf("token: %d %s %+v", resp.StatusCode, body, f.LastAudit())
	}
	resp, body = bearerQuery(f.Fixture, tok)
	if resp.StatusCode != 401 || !strings.Contains(string(body), "INVALID_LOGIN") || f.LastAudit().Detail != "InsufficientPermission" {
		t.Errorf("bearer: %d %s %+v", resp.StatusCode, body, f.LastAudit())
	}
	// Granted again (sim admin role set-permission), it works.
	if _, err := f.St.SetPermission(ctx, f.Guide.RoleName, vocab.PermLoginUsingOAuth2, vocab.LevelFull); err != nil {
		t.Fatal(err)
	}
	if _, err := f.cc.Token(ctx); err != nil {
		t.Errorf("after granting: %v", err)
	}
}

// TestOAuth2AssertionReplayAccepted documents the chosen behaviour: jti is
// not required, and the same assertion sent again within its exp gets a
// new token (whether NetSuite refuses a replay is not documented).
func TestOAuth2AssertionReplayAccepted(t *testing.T) {
	f := newM2M(t)
	a := sign(t, jwt.SigningMethodES256, f.key, f.m2m.CertificateID, f.claims(nil)) // no jti
	for i := range 2 {
		resp, body := f.postToken(assertionForm(a))
		if resp.StatusCode != 200 || f.LastAudit().Status != vocab.StatusSuccess {
			t.Fatalf("send %d: %d %s", i+1, resp.StatusCode, body)
		}
		f.Clock.Add(2 * time.Minute)
	}
	// After its exp (5 minutes) it is refused.
	f.Clock.Add(2 * time.Minute)
	resp, body := f.postToken(assertionForm(a))
	if resp.StatusCode != 400 || f.LastAudit().Detail != "AssertionExpired" {
		t.Errorf("after exp: %d %s %+v", resp.StatusCode, body, f.LastAudit())
	}
}
