package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite/internal/soak"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
)

func newSimSoakCmd(e *env) *cobra.Command {
	var o soak.Options
	var output, mix string
	var latency faults.LatencyValue
	rates := faults.RatesValue{}
	if err := rates.Set(soak.DefaultFaults); err != nil {
		panic(err) // a constant of package soak
	}
	var faultSeed uint64
	var demoSize int
	cmd := &cobra.Command{
		Use:   "soak",
		Short: "Run a mixed workload with injected faults against an in-process emulator and check its database",
		Long: `soak starts an emulator in this process with faults injected (--fault-rate),
and runs --ops operations over --workers goroutines through one client built
as any caller builds it (the default retry policy, a concurrency limiter
sized to the account's limit): creates with external ids, upserts, updates,
deletes, gets, SuiteQL pages and RESTlet calls. Another integration takes
the account's free slots in short bursts (--contention), so requests are
refused over the limit too.

Each worker keeps a ledger of what the database must hold for its external
ids; at the end the emulator's database is counted per external id: lost
writes, duplicated writes, lost updates and deletes. Reads are compared with
the last write as they happen. The exit status is 1 when anything was lost,
duplicated, failed or wrong.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "table" && output != "json" {
				return fmt.Errorf("--output %q: want table or json", output)
			}
			switch {
			case o.Ops < 1:
				return fmt.Errorf("--ops %d: want at least 1", o.Ops)
			case o.Workers < 1:
				return fmt.Errorf("--workers %d: want at least 1", o.Workers)
			case o.Keys < 1:
				return fmt.Errorf("--keys %d: want at least 1", o.Keys)
			}
			if o.Contention == 0 {
				o.Contention = -1 // none (0 means the default to soak.Run)
			}
			if mix != "" {
				m, err := soak.ParseMix(mix)
				if err != nil {
					return err
				}
				o.Mix = m
			}
			ctx := cmd.Context()
			emu, err := sim.Start(ctx, sim.Config{Provision: true, Demo: true, DemoSize: demoSize, Latency: latency.Latency,
				Rates: rates.Rates, FaultSeed: faultSeed, Logger: e.logger(), Warn: e.warn})
			if err != nil {
				return err
			}
			defer emu.Close()
			if e.verbose {
				o.Progress = func(done int) { fmt.Fprintf(e.stderr, "soak: %d of %d operations\n", done, o.Ops) }
			}
			rep, err := soak.Run(ctx, emu, o)
			if err != nil {
				return err
			}
			if output == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else if err := rep.WriteTable(e.stdout); err != nil {
				return err
			}
			if !rep.OK() {
				return &exitError{code: 1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Ops, "ops", 10_000, "operations to run")
	f.IntVar(&o.Workers, "workers", 16, "goroutines sharing the client")
	f.IntVar(&o.Keys, "keys", 20, "external ids per worker")
	f.Uint64Var(&o.Seed, "seed", 1, "workload seed")
	f.StringVar(&mix, "mix", "", "operation weights, e.g. create=20,upsert=15,update=15,delete=10,get=15,suiteql=10,restlet=15 (add create-noeid=N for creates without an external id)")
	f.Float64Var(&o.Contention, "contention", 0.1, "fraction of the time another integration holds the account's free slots (0 for none)")
	f.Var(&rates, "fault-rate", "fault rates (see netsuite sim serve --help)")
	f.Uint64Var(&faultSeed, "fault-seed", 1, "seed for latency and fault decisions")
	f.Var(&latency, "latency", "added latency: 100ms, fixed:100ms, uniform:50ms-150ms or lognormal:100ms,0.5")
	f.IntVar(&demoSize, "demo-size", 200, "demo transaction lines of the emulator's account")
	f.StringVarP(&output, "output", "o", "table", "table or json")
	return cmd
}
