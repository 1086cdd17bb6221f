package suiteqlengine

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// execCase is one query and the items it must return, as JSON.
type execCase struct{ name, q, want string }

func runExecCases(t *testing.T, cases []execCase) {
	t.Helper()
	db := testDB(t)
	opts := ExecOptions{Now: func() time.Time { return fixedNow }}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Execute(t.Context(), db, tc.q, opts)
			if err != nil {
				t.Fatalf("%s: %v (%s)", tc.q, err, reason(err))
			}
			if got := itemsJSON(t, r.Items); got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.q, got, tc.want)
			}
		})
	}
}

// refusedCases must each fail with "Invalid or unsupported search.".
func runRefused(t *testing.T, qs []string) {
	t.Helper()
	for _, q := range qs {
		_, err := Translate(q, nil, TranslateOptions{Now: fixedNow})
		var e *Error
		if !errors.As(err, &e) || e.Detail != detailUnsupported {
			t.Errorf("Translate(%q) = %v, want %q", q, err, detailUnsupported)
		}
	}
}

func TestAnalyticFunctions(t *testing.T) {
	runExecCases(t, []execCase{
		{"ROW_NUMBER RANK DENSE_RANK with PARTITION BY and ORDER BY",
			"SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) rn, RANK() OVER (PARTITION BY type ORDER BY status) r, DENSE_RANK() OVER (ORDER BY type) dr FROM transaction ORDER BY id",
			`[{"links":[],"id":"101","rn":"6","r":"3","dr":"3"},{"links":[],"id":"102","rn":"5","r":"2","dr":"1"},{"links":[],"id":"103","rn":"4","r":"1","dr":"2"},{"links":[],"id":"104","rn":"3","r":"1","dr":"3"},{"links":[],"id":"105","rn":"2","r":"1","dr":"3"},{"links":[],"id":"106","rn":"1","r":"1","dr":"1"}]`},
		{"running total with RANGE UNBOUNDED PRECEDING",
			"SELECT id, SUM(foreigntotal) OVER (ORDER BY id RANGE UNBOUNDED PRECEDING) s FROM transaction WHERE id < 106 ORDER BY id",
			`[{"links":[],"id":"101","s":"45.5"},{"links":[],"id":"102","s":"91"},{"links":[],"id":"103","s":"136.5"},{"links":[],"id":"104","s":"286.5"},{"links":[],"id":"105","s":"286.8"}]`},
		{"ROWS frame and aggregates over a partition",
			"SELECT id, SUM(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) s2, COUNT(*) OVER (PARTITION BY type) n, MAX(tranid) OVER (PARTITION BY type) mx, AVG(id) OVER () a FROM transaction ORDER BY id",
			`[{"links":[],"id":"101","s2":"101","n":"3","mx":"SO000003","a":"103.5"},{"links":[],"id":"102","s2":"203","n":"2","mx":"INV000002","a":"103.5"},{"links":[],"id":"103","s2":"205","n":"1","mx":"PYMT000001","a":"103.5"},{"links":[],"id":"104","s2":"207","n":"3","mx":"SO000003","a":"103.5"},{"links":[],"id":"105","s2":"209","n":"3","mx":"SO000003","a":"103.5"},{"links":[],"id":"106","s2":"211","n":"2","mx":"INV000002","a":"103.5"}]`},
		{"NULLs rank last ascending",
			"SELECT id, RANK() OVER (ORDER BY email) r FROM customer ORDER BY id",
			`[{"links":[],"id":"4","r":"2"},{"links":[],"id":"5","r":"3"},{"links":[],"id":"6","r":"5"},{"links":[],"id":"7","r":"4"},{"links":[],"id":"8","r":"1"}]`},
		{"analytic over an aggregate and in ORDER BY",
			"SELECT type, SUM(foreigntotal) t, RANK() OVER (ORDER BY SUM(foreigntotal) DESC) r FROM transaction GROUP BY type ORDER BY ROW_NUMBER() OVER (ORDER BY type DESC)",
			`[{"links":[],"type":"SalesOrd","t":"195.8","r":"2"},{"links":[],"type":"CustPymt","t":"45.5","r":"3"},{"links":[],"type":"CustInvc","t":"1234613.391","r":"1"}]`},
	})
	runRefused(t, []string{
		"SELECT ROW_NUMBER() OVER () FROM customer",
		"SELECT RANK(id) OVER (ORDER BY id) FROM customer",
		"SELECT ROW_NUMBER() OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) FROM customer",
		"SELECT SUM(id) OVER (ROWS UNBOUNDED PRECEDING) FROM customer",
		"SELECT SUM(DISTINCT id) OVER (PARTITION BY email) FROM customer",
		"SELECT UPPER(email) OVER (ORDER BY id) FROM customer",
		"SELECT LAG(id) OVER (ORDER BY id) FROM customer",
		"SELECT id FROM customer WHERE ROW_NUMBER() OVER (ORDER BY id) = 1",
		"SELECT id FROM customer GROUP BY id HAVING RANK() OVER (ORDER BY id) = 1",
		"SELECT SUM(ROW_NUMBER() OVER (ORDER BY id)) FROM customer",
		"SELECT SUM(id) OVER (ORDER BY id, email RANGE 1 PRECEDING) FROM customer",
		"SELECT SUM(id) OVER (ORDER BY id ROWS 1 FOLLOWING) FROM customer",
		"SELECT ROW_NUMBER() OVER (ORDER BY id) FROM customer WHERE ROWNUM <= 2",
	})
}

func TestListagg(t *testing.T) {
	runExecCases(t, []execCase{
		{"ordered, with separator",
			"SELECT type, LISTAGG(tranid, ', ') WITHIN GROUP (ORDER BY tranid DESC) l FROM transaction GROUP BY type ORDER BY type",
			`[{"links":[],"type":"CustInvc","l":"INV000002, INV000001"},{"links":[],"type":"CustPymt","l":"PYMT000001"},{"links":[],"type":"SalesOrd","l":"SO000003, SO000002, SO000001"}]`},
		{"numbers as Oracle prints them, NULLs skipped, no separator",
			"SELECT LISTAGG(creditlimit) WITHIN GROUP (ORDER BY id) a, LISTAGG(phone, NULL) WITHIN GROUP (ORDER BY id DESC) b, LISTAGG(companyname, ';') WITHIN GROUP (ORDER BY id) c, LISTAGG(CASE WHEN id > 100 THEN email END, ',') WITHIN GROUP (ORDER BY id) d FROM customer",
			`[{"links":[],"a":"1000002500.5.575000","b":"555-000-0005555-000-0003555-000-0002555-000-0001","c":"Acme Industries Inc.;Globex Systems LLC;Initech Labs GmbH;Umbrella Foods Ltd"}]`},
	})
	runRefused(t, []string{
		"SELECT LISTAGG(email, ',') FROM customer",
		"SELECT LISTAGG(DISTINCT email, ',') WITHIN GROUP (ORDER BY email) FROM customer",
		"SELECT UPPER(email) WITHIN GROUP (ORDER BY id) FROM customer",
		"SELECT id FROM customer WHERE LISTAGG(email) WITHIN GROUP (ORDER BY id) IS NULL",
	})
}

func TestRownumSelectList(t *testing.T) {
	runExecCases(t, []execCase{
		{"ROWNUM numbers rows before the block's ORDER BY",
			"SELECT ROWNUM r, id FROM (SELECT id FROM customer ORDER BY id DESC) ORDER BY id",
			`[{"links":[],"r":"5","id":"4"},{"links":[],"r":"4","id":"5"},{"links":[],"r":"3","id":"6"},{"links":[],"r":"2","id":"7"},{"links":[],"r":"1","id":"8"}]`},
		// An unaliased ROWNUM is named like other unaliased expressions;
		// NetSuite's name for it was not observed.
		// The form public SuiteQL clients post to the REST endpoint
		// (ROWNUM then * in one select list, which SuiteQL accepts).
		{"nested pagination as posted to REST, ordered by rn",
			"SELECT * FROM (SELECT ROWNUM AS RN, * FROM (SELECT id, entityid FROM customer ORDER BY id)) WHERE (rn BETWEEN 2 AND 3) ORDER BY rn",
			`[{"links":[],"rn":"2","id":"5","entityid":"CUST00002"},{"links":[],"rn":"3","id":"6","entityid":"CUST00003"}]`},
		{"ROWNUM with a ROWNUM limit",
			"SELECT ROWNUM, tranid FROM (SELECT tranid FROM transaction ORDER BY tranid) WHERE ROWNUM <= 2",
			`[{"links":[],"expr1":"1","tranid":"INV000001"},{"links":[],"expr1":"2","tranid":"INV000002"}]`},
	})
	runRefused(t, []string{
		"SELECT ROWNUM, COUNT(*) FROM customer",
		"SELECT id FROM customer ORDER BY ROWNUM",
		"SELECT id FROM customer WHERE ROWNUM > 1",
		"SELECT SUM(ROWNUM) FROM customer",
	})
}

// TestNestedPagination runs the widely used pattern SELECT * FROM (SELECT
// ROWNUM AS rn, * FROM (…)) WHERE rn BETWEEN a AND b for every window of
// the ordered transaction lines and checks it gives exactly rows a..b.
func TestNestedPagination(t *testing.T) {
	db := testDB(t)
	opts := ExecOptions{Now: func() time.Time { return fixedNow }}
	all, err := Execute(t.Context(), db, "SELECT id FROM transactionline ORDER BY netamount DESC, id", opts)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range all.Items {
		v, _ := r.Get("id")
		ids = append(ids, v)
	}
	if len(ids) != 13 {
		t.Fatalf("%d lines, want 13", len(ids))
	}
	for a := 1; a <= len(ids); a += 3 {
		b := a + 4
		q := fmt.Sprintf("SELECT * FROM (SELECT ROWNUM AS rn, * FROM (SELECT id, netamount FROM transactionline ORDER BY netamount DESC, id)) WHERE rn BETWEEN %d AND %d", a, b)
		r, err := Execute(t.Context(), db, q, opts)
		if err != nil {
			t.Fatalf("%s: %v (%s)", q, err, reason(err))
		}
		want := ids[a-1 : min(b, len(ids))]
		if len(r.Items) != len(want) {
			t.Fatalf("%s: %d rows, want %d", q, len(r.Items), len(want))
		}
		for i, row := range r.Items {
			id, _ := row.Get("id")
			rn, _ := row.Get("rn")
			if id != want[i] || rn != fmt.Sprint(a+i) {
				t.Errorf("%s: row %d is rn=%s id=%s, want rn=%d id=%s", q, i, rn, id, a+i, want[i])
			}
		}
		// The nested form with a ROWNUM limit inside gives the same rows.
		q2 := fmt.Sprintf("SELECT id FROM (SELECT ROWNUM rn, x.* FROM (SELECT id FROM transactionline ORDER BY netamount DESC, id) x WHERE ROWNUM <= %d) WHERE rn >= %d", b, a)
		r2, err := Execute(t.Context(), db, q2, opts)
		if err != nil {
			t.Fatalf("%s: %v (%s)", q2, err, reason(err))
		}
		if len(r2.Items) != len(want) {
			t.Fatalf("%s: %d rows, want %d", q2, len(r2.Items), len(want))
		}
		for i, row := range r2.Items {
			if id, _ := row.Get("id"); id != want[i] {
				t.Errorf("%s: row %d is %s, want %s", q2, i, id, want[i])
			}
		}
	}
}

func TestOracleOuterJoin(t *testing.T) {
	runExecCases(t, []execCase{
		{"(+) on the right is a LEFT JOIN",
			"SELECT c.id, e.entityid FROM customer c, employee e WHERE c.salesrep = e.id(+) ORDER BY c.id",
			`[{"links":[],"id":"4","entityid":"Ada Lovelace"},{"links":[],"id":"5","entityid":"Alan Turing"},{"links":[],"id":"6","entityid":"Ada Lovelace"},{"links":[],"id":"7"},{"links":[],"id":"8","entityid":"Grace Hopper"}]`},
		{"filters on the outer table go into the join, others stay in WHERE",
			"SELECT c.id, e.entityid FROM customer c, employee e WHERE c.salesrep = e.id(+) AND e.isinactive(+) = 'T' AND c.id > 4 ORDER BY c.id",
			`[{"links":[],"id":"5"},{"links":[],"id":"6"},{"links":[],"id":"7"},{"links":[],"id":"8","entityid":"Grace Hopper"}]`},
		{"a chain of outer joins, listed out of order",
			"SELECT k.entityid, t.tranid FROM transaction t, contact k, customer c WHERE c.id = k.company(+) AND k.company = t.entity(+) AND c.id < 6 AND t.type(+) = 'SalesOrd' ORDER BY c.id, t.tranid",
			`[{"links":[],"entityid":"Barbara Liskov","tranid":"SO000001"},{"links":[],"entityid":"Ken Thompson","tranid":"SO000002"}]`},
	})
	runRefused(t, []string{
		// The right outer join form, the Help Center's own example.
		"SELECT a1.id FROM customer a1, customer a2 WHERE a1.id (+) = a2.id",
		"SELECT c.id FROM customer c JOIN employee e ON e.id = c.salesrep, vendor v WHERE v.id = c.id(+)",
		"SELECT c.id FROM customer c, employee e WHERE c.salesrep = e.id(+) OR c.id = 1",
		"SELECT c.id FROM customer c, employee e WHERE c.id(+) = e.id(+)",
		"SELECT c.id FROM customer c, employee e WHERE e.id(+) IN (1, 2)",
		"SELECT c.id(+) FROM customer c",
		"SELECT c.id FROM customer c, employee e WHERE c.salesrep = e.id(+) AND e.id = c.id(+)",
		"SELECT c.id FROM customer c, employee e WHERE e.id(+) = c.salesrep + e.id",
	})
}

// TestUnsupportedStaysRefused: what the Help Center calls unsupported
// (WITH clauses, article_0824094533) and what the emulator does not
// emulate is refused with NetSuite's "Invalid or unsupported search.".
func TestUnsupportedStaysRefused(t *testing.T) {
	runRefused(t, []string{
		"WITH x AS (SELECT id FROM customer) SELECT * FROM x",
		// "You can't use date literals" (same page).
		"SELECT id FROM transaction WHERE trandate >= DATE '2024-01-01'",
		"SELECT TIMESTAMP '2024-01-01 10:00:00' FROM dual",
		"WITH RECURSIVE s(i) AS (SELECT 1 FROM dual) SELECT i FROM s",
		"SELECT id FROM customer START WITH id = 4 CONNECT BY PRIOR id = salesrep",
		"SELECT LAG(id) OVER (ORDER BY id) FROM customer",
		"SELECT ORA_HASH(entityid) FROM customer",
		"SELECT BUILTIN.PERIOD('LFY', 'END', 'NOT_LAST', '>') FROM dual",
	})
}
