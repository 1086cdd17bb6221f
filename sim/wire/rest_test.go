package wire

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Bodies NetSuite sent live, as quoted in public client code and tests (see
// docs/wire-notes.md, "Token-based authentication" and "REST errors"). The constructors must reproduce them byte for byte.
const (
	liveInvalidLogin = `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}`
	liveConcurrency  = `{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html","title":"Bad Request","status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`
	liveSuiteQL      = `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1","title":"Bad Request","status":400,"o:errorDetails":[{"detail":"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'subsidiary'. Available identifiers are: {transaction=transaction}.","o:errorQueryParam":"q","o:errorCode":"INVALID_PARAMETER"}]}`
	liveNotFound     = `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5","title":"Not Found","status":404,"o:errorDetails":[{"detail":"The record instance does not exist. Provide a valid record instance ID.","o:errorCode":"NONEXISTENT_ID"}]}`
	liveUnexpected   = `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1","title":"Internal Server Error","status":500,"o:errorDetails":[{"detail":"An unexpected error occurred. Error ID: mtkekqnm1b0jlj800jp4o","o:errorCode":"UNEXPECTED_ERROR"}]}`
)

func TestRESTErrorLiveBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		err        *RESTError
		wantStatus int
		wantBody   string
		wantHeader http.Header
	}{
		{
			name:       "invalid login",
			err:        InvalidLogin("9910981_SB1"),
			wantStatus: 401,
			wantBody:   liveInvalidLogin,
			wantHeader: http.Header{"Www-Authenticate": {`OAuth realm="9910981_SB1", error="token_rejected", error_description="Invalid login attempt."`}},
		},
		{
			name:       "invalid bearer",
			err:        InvalidLoginBearer("123456"),
			wantStatus: 401,
			wantBody:   liveInvalidLogin,
			wantHeader: http.Header{"Www-Authenticate": {`Bearer realm="123456", error="invalid_token", error_description="Invalid login attempt."`}},
		},
		{name: "concurrency", err: ConcurrencyLimitExceeded(), wantStatus: 429, wantBody: liveConcurrency},
		{
			name:       "suiteql",
			err:        InvalidSearchQuery("Search error occurred: Unknown identifier 'subsidiary'. Available identifiers are: {transaction=transaction}."),
			wantStatus: 400,
			wantBody:   liveSuiteQL,
		},
		{name: "not found", err: RecordNotFound(), wantStatus: 404, wantBody: liveNotFound},
		{name: "unexpected", err: UnexpectedError("mtkekqnm1b0jlj800jp4o"), wantStatus: 500, wantBody: liveUnexpected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			tt.err.Write(rec)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body mismatch (-want +got):\n%s", cmp.Diff(tt.wantBody, got))
			}
			if got := rec.Header().Get("Content-Type"); got != ContentTypeRESTError {
				t.Errorf("Content-Type = %q", got)
			}
			for k, v := range tt.wantHeader {
				if diff := cmp.Diff(v, rec.Header().Values(k)); diff != "" {
					t.Errorf("header %s (-want +got):\n%s", k, diff)
				}
			}
			if rec.Header().Get("Retry-After") != "" {
				t.Error("NetSuite sends no Retry-After")
			}
		})
	}
}

func TestRESTErrorConstructors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    *RESTError
		status int
		code   string
		detail string
		extra  map[string]string // other detail keys expected
	}{
		{
			name:   "insufficient permission",
			err:    InsufficientPermission("Lists -> Contacts"),
			status: 403, code: "INSUFFICIENT_PERMISSION",
			detail: "Permission Violation: You need the 'Lists -> Contacts' permission to access this page.",
		},
		{
			name:   "feature disabled",
			err:    FeatureDisabled(),
			status: 403, code: "INSUFFICIENT_PERMISSION",
			detail: "You do not have permission to access the REST Web Services feature.",
		},
		{
			name:   "method not allowed",
			err:    MethodNotAllowed("PUT", "GET", "PATCH"),
			status: 405, code: "INVALID_REQUEST",
			detail: "The HTTP method PUT is not allowed for this resource.",
		},
		{
			name:   "unsupported media type",
			err:    UnsupportedMediaType("text/plain"),
			status: 415, code: "INVALID_HEADER",
			detail: "Invalid Content-Type header value: text/plain. Use application/json.",
			extra:  map[string]string{"o:errorHeader": "Content-Type"},
		},
		{
			name:   "path",
			err:    &RESTError{Status: 400, Code: "INVALID_CONTENT", Detail: "x", Path: "item.items[0].item"},
			status: 400, code: "INVALID_CONTENT", detail: "x",
			extra: map[string]string{"o:errorPath": "item.items[0].item"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got struct {
				Type    string              `json:"type"`
				Title   string              `json:"title"`
				Status  int                 `json:"status"`
				Details []map[string]string `json:"o:errorDetails"`
			}
			if err := json.Unmarshal(tt.err.Body(), &got); err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, tt.err.Body())
			}
			if got.Status != tt.status || got.Title != http.StatusText(tt.status) || got.Type != TypeURL(tt.status) {
				t.Errorf("envelope = %+v", got)
			}
			want := map[string]string{"detail": tt.detail, "o:errorCode": tt.code}
			for k, v := range tt.extra {
				want[k] = v
			}
			if len(got.Details) != 1 {
				t.Fatalf("details = %v", got.Details)
			}
			if diff := cmp.Diff(want, got.Details[0]); diff != "" {
				t.Errorf("detail (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMethodNotAllowedAllowHeader(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	MethodNotAllowed("PUT", "GET", "PATCH", "DELETE").Write(rec)
	if got := rec.Header().Get("Allow"); got != "GET, PATCH, DELETE" {
		t.Errorf("Allow = %q", got)
	}
	if h := MethodNotAllowed("PUT").Headers; h != nil {
		t.Errorf("no Allow header expected without methods, got %v", h)
	}
}

func TestRESTErrorKeyOrder(t *testing.T) {
	t.Parallel()
	e := &RESTError{Status: 400, Code: "C", Detail: "D", Path: "p", QueryParam: "q", URL: "/u", ErrorHeader: "H"}
	want := `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1","title":"Bad Request","status":400,` +
		`"o:errorDetails":[{"detail":"D","o:errorQueryParam":"q","o:errorUrl":"/u","o:errorHeader":"H","o:errorCode":"C","o:errorPath":"p"}]}`
	if got := string(e.Body()); got != want {
		t.Errorf("body mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}
	// Embedded in another value, MarshalJSON keeps the order.
	b, err := json.Marshal(struct {
		E *RESTError `json:"e"`
	}{e})
	if err != nil {
		t.Fatal(err)
	}
	// encoding/json compacts and HTML-escapes marshaler output; the key order
	// must survive.
	if !strings.Contains(string(b), `"o:errorUrl":"/u","o:errorHeader":"H","o:errorCode":"C"`) {
		t.Errorf("embedded order lost: %s", b)
	}
}

func TestTypeURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status  int
		section string
	}{
		{400, "15.5.1"}, {401, "15.5.2"}, {403, "15.5.4"}, {404, "15.5.5"}, {405, "15.5.6"},
		{409, "15.5.10"}, {413, "15.5.14"}, {415, "15.5.16"}, {422, "15.5.21"},
		{429, "15.5"}, {500, "15.6.1"}, {502, "15.6.3"}, {503, "15.6.4"}, {504, "15.6.5"},
		{599, "15.6"}, {200, "15"},
	}
	for _, tt := range tests {
		want := "https://www.rfc-editor.org/rfc/rfc9110.html#section-" + tt.section
		if got := TypeURL(tt.status); got != want {
			t.Errorf("TypeURL(%d) = %q, want %q", tt.status, got, want)
		}
	}
}

func TestRESTErrorOverridesAndHeaders(t *testing.T) {
	t.Parallel()
	e := &RESTError{Status: 418, Code: "X", Detail: "y", Title: "Custom", Type: "urn:x",
		Headers: http.Header{"X-A": {"1", "2"}}}
	rec := httptest.NewRecorder()
	e.Write(rec)
	if got := rec.Header().Values("X-A"); len(got) != 2 {
		t.Errorf("X-A = %v", got)
	}
	if !strings.HasPrefix(rec.Body.String(), `{"type":"urn:x","title":"Custom","status":418,`) {
		t.Errorf("body = %s", rec.Body)
	}
	if e.Error() != "netsuite rest: 418 X: y" {
		t.Errorf("Error() = %q", e.Error())
	}
	// Write must not alias the error's header slices.
	rec.Header()["X-A"][0] = "changed"
	if e.Headers["X-A"][0] != "1" {
		t.Error("Write aliased Headers")
	}
}

var errorIDPattern = regexp.MustCompile(`^[0-9a-z]{21}$`)

func TestNewErrorID(t *testing.T) {
	t.Parallel()
	a := NewErrorID(rand.New(rand.NewPCG(1, 2)))
	b := NewErrorID(rand.New(rand.NewPCG(1, 2)))
	if a != b {
		t.Errorf("same seed gave %q and %q", a, b)
	}
	for _, id := range []string{a, NewErrorID(nil), "mtkekqnm1b0jlj800jp4o"} {
		if !errorIDPattern.MatchString(id) {
			t.Errorf("error ID %q does not look like NetSuite's", id)
		}
	}
}

func TestRESTletError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    *RESTletError
		status int
		body   string
	}{
		{
			name:   "request limit",
			err:    RESTletRequestLimitExceeded(),
			status: 400,
			body:   `{"error" : {"code" : "SSS_REQUEST_LIMIT_EXCEEDED","message" : "Request Limit Exceeded!"}}`,
		},
		{
			name:   "invalid login",
			err:    RESTletInvalidLogin(),
			status: 401,
			body:   `{"error" : {"code" : "INVALID_LOGIN_ATTEMPT","message" : "Invalid login attempt."}}`,
		},
		{
			name:   "script error with JSON message",
			err:    NewRESTletError(400, "SSS_MISSING_REQD_ARGUMENT", `{"type":"error.SuiteScriptError","name":"X"}`),
			status: 400,
			body:   `{"error" : {"code" : "SSS_MISSING_REQD_ARGUMENT","message" : "{\"type\":\"error.SuiteScriptError\",\"name\":\"X\"}"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			tt.err.Write(rec)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body mismatch (-want +got):\n%s", cmp.Diff(tt.body, got))
			}
			if ct := rec.Header().Get("Content-Type"); ct != ContentTypeJSON {
				t.Errorf("Content-Type = %q", ct)
			}
			var v map[string]map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Errorf("not JSON: %v", err)
			}
		})
	}
	e := &RESTletError{Status: 400, Code: "A", Message: "b", ContentType: "text/plain", Headers: http.Header{"X": {"y"}}}
	rec := httptest.NewRecorder()
	e.Write(rec)
	if rec.Header().Get("Content-Type") != "text/plain" || rec.Header().Get("X") != "y" {
		t.Errorf("headers = %v", rec.Header())
	}
	if e.Error() != "netsuite restlet: 400 A: b" {
		t.Errorf("Error() = %q", e.Error())
	}
}
