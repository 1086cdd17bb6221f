package suiteql_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/limit"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/suiteql"
)

// BenchmarkExport exports every transaction line through All with keyset
// paging and 5 pages in flight, against the emulator with a fixed 100 ms
// latency per request and the Standard tier's concurrency limit of 5: the
// ceiling is C×1000/L = 5×1000 rows / 0.1 s = 50,000 rows/s. It reports rows/s,
// the fraction of the ceiling, failed requests and the peak heap in use
// (client and emulator share the process; the account is in a state file so
// its rows are not in the heap). Size with NETSUITE_BENCH_LINES (default
// 200,000); run with -benchtime 1x.
func BenchmarkExport(b *testing.B) {
	lines := 200_000
	if v := os.Getenv("NETSUITE_BENCH_LINES"); v != "" {
		lines, _ = strconv.Atoi(v)
	}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: lines, DemoSeed: 1,
		StatePath: filepath.Join(b.TempDir(), "bench.db"), Latency: benchLatency()})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		b.Fatal(err)
	}
	svc := suiteql.New(c)
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	b.ResetTimer()
	var rows int
	for b.Loop() {
		rows = 0
		for _, err := range svc.All(context.Background(), `SELECT uniquekey, "transaction" AS tran, item, quantity, netamount FROM transactionline ORDER BY uniquekey`,
			&suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("uniquekey")}, Parallel: 5}) {
			if err != nil {
				b.Fatal(err) // any failed request fails the benchmark
			}
			rows++
		}
	}
	close(stop)
	if rows != lines {
		b.Fatalf("exported %d rows of %d", rows, lines)
	}
	perSec := float64(rows*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "rows/s")
	b.ReportMetric(perSec/50000, "of-ceiling")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
}

// benchLatency is 100 ms, or NETSUITE_BENCH_LATENCY (e.g. "0s" to measure
// the CPU-bound rate).
func benchLatency() faults.Latency {
	d := 100 * time.Millisecond
	if v := os.Getenv("NETSUITE_BENCH_LATENCY"); v != "" {
		d, _ = time.ParseDuration(v)
	}
	if d == 0 {
		return nil
	}
	return faults.Fixed(d)
}

// BenchmarkGovernedExport: 20 goroutines of one process export a
// twentieth of the transaction lines each through All (5 pages in flight
// each, 100 wanted at once), sharing one limit.Local of 5 slots, against
// the emulator with 100 ms per request and a limit of 5. The ceiling is
// C×1000/L = 50,000 rows/s. It reports rows/s, the fraction of the
// ceiling and the emulator's peak of requests served at once; any failed
// request fails it. Size with NETSUITE_BENCH_LINES (default 200,000); run
// with -benchtime 1x.
func BenchmarkGovernedExport(b *testing.B) {
	lines := 200_000
	if v := os.Getenv("NETSUITE_BENCH_LINES"); v != "" {
		lines, _ = strconv.Atoi(v)
	}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: lines, DemoSeed: 1,
		StatePath: filepath.Join(b.TempDir(), "bench.db"), Latency: benchLatency()})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	var maxKey int
	if err := emu.Store().DB().QueryRow(`SELECT MAX(uniquekey) FROM transactionline`).Scan(&maxKey); err != nil {
		b.Fatal(err)
	}
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}),
		netsuite.WithLimiter(limit.NewLocal(5, limit.Adaptive())))
	if err != nil {
		b.Fatal(err)
	}
	svc := suiteql.New(c)
	emu.Governor().ResetPeak()
	b.ResetTimer()
	var rows atomic.Int64
	for b.Loop() {
		rows.Store(0)
		var wg sync.WaitGroup
		for g := range 20 {
			lo, hi := g*maxKey/20, (g+1)*maxKey/20
			wg.Go(func() {
				q := fmt.Sprintf(`SELECT uniquekey, "transaction" AS tran, netamount FROM transactionline WHERE uniquekey > %d AND uniquekey <= %d ORDER BY uniquekey`, lo, hi)
				for _, err := range svc.All(context.Background(), q, &suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("uniquekey")}, Parallel: 5}) {
					if err != nil {
						b.Error(err) // any failed request fails the benchmark
						return
					}
					rows.Add(1)
				}
			})
		}
		wg.Wait()
	}
	if int(rows.Load()) != lines {
		b.Fatalf("exported %d rows of %d", rows.Load(), lines)
	}
	perSec := float64(int(rows.Load())*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "rows/s")
	b.ReportMetric(perSec/50000, "of-ceiling")
	b.ReportMetric(float64(emu.Governor().Snapshot().Account.Peak), "emulator-peak")
}
