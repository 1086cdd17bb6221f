package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/internal/testredis"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
)

// cliProcess returns `netsuite args…` as a separate OS process (the test
// binary acting as the command, see TestMain) with env added.
func cliProcess(t testing.TB, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runCLIEnv+"=1", "XDG_CONFIG_HOME="+t.TempDir())
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// TestConcurrentProcessesShareRedis: 20 `netsuite query` processes at once,
// sharing NETSUITE_REDIS_URL, against an account whose limit is 5: all
// succeed and the emulator never serves more than 5 at once.
func TestConcurrentProcessesShareRedis(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 20 processes")
	}
	redisURL := testredis.Start(t)
	lat, _ := faults.ParseLatency("30ms")
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 500, DemoSeed: 3, Latency: lat})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	emu.Governor().ResetPeak()
	env := simEnv(emu)
	env["NETSUITE_REDIS_URL"] = redisURL
	env["NETSUITE_CONCURRENCY"] = "5"
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for i := range 20 {
		wg.Go(func() {
			var stderr bytes.Buffer
			cmd := cliProcess(t, env, "-v", "query", "--all", "--parallel", "3", "-o", "csv",
				fmt.Sprintf("SELECT id FROM customer WHERE id > %d ORDER BY id", i))
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				mu.Lock()
				failed = append(failed, fmt.Sprintf("process %d: %v: %s", i, err, stderr.String()))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, f := range failed {
		t.Error(f)
	}
	// The emulator caps its own peak at 5 by refusing the rest, and retries
	// hide refusals from the exit codes: what shows that the 20 processes
	// shared one limit of 5 is that the emulator refused none of them.
	s := emu.Governor().Snapshot()
	if s.Account.Peak > 5 {
		t.Errorf("the emulator served %d requests at once, over the limit of 5", s.Account.Peak)
	}
	if s.Account.Refused != 0 {
		t.Errorf("the emulator refused %d requests for the concurrency limit: the processes did not share one limit of 5 through Redis", s.Account.Refused)
	}
}

// BenchmarkRedisSharedExport: four processes with five callers each export
// a quarter of the transaction lines through `netsuite query --all
// --parallel 5`, sharing one Redis limit of 5, against the emulator with
// 100 ms per request and a limit of 5. The ceiling is C×1000/L = 50,000
// rows/s; it reports rows/s, the fraction of the ceiling and the
// emulator's peak. Size with NETSUITE_BENCH_LINES (default 200,000); run
// with -benchtime 1x.
func BenchmarkRedisSharedExport(b *testing.B) {
	lines := 200_000
	if v := os.Getenv("NETSUITE_BENCH_LINES"); v != "" {
		lines, _ = strconv.Atoi(v)
	}
	redisURL := testredis.Start(b)
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: lines, DemoSeed: 1,
		StatePath: filepath.Join(b.TempDir(), "bench.db"), Latency: faults.Fixed(100 * time.Millisecond)})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	var maxKey int
	if err := emu.Store().DB().QueryRow(`SELECT MAX(uniquekey) FROM transactionline`).Scan(&maxKey); err != nil {
		b.Fatal(err)
	}
	env := simEnv(emu)
	env["NETSUITE_REDIS_URL"] = redisURL
	env["NETSUITE_CONCURRENCY"] = "5"
	emu.Governor().ResetPeak()
	b.ResetTimer()
	var rows int
	for b.Loop() {
		rows = 0
		var wg sync.WaitGroup
		var mu sync.Mutex
		for p := range 4 {
			lo, hi := p*maxKey/4, (p+1)*maxKey/4
			wg.Go(func() {
				var out, stderr bytes.Buffer
				cmd := cliProcess(b, env, "query", "--all", "--key", "uniquekey:number", "--parallel", "5", "-o", "csv",
					fmt.Sprintf(`SELECT uniquekey, "transaction" AS tran, netamount FROM transactionline WHERE uniquekey > %d AND uniquekey <= %d ORDER BY uniquekey`, lo, hi))
				cmd.Stdout, cmd.Stderr = &out, &stderr
				if err := cmd.Run(); err != nil {
					b.Errorf("process %d: %v: %s", p, err, stderr.String())
					return
				}
				mu.Lock()
				rows += strings.Count(out.String(), "\n") - 1 // minus the header
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	if rows != lines {
		b.Fatalf("exported %d rows of %d", rows, lines)
	}
	perSec := float64(rows*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "rows/s")
	b.ReportMetric(perSec/50000, "of-ceiling")
	b.ReportMetric(float64(emu.Governor().Snapshot().Account.Peak), "emulator-peak")
}
