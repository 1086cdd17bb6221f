package store

import (
	"context"
	"testing"
)

// TestDemoReferencesResolve: every currency, subsidiary and entity status
// the demo rows use exists in the reference tables, for a demo of any size
// and for an account without demo data after EnsureReferenceRows.
func TestDemoReferencesResolve(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(*Store) error
	}{
		{"demo", func(s *Store) error { _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 300, Seed: 7}); return err }},
		{"empty demo", func(s *Store) error { _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 0, Seed: 7}); return err }},
		{"no demo", func(s *Store) error { return s.EnsureReferenceRows(ctx) }},
		{"twice", func(s *Store) error {
			if err := s.EnsureReferenceRows(ctx); err != nil {
				return err
			}
			return s.EnsureReferenceRows(ctx)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenWith("", Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := tc.setup(s); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`SELECT COUNT(*) FROM currency WHERE id = 1 AND isbasecurrency = 'T' AND isinactive = 'F'`,
				`SELECT COUNT(*) FROM subsidiary WHERE id = 1 AND parent IS NULL AND currency = 1`,
				`SELECT COUNT(*) FROM customerstatus WHERE id = 13 AND stage = 'CUSTOMER'`,
			} {
				var n int
				if err := s.DB().QueryRow(q).Scan(&n); err != nil || n != 1 {
					t.Errorf("%s: %d %v", q, n, err)
				}
			}
			if tc.name != "demo" {
				return
			}
			for _, q := range []string{
				`SELECT COUNT(*) FROM customer WHERE currency NOT IN (SELECT id FROM currency) OR subsidiary NOT IN (SELECT id FROM subsidiary) OR entitystatus NOT IN (SELECT id FROM customerstatus)`,
				`SELECT COUNT(*) FROM vendor WHERE currency NOT IN (SELECT id FROM currency) OR subsidiary NOT IN (SELECT id FROM subsidiary)`,
				`SELECT COUNT(*) FROM "transaction" WHERE currency NOT IN (SELECT id FROM currency)`,
				`SELECT COUNT(*) FROM subsidiary WHERE currency NOT IN (SELECT id FROM currency) OR parent NOT IN (SELECT id FROM subsidiary)`,
			} {
				var n int
				if err := s.DB().QueryRow(q).Scan(&n); err != nil || n != 0 {
					t.Errorf("%s: %d dangling (%v)", q, n, err)
				}
			}
		})
	}
}
