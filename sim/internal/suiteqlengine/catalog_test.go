package suiteqlengine

import (
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim/store"
)

// columnsOf lists a table's columns as SQLite has them, with their NOT NULL
// flags.
func columnsOf(t *testing.T, db *sql.DB, table string) map[string]bool {
	t.Helper()
	rows, err := db.Query(`SELECT name, "notnull", pk FROM pragma_table_info(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var name string
		var notNull, pk int
		if err := rows.Scan(&name, &notNull, &pk); err != nil {
			t.Fatal(err)
		}
		out[name] = notNull == 1 || pk == 1
	}
	return out
}

// TestDefaultCatalogMatchesDemo compares the default catalog with the
// tables sim/store generates, so that a schema change on either side shows
// here, and runs a few queries over generated data.
func TestDefaultCatalogMatchesDemo(t *testing.T) {
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.GenerateDemo(t.Context(), store.DemoOptions{Lines: 400, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	db := st.DB()
	for _, name := range store.DemoTables {
		tbl := DefaultCatalog().Table(name)
		if tbl == nil {
			t.Errorf("demo table %s is not in the catalog", name)
			continue
		}
		have := columnsOf(t, db, name)
		var cat []string
		for _, c := range tbl.Columns {
			cat = append(cat, c.Name)
			notNull, ok := have[c.Name]
			switch {
			case !ok:
				t.Errorf("%s.%s is in the catalog but not in the demo table", name, c.Name)
			case c.NotNull && !notNull:
				t.Errorf("%s.%s is NOT NULL in the catalog only", name, c.Name)
			}
		}
		for c := range have {
			if !slices.Contains(cat, c) {
				t.Errorf("%s.%s is in the demo table but not in the catalog", name, c)
			}
		}
	}
	for _, q := range []string{
		"SELECT t.tranid, BUILTIN.DF(t.entity) c, BUILTIN.DF(t.status) s, t.trandate FROM transaction t WHERE t.type = 'CustInvc' ORDER BY t.id",
		"SELECT tl.transaction, BUILTIN.DF(tl.item) i, tl.quantity, tl.rate FROM transactionline tl WHERE tl.mainline = 'F' ORDER BY tl.uniquekey",
		"SELECT id, entityid, BUILTIN.DF(salesrep) rep FROM customer ORDER BY lastmodifieddate, id",
		"SELECT k.entityid, BUILTIN.DF(k.company) FROM contact k",
		"SELECT type, COUNT(*) FROM transaction GROUP BY type",
		"SELECT * FROM vendor", "SELECT * FROM employee", "SELECT * FROM item",
	} {
		res, err := Execute(t.Context(), db, q, ExecOptions{Limit: 50})
		if err != nil {
			t.Errorf("%s: %v (%s)", q, err, reason(err))
			continue
		}
		if res.TotalResults == 0 || res.Count == 0 {
			t.Errorf("%s: no rows", q)
		}
		for _, r := range res.Items {
			for _, f := range r {
				if f.Value == "" || strings.HasSuffix(f.Value, ".0") {
					t.Errorf("%s: value %q of %s", q, f.Value, f.Name)
				}
			}
		}
	}
}
