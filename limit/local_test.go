package limit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
)

func TestLocalNeverExceedsCapacity(t *testing.T) {
	for _, capacity := range []int{1, 3, 5} {
		l := NewLocal(capacity)
		var cur, peak atomic.Int64
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				for range 20 {
					release, err := l.Acquire(context.Background(), nil)
					if err != nil {
						t.Error(err)
						return
					}
					n := cur.Add(1)
					for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
					}
					time.Sleep(10 * time.Microsecond)
					cur.Add(-1)
					release()
					release() // a second call is a no-op
				}
			})
		}
		wg.Wait()
		if p := peak.Load(); p > int64(capacity) {
			t.Errorf("capacity %d: %d slots at once", capacity, p)
		}
		s := l.Stats()
		if s.InUse != 0 || s.Waiting != 0 || s.Acquired != 1000 || s.Peak > capacity {
			t.Errorf("capacity %d: stats %+v", capacity, s)
		}
	}
}

// TestLocalFIFO: callers get slots in the order they asked.
func TestLocalFIFO(t *testing.T) {
	l := NewLocal(1)
	release, _ := l.Acquire(context.Background(), nil)
	var order []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			r, err := l.Acquire(context.Background(), nil)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			r()
		})
		waitFor(t, func() bool { return l.Stats().Waiting == i+1 })
	}
	release()
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("order %v, want 0..9", order)
		}
	}
}

// TestLocalCancel: a caller whose context ends stops waiting, gets an error
// wrapping the context's, and does not keep a slot or block the queue.
func TestLocalCancel(t *testing.T) {
	l := NewLocal(1)
	release, _ := l.Acquire(context.Background(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := l.Acquire(ctx, nil)
		errc <- err
	}()
	waitFor(t, func() bool { return l.Stats().Waiting == 1 })
	got := make(chan struct{})
	go func() {
		r, err := l.Acquire(context.Background(), nil)
		if err == nil {
			r()
		}
		close(got)
	}()
	waitFor(t, func() bool { return l.Stats().Waiting == 2 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	release()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the caller behind a cancelled one never got the slot")
	}
	if s := l.Stats(); s.InUse != 0 || s.Waiting != 0 {
		t.Errorf("stats after cancel %+v", s)
	}
}

func concurrencyErr() error {
	return &netsuite.Error{StatusCode: http.StatusTooManyRequests,
		Details: []netsuite.ErrorDetail{{Code: "CONCURRENCY_LIMIT_EXCEEDED", Detail: "Concurrent request limit exceeded. Request blocked."}}}
}

func TestLocalAdaptive(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := NewLocal(4, Adaptive())
	l.now = func() time.Time { return now }
	tests := []struct {
		name      string
		advance   time.Duration
		err       error
		wantLimit int
	}{
		{"refusal shrinks", time.Second, concurrencyErr(), 3},
		{"a burst counts once a second", 0, concurrencyErr(), 3},
		{"another refusal a second later", time.Second, concurrencyErr(), 2},
		{"other errors do not shrink", time.Second, &netsuite.Error{StatusCode: 500}, 2},
		{"first success after the 500", 0, nil, 3}, // 2 answers without a refusal at limit 2 → +1
		{"one success at 3", 0, nil, 3},
		{"two at 3", 0, nil, 3},
		{"three at 3: back to 4", 0, nil, 4},
		{"never above capacity", 0, nil, 4},
	}
	for _, tt := range tests {
		now = now.Add(tt.advance)
		l.Observe(nil, tt.err)
		if got := l.Stats().Limit; got != tt.wantLimit {
			t.Fatalf("%s: limit %d, want %d", tt.name, got, tt.wantLimit)
		}
	}
	if s := l.Stats(); s.Refusals != 3 || s.Cuts != 2 {
		t.Errorf("stats %+v", s)
	}
	// Without Adaptive, refusals are counted but change nothing.
	fixed := NewLocal(4)
	fixed.Observe(nil, concurrencyErr())
	if s := fixed.Stats(); s.Limit != 4 || s.Refusals != 1 {
		t.Errorf("fixed limiter: %+v", s)
	}
}

// TestLocalShrinkKeepsWaiting: after a cut, no new slot is handed out until
// the requests in flight fall under the new limit.
func TestLocalShrinkKeepsWaiting(t *testing.T) {
	l := NewLocal(2, Adaptive())
	r1, _ := l.Acquire(context.Background(), nil)
	r2, _ := l.Acquire(context.Background(), nil)
	l.Observe(nil, concurrencyErr())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r1()
	if _, err := l.Acquire(ctx, nil); err == nil {
		t.Fatal("a slot was handed out above the shrunk limit")
	}
	r2()
	r3, err := l.Acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r3()
}

func TestSetCapacityWakesWaiters(t *testing.T) {
	l := NewLocal(1)
	r, _ := l.Acquire(context.Background(), nil)
	done := make(chan struct{})
	go func() {
		r2, err := l.Acquire(context.Background(), nil)
		if err == nil {
			r2()
		}
		close(done)
	}()
	waitFor(t, func() bool { return l.Stats().Waiting == 1 })
	l.SetCapacity(2)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("raising the capacity did not wake the waiter")
	}
	r()
}

func TestForAccountShared(t *testing.T) {
	a := ForAccount("TSTDRV1_FORACCOUNT", 3)
	b := ForAccount("TSTDRV1_FORACCOUNT", 9)
	c := ForAccount("TSTDRV2_FORACCOUNT", 2)
	if a != b || a == c || a.Stats().Capacity != 3 || c.Stats().Capacity != 2 {
		t.Errorf("pools: a=%p b=%p c=%p, capacities %d %d", a, b, c, a.Stats().Capacity, c.Stats().Capacity)
	}
	// Every form of one account id is one pool.
	d := ForAccount("7654321_SB1", 4)
	for _, form := range []string{"7654321_sb1", "7654321-sb1", "7654321-SB1"} {
		if ForAccount(form, 8) != d {
			t.Errorf("%s got a pool of its own", form)
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

type noAuth struct{}

func (noAuth) Authenticate(*http.Request) error { return nil }

// TestPipelineSlots: through Client.Do, a limiter of 2 keeps the server at
// 2 requests at once whatever the number of callers, and an adaptive one
// learns from the 429s the server sends over its own limit of 1.
func TestPipelineSlots(t *testing.T) {
	tests := []struct {
		name        string
		limiter     *Local
		serverLimit int
		wantPeak    int
	}{
		{"fixed", NewLocal(2), 0, 2},
		{"adaptive", NewLocal(3, Adaptive()), 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cur, peak atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := cur.Add(1)
				defer cur.Add(-1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				if tt.serverLimit > 0 && n > int64(tt.serverLimit) {
					w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
					w.WriteHeader(http.StatusTooManyRequests)
					w.Write([]byte(`{"status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`))
					return
				}
				time.Sleep(2 * time.Millisecond)
				w.Write([]byte(`{}`))
			}))
			defer srv.Close()
			c, err := netsuite.NewClient(netsuite.WithConfig(&netsuite.Config{Values: netsuite.Values{Account: "1234567", BaseURL: srv.URL}}),
				netsuite.WithAuthenticator(noAuth{}), netsuite.WithLimiter(tt.limiter))
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for range 12 {
				wg.Go(func() {
					for range 10 {
						resp, err := c.Do(context.Background(), &netsuite.Request{Method: "GET", URL: srv.URL + "/x"})
						if err == nil {
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						} else if !netsuite.IsConcurrencyLimit(err) {
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
			s := tt.limiter.Stats()
			if p := peak.Load(); p > int64(tt.wantPeak) {
				t.Errorf("server saw %d at once, want ≤ %d", p, tt.wantPeak)
			}
			// 120 requests; with the server's 429s, the default retry policy
			// sends some of them again, each attempt with a slot of its own.
			if s.InUse != 0 || s.Acquired < 120 || tt.serverLimit == 0 && s.Acquired != 120 {
				t.Errorf("stats %+v", s)
			}
			if tt.serverLimit > 0 && (s.Refusals == 0 || s.Cuts == 0) {
				t.Errorf("the adaptive limiter saw no refusal: %+v", s)
			}
		})
	}
}

type instant struct{}

func (instant) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// BenchmarkPipelineWithLimiter is Client.Do with the default retry policy
// and a Local limiter whose slots are free: the whole pipeline's cost per
// request when nothing waits (compare BenchmarkPipelineOverhead/bare in
// the root package, the same request without the pipeline).
func BenchmarkPipelineWithLimiter(b *testing.B) {
	c, err := netsuite.NewClient(netsuite.WithConfig(&netsuite.Config{Values: netsuite.Values{Account: "1234567"}}),
		netsuite.WithAuthenticator(noAuth{}), netsuite.WithHTTPClient(&http.Client{Transport: instant{}}),
		netsuite.WithLimiter(NewLocal(5, Adaptive())))
	if err != nil {
		b.Fatal(err)
	}
	req := &netsuite.Request{Method: "GET", URL: "https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
