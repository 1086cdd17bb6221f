package suiteqlengine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTranslate(t *testing.T) {
	tests := []struct {
		name, in string
		sql      string
		args     []any
		count    string // expected CountSQL, when given
	}{
		{name: "columns and literal bound",
			in:    "SELECT id, companyname FROM customer WHERE isinactive = 'F'",
			sql:   `SELECT "t1"."id" AS "ns_c0", "t1"."companyname" AS "ns_c1" FROM "customer" AS "t1" WHERE ("t1"."isinactive" = ?)`,
			args:  []any{"F"},
			count: `SELECT count(*) FROM "customer" AS "t1" WHERE ("t1"."isinactive" = ?)`},
		{name: "injection attempt stays a value",
			in:   `SELECT id FROM customer WHERE email = 'x''; DROP TABLE customer; --'`,
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" WHERE ("t1"."email" = ?)`,
			args: []any{"x'; DROP TABLE customer; --"}},
		{name: "transaction quoted; alias; order by not-null column keeps index order",
			in:    "SELECT t.id FROM transaction t ORDER BY t.id",
			sql:   `SELECT "t1"."id" AS "ns_c0" FROM "transaction" AS "t1" ORDER BY "t1"."id"`,
			count: `SELECT count(*) FROM "transaction" AS "t1"`},
		{name: "Oracle null ordering for nullable columns",
			in:  "SELECT id FROM customer ORDER BY email, phone DESC, companyname NULLS FIRST",
			sql: `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" ORDER BY "t1"."email" NULLS LAST, "t1"."phone" DESC NULLS FIRST, "t1"."companyname" NULLS FIRST`},
		{name: "order by alias and position",
			in:  "SELECT id AS k, email FROM customer ORDER BY k DESC, 2",
			sql: `SELECT "t1"."id" AS "ns_c0", "t1"."email" AS "ns_c1" FROM "customer" AS "t1" ORDER BY 1 DESC, 2 NULLS LAST`},
		{name: "NVL and NVL2 and DECODE",
			in:   "SELECT NVL(email, 'none'), NVL2(phone, 'y', 'n'), DECODE(entitystatus, 13, 'won', NULL, 'none', 'other') FROM customer",
			sql:  `SELECT coalesce("t1"."email", ?) AS "ns_c0", CASE WHEN "t1"."phone" IS NOT NULL THEN ? ELSE ? END AS "ns_c1", CASE WHEN "t1"."entitystatus" IS ? THEN ? WHEN "t1"."entitystatus" IS NULL THEN ? ELSE ? END AS "ns_c2" FROM "customer" AS "t1"`,
			args: []any{"none", "y", "n", int64(13), "won", "none", "other"}},
		{name: "concatenation keeps Oracle NULL rules",
			in:  "SELECT firstname || ' ' || lastname, CONCAT(firstname, lastname) FROM customer",
			sql: `SELECT nsq_concat("t1"."firstname", ?, "t1"."lastname") AS "ns_c0", nsq_concat("t1"."firstname", "t1"."lastname") AS "ns_c1" FROM "customer" AS "t1"`},
		{name: "empty string is NULL",
			in:  "SELECT id FROM customer WHERE email = ''",
			sql: `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" WHERE ("t1"."email" = NULL)`},
		{name: "ROWNUM becomes LIMIT",
			in:    "SELECT id FROM customer WHERE isinactive = 'F' AND ROWNUM <= 10",
			sql:   `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" WHERE ("t1"."isinactive" = ?) LIMIT ? OFFSET ?`,
			args:  []any{"F", int64(10), int64(0)},
			count: `SELECT count(*) FROM (SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" WHERE ("t1"."isinactive" = ?) LIMIT ? OFFSET ?)`},
		{name: "ROWNUM < n and mirrored",
			in:   "SELECT id FROM customer WHERE ROWNUM < 5 AND 3 >= ROWNUM",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" LIMIT ? OFFSET ?`,
			args: []any{int64(3), int64(0)}},
		{name: "ROWNUM before aggregation",
			in:   "SELECT COUNT(*) FROM customer WHERE isinactive = 'F' AND ROWNUM <= 2",
			sql:  `SELECT count(*) AS "ns_c0" FROM (SELECT * FROM "customer" AS "t1" WHERE ("t1"."isinactive" = ?) LIMIT ?) AS "t1"`,
			args: []any{"F", int64(2)}},
		{name: "TOP",
			in:   "SELECT TOP 3 id FROM customer ORDER BY id",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" ORDER BY 1 LIMIT ? OFFSET ?`,
			args: []any{int64(3), int64(0)}},
		{name: "OFFSET and FETCH",
			in:   "SELECT id FROM customer ORDER BY id OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" ORDER BY 1 LIMIT ? OFFSET ?`,
			args: []any{int64(5), int64(10)}},
		{name: "TOP then OFFSET and FETCH",
			in:   "SELECT TOP 12 id FROM customer ORDER BY id OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" ORDER BY 1 LIMIT ? OFFSET ?`,
			args: []any{int64(2), int64(10)}},
		{name: "OFFSET alone",
			in:   "SELECT id FROM customer OFFSET 2 ROWS",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" LIMIT ? OFFSET ?`,
			args: []any{int64(-1), int64(2)}},
		{name: "MINUS becomes EXCEPT; compound ORDER BY by position",
			in:  "SELECT id FROM customer MINUS SELECT id FROM vendor ORDER BY id DESC",
			sql: `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" EXCEPT SELECT "t2"."id" AS "ns_c0" FROM "vendor" AS "t2" ORDER BY 1 DESC`},
		{name: "compound operand with its own limit is wrapped",
			in:   "SELECT id FROM customer UNION ALL (SELECT id FROM vendor ORDER BY id FETCH FIRST 1 ROWS ONLY)",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" UNION ALL SELECT * FROM (SELECT "t2"."id" AS "ns_c0" FROM "vendor" AS "t2" ORDER BY 1 LIMIT ? OFFSET ?)`,
			args: []any{int64(1), int64(0)}},
		{name: "date arithmetic and date-time comparison",
			in:   "SELECT id FROM transaction WHERE lastmodifieddate > SYSDATE - 7 AND trandate >= TO_DATE('2024-01-01', 'YYYY-MM-DD')",
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "transaction" AS "t1" WHERE (("t1"."lastmodifieddate" > nsq_datetime(nsq_date_add(?, - (?)))) AND ("t1"."trandate" >= nsq_to_date(?, ?)))`,
			args: []any{"2024-06-15 13:45:30", int64(7), "2024-01-01", "YYYY-MM-DD"}},
		{name: "division is not integer division",
			in:  "SELECT id / 2 FROM customer",
			sql: `SELECT (CAST("t1"."id" AS REAL) / ?) AS "ns_c0" FROM "customer" AS "t1"`},
		{name: "LIKE is case-sensitive with escape",
			in:   `SELECT id FROM item WHERE description LIKE '100\%%' ESCAPE '\' AND itemid NOT LIKE 'W%'`,
			sql:  `SELECT "t1"."id" AS "ns_c0" FROM "item" AS "t1" WHERE (nsq_like("t1"."description", ?, ?) AND (NOT nsq_like("t1"."itemid", ?, NULL)))`,
			args: []any{`100\%%`, `\`, "W%"}},
		{name: "BUILTIN.DF of a reference and of a plain column; CONSOLIDATE",
			in:  "SELECT BUILTIN.DF(t.entity), BUILTIN.DF(t.tranid), BUILTIN.CONSOLIDATE(t.foreigntotal, 'LEDGER', 'DEFAULT') FROM transaction t",
			sql: `SELECT ((SELECT COALESCE(nsdf.companyname, nsdf.firstname || ' ' || nsdf.lastname, nsdf.entityid) FROM customer AS nsdf WHERE nsdf.id = "t1"."entity")) AS "ns_c0", "t1"."tranid" AS "ns_c1", "t1"."foreigntotal" AS "ns_c2" FROM "transaction" AS "t1"`},
		{name: "correlated and uncorrelated subqueries",
			in:  "SELECT c.id, (SELECT COUNT(*) FROM transaction t WHERE t.entity = c.id) n FROM customer c WHERE c.id IN (SELECT entity FROM transaction) AND EXISTS (SELECT 1 FROM contact k WHERE k.company = c.id)",
			sql: `SELECT "t1"."id" AS "ns_c0", (SELECT count(*) AS "ns_c0" FROM "transaction" AS "t4" WHERE ("t4"."entity" = "t1"."id")) AS "ns_c1" FROM "customer" AS "t1" WHERE (("t1"."id" IN (SELECT "t2"."entity" AS "ns_c0" FROM "transaction" AS "t2")) AND EXISTS (SELECT ? AS "ns_c0" FROM "contact" AS "t3" WHERE ("t3"."company" = "t1"."id")))`},
		{name: "derived table columns",
			in:  "SELECT x.n FROM (SELECT entity, COUNT(*) n FROM transaction GROUP BY entity) x WHERE x.entity > 4",
			sql: `SELECT "t2"."ns_c1" AS "ns_c0" FROM (SELECT "t1"."entity" AS "ns_c0", count(*) AS "ns_c1" FROM "transaction" AS "t1" GROUP BY "t1"."entity") AS "t2" WHERE ("t2"."ns_c0" > ?)`},
		{name: "joins",
			in:  "SELECT c.id FROM customer c LEFT OUTER JOIN transaction t ON t.entity = c.id CROSS JOIN dual",
			sql: `SELECT "t1"."id" AS "ns_c0" FROM "customer" AS "t1" LEFT JOIN "transaction" AS "t2" ON ("t2"."entity" = "t1"."id") JOIN (SELECT 'X' AS dummy) AS "t3"`},
		{name: "distinct counts over the query",
			in:    "SELECT DISTINCT entity FROM transaction ORDER BY entity",
			sql:   `SELECT DISTINCT "t1"."entity" AS "ns_c0" FROM "transaction" AS "t1" ORDER BY 1 NULLS LAST`,
			count: `SELECT count(*) FROM (SELECT DISTINCT "t1"."entity" AS "ns_c0" FROM "transaction" AS "t1")`},
		{name: "trim forms",
			in:  "SELECT TRIM(email), TRIM(LEADING '0' FROM phone), TRIM(TRAILING FROM email) FROM customer",
			sql: `SELECT trim("t1"."email") AS "ns_c0", ltrim("t1"."phone", ?) AS "ns_c1", rtrim("t1"."email") AS "ns_c2" FROM "customer" AS "t1"`},
		{name: "TO_CHAR passes the date format only for dates",
			in:   "SELECT TO_CHAR(trandate), TO_CHAR(foreigntotal), TO_CHAR(id, '999') FROM transaction",
			sql:  `SELECT nsq_to_char("t1"."trandate", NULL, ?) AS "ns_c0", nsq_to_char("t1"."foreigntotal", NULL, NULL) AS "ns_c1", nsq_to_char("t1"."id", ?, NULL) AS "ns_c2" FROM "transaction" AS "t1"`,
			args: []any{"FMMM/DD/YYYY", "999"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Translate(tc.in, nil, TranslateOptions{Now: fixedNow})
			if err != nil {
				t.Fatalf("Translate: %v (%s)", err, reason(err))
			}
			if tr.SQL != tc.sql {
				t.Errorf("SQL\n got: %s\nwant: %s", tr.SQL, tc.sql)
			}
			if tc.args != nil {
				if d := cmp.Diff(tc.args, tr.Args); d != "" {
					t.Errorf("args (-want +got):\n%s", d)
				}
			}
			if strings.Count(tr.SQL, "?") != len(tr.Args) || strings.Count(tr.CountSQL, "?") != len(tr.CountArgs) {
				t.Errorf("placeholders and arguments disagree: %d/%d, %d/%d",
					strings.Count(tr.SQL, "?"), len(tr.Args), strings.Count(tr.CountSQL, "?"), len(tr.CountArgs))
			}
			if tc.count != "" && tr.CountSQL != tc.count {
				t.Errorf("CountSQL\n got: %s\nwant: %s", tr.CountSQL, tc.count)
			}
		})
	}
}

func TestTranslateColumns(t *testing.T) {
	tr, err := Translate(`SELECT c.ID, c.companyName AS "Company Name", COUNT(*), UPPER(email), trandate, SYSDATE, t.*
		FROM customer c JOIN transaction t ON t.entity = c.id GROUP BY c.id`, nil, TranslateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range tr.Columns[:8] {
		names = append(names, c.Name)
	}
	want := []string{"id", "company name", "expr1", "expr2", "trandate", "expr3", "id", "tranid"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
	if c := tr.Columns[4]; c.Type != TypeDate || !c.Known {
		t.Errorf("trandate column %+v, want a known date", c)
	}
	if got := len(tr.Columns); got != 6+21 {
		t.Errorf("%d columns, want 27", got)
	}
	if len(tr.Tables) != 2 || tr.Tables[0].Name != "customer" || tr.Tables[1].Name != "transaction" || !tr.UsesNow {
		t.Errorf("tables %v, usesNow %v", tr.Tables, tr.UsesNow)
	}
}

// TestTranslateUnsupported lists constructs refused with "Invalid or
// unsupported search." after parsing.
func TestTranslateUnsupported(t *testing.T) {
	for _, q := range []string{
		"SELECT FOO(id) FROM customer",
		"SELECT BUILTIN.NOPE(id) FROM customer",
		"SELECT NVL(id) FROM customer",
		"SELECT SUBSTR(email) FROM customer",
		"SELECT UPPER(DISTINCT email) FROM customer",
		"SELECT SUM(*) FROM customer",
		"SELECT id FROM customer WHERE COUNT(*) > 1",
		"SELECT COUNT(MAX(id)) FROM customer",
		"SELECT id FROM customer GROUP BY COUNT(*)",
		"SELECT id = 1 FROM customer",
		"SELECT id FROM customer WHERE id",
		"SELECT ROWNUM, COUNT(*) FROM customer",
		"SELECT id FROM customer WHERE ROWNUM + 1 < 3",
		"SELECT id FROM customer WHERE ROWNUM > 2",
		"SELECT id FROM customer WHERE ROWNUM <= 2 OR id = 4",
		"SELECT COUNT(*) FROM customer c JOIN transaction t ON t.entity = c.id WHERE ROWNUM <= 2",
		"SELECT id FROM customer UNION SELECT id, email FROM customer",
		"SELECT id FROM customer WHERE id IN (SELECT id, email FROM customer)",
		"SELECT (SELECT id, email FROM vendor) FROM customer",
		"SELECT id FROM customer c, vendor c",
		"SELECT id FROM customer ORDER BY 3",
		"SELECT id FROM customer UNION SELECT id FROM vendor ORDER BY id + 1",
		"SELECT DATE 'yesterday' FROM dual",
		"SELECT 1e999 FROM dual",
	} {
		_, err := Translate(q, nil, TranslateOptions{})
		e, ok := err.(*Error)
		if !ok || e.Detail != DetailPrefix+"Invalid or unsupported search." {
			t.Errorf("Translate(%q) = %v, want Invalid or unsupported search.", q, err)
		}
	}
}

func TestTranslateColumnTypes(t *testing.T) {
	tr, err := Translate("SELECT id, creditlimit, email, isinactive, datecreated, MAX(lastmodifieddate) m, SUM(id) s, NULL n FROM customer GROUP BY id, creditlimit, email, isinactive, datecreated", nil, TranslateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ResultColumn{
		{"id", TypeInteger, true}, {"creditlimit", TypeFloat, true}, {"email", TypeString, true},
		{"isinactive", TypeBoolean, true}, {"datecreated", TypeDateTime, true}, {"m", TypeDateTime, true},
		{"s", TypeFloat, true}, {"n", TypeString, false},
	}
	if d := cmp.Diff(want, tr.Columns); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
}
