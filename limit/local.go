// Package limit holds the concurrency limiters of the request pipeline
// (netsuite.Limiter): a process-wide pool per account (Local) and, in
// package limit/redislimit, a pool shared by processes on several hosts.
//
// NetSuite gives each account one pool of concurrent requests (5 on a
// Standard account, +10 per SuiteCloud Plus licence) shared by SOAP, REST,
// RESTlets and every integration (Help Center subsect_1559222360,
// "Concurrency Governance and Session Management", and section_1525253248,
// its sample scenario); a request over it is refused (REST 429
// CONCURRENCY_LIMIT_EXCEEDED, SOAP ExceededConcurrentRequestLimitFault /
// WS_REQUEST_BLOCKED, RESTlet SSS_REQUEST_LIMIT_EXCEEDED). A limiter makes
// the callers of one process wait their turn instead. The account's limit
// can be read with REST governanceLimits (Help Center article_0625010817).
package limit

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-netsuite/netsuite"
)

// Local is a FIFO-fair counting semaphore of concurrency slots, safe for
// concurrent use: callers get slots in the order they asked, a caller whose
// context ends stops waiting, and the slot count can change while requests
// run. With Adaptive, it shrinks by one slot on every concurrency refusal
// (another integration is using the account's pool) and grows back by one
// after a run of answers without one.
//
// Local implements netsuite.Limiter and netsuite.Observer.
type Local struct {
	mu       sync.Mutex
	capacity int // configured slots
	limit    int // slots handed out now (≤ capacity; < with Adaptive after refusals)
	inUse    int
	waiters  list.List // of *waiter, oldest first
	adaptive bool
	okRun    int       // answers without a refusal since the last change
	lastCut  time.Time // when the limit last shrank
	now      func() time.Time

	acquired, refusals, cuts atomic.Int64
	waitedNanos              atomic.Int64
	peak                     atomic.Int64
}

type waiter struct {
	ready chan struct{} // closed when the slot is granted
}

// Option configures a Local.
type Option func(*Local)

// Adaptive makes the limiter shrink on concurrency refusals and grow back
// (additive increase, one slot per `limit` answers without a refusal;
// decrease by one slot at most once a second, so a burst of refusals from
// requests already in flight counts once).
func Adaptive() Option { return func(l *Local) { l.adaptive = true } }

// NewLocal returns a limiter with capacity slots (at least 1).
func NewLocal(capacity int, opts ...Option) *Local {
	if capacity < 1 {
		capacity = 1
	}
	l := &Local{capacity: capacity, limit: capacity, now: time.Now}
	for _, o := range opts {
		o(l)
	}
	return l
}

var errNilLimiter = errors.New("limit: nil limiter")

// Acquire waits for a slot, in FIFO order, or until ctx ends.
func (l *Local) Acquire(ctx context.Context, _ *netsuite.Request) (func(), error) {
	if l == nil {
		return nil, errNilLimiter
	}
	start := time.Now()
	l.mu.Lock()
	if l.inUse < l.limit && l.waiters.Len() == 0 {
		l.grant()
		l.mu.Unlock()
		return l.releaseFunc(), nil
	}
	w := &waiter{ready: make(chan struct{})}
	elem := l.waiters.PushBack(w)
	l.mu.Unlock()

	select {
	case <-w.ready:
		l.waitedNanos.Add(int64(time.Since(start)))
		return l.releaseFunc(), nil
	case <-ctx.Done():
		l.mu.Lock()
		select {
		case <-w.ready:
			// Granted while the context ended: give the slot back.
			l.mu.Unlock()
			l.release()
		default:
			l.waiters.Remove(elem)
			// A waiter behind this one may now fit (the queue head moved).
			l.wake()
			l.mu.Unlock()
		}
		l.waitedNanos.Add(int64(time.Since(start)))
		return nil, fmt.Errorf("limit: waiting for a concurrency slot: %w", ctx.Err())
	}
}

// grant takes a slot; l.mu is held.
func (l *Local) grant() {
	l.inUse++
	l.acquired.Add(1)
	for {
		p := l.peak.Load()
		if int64(l.inUse) <= p || l.peak.CompareAndSwap(p, int64(l.inUse)) {
			break
		}
	}
}

func (l *Local) releaseFunc() func() {
	var once sync.Once
	return func() { once.Do(l.release) }
}

func (l *Local) release() {
	l.mu.Lock()
	l.inUse--
	l.wake()
	l.mu.Unlock()
}

// wake grants slots to waiters in order while there is room; l.mu is held.
func (l *Local) wake() {
	for l.inUse < l.limit {
		front := l.waiters.Front()
		if front == nil {
			return
		}
		l.waiters.Remove(front)
		l.grant()
		close(front.Value.(*waiter).ready)
	}
}

// Observe is told the outcome of every attempt (netsuite.Observer). With
// Adaptive, a concurrency refusal shrinks the limit and a run of other
// answers grows it back.
func (l *Local) Observe(_ *netsuite.Request, err error) {
	refused := err != nil && netsuite.IsConcurrencyLimit(err)
	if refused {
		l.refusals.Add(1)
	}
	if !l.adaptive {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case refused:
		l.okRun = 0
		if now := l.now(); l.limit > 1 && now.Sub(l.lastCut) >= time.Second {
			l.limit--
			l.lastCut = now
			l.cuts.Add(1)
		}
	default:
		if l.limit >= l.capacity {
			return
		}
		l.okRun++
		if l.okRun >= l.limit {
			l.okRun = 0
			l.limit++
			l.wake()
		}
	}
}

// SetCapacity changes the number of slots (for instance to the account's
// limit read from governanceLimits). Requests in flight keep their slots.
func (l *Local) SetCapacity(n int) {
	if n < 1 {
		n = 1
	}
	l.mu.Lock()
	l.capacity, l.limit = n, n
	l.okRun = 0
	l.wake()
	l.mu.Unlock()
}

// Stats are a limiter's counters since it was made.
type Stats struct {
	Capacity int // configured slots
	Limit    int // slots handed out now (Adaptive may hold it below Capacity)
	InUse    int // slots taken now
	Waiting  int // callers waiting now
	Peak     int // most slots taken at once
	Acquired int64
	// Refusals counts concurrency refusals seen; Cuts how often Adaptive
	// shrank the limit because of them.
	Refusals, Cuts int64
	Waited         time.Duration // total time callers waited for a slot
}

// Stats returns the limiter's counters.
func (l *Local) Stats() Stats {
	l.mu.Lock()
	s := Stats{Capacity: l.capacity, Limit: l.limit, InUse: l.inUse, Waiting: l.waiters.Len()}
	l.mu.Unlock()
	s.Peak = int(l.peak.Load())
	s.Acquired = l.acquired.Load()
	s.Refusals, s.Cuts = l.refusals.Load(), l.cuts.Load()
	s.Waited = time.Duration(l.waitedNanos.Load())
	return s
}

var (
	registryMu sync.Mutex
	registry   = map[string]*Local{}
)

// AccountKey is the name of an account's pool: its id in realm form
// ("1234567_SB1") for an id in any form NetSuite uses, else the id in
// upper case.
func AccountKey(account string) string {
	if a, err := netsuite.ParseAccount(account); err == nil {
		return a.ID()
	}
	return strings.ToUpper(account)
}

// ForAccount returns the process's one pool for the account (an id in any
// form: see AccountKey), made with capacity slots on first use:
// every client of the process for that account shares it, whatever the
// service (SOAP, REST, RESTlets). A later call with another capacity
// leaves the pool as it is; use SetCapacity to change it.
func ForAccount(account string, capacity int, opts ...Option) *Local {
	account = AccountKey(account)
	registryMu.Lock()
	defer registryMu.Unlock()
	if l, ok := registry[account]; ok {
		return l
	}
	l := NewLocal(capacity, opts...)
	registry[account] = l
	return l
}
