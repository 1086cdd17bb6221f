package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
)

func startEmulator(t testing.TB, rates string) *sim.Emulator {
	t.Helper()
	r, err := faults.ParseRates(rates)
	if err != nil {
		t.Fatal(err)
	}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 50, Rates: r, FaultSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	return emu
}

// TestSoakShort is the CI run: a mixed workload with 10 % faults and
// another integration contending for the account's slots, checked against
// the emulator's database.
func TestSoakShort(t *testing.T) {
	emu := startEmulator(t, DefaultFaults)
	ops := 1500
	if testing.Short() {
		ops = 1000
	}
	rep, err := Run(t.Context(), emu, Options{Ops: ops, Workers: 12, Keys: 10, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rep.WriteTable(&buf)
	t.Log("\n" + buf.String())
	if !rep.OK() {
		t.Fatalf("soak failed: %s", strings.Join(rep.Problems(), ", "))
	}
	// The run must have met every kind of trouble it is about, or it
	// proves nothing.
	f := rep.Faults
	for name, n := range map[string]uint64{"500": f.Error500, "503": f.Error503, "drop": f.Drop, "drop-after": f.DropAfter,
		"slow": f.Slow, "limit-badlogin": f.LimitBadLogin} {
		if n == 0 {
			t.Errorf("no %s fault was injected", name)
		}
	}
	if rep.Wire.Status429 == 0 || rep.Client.Retries == 0 || rep.Checked == 0 {
		t.Errorf("429s %d, retries %d, checked %d: want each > 0", rep.Wire.Status429, rep.Client.Retries, rep.Checked)
	}
	for _, k := range []Kind{Create, Upsert, Update, Delete, Get, SuiteQL, RESTlet, SOAPGet, SharedUpsert} {
		if rep.Ran[k] == 0 {
			t.Errorf("no %s ran", k)
		}
	}
	if rep.Peak > rep.Limit {
		t.Errorf("emulator peak %d over the limit %d", rep.Peak, rep.Limit)
	}
	var back map[string]any
	if b, err := json.Marshal(rep); err != nil || json.Unmarshal(b, &back) != nil || back["lost_writes"] != float64(0) {
		t.Errorf("JSON report: %s %v", b, err)
	}
}
