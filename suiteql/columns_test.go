package suiteql

import (
	"reflect"
	"strings"
	"testing"
)

func TestSelectColumns(t *testing.T) {
	tests := []struct {
		q    string
		want []string // nil: not understood
	}{
		{`SELECT uniquekey, transaction, item, netamount FROM transactionline ORDER BY uniquekey`, []string{"uniquekey", "transaction", "item", "netamount"}},
		{`SELECT count(*) AS n, max(id) AS mx FROM customer`, []string{"n", "mx"}},
		{`select COUNT(*), MAX(id) from customer`, []string{"expr1", "expr2"}},
		{`SELECT * FROM customer`, []string{"*"}},
		{`SELECT c.*, t.id AS tid FROM customer c JOIN transaction t ON t.entity = c.id`, []string{"*", "tid"}},
		{`SELECT DISTINCT TOP 10 c.ID, c.CompanyName "Company Name", BUILTIN.DF(c.entitystatus) status FROM customer c`, []string{"id", "company name", "status"}},
		{`SELECT CASE WHEN a = 1 THEN 'x' ELSE 'y' END, CASE WHEN a = 1 THEN 'x' END AS k, a || b ab, 'lit', 3 three FROM t`, []string{"expr1", "k", "ab", "expr2", "three"}},
		{"SELECT id -- the id\n, /* a, b */ name FROM t", []string{"id", "name"}},
		{`SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) rn, SUM(x) OVER (ORDER BY y) FROM t`, []string{"rn", "expr1"}},
		{`SELECT 'a,b' AS s, TO_CHAR(d, 'YYYY, MM') d2 FROM t`, []string{"s", "d2"}},
		{`(SELECT id FROM a) UNION (SELECT id FROM b)`, []string{"id"}},
		{`SELECT id, name FROM (SELECT id, name, x FROM t) WHERE x = 1`, []string{"id", "name"}},
		{`SELECT ROWNUM AS rn, t.* FROM t`, []string{"rn", "*"}},
		{`SELECT id FROM t WHERE a IS NULL`, []string{"id"}},
		{`SELECT id`, []string{"id"}},
		{`UPDATE t SET a = 1`, nil},
		{`SELECT FROM t`, nil},
		{`SELECT a,, b FROM t`, nil},
		{``, nil},
	}
	for _, tc := range tests {
		got, ok := SelectColumns(tc.q)
		if ok != (tc.want != nil) || !reflect.DeepEqual(got, tc.want) && tc.want != nil {
			t.Errorf("SelectColumns(%q) = %q, %v; want %q", tc.q, got, ok, tc.want)
		}
	}
}

func FuzzSelectColumns(f *testing.F) {
	for _, s := range []string{`SELECT a, b AS "x""y" FROM t`, `SELECT * FROM (SELECT 1)`, `SELECT 'unterminated`, `SELECT "q`, `/* x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		cols, ok := SelectColumns(q)
		if ok && len(cols) == 0 {
			t.Fatalf("%q: ok with no columns", q)
		}
	})
}

func TestOrderKeys(t *testing.T) {
	tests := []struct {
		q, want, err string
	}{
		{"SELECT transaction, linesequencenumber, id FROM transactionline ORDER BY transaction, linesequencenumber", "transaction:text linesequencenumber:text", ""},
		{"SELECT id FROM customer ORDER BY id ASC", "id:text", ""},
		{"SELECT c.id, c.email FROM customer c ORDER BY c.id", "id:text", ""},
		{"SELECT * FROM customer ORDER BY lastmodifieddate, id", "lastmodifieddate:text id:text", ""},
		{"SELECT TO_CHAR(id) AS tid FROM customer ORDER BY tid", "tid:text", ""},
		{"-- a comment\nSELECT id FROM customer ORDER BY id;", "id:text", ""},
		{"SELECT id FROM (SELECT id FROM customer ORDER BY email) ORDER BY id FETCH FIRST 10 ROWS ONLY", "id:text", ""},
		{"SELECT id FROM customer", "", "no ORDER BY"},
		{"SELECT id FROM (SELECT id FROM customer ORDER BY id)", "", "no ORDER BY"},
		{"SELECT id FROM customer ORDER BY id DESC", "", "descending"},
		{"SELECT id FROM customer ORDER BY id NULLS FIRST", "", "NULLs"},
		{"SELECT id FROM customer ORDER BY UPPER(email)", "", "not a plain column"},
		{"SELECT id FROM customer ORDER BY 1", "", "not a plain column"},
		{"SELECT id FROM customer ORDER BY email", "", "not an output column"},
	}
	for _, tt := range tests {
		keys, err := OrderKeys(tt.q)
		var got []string
		for _, k := range keys {
			got = append(got, k.String())
		}
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: keys %v err %v, want an error with %q", tt.q, got, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("%q: keys %v err %v, want %s", tt.q, got, err, tt.want)
		}
	}
}
