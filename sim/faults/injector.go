package faults

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Kind is the fault chosen for one request.
type Kind int

// The kinds of fault.
const (
	None     Kind = iota // serve normally (after the base latency)
	Error500             // answer 500 through the fault callback
	Error503             // answer 503 through the fault callback
	Drop                 // close the connection without a response
	Slow                 // serve normally after an extra delay
	BadLogin             // answer as a bad login through the fault callback
	// DropAfter serves the request (its effects happen: a create creates)
	// and then closes the connection without sending the answer, so the
	// client cannot tell whether it ran.
	DropAfter
)

var kindNames = [...]string{None: "none", Error500: "500", Error503: "503", Drop: "drop", Slow: "slow", BadLogin: "badlogin", DropAfter: "drop-after"}

// String returns the kind's name as used in the rates flag.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Status returns the HTTP status of a kind answered through the fault
// callback (500, 503, or 401 for a bad login as REST answers it) and 0 for
// the others.
func (k Kind) Status() int {
	switch k {
	case Error500:
		return http.StatusInternalServerError
	case Error503:
		return http.StatusServiceUnavailable
	case BadLogin:
		return http.StatusUnauthorized
	}
	return 0
}

// Decision is what the injector does to one request: wait Delay (base
// latency plus, for Slow, the extra delay), then apply Kind.
type Decision struct {
	Kind  Kind
	Delay time.Duration
}

// SleepFunc waits for d or until ctx is done, returning ctx.Err() in the
// latter case. Tests inject one that records d and returns at once.
type SleepFunc func(ctx context.Context, d time.Duration) error

// SleepContext is the default SleepFunc: a timer that a cancelled request
// context stops early.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Config configures an Injector.
type Config struct {
	// Seed makes the decisions reproducible.
	Seed uint64
	// Latency is added to every request; nil means none.
	Latency Latency
	// Rates are the fault probabilities.
	Rates Rates
	// Sleep replaces SleepContext, e.g. in tests.
	Sleep SleepFunc
}

// Counts are the injector's counters since it was created.
type Counts struct {
	Requests uint64 // decisions drawn
	Error500 uint64
	Error503 uint64
	Drops    uint64
	Slow     uint64
	BadLogin uint64
	// DropsAfter counts requests served and then dropped (DropAfter).
	DropsAfter uint64
	// LimitBadLogin counts requests over the concurrency limit answered as
	// a bad login ([OverLimitAsBadLogin]).
	LimitBadLogin uint64
	// Canceled counts requests whose context ended during the delay; they
	// were neither served nor faulted.
	Canceled uint64
	// Delay is the sum of all delays drawn.
	Delay time.Duration
}

// Injector decides, per request, which latency and fault to inject. It is
// safe for concurrent use.
type Injector struct {
	latency Latency
	rates   Rates
	sleep   SleepFunc

	mu  sync.Mutex
	rng *rand.Rand

	requests, e500, e503, drops, slow, badLogin, limitBadLogin, canceled atomic.Uint64
	delay                                                                atomic.Int64
	dropsAfter                                                           atomic.Uint64
}

// New returns an Injector for cfg.
func New(cfg Config) (*Injector, error) {
	if err := cfg.Rates.Validate(); err != nil {
		return nil, err
	}
	sleep := cfg.Sleep
	if sleep == nil {
		sleep = SleepContext
	}
	return &Injector{
		latency: cfg.Latency,
		rates:   cfg.Rates,
		sleep:   sleep,
		rng:     rand.New(rand.NewPCG(cfg.Seed, 0x6e657473756974)), // "netsuit"
	}, nil
}

// Draw returns the next decision and counts it. The draws happen in a fixed
// order under the lock (fault, base latency, slow delay), so a seed fixes the
// whole sequence.
func (in *Injector) Draw() Decision {
	in.mu.Lock()
	u := in.rng.Float64()
	var d Decision
	r := in.rates
	switch {
	case u < r.Error500:
		d.Kind = Error500
	case u < r.Error500+r.Error503:
		d.Kind = Error503
	case u < r.Error500+r.Error503+r.Drop:
		d.Kind = Drop
	case u < r.Error500+r.Error503+r.Drop+r.Slow:
		d.Kind = Slow
	case u < r.Error500+r.Error503+r.Drop+r.Slow+r.BadLogin:
		d.Kind = BadLogin
	case u < r.Error500+r.Error503+r.Drop+r.Slow+r.BadLogin+r.DropAfter: // last, so that seeds without it draw as before
		d.Kind = DropAfter
	}
	if in.latency != nil {
		d.Delay = in.latency.Sample(in.rng)
	}
	if d.Kind == Slow {
		d.Delay = min(d.Delay+r.SlowDelay.Sample(in.rng), 2*MaxLatency)
	}
	in.mu.Unlock()

	in.requests.Add(1)
	in.delay.Add(int64(d.Delay))
	switch d.Kind {
	case Error500:
		in.e500.Add(1)
	case Error503:
		in.e503.Add(1)
	case Drop:
		in.drops.Add(1)
	case Slow:
		in.slow.Add(1)
	case BadLogin:
		in.badLogin.Add(1)
	case DropAfter:
		in.dropsAfter.Add(1)
	}
	return d
}

// OverLimitAsBadLogin reports, for a request the concurrency governor
// refused, whether to answer it as a bad login instead of the limit error:
// true for a fraction Rates.LimitBadLogin of such requests, drawn from the
// seeded source of the [Injector] the request passed (see [Injector.Wrap]).
// False when the request passed none.
func OverLimitAsBadLogin(ctx context.Context) bool {
	in, ok := ctx.Value(injectorKey{}).(*Injector)
	if !ok || in.rates.LimitBadLogin <= 0 {
		return false
	}
	in.mu.Lock()
	hit := in.rng.Float64() < in.rates.LimitBadLogin
	in.mu.Unlock()
	if hit {
		in.limitBadLogin.Add(1)
	}
	return hit
}

type injectorKey struct{}

// Rates returns the fault rates the injector draws from.
func (in *Injector) Rates() Rates { return in.rates }

// Counts returns the counters.
func (in *Injector) Counts() Counts {
	return Counts{
		Requests: in.requests.Load(),
		Error500: in.e500.Load(),
		Error503: in.e503.Load(),
		Drops:    in.drops.Load(),
		Slow:     in.slow.Load(),
		BadLogin: in.badLogin.Load(),
		Canceled: in.canceled.Load(),
		Delay:    time.Duration(in.delay.Load()),

		LimitBadLogin: in.limitBadLogin.Load(),
		DropsAfter:    in.dropsAfter.Load(),
	}
}

// FaultFunc writes the response for a 5xx or bad-login fault; kind is
// Error500, Error503 or BadLogin and kind.Status() the status a REST answer
// has. It lets the SOAP handler answer with a fault envelope and the REST
// handler with its JSON error.
type FaultFunc func(w http.ResponseWriter, r *http.Request, kind Kind)

// Wrap returns a handler that draws a decision for each request and then
// serves next, calls onFault for a 500 or 503, or drops the connection
// (before serving it, or — DropAfter — after serving it into a buffer that is
// then thrown away). A nil onFault writes a plain-text error with the status.
//
// The drawn delay is the response time, as a client of NetSuite sees it:
// next runs at once into a buffer, and the response is sent when the delay
// has passed since the request arrived (at once if next took longer). So the
// emulator's own processing counts toward the latency instead of adding to
// it, as NetSuite's does. Faults wait their delay first. A request whose
// context ends while waiting gets no response.
//
// A connection is dropped by hijacking and closing it, so the client sees
// the connection end with no response. Where hijacking is not supported
// (HTTP/2), the handler panics with http.ErrAbortHandler, which makes the
// server abort the response.
func (in *Injector) Wrap(next http.Handler, onFault FaultFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		d := in.Draw()
		r = r.WithContext(context.WithValue(r.Context(), injectorKey{}, in)) // for OverLimitAsBadLogin
		if d.Kind == DropAfter {
			// The request runs to the end (a create commits its record),
			// its concurrency slot is given back, then the connection is
			// closed with no answer: the case of an answer lost on the way
			// back, which a client cannot tell from a request never run.
			buf := &bufferedResponse{header: http.Header{}}
			hold := &held{}
			next.ServeHTTP(buf, r.WithContext(context.WithValue(r.Context(), heldKey{}, hold)))
			err := in.sleep(r.Context(), d.Delay-time.Since(start))
			hold.release()
			if err != nil {
				in.canceled.Add(1)
				return
			}
			dropConnection(w)
			return
		}
		if d.Kind == None && d.Delay > 0 {
			buf := &bufferedResponse{header: http.Header{}}
			hold := &held{}
			next.ServeHTTP(buf, r.WithContext(context.WithValue(r.Context(), heldKey{}, hold)))
			err := in.sleep(r.Context(), d.Delay-time.Since(start))
			hold.release() // before the response leaves, so a client's next request finds the slot free
			if err != nil {
				in.canceled.Add(1)
				return
			}
			buf.copyTo(w)
			return
		}
		if d.Delay > 0 {
			if err := in.sleep(r.Context(), d.Delay); err != nil {
				in.canceled.Add(1)
				return
			}
		}
		switch d.Kind {
		case Error500, Error503, BadLogin:
			if onFault != nil {
				onFault(w, r, d.Kind)
				return
			}
			http.Error(w, http.StatusText(d.Kind.Status()), d.Kind.Status())
		case Drop:
			dropConnection(w)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// held collects what a delayed request keeps until its response time has
// passed (see [HoldUntilSent]).
type held struct {
	mu  sync.Mutex
	fns []func()
}

type heldKey struct{}

func (h *held) release() {
	h.mu.Lock()
	fns := h.fns
	h.fns = nil
	h.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// HoldUntilSent arranges for release to run when the response to the
// request of ctx is sent after its injected latency, and reports true; it
// reports false, leaving release to the caller, when the request is not
// delayed by an [Injector]. The emulator holds a request's concurrency slot
// this way for its whole response time, as NetSuite counts a request
// against the limit until it is answered.
func HoldUntilSent(ctx context.Context, release func()) bool {
	h, ok := ctx.Value(heldKey{}).(*held)
	if !ok {
		return false
	}
	h.mu.Lock()
	h.fns = append(h.fns, release)
	h.mu.Unlock()
	return true
}

// bufferedResponse holds a response until its latency has passed.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) copyTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	w.Write(b.body.Bytes())
}

func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
