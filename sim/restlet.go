package sim

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

	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// RESTletRequest is one call of a RESTlet deployment.
type RESTletRequest struct {
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

// RESTletResponse is what a RESTlet returns. A nil Body gives an empty 200.
type RESTletResponse struct {
	Status      int // default 200
	ContentType string
	Body        []byte
}

// JSONResponse encodes v as a JSON RESTlet response.
func JSONResponse(v any) (*RESTletResponse, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return &RESTletResponse{ContentType: "application/json", Body: b}, nil
}

// RESTletFunc implements a RESTlet deployment. Return a *wire.RESTletError to
// answer with NetSuite's {"error": {...}} body; any other error is reported
// as an unhandled script error (400), as NetSuite does.
type RESTletFunc func(ctx context.Context, req *RESTletRequest) (*RESTletResponse, error)

type restletKey struct{ script, deploy string }

// RegisterRESTlet deploys fn at script and deploy (ids or script ids, as
// they appear in restlet.nl?script=…&deploy=…), replacing any deployment
// there. The built-in deployments are script 1 (echo) and script 2 (record
// lookup), deploy 1.
func (s *Server) RegisterRESTlet(script, deploy string, fn RESTletFunc) {
	s.restletMu.Lock()
	defer s.restletMu.Unlock()
	s.restlets[restletKey{strings.ToLower(script), strings.ToLower(deploy)}] = fn
}

// restletContentTypes are the content types RESTlets accept (case-sensitive;
// NetSuite Help Center section_4619215993).
var restletContentTypes = map[string]bool{"application/json": true, "application/xml": true, "text/plain": true}

// maxRESTletBody is NetSuite's 10 MB limit on a RESTlet's input string.
const maxRESTletBody = 10 << 20

func (s *Server) serveRESTlet(w http.ResponseWriter, r *http.Request) {
	l, err := s.verifyOAuth(r, store.SurfaceRESTlet)
	if err != nil {
		var lf *loginFailure
		if errors.As(err, &lf) {
			wire.RESTletInvalidLogin().Write(w)
			return
		}
		s.restletUnexpected(w, err)
		return
	}
	release, err := s.acquire(r.Context(), l)
	if err != nil {
		if errors.Is(err, governor.ErrLimitExceeded) {
			wire.RESTletRequestLimitExceeded().Write(w)
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
	resp, err := fn(r.Context(), &RESTletRequest{Method: r.Method, Params: q, ContentType: ct, Body: body,
		Employee: l.v.Employee.Email, Role: l.v.Role.Name, Permissions: l.perms})
	if err != nil {
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
		resp = &RESTletResponse{}
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

func (s *Server) restletUnexpected(w http.ResponseWriter, err error) {
	id := wire.NewErrorID(nil)
	s.log.Error("internal error", "error_id", id, "err", err)
	wire.NewRESTletError(http.StatusInternalServerError, "UNEXPECTED_ERROR", "An unexpected error has occurred. Error ID: "+id).Write(w)
}

func (s *Server) registerBuiltinRESTlets() {
	s.RegisterRESTlet("1", "1", echoRESTlet)
	s.RegisterRESTlet("2", "1", s.lookupRESTlet)
}

// echoRESTlet answers with what it was sent: method, parameters and body
// (parsed when JSON). A text/plain request gets its body back as text.
func echoRESTlet(_ context.Context, req *RESTletRequest) (*RESTletResponse, error) {
	if req.ContentType == "text/plain" {
		return &RESTletResponse{ContentType: "text/plain", Body: req.Body}, nil
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
func (s *Server) lookupRESTlet(ctx context.Context, req *RESTletRequest) (*RESTletResponse, error) {
	typ := strings.ToLower(req.Params.Get("type"))
	rt, ok := recordTypes[typ]
	if !ok {
		return nil, wire.NewRESTletError(http.StatusBadRequest, "SSS_INVALID_RECORD_TYPE", "The record type ["+strings.ToUpper(typ)+"] is invalid.")
	}
	if !req.Permissions.Has(rt.permission, store.LevelView) {
		return nil, wire.NewRESTletError(http.StatusBadRequest, "INSUFFICIENT_PERMISSION", wire.PermissionViolation(rt.permission, false))
	}
	id, err := strconv.ParseInt(req.Params.Get("id"), 10, 64)
	if err != nil {
		return nil, wire.NewRESTletError(http.StatusBadRequest, "RCRD_DSNT_EXIST", "That record does not exist.")
	}
	row, err := s.readRowCtx(ctx, rt.table, id)
	if err != nil {
		return nil, wire.NewRESTletError(http.StatusBadRequest, "RCRD_DSNT_EXIST", "That record does not exist.")
	}
	return JSONResponse(row)
}
