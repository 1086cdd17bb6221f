// Package sim is a local NetSuite account: an emulator that answers SOAP, REST
// web services, SuiteQL and RESTlets on the wire as NetSuite does, with the
// Token-Based Authentication set-up of NetSuite's guide, its refusals, its
// Login Audit Trail and its concurrency governance, backed by SQLite.
//
// Embed it in a test like httptest:
//
//	emu, err := sim.Start(ctx, sim.Config{Provision: true})
//	defer emu.Close()
//	// emu.URL, emu.Credentials: a provisioned account ready for token logins
//
// or run it with "netsuite sim serve". It verifies signatures with package
// auth, the very code the client signs with.
package sim

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/governor"
	suiteql "github.com/go-netsuite/netsuite/sim/internal/suiteqlengine"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// Options configure a Server.
type Options struct {
	// Store holds the account; required. The Server does not close it.
	Store *store.Store
	// Logger receives the emulator's own log (refusal reasons at debug
	// level); nil discards.
	Logger *slog.Logger
	// RoleCacheDelay is how long a role's permission change takes to reach
	// token logins (NetSuite's readers report minutes to hours); 0 is
	// immediate.
	RoleCacheDelay time.Duration
	// Now is the server clock for timestamp checks (default time.Now).
	Now func() time.Time
	// Faults injects latency and failures; nil injects none.
	Faults *faults.Injector
	// Seed makes generated ids (nsId, error ids) deterministic.
	Seed uint64
}

// Server is the emulator's HTTP handler over one account store.
type Server struct {
	opts   Options
	store  *store.Store
	log    *slog.Logger
	now    func() time.Time
	nonces *nonceCache
	gov    *governor.Governor
	nsIDs  *wire.NsIDSource

	limitsMu sync.Mutex
	limits   governor.Limits

	acctMu sync.RWMutex
	acct   string

	counts *suiteql.CountCache // SuiteQL result counts between pages
	cats   catalogCache        // record catalog incl. custom record types

	restletMu sync.RWMutex
	restlets  map[restletKey]RESTletFunc

	handler http.Handler
}

// New returns a Server for opts.Store.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, fmt.Errorf("sim: Options.Store is required")
	}
	s := &Server{opts: opts, store: opts.Store, log: opts.Logger, now: opts.Now, nonces: newNonceCache(),
		restlets: map[restletKey]RESTletFunc{}, counts: suiteql.NewCountCache(time.Minute, 256)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.nsIDs = wire.NewNsIDSource(opts.Seed, s.now)
	ctx := context.Background()
	a, err := s.store.Account(ctx)
	if err != nil {
		return nil, err
	}
	s.acct = a.ID
	if s.gov, err = governor.New(governor.Limits{Account: a.ConcurrencyLimit()}); err != nil {
		return nil, err
	}
	if err := s.reloadLimits(ctx); err != nil {
		return nil, err
	}
	s.registerBuiltinRESTlets()

	mux := http.NewServeMux()
	mux.HandleFunc("/rest/datacenterurls", s.serveDataCenterURLs)
	mux.HandleFunc("/services/", s.serveServices)
	mux.HandleFunc("/app/site/hosting/restlet.nl", s.serveRESTlet)
	mux.Handle("/_sim/", s.adminHandler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		wire.RecordNotFound().Write(w) // NetSuite answers unknown paths with its JSON 404 too
	})
	var h http.Handler = mux
	if opts.Faults != nil {
		h = opts.Faults.Wrap(mux, s.onFault)
	}
	s.handler = withoutAdminFaults(h, mux)
	return s, nil
}

// withoutAdminFaults keeps the emulator's own admin API out of fault injection.
func withoutAdminFaults(h, plain http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_sim/") {
			plain.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Store returns the account store.
func (s *Server) Store() *store.Store { return s.store }

// Governor returns the concurrency governor (peak counts, limits).
func (s *Server) Governor() *governor.Governor { return s.gov }

// AccountID returns the account id (realm form).
func (s *Server) AccountID() string { return s.accountID() }

func (s *Server) accountID() string {
	s.acctMu.RLock()
	defer s.acctMu.RUnlock()
	return s.acct
}

// serveServices dispatches /services/...: SOAP endpoints and REST web services.
func (s *Server) serveServices(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_"):
		s.serveSOAP(w, r)
	case strings.HasPrefix(r.URL.Path, "/services/rest/"):
		s.serveREST(w, r)
	default:
		wire.RecordNotFound().Write(w)
	}
}

// onFault writes an injected 5xx in the shape of the surface asked.
func (s *Server) onFault(w http.ResponseWriter, r *http.Request, kind faults.Kind) {
	id := wire.NewErrorID(nil)
	switch {
	case strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_"):
		sw := wire.SOAPWriter{Version: soapVersion(r.URL.Path)}
		sw.RespondFault(w, wire.UnexpectedErrorFault(id))
	case strings.HasPrefix(r.URL.Path, "/app/site/hosting/restlet.nl"):
		wire.NewRESTletError(http.StatusInternalServerError, "UNEXPECTED_ERROR", "An unexpected error has occurred. Error ID: "+id).Write(w)
	default:
		wire.UnexpectedError(id).Write(w)
	}
}

// acquire takes a concurrency slot for the login's integration, keeping the
// governor's limits in step with the account (tier, licences, allocations
// may change while the emulator runs). Under injected latency the slot is
// held for the whole response time.
func (s *Server) acquire(ctx context.Context, l *login) (func(), error) {
	key := strconv.FormatInt(l.v.Integration.ID, 10)
	s.limitsMu.Lock()
	stale := s.limits.Account != l.v.ConcurrencyLimit || s.limits.Integrations[key] != l.v.Integration.ConcurrencyLimit
	s.limitsMu.Unlock()
	if stale {
		if err := s.reloadLimits(ctx); err != nil {
			return nil, err
		}
	}
	release, err := s.gov.TryAcquire(key)
	if err == nil && faults.HoldUntilSent(ctx, release) {
		// Injected latency: the slot stays taken until the response is sent.
		return func() {}, nil
	}
	return release, err
}

func (s *Server) reloadLimits(ctx context.Context) error {
	g, err := s.store.Governance(ctx)
	if err != nil {
		return err
	}
	l := governor.Limits{Account: g.AccountLimit, Integrations: map[string]int{}}
	for _, ig := range g.Integrations {
		if ig.Limit > 0 {
			l.Integrations[strconv.FormatInt(ig.IntegrationID, 10)] = ig.Limit
		}
	}
	s.limitsMu.Lock()
	defer s.limitsMu.Unlock()
	if err := s.gov.SetLimits(l); err != nil {
		return err
	}
	s.limits = l
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
