package wire

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"

	"github.com/go-netsuite/netsuite/sim/internal/jsonstr"
)

// ContentTypeRESTError is the Content-Type of REST web services error bodies.
//
// Source: NetSuite's own OpenAPI 3.0 metadata (GET …/record/v1/metadata-catalog
// with Accept: application/swagger+json) declares every operation's default
// error response as content "application/vnd.oracle.resource+json; type=error"
// with schema "x-ns-error"; clients generated from it and client test mocks
// carry the same string. Successful single records use "…; type=singular" and
// collections "…; type=collection".
const ContentTypeRESTError = "application/vnd.oracle.resource+json; type=error"

// ContentTypeJSON is the Content-Type the emulator uses for RESTlet bodies.
// RESTlets answer in the Content-Type the request asked for (ns-help
// section_4619215993); application/json is the usual one.
const ContentTypeJSON = "application/json"

// Detail strings NetSuite uses on the REST side.
const (
	// DetailInvalidLogin is the 401 detail for every token rejection; the
	// reason is only in the Login Audit Trail (ns-help section_156570709583
	// and several recorded live bodies).
	DetailInvalidLogin = "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail."
	// DetailConcurrencyLimit is the 429 detail (recorded live in several
	// public repositories; docs/wire-notes.md, "REST errors").
	DetailConcurrencyLimit = "Concurrent request limit exceeded. Request blocked."
	// DetailRecordNotFound is the 404 detail for a missing record instance
	// (recorded live: julbrs/netsuite-api-client test/request.test.ts
	// expects it for GET record/v1/customer/-1; public client test fixtures
	// carry the same body).
	DetailRecordNotFound = "The record instance does not exist. Provide a valid record instance ID."
	// DetailInvalidSearchQuery prefixes SuiteQL parse and execution errors;
	// NetSuite appends its own description, e.g. "Search error occurred:
	// Unknown identifier 'subsidiary'. Available identifiers are:
	// {transaction=transaction}." (recorded live; docs/wire-notes.md, "SuiteQL").
	DetailInvalidSearchQuery = "Invalid search query. Detailed unprocessed description follows. "
	// DetailRESTFeatureDenied is the wording seen live on a 403 when the
	// REST Web Services feature or permission is missing (an unnamed public
	// note of a live call; the error code there was not recorded).
	DetailRESTFeatureDenied = "You do not have permission to access the REST Web Services feature."
)

// Error codes (o:errorCode) used by the REST constructors.
const (
	CodeInvalidLogin             = "INVALID_LOGIN"
	CodeConcurrencyLimitExceeded = "CONCURRENCY_LIMIT_EXCEEDED"
	CodeInsufficientPermission   = "INSUFFICIENT_PERMISSION"
	CodeNonexistentID            = "NONEXISTENT_ID"
	CodeInvalidParameter         = "INVALID_PARAMETER"
	CodeInvalidRequest           = "INVALID_REQUEST"
	CodeInvalidHeader            = "INVALID_HEADER"
	CodeUnexpectedError          = "UNEXPECTED_ERROR"
)

// RESTError is one REST web services error response: an RFC 9110 status with
// NetSuite's envelope
//
//	{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.N","title":"<reason>","status":N,
//	 "o:errorDetails":[{"detail":...,"o:errorCode":...}]}
//
// NetSuite always sends exactly one entry in o:errorDetails, so RESTError
// holds one detail. The optional location fields are written only when set.
//
// Key order inside the detail follows the live bodies: "detail", then
// "o:errorQueryParam" / "o:errorUrl" / "o:errorHeader" (the recorded SuiteQL
// error and a recorded INVALID_ID error put these before the code), then
// "o:errorCode", then "o:errorPath" (Oracle's own example in ns-help
// section_156570709583 puts the path after the code).
type RESTError struct {
	Status      int    // HTTP status, e.g. 404
	Code        string // o:errorCode, e.g. NONEXISTENT_ID
	Detail      string // detail
	Path        string // o:errorPath: JSON path into the request body
	QueryParam  string // o:errorQueryParam: the offending query parameter
	URL         string // o:errorUrl: the offending URL path
	ErrorHeader string // o:errorHeader: the offending request header

	// Type and Title override the RFC 9110 type URL and the reason phrase
	// derived from Status; NetSuite's 429 body needs both.
	Type  string
	Title string

	// Headers are extra response headers, e.g. WWW-Authenticate on a 401.
	Headers http.Header
}

// Error implements error.
func (e *RESTError) Error() string {
	return fmt.Sprintf("netsuite rest: %d %s: %s", e.Status, e.Code, e.Detail)
}

// TypeURL returns the RFC 9110 section URL NetSuite puts in "type" for
// status, e.g. "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5"
// for 404. Statuses RFC 9110 does not define (e.g. 429) get the section of
// their class (15.5 or 15.6).
func TypeURL(status int) string {
	const base = "https://www.rfc-editor.org/rfc/rfc9110.html#section-"
	if s, ok := rfc9110Sections[status]; ok {
		return base + s
	}
	switch {
	case status >= 500 && status <= 599:
		return base + "15.6"
	case status >= 400 && status <= 499:
		return base + "15.5"
	}
	return base + "15"
}

// rfc9110Sections maps the 4xx and 5xx statuses RFC 9110 defines to their
// section numbers (RFC 9110 §15.5 and §15.6).
var rfc9110Sections = map[int]string{
	400: "15.5.1", 401: "15.5.2", 402: "15.5.3", 403: "15.5.4", 404: "15.5.5",
	405: "15.5.6", 406: "15.5.7", 407: "15.5.8", 408: "15.5.9", 409: "15.5.10",
	410: "15.5.11", 411: "15.5.12", 412: "15.5.13", 413: "15.5.14", 414: "15.5.15",
	415: "15.5.16", 416: "15.5.17", 417: "15.5.18", 418: "15.5.19", 421: "15.5.20",
	422: "15.5.21", 426: "15.5.22",
	500: "15.6.1", 501: "15.6.2", 502: "15.6.3", 503: "15.6.4", 504: "15.6.5",
	505: "15.6.6",
}

// Body returns the JSON body exactly as NetSuite writes it: compact, keys in
// NetSuite's order, and without HTML escaping (NetSuite sends "Setup >
// Users/Roles" with a literal '>').
func (e *RESTError) Body() []byte {
	typ := e.Type
	if typ == "" {
		typ = TypeURL(e.Status)
	}
	title := e.Title
	if title == "" {
		title = http.StatusText(e.Status)
	}
	b := make([]byte, 0, 256+len(e.Detail))
	b = append(b, `{"type":`...)
	b = jsonstr.Append(b, typ)
	b = append(b, `,"title":`...)
	b = jsonstr.Append(b, title)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.Status), 10)
	b = append(b, `,"o:errorDetails":[{"detail":`...)
	b = jsonstr.Append(b, e.Detail)
	for _, f := range [...]struct{ key, val string }{
		{"o:errorQueryParam", e.QueryParam},
		{"o:errorUrl", e.URL},
		{"o:errorHeader", e.ErrorHeader},
		{"o:errorCode", e.Code},
		{"o:errorPath", e.Path},
	} {
		if f.val == "" && f.key != "o:errorCode" {
			continue
		}
		b = append(b, ',')
		b = jsonstr.Append(b, f.key)
		b = append(b, ':')
		b = jsonstr.Append(b, f.val)
	}
	return append(b, "}]}"...)
}

// MarshalJSON returns [RESTError.Body], so a RESTError embedded elsewhere
// keeps NetSuite's key order.
func (e *RESTError) MarshalJSON() ([]byte, error) { return e.Body(), nil }

// Write sends the error: extra headers, Content-Type [ContentTypeRESTError],
// the status and the body.
func (e *RESTError) Write(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range e.Headers {
		h[k] = append([]string(nil), vs...)
	}
	h.Set("Content-Type", ContentTypeRESTError)
	body := e.Body()
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// RequestTooLarge answers a REST request whose body is over limit bytes
// (NetSuite's REST limit is 104 MB: ns-help chapter_161251386312). What
// NetSuite itself answers is not documented or recorded publicly: the
// emulator answers 413 Content Too Large in NetSuite's error envelope with
// INVALID_REQUEST and a detail stating the limit, so that a client sees
// the real cause instead of a syntax error about a body cut short.
func RequestTooLarge(limit int64) *RESTError {
	return &RESTError{
		Status: http.StatusRequestEntityTooLarge,
		Code:   CodeInvalidRequest,
		Detail: fmt.Sprintf("The request body exceeds the %s size limit of REST web services requests.", byteSize(limit)),
	}
}

// byteSize writes n as NetSuite writes its limits: "104 MB" (MiB, as the
// Help Center's MB are), else bytes.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// InvalidLogin is the 401 NetSuite returns for any rejected TBA (OAuth 1.0a)
// request, with the header
//
//	WWW-Authenticate: OAuth realm="<realm>", error="token_rejected", error_description="Invalid login attempt."
//
// realm is the account ID in its realm form (e.g. "9910981_SB1"). Source:
// recorded live 401 header and body (docs/wire-notes.md, "Token-based
// authentication").
func InvalidLogin(realm string) *RESTError {
	return &RESTError{
		Status: http.StatusUnauthorized,
		Code:   CodeInvalidLogin,
		Detail: DetailInvalidLogin,
		Headers: http.Header{"Www-Authenticate": {
			`OAuth realm="` + realm + `", error="token_rejected", error_description="Invalid login attempt."`,
		}},
	}
}

// InvalidLoginBearer is the 401 for a rejected OAuth 2.0 access token, with
// the RFC 6750 header WWW-Authenticate: Bearer realm="<realm>",
// error="invalid_token", error_description="Invalid login attempt."
// (ns-help subsect_158521885412). The body is the same as [InvalidLogin]'s.
func InvalidLoginBearer(realm string) *RESTError {
	e := InvalidLogin(realm)
	e.Headers = http.Header{"Www-Authenticate": {
		`Bearer realm="` + realm + `", error="invalid_token", error_description="Invalid login attempt."`,
	}}
	return e
}

// ConcurrencyLimitExceeded is NetSuite's REST answer to a request over the
// concurrency limit: HTTP 429 with the pre-RFC 9110 type URL and the title
// "Bad Request", exactly
//
//	{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html","title":"Bad Request","status":429,
//	 "o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}
//
// No Retry-After header is sent. Source: docs/wire-notes.md, "REST errors" (the same body
// recorded in several independent public repositories).
func ConcurrencyLimitExceeded() *RESTError {
	return &RESTError{
		Status: http.StatusTooManyRequests,
		Code:   CodeConcurrencyLimitExceeded,
		Detail: DetailConcurrencyLimit,
		Type:   "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
		Title:  "Bad Request",
	}
}

// PermissionViolation returns the REST wording of a missing permission,
// e.g. for "Lists -> Contacts":
//
//	Permission Violation: You need the 'Lists -> Contacts' permission to access this page.
//
// This is the text the seed guide's readers quote (with typographic quotes,
// which NetSuite does not send). With higher set it returns the "You need a
// higher level of the '…' permission" form seen live on a REST 403. The SOAP
// wording differs; see [SOAPPermissionViolation].
func PermissionViolation(permission string, higher bool) string {
	if higher {
		return "Permission Violation: You need a higher level of the '" + permission + "' permission to access this page."
	}
	return "Permission Violation: You need the '" + permission + "' permission to access this page."
}

// InsufficientPermission is the 403 INSUFFICIENT_PERMISSION for a role that
// lacks permission (e.g. "Lists -> Contacts"); the detail is
// [PermissionViolation](permission, false).
func InsufficientPermission(permission string) *RESTError {
	return &RESTError{
		Status: http.StatusForbidden,
		Code:   CodeInsufficientPermission,
		Detail: PermissionViolation(permission, false),
	}
}

// RecordNotFound is the 404 NONEXISTENT_ID "The record instance does not
// exist. Provide a valid record instance ID." (recorded live;
// docs/wire-notes.md, "REST errors").
func RecordNotFound() *RESTError {
	return &RESTError{
		Status: http.StatusNotFound,
		Code:   CodeNonexistentID,
		Detail: DetailRecordNotFound,
	}
}

// InvalidSearchQuery is the 400 INVALID_PARAMETER for a SuiteQL query that
// does not parse or run, with "o:errorQueryParam":"q". description is
// appended to [DetailInvalidSearchQuery], e.g. "Search error occurred:
// Unknown identifier 'subsidiary'. Available identifiers are:
// {transaction=transaction}." Source: body recorded live (docs/wire-notes.md,
// "SuiteQL").
func InvalidSearchQuery(description string) *RESTError {
	return &RESTError{
		Status:     http.StatusBadRequest,
		Code:       CodeInvalidParameter,
		Detail:     DetailInvalidSearchQuery + description,
		QueryParam: "q",
	}
}

// MethodNotAllowed is a 405 for a method the resource does not support. The
// Allow header lists allowed (RFC 9110 §15.5.6 requires it).
//
// Not confirmed: no live NetSuite 405 body was found; the code
// INVALID_REQUEST and the wording are the emulator's choice.
func MethodNotAllowed(method string, allowed ...string) *RESTError {
	e := &RESTError{
		Status: http.StatusMethodNotAllowed,
		Code:   CodeInvalidRequest,
		Detail: "The HTTP method " + method + " is not allowed for this resource.",
	}
	if len(allowed) > 0 {
		allow := allowed[0]
		for _, m := range allowed[1:] {
			allow += ", " + m
		}
		e.Headers = http.Header{"Allow": {allow}}
	}
	return e
}

// UnsupportedMediaType is a 415 for a request body whose Content-Type the
// endpoint does not accept, pointing at the header with o:errorHeader.
//
// Not confirmed: no live NetSuite 415 body was found; the code
// INVALID_HEADER and the wording are the emulator's choice (o:errorHeader is
// a documented field, ns-help section_156570709583).
func UnsupportedMediaType(contentType string) *RESTError {
	return &RESTError{
		Status:      http.StatusUnsupportedMediaType,
		Code:        CodeInvalidHeader,
		Detail:      "Invalid Content-Type header value: " + contentType + ". Use application/json.",
		ErrorHeader: "Content-Type",
	}
}

// UnexpectedError is the 500 UNEXPECTED_ERROR, detail "An unexpected error
// occurred. Error ID: <errorID>" (a live body quoted in a public client test:
// Error ID "mtkekqnm1b0jlj800jp4o"). Use [NewErrorID] for an ID of that form.
func UnexpectedError(errorID string) *RESTError {
	return &RESTError{
		Status: http.StatusInternalServerError,
		Code:   CodeUnexpectedError,
		Detail: "An unexpected error occurred. Error ID: " + errorID,
	}
}

// FeatureDisabled is the 403 for an account whose REST Web Services feature
// is off (or a role without the REST Web Services permission).
//
// Partly confirmed: the wording [DetailRESTFeatureDenied] was seen live on a
// 403; the code INSUFFICIENT_PERMISSION follows a live 403 for a disabled
// feature ("Enable the REST Record Service (Beta) feature…", quoted in a
// comment of a public Go REST client whose stored file matches
// omniboost/go-netsuite-rest client.go). NetSuite's exact code for this
// case was not found.
func FeatureDisabled() *RESTError {
	return &RESTError{
		Status: http.StatusForbidden,
		Code:   CodeInsufficientPermission,
		Detail: DetailRESTFeatureDenied,
	}
}

// NewErrorID returns a 21-character lowercase base-36 ID like the one NetSuite
// puts in UNEXPECTED_ERROR details ("mtkekqnm1b0jlj800jp4o"). r may be nil
// for a random one.
func NewErrorID(r *rand.Rand) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	var id [21]byte
	for i := range id {
		var n int
		if r != nil {
			n = r.IntN(len(alphabet))
		} else {
			n = rand.IntN(len(alphabet))
		}
		id[i] = alphabet[n]
	}
	return string(id[:])
}
