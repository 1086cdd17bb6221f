package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

func TestAudit(t *testing.T) {
	s, clk := newStore(t)
	ctx := t.Context()
	entries := []LoginEntry{
		{User: AdminEmail, Role: "TBA Role", Integration: "Demo Integration", TokenName: "tok", Surface: vocab.SurfaceSOAP, IP: "127.0.0.1", Status: "Success"},
		{User: "", Integration: "", Surface: vocab.SurfaceREST, IP: "10.0.0.1", Status: "failure", Detail: vocab.DetailConsumerKeyUnknown},
		{User: AdminEmail, Role: "TBA Role", Integration: "Demo Integration", TokenName: "tok", Surface: vocab.SurfaceREST, IP: "127.0.0.1", Status: vocab.StatusFailure, Detail: vocab.DetailInvalidSignature},
		{User: "bob@example.com", Role: "Clerk", Integration: "Other", TokenName: "t2", Surface: vocab.SurfaceRESTlet, IP: "::1", Status: vocab.StatusSuccess},
	}
	for i, e := range entries {
		clk.Advance(time.Minute)
		if err := s.RecordLogin(ctx, e); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	// An explicit time is kept; records may arrive out of order.
	early := LoginEntry{Time: t0.Add(30 * time.Second), User: AdminEmail, Status: vocab.StatusFailure, Detail: vocab.DetailNonceRejected}
	if err := s.RecordLogin(ctx, early); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLogin(ctx, LoginEntry{Status: "Maybe"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad status: %v", err)
	}

	all, err := s.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range all {
		details = append(details, fmt.Sprintf("%s/%s/%s", e.Time.Format("15:04:05"), e.Status, e.Detail))
	}
	wantAll := []string{
		"09:04:00/Success/", "09:03:00/Failure/InvalidSignature", "09:02:00/Failure/consumer_key_unknown",
		"09:01:00/Success/", "09:00:30/Failure/NonceRejected",
	}
	if d := cmp.Diff(wantAll, details); d != "" {
		t.Errorf("newest first (-want +got):\n%s", d)
	}
	first := all[len(all)-2]
	want := LoginEntry{ID: 1, Time: t0.Add(time.Minute), User: AdminEmail, Role: "TBA Role", Integration: "Demo Integration",
		TokenName: "tok", Surface: vocab.SurfaceSOAP, IP: "127.0.0.1", Status: vocab.StatusSuccess}
	if d := cmp.Diff(want, first); d != "" {
		t.Errorf("entry (-want +got):\n%s", d)
	}

	tests := []struct {
		name string
		f    AuditFilter
		want int
	}{
		{"limit", AuditFilter{Limit: 2}, 2},
		{"since inclusive", AuditFilter{Since: t0.Add(2 * time.Minute)}, 3},
		{"since future", AuditFilter{Since: t0.Add(time.Hour)}, 0},
		{"failures", AuditFilter{Status: "FAILURE"}, 3},
		{"successes", AuditFilter{Status: vocab.StatusSuccess}, 2},
		{"user", AuditFilter{User: "ADMIN@example.com"}, 3},
		{"integration", AuditFilter{Integration: "demo integration"}, 2},
		{"combined", AuditFilter{User: AdminEmail, Status: vocab.StatusFailure, Since: t0.Add(time.Minute)}, 1},
		{"combined with limit", AuditFilter{Status: vocab.StatusFailure, Limit: 1}, 1},
	}
	for _, tt := range tests {
		got, err := s.Audit(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.name, len(got), tt.want)
		}
	}
	got, _ := s.Audit(ctx, AuditFilter{Status: vocab.StatusFailure, Limit: 1})
	if got[0].Detail != vocab.DetailInvalidSignature {
		t.Errorf("newest failure = %+v", got[0])
	}
	if _, err := s.Audit(ctx, AuditFilter{Status: "x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad status filter: %v", err)
	}
	if _, err := s.Audit(ctx, AuditFilter{Limit: -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative limit: %v", err)
	}
	for _, in := range []string{"soap", "REST", "RESTlet"} {
		if _, err := ParseSurface(in); err != nil {
			t.Errorf("ParseSurface(%q): %v", in, err)
		}
	}
	if _, err := ParseSurface("GraphQL"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseSurface(GraphQL): %v", err)
	}
}

func TestAuditRetention(t *testing.T) {
	s, err := OpenWith("", Options{AuditRetention: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	for i := range 1000 {
		if err := s.RecordLogin(ctx, LoginEntry{Status: vocab.StatusSuccess, Detail: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 || got[0].Detail != "999" || got[9].Detail != "990" {
		t.Errorf("after pruning: %d rows, newest %q", len(got), got[0].Detail)
	}
	// Recording logins does not touch the account model or its cache.
	gen := s.cache.generation()
	_ = s.RecordLogin(ctx, LoginEntry{Status: vocab.StatusSuccess})
	if s.cache.generation() != gen {
		t.Error("RecordLogin invalidated the lookup cache")
	}
}
