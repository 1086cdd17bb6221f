package record_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/record"
	"github.com/go-netsuite/netsuite/sim"
)

// TestEmulator runs the service against the emulator's record endpoints.
func TestEmulator(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 500})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	svc := record.New(c)
	ctx := t.Context()

	p, err := svc.List(ctx, "customer", &record.ListOptions{Limit: 7})
	if err != nil {
		t.Fatal(err)
	}
	if p.Count != 7 || len(p.Items) != 7 || !p.HasMore || p.TotalResults <= 7 || p.Items[0].ID == "" {
		t.Fatalf("page %+v", p)
	}
	seen := map[string]bool{}
	for ref, err := range svc.All(ctx, "customer", &record.ListOptions{Limit: 50}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[ref.ID] {
			t.Fatalf("id %s twice", ref.ID)
		}
		seen[ref.ID] = true
	}
	if len(seen) != p.TotalResults {
		t.Errorf("All read %d ids, the list reports %d", len(seen), p.TotalResults)
	}

	rec, err := svc.Get(ctx, "customer", p.Items[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID() != p.Items[0].ID || rec.Self() == "" {
		t.Errorf("record %v", rec)
	}

	id, err := svc.Create(ctx, "customer", record.Record{"companyName": `Bob's "Best" Shop`, "email": "bob@example.com",
		"subsidiary": record.ByID("1")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Get(ctx, "customer", id, &record.GetOptions{Fields: []string{"companyName"}})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := got.String("companyName"); s != `Bob's "Best" Shop` {
		t.Errorf("created companyName %q", s)
	}
	filtered, err := svc.List(ctx, "customer", &record.ListOptions{Where: record.Q().Field("companyName").IsText(`Bob's "Best" Shop`)})
	if err != nil {
		t.Fatal(err)
	}
	if len(filtered.Items) != 1 || filtered.Items[0].ID != id {
		t.Errorf("q= filter found %+v, want id %s", filtered.Items, id)
	}
	if err := svc.Update(ctx, "customer", id, record.Record{"companyName": "Renamed"}); err != nil {
		t.Fatal(err)
	}
	if got, err = svc.Get(ctx, "customer", id, nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := got.String("companyName"); s != "Renamed" {
		t.Errorf("updated companyName %q", s)
	}
	if _, err := svc.Upsert(ctx, "customer", "E2E-1", record.Record{"companyName": "Upserted", "subsidiary": record.ByID("1")}); err != nil {
		t.Fatal(err)
	}
	if got, err = svc.Get(ctx, "customer", "eid:E2E-1", nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := got.String("companyName"); s != "Upserted" {
		t.Errorf("upserted companyName %q", s)
	}
	if err := svc.Delete(ctx, "customer", id); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(ctx, "customer", id, nil); !netsuite.IsNotFound(err) {
		t.Errorf("get after delete: %v", err)
	}

	// Metadata.
	cat, err := svc.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range cat {
		names[e.Name] = true
	}
	if !names["customer"] {
		t.Errorf("catalog %+v", cat)
	}
	if doc, err := svc.Schema(ctx, "customer"); err != nil || len(doc) < 10 {
		t.Errorf("schema %.200s %v", doc, err)
	}
	if doc, err := svc.OpenAPI(ctx, "customer"); err != nil || len(doc) < 10 {
		t.Errorf("openapi %.200s %v", doc, err)
	}

	// Async create, then the job.
	job, err := svc.Async(ctx, "POST", "customer", "", record.Record{"companyName": "Async Co", "subsidiary": record.ByID("1")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.Job(ctx, job, &record.PollOptions{Initial: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Job.Completed || len(res.Tasks) != 1 || !strings.Contains(res.Tasks[0].Location, "/services/rest/record/v1/customer/") {
		t.Fatalf("job %+v", res)
	}

	// A sales order's item sublist.
	so, err := svc.List(ctx, "salesOrder", &record.ListOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(so.Items) != 1 {
		t.Fatalf("sales orders %+v", so)
	}
	lines, err := svc.SubResource(ctx, "salesOrder", so.Items[0].ID, "item")
	if err != nil {
		t.Fatal(err)
	}
	items := lines.Items("")
	if len(items) == 0 {
		t.Fatalf("sub-resource %v", lines)
	}
	if ref, ok := items[0].Ref("item"); !ok || ref.ID == "" || ref.RefName == "" {
		t.Errorf("line item reference %+v", ref)
	}
}

// TestCreateWithLostAnswer: the emulator creates the record but the answer
// never reaches the client. Without an external id the client says the
// outcome is unknown and does not create it again; with one, it settles the
// create as an upsert by that external id, so there is exactly one record.
func TestCreateWithLostAnswer(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	var lost atomic.Int32
	// Lose the answer of the first POST of a record, after the server ran it.
	loseFirstCreate := func(next http.RoundTripper) http.RoundTripper {
		return netsuite.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			if err == nil && r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/record/v1/") && lost.Add(1) == 1 {
				resp.Body.Close()
				return nil, fmt.Errorf("reading the answer: %w", io.ErrUnexpectedEOF)
			}
			return resp, err
		})
	}
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}),
		netsuite.WithMiddleware(loseFirstCreate))
	if err != nil {
		t.Fatal(err)
	}
	svc := record.New(c)
	count := func(where string) int {
		var n int
		if err := emu.Store().DB().QueryRow(`SELECT COUNT(*) FROM customer WHERE ` + where).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		name  string
		body  record.Record
		where string
		check func(t *testing.T, id string, err error)
	}{
		{"no external id: the outcome is unknown", record.Record{"companyName": "Lost Answer Ltd", "subsidiary": record.ByID("1")},
			"companyname = 'Lost Answer Ltd'", func(t *testing.T, id string, err error) {
				var u *netsuite.UnknownOutcomeError
				if !errors.As(err, &u) || !strings.Contains(err.Error(), "externalId") {
					t.Errorf("id %q err %v, want an UnknownOutcomeError suggesting an externalId", id, err)
				}
			}},
		{"external id: settled by upsert", record.Record{"companyName": "Settled Ltd", "externalId": "SETTLE-1", "subsidiary": record.ByID("1")},
			"externalid = 'SETTLE-1'", func(t *testing.T, id string, err error) {
				if err != nil || id == "" {
					t.Fatalf("id %q err %v", id, err)
				}
				var got string
				emu.Store().DB().QueryRow(`SELECT id FROM customer WHERE externalid = 'SETTLE-1'`).Scan(&got)
				if got != id {
					t.Errorf("returned id %s, the record is %s", id, got)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lost.Store(0)
			id, err := svc.Create(t.Context(), "customer", tt.body)
			tt.check(t, id, err)
			if n := count(tt.where); n != 1 {
				t.Errorf("%d records, want exactly 1 (the first attempt ran; never a second)", n)
			}
		})
	}
}
