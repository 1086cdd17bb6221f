// Package restlets is the emulator's RESTlet surface,
// /app/site/hosting/restlet.nl?script=…&deploy=…: token login, a
// concurrency slot, then the deployment registered at script and deploy.
// Each server keeps its own deployments; the built-in ones are script 1
// (echo) and script 2 (record lookup), deploy 1.
package restlets

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// Request is one call of a RESTlet deployment.
type Request struct {
	Method      string
	Params      url.Values // the query parameters, script and deploy included
	ContentType string     // application/json, application/xml or text/plain; "" without a body
	Body        []byte
	// Employee and Role are who the token logged in as.
	Employee string
	Role     string
	// Permissions are the role's permissions as token logins see them.
	Permissions store.Permissions
}

// Response is what a RESTlet returns. A nil Body gives an empty 200.
type Response struct {
	Status      int // default 200
	ContentType string
	Body        []byte
}

// JSONResponse encodes v as a JSON RESTlet response.
func JSONResponse(v any) (*Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return &Response{ContentType: "application/json", Body: b}, nil
}

// Func implements a RESTlet deployment. Return a *wire.ScriptError for an
// error.SuiteScriptError the script throws and does not catch (400, its
// name as the code and the serialised error as the message, as NetSuite
// answers), or a *wire.RESTletError to answer with that exact body; any
// other error is reported as an unhandled script error (400,
// SSS_UNHANDLED_ERROR with the error's text: the emulator's own answer,
// NetSuite's to a thrown non-SuiteScript error was not found).
type Func func(ctx context.Context, req *Request) (*Response, error)

type restletKey struct{ script, deploy string }

// RegisterRESTlet deploys fn at script and deploy (ids or script ids, as
// they appear in restlet.nl?script=…&deploy=…), replacing any deployment
// there. The built-in deployments are script 1 (echo) and script 2 (record
// lookup), deploy 1.
func (s *Service) RegisterRESTlet(script, deploy string, fn Func) {
	s.restletMu.Lock()
	defer s.restletMu.Unlock()
	s.restlets[restletKey{strings.ToLower(script), strings.ToLower(deploy)}] = fn
}

// restletContentTypes are the content types RESTlets accept (case-sensitive;
// NetSuite Help Center section_4619215993).
var restletContentTypes = map[string]bool{"application/json": true, "application/xml": true, "text/plain": true}

// maxRESTletBody is NetSuite's 10 MB limit on a RESTlet's input string.
const maxRESTletBody = 10 << 20

// ServeHTTP answers a RESTlet call.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l, err := s.VerifyOAuth(r, vocab.SurfaceRESTlet)
	if err != nil {
		if core.IsLoginFailure(err) {
			wire.RESTletInvalidLogin().Write(w)
			return
		}
		s.restletUnexpected(w, err)
		return
	}
	release, err := s.Acquire(r.Context(), l)
	if err != nil {
		if errors.Is(err, governor.ErrLimitExceeded) {
			wire.RESTletRequestLimitExceeded().Write(w)
			return
		}
		if core.IsLoginFailure(err) { // over the limit, answered as a bad login (injected)
			wire.RESTletInvalidLogin().Write(w)
			return
		}
		s.restletUnexpected(w, err)
		return
	}
	defer release()

	q := r.URL.Query()
	s.restletMu.RLock()
	fn := s.restlets[restletKey{strings.ToLower(q.Get("script")), strings.ToLower(q.Get("deploy"))}]
	s.restletMu.RUnlock()
	if fn == nil {
		// NetSuite's answer for a script/deploy pair that is not a released deployment.
		wire.NewRESTletError(http.StatusBadRequest, "SSS_INVALID_SCRIPTLET_ID", "That Suitelet is invalid, disabled, or no longer exists.").Write(w)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
	default:
		wire.NewRESTletError(http.StatusMethodNotAllowed, "INVALID_REQUEST", "The "+r.Method+" method is not supported by RESTlets.").Write(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRESTletBody+1))
	if err != nil {
		s.restletUnexpected(w, err)
		return
	}
	if len(body) > maxRESTletBody {
		wire.NewRESTletError(http.StatusRequestEntityTooLarge, "SSS_REQUEST_TOO_LARGE", "The request exceeds the 10 MB limit of a RESTlet.").Write(w)
		return
	}
	ct := ""
	if len(body) > 0 || r.Method == http.MethodPost || r.Method == http.MethodPut {
		ct = r.Header.Get("Content-Type")
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			ct = mt
		}
		if !restletContentTypes[ct] {
			wire.UnsupportedMediaType(r.Header.Get("Content-Type")).Write(w)
			return
		}
	}
	if r.Method == http.MethodGet && len(body) > 0 {
		wire.NewRESTletError(http.StatusBadRequest, "INVALID_REQUEST", "A GET request cannot have a body.").Write(w)
		return
	}
	resp, err := fn(r.Context(), &Request{Method: r.Method, Params: q, ContentType: ct, Body: body,
		Employee: l.V.Employee.Email, Role: l.V.Role.Name, Permissions: l.Perms})
	if err != nil {
		var se *wire.ScriptError
		if errors.As(err, &se) {
			se.RESTletError().Write(w)
			return
		}
		var re *wire.RESTletError
		if errors.As(err, &re) {
			re.Write(w)
			return
		}
		// An unhandled script error: 400 with the error's name and message.
		wire.NewRESTletError(http.StatusBadRequest, "SSS_UNHANDLED_ERROR", err.Error()).Write(w)
		return
	}
	if resp == nil {
		resp = &Response{}
	}
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	if resp.ContentType == "" {
		resp.ContentType = "text/plain"
	}
	w.Header().Set("Content-Type", resp.ContentType+"; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
}

func (s *Service) restletUnexpected(w http.ResponseWriter, err error) {
	id := wire.NewErrorID(nil)
	s.Log.Error("internal error", "error_id", id, "err", err)
	wire.NewRESTletError(http.StatusInternalServerError, "UNEXPECTED_ERROR", "An unexpected error has occurred. Error ID: "+id).Write(w)
}

func (s *Service) registerBuiltins() {
	s.RegisterRESTlet("1", "1", echoRESTlet)
	s.RegisterRESTlet("2", "1", s.lookupRESTlet)
}

// echoRESTlet answers with what it was sent: method, parameters and body
// (parsed when JSON). A text/plain request gets its body back as text.
func echoRESTlet(_ context.Context, req *Request) (*Response, error) {
	if req.ContentType == "text/plain" {
		return &Response{ContentType: "text/plain", Body: req.Body}, nil
	}
	out := map[string]any{"method": req.Method, "params": flatten(req.Params), "user": req.Employee, "role": req.Role}
	if len(req.Body) > 0 {
		if req.ContentType == "application/json" {
			var v any
			if err := json.Unmarshal(req.Body, &v); err != nil {
				return nil, wire.NewRESTletError(http.StatusBadRequest, "SYNTAX_ERROR", "SyntaxError: Unexpected token in JSON: "+err.Error())
			}
			out["body"] = v
		} else {
			out["body"] = string(req.Body)
		}
	}
	return JSONResponse(out)
}

func flatten(v url.Values) map[string]string {
	m := make(map[string]string, len(v))
	for k, vs := range v {
		m[k] = strings.Join(vs, ",")
	}
	return m
}

// lookupRESTlet returns one record of the demo data: GET ?type=customer&id=5.
// It is a script that calls record.load and does not catch its errors, so
// they come back as NetSuite's uncaught SuiteScript errors.
func (s *Service) lookupRESTlet(ctx context.Context, req *Request) (*Response, error) {
	typ := strings.ToLower(req.Params.Get("type"))
	rt, ok := core.RecordTypes[typ]
	if !ok {
		return nil, lookupError("SSS_INVALID_RECORD_TYPE", "The record type ["+strings.ToUpper(typ)+"] is invalid.")
	}
	if !req.Permissions.Has(rt.Permission, vocab.LevelView) {
		return nil, lookupError("INSUFFICIENT_PERMISSION", wire.PermissionViolation(rt.Permission, false))
	}
	id, err := strconv.ParseInt(req.Params.Get("id"), 10, 64)
	if err != nil {
		return nil, lookupError("RCRD_DSNT_EXIST", "That record does not exist.")
	}
	row, err := s.ReadRow(ctx, rt.Table, id)
	if err != nil {
		return nil, lookupError("RCRD_DSNT_EXIST", "That record does not exist.")
	}
	return JSONResponse(row)
}

// lookupError is the error record.load throws in the lookup script, with
// the stack of the emulator's own script (a SuiteScript 2.1 stack: one
// string, "Error" and the frames).
func lookupError(name, message string) *wire.ScriptError {
	return &wire.ScriptError{Name: name, Message: message, System: true, Stack: []string{
		"Error\n    at RecordInvoker.load (suitescript/resources/javascript/record/serverRecordService.js)\n    at Object.get (/SuiteScripts/emulator/lookup_restlet.js)",
	}}
}

// Service is one server's RESTlet surface and its deployments.
type Service struct {
	*core.Core

	restletMu sync.RWMutex
	restlets  map[restletKey]Func
}

// New returns the RESTlet surface of the server whose core is c, with the
// built-in deployments.
func New(c *core.Core) *Service {
	s := &Service{Core: c, restlets: map[restletKey]Func{}}
	s.registerBuiltins()
	return s
}
