package suiteqlengine

import (
	"database/sql"
	"fmt"
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

// bigLines builds transactionline with bigRows rows, one transaction per 8
// lines, and 500 customers.
func bigLines(tb testing.TB) *sql.DB {
	stmt := fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d)
INSERT INTO transactionline SELECT i, i %% 8, i / 8 + 1, i %% 8, CASE WHEN i %% 8 = 0 THEN 'T' ELSE 'F' END, 'F',
  CASE WHEN i %% 8 = 0 THEN NULL ELSE i %% 500 + 1 END, 'InvtPart', (i %% 7) + 1, (i %% 1000) / 4.0, ((i %% 7) + 1) * ((i %% 1000) / 4.0),
  ((i %% 7) + 1) * ((i %% 1000) / 4.0), i %% 10000 + 1, CASE WHEN i %% 3 = 0 THEN 'memo ' || i END, 'F',
  printf('2024-%%02d-%%02d %%02d:00:00', i %% 12 + 1, i %% 28 + 1, i %% 24) FROM s`, bigRows)
	trans := fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d)
INSERT INTO "transaction" SELECT i, printf('SO%%06d', i), printf('2024-%%02d-%%02d', i %% 12 + 1, i %% 28 + 1),
  CASE i %% 3 WHEN 0 THEN 'SalesOrd' WHEN 1 THEN 'CustInvc' ELSE 'CustPymt' END, 'salesorder', i %% 500 + 1, NULL, 'B',
  i * 1.5, 1, 1.0, NULL, NULL, NULL, NULL, 'F', 'F', '2024-01-01 00:00:00',
  printf('2024-%%02d-%%02d 02:00:00', i %% 12 + 1, i %% 28 + 1), NULL, NULL FROM s`, bigRows/8+1)
	cust := `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 500)
INSERT INTO customer SELECT i, printf('CUST%05d', i), 'Company ' || i, 'F', NULL, NULL, NULL, NULL, NULL, NULL, 1, 1, NULL,
  CASE WHEN i % 50 = 0 THEN 'T' ELSE 'F' END, '2024-01-01 00:00:00', '2024-01-01 00:00:00', NULL, NULL, 'Customer' FROM s`
	return openDB(tb, testSchema, []string{stmt, trans, cust})
}

func BenchmarkExecutePage(b *testing.B) {
	db := bigLines(b)
	q := `SELECT uniquekey, id, transaction, item, quantity, rate, netamount, memo, linelastmodifieddate
	      FROM transactionline ORDER BY uniquekey`
	filtered := `SELECT uniquekey, transaction, item, quantity, rate, netamount, memo, linelastmodifieddate
	      FROM transactionline WHERE mainline = 'F' AND rate >= 10 ORDER BY uniquekey`
	keyset := `SELECT uniquekey, transaction, item, quantity, rate, netamount, memo, linelastmodifieddate
	      FROM transactionline WHERE uniquekey > 200000 ORDER BY uniquekey`
	for _, tc := range []struct {
		name   string
		q      string
		offset int
		cache  bool
	}{
		{"all/offset0", q, 0, false},
		{"all/offset50000", q, 50_000, false},
		{"all/offset99000", q, 99_000, false},
		{"all/offset50000-cachedcount", q, 50_000, true},
		{"filtered/offset50000", filtered, 50_000, false},
		{"filtered/offset50000-cachedcount", filtered, 50_000, true},
		{"keyset/offset0", keyset, 0, false},
		{"join/offset0", benchJoin, 0, false},
		{"join/offset50000-cachedcount", benchJoin, 50_000, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			opts := ExecOptions{Offset: tc.offset, Limit: 1000}
			if tc.cache {
				opts.Counts = NewCountCache(1<<62, 16)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, err := Execute(b.Context(), db, tc.q, opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.Count != 1000 {
					b.Fatalf("count %d total %d", res.Count, res.TotalResults)
				}
			}
		})
	}
}
