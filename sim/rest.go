package sim

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// serveREST answers /services/rest/...: every request is a token login
// (REST web services), then takes a concurrency slot from the account pool
// shared with SOAP and RESTlets.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	l, err := s.core.VerifyOAuth(r, vocab.SurfaceREST)
	if err != nil {
		s.restLoginError(w, r, err)
		return
	}
	release, err := s.core.Acquire(r.Context(), l)
	if err != nil {
		if core.IsLoginFailure(err) { // over the limit, answered as a bad login (injected)
			s.restLoginError(w, r, err)
			return
		}
		s.restGovernanceError(w, err)
		return
	}
	defer release()
	path := strings.TrimPrefix(r.URL.Path, "/services/rest")
	switch {
	case r.Method == http.MethodOptions:
		// NetSuite answers an authenticated OPTIONS with 204 and no body,
		// whatever the path (julbrs/netsuite-api-client and
		// ehmad11/netsuite-rest test OPTIONS …/services/rest/* against live
		// accounts and expect 204).
		w.WriteHeader(http.StatusNoContent)
	case path == "/system/v1/governanceLimits":
		s.serveGovernanceLimits(w, r, l)
	case path == "/query/v1/suiteql":
		s.suiteql.Serve(w, r, l)
	case strings.HasPrefix(path, "/record/v1/"):
		s.records.ServeRecord(w, r, l, strings.TrimPrefix(path, "/record/v1/"))
	case strings.HasPrefix(path, "/async/v1/"):
		s.records.ServeAsync(w, r, strings.TrimPrefix(path, "/async/v1/"))
	default:
		wire.RecordNotFound().Write(w)
	}
}

func (s *Server) restLoginError(w http.ResponseWriter, r *http.Request, err error) {
	if core.IsLoginFailure(err) && core.IsBearer(r) {
		wire.InvalidLoginBearer(s.core.AccountID()).Write(w)
		return
	}
	if core.IsLoginFailure(err) {
		wire.InvalidLogin(s.core.AccountID()).Write(w)
		return
	}
	s.core.InternalError(w, err)
}

func (s *Server) restGovernanceError(w http.ResponseWriter, err error) {
	if errors.Is(err, governor.ErrLimitExceeded) {
		wire.ConcurrencyLimitExceeded().Write(w)
		return
	}
	s.core.InternalError(w, err)
}

func (s *Server) serveGovernanceLimits(w http.ResponseWriter, r *http.Request, l *core.Login) {
	if r.Method != http.MethodGet {
		wire.MethodNotAllowed(r.Method, http.MethodGet).Write(w)
		return
	}
	g, err := s.core.GovernanceFor(r.Context(), l)
	if err != nil {
		s.core.InternalError(w, err)
		return
	}
	core.WriteJSON(w, http.StatusOK, "application/json; charset=UTF-8", g)
}

// dataCenterURLs is the answer of GET /rest/datacenterurls?account=…
// (NetSuite Help Center chapter_157011836591). The emulator serves every
// domain of the account itself, so it points all three at its own address.
type dataCenterURLs struct {
	WebservicesDomain string `json:"webservicesDomain"`
	RestDomain        string `json:"restDomain"`
	SystemDomain      string `json:"systemDomain"`
}

func (s *Server) serveDataCenterURLs(w http.ResponseWriter, r *http.Request) {
	acct := r.URL.Query().Get("account")
	if acct == "" {
		wire.NewRESTletError(http.StatusBadRequest, "INVALID_ACCT", "Account is required.").Write(w)
		return
	}
	u := core.RequestURL(r)
	base := u.Scheme + "://" + u.Host
	core.WriteJSON(w, http.StatusOK, "application/json; charset=UTF-8", dataCenterURLs{base, base, base})
}
