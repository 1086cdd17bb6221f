package netsuite

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// Error is the error of every REST-side response NetSuite refuses: REST web
// services, SuiteQL and RESTlets. Check it with errors.As, or with the
// predicates IsNotFound, IsPermission, IsConcurrencyLimit, IsInvalidLogin.
type Error struct {
	StatusCode int
	// Title and Type are the RFC 9457 problem fields NetSuite sends.
	Title, Type string
	Details     []ErrorDetail
	// RESTletCode and RESTletMessage hold a RESTlet's {"error": {...}} body.
	RESTletCode, RESTletMessage string
	// SOAPFault is the fault element of a SOAP fault's detail (e.g.
	// "exceededRequestLimitFault"); its code and message are in Details and
	// the faultstring in Title.
	SOAPFault string
	// NSID is a SOAP answer's platformMsgs:documentInfo/nsId, NetSuite's
	// id of the request for support tickets.
	NSID string
	// Authenticate is the WWW-Authenticate header of a 401.
	Authenticate string
	// RetryAfter is the answer's Retry-After, when it had one.
	RetryAfter time.Duration
	// Header is the answer's header (Location of an IDEMPOTENCY_ERROR, for
	// instance).
	Header http.Header
	// Body is the raw response body (at most 64 KiB), for diagnostics.
	Body []byte
	// Method and URL of the request (URL without its query).
	Method, URL string
}

// ErrorDetail is one entry of NetSuite's "o:errorDetails".
type ErrorDetail struct {
	Detail     string `json:"detail"`
	Code       string `json:"o:errorCode"`
	Path       string `json:"o:errorPath,omitempty"`
	QueryParam string `json:"o:errorQueryParam,omitempty"`
	URLPath    string `json:"o:errorUrl,omitempty"`
	Header     string `json:"o:errorHeader,omitempty"`
}

// Code returns the first NetSuite error code (o:errorCode, or a RESTlet's code).
func (e *Error) Code() string {
	if len(e.Details) > 0 {
		return e.Details[0].Code
	}
	return e.RESTletCode
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "netsuite: %s %s: %d", e.Method, e.URL, e.StatusCode)
	title := e.Title
	if e.SOAPFault != "" && len(e.Details) > 0 && e.Details[0].Detail == title {
		title = e.SOAPFault // the faultstring repeats the detail's message
	}
	if title != "" {
		b.WriteString(" " + title)
	}
	for _, d := range e.Details {
		fmt.Fprintf(&b, "; %s: %s", d.Code, d.Detail)
		if d.Path != "" {
			b.WriteString(" (at " + d.Path + ")")
		}
		if d.QueryParam != "" {
			b.WriteString(" (query parameter " + d.QueryParam + ")")
		}
	}
	if e.RESTletCode != "" {
		fmt.Fprintf(&b, "; %s: %s", e.RESTletCode, e.RESTletMessage)
	}
	if len(e.Details) == 0 && e.RESTletCode == "" && e.SOAPFault == "" {
		if foreign := e.foreign(); foreign != "" {
			b.WriteString("; " + foreign)
		} else if len(e.Body) > 0 {
			body := string(e.Body)
			if len(body) > 200 {
				body = body[:200] + "…"
			}
			b.WriteString("; " + strings.TrimSpace(body))
		}
	}
	return b.String()
}

// foreign describes an answer that did not come from NetSuite (an HTML page
// from a proxy, a captive portal or a wrong base URL; an empty body), or ""
// for a JSON or XML body. NetSuite answers REST with JSON and SOAP with XML.
func (e *Error) foreign() string {
	ct := ""
	if e.Header != nil {
		ct = e.Header.Get("Content-Type")
	}
	body := bytes.TrimSpace(e.Body)
	media := strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	isJSON := media == "application/json" || strings.HasSuffix(media, "+json")
	isXML := media == "text/xml" || media == "application/xml" || strings.HasSuffix(media, "+xml")
	switch {
	case len(body) == 0 && e.StatusCode >= 500:
		return "an empty answer (check the base URL, or retry later)"
	case len(body) == 0:
		return ""
	case isJSON && json.Valid(body), isXML:
		return ""
	}
	what := SniffBody(body)
	if !strings.HasPrefix(what, "an HTML page") {
		what = "a body"
		if ct != "" {
			what = "a " + ct + " body"
		}
	}
	return "the answer is " + what + ", not NetSuite's: check the base URL (--base-url, NETSUITE_BASE_URL or base_url), any proxy between here and NetSuite, and whether the network sends requests to a login page"
}

// SniffBody says what a body that is not NetSuite's looks like, for error
// messages: "an HTML page titled …" (a proxy's or captive portal's page),
// "an empty body", or its length and first bytes.
func SniffBody(body []byte) string {
	if len(body) == 0 {
		return "an empty body"
	}
	lower := bytes.ToLower(body[:min(len(body), 512)])
	if bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html")) {
		if m := titleRE.FindSubmatch(body[:min(len(body), 4096)]); m != nil {
			return fmt.Sprintf("an HTML page titled %q", strings.TrimSpace(string(m[1])))
		}
		return "an HTML page"
	}
	return fmt.Sprintf("%d bytes starting %q", len(body), string(body[:min(len(body), 40)]))
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.{0,120}?)</title>`)

// hasCode reports whether any detail carries one of codes.
func (e *Error) hasCode(codes ...string) bool {
	for _, c := range codes {
		if e.RESTletCode == c {
			return true
		}
		for _, d := range e.Details {
			if d.Code == c {
				return true
			}
		}
	}
	return false
}

// maxErrorBody bounds how much of an error body is kept.
const maxErrorBody = 64 << 10

// CheckResponse returns nil for a 2xx response and otherwise an *Error
// decoded from the body (which it reads, up to 64 KiB, and closes).
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &Error{StatusCode: resp.StatusCode, Body: body, Authenticate: resp.Header.Get("WWW-Authenticate"),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), Header: resp.Header.Clone()}
	if resp.Request != nil {
		e.Method = resp.Request.Method
		u := *resp.Request.URL
		u.RawQuery = ""
		e.URL = u.String()
	}
	var problem struct {
		Type    string          `json:"type"`
		Title   string          `json:"title"`
		Details []ErrorDetail   `json:"o:errorDetails"`
		RESTlet *restletErrBody `json:"error"`
	}
	if fault, ok := parseSOAPFault(body); ok {
		e.SOAPFault, e.Title, e.NSID = fault.kind, fault.faultString, fault.nsID
		if fault.code != "" || fault.message != "" {
			e.Details = []ErrorDetail{{Code: fault.code, Detail: fault.message}}
		}
	} else if json.Unmarshal(body, &problem) == nil {
		e.Type, e.Title, e.Details = problem.Type, problem.Title, problem.Details
		if problem.RESTlet != nil {
			e.RESTletCode, e.RESTletMessage = problem.RESTlet.Code, problem.RESTlet.Message
		}
	}
	return e
}

type restletErrBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports a record or resource that does not exist (404
// NONEXISTENT_ID, or RCRD_DSNT_EXIST). A permission failure is never
// reported as not-found.
func IsNotFound(err error) bool {
	e, ok := asError(err)
	return ok && !IsPermission(err) && (e.StatusCode == http.StatusNotFound || e.hasCode("NONEXISTENT_ID", "RCRD_DSNT_EXIST"))
}

// IsPermission reports a role that lacks a permission (403
// INSUFFICIENT_PERMISSION, "Permission Violation: …").
func IsPermission(err error) bool {
	e, ok := asError(err)
	if !ok {
		return false
	}
	if e.hasCode("INSUFFICIENT_PERMISSION") || e.StatusCode == http.StatusForbidden {
		return true
	}
	for _, d := range e.Details {
		if strings.HasPrefix(d.Detail, "Permission Violation") {
			return true
		}
	}
	return strings.HasPrefix(e.RESTletMessage, "Permission Violation")
}

// IsConcurrencyLimit reports a request refused for the account's concurrency
// limit (REST 429 CONCURRENCY_LIMIT_EXCEEDED, RESTlet SSS_REQUEST_LIMIT_EXCEEDED,
// SOAP WS_REQUEST_BLOCKED and the other concurrency faults).
// Such a request was not executed and may be retried after a pause.
func IsConcurrencyLimit(err error) bool {
	e, ok := asError(err)
	return ok && isConcurrency(e)
}

// IsInvalidLogin reports a refused token login (401 "Invalid login attempt.").
// The reason is only in the account's Login Audit Trail; "netsuite auth
// check" lists the likely causes.
func IsInvalidLogin(err error) bool {
	e, ok := asError(err)
	return ok && (e.StatusCode == http.StatusUnauthorized || e.hasCode("INVALID_LOGIN", "INVALID_LOGIN_ATTEMPT", "INVALID_LOGIN_CREDENTIALS") ||
		strings.EqualFold(e.SOAPFault, "invalidCredentialsFault"))
}

type soapFault struct{ kind, code, message, faultString, nsID string }

// parseSOAPFault reads a SOAP 1.1 fault: faultstring, and the first element
// of detail (NetSuite's fault type, lower camel case, with code and message
// children) — NetSuite puts an Axis hostname element after it, which is
// skipped — and the header's documentInfo/nsId, for support tickets.
// Namespaces are ignored: they carry the endpoint version.
func parseSOAPFault(body []byte) (soapFault, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '<' {
		return soapFault{}, false
	}
	dec := xml.NewDecoder(bytes.NewReader(trimmed))
	var f soapFault
	var path []string
	inFault := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return f, inFault
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			if t.Name.Local == "Fault" {
				inFault = true
			}
			// detail's first child: the fault type.
			if inFault && len(path) >= 2 && path[len(path)-2] == "detail" && f.kind == "" {
				f.kind = t.Name.Local
			}
		case xml.EndElement:
			path = path[:len(path)-1]
		case xml.CharData:
			if n := len(path); n >= 2 && path[n-1] == "nsId" && path[n-2] == "documentInfo" {
				f.nsID = strings.TrimSpace(string(t))
			}
			if !inFault || len(path) == 0 {
				continue
			}
			text := strings.TrimSpace(string(t))
			switch last := path[len(path)-1]; {
			case last == "faultstring":
				f.faultString = text
			case len(path) >= 2 && path[len(path)-2] == f.kind && last == "code":
				f.code = text
			case len(path) >= 2 && path[len(path)-2] == f.kind && last == "message":
				f.message = text
			}
		}
	}
}

// emulatorNotImplemented reports a fault the emulator answers for a part of
// NetSuite it does not implement (vocab.EmulatorNotImplemented).
func (e *Error) emulatorNotImplemented() bool {
	for _, d := range e.Details {
		if strings.HasPrefix(d.Detail, vocab.EmulatorNotImplemented) {
			return true
		}
	}
	return strings.HasPrefix(e.Title, vocab.EmulatorNotImplemented)
}
