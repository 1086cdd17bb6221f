// Package core is what every surface of the emulator shares: the account
// store and its record catalog, the token login check (OAuth 1.0a headers
// and SOAP token passports, with the Login Audit Trail), the concurrency
// governor, and the per-server state behind them. Package sim builds one
// Core per Server and hands it to the surfaces (records, suiteqlapi,
// restlets, soap).
package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/governor"
	suiteql "github.com/go-netsuite/netsuite/sim/internal/suiteqlengine"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// Options configure a Core; see sim.Options.
type Options struct {
	Store          *store.Store
	Logger         *slog.Logger
	RoleCacheDelay time.Duration
	Now            func() time.Time
	Seed           uint64
}

// Core is one server's shared state. Everything a server keeps between
// requests lives in a Core or in the surface values built on it, never in
// package variables, so two servers in one process share nothing but what
// their stores share.
type Core struct {
	Store *store.Store
	Log   *slog.Logger
	Now   func() time.Time
	Gov   *governor.Governor
	NsIDs *wire.NsIDSource
	// Counts keeps SuiteQL result counts between pages; record writes
	// reset it.
	Counts *suiteql.CountCache

	roleCacheDelay time.Duration
	nonces         *nonceCache

	limitsMu sync.Mutex
	limits   governor.Limits

	acctMu sync.RWMutex
	acct   string

	cats catalogCache // record catalog incl. custom record types

	codes codeStore // OAuth 2.0 authorization codes (oauth2.go)
}

// New returns the Core of a server over opts.Store.
func New(opts Options) (*Core, error) {
	if opts.Store == nil {
		return nil, fmt.Errorf("sim: Options.Store is required")
	}
	s := &Core{Store: opts.Store, Log: opts.Logger, Now: opts.Now, roleCacheDelay: opts.RoleCacheDelay,
		nonces: newNonceCache(), Counts: suiteql.NewCountCache(time.Minute, 256)}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	s.NsIDs = wire.NewNsIDSource(opts.Seed, s.Now)
	ctx := context.Background()
	a, err := s.Store.Account(ctx)
	if err != nil {
		return nil, err
	}
	s.acct = a.ID
	if s.Gov, err = governor.New(governor.Limits{Account: a.ConcurrencyLimit()}); err != nil {
		return nil, err
	}
	if err := s.reloadLimits(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// AccountID returns the account id (realm form).
func (s *Core) AccountID() string {
	s.acctMu.RLock()
	defer s.acctMu.RUnlock()
	return s.acct
}

// Acquire takes a concurrency slot for the login's integration, keeping the
// governor's limits in step with the account (tier, licences, allocations
// may change while the emulator runs). Under injected latency the slot is
// held for the whole response time. Over the limit the error is
// governor.ErrLimitExceeded, or, for the fraction the fault injector's
// limit-badlogin rate picks, a *LoginFailure to be answered as a bad login.
func (s *Core) Acquire(ctx context.Context, l *Login) (func(), error) {
	key := strconv.FormatInt(l.V.Integration.ID, 10)
	s.limitsMu.Lock()
	stale := s.limits.Account != l.V.ConcurrencyLimit || s.limits.Integrations[key] != l.V.Integration.ConcurrencyLimit
	s.limitsMu.Unlock()
	if stale {
		if err := s.reloadLimits(ctx); err != nil {
			return nil, err
		}
	}
	release, err := s.Gov.TryAcquire(key)
	if errors.Is(err, governor.ErrLimitExceeded) && faults.OverLimitAsBadLogin(ctx) {
		// Injected (limit-badlogin): NetSuite is reported to answer some
		// requests over the limit as a bad login (see package faults). Not
		// written to the Login Audit Trail: whether NetSuite does is unknown.
		return nil, &LoginFailure{Detail: "over_concurrency_limit", Reason: "over the concurrency limit, answered as a bad login (injected fault)"}
	}
	if err == nil && faults.HoldUntilSent(ctx, release) {
		// Injected latency: the slot stays taken until the response is sent.
		return func() {}, nil
	}
	return release, err
}

func (s *Core) reloadLimits(ctx context.Context) error {
	g, err := s.Store.Governance(ctx)
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
	if err := s.Gov.SetLimits(l); err != nil {
		return err
	}
	s.limits = l
	return nil
}

// Itoa formats an id.
func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// InternalError logs err with a new error id and answers REST's
// UNEXPECTED_ERROR with that id.
func (s *Core) InternalError(w http.ResponseWriter, err error) {
	id := wire.NewErrorID(nil)
	s.Log.Error("internal error", "error_id", id, "err", err)
	wire.UnexpectedError(id).Write(w)
}

// WriteJSON answers v as JSON.
func WriteJSON(w http.ResponseWriter, status int, contentType string, v any) {
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

// Catalogs are the record catalog and the SuiteQL tables of the account as
// of one generation of its custom record types.
type Catalogs struct {
	gen     uint64
	Records *catalog.Catalog
	Tables  suiteql.Catalog
}

// catalogCache rebuilds the server's catalogs when custom record types
// change (sim/store counts the changes).
type catalogCache struct {
	mu  sync.Mutex // serialises rebuilds
	cur atomic.Pointer[Catalogs]
}

// Catalogs returns the account's current catalogs: the standard records
// of sim/catalog plus its custom record types.
func (s *Core) Catalogs() *Catalogs {
	gen := s.Store.CustomRecordGeneration()
	if c := s.cats.cur.Load(); c != nil && c.gen == gen {
		return c
	}
	s.cats.mu.Lock()
	defer s.cats.mu.Unlock()
	if c := s.cats.cur.Load(); c != nil && c.gen == gen {
		return c
	}
	types, err := s.Store.CustomRecordTypes(context.Background())
	if err != nil {
		s.Log.Error("reading custom record types; serving the standard records only", "err", err)
		types = nil
	}
	rec := catalog.WithCustomRecords(catalog.Default(), types)
	c := &Catalogs{gen: gen, Records: rec, Tables: suiteql.NewCatalog(suiteql.TablesFrom(rec)...)}
	if err == nil {
		s.cats.cur.Store(c)
	}
	return c
}

// Cat is the record catalog every REST record request uses.
func (s *Core) Cat() *catalog.Catalog { return s.Catalogs().Records }
