package faults

import (
	"context"
	"errors"
	"flag"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseLatency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Latency
		wantErr string // substring of the error
	}{
		{in: "", want: nil},
		{in: "none", want: nil},
		{in: "100ms", want: Fixed(100 * time.Millisecond)},
		{in: " fixed:2s ", want: Fixed(2 * time.Second)},
		{in: "0", want: Fixed(0)},
		{in: "uniform:50ms-150ms", want: Uniform{50 * time.Millisecond, 150 * time.Millisecond}},
		{in: "uniform:1s-1s", want: Uniform{time.Second, time.Second}},
		{in: "lognormal:100ms,0.5", want: LogNormal{100 * time.Millisecond, 0.5}},
		{in: "lognormal:1s, 0", want: LogNormal{time.Second, 0}},
		{in: "fast", wantErr: "not a duration"},
		{in: "fixed:", wantErr: "missing"},
		{in: "-5ms", wantErr: "negative"},
		{in: "2h", wantErr: "cap"},
		{in: "uniform:50ms", wantErr: "uniform:<min>-<max>"},
		{in: "uniform:150ms-50ms", wantErr: "below minimum"},
		{in: "uniform:x-50ms", wantErr: "uniform minimum"},
		{in: "uniform:5ms-y", wantErr: "uniform maximum"},
		{in: "lognormal:100ms", wantErr: "lognormal:<median>,<sigma>"},
		{in: "lognormal:100ms,-1", wantErr: "sigma"},
		{in: "lognormal:100ms,NaN", wantErr: "sigma"},
		{in: "lognormal:100ms,abc", wantErr: "sigma"},
		{in: "lognormal:xx,1", wantErr: "median"},
		{in: "normal:1s", wantErr: "unknown distribution"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLatency(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLatency(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("ParseLatency(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if got == nil {
				return
			}
			back, err := ParseLatency(got.String())
			if err != nil || back != got {
				t.Errorf("round trip of %q via %q gave %#v, %v", tt.in, got.String(), back, err)
			}
		})
	}
}

func TestLatencySamples(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 7))
	const n = 20000

	if d := Fixed(123 * time.Millisecond).Sample(r); d != 123*time.Millisecond {
		t.Errorf("fixed sample = %v", d)
	}
	if d := Fixed(-time.Second).Sample(r); d != 0 {
		t.Errorf("negative fixed sample = %v", d)
	}
	if d := (Uniform{time.Second, time.Second}).Sample(r); d != time.Second {
		t.Errorf("degenerate uniform = %v", d)
	}

	u := Uniform{50 * time.Millisecond, 150 * time.Millisecond}
	var sum float64
	for range n {
		d := u.Sample(r)
		if d < u.Min || d > u.Max {
			t.Fatalf("uniform sample %v outside [%v, %v]", d, u.Min, u.Max)
		}
		sum += float64(d)
	}
	// Mean 100ms, standard deviation 100/√12 ≈ 28.9ms; the mean of n samples
	// has σ ≈ 0.2ms, so 2ms is a 10σ tolerance.
	if mean := time.Duration(sum / n); mean < 98*time.Millisecond || mean > 102*time.Millisecond {
		t.Errorf("uniform mean = %v, want about 100ms", mean)
	}

	ln := LogNormal{Median: 100 * time.Millisecond, Sigma: 0.5}
	samples := make([]float64, n)
	var logSum, logSq float64
	for i := range samples {
		d := ln.Sample(r)
		if d <= 0 {
			t.Fatalf("log-normal sample %v", d)
		}
		samples[i] = float64(d)
		l := math.Log(float64(d))
		logSum += l
		logSq += l * l
	}
	slices.Sort(samples)
	median := time.Duration(samples[n/2])
	if median < 97*time.Millisecond || median > 103*time.Millisecond {
		t.Errorf("log-normal median = %v, want about 100ms", median)
	}
	mu := logSum / n
	sigma := math.Sqrt(logSq/n - mu*mu)
	if math.Abs(sigma-0.5) > 0.02 {
		t.Errorf("log-normal sigma = %.3f, want about 0.5", sigma)
	}
	if d := (LogNormal{Median: 50 * time.Minute, Sigma: 50}).Sample(r); d > MaxLatency {
		t.Errorf("heavy tail not capped: %v", d)
	}
	if d := (LogNormal{Median: time.Second}).Sample(r); d != time.Second {
		t.Errorf("sigma 0 gives %v, want the median", d)
	}
}

func TestParseRates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Rates
		str     string // canonical String(); "" means same as in
		wantErr string
	}{
		{in: "", want: Rates{}},
		{
			in:   "5xx=0.01,drop=0.005,slow=0.02:2s",
			want: Rates{Error500: 0.005, Error503: 0.005, Drop: 0.005, Slow: 0.02, SlowDelay: Fixed(2 * time.Second)},
			str:  "5xx=0.01,drop=0.005,slow=0.02:fixed:2s",
		},
		{
			in:   "500=0.1, 503=0.2",
			want: Rates{Error500: 0.1, Error503: 0.2},
			str:  "500=0.1,503=0.2",
		},
		{
			in:   "slow=0.5:lognormal:1s,0.5,drop=0.1",
			want: Rates{Drop: 0.1, Slow: 0.5, SlowDelay: LogNormal{time.Second, 0.5}},
			str:  "drop=0.1,slow=0.5:lognormal:1s,0.5",
		},
		{
			in:   "slow=1:uniform:1s-3s",
			want: Rates{Slow: 1, SlowDelay: Uniform{time.Second, 3 * time.Second}},
			str:  "slow=1:uniform:1s-3s",
		},
		{
			in:   "badlogin=0.1,limit-badlogin=0.5",
			want: Rates{BadLogin: 0.1, LimitBadLogin: 0.5},
		},
		{
			in:   "drop-after=0.02,drop=0.01",
			want: Rates{Drop: 0.01, DropAfter: 0.02},
			str:  "drop=0.01,drop-after=0.02",
		},
		{
			in:   "limit-badlogin=1,5xx=0.5,badlogin=0.5",
			want: Rates{Error500: 0.25, Error503: 0.25, BadLogin: 0.5, LimitBadLogin: 1},
			str:  "5xx=0.5,badlogin=0.5,limit-badlogin=1",
		},
		{in: "5xx=0.6,badlogin=0.6", wantErr: "more than 1"},
		{in: "badlogin=2", wantErr: "probability"},
		{in: "limit-badlogin=1.5", wantErr: "probability"},
		{in: "limit-badlogin=0.1,limit-badlogin=0.2", wantErr: "given twice"},
		{in: "5xx=0.6,drop=0.6", wantErr: "more than 1"},
		{in: "5xx=1.5", wantErr: "probability"},
		{in: "drop=-0.1", wantErr: "probability"},
		{in: "drop=abc", wantErr: "probability"},
		{in: "drop=NaN", wantErr: "probability"},
		{in: "slow=0.1", wantErr: "slow needs a delay"},
		{in: "slow=0.1:", wantErr: "slow needs a delay"},
		{in: "slow=0.1:none", wantErr: "slow needs a delay"},
		{in: "slow=0.1:soon", wantErr: "not a duration"},
		{in: "slow=x:1s", wantErr: "probability"},
		{in: "5xx=0.1,500=0.1", wantErr: "given twice"},
		{in: "drop=0.1,drop=0.2", wantErr: "given twice"},
		{in: "drop-after=0.1,drop-after=0.2", wantErr: "given twice"},
		{in: "drop-after=1.5", wantErr: "probability"},
		{in: "drop-after=0.6,5xx=0.6", wantErr: "more than 1"},
		{in: "timeout=0.1", wantErr: "unknown fault"},
		{in: "drop", wantErr: "not key=value"},
		{in: "=0.1", wantErr: "not key=value"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRates(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseRates(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("ParseRates(%q) (-want +got):\n%s", tt.in, diff)
			}
			str := tt.str
			if str == "" {
				str = tt.in
			}
			if got.String() != str {
				t.Errorf("String() = %q, want %q", got.String(), str)
			}
			back, err := ParseRates(got.String())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, back); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRatesValidate(t *testing.T) {
	t.Parallel()
	for _, r := range []Rates{
		{Error500: math.NaN()},
		{Drop: 2},
		{Slow: 0.1},
		{Error500: 0.5, Error503: 0.5, Drop: 0.1},
	} {
		if r.Validate() == nil {
			t.Errorf("%+v accepted", r)
		}
		if _, err := New(Config{Rates: r}); err == nil {
			t.Errorf("New accepted %+v", r)
		}
	}
	if s := (Rates{Slow: 0.1}).String(); s != "slow=0.1:none" {
		t.Errorf("String of slow without delay = %q", s)
	}
}

// TestDrawRates checks over 10,000 draws that each fault occurs at its
// configured rate, within five binomial standard deviations, and that the
// counters agree.
func TestDrawRates(t *testing.T) {
	t.Parallel()
	rates := Rates{Error500: 0.05, Error503: 0.03, Drop: 0.02, Slow: 0.10, SlowDelay: Fixed(2 * time.Second)}
	in, err := New(Config{Seed: 1, Rates: rates, Latency: Uniform{10 * time.Millisecond, 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10000
	got := map[Kind]int{}
	var delaySum time.Duration
	for range n {
		d := in.Draw()
		got[d.Kind]++
		delaySum += d.Delay
		switch {
		case d.Kind == Slow && (d.Delay < 2*time.Second+10*time.Millisecond || d.Delay > 2*time.Second+20*time.Millisecond):
			t.Fatalf("slow delay %v", d.Delay)
		case d.Kind != Slow && (d.Delay < 10*time.Millisecond || d.Delay > 20*time.Millisecond):
			t.Fatalf("base delay %v", d.Delay)
		}
	}
	for kind, p := range map[Kind]float64{
		Error500: rates.Error500, Error503: rates.Error503, Drop: rates.Drop, Slow: rates.Slow,
		None: 1 - rates.Total(),
	} {
		want := p * n
		tol := 5 * math.Sqrt(n*p*(1-p))
		if math.Abs(float64(got[kind])-want) > tol {
			t.Errorf("%v: %d of %d, want %.0f ± %.0f", kind, got[kind], n, want, tol)
		}
	}
	c := in.Counts()
	wantCounts := Counts{
		Requests: n, Error500: uint64(got[Error500]), Error503: uint64(got[Error503]),
		Drops: uint64(got[Drop]), Slow: uint64(got[Slow]), Delay: delaySum,
	}
	if diff := cmp.Diff(wantCounts, c); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}

func TestDrawDeterministic(t *testing.T) {
	t.Parallel()
	rates, err := ParseRates("5xx=0.01,drop=0.005,slow=0.02:2s")
	if err != nil {
		t.Fatal(err)
	}
	lat, err := ParseLatency("lognormal:100ms,0.5")
	if err != nil {
		t.Fatal(err)
	}
	seq := func(seed uint64) []Decision {
		in, err := New(Config{Seed: seed, Rates: rates, Latency: lat})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]Decision, 10000)
		for i := range out {
			out[i] = in.Draw()
		}
		return out
	}
	a, b := seq(42), seq(42)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("same seed gave different sequences:\n%s", diff)
	}
	if cmp.Equal(a, seq(43)) {
		t.Error("different seeds gave the same sequence")
	}
}

// TestDrawConcurrent draws from many goroutines: the multiset of decisions
// must be the one a single goroutine gets from the same seed.
func TestDrawConcurrent(t *testing.T) {
	t.Parallel()
	cfg := Config{Seed: 9, Rates: Rates{Error500: 0.2, Drop: 0.2}, Latency: Uniform{0, time.Second}}
	serial, _ := New(cfg)
	var want []Decision
	for range 4000 {
		want = append(want, serial.Draw())
	}
	in, _ := New(cfg)
	var (
		mu  sync.Mutex
		got []Decision
		wg  sync.WaitGroup
	)
	for range 40 {
		wg.Go(func() {
			for range 100 {
				d := in.Draw()
				mu.Lock()
				got = append(got, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	less := func(x, y Decision) int {
		if x.Kind != y.Kind {
			return int(x.Kind - y.Kind)
		}
		return int(x.Delay - y.Delay)
	}
	slices.SortFunc(want, less)
	slices.SortFunc(got, less)
	if !slices.Equal(want, got) {
		t.Error("concurrent draws are not the serial sequence reordered")
	}
}

// recorder is a SleepFunc that records delays and returns at once.
type recorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.delays = append(r.delays, d)
	r.mu.Unlock()
	return ctx.Err()
}

func TestWrap(t *testing.T) {
	t.Parallel()
	okHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "served") })
	tests := []struct {
		name       string
		cfg        Config
		onFault    bool
		wantStatus int
		wantBody   string
		wantKind   Kind
		wantDelay  time.Duration
	}{
		{
			name: "none", cfg: Config{Latency: Fixed(100 * time.Millisecond)},
			wantStatus: 200, wantBody: "served", wantDelay: 100 * time.Millisecond,
		},
		{
			name: "500 through callback", cfg: Config{Rates: Rates{Error500: 1}}, onFault: true,
			wantStatus: 500, wantBody: "fault 500", wantKind: Error500,
		},
		{
			name: "503 through callback", cfg: Config{Rates: Rates{Error503: 1}}, onFault: true,
			wantStatus: 503, wantBody: "fault 503", wantKind: Error503,
		},
		{
			name: "503 default body", cfg: Config{Rates: Rates{Error503: 1}},
			wantStatus: 503, wantBody: "Service Unavailable\n",
		},
		{
			name: "slow", cfg: Config{Latency: Fixed(time.Millisecond), Rates: Rates{Slow: 1, SlowDelay: Fixed(2 * time.Second)}},
			wantStatus: 200, wantBody: "served", wantDelay: 2*time.Second + time.Millisecond,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			tt.cfg.Sleep = rec.sleep
			in, err := New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			var gotKind Kind
			var onFault FaultFunc
			if tt.onFault {
				onFault = func(w http.ResponseWriter, r *http.Request, k Kind) {
					gotKind = k
					w.WriteHeader(k.Status())
					_, _ = io.WriteString(w, "fault "+k.String())
				}
			}
			w := httptest.NewRecorder()
			in.Wrap(okHandler, onFault).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			if w.Code != tt.wantStatus || w.Body.String() != tt.wantBody {
				t.Errorf("response = %d %q, want %d %q", w.Code, w.Body, tt.wantStatus, tt.wantBody)
			}
			if gotKind != tt.wantKind {
				t.Errorf("callback kind = %v, want %v", gotKind, tt.wantKind)
			}
			var wantDelays []time.Duration
			if tt.wantDelay > 0 {
				wantDelays = []time.Duration{tt.wantDelay}
			}
			// A served request sleeps the delay minus the handler's own time.
			if len(wantDelays) != len(rec.delays) || len(wantDelays) == 1 &&
				(rec.delays[0] > wantDelays[0] || rec.delays[0] < wantDelays[0]-50*time.Millisecond) {
				t.Errorf("sleeps = %v, want about %v", rec.delays, wantDelays)
			}
		})
	}
}

func TestWrapDrop(t *testing.T) {
	t.Parallel()
	in, err := New(Config{Rates: Rates{Drop: 1}})
	if err != nil {
		t.Fatal(err)
	}
	var called atomic.Bool
	srv := httptest.NewServer(in.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called.Store(true) }), nil))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got a response %d, want a dropped connection", resp.StatusCode)
	}
	if called.Load() {
		t.Error("next handler ran for a dropped request")
	}
	if c := in.Counts(); c.Drops != 1 {
		t.Errorf("counts = %+v", c)
	}

	// Without a hijackable connection the handler aborts the response.
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("recover() = %v, want http.ErrAbortHandler", r)
		}
	}()
	in.Wrap(http.NotFoundHandler(), nil).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

// TestWrapCanceled uses the real SleepContext with an hour of latency: a
// client that goes away must end the wait at once and get no response.
// TestWrapDropAfter: the request runs to the end (its effects stay and a
// slot it held until sent is given back) and the client gets no answer,
// only a closed connection.
func TestWrapDropAfter(t *testing.T) {
	t.Parallel()
	for _, latency := range []Latency{nil, Fixed(20 * time.Millisecond)} {
		in, err := New(Config{Rates: Rates{DropAfter: 1}, Latency: latency})
		if err != nil {
			t.Fatal(err)
		}
		var ran, released atomic.Int32
		srv := httptest.NewServer(in.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ran.Add(1)
			if !HoldUntilSent(r.Context(), func() { released.Add(1) }) {
				t.Error("drop-after: the slot was not held until the (lost) answer")
			}
			w.Header().Set("Location", "/created/1")
			w.WriteHeader(http.StatusNoContent)
		}), nil))
		resp, err := srv.Client().Post(srv.URL, "application/json", strings.NewReader(`{}`))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("latency %v: got a response %d, want a dropped connection", latency, resp.StatusCode)
		}
		srv.Close()
		if ran.Load() != 1 || released.Load() != 1 {
			t.Errorf("latency %v: handler ran %d times, slot released %d times; want 1 and 1", latency, ran.Load(), released.Load())
		}
		if c := in.Counts(); c.DropsAfter != 1 || c.Drops != 0 || c.Requests != 1 {
			t.Errorf("latency %v: counts = %+v", latency, c)
		}
	}
	// Seeds that do not use it draw as before: DropAfter is the last band.
	a, _ := New(Config{Seed: 7, Rates: Rates{Error500: 0.1, Drop: 0.1}})
	b, _ := New(Config{Seed: 7, Rates: Rates{Error500: 0.1, Drop: 0.1, DropAfter: 0.1}})
	for i := 0; i < 1000; i++ {
		da, db := a.Draw(), b.Draw()
		if db.Kind != DropAfter && da.Kind != db.Kind || db.Kind == DropAfter && da.Kind != None {
			t.Fatalf("draw %d: %v without drop-after, %v with it", i, da.Kind, db.Kind)
		}
	}
}

func TestWrapCanceled(t *testing.T) {
	t.Parallel()
	in, err := New(Config{Latency: Fixed(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h := in.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "late") }), nil)
	out := httptest.NewRecorder()
	ctx, cancel := context.WithCancel(t.Context())
	req := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
	done := make(chan struct{})
	start := time.Now()
	go func() {
		h.ServeHTTP(out, req)
		close(done)
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("handler kept waiting after the request was canceled")
	}
	if out.Body.Len() != 0 {
		t.Error("a canceled request got a response")
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v", el)
	}
	if c := in.Counts(); c.Canceled != 1 || c.Requests != 1 || c.Delay != time.Hour {
		t.Errorf("counts = %+v", c)
	}
}

func TestSleepContext(t *testing.T) {
	t.Parallel()
	if err := SleepContext(t.Context(), 0); err != nil {
		t.Errorf("zero sleep = %v", err)
	}
	if err := SleepContext(t.Context(), time.Millisecond); err != nil {
		t.Errorf("short sleep = %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := SleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled sleep = %v", err)
	}
	if err := SleepContext(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled zero sleep = %v", err)
	}
}

func TestKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k      Kind
		name   string
		status int
	}{
		{None, "none", 0}, {Error500, "500", 500}, {Error503, "503", 503},
		{Drop, "drop", 0}, {Slow, "slow", 0}, {BadLogin, "badlogin", 401}, {DropAfter, "drop-after", 0}, {Kind(9), "Kind(9)", 0}, {Kind(-1), "Kind(-1)", 0},
	}
	for _, tt := range tests {
		if tt.k.String() != tt.name || tt.k.Status() != tt.status {
			t.Errorf("%d: %q %d, want %q %d", int(tt.k), tt.k.String(), tt.k.Status(), tt.name, tt.status)
		}
	}
}

func TestFlagValues(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("emu", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var lat LatencyValue
	var rates RatesValue
	fs.Var(&lat, "latency", "latency distribution")
	fs.Var(&rates, "faults", "fault rates")
	if err := fs.Parse([]string{"-latency", "uniform:50ms-150ms", "-faults", "5xx=0.01,drop=0.005,slow=0.02:2s"}); err != nil {
		t.Fatal(err)
	}
	if lat.Latency != (Uniform{50 * time.Millisecond, 150 * time.Millisecond}) || lat.String() != "uniform:50ms-150ms" {
		t.Errorf("latency = %#v", lat.Latency)
	}
	if rates.Rates.Drop != 0.005 || rates.String() != "5xx=0.01,drop=0.005,slow=0.02:fixed:2s" {
		t.Errorf("rates = %+v", rates.Rates)
	}
	if err := fs.Parse([]string{"-latency", "bogus:1s"}); err == nil {
		t.Error("bad latency accepted")
	}
	if err := fs.Parse([]string{"-faults", "drop=2"}); err == nil {
		t.Error("bad rates accepted")
	}
	var empty LatencyValue
	var nilRates *RatesValue
	if empty.String() != "none" || nilRates.String() != "" || empty.Type() != "latency" || rates.Type() != "rates" {
		t.Error("zero values misbehave")
	}
}

// TestHoldUntilSent: what a delayed handler holds is released after the
// injected wait and before the response is written; without latency the
// caller keeps it.
func TestHoldUntilSent(t *testing.T) {
	t.Parallel()
	var events []string
	var mu sync.Mutex
	note := func(e string) { mu.Lock(); events = append(events, e); mu.Unlock() }
	for _, tc := range []struct {
		name    string
		latency Latency
		cancel  bool
		held    bool
		want    string
	}{
		{"delayed", Fixed(time.Second), false, true, "handler,sleep,release,write"},
		{"canceled while waiting", Fixed(time.Second), true, true, "handler,sleep,release"},
		{"no latency", nil, false, false, "handler,write"},
	} {
		events = nil
		in, err := New(Config{Latency: tc.latency, Sleep: func(ctx context.Context, d time.Duration) error {
			note("sleep")
			if tc.cancel {
				return context.Canceled
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		var held bool
		h := in.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			note("handler")
			held = HoldUntilSent(r.Context(), func() { note("release") })
			_, _ = io.WriteString(w, "ok")
		}), nil)
		w := &writeNoter{ResponseRecorder: httptest.NewRecorder(), note: note}
		h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if got := strings.Join(events, ","); got != tc.want || held != tc.held {
			t.Errorf("%s: events %s held %v, want %s held %v", tc.name, got, held, tc.want, tc.held)
		}
	}
	if HoldUntilSent(t.Context(), func() { t.Error("released") }) {
		t.Error("held without an injector")
	}
}

type writeNoter struct {
	*httptest.ResponseRecorder
	note  func(string)
	wrote bool
}

func (w *writeNoter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.wrote = true
		w.note("write")
	}
	return w.ResponseRecorder.Write(p)
}

func (w *writeNoter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// TestOverLimitAsBadLogin: of the requests over the concurrency limit, the
// fraction LimitBadLogin is answered as a bad login, reproducibly under a
// seed; a request that passed no Injector never is.
func TestOverLimitAsBadLogin(t *testing.T) {
	t.Parallel()
	if OverLimitAsBadLogin(context.Background()) {
		t.Error("true without an Injector")
	}
	for _, p := range []float64{0, 0.25, 1} {
		in, err := New(Config{Seed: 7, Rates: Rates{LimitBadLogin: p}})
		if err != nil {
			t.Fatal(err)
		}
		var seen []bool
		hits := 0
		const n = 4000
		h := in.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for range n / 4 {
				hit := OverLimitAsBadLogin(r.Context())
				seen = append(seen, hit)
				if hit {
					hits++
				}
			}
		}), nil)
		for range 4 {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		}
		if got := float64(hits) / n; math.Abs(got-p) > 0.03 {
			t.Errorf("rate %v: %v of the requests over the limit answered as a bad login", p, got)
		}
		if c := in.Counts(); c.LimitBadLogin != uint64(hits) || c.BadLogin != 0 || c.Requests != 4 {
			t.Errorf("rate %v: counts %+v, hits %d", p, c, hits)
		}
		// The same seed gives the same answers.
		again, _ := New(Config{Seed: 7, Rates: Rates{LimitBadLogin: p}})
		i := 0
		again.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for range n / 4 {
				if OverLimitAsBadLogin(r.Context()) != seen[i] {
					t.Fatalf("rate %v: answer %d differs under the same seed", p, i)
				}
				i++
			}
		}), nil).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}
}

// TestBadLoginThroughCallback: a bad-login fault is answered by the fault
// callback (the surfaces write their bad-login answers), else a plain 401.
func TestBadLoginThroughCallback(t *testing.T) {
	t.Parallel()
	in, err := New(Config{Rates: Rates{BadLogin: 1}})
	if err != nil {
		t.Fatal(err)
	}
	served := false
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served = true })
	var got Kind
	rec := httptest.NewRecorder()
	in.Wrap(next, func(w http.ResponseWriter, r *http.Request, k Kind) { got = k; w.WriteHeader(k.Status()) }).
		ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if served || got != BadLogin || rec.Code != 401 {
		t.Errorf("served %v, kind %v, status %d", served, got, rec.Code)
	}
	rec = httptest.NewRecorder()
	in.Wrap(next, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if served || rec.Code != 401 {
		t.Errorf("without a callback: served %v, status %d", served, rec.Code)
	}
	if c := in.Counts(); c.BadLogin != 2 {
		t.Errorf("counts %+v", c)
	}
}
