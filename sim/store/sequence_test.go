package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func nextIDTx(t *testing.T, s *Store, alloc func(ctx context.Context, tx *sql.Tx) (int64, error)) int64 {
	t.Helper()
	tx, err := s.DB().BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	id, err := alloc(t.Context(), tx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestNextIDNeverReuses: an id is never given out twice, also not after
// the row holding it was deleted, in every id space; a rolled-back
// allocation is not lost; rows written without the allocator (the demo)
// are never collided with.
func TestNextIDNeverReuses(t *testing.T) {
	ctx := context.Background()
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 100, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	maxOf := func(q string) int64 {
		var n int64
		if err := s.DB().QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	entityMax := maxOf(`SELECT MAX(id) FROM (SELECT id FROM employee UNION ALL SELECT id FROM customer UNION ALL SELECT id FROM vendor UNION ALL SELECT id FROM contact)`)
	tests := []struct {
		name   string
		seq    string
		table  string // the row with the highest key is deleted first
		key    string
		maxSQL string
	}{
		{"customer (entity space)", SequenceOf("customer"), "customer", "id", ""},
		{"vendor shares it", SequenceOf("vendor"), "vendor", "id", ""},
		{"transaction", SequenceOf("transaction"), "transaction", "id", `SELECT MAX(id) FROM "transaction"`},
		{"transaction line key", SequenceOf("transactionline"), "transactionline", "uniquekey", `SELECT MAX(uniquekey) FROM transactionline`},
		{"item", SequenceOf("item"), "item", "id", `SELECT MAX(id) FROM item`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			top := entityMax
			if tc.maxSQL != "" {
				top = maxOf(tc.maxSQL)
			}
			// Delete the newest row, as a user would, before the next create.
			if _, err := s.DB().Exec(`DELETE FROM "` + tc.table + `" WHERE "` + tc.key + `" = (SELECT MAX("` + tc.key + `") FROM "` + tc.table + `")`); err != nil {
				t.Fatal(err)
			}
			first := nextIDTx(t, s, func(ctx context.Context, tx *sql.Tx) (int64, error) { return NextID(ctx, tx, tc.seq) })
			if first <= top {
				t.Errorf("new id %d, but ids up to %d were given out already", first, top)
			}
			// A rolled-back allocation: the id may be given again (nothing holds it).
			tx, _ := s.DB().BeginTx(ctx, nil)
			if _, err := NextID(ctx, tx, tc.seq); err != nil {
				t.Fatal(err)
			}
			tx.Rollback()
			second := nextIDTx(t, s, func(ctx context.Context, tx *sql.Tx) (int64, error) { return NextID(ctx, tx, tc.seq) })
			if second != first+1 {
				t.Errorf("second id %d, want %d", second, first+1)
			}
			if tc.seq == EntitySequence {
				entityMax = second
			}
		})
	}

	t.Run("line ids within a transaction", func(t *testing.T) {
		var tran, top int64
		if err := s.DB().QueryRow(`SELECT "transaction", MAX(id) FROM transactionline GROUP BY "transaction" HAVING MAX(id) >= 2 LIMIT 1`).Scan(&tran, &top); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().Exec(`DELETE FROM transactionline WHERE "transaction" = ? AND id = ?`, tran, top); err != nil {
			t.Fatal(err)
		}
		// The first allocation starts from the lines present (see initSequences).
		a := nextIDTx(t, s, func(ctx context.Context, tx *sql.Tx) (int64, error) { return NextLineID(ctx, tx, tran) })
		if _, err := s.DB().Exec(`DELETE FROM transactionline WHERE "transaction" = ? AND id >= ?`, tran, a-1); err != nil {
			t.Fatal(err)
		}
		b := nextIDTx(t, s, func(ctx context.Context, tx *sql.Tx) (int64, error) { return NextLineID(ctx, tx, tran) })
		if b != a+1 {
			t.Errorf("after removing lines, the next line id is %d, want %d", b, a+1)
		}
		var otherTop int64
		if err := s.DB().QueryRow(`SELECT COALESCE(MAX(id), 0) FROM transactionline WHERE "transaction" = ?`, tran+1).Scan(&otherTop); err != nil {
			t.Fatal(err)
		}
		other := nextIDTx(t, s, func(ctx context.Context, tx *sql.Tx) (int64, error) { return NextLineID(ctx, tx, tran+1) })
		if other != otherTop+1 {
			t.Errorf("another transaction's next line id is %d, want %d (its own)", other, otherTop+1)
		}
	})

	t.Run("custom roles start at 1001", func(t *testing.T) {
		r, err := s.CreateRole(ctx, RoleInput{Name: "First custom"})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID != 1001 {
			t.Errorf("first custom role id %d, want 1001", r.ID)
		}
	})
}

// TestMigrateToSequences: a version 3 state file gains the sequences,
// initialised from the ids in use, so that the newest record deleted right
// after the upgrade does not give its id to the next create.
func TestMigrateToSequences(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 100, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("DROP TABLE acct_sequence; PRAGMA user_version = 3"); err != nil {
		t.Fatal(err)
	}
	var top int64
	if err := s.DB().QueryRow(`SELECT MAX(id) FROM "transaction"`).Scan(&top); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.DB().Exec(`DELETE FROM "transaction" WHERE id = ?`, top); err != nil {
		t.Fatal(err)
	}
	if id := nextIDTx(t, s, func(ctx context.Context, tx *sql.Tx) (int64, error) { return NextID(ctx, tx, "transaction") }); id != top+1 {
		t.Errorf("next transaction id after the upgrade and a delete: %d, want %d", id, top+1)
	}
}
