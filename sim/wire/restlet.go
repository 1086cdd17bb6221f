package wire

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-netsuite/netsuite/sim/internal/jsonstr"
)

// RESTletError is a RESTlet error response. NetSuite writes RESTlet errors
// with its own spacing, which differs from both compact and indented JSON:
//
//	{"error" : {"code" : "SSS_REQUEST_LIMIT_EXCEEDED","message" : "Request Limit Exceeded!"}}
//
// Source: docs/wire-notes.md, "RESTlets": live bodies quoted in public client tests
// (one with a localised message in the same layout).
type RESTletError struct {
	Status  int    // HTTP status; NetSuite uses 400 for unhandled script errors and over-limit requests
	Code    string // e.g. SSS_REQUEST_LIMIT_EXCEEDED, or the SuiteScript error name
	Message string

	// ContentType overrides [ContentTypeJSON].
	ContentType string
	// Headers are extra response headers.
	Headers http.Header
}

// Error implements error.
func (e *RESTletError) Error() string {
	return fmt.Sprintf("netsuite restlet: %d %s: %s", e.Status, e.Code, e.Message)
}

// Body returns the body in NetSuite's layout.
func (e *RESTletError) Body() []byte {
	b := make([]byte, 0, 48+len(e.Code)+len(e.Message))
	b = append(b, `{"error" : {"code" : `...)
	b = jsonstr.Append(b, e.Code)
	b = append(b, `,"message" : `...)
	b = jsonstr.Append(b, e.Message)
	return append(b, "}}"...)
}

// Write sends the error with its status.
func (e *RESTletError) Write(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range e.Headers {
		h[k] = append([]string(nil), vs...)
	}
	ct := e.ContentType
	if ct == "" {
		ct = ContentTypeJSON
	}
	h.Set("Content-Type", ct)
	body := e.Body()
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// NewRESTletError returns a RESTlet error with the given status, code and
// message, for script errors the emulator reports.
func NewRESTletError(status int, code, message string) *RESTletError {
	return &RESTletError{Status: status, Code: code, Message: message}
}

// RESTletRequestLimitExceeded is the RESTlet answer to a request over the
// concurrency limit: HTTP 400,
// {"error" : {"code" : "SSS_REQUEST_LIMIT_EXCEEDED","message" : "Request Limit Exceeded!"}}.
// Sources: ns-help bridgehead_1525252812 (400 + SSS_REQUEST_LIMIT_EXCEEDED);
// docs/wire-notes.md, "RESTlets", for the body.
func RESTletRequestLimitExceeded() *RESTletError {
	return NewRESTletError(http.StatusBadRequest, "SSS_REQUEST_LIMIT_EXCEEDED", "Request Limit Exceeded!")
}

// RESTletInvalidLogin is a RESTlet 401 for a rejected login, code
// INVALID_LOGIN_ATTEMPT, message "Invalid login attempt.".
//
// Partly confirmed: the code is the one NetSuite documents for RESTlet login
// failures (ns-help section_1549405961); the body was not seen live.
func RESTletInvalidLogin() *RESTletError {
	return NewRESTletError(http.StatusUnauthorized, "INVALID_LOGIN_ATTEMPT", "Invalid login attempt.")
}
