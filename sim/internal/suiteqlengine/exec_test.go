package suiteqlengine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// itemsJSON encodes items as the HTTP layer does (no HTML escaping).
func itemsJSON(t *testing.T, items []Row) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(items); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestExecute(t *testing.T) {
	db := testDB(t)
	opts := ExecOptions{Now: func() time.Time { return fixedNow }}
	tests := []struct {
		name, q, want string
	}{
		{"nulls omitted, names lower case, numbers as text",
			"SELECT ID, companyname, creditlimit, email FROM customer WHERE id IN (5, 6) ORDER BY id",
			`[{"links":[],"id":"5","companyname":"Globex Systems LLC","creditlimit":"2500.5","email":"ap5@globex.example.com"},{"links":[],"id":"6","creditlimit":".5"}]`},
		{"aliases lower-cased, expressions numbered",
			`SELECT id AS "CustId", UPPER(entityid), LOWER(entityid) Lower FROM customer WHERE id = 4`,
			`[{"links":[],"custid":"4","expr1":"CUST00001","lower":"cust00001"}]`},
		{"dates in the date preference, date-times as dates",
			"SELECT trandate, duedate, lastmodifieddate FROM transaction WHERE id = 102",
			`[{"links":[],"trandate":"1/20/2024","duedate":"2/19/2024","lastmodifieddate":"2/1/2024"}]`},
		{"TO_CHAR of dates",
			"SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS.FF1') a, TO_CHAR(trandate, 'DD-MON-YYYY Dy') b, TO_CHAR(trandate, 'fmMonth DD, YYYY') c, TO_CHAR(trandate) d FROM transaction WHERE id = 104",
			`[{"links":[],"a":"2024-02-10 12:30:45.0","b":"10-FEB-2024 Sat","c":"February 10, 2024","d":"2/10/2024"}]`},
		{"TO_CHAR of numbers",
			"SELECT TO_CHAR(foreigntotal, 'FM999,999,990.00') a, TO_CHAR(foreigntotal) b, TO_CHAR(0.3, '0.99') c FROM transaction WHERE id = 106",
			`[{"links":[],"a":"1,234,567.89","b":"1234567.891","c":" 0.30"}]`},
		{"TO_DATE and date arithmetic",
			"SELECT TO_DATE('2024-03-31', 'YYYY-MM-DD') + 1 a, ADD_MONTHS(TO_DATE('31.01.2024', 'DD.MM.YYYY'), 1) b, TRUNC(TO_DATE('2024-05-17 10:11:12', 'YYYY-MM-DD HH24:MI:SS'), 'MM') c, TO_DATE('2024-03-02', 'YYYY-MM-DD') - TO_DATE('2024-02-28', 'YYYY-MM-DD') d, LAST_DAY(TO_DATE('2023-02-10', 'YYYY-MM-DD')) e FROM dual",
			`[{"links":[],"a":"4/1/2024","b":"2/29/2024","c":"5/1/2024","d":"3","e":"2/28/2023"}]`},
		{"SYSDATE is the injected clock",
			"SELECT TO_CHAR(SYSDATE, 'YYYY-MM-DD HH24:MI:SS') now, TO_CHAR(CURRENT_DATE - 1, 'YYYY-MM-DD') yesterday FROM dual",
			`[{"links":[],"now":"2024-06-15 13:45:30","yesterday":"2024-06-14"}]`},
		{"date filters with SYSDATE and TO_DATE on date-time columns",
			"SELECT id FROM transaction WHERE lastmodifieddate >= TO_DATE('2024-02-10 12:30:45', 'YYYY-MM-DD HH24:MI:SS') AND lastmodifieddate < SYSDATE - 60 ORDER BY id",
			`[{"links":[],"id":"103"},{"links":[],"id":"104"},{"links":[],"id":"105"}]`},
		{"BETWEEN dates on a date column",
			"SELECT tranid FROM transaction WHERE trandate BETWEEN TO_DATE('01/20/2024', 'MM/DD/YYYY') AND TO_DATE('2024-02-10', 'YYYY-MM-DD') ORDER BY 1",
			`[{"links":[],"tranid":"INV000001"},{"links":[],"tranid":"PYMT000001"},{"links":[],"tranid":"SO000002"}]`},
		{"arithmetic",
			"SELECT 7/2 a, 6/2 b, 0.1 + 0.2 c, MOD(-7, 3) d, ROUND(2.5) e, ROUND(-2.5) f, ROUND(1.005, 2) g, TRUNC(-1.99) h, ROUND(1234, -2) i, CEIL(1.2) j, FLOOR(-1.2) k, ABS(-3) l, POWER(2, 10) m, SIGN(-4) n FROM dual",
			`[{"links":[],"a":"3.5","b":"3","c":".3","d":"-1","e":"3","f":"-3","g":"1.01","h":"-1","i":"1200","j":"2","k":"-2","l":"3","m":"1024","n":"-1"}]`},
		{"string functions",
			"SELECT SUBSTR(entityid, 5) a, SUBSTR(entityid, -2, 1) b, INSTR(email, '.') c, INSTR(email, '.', -1) d, LENGTH(companyname) e, REPLACE(companyname, ' ') f, LPAD(id, 5, '0') g, RPAD('x', 3, 'ab') h, INITCAP('hello wORLD') i, TRIM('  x  ') j, LTRIM('xxy', 'x') k FROM customer WHERE id = 4",
			`[{"links":[],"a":"00001","b":"0","c":"9","d":"17","e":"20","f":"AcmeIndustriesInc.","g":"00004","h":"xab","i":"Hello World","j":"x","k":"y"}]`},
		{"concatenation treats NULL as empty",
			"SELECT firstname || ' ' || lastname a, companyname || '!' b, NULL || NULL c FROM customer WHERE id = 6",
			`[{"links":[],"a":"Linus Torvalds","b":"!"}]`},
		{"NVL NVL2 COALESCE DECODE CASE",
			"SELECT NVL(email, 'none') a, NVL2(email, 'has', 'no') b, COALESCE(companyname, firstname) c, DECODE(entitystatus, 13, 'won', NULL, 'unset') d, CASE WHEN creditlimit > 1 THEN 'big' ELSE 'small' END e, CASE isperson WHEN 'T' THEN 'person' END f FROM customer WHERE id = 6",
			`[{"links":[],"a":"none","b":"no","c":"Linus","d":"unset","e":"small","f":"person"}]`},
		{"GREATEST LEAST NULLIF",
			"SELECT GREATEST(1, 5, 3) a, LEAST('b', 'a') b, NULLIF(1, 1) c, GREATEST(1, NULL) d FROM dual",
			`[{"links":[],"a":"5","b":"a"}]`},
		{"LIKE is case-sensitive, with ESCAPE",
			`SELECT id FROM item WHERE description LIKE '100\%%' ESCAPE '\' OR displayname LIKE 'blue%' OR itemid LIKE '_VC-%' ORDER BY id`,
			`[{"links":[],"id":"2"},{"links":[],"id":"3"}]`},
		{"NOT LIKE and NULLs",
			"SELECT id FROM customer WHERE email NOT LIKE '%example.com' ORDER BY id",
			`[]`},
		{"IS NULL, IN, NOT IN",
			"SELECT id FROM customer WHERE phone IS NULL OR id NOT IN (4, 5, 6, 7) ORDER BY id",
			`[{"links":[],"id":"7"},{"links":[],"id":"8"}]`},
		{"group by having with aggregates",
			"SELECT type, COUNT(*) n, SUM(foreigntotal) total, AVG(foreigntotal) avg, MIN(trandate) first, MAX(tranid) last, COUNT(DISTINCT entity) ents FROM transaction GROUP BY type HAVING COUNT(*) > 1 ORDER BY n DESC",
			`[{"links":[],"type":"SalesOrd","n":"3","total":"195.8","avg":"65.2666666666667","first":"1/15/2024","last":"SO000003","ents":"3"},{"links":[],"type":"CustInvc","n":"2","total":"1234613.391","avg":"617306.6955","first":"1/20/2024","last":"INV000002","ents":"2"}]`},
		{"sum of floats without binary noise",
			"SELECT SUM(quantity) q FROM transactionline WHERE transaction = 105",
			`[{"links":[],"q":".3"}]`},
		{"join with display values",
			"SELECT t.tranid, BUILTIN.DF(t.entity) customer, BUILTIN.DF(t.employee) rep, BUILTIN.DF(t.type) type, BUILTIN.DF(t.status) status, BUILTIN.DF(t.createdfrom) src, BUILTIN.DF(tl.item) item FROM transaction t JOIN transactionline tl ON tl.transaction = t.id WHERE tl.mainline = 'F' AND t.id = 102 ORDER BY tl.linesequencenumber",
			`[{"links":[],"tranid":"INV000001","customer":"Acme Industries Inc.","rep":"Ada Lovelace","type":"Invoice","status":"Invoice : Paid In Full","src":"Sales Order #SO000001","item":"WID-001"},{"links":[],"tranid":"INV000001","customer":"Acme Industries Inc.","rep":"Ada Lovelace","type":"Invoice","status":"Invoice : Paid In Full","src":"Sales Order #SO000001","item":"GAD-002"}]`},
		{"display value of a person customer and through a derived table",
			"SELECT BUILTIN.DF(x.entity) c FROM (SELECT entity FROM transaction WHERE id = 105) x",
			`[{"links":[],"c":"Linus Torvalds"}]`},
		{"left join keeps unmatched rows",
			"SELECT c.id, COUNT(t.id) n FROM customer c LEFT JOIN transaction t ON t.entity = c.id GROUP BY c.id ORDER BY c.id",
			`[{"links":[],"id":"4","n":"3"},{"links":[],"id":"5","n":"1"},{"links":[],"id":"6","n":"1"},{"links":[],"id":"7","n":"0"},{"links":[],"id":"8","n":"1"}]`},
		{"comma join",
			"SELECT k.entityid, c.entityid cust FROM contact k, customer c WHERE k.company = c.id ORDER BY k.id",
			`[{"links":[],"entityid":"Barbara Liskov","cust":"CUST00001"},{"links":[],"entityid":"Ken Thompson","cust":"CUST00002"}]`},
		{"correlated scalar subquery and EXISTS",
			"SELECT c.id, (SELECT COUNT(*) FROM transaction t WHERE t.entity = c.id) n FROM customer c WHERE EXISTS (SELECT 1 FROM contact k WHERE k.company = c.id) ORDER BY 1",
			`[{"links":[],"id":"4","n":"3"},{"links":[],"id":"5","n":"1"}]`},
		{"IN subquery",
			"SELECT id FROM customer WHERE id IN (SELECT entity FROM transaction WHERE type = 'CustInvc') ORDER BY id",
			`[{"links":[],"id":"4"},{"links":[],"id":"8"}]`},
		{"union minus intersect",
			"SELECT id FROM customer WHERE id < 6 UNION SELECT id FROM vendor MINUS SELECT 5 FROM dual ORDER BY 1 DESC",
			`[{"links":[],"id":"10"},{"links":[],"id":"9"},{"links":[],"id":"4"}]`},
		{"intersect and union all keep duplicates",
			"SELECT entity FROM transaction INTERSECT SELECT id FROM customer WHERE isperson = 'T' UNION ALL SELECT 6 FROM dual",
			`[{"links":[],"entity":"6"},{"links":[],"entity":"6"}]`},
		{"ROWNUM limits",
			"SELECT id FROM customer WHERE ROWNUM <= 2 ORDER BY id",
			`[{"links":[],"id":"4"},{"links":[],"id":"5"}]`},
		{"top-N through a derived table",
			"SELECT * FROM (SELECT id, creditlimit FROM customer WHERE creditlimit IS NOT NULL ORDER BY creditlimit DESC) WHERE ROWNUM <= 2",
			`[{"links":[],"id":"4","creditlimit":"100000"},{"links":[],"id":"8","creditlimit":"75000"}]`},
		{"ROWNUM counts rows before aggregation",
			"SELECT COUNT(*) n FROM transactionline WHERE ROWNUM <= 4",
			`[{"links":[],"n":"4"}]`},
		{"TOP",
			"SELECT TOP 2 id FROM customer ORDER BY id DESC",
			`[{"links":[],"id":"8"},{"links":[],"id":"7"}]`},
		{"OFFSET FETCH",
			"SELECT id FROM customer ORDER BY id OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY",
			`[{"links":[],"id":"5"},{"links":[],"id":"6"}]`},
		{"Oracle NULL ordering: NULLs last ascending, first descending",
			"SELECT id, email FROM customer ORDER BY email",
			`[{"links":[],"id":"8","email":"AP8@Umbrella.example.com"},{"links":[],"id":"4","email":"ap4@acme.example.com"},{"links":[],"id":"5","email":"ap5@globex.example.com"},{"links":[],"id":"7","email":"ap7@initech.example.com"},{"links":[],"id":"6"}]`},
		{"NULLs first descending",
			"SELECT id FROM customer ORDER BY entitystatus DESC, id",
			`[{"links":[],"id":"6"},{"links":[],"id":"4"},{"links":[],"id":"5"},{"links":[],"id":"7"},{"links":[],"id":"8"}]`},
		{"select star of a derived table and t.*",
			"SELECT x.*, v.entityid FROM (SELECT id, TO_CHAR(id * 2) dbl FROM vendor) x JOIN vendor v ON v.id = x.id ORDER BY x.id",
			`[{"links":[],"id":"9","dbl":"18","entityid":"VEND0001"},{"links":[],"id":"10","dbl":"20","entityid":"VEND0002"}]`},
		{"empty string literal is NULL",
			"SELECT id FROM customer WHERE email = '' OR NVL(email, '') IS NULL",
			`[{"links":[],"id":"6"}]`},
		{"string with quotes and unicode",
			"SELECT 'it''s <ok> & \"fine\" – ü' s FROM dual",
			`[{"links":[],"s":"it's <ok> & \"fine\" – ü"}]`},
		{"implicit number conversion of a string literal",
			"SELECT id FROM customer WHERE id = '5'",
			`[{"links":[],"id":"5"}]`},
		{"BUILTIN.CONSOLIDATE is the identity",
			"SELECT BUILTIN.CONSOLIDATE(foreigntotal, 'LEDGER', 'DEFAULT', 'DEFAULT', 1, 1, 'DEFAULT') amt FROM transaction WHERE id = 101",
			`[{"links":[],"amt":"45.5"}]`},
		{"display values in WHERE and ORDER BY, unqualified",
			"SELECT tranid FROM transaction WHERE BUILTIN.DF(status) LIKE 'Sales Order%' ORDER BY BUILTIN.DF(entity) DESC, id",
			`[{"links":[],"tranid":"SO000003"},{"links":[],"tranid":"SO000002"},{"links":[],"tranid":"SO000001"}]`},
		{"right and full joins",
			"SELECT c.id, k.id contact FROM contact k RIGHT JOIN customer c ON k.company = c.id WHERE c.id < 7 ORDER BY c.id",
			`[{"links":[],"id":"4","contact":"11"},{"links":[],"id":"5","contact":"12"},{"links":[],"id":"6"}]`},
		{"full join",
			"SELECT COUNT(*) n FROM (SELECT id FROM customer WHERE id < 6) a FULL OUTER JOIN (SELECT id FROM customer WHERE id > 4) b ON a.id = b.id",
			`[{"links":[],"n":"5"}]`},
		{"subqueries with their own limits",
			"SELECT id, (SELECT tranid FROM transaction t WHERE t.entity = c.id ORDER BY t.id DESC FETCH FIRST 1 ROWS ONLY) last FROM customer c WHERE id IN (SELECT entity FROM transaction WHERE ROWNUM <= 1) ORDER BY id",
			`[{"links":[],"id":"4","last":"PYMT000001"}]`},
		{"compound scalar subquery",
			"SELECT ((SELECT 1 FROM dual) UNION (SELECT 2 FROM dual) ORDER BY 1 DESC FETCH FIRST 1 ROWS ONLY) m FROM dual",
			`[{"links":[],"m":"2"}]`},
		{"distinct",
			"SELECT DISTINCT type FROM transaction ORDER BY type",
			`[{"links":[],"type":"CustInvc"},{"links":[],"type":"CustPymt"},{"links":[],"type":"SalesOrd"}]`},
		{"TO_NUMBER",
			"SELECT TO_NUMBER('1,234.50', '9,999.99') a, TO_NUMBER(' 42 ') b, TO_NUMBER('12-', '99MI') c FROM dual",
			`[{"links":[],"a":"1234.5","b":"42","c":"-12"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Execute(t.Context(), db, tc.q, opts)
			if err != nil {
				t.Fatalf("Execute: %v (%s)", err, reason(err))
			}
			if got := itemsJSON(t, res.Items); got != tc.want {
				t.Errorf("items\n got: %s\nwant: %s", got, tc.want)
			}
			if res.Count != len(res.Items) || res.Offset != 0 || res.HasMore || res.TotalResults != res.Count {
				t.Errorf("envelope count=%d offset=%d hasMore=%v total=%d for %d items", res.Count, res.Offset, res.HasMore, res.TotalResults, len(res.Items))
			}
		})
	}
}

func TestExecuteDateFormat(t *testing.T) {
	db := testDB(t)
	res, err := Execute(t.Context(), db, "SELECT trandate, TO_CHAR(trandate) c FROM transaction WHERE id = 101",
		ExecOptions{DateFormat: "DD.MM.YYYY"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := itemsJSON(t, res.Items), `[{"links":[],"trandate":"15.01.2024","c":"15.01.2024"}]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := Execute(t.Context(), db, "SELECT id FROM dual", ExecOptions{DateFormat: "bogus"}); err == nil {
		t.Error("bad DateFormat accepted")
	}
}

func TestExecuteRuntimeErrors(t *testing.T) {
	db := testDB(t)
	for _, q := range []string{
		"SELECT TO_NUMBER('abc') FROM dual",
		"SELECT TO_DATE('2024-13-01', 'YYYY-MM-DD') FROM dual",
		"SELECT TO_DATE('2024-02-30', 'YYYY-MM-DD') FROM dual",
		"SELECT TO_DATE('2024-01-01 junk', 'YYYY-MM-DD') FROM dual",
		"SELECT TO_CHAR(trandate, 'YYYY-ZZ') FROM transaction",
		"SELECT id FROM item WHERE itemid LIKE 'a' ESCAPE 'xy'",
		"SELECT id FROM item WHERE itemid LIKE 'a\\b' ESCAPE '\\'",
		"SELECT id + 'x' FROM customer",
	} {
		_, err := Execute(t.Context(), db, q, ExecOptions{})
		e, ok := err.(*Error)
		if !ok || e.Detail != DetailPrefix+"Invalid or unsupported search." || e.Param != "q" {
			t.Errorf("%s: got %T %v", q, err, err)
		}
	}
}

func TestRowJSON(t *testing.T) {
	r := Row{{"a", "x\"y\\z\n\u2028<&>"}, {"b", "\x01"}, {"c", string([]byte{0xff})}}
	b, _ := r.MarshalJSON()
	want := `{"links":[],"a":"x\"y\\z\n\u2028<&>","b":"\u0001","c":"\ufffd"}`
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if v, ok := r.Get("b"); !ok || v != "\x01" {
		t.Errorf("Get = %q, %v", v, ok)
	}
	if _, ok := r.Get("zz"); ok {
		t.Error("Get of a missing column")
	}
}

func TestExecuteMissingTable(t *testing.T) {
	db := openDB(t) // no schema
	_, err := Execute(t.Context(), db, "SELECT id FROM customer", ExecOptions{})
	if err == nil {
		t.Fatal("no error")
	}
	if _, ok := err.(*Error); ok {
		t.Errorf("a missing table is reported as a query error: %v", err)
	}
}

// TestExecuteFileDatabase pages a WAL database file while another
// connection commits between pages (which drops the page caches), on one
// pooled connection: the pages are right, the connection reads through a
// memory map, and Execute gives it back on every path (a leaked connection
// would block the next call).
func TestExecuteFileDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paging.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, list := range [][]string{testSchema, manyCustomers(2345)} {
		for _, s := range list {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	if _, err := db.Exec(`CREATE TABLE scratch (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	var want []string
	rows, err := db.QueryContext(ctx, `SELECT id FROM customer ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		want = append(want, id)
	}
	rows.Close()

	var got []string
	opts := ExecOptions{Limit: 100, Counts: NewCountCache(time.Hour, 8)}
	for off := 0; ; off += opts.Limit {
		if _, err := db.ExecContext(ctx, `INSERT INTO scratch VALUES (?)`, off); err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Offset = off
		res, err := Execute(ctx, db, `SELECT id FROM customer ORDER BY id`, o)
		if err != nil {
			t.Fatalf("offset %d: %v", off, err)
		}
		for _, r := range res.Items {
			v, _ := r.Get("id")
			got = append(got, v)
		}
		if !res.HasMore {
			break
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("paged %d ids, want %d (or out of order)", len(got), len(want))
	}
	if runtime.GOOS != "windows" {
		var n int64
		if err := db.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&n); err != nil || n != mmapSize {
			t.Errorf("mmap_size %d, %v", n, err)
		}
	}
	// Error paths give the connection back too.
	for _, q := range []string{"SELECT nope FROM customer", "SELECT TO_NUMBER('abc') FROM customer", "SELECT id FROM customer"} {
		Execute(ctx, db, q, ExecOptions{})
	}
	canceled, stop := context.WithCancel(ctx)
	stop()
	Execute(canceled, db, "SELECT id FROM customer", ExecOptions{})
	if _, err := Execute(ctx, db, "SELECT id FROM customer", ExecOptions{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if s := db.Stats(); s.InUse != 0 {
		t.Errorf("%d connections in use", s.InUse)
	}
}

// TestExecuteConcurrentPagesFewConnections runs more pages of one query at
// once than the pool has connections: the pages that wait for another's
// count hold a connection, and must not starve the one counting.
func TestExecuteConcurrentPagesFewConnections(t *testing.T) {
	db := openDB(t, testSchema, manyCustomers(3000)) // 4 connections, one kept open
	counts := NewCountCache(time.Hour, 8)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := range 12 {
		wg.Go(func() {
			res, err := Execute(ctx, db, `SELECT id FROM customer ORDER BY id`, ExecOptions{Limit: 100, Offset: i * 100, Counts: counts})
			if err == nil && (res.TotalResults != 3000 || res.Count != 100) {
				err = fmt.Errorf("page %d: total %d count %d", i, res.TotalResults, res.Count)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
