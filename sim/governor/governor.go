// Package governor enforces NetSuite's concurrency governance in the
// emulator.
//
// NetSuite counts concurrent requests against one account-wide limit shared
// by SOAP web services, REST web services and RESTlets (since 2017.2; ns-help
// section_1500275531, subsect_1559222360). An administrator may allocate part
// of that limit to individual integration records; an integration with an
// allocation is limited to it, and all integrations without one share the
// unallocated remainder, which is always at least 1 (ns-help
// bridgehead_156224824287, section_0827103226). A request over its limit is
// refused at once, not queued: REST answers 429, RESTlets 400
// SSS_REQUEST_LIMIT_EXCEEDED and SOAP an ExceededConcurrentRequestLimitFault
// (ns-help bridgehead_1525252812). See sim/wire for those responses.
//
// A [Governor] is safe for concurrent use and cheap: one short critical
// section under a mutex per acquire and per release.
package governor

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/go-netsuite/netsuite/vocab"
)

// Limits configures a Governor.
type Limits struct {
	// Account is the account-wide concurrency limit (see [ConcurrencyLimit]).
	Account int `json:"account"`
	// Integrations maps an integration key (e.g. a consumer key or
	// integration record ID) to its allocated limit. Integrations not listed
	// share the unallocated pool.
	Integrations map[string]int `json:"integrations"`
}

// Unallocated returns the limit of the pool shared by integrations without
// an allocation: Account minus the sum of allocations, at least 1.
func (l Limits) Unallocated() int {
	n := l.Account
	for _, v := range l.Integrations {
		n -= v
	}
	return max(n, 1)
}

// validate checks l as NetSuite's Integration Governance page would: a
// positive account limit, positive allocations, and at least 1 left
// unallocated.
func (l Limits) validate() error {
	if l.Account < 1 {
		return fmt.Errorf("governor: account limit %d must be at least 1", l.Account)
	}
	sum := 0
	for _, k := range slices.Sorted(maps.Keys(l.Integrations)) {
		v := l.Integrations[k]
		if v < 1 {
			return fmt.Errorf("governor: integration %q limit %d must be at least 1", k, v)
		}
		sum += v
	}
	if sum > l.Account-1 {
		return fmt.Errorf("governor: allocations total %d but account limit %d must keep at least 1 unallocated", sum, l.Account)
	}
	return nil
}

// Pool names which limit refused a request.
type Pool string

// The pools a request can be refused by.
const (
	// PoolAccount is the account-wide limit. It refuses requests only while
	// in-flight requests admitted under an earlier, larger configuration
	// still exceed a lowered account limit.
	PoolAccount Pool = "account"
	// PoolUnallocated is the remainder shared by integrations without an
	// allocation.
	PoolUnallocated Pool = "unallocated"
	// PoolIntegration is an integration's own allocation.
	PoolIntegration Pool = "integration"
)

// ErrLimitExceeded is matched by every [*LimitError] with errors.Is.
var ErrLimitExceeded = errors.New("governor: concurrency limit exceeded")

// LimitError reports a refused request and which limit refused it.
type LimitError struct {
	Pool        Pool
	Integration string // the requesting integration key
	Limit       int    // the limit of Pool
	InFlight    int    // requests in flight in Pool when refused
}

// Error implements error.
func (e *LimitError) Error() string {
	if e.Pool == PoolIntegration {
		return fmt.Sprintf("governor: integration %q limit %d reached (%d in flight)", e.Integration, e.Limit, e.InFlight)
	}
	return fmt.Sprintf("governor: %s limit %d reached (%d in flight; integration %q)", e.Pool, e.Limit, e.InFlight, e.Integration)
}

// Unwrap returns [ErrLimitExceeded].
func (e *LimitError) Unwrap() error { return ErrLimitExceeded }

// Governor admits or refuses requests under [Limits].
type Governor struct {
	mu           sync.Mutex
	limits       Limits // private copy
	unallocLimit int

	byKey    map[string]int // in-flight requests per integration key
	unalloc  int            // in flight in the unallocated pool
	total    int            // in flight overall
	peak     int            // overall peak since the last ResetPeak
	peakPool map[string]int // peak per allocated integration
	peakUn   int            // peak of the unallocated pool
	refused  int            // requests refused since the last ResetPeak
}

// New returns a Governor enforcing l. It fails if l is not a configuration
// NetSuite accepts (see [Limits]).
func New(l Limits) (*Governor, error) {
	g := &Governor{byKey: map[string]int{}, peakPool: map[string]int{}}
	if err := g.SetLimits(l); err != nil {
		return nil, err
	}
	return g, nil
}

// SetLimits reconfigures g at once. Requests in flight stay counted and are
// moved to the pool their integration belongs to under l; if a pool is now
// over its new limit, new requests to it are refused until enough finish.
func (g *Governor) SetLimits(l Limits) error {
	if err := l.validate(); err != nil {
		return err
	}
	cp := Limits{Account: l.Account, Integrations: maps.Clone(l.Integrations)}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limits = cp
	g.unallocLimit = cp.Unallocated()
	g.unalloc = 0
	for k, n := range g.byKey {
		if _, ok := cp.Integrations[k]; ok {
			g.peakPool[k] = max(g.peakPool[k], n)
		} else {
			g.unalloc += n
		}
	}
	g.peakUn = max(g.peakUn, g.unalloc)
	return nil
}

// TryAcquire admits one request of integration key, or refuses it with a
// [*LimitError] without waiting. The empty key is an integration without an
// allocation. The returned release must be called when the request ends;
// calling it again does nothing.
func (g *Governor) TryAcquire(key string) (release func(), err error) {
	g.mu.Lock()
	alloc, allocated := g.limits.Integrations[key]
	switch {
	case allocated && g.byKey[key] >= alloc:
		err = &LimitError{Pool: PoolIntegration, Integration: key, Limit: alloc, InFlight: g.byKey[key]}
	case !allocated && g.unalloc >= g.unallocLimit:
		err = &LimitError{Pool: PoolUnallocated, Integration: key, Limit: g.unallocLimit, InFlight: g.unalloc}
	case g.total >= g.limits.Account:
		err = &LimitError{Pool: PoolAccount, Integration: key, Limit: g.limits.Account, InFlight: g.total}
	}
	if err != nil {
		g.refused++
		g.mu.Unlock()
		return nil, err
	}
	g.byKey[key]++
	g.total++
	g.peak = max(g.peak, g.total)
	if allocated {
		g.peakPool[key] = max(g.peakPool[key], g.byKey[key])
	} else {
		g.unalloc++
		g.peakUn = max(g.peakUn, g.unalloc)
	}
	g.mu.Unlock()

	var done atomic.Bool
	return func() {
		if done.Swap(true) {
			return
		}
		g.release(key)
	}, nil
}

func (g *Governor) release(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.byKey[key]--; g.byKey[key] <= 0 {
		delete(g.byKey, key)
	}
	g.total--
	if _, ok := g.limits.Integrations[key]; !ok {
		g.unalloc--
	}
}

// PoolStats describes one pool.
type PoolStats struct {
	Limit    int `json:"limit"`
	InFlight int `json:"inFlight"`
	Peak     int `json:"peak"` // highest InFlight since the last ResetPeak
	// Refused counts requests refused for a limit since the last
	// ResetPeak (the account pool counts every refusal, whichever pool's
	// limit refused it; other pools leave it zero).
	Refused int `json:"refused"`
}

// Snapshot is a consistent view of a Governor.
type Snapshot struct {
	Limits       Limits               `json:"limits"`       // the configuration (a copy)
	Account      PoolStats            `json:"account"`      // all requests against the account limit
	Unallocated  PoolStats            `json:"unallocated"`  // integrations without an allocation
	Integrations map[string]PoolStats `json:"integrations"` // integrations with an allocation
	// InFlightByKey counts requests in flight per integration key, for
	// allocated and unallocated integrations alike.
	InFlightByKey map[string]int `json:"inFlightByKey"`
}

// Snapshot returns the current limits, in-flight counts and peaks.
func (g *Governor) Snapshot() Snapshot {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := Snapshot{
		Limits:        Limits{Account: g.limits.Account, Integrations: maps.Clone(g.limits.Integrations)},
		Account:       PoolStats{Limit: g.limits.Account, InFlight: g.total, Peak: g.peak, Refused: g.refused},
		Unallocated:   PoolStats{Limit: g.unallocLimit, InFlight: g.unalloc, Peak: g.peakUn},
		Integrations:  make(map[string]PoolStats, len(g.limits.Integrations)),
		InFlightByKey: maps.Clone(g.byKey),
	}
	for k, lim := range g.limits.Integrations {
		s.Integrations[k] = PoolStats{Limit: lim, InFlight: g.byKey[k], Peak: g.peakPool[k]}
	}
	return s
}

// ResetPeak restarts peak tracking: every peak becomes the current in-flight
// count of its pool, and the refusal count starts again from zero.
func (g *Governor) ResetPeak() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refused = 0
	g.peak = g.total
	g.peakUn = g.unalloc
	clear(g.peakPool)
	for k := range g.limits.Integrations {
		if n := g.byKey[k]; n > 0 {
			g.peakPool[k] = n
		}
	}
}

// ConcurrencyLimit returns the account concurrency limit of a service tier
// ("Standard", "Premium", "Enterprise" or "Ultimate"; case and surrounding
// space are ignored) with suiteCloudPlus SuiteCloud Plus licences, each of
// which adds 10 (Help Center bridgehead_1500275603). Examples: Standard
// with 1 licence is 15, Premium with 5 is 65.
func ConcurrencyLimit(tier string, suiteCloudPlus int) (int, error) {
	t, err := vocab.ParseServiceTier(tier)
	if err != nil {
		return 0, fmt.Errorf("governor: %w", err)
	}
	if suiteCloudPlus < 0 {
		return 0, fmt.Errorf("governor: SuiteCloud Plus licence count %d is negative", suiteCloudPlus)
	}
	return t.ConcurrencyLimit(suiteCloudPlus), nil
}
