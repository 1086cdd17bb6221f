// Package soak runs a long mixed workload against the emulator with faults
// injected, and checks the outcome against the emulator's database rather
// than against the client's own account of what it did (issue 10, item 8).
//
// One netsuite.Client, built as any caller builds it (the default
// RetryPolicy and a limit.Local sized to the account's concurrency limit),
// is shared by Workers goroutines that run Ops operations in all: creates
// with external ids, upserts, updates, deletes, gets, SuiteQL pages and
// RESTlet calls (the emulator's built-in lookup RESTlet, script 2). Every
// worker owns its own external ids, so the order of the writes to one
// record is known, and keeps a ledger of what the database must hold for
// them. Reads are checked against that ledger as they happen; at the end
// the emulator's customer table is counted per external id: no row where
// one was intended is a lost write, more than one a duplicated write, a
// value other than the last written a lost update.
//
// Meanwhile, "another integration" takes the account's free concurrency
// slots directly from the emulator's governor in short bursts, so the
// client's requests are refused over the limit (REST 429, RESTlet
// SSS_REQUEST_LIMIT_EXCEEDED, or 401 "Invalid login attempt." with the
// limit-badlogin fault), as they are when another integration shares the
// account's pool (Help Center subsect_1559222360).
package soak

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/limit"
	"github.com/go-netsuite/netsuite/record"
	"github.com/go-netsuite/netsuite/restlet"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/soap"
	"github.com/go-netsuite/netsuite/suiteql"
)

// Kind is one kind of operation of the workload.
type Kind string

// The operations.
const (
	Create  Kind = "create"   // record.Create with an externalId
	Upsert  Kind = "upsert"   // record.Upsert by external id
	Update  Kind = "update"   // record.Update (PATCH) by internal id
	Delete  Kind = "delete"   // record.Delete by internal id
	Get     Kind = "get"      // record.Get by internal id or eid:X
	SuiteQL Kind = "suiteql"  // one SuiteQL page of the worker's records
	RESTlet Kind = "restlet"  // the lookup RESTlet (script 2, deploy 1)
	SOAPGet Kind = "soap-get" // SOAP get of a customer by internal id
	// SharedUpsert is an upsert of one of a few external ids that every
	// worker writes at once: the last write's value is not known, but
	// there must be exactly one record, holding one of the values written.
	SharedUpsert Kind = "upsert-shared"
	// CreateNoEID is a create without an external id: when its outcome is
	// unknown the client says so and cannot settle it, so such creates are
	// reported apart (unknown outcomes), not as lost or duplicated writes.
	CreateNoEID Kind = "create-noeid"
)

// Kinds lists the operations in report order.
var Kinds = []Kind{Create, Upsert, Update, Delete, Get, SuiteQL, RESTlet, SOAPGet, SharedUpsert, CreateNoEID}

func (k Kind) write() bool {
	return k == Create || k == Upsert || k == Update || k == Delete || k == SharedUpsert
}

// Mix weighs the operations; a zero Mix is DefaultMix.
type Mix map[Kind]int

// DefaultMix is the workload's default: 60 % writes, 40 % reads, no
// creates without an external id.
var DefaultMix = Mix{Create: 20, Upsert: 12, SharedUpsert: 3, Update: 15, Delete: 10, Get: 12, SuiteQL: 10, RESTlet: 12, SOAPGet: 6}

// sharedKeys is the number of external ids every worker upserts.
const sharedKeys = 5

// sharedKey is an external id every worker writes, and the values written.
type sharedKey struct {
	eid     string
	mu      sync.Mutex
	written map[string]bool // companyNames sent (whether or not the write answered)
	ok      bool            // an upsert succeeded: the record must exist
}

// DefaultFaults is the soak's fault mix (sim/faults rates): 10 % of the
// requests get an injected fault — 500 or 503, the connection dropped
// before the request runs or after it ran (its answer lost), a slow
// answer, an "Invalid login attempt." — and 30 % of the refusals over the
// concurrency limit come as "Invalid login attempt." instead of 429.
const DefaultFaults = "5xx=0.03,drop=0.02,drop-after=0.03,slow=0.02:uniform:50ms-300ms,limit-badlogin=0.3"

// ParseMix parses "create=20,get=10,…": the weights of the operations
// named (the others weigh 0).
func ParseMix(s string) (Mix, error) {
	m := Mix{}
	for _, item := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(item), "=")
		n, err := strconv.Atoi(strings.TrimSpace(val))
		k := Kind(strings.TrimSpace(name))
		switch {
		case !ok:
			return nil, fmt.Errorf("soak: mix %q: %q is not operation=weight", s, item)
		case !slices.Contains(Kinds, k):
			return nil, fmt.Errorf("soak: mix %q: unknown operation %q (want one of %v)", s, name, Kinds)
		case err != nil || n < 0:
			return nil, fmt.Errorf("soak: mix %q: weight %q of %s is not a whole number ≥ 0", s, val, k)
		}
		m[k] = n
	}
	return m, nil
}

// Options configure Run.
type Options struct {
	// Ops is the number of operations (default 10,000).
	Ops int
	// Workers is the number of goroutines sharing the client (default 16).
	Workers int
	// Keys is the number of external ids each worker owns (default 20).
	Keys int
	// Seed makes the sequence of operations of each worker reproducible.
	Seed uint64
	// Mix weighs the operations (default DefaultMix).
	Mix Mix
	// Contention is the fraction of the time another integration holds
	// every free slot of the account's pool, in bursts of 2 to 20 ms
	// (default 0.1; negative for none).
	Contention float64
	// Prefix starts every external id of the run (default "SOAK<seed>").
	Prefix string
	// Subsidiary is the internal id of the customers' subsidiary (default "1").
	Subsidiary string
	// Progress, if set, is called about once a second with the operations done.
	Progress func(done int)
}

func (o *Options) defaults() error {
	if o.Ops == 0 {
		o.Ops = 10_000
	}
	if o.Workers == 0 {
		o.Workers = 16
	}
	if o.Keys == 0 {
		o.Keys = 20
	}
	if o.Mix == nil {
		o.Mix = DefaultMix
	}
	if o.Contention == 0 {
		o.Contention = 0.1
	}
	if o.Prefix == "" {
		o.Prefix = fmt.Sprintf("SOAK%d", o.Seed)
	}
	if o.Subsidiary == "" {
		o.Subsidiary = "1"
	}
	switch {
	case o.Ops < 0:
		return fmt.Errorf("soak: %d operations: want at least 1", o.Ops)
	case o.Workers < 1:
		return fmt.Errorf("soak: %d workers: want at least 1", o.Workers)
	case o.Keys < 1 || o.Keys > 999:
		return fmt.Errorf("soak: %d keys per worker: want 1 to 999", o.Keys)
	case o.Contention >= 1:
		return fmt.Errorf("soak: contention %v: want a fraction of the time below 1 (negative for none)", o.Contention)
	case strings.ContainsAny(o.Prefix, "%_'\\"):
		return fmt.Errorf("soak: prefix %q: no %%, _, ' or \\ (it is matched with LIKE)", o.Prefix)
	}
	total := 0
	for k, w := range o.Mix {
		if !slices.Contains(Kinds, k) {
			return fmt.Errorf("soak: unknown operation %q in the mix", k)
		}
		if w < 0 {
			return fmt.Errorf("soak: operation %s has a negative weight %d", k, w)
		}
		total += w
	}
	if total == 0 {
		return errors.New("soak: the mix has no operation with a positive weight")
	}
	return nil
}

// key is one external id of a worker and what the database must hold for it.
type key struct {
	eid     string
	present bool   // a customer with this external id must exist
	id      string // its internal id, when present
	name    string // its companyName, when present
	written bool   // any write reached it
	// uncertain: a write to it failed with an error, so its state is not
	// known; only duplicates are checked for it.
	uncertain bool
}

// trace follows one operation's attempts on the wire.
type trace struct {
	attempts int
	broken   int // attempts that got no answer (connection closed, reset)
	statuses []int
}

// String lists the answers' statuses, "-" for none.
func (t *trace) String() string {
	var b strings.Builder
	for i, s := range t.statuses {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(s))
	}
	if t.broken > 0 {
		fmt.Fprintf(&b, " and %d without an answer", t.broken)
	}
	return b.String()
}

type traceKey struct{}

// wire counts what the client saw on the wire, attempt by attempt.
type wire struct {
	attempts, broken, s429, s401, s5xx, other4xx, soapFaults atomic.Int64
}

func (w *wire) middleware(next http.RoundTripper) http.RoundTripper {
	return netsuite.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		w.attempts.Add(1)
		tr, _ := r.Context().Value(traceKey{}).(*trace)
		if tr != nil {
			tr.attempts++
		}
		if err != nil {
			w.broken.Add(1)
			if tr != nil {
				tr.broken++
			}
			return resp, err
		}
		if resp.StatusCode == http.StatusInternalServerError && strings.HasPrefix(r.URL.Path, "/services/NetSuitePort_") {
			w.soapFaults.Add(1) // SOAP answers every fault with HTTP 500
		}
		switch s := resp.StatusCode; {
		case s == http.StatusTooManyRequests:
			w.s429.Add(1)
		case s == http.StatusUnauthorized:
			w.s401.Add(1)
		case s >= 500:
			w.s5xx.Add(1)
		case s >= 400:
			w.other4xx.Add(1)
		}
		if tr != nil {
			tr.statuses = append(tr.statuses, resp.StatusCode)
		}
		return resp, err
	})
}

// run is one soak run's shared state.
type run struct {
	o      Options
	c      *netsuite.Client
	rec    *record.Service
	soap   *soap.Service
	ql     *suiteql.Service
	rl     *restlet.Service
	report *Report

	start   time.Time
	shared  []*sharedKey
	mu      sync.Mutex
	lat     map[Kind][]time.Duration
	samples []string // first errors, for the report
}

// NewClient returns the client a soak run uses: built the normal way, with
// the default RetryPolicy and a limit.Local of capacity slots, plus
// middleware (the wire counter) and any extra options.
func newClient(creds auth.Credentials, baseURL string, capacity int, policy *netsuite.RetryPolicy, w *wire) (*netsuite.Client, error) {
	return netsuite.NewClient(netsuite.WithCredentials(creds), netsuite.WithBaseURL(baseURL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}),
		netsuite.WithRetryer(policy), netsuite.WithLimiter(limit.NewLocal(capacity)),
		netsuite.WithMiddleware(w.middleware))
}

// Run runs the workload against emu, which must have been started with
// token credentials (sim.Config.Provision) and a subsidiary (the demo
// data), and checks the result against emu's database.
func Run(ctx context.Context, emu *sim.Emulator, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if emu == nil || emu.Credentials.TokenID == "" {
		return nil, errors.New("soak: the emulator has no token credentials (start it with Provision)")
	}
	gov := emu.Governor()
	capacity := gov.Snapshot().Account.Limit
	policy := &netsuite.RetryPolicy{}
	w := &wire{}
	c, err := newClient(emu.Credentials, emu.URL, capacity, policy, w)
	if err != nil {
		return nil, err
	}
	r := &run{o: o, c: c, rec: record.New(c), soap: soap.New(c), ql: suiteql.New(c), rl: restlet.New(c), lat: map[Kind][]time.Duration{},
		report: &Report{Ops: o.Ops, Workers: o.Workers, Limit: capacity, Seed: o.Seed, Prefix: o.Prefix, Ran: map[Kind]int{}}}
	if inj := emu.Faults(); inj != nil {
		r.report.FaultRates = inj.Rates().String()
	}
	var before faultCounts
	if inj := emu.Faults(); inj != nil {
		before = faultCountsOf(inj.Counts())
	}
	gov.ResetPeak()

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var contended atomic.Int64
	var cwg sync.WaitGroup
	if o.Contention > 0 {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			contend(runCtx, gov.TryAcquire, capacity, o.Contention, o.Seed, &contended)
		}()
	}

	for i := range sharedKeys {
		r.shared = append(r.shared, &sharedKey{eid: fmt.Sprintf("%s-SHARED-K%03d", o.Prefix, i), written: map[string]bool{}})
	}
	var next, done atomic.Int64
	keys := make([][]*key, o.Workers)
	start := time.Now()
	r.start = start
	var wg sync.WaitGroup
	for wk := range o.Workers {
		keys[wk] = make([]*key, o.Keys)
		for k := range keys[wk] {
			keys[wk][k] = &key{eid: fmt.Sprintf("%s-W%03d-K%03d", o.Prefix, wk, k)}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(o.Seed, uint64(wk)+1))
			for next.Add(1) <= int64(o.Ops) && ctx.Err() == nil {
				r.step(ctx, rng, wk, keys[wk])
				done.Add(1)
			}
		}()
	}
	if o.Progress != nil {
		tick := time.NewTicker(time.Second)
		finished := make(chan struct{})
		go func() { wg.Wait(); close(finished) }()
	loop:
		for {
			select {
			case <-tick.C:
				o.Progress(int(done.Load()))
			case <-finished:
				break loop
			}
		}
		tick.Stop()
	}
	wg.Wait()
	r.report.Elapsed = time.Since(start)
	stop()
	cwg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("soak: interrupted after %d operations: %w", done.Load(), err)
	}

	rep := r.report
	rep.Contended = contended.Load()
	rep.Peak = gov.Snapshot().Account.Peak
	st := policy.Stats()
	rep.Client = ClientStats{Requests: st.Requests, Attempts: st.Attempts, Retries: st.Retries, Refusals: st.Refusals,
		Unknown: st.Unknown, Backoff: st.Backoff}
	rep.Wire = WireStats{Attempts: w.attempts.Load(), NoAnswer: w.broken.Load(), Status429: w.s429.Load(),
		Status401: w.s401.Load(), Status5xx: w.s5xx.Load(), Other4xx: w.other4xx.Load(), SOAPFaults: w.soapFaults.Load()}
	if inj := emu.Faults(); inj != nil {
		rep.Faults = faultCountsOf(inj.Counts()).minus(before)
	}
	for _, k := range Kinds {
		if d := r.lat[k]; len(d) > 0 {
			rep.Latency = append(rep.Latency, latencyOf(k, d))
		}
	}
	rep.Errors = r.samples
	var all []*key
	for _, ks := range keys {
		all = append(all, ks...)
	}
	if err := verify(ctx, emu.Store().DB(), o.Prefix, all, r.shared, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// contend plays another integration sharing the account's pool in bursts:
// for a few milliseconds at a time, a fraction frac of the time, it takes
// every slot it can (up to limit), so the client's requests that reach
// the emulator meanwhile are refused over the limit.
func contend(ctx context.Context, acquire func(string) (func(), error), limit int, frac float64, seed uint64, n *atomic.Int64) {
	rng := rand.New(rand.NewPCG(seed, 0xc0417e17))
	sleep := func(d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	for {
		hold := time.Duration(2+rng.IntN(18)) * time.Millisecond
		var held []func()
		for range limit {
			release, err := acquire("") // an integration without an allocation: the account's pool
			if err != nil {
				break
			}
			held = append(held, release)
		}
		n.Add(int64(len(held)))
		ok := sleep(hold)
		for _, release := range held {
			release()
		}
		if !ok || !sleep(time.Duration(float64(hold)*(1-frac)/frac)) {
			return
		}
	}
}

// pick draws an operation kind by weight.
func (r *run) pick(rng *rand.Rand) Kind {
	total := 0
	for _, k := range Kinds {
		total += r.o.Mix[k]
	}
	n := rng.IntN(total)
	for _, k := range Kinds {
		if n < r.o.Mix[k] {
			return k
		}
		n -= r.o.Mix[k]
	}
	return Get
}

// choose returns a random key of ks whose presence is want (and whose
// state is certain), or nil.
func choose(rng *rand.Rand, ks []*key, want bool) *key {
	off := rng.IntN(len(ks))
	for i := range ks {
		k := ks[(off+i)%len(ks)]
		if k.present == want && !k.uncertain {
			return k
		}
	}
	return nil
}

// step runs one operation of worker wk.
func (r *run) step(ctx context.Context, rng *rand.Rand, wk int, ks []*key) {
	kind := r.pick(rng)
	var k *key
	switch kind {
	case Create:
		if k = choose(rng, ks, false); k == nil {
			kind = Upsert // every key exists: upsert one instead
		}
	case Update, Delete, Get, RESTlet, SOAPGet:
		if k = choose(rng, ks, true); k == nil {
			kind = Create // none exists: create one instead
			if k = choose(rng, ks, false); k == nil {
				return // every key is uncertain
			}
		}
	}
	if kind == Upsert {
		if k = choose(rng, ks, rng.IntN(2) == 0); k == nil {
			if k = choose(rng, ks, true); k == nil {
				if k = choose(rng, ks, false); k == nil {
					return
				}
			}
		}
	}
	tr := &trace{}
	octx := context.WithValue(ctx, traceKey{}, tr)
	name := ""
	if k != nil {
		name = fmt.Sprintf("Soak %s %d", k.eid, rng.Uint32())
	}
	sub := map[string]any{"id": r.o.Subsidiary}
	begin := time.Now()
	var err error
	switch kind {
	case Create:
		var id string
		if id, err = r.rec.Create(octx, "customer", record.Record{"companyName": name, "externalId": k.eid, "subsidiary": sub}); err == nil {
			k.present, k.id, k.name = true, id, name
		}
	case Upsert:
		var id string
		if id, err = r.rec.Upsert(octx, "customer", k.eid, record.Record{"companyName": name, "subsidiary": sub}); err == nil {
			if id == "" && !k.present {
				// A create by upsert always answers with a Location; an
				// update does not. Without one for a new record, the id
				// is looked up when needed (by "eid:").
				k.id = ""
			} else if id != "" {
				k.id = id
			}
			k.present, k.name = true, name
		}
	case Update:
		if err = r.rec.Update(octx, "customer", k.ref(), record.Record{"companyName": name}); err == nil {
			k.name = name
		}
	case Delete:
		err = r.rec.Delete(octx, "customer", k.ref())
		if netsuite.IsNotFound(err) && tr.broken > 0 {
			// An earlier attempt ran and lost its answer; the retry found
			// the record already deleted. The database check confirms.
			r.bump(func(rep *Report) { rep.DeleteRetried404++ })
			err = nil
		}
		if err == nil {
			k.present, k.id, k.name = false, "", ""
		}
	case Get:
		var rec record.Record
		if rec, err = r.rec.Get(octx, "customer", k.ref(), &record.GetOptions{Fields: []string{"companyName", "externalId"}}); err == nil {
			if got, _ := rec.String("companyName"); got != k.name {
				err = fmt.Errorf("%w: get %s: companyName %q, the last write was %q", errWrongRead, k.eid, got, k.name)
			}
		}
	case RESTlet:
		err = r.restletRead(octx, k)
	case SOAPGet:
		var got string
		if err = r.needID(octx, k); err == nil {
			if got, err = r.soapGet(octx, k.id); err == nil && got != k.name {
				err = fmt.Errorf("%w: SOAP get of %s (id %s): companyName %q, the last write was %q", errWrongRead, k.eid, k.id, got, k.name)
			}
		}
	case SuiteQL:
		err = r.suiteqlPage(octx, rng, wk, ks)
	case SharedUpsert:
		sk := r.shared[rng.IntN(len(r.shared))]
		name = fmt.Sprintf("Soak %s %d", sk.eid, rng.Uint32())
		sk.mu.Lock()
		sk.written[name] = true
		sk.mu.Unlock()
		if _, err = r.rec.Upsert(octx, "customer", sk.eid, record.Record{"companyName": name, "subsidiary": sub}); err == nil {
			sk.mu.Lock()
			sk.ok = true
			sk.mu.Unlock()
		}
	case CreateNoEID:
		_, err = r.rec.Create(octx, "customer", record.Record{
			"companyName": fmt.Sprintf("Soak %s-W%03d no eid %d", r.o.Prefix, wk, rng.Uint32()), "subsidiary": sub})
	}
	elapsed := time.Since(begin)
	if k != nil && kind.write() {
		k.written = true
		if err != nil {
			k.uncertain = true
		}
	}
	r.record(kind, elapsed, k, tr, err)
}

var errWrongRead = errors.New("soak: a read disagrees with the last write")

func (k *key) ref() string {
	if k.id != "" {
		return k.id
	}
	return "eid:" + k.eid
}

// needID looks up k's internal id by its external id when the ledger
// does not have it.
func (r *run) needID(ctx context.Context, k *key) error {
	if k.id != "" {
		return nil
	}
	rec, err := r.rec.Get(ctx, "customer", "eid:"+k.eid, &record.GetOptions{Fields: []string{"companyName"}})
	if err != nil {
		return err
	}
	k.id = rec.ID()
	return nil
}

func (r *run) restletRead(ctx context.Context, k *key) error {
	if err := r.needID(ctx, k); err != nil {
		return err
	}
	id := k.id
	resp, err := r.rl.Get(ctx, restlet.Deployment{Script: "2", Deploy: "1"}, map[string][]string{"type": {"customer"}, "id": {id}})
	if err != nil {
		return err
	}
	var row map[string]any
	if err := resp.JSON(&row); err != nil {
		return err
	}
	if got, _ := row["companyname"].(string); got != k.name {
		return fmt.Errorf("%w: RESTlet lookup of %s (id %s): companyname %q, the last write was %q", errWrongRead, k.eid, id, got, k.name)
	}
	return nil
}

// suiteqlPage reads one page of the worker's own customers, ordered by
// external id, and compares it with the ledger: no other worker writes
// them, so the page must be exactly what the ledger says (unless a failed
// write left a key uncertain).
func (r *run) suiteqlPage(ctx context.Context, rng *rand.Rand, wk int, ks []*key) error {
	const pageSize = 10
	pages := (len(ks) + pageSize - 1) / pageSize
	off := rng.IntN(pages) * pageSize
	q := fmt.Sprintf("SELECT externalid, companyname FROM customer WHERE externalid LIKE '%s-W%03d-%%' ORDER BY externalid", r.o.Prefix, wk)
	p, err := r.ql.Query(ctx, q, &suiteql.PageOptions{Limit: pageSize, Offset: off})
	if err != nil {
		return err
	}
	var want []string
	for _, k := range ks {
		if k.uncertain {
			return nil // the expected page is not known
		}
		if k.present {
			want = append(want, k.eid+"="+k.name)
		}
	}
	want = want[min(off, len(want)):]
	want = want[:min(pageSize, len(want))]
	var got []string
	for _, row := range p.Items {
		eid, _ := row.String("externalid")
		name, _ := row.String("companyname")
		got = append(got, eid+"="+name)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("%w: SuiteQL page at offset %d of worker %d: got %v, want %v", errWrongRead, off, wk, got, want)
	}
	return nil
}

func (r *run) bump(f func(*Report)) {
	r.mu.Lock()
	f(r.report)
	r.mu.Unlock()
}

// record files one operation's outcome.
func (r *run) record(kind Kind, d time.Duration, k *key, tr *trace, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.report
	rep.Ran[kind]++
	r.lat[kind] = append(r.lat[kind], d)
	if err == nil {
		return
	}
	var unknown *netsuite.UnknownOutcomeError
	switch {
	case kind == CreateNoEID && errors.As(err, &unknown):
		rep.UnknownOutcomes++ // reported to the caller: nothing to settle it by
		return
	case errors.Is(err, errWrongRead):
		rep.WrongReads++
	case kind.write() || kind == CreateNoEID:
		rep.FailedWrites++
	default:
		rep.FailedReads++
	}
	if len(r.samples) < 20 {
		what := string(kind)
		if k != nil {
			what += " " + k.eid
		}
		r.samples = append(r.samples, fmt.Sprintf("%s (attempts: %s; %s after the start): %v", what, tr, time.Since(r.start).Round(time.Millisecond), err))
	}
}

// latencyOf summarises one kind's durations.
func latencyOf(k Kind, d []time.Duration) Latency {
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	q := func(p float64) time.Duration { return s[min(len(s)-1, int(p*float64(len(s))))] }
	return Latency{Kind: k, N: len(s), P50: q(0.50), P99: q(0.99), Max: s[len(s)-1]}
}
