package records

import (
	"context"
	"testing"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/store"
)

// FuzzRecordQuery: no q= makes the parser panic, and every accepted q runs
// in SQLite.
func FuzzRecordQuery(f *testing.F) {
	st, err := store.Open("")
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	s := New(&core.Core{Store: st})
	if err := s.ensureTables(context.Background()); err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{`isInactive IS true`, `companyName CONTAIN "a\"b" OR (creditLimit BETWEEN [1, 2] AND id ANY_OF 1, 2)`,
		`dateCreated ON_OR_AFTER 1/2/2024`, `(`, `salesRep EMPTY_NOT`, `email START_WITH_NOT '%_'`} {
		f.Add(q)
	}
	cat := catalog.Default()
	rec := cat.Record("customer")
	f.Fuzz(func(t *testing.T, q string) {
		cond, args, err := parseRecordQuery(cat, rec, q)
		if err != nil {
			return
		}
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM customer AS t WHERE `+cond, args...).Scan(&n); err != nil {
			t.Fatalf("%q -> %s: %v", q, cond, err)
		}
	})
}
