package store

import (
	"context"
	"slices"
	"testing"
)

// TestHasRecords: an account holds records once any demo table or custom
// record type's table has a row; empty tables are no records.
func TestHasRecords(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, s *Store)
		want  bool
	}{
		{"fresh account", func(*testing.T, *Store) {}, false},
		{"reference rows only (currencies, subsidiaries)", func(t *testing.T, s *Store) {
			if err := s.EnsureReferenceRows(ctx); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"demo tables emptied", func(t *testing.T, s *Store) {
			if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 20, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			for _, tbl := range DemoTables {
				if slices.Contains(referenceTableNames, tbl) {
					continue
				}
				if _, err := s.DB().Exec(`DELETE FROM "` + tbl + `"`); err != nil {
					t.Fatal(err)
				}
			}
		}, false},
		{"demo data", func(t *testing.T, s *Store) {
			if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 20, Seed: 1}); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"one custom record only", func(t *testing.T, s *Store) {
			if _, err := s.LoadAccountFile(ctx, "testdata/custom-records.toml"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().Exec(`INSERT INTO customrecord_depot (id, name, created, lastmodified) VALUES (1, 'North', 'x', 'x')`); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"custom record types without records", func(t *testing.T, s *Store) {
			if _, err := s.LoadAccountFile(ctx, "testdata/custom-records.toml"); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open("")
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			tc.setup(t, s)
			if got, err := s.HasRecords(ctx); err != nil || got != tc.want {
				t.Errorf("HasRecords = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
