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

// ScriptError is an error thrown out of a RESTlet script and not caught:
// an error.SuiteScriptError, created by the script (error.create) or thrown
// by a NetSuite API it called (record.load of a missing record). NetSuite
// answers it with HTTP 400 ("Any errors encountered at run time that are
// unhandled return a 400 error", Help Center section_4634920277) and the
// RESTlet error body whose code is the error's name and whose message is the
// error serialised as JSON (see [ScriptError.JSON]):
//
//	{"error" : {"code" : "RCRD_DSNT_EXIST","message" : "{\"type\":\"error.SuiteScriptError\",\"name\":\"RCRD_DSNT_EXIST\",…}"}}
//
// Errors of the RESTlet framework itself (an unknown deployment, a GET with
// a body, the concurrency limit) are not script errors: their message is
// plain text ([NewRESTletError]).
type ScriptError struct {
	Name    string // the error code, e.g. RCRD_DSNT_EXIST or the script's own name
	Message string
	// ID is the error's id; NetSuite serialises "" for errors without one.
	ID string
	// Stack is the script's stack as NetSuite serialises it.
	Stack []string
	// System marks an error thrown by a NetSuite API (its cause is the
	// "internal error" the API raised) rather than one the script created
	// with error.create (its cause repeats name and message).
	System bool
	// NotifyOff is error.create's notifyOff option.
	NotifyOff bool
}

// Error implements error.
func (e *ScriptError) Error() string { return e.Name + ": " + e.Message }

// JSON returns the error as NetSuite serialises an error.SuiteScriptError
// (JSON.stringify of the error object), in the key order of SuiteScript 2.1
// (type, name, message, id, stack, cause, notifyOff, userFacing), as a live
// RESTlet error recorded in a public SuiteScript 2.1 project shows it:
//
//	{"type":"error.SuiteScriptError","name":"RCRD_HAS_BEEN_CHANGED","message":"Record has been changed","id":"",
//	 "stack":["Error\n    at RecordInvoker.save (…)"],"cause":{"type":"internal error","code":"RCRD_HAS_BEEN_CHANGED",
//	 "details":"Record has been changed","userEvent":null,"stackTrace":[…],"notifyOff":false},"notifyOff":false,"userFacing":true}
//
// An error.create error's cause is {"name","message","notifyOff"}, as in a
// live RESTlet response quoted in a public SuiteScript 2.0 bundle (where
// SuiteScript 2.0 orders the keys type, name, message, stack, cause, id,
// notifyOff, userFacing). Both samples have userFacing true.
func (e *ScriptError) JSON() string {
	stack := e.Stack
	if stack == nil {
		stack = []string{}
	}
	b := make([]byte, 0, 256+2*len(e.Message))
	b = append(b, `{"type":"error.SuiteScriptError","name":`...)
	b = jsonstr.Append(b, e.Name)
	b = append(b, `,"message":`...)
	b = jsonstr.Append(b, e.Message)
	b = append(b, `,"id":`...)
	b = jsonstr.Append(b, e.ID)
	b = append(b, `,"stack":`...)
	b = appendStrings(b, stack)
	b = append(b, `,"cause":{`...)
	if e.System {
		b = append(b, `"type":"internal error","code":`...)
		b = jsonstr.Append(b, e.Name)
		b = append(b, `,"details":`...)
		b = jsonstr.Append(b, e.Message)
		b = append(b, `,"userEvent":null,"stackTrace":`...)
		b = appendStrings(b, stack)
	} else {
		b = append(b, `"name":`...)
		b = jsonstr.Append(b, e.Name)
		b = append(b, `,"message":`...)
		b = jsonstr.Append(b, e.Message)
	}
	b = append(b, `,"notifyOff":`...)
	b = strconv.AppendBool(b, e.NotifyOff)
	b = append(b, `},"notifyOff":`...)
	b = strconv.AppendBool(b, e.NotifyOff)
	return string(append(b, `,"userFacing":true}`...))
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, s)
	}
	return append(b, ']')
}

// RESTletError returns NetSuite's answer to the uncaught error: HTTP 400,
// code the error's name, message the serialised error.
func (e *ScriptError) RESTletError() *RESTletError {
	return NewRESTletError(http.StatusBadRequest, e.Name, e.JSON())
}
