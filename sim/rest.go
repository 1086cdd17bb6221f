package sim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// serveREST answers /services/rest/...: every request is a token login
// (REST web services), then takes a concurrency slot from the account pool
// shared with SOAP and RESTlets.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	l, err := s.verifyOAuth(r, store.SurfaceREST)
	if err != nil {
		s.restLoginError(w, err)
		return
	}
	release, err := s.acquire(r.Context(), l)
	if err != nil {
		s.restGovernanceError(w, err)
		return
	}
	defer release()
	path := strings.TrimPrefix(r.URL.Path, "/services/rest")
	switch {
	case path == "/system/v1/governanceLimits":
		s.serveGovernanceLimits(w, r, l)
	case path == "/query/v1/suiteql":
		s.serveSuiteQL(w, r, l)
	case strings.HasPrefix(path, "/record/v1/"):
		s.serveRecord(w, r, l, strings.TrimPrefix(path, "/record/v1/"))
	case strings.HasPrefix(path, "/async/v1/"):
		s.serveAsync(w, r, strings.TrimPrefix(path, "/async/v1/"))
	default:
		wire.RecordNotFound().Write(w)
	}
}

func (s *Server) restLoginError(w http.ResponseWriter, err error) {
	var lf *loginFailure
	if errors.As(err, &lf) {
		wire.InvalidLogin(s.accountID()).Write(w)
		return
	}
	s.internalError(w, err)
}

func (s *Server) restGovernanceError(w http.ResponseWriter, err error) {
	if errors.Is(err, governor.ErrLimitExceeded) {
		wire.ConcurrencyLimitExceeded().Write(w)
		return
	}
	s.internalError(w, err)
}

func (s *Server) internalError(w http.ResponseWriter, err error) {
	id := wire.NewErrorID(nil)
	s.log.Error("internal error", "error_id", id, "err", err)
	wire.UnexpectedError(id).Write(w)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// governanceLimits is the body of GET /services/rest/system/v1/governanceLimits
// (NetSuite Help Center, "GovernanceLimits Operation", article_0625010817).
type governanceLimits struct {
	AccountConcurrencyLimit            int    `json:"accountConcurrencyLimit"`
	AccountUnallocatedConcurrencyLimit int    `json:"accountUnallocatedConcurrencyLimit"`
	IntegrationConcurrencyLimit        *int   `json:"integrationConcurrencyLimit,omitempty"`
	IntegrationLimitType               string `json:"integrationLimitType"`
}

func (s *Server) governanceFor(ctx context.Context, l *login) (governanceLimits, error) {
	g, err := s.store.Governance(ctx)
	if err != nil {
		return governanceLimits{}, err
	}
	out := governanceLimits{AccountConcurrencyLimit: g.AccountLimit, AccountUnallocatedConcurrencyLimit: g.Unallocated, IntegrationLimitType: "accountLimit"}
	if lim := l.v.Integration.ConcurrencyLimit; lim > 0 {
		out.IntegrationConcurrencyLimit = &lim
		out.IntegrationLimitType = "integrationSpecific"
	}
	return out, nil
}

func (s *Server) serveGovernanceLimits(w http.ResponseWriter, r *http.Request, l *login) {
	if r.Method != http.MethodGet {
		wire.MethodNotAllowed(r.Method, http.MethodGet).Write(w)
		return
	}
	g, err := s.governanceFor(r.Context(), l)
	if err != nil {
		s.internalError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, "application/json; charset=UTF-8", g)
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
	u := requestURL(r)
	base := u.Scheme + "://" + u.Host
	writeJSON(w, http.StatusOK, "application/json; charset=UTF-8", dataCenterURLs{base, base, base})
}
