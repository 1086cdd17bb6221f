package suiteqlengine

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParsePrint parses queries and compares the canonical printing; the
// printed form must parse to the same tree.
func TestParsePrint(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"simple", "select id, companyname from customer",
			"SELECT id, companyname FROM customer"},
		{"keywords any case, comments", "SeLeCt /* c */ id -- trailing\nFROM customer WHERE isinactive = 'F'",
			"SELECT id FROM customer WHERE isinactive = 'F'"},
		{"distinct and aliases", "SELECT DISTINCT c.id AS cid, c.email e FROM customer c",
			"SELECT DISTINCT c.id AS cid, c.email AS e FROM customer c"},
		{"star and t.star", "SELECT *, t.* FROM transaction t",
			"SELECT *, t.* FROM transaction t"},
		{"table alias with AS", "SELECT c.id FROM customer AS c",
			"SELECT c.id FROM customer c"},
		{"joins", "SELECT t.id FROM transaction t JOIN transactionline tl ON tl.transaction = t.id LEFT OUTER JOIN customer c ON c.id = t.entity RIGHT JOIN item i ON i.id = tl.item CROSS JOIN dual FULL JOIN vendor v ON 1 = 1",
			"SELECT t.id FROM transaction t INNER JOIN transactionline tl ON tl.transaction = t.id LEFT OUTER JOIN customer c ON c.id = t.entity RIGHT OUTER JOIN item i ON i.id = tl.item CROSS JOIN dual FULL OUTER JOIN vendor v ON 1 = 1"},
		{"comma join", "SELECT c.id FROM customer c, transaction t WHERE t.entity = c.id",
			"SELECT c.id FROM customer c, transaction t WHERE t.entity = c.id"},
		{"derived table", "SELECT x.id FROM (SELECT id FROM customer) x",
			"SELECT x.id FROM (SELECT id FROM customer) x"},
		{"precedence", "SELECT a + b * c - d / e || f FROM t WHERE a = 1 OR b = 2 AND NOT c = 3",
			"SELECT ((a + (b * c)) - (d / e)) || f FROM t WHERE (a = 1) OR ((b = 2) AND (NOT (c = 3)))"},
		{"parentheses kept only where needed", "SELECT (a + b) * c, ((a)) FROM t WHERE (a = 1 OR b = 2) AND c = 3",
			"SELECT (a + b) * c, a FROM t WHERE ((a = 1) OR (b = 2)) AND (c = 3)"},
		{"comparison operators", "SELECT 1 FROM t WHERE a <> 1 AND b != 2 AND c ^= 3 AND d <= 4 AND e >= 5 AND f < 6 AND g > 7",
			"SELECT 1 FROM t WHERE ((((((a <> 1) AND (b <> 2)) AND (c <> 3)) AND (d <= 4)) AND (e >= 5)) AND (f < 6)) AND (g > 7)"},
		{"unary", "SELECT -a, - -1, +b, -(a + 1) FROM t",
			"SELECT -a, -(-1), +b, -(a + 1) FROM t"},
		{"between in like is null", "SELECT 1 FROM t WHERE a BETWEEN 1 AND 2 AND b NOT BETWEEN 3 AND 4 AND c IN (1, 2) AND d NOT IN ('x') AND e LIKE 'a%' AND f NOT LIKE 'b\\%' ESCAPE '\\' AND g IS NULL AND h IS NOT NULL",
			"SELECT 1 FROM t WHERE (((((((a BETWEEN 1 AND 2) AND (b NOT BETWEEN 3 AND 4)) AND (c IN (1, 2))) AND (d NOT IN ('x'))) AND (e LIKE 'a%')) AND (f NOT LIKE 'b\\%' ESCAPE '\\')) AND (g IS NULL)) AND (h IS NOT NULL)"},
		{"subqueries", "SELECT (SELECT MAX(id) FROM t2) m FROM t WHERE a IN (SELECT b FROM t3) AND EXISTS (SELECT 1 FROM t4 WHERE t4.x = t.x) AND c NOT IN (SELECT d FROM t5)",
			"SELECT (SELECT MAX(id) FROM t2) AS m FROM t WHERE ((a IN (SELECT b FROM t3)) AND EXISTS (SELECT 1 FROM t4 WHERE t4.x = t.x)) AND (c NOT IN (SELECT d FROM t5))"},
		{"group by having order by", "SELECT type, COUNT(*) n FROM transaction GROUP BY type HAVING COUNT(*) > 1 ORDER BY n DESC, type ASC NULLS FIRST, 1 NULLS LAST",
			"SELECT type, COUNT(*) AS n FROM transaction GROUP BY type HAVING COUNT(*) > 1 ORDER BY n DESC, type NULLS FIRST, 1 NULLS LAST"},
		{"set operations", "SELECT a FROM t UNION SELECT b FROM u UNION ALL SELECT c FROM v INTERSECT SELECT d FROM w MINUS SELECT e FROM x EXCEPT SELECT f FROM y ORDER BY 1",
			"SELECT a FROM t UNION SELECT b FROM u UNION ALL SELECT c FROM v INTERSECT SELECT d FROM w MINUS SELECT e FROM x MINUS SELECT f FROM y ORDER BY 1"},
		{"parenthesized set operands", "(SELECT a FROM t) UNION (SELECT b FROM u ORDER BY b FETCH FIRST 1 ROWS ONLY)",
			"(SELECT a FROM t) UNION (SELECT b FROM u ORDER BY b FETCH FIRST 1 ROWS ONLY)"},
		{"case", "SELECT CASE WHEN a = 1 THEN 'x' WHEN a = 2 THEN 'y' ELSE 'z' END, CASE b WHEN 1 THEN 'one' END FROM t",
			"SELECT CASE WHEN a = 1 THEN 'x' WHEN a = 2 THEN 'y' ELSE 'z' END, CASE b WHEN 1 THEN 'one' END FROM t"},
		{"functions", "select nvl(a, 0), builtin.df(t.entity), BUILTIN.CONSOLIDATE(t.amount, 'LEDGER'), count(distinct a), count(*), sysdate, to_char(d, 'YYYY') FROM t",
			"SELECT NVL(a, 0), BUILTIN.DF(t.entity), BUILTIN.CONSOLIDATE(t.amount, 'LEDGER'), COUNT(DISTINCT a), COUNT(*), sysdate, TO_CHAR(d, 'YYYY') FROM t"},
		{"trim forms", "SELECT TRIM(a), TRIM(LEADING FROM a), TRIM(TRAILING 'x' FROM a), TRIM('y' FROM a), TRIM(BOTH ' ' FROM a) FROM t",
			"SELECT TRIM(a), TRIM(LEADING FROM a), TRIM(TRAILING 'x' FROM a), TRIM('y' FROM a), TRIM(BOTH ' ' FROM a) FROM t"},
		{"string escapes", "SELECT 'it''s', '' FROM t",
			"SELECT 'it''s', '' FROM t"},
		{"numbers", "SELECT 1, 1.50, .5, 1e3, 2.5E-2 FROM t",
			"SELECT 1, 1.50, .5, 1e3, 2.5E-2 FROM t"},
		{"date literals", "SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00' FROM dual",
			"SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00' FROM dual"},
		{"quoted identifiers", `SELECT "id" AS "My Id", "t"."x" FROM "customer" "t"`,
			`SELECT "id" AS "My Id", "t"."x" FROM "customer" "t"`},
		{"rownum", "SELECT * FROM customer WHERE ROWNUM <= 10",
			"SELECT * FROM customer WHERE ROWNUM <= 10"},
		{"top", "SELECT top 2 id FROM customer", "SELECT TOP 2 id FROM customer"},
		{"top after distinct", "SELECT DISTINCT TOP 3 id FROM customer", "SELECT TOP 3 DISTINCT id FROM customer"},
		{"column named top", "SELECT top FROM t", "SELECT top FROM t"},
		{"fetch and offset", "SELECT id FROM t ORDER BY id OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY",
			"SELECT id FROM t ORDER BY id OFFSET 10 ROWS FETCH FIRST 5 ROWS ONLY"},
		{"fetch first row only", "SELECT id FROM t FETCH FIRST ROW ONLY",
			"SELECT id FROM t FETCH FIRST 1 ROWS ONLY"},
		{"compound inside expression parens", "SELECT 1 FROM t WHERE a IN ((SELECT b FROM u) UNION (SELECT c FROM v))",
			"SELECT 1 FROM t WHERE a IN ((SELECT b FROM u) UNION (SELECT c FROM v))"},
		{"compound scalar subquery", "SELECT ((SELECT 1 FROM dual) UNION (SELECT 2 FROM dual) ORDER BY 1) FROM dual",
			"SELECT ((SELECT 1 FROM dual) UNION (SELECT 2 FROM dual) ORDER BY 1) FROM dual"},
		{"doubly parenthesized subquery", "SELECT ((SELECT 1 FROM dual)) FROM dual",
			"SELECT (SELECT 1 FROM dual) FROM dual"},
		{"in with one subquery in parens", "SELECT 1 FROM t WHERE a IN ((SELECT b FROM u))",
			"SELECT 1 FROM t WHERE a IN (SELECT b FROM u)"},
		{"whole query in parens", "(SELECT id FROM customer)", "(SELECT id FROM customer)"},
		{"identifier characters", "SELECT a$b, c#d, _e FROM t", "SELECT a$b, c#d, _e FROM t"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v (%s)", tc.in, err, reason(err))
			}
			got := q.String()
			if got != tc.want {
				t.Errorf("printed\n got: %s\nwant: %s", got, tc.want)
			}
			q2, err := Parse(got)
			if err != nil {
				t.Fatalf("reparse of %q: %v (%s)", got, err, reason(err))
			}
			if d := cmp.Diff(q, q2); d != "" {
				t.Errorf("reparse differs (-first +second):\n%s", d)
			}
		})
	}
}

func reason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// TestParseAST checks trees for the constructs whose printing hides
// structure.
func TestParseAST(t *testing.T) {
	tests := []struct {
		in   string
		want *Query
	}{
		{"SELECT a || 'x' FROM t", &Query{Body: &Select{
			Columns: []*SelectItem{{Expr: &Binary{Op: "||", L: &ColumnRef{Column: &Ident{Name: "a"}}, R: &StringLit{Value: "x"}}}},
			From:    []TableExpr{&TableRef{Name: &Ident{Name: "t"}}},
		}}},
		{"SELECT t.a FROM t WHERE b != 1", &Query{Body: &Select{
			Columns: []*SelectItem{{Expr: &ColumnRef{Table: &Ident{Name: "t"}, Column: &Ident{Name: "a"}}}},
			From:    []TableExpr{&TableRef{Name: &Ident{Name: "t"}}},
			Where:   &Binary{Op: "<>", L: &ColumnRef{Column: &Ident{Name: "b"}}, R: &NumberLit{Text: "1"}},
		}}},
		{"SELECT a FROM t MINUS SELECT a FROM u EXCEPT SELECT a FROM v", &Query{Body: &SetOp{
			Op: "MINUS",
			Left: &SetOp{Op: "MINUS",
				Left:  &Select{Columns: []*SelectItem{{Expr: &ColumnRef{Column: &Ident{Name: "a"}}}}, From: []TableExpr{&TableRef{Name: &Ident{Name: "t"}}}},
				Right: &Select{Columns: []*SelectItem{{Expr: &ColumnRef{Column: &Ident{Name: "a"}}}}, From: []TableExpr{&TableRef{Name: &Ident{Name: "u"}}}}},
			Right: &Select{Columns: []*SelectItem{{Expr: &ColumnRef{Column: &Ident{Name: "a"}}}}, From: []TableExpr{&TableRef{Name: &Ident{Name: "v"}}}},
		}}},
		{"SELECT COUNT(*) FROM t a JOIN u b ON a.x = b.y", &Query{Body: &Select{
			Columns: []*SelectItem{{Expr: &FuncCall{Name: "COUNT", Star: true}}},
			From: []TableExpr{&Join{Kind: "INNER",
				Left:  &TableRef{Name: &Ident{Name: "t"}, Alias: &Ident{Name: "a"}},
				Right: &TableRef{Name: &Ident{Name: "u"}, Alias: &Ident{Name: "b"}},
				On: &Binary{Op: "=", L: &ColumnRef{Table: &Ident{Name: "a"}, Column: &Ident{Name: "x"}},
					R: &ColumnRef{Table: &Ident{Name: "b"}, Column: &Ident{Name: "y"}}}}},
		}}},
		{"SELECT TRIM('x' FROM a) FROM t", &Query{Body: &Select{
			Columns: []*SelectItem{{Expr: &Trim{Chars: &StringLit{Value: "x"}, X: &ColumnRef{Column: &Ident{Name: "a"}}, HasFrom: true}}},
			From:    []TableExpr{&TableRef{Name: &Ident{Name: "t"}}},
		}}},
	}
	for _, tc := range tests {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if d := cmp.Diff(tc.want, q); d != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tc.in, d)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, reason string
	}{
		{"", "expected SELECT"},
		{"SELECT", "unexpected end"},
		{"SELECT FROM customer", "unexpected 'FROM'"},
		{"SELECT id customer", "expected FROM"},
		{"SELECT id FROM", "expected identifier"},
		{"SELECT id FROM customer WHERE", "unexpected end"},
		{"SELECT id FROM customer;", "unexpected ';'"},
		{"SELECT 'abc FROM customer", "unterminated string"},
		{`SELECT "abc FROM customer`, "unterminated quoted identifier"},
		{"SELECT id FROM customer /* x", "unterminated comment"},
		{"SELECT id FROM customer WHERE a = @b", "unexpected character"},
		{"SELECT 1abc FROM t", "malformed number"},
		{"SELECT id FROM customer ORDER id", "expected BY"},
		{"SELECT id FROM customer FETCH FIRST 5 ROWS WITH TIES", "expected ONLY"},
		{"SELECT id FROM customer OFFSET 5", "expected ROWS"},
		{"SELECT id FROM customer FETCH FIRST x ROWS ONLY", "expected a row count"},
		{"SELECT CASE END FROM t", "unexpected 'END'"},
		{"SELECT CASE a END FROM t", "expected WHEN"},
		{"SELECT a FROM t WHERE a IS 1", "expected NULL"},
		{"SELECT a FROM t JOIN u", "expected ON"},
		{"SELECT a FROM t WHERE a IN ()", "unexpected ')'"},
		{"SELECT select FROM t", "unexpected 'select'"},
		{"SELECT a FROM t WHERE " + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300), "nested too deeply"},
		{`SELECT "" FROM t`, "empty quoted identifier"},
		{"SELECT a FROM t x y", "unexpected 'y'"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want *Error", tc.in, err)
			continue
		}
		if e.Detail != DetailPrefix+"Invalid or unsupported search." || e.Param != "q" {
			t.Errorf("Parse(%q) detail %q param %q", tc.in, e.Detail, e.Param)
		}
		if !strings.Contains(e.Reason, tc.reason) {
			t.Errorf("Parse(%q) reason %q, want it to contain %q", tc.in, e.Reason, tc.reason)
		}
	}
}

func TestParseErrorPosition(t *testing.T) {
	_, err := Parse("SELECT id FROM customer WHERE x = = 1")
	var e *Error
	if !errors.As(err, &e) || e.Pos != 34 {
		t.Fatalf("got %#v, want position 34", err)
	}
}
