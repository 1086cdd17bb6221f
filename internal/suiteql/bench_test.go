package suiteql

import (
	"database/sql"
	"fmt"
	"sync"
	"testing"
)

// benchJoin is a typical integration query: a join, a display value, a
// date filter and keyset ordering.
const benchJoin = `SELECT t.id, t.tranid, t.trandate, BUILTIN.DF(t.entity) AS customer, tl.linesequencenumber,
	tl.item, tl.quantity, tl.rate, tl.netamount, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS modified
FROM transaction t
INNER JOIN transactionline tl ON tl.transaction = t.id
LEFT JOIN customer c ON c.id = t.entity
WHERE t.type IN ('SalesOrd', 'CustInvc') AND tl.mainline = 'F'
  AND t.lastmodifieddate >= TO_DATE('2024-01-01', 'YYYY-MM-DD')
  AND (c.isinactive = 'F' OR c.id IS NULL)
ORDER BY t.id, tl.linesequencenumber`

func BenchmarkParseTranslate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Translate(benchJoin, nil, TranslateOptions{Now: fixedNow}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchJoin); err != nil {
			b.Fatal(err)
		}
	}
}

// bigRows is the size of the paging benchmark table.
const bigRows = 250_000

var (
	bigOnce sync.Once
	bigDB   *sql.DB
)

// bigLines fills transactionline with bigRows deterministic rows.
func bigLines(tb testing.TB) *sql.DB {
	stmt := fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d)
INSERT INTO transactionline SELECT i, i %% 8, i / 8 + 1, i %% 8, CASE WHEN i %% 8 = 0 THEN 'T' ELSE 'F' END, 'F',
  CASE WHEN i %% 8 = 0 THEN NULL ELSE i %% 500 + 1 END, 'InvtPart', (i %% 7) + 1, (i %% 1000) / 4.0, ((i %% 7) + 1) * ((i %% 1000) / 4.0),
  ((i %% 7) + 1) * ((i %% 1000) / 4.0), i %% 10000 + 1, CASE WHEN i %% 3 = 0 THEN 'memo ' || i END, 'F',
  printf('2024-%%02d-%%02d %%02d:00:00', i %% 12 + 1, i %% 28 + 1, i %% 24) FROM s`, bigRows)
	return openDB(tb, testSchema, []string{stmt})
}

func BenchmarkExecutePage(b *testing.B) {
	db := bigLines(b)
	q := `SELECT uniquekey, id, transaction, item, quantity, rate, netamount, memo, linelastmodifieddate
	      FROM transactionline ORDER BY uniquekey`
	for _, tc := range []struct {
		name   string
		offset int
		cache  bool
	}{
		{"offset0", 0, false},
		{"offset50000", 50_000, false},
		{"offset99000", 99_000, false},
		{"offset50000-cachedcount", 50_000, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			opts := ExecOptions{Offset: tc.offset, Limit: 1000}
			if tc.cache {
				opts.Counts = NewCountCache(1<<62, 16)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, err := Execute(b.Context(), db, q, opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.Count != 1000 || res.TotalResults != bigRows {
					b.Fatalf("count %d total %d", res.Count, res.TotalResults)
				}
			}
		})
	}
}
