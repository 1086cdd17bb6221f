package soak

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-netsuite/netsuite/sim/faults"
)

// Report is the outcome of a soak run. The write checks (Lost, Duplicated,
// LostUpdates, LostDeletes, Stray) come from the emulator's database; the
// read checks from each read's answer compared with the ledger.
type Report struct {
	Ops        int    `json:"ops"`
	Workers    int    `json:"workers"`
	Limit      int    `json:"concurrency_limit"`
	Seed       uint64 `json:"seed"`
	Prefix     string `json:"external_id_prefix"`
	FaultRates string `json:"fault_rates"`

	Elapsed time.Duration `json:"elapsed_ns"`
	// Ran counts the operations run per kind.
	Ran map[Kind]int `json:"ran"`

	// Lost: external ids the ledger says exist with no customer in the
	// database.
	Lost int `json:"lost_writes"`
	// Duplicated: extra customers for one external id (a count of 3 for
	// one id adds 2).
	Duplicated int `json:"duplicated_writes"`
	// LostUpdates: customers whose companyName is not the last one written.
	LostUpdates int `json:"lost_updates"`
	// LostDeletes: customers that exist although their last write deleted them.
	LostDeletes int `json:"lost_deletes"`
	// Stray: customers of the run's prefix no key of the ledger names.
	Stray int `json:"stray_records"`
	// FailedReads: reads that returned an error after the client's retries.
	FailedReads int `json:"failed_reads"`
	// WrongReads: reads whose answer differs from the last write.
	WrongReads int `json:"wrong_reads"`
	// FailedWrites: writes that returned an error to the caller after the
	// client's retries (the caller knows; their keys are not checked
	// further, except for duplicates).
	FailedWrites int `json:"failed_writes"`
	// UnknownOutcomes: creates without an external id whose outcome was
	// unknown, reported to the caller as such (an UnknownOutcomeError).
	UnknownOutcomes int `json:"unknown_outcomes"`
	// DeleteRetried404: deletes whose first attempt ran and lost its
	// answer, and whose retry found the record gone (counted as done).
	DeleteRetried404 int `json:"delete_retried_404"`
	// Checked counts the external ids checked against the database.
	Checked int `json:"checked_external_ids"`

	Client ClientStats `json:"client"`
	Wire   WireStats   `json:"wire"`
	Faults faultCounts `json:"faults_injected"`
	// Contended counts the slots the other integration took.
	Contended int64 `json:"other_integration_slots"`
	// Peak is the emulator's peak of concurrent requests.
	Peak    int       `json:"emulator_peak"`
	Latency []Latency `json:"latency"`
	Errors  []string  `json:"errors,omitempty"`
}

// ClientStats are the retry policy's counters (netsuite.RetryStats).
type ClientStats struct {
	Requests int64         `json:"requests"`
	Attempts int64         `json:"attempts"`
	Retries  int64         `json:"retries"`
	Refusals int64         `json:"refusals"`
	Unknown  int64         `json:"unknown_outcome_errors"`
	Backoff  time.Duration `json:"backoff_ns"`
}

// WireStats count the attempts by what came back.
type WireStats struct {
	Attempts  int64 `json:"attempts"`
	NoAnswer  int64 `json:"no_answer"` // connection closed or reset before an answer
	Status429 int64 `json:"status_429"`
	Status401 int64 `json:"status_401"`
	Status5xx int64 `json:"status_5xx"`
	// Other4xx: RESTlet refusals over the limit (400
	// SSS_REQUEST_LIMIT_EXCEEDED) and the 404s of retried deletes.
	Other4xx int64 `json:"other_4xx"`
	// SOAPFaults: SOAP answers with a fault (HTTP 500: over the limit,
	// unexpected error, bad login), also counted in Status5xx.
	SOAPFaults int64 `json:"soap_faults"`
}

// faultCounts are the emulator injector's counts of one run.
type faultCounts struct {
	Requests      uint64 `json:"requests"`
	Error500      uint64 `json:"500"`
	Error503      uint64 `json:"503"`
	Drop          uint64 `json:"drop"`
	DropAfter     uint64 `json:"drop_after"`
	Slow          uint64 `json:"slow"`
	BadLogin      uint64 `json:"badlogin"`
	LimitBadLogin uint64 `json:"limit_badlogin"`
}

func faultCountsOf(c faults.Counts) faultCounts {
	return faultCounts{c.Requests, c.Error500, c.Error503, c.Drops, c.DropsAfter, c.Slow, c.BadLogin, c.LimitBadLogin}
}

func (a faultCounts) minus(b faultCounts) faultCounts {
	return faultCounts{a.Requests - b.Requests, a.Error500 - b.Error500, a.Error503 - b.Error503, a.Drop - b.Drop,
		a.DropAfter - b.DropAfter, a.Slow - b.Slow, a.BadLogin - b.BadLogin, a.LimitBadLogin - b.LimitBadLogin}
}

func (f faultCounts) total() uint64 {
	return f.Error500 + f.Error503 + f.Drop + f.DropAfter + f.Slow + f.BadLogin
}

// Latency summarises one kind's operation times (retries and waits for a
// slot included).
type Latency struct {
	Kind Kind          `json:"kind"`
	N    int           `json:"n"`
	P50  time.Duration `json:"p50_ns"`
	P99  time.Duration `json:"p99_ns"`
	Max  time.Duration `json:"max_ns"`
}

// OK reports whether the run kept every promise: no write lost or
// duplicated (records, updates, deletes), no stray record, no read failed
// or wrong, and no write that failed.
func (r *Report) OK() bool {
	return r.Lost == 0 && r.Duplicated == 0 && r.LostUpdates == 0 && r.LostDeletes == 0 && r.Stray == 0 &&
		r.FailedReads == 0 && r.WrongReads == 0 && r.FailedWrites == 0
}

// Problems lists what OK found wrong, one phrase each.
func (r *Report) Problems() []string {
	var p []string
	add := func(n int, what string) {
		if n > 0 {
			p = append(p, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(r.Lost, "lost writes")
	add(r.Duplicated, "duplicated writes")
	add(r.LostUpdates, "lost updates")
	add(r.LostDeletes, "lost deletes")
	add(r.Stray, "stray records")
	add(r.FailedReads, "failed reads")
	add(r.WrongReads, "wrong reads")
	add(r.FailedWrites, "failed writes")
	return p
}

// verify counts the customers of the run per external id in the
// emulator's database and compares them with the ledger.
func verify(ctx context.Context, db *sql.DB, prefix string, keys []*key, shared []*sharedKey, rep *Report) error {
	rows, err := db.QueryContext(ctx, `SELECT externalid, COUNT(*), MIN(companyname), MAX(companyname)
		FROM customer WHERE externalid LIKE ? GROUP BY externalid`, prefix+"-%")
	if err != nil {
		return fmt.Errorf("soak: counting the run's customers in the emulator's database: %w", err)
	}
	defer rows.Close()
	db1 := map[string]dbRow{}
	for rows.Next() {
		var eid string
		var f dbRow
		var lo, hi sql.NullString
		if err := rows.Scan(&eid, &f.n, &lo, &hi); err != nil {
			return fmt.Errorf("soak: reading the emulator's database: %w", err)
		}
		f.min, f.max = lo.String, hi.String
		db1[eid] = f
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("soak: reading the emulator's database: %w", err)
	}
	check(db1, keys, shared, rep)
	return nil
}

// dbRow is what the database holds for one external id.
type dbRow struct {
	n        int
	min, max string // companyName, lowest and highest
}

// check compares the database's rows per external id with the ledger.
func check(db map[string]dbRow, keys []*key, shared []*sharedKey, rep *Report) {
	named := make(map[string]bool, len(keys)+len(shared))
	for _, k := range shared {
		// Written by every worker at once: exactly one record, holding
		// one of the values written (which one is not known).
		named[k.eid] = true
		got := db[k.eid]
		rep.Checked++
		switch {
		case got.n > 1:
			rep.Duplicated += got.n - 1
		case got.n == 0 && k.ok:
			rep.Lost++
		case got.n == 1 && !k.written[got.max]:
			rep.LostUpdates++
		}
	}
	for _, k := range keys {
		named[k.eid] = true
		got := db[k.eid]
		if got.n > 1 {
			rep.Duplicated += got.n - 1
		}
		if k.uncertain {
			continue
		}
		rep.Checked++
		switch {
		case k.present && got.n == 0:
			rep.Lost++
		case k.present && got.n == 1 && got.max != k.name:
			rep.LostUpdates++
		case !k.present && got.n > 0 && k.written:
			rep.LostDeletes++
		case !k.present && got.n > 0:
			rep.Stray += got.n // never written, yet there
		}
	}
	for eid, got := range db {
		if !named[eid] {
			rep.Stray += got.n
		}
	}
}

// WriteTable writes the report as text tables.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	verdict := "PASS"
	if !r.OK() {
		verdict = "FAIL: " + strings.Join(r.Problems(), ", ")
	}
	p("soak\t%s", verdict)
	p("operations\t%d by %d workers in %s (%.0f ops/s), concurrency limit %d, seed %d",
		r.Ops, r.Workers, r.Elapsed.Round(time.Millisecond), float64(r.Ops)/r.Elapsed.Seconds(), r.Limit, r.Seed)
	p("faults\t%s", orNone(r.FaultRates))
	p("")
	p("checked against the emulator's database (%d external ids)", r.Checked)
	p("lost writes\t%d", r.Lost)
	p("duplicated writes\t%d", r.Duplicated)
	p("lost updates\t%d", r.LostUpdates)
	p("lost deletes\t%d", r.LostDeletes)
	p("stray records\t%d", r.Stray)
	p("failed reads\t%d", r.FailedReads)
	p("wrong reads\t%d", r.WrongReads)
	p("failed writes\t%d", r.FailedWrites)
	p("unknown outcomes\t%d\t(creates without an external id, reported to the caller)", r.UnknownOutcomes)
	p("")
	p("client\t%d requests, %d attempts, %d retries, %d concurrency refusals, %d unknown outcomes (creates with an external id settle them by upsert), %s backoff",
		r.Client.Requests, r.Client.Attempts, r.Client.Retries, r.Client.Refusals, r.Client.Unknown, r.Client.Backoff.Round(time.Millisecond))
	p("settled\t%d deletes found already done by their lost first attempt", r.DeleteRetried404)
	p("wire\t%d attempts: %d no answer, %d × 429, %d × 401, %d × 5xx (%d of them SOAP faults), %d other 4xx (RESTlet 400 refusals, retried deletes' 404)",
		r.Wire.Attempts, r.Wire.NoAnswer, r.Wire.Status429, r.Wire.Status401, r.Wire.Status5xx, r.Wire.SOAPFaults, r.Wire.Other4xx)
	f := r.Faults
	p("injected\t%d of %d requests (%.1f %%): %d × 500, %d × 503, %d drop, %d drop-after, %d slow, %d badlogin; %d over-limit answered as badlogin",
		f.total(), f.Requests, 100*float64(f.total())/float64(max(f.Requests, 1)), f.Error500, f.Error503, f.Drop, f.DropAfter, f.Slow, f.BadLogin, f.LimitBadLogin)
	p("contention\tanother integration took %d slots in bursts; emulator peak %d of %d", r.Contended, r.Peak, r.Limit)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tn\tp50\tp99\tmax\t")
	for _, l := range r.Latency {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", l.Kind, l.N, round(l.P50), round(l.P99), round(l.Max))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Errors) > 0 {
		fmt.Fprintln(w, "\nfirst errors:")
		for _, e := range r.Errors {
			fmt.Fprintln(w, "  "+e)
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
