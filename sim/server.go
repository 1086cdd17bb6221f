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
//
// This package is the façade: the surfaces live in sim/internal (records,
// suiteqlapi, restlets, soap) around a small core (sim/internal/core) of
// per-server state; a Server wires them to one account store.
package sim

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/records"
	"github.com/go-netsuite/netsuite/sim/internal/restlets"
	"github.com/go-netsuite/netsuite/sim/internal/soap"
	"github.com/go-netsuite/netsuite/sim/internal/suiteqlapi"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// TimestampWindow is how far a request's timestamp may be from the server's
// clock: NetSuite refuses timestamps more than five minutes off.
const TimestampWindow = core.TimestampWindow

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

// Server is the emulator's HTTP handler over one account store. All its
// state (caches, async jobs, RESTlet deployments, nonces, governor) is its
// own: servers in one process share only what their stores share.
type Server struct {
	core     *core.Core
	records  *records.Service
	suiteql  *suiteqlapi.Service
	restlets *restlets.Service
	soap     *soap.Service

	handler http.Handler
	faults  *faults.Injector
}

// New returns a Server for opts.Store.
func New(opts Options) (*Server, error) {
	c, err := core.New(core.Options{Store: opts.Store, Logger: opts.Logger, RoleCacheDelay: opts.RoleCacheDelay,
		Now: opts.Now, Seed: opts.Seed})
	if err != nil {
		return nil, err
	}
	s := &Server{core: c, records: records.New(c), suiteql: suiteqlapi.New(c), restlets: restlets.New(c), soap: soap.New(c),
		faults: opts.Faults}

	mux := http.NewServeMux()
	mux.HandleFunc("/rest/datacenterurls", s.serveDataCenterURLs)
	mux.HandleFunc("/services/", s.serveServices)
	mux.HandleFunc(core.OAuth2AuthorizePath, s.core.ServeOAuth2Authorize)
	mux.HandleFunc("/wsdl/", soap.ServeSchema) // NetSuite's WSDL and XSDs
	mux.HandleFunc("/xsd/", soap.ServeSchema)
	mux.Handle("/app/site/hosting/restlet.nl", s.restlets)
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

// Close releases what the Server keeps between requests (the results of
// asynchronous record requests). It does not close the store. The Server
// must not serve requests afterwards.
func (s *Server) Close() error {
	s.records.Close()
	return nil
}

// Store returns the account store.
func (s *Server) Store() *store.Store { return s.core.Store }

// Governor returns the concurrency governor (peak counts, limits).
func (s *Server) Governor() *governor.Governor { return s.core.Gov }

// Faults returns the fault injector (its counts of the faults injected), or
// nil when none was configured.
func (s *Server) Faults() *faults.Injector { return s.faults }

// AccountID returns the account id (realm form).
func (s *Server) AccountID() string { return s.core.AccountID() }

// serveServices dispatches /services/...: SOAP endpoints and REST web services.
func (s *Server) serveServices(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_"):
		s.soap.ServeHTTP(w, r)
	case r.URL.Path == core.OAuth2TokenPath:
		s.core.ServeOAuth2Token(w, r)
	case r.URL.Path == core.OAuth2RevokePath:
		s.core.ServeOAuth2Revoke(w, r)
	case strings.HasPrefix(r.URL.Path, core.OAuth2ClientsPath):
		s.core.ServeM2MCertificates(w, r) // the certificate rotation endpoint
	case strings.HasPrefix(r.URL.Path, "/services/rest/"):
		s.serveREST(w, r)
	default:
		wire.RecordNotFound().Write(w)
	}
}

// onFault writes an injected 5xx, or bad login (the very answers of a
// refused login), in the shape of the surface asked.
func (s *Server) onFault(w http.ResponseWriter, r *http.Request, kind faults.Kind) {
	if kind == faults.BadLogin {
		switch {
		case strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_"):
			sw := wire.SOAPWriter{Version: soap.Version(r.URL.Path)}
			sw.RespondFault(w, wire.InvalidLoginFault())
		case strings.HasPrefix(r.URL.Path, "/app/site/hosting/restlet.nl"):
			wire.RESTletInvalidLogin().Write(w)
		default:
			wire.InvalidLogin(s.core.AccountID()).Write(w)
		}
		return
	}
	id := wire.NewErrorID(nil)
	switch {
	case strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_"):
		sw := wire.SOAPWriter{Version: soap.Version(r.URL.Path)}
		sw.RespondFault(w, wire.UnexpectedErrorFault(id))
	case strings.HasPrefix(r.URL.Path, "/app/site/hosting/restlet.nl"):
		wire.NewRESTletError(http.StatusInternalServerError, "UNEXPECTED_ERROR", "An unexpected error has occurred. Error ID: "+id).Write(w)
	default:
		wire.UnexpectedError(id).Write(w)
	}
}
