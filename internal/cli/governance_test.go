package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/store"
)

// TestConcurrentQueriesShareTheLimit: 20 `netsuite query` runs at once
// against an account whose limit is 5 (the emulator refuses the sixth
// request with 429) all succeed: they wait for one of the process's 5
// slots instead of being refused, and the emulator never serves more than
// 5 at once. Before the limiter and retries, some failed with 429.
func TestConcurrentQueriesShareTheLimit(t *testing.T) {
	lat, err := faults.ParseLatency("20ms")
	if err != nil {
		t.Fatal(err)
	}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 500, DemoSeed: 3, Latency: lat})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	if err := emu.Governor().SetLimits(governor.Limits{Account: 5}); err != nil {
		t.Fatal(err)
	}
	emu.Governor().ResetPeak()
	env := simEnv(emu)
	env["NETSUITE_CONCURRENCY"] = "5"
	var wg sync.WaitGroup
	errs := make(chan string, 20)
	for i := range 20 {
		wg.Go(func() {
			_, stderr, code := run(t, env, "query", "-o", "csv", fmt.Sprintf("SELECT id FROM customer WHERE id > %d ORDER BY id FETCH FIRST 3 ROWS ONLY", i))
			if code != 0 {
				errs <- stderr
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("a query failed: %s", e)
	}
	// The emulator refuses what is over its limit, so its peak cannot pass
	// 5 whatever the client does; what shows that the 20 commands shared
	// one limiter is that the emulator never had to refuse one of them
	// (retries would hide the refusals from the exit codes).
	s := emu.Governor().Snapshot()
	if s.Account.Peak > 5 {
		t.Errorf("the emulator served %d requests at once, over the limit of 5", s.Account.Peak)
	}
	if s.Account.Refused != 0 {
		t.Errorf("the emulator refused %d requests for the concurrency limit: the commands did not share one limiter of 5", s.Account.Refused)
	}
}

func TestGovernanceCommand(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	// A Standard account with one SuiteCloud Plus licence: 5 + 10.
	one := 1
	if _, err := emu.Store().UpdateAccount(context.Background(), store.AccountUpdate{SuiteCloudPlusLicenses: &one}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"table", []string{"governance"}, []string{"account concurrency limit", "15", "limit used by this machine", "5 (default",
			"set concurrency = 15"}},
		{"configured", []string{"--concurrency", "15", "governance"}, []string{"limit used by this machine", "15 (flag --concurrency)"}},
		{"json", []string{"governance", "-o", "json"}, []string{`"accountConcurrencyLimit": 15`, `"concurrency": 5`}},
		{"verbose summary", []string{"-v", "governance"}, []string{"netsuite: 1 requests, 1 attempts, 0 retries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, simEnv(emu), tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("output lacks %q:\n%s%s", w, stdout, stderr)
				}
			}
		})
	}
}
