package governor

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustNew(t *testing.T, l Limits) *Governor {
	t.Helper()
	g, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLimitsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		l       Limits
		wantErr bool
		unalloc int
	}{
		{"account only", Limits{Account: 5}, false, 5},
		{"allocations leave remainder", Limits{Account: 15, Integrations: map[string]int{"a": 5, "b": 4}}, false, 6},
		{"allocations leave exactly one", Limits{Account: 10, Integrations: map[string]int{"a": 9}}, false, 1},
		{"allocations take everything", Limits{Account: 10, Integrations: map[string]int{"a": 10}}, true, 1},
		{"zero account", Limits{}, true, 1},
		{"negative account", Limits{Account: -3}, true, 1},
		{"zero allocation", Limits{Account: 10, Integrations: map[string]int{"a": 0}}, true, 10},
		{"negative allocation", Limits{Account: 10, Integrations: map[string]int{"a": -1}}, true, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tt.l)
			if (err != nil) != tt.wantErr {
				t.Errorf("New err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := tt.l.Unallocated(); got != tt.unalloc {
				t.Errorf("Unallocated() = %d, want %d", got, tt.unalloc)
			}
		})
	}
}

func TestTryAcquirePools(t *testing.T) {
	t.Parallel()
	g := mustNew(t, Limits{Account: 5, Integrations: map[string]int{"big": 2}})
	// Unallocated pool: 5 - 2 = 3, shared by every other key.
	var rel []func()
	for _, k := range []string{"x", "y", ""} {
		r, err := g.TryAcquire(k)
		if err != nil {
			t.Fatalf("TryAcquire(%q): %v", k, err)
		}
		rel = append(rel, r)
	}
	_, err := g.TryAcquire("z")
	var le *LimitError
	if !errors.As(err, &le) || le.Pool != PoolUnallocated || le.Limit != 3 || le.InFlight != 3 || le.Integration != "z" {
		t.Fatalf("4th unallocated request: %v", err)
	}
	if !errors.Is(err, ErrLimitExceeded) {
		t.Error("LimitError does not match ErrLimitExceeded")
	}
	// The allocated integration still has its own 2.
	r1, err := g.TryAcquire("big")
	if err != nil {
		t.Fatal(err)
	}
	r2, err := g.TryAcquire("big")
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.TryAcquire("big")
	if !errors.As(err, &le) || le.Pool != PoolIntegration || le.Limit != 2 || le.Integration != "big" {
		t.Fatalf("3rd big request: %v", err)
	}
	s := g.Snapshot()
	want := Snapshot{
		Limits:        Limits{Account: 5, Integrations: map[string]int{"big": 2}},
		Account:       PoolStats{Limit: 5, InFlight: 5, Peak: 5, Refused: 2},
		Unallocated:   PoolStats{Limit: 3, InFlight: 3, Peak: 3},
		Integrations:  map[string]PoolStats{"big": {Limit: 2, InFlight: 2, Peak: 2}},
		InFlightByKey: map[string]int{"x": 1, "y": 1, "": 1, "big": 2},
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("snapshot (-want +got):\n%s", diff)
	}
	// Releasing one unallocated slot admits another unallocated request only.
	rel[0]()
	if _, err := g.TryAcquire("big"); !errors.As(err, &le) || le.Pool != PoolIntegration {
		t.Errorf("big after unallocated release: %v", err)
	}
	r, err := g.TryAcquire("z")
	if err != nil {
		t.Fatalf("z after release: %v", err)
	}
	for _, f := range append(rel[1:], r, r1, r2) {
		f()
	}
	if s := g.Snapshot(); s.Account.InFlight != 0 || s.Unallocated.InFlight != 0 || len(s.InFlightByKey) != 0 {
		t.Errorf("not empty after all releases: %+v", s)
	}
}

func TestReleaseIdempotent(t *testing.T) {
	t.Parallel()
	g := mustNew(t, Limits{Account: 2})
	r, err := g.TryAcquire("a")
	if err != nil {
		t.Fatal(err)
	}
	keep, err := g.TryAcquire("b")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		r()
	}
	s := g.Snapshot()
	if s.Account.InFlight != 1 || s.Unallocated.InFlight != 1 || s.InFlightByKey["b"] != 1 {
		t.Fatalf("after repeated release: %+v", s)
	}
	keep()
	keep()
	if s := g.Snapshot(); s.Account.InFlight != 0 || s.Unallocated.InFlight != 0 {
		t.Fatalf("counts went wrong: %+v", s)
	}
	// The limit is intact: exactly two fit again.
	for i := range 2 {
		if _, err := g.TryAcquire(fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := g.TryAcquire("c"); err == nil {
		t.Fatal("third request admitted")
	}
}

func TestSetLimitsKeepsInFlight(t *testing.T) {
	t.Parallel()
	g := mustNew(t, Limits{Account: 10})
	var rel []func()
	for range 4 {
		r, err := g.TryAcquire("etl")
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, r)
	}
	r, err := g.TryAcquire("ui")
	if err != nil {
		t.Fatal(err)
	}
	rel = append(rel, r)

	// Give "etl" its own allocation of 3 while 4 of its requests run: they
	// move to its pool, which is now over its limit.
	if err := g.SetLimits(Limits{Account: 10, Integrations: map[string]int{"etl": 3}}); err != nil {
		t.Fatal(err)
	}
	s := g.Snapshot()
	if s.Integrations["etl"] != (PoolStats{Limit: 3, InFlight: 4, Peak: 4}) || s.Unallocated != (PoolStats{Limit: 7, InFlight: 1, Peak: 5}) {
		t.Fatalf("after reallocation: %+v", s)
	}
	var le *LimitError
	if _, err := g.TryAcquire("etl"); !errors.As(err, &le) || le.Pool != PoolIntegration || le.InFlight != 4 {
		t.Fatalf("etl over its new limit: %v", err)
	}
	rel[0]()
	rel[1]()
	if _, err := g.TryAcquire("etl"); err != nil {
		t.Fatalf("etl back under its limit: %v", err)
	}

	// Lower the account limit to what is in flight (etl 3 + ui 1 = 4) while
	// the shared pool still has room (4 - 1 = 3, 1 used): the account limit
	// refuses until requests finish.
	if err := g.SetLimits(Limits{Account: 4, Integrations: map[string]int{"etl": 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := g.TryAcquire("other"); !errors.As(err, &le) || le.Pool != PoolAccount || le.Limit != 4 || le.InFlight != 4 {
		t.Fatalf("over the lowered account limit: %v", err)
	}

	// Remove the allocation: etl's requests return to the shared pool.
	if err := g.SetLimits(Limits{Account: 10}); err != nil {
		t.Fatal(err)
	}
	if s := g.Snapshot(); s.Unallocated.InFlight != 4 || s.Account.InFlight != 4 || len(s.Integrations) != 0 {
		t.Fatalf("after removing the allocation: %+v", s)
	}
	if err := g.SetLimits(Limits{Account: 0}); err == nil {
		t.Fatal("invalid limits accepted")
	}
	if s := g.Snapshot(); s.Limits.Account != 10 {
		t.Fatal("invalid SetLimits changed the configuration")
	}
	g.ResetPeak()
	if s := g.Snapshot(); s.Account.Peak != 4 || s.Unallocated.Peak != 4 {
		t.Fatalf("peaks after reset: %+v", s)
	}
}

func TestConfigIsCopied(t *testing.T) {
	t.Parallel()
	m := map[string]int{"a": 1}
	g := mustNew(t, Limits{Account: 3, Integrations: m})
	m["a"] = 100
	m["b"] = 1
	if s := g.Snapshot(); s.Limits.Integrations["a"] != 1 || len(s.Limits.Integrations) != 1 {
		t.Fatalf("caller's map leaked in: %+v", s.Limits)
	}
	s := g.Snapshot()
	s.Limits.Integrations["a"] = 50
	s.InFlightByKey["zz"] = 9
	if s2 := g.Snapshot(); s2.Limits.Integrations["a"] != 1 || s2.InFlightByKey["zz"] != 0 {
		t.Fatal("snapshot aliases the governor's maps")
	}
}

func TestResetPeak(t *testing.T) {
	t.Parallel()
	g := mustNew(t, Limits{Account: 10, Integrations: map[string]int{"a": 4}})
	var rel []func()
	for _, k := range []string{"a", "a", "a", "u", "u"} {
		r, err := g.TryAcquire(k)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, r)
	}
	for _, r := range rel[1:4] { // release two of a and one u
		r()
	}
	s := g.Snapshot()
	if s.Account.Peak != 5 || s.Integrations["a"].Peak != 3 || s.Unallocated.Peak != 2 {
		t.Fatalf("peaks before reset: %+v", s)
	}
	g.ResetPeak()
	s = g.Snapshot()
	if s.Account.Peak != 2 || s.Integrations["a"].Peak != 1 || s.Unallocated.Peak != 1 {
		t.Fatalf("peaks after reset: %+v", s)
	}
	rel[0]()
	rel[4]()
	g.ResetPeak()
	if s := g.Snapshot(); s.Account.Peak != 0 || s.Integrations["a"].Peak != 0 || s.Unallocated.Peak != 0 {
		t.Fatalf("peaks after reset when idle: %+v", s)
	}
}

// TestRefusedCount: every refusal counts, whichever pool refused it, and
// ResetPeak starts the count again.
func TestRefusedCount(t *testing.T) {
	t.Parallel()
	g := mustNew(t, Limits{Account: 3, Integrations: map[string]int{"a": 1}})
	if _, err := g.TryAcquire("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := g.TryAcquire("a"); err == nil { // the integration's pool
		t.Fatal("a second request of a was admitted over its allocation of 1")
	}
	for range 2 {
		if _, err := g.TryAcquire("u"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := g.TryAcquire("u"); err == nil { // the unallocated pool
		t.Fatal("a third unallocated request was admitted")
	}
	if got := g.Snapshot().Account.Refused; got != 2 {
		t.Fatalf("Refused = %d, want 2", got)
	}
	g.ResetPeak()
	if got := g.Snapshot().Account.Refused; got != 0 {
		t.Fatalf("Refused after ResetPeak = %d, want 0", got)
	}
}

// TestHammer runs 200 goroutines against one governor. Each goroutine tracks
// what is really held at the same time, independently of the governor, and
// releases every slot twice. No pool may ever hold more than its limit, the
// governor's peaks must agree, and everything must be released at the end.
func TestHammer(t *testing.T) {
	t.Parallel()
	limits := Limits{Account: 20, Integrations: map[string]int{"etl": 6, "crm": 3}}
	g := mustNew(t, limits)
	keys := []string{"etl", "crm", "web", "mobile", ""}

	var (
		held     = map[string]*atomic.Int64{"etl": {}, "crm": {}, "unallocated": {}, "total": {}}
		maxHeld  = map[string]*atomic.Int64{"etl": {}, "crm": {}, "unallocated": {}, "total": {}}
		admitted atomic.Int64
		refused  atomic.Int64
	)
	pool := func(k string) string {
		if _, ok := limits.Integrations[k]; ok {
			return k
		}
		return "unallocated"
	}
	bump := func(name string, d int64) {
		n := held[name].Add(d)
		for {
			m := maxHeld[name].Load()
			if n <= m || maxHeld[name].CompareAndSwap(m, n) {
				return
			}
		}
	}

	const goroutines, iterations = 200, 300
	var wg sync.WaitGroup
	for i := range goroutines {
		wg.Go(func() {
			for j := range iterations {
				k := keys[(i+j)%len(keys)]
				release, err := g.TryAcquire(k)
				if err != nil {
					if !errors.Is(err, ErrLimitExceeded) {
						t.Errorf("unexpected error: %v", err)
					}
					refused.Add(1)
					continue
				}
				admitted.Add(1)
				p := pool(k)
				bump(p, 1)
				bump("total", 1)
				if j%7 == 0 {
					_ = g.Snapshot() // readers race with writers
				}
				bump(p, -1)
				bump("total", -1)
				release()
				release() // idempotent: must not free another slot
			}
		})
	}
	wg.Wait()

	s := g.Snapshot()
	limitOf := map[string]int{"etl": 6, "crm": 3, "unallocated": limits.Unallocated(), "total": 20}
	peakOf := map[string]int{
		"etl": s.Integrations["etl"].Peak, "crm": s.Integrations["crm"].Peak,
		"unallocated": s.Unallocated.Peak, "total": s.Account.Peak,
	}
	for name, lim := range limitOf {
		if m := maxHeld[name].Load(); m > int64(lim) {
			t.Errorf("%s: %d held at once, limit %d", name, m, lim)
		}
		if peakOf[name] > lim {
			t.Errorf("%s: governor peak %d over limit %d", name, peakOf[name], lim)
		}
		if int64(peakOf[name]) < maxHeld[name].Load() {
			t.Errorf("%s: governor peak %d below observed %d", name, peakOf[name], maxHeld[name].Load())
		}
	}
	if s.Account.InFlight != 0 || s.Unallocated.InFlight != 0 || len(s.InFlightByKey) != 0 ||
		s.Integrations["etl"].InFlight != 0 || s.Integrations["crm"].InFlight != 0 {
		t.Errorf("in flight after all releases: %+v", s)
	}
	if admitted.Load()+refused.Load() != goroutines*iterations || admitted.Load() == 0 || refused.Load() == 0 {
		t.Errorf("admitted %d, refused %d: the test did not exercise both paths", admitted.Load(), refused.Load())
	}
	t.Logf("admitted %d, refused %d, peaks %v", admitted.Load(), refused.Load(), peakOf)
}

// TestHammerWithReconfiguration changes the limits while requests run; the
// counts must come back to zero and never go negative.
func TestHammerWithReconfiguration(t *testing.T) {
	t.Parallel()
	g := mustNew(t, Limits{Account: 10})
	configs := []Limits{
		{Account: 10},
		{Account: 10, Integrations: map[string]int{"a": 4}},
		{Account: 4, Integrations: map[string]int{"b": 1}},
		{Account: 25, Integrations: map[string]int{"a": 10, "b": 5}},
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := g.SetLimits(configs[i%len(configs)]); err != nil {
				t.Error(err)
				return
			}
		}
	})
	var workers sync.WaitGroup
	for i := range 100 {
		workers.Go(func() {
			for j := range 200 {
				r, err := g.TryAcquire([]string{"a", "b", "c"}[(i+j)%3])
				if err == nil {
					s := g.Snapshot()
					if s.Account.InFlight < 1 || s.Unallocated.InFlight < 0 {
						t.Errorf("impossible counts: %+v", s)
					}
					r()
					r()
				}
			}
		})
	}
	workers.Wait()
	close(stop)
	wg.Wait()
	s := g.Snapshot()
	if s.Account.InFlight != 0 || s.Unallocated.InFlight != 0 || len(s.InFlightByKey) != 0 {
		t.Errorf("in flight after all releases: %+v", s)
	}
	for k, p := range s.Integrations {
		if p.InFlight != 0 {
			t.Errorf("%s still has %d in flight", k, p.InFlight)
		}
	}
}

func TestLimitErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *LimitError
		want string
	}{
		{&LimitError{Pool: PoolIntegration, Integration: "etl", Limit: 3, InFlight: 3}, `governor: integration "etl" limit 3 reached (3 in flight)`},
		{&LimitError{Pool: PoolUnallocated, Integration: "web", Limit: 2, InFlight: 2}, `governor: unallocated limit 2 reached (2 in flight; integration "web")`},
		{&LimitError{Pool: PoolAccount, Integration: "", Limit: 5, InFlight: 6}, `governor: account limit 5 reached (6 in flight; integration "")`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestConcurrencyLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tier    string
		plus    int
		want    int
		wantErr bool
	}{
		{"Standard", 0, 5, false},
		{"standard", 1, 15, false},
		{"Premium", 0, 15, false},
		{" PREMIUM ", 5, 65, false},
		{"Enterprise", 0, 20, false},
		{"Ultimate", 2, 40, false},
		{"Ultimate", -1, 0, true},
		{"Tier 1", 0, 0, true},
		{"", 0, 0, true},
	}
	for _, tt := range tests {
		got, err := ConcurrencyLimit(tt.tier, tt.plus)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ConcurrencyLimit(%q, %d) = %d, %v; want %d, err %v", tt.tier, tt.plus, got, err, tt.want, tt.wantErr)
		}
	}
}

func BenchmarkTryAcquire(b *testing.B) {
	g, _ := New(Limits{Account: 1000, Integrations: map[string]int{"a": 10}})
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r, err := g.TryAcquire("x"); err == nil {
				r()
			}
		}
	})
}
