package suiteqlengine

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var fuzzSeeds = []string{
	"SELECT id, companyname FROM customer WHERE isinactive = 'F' ORDER BY id",
	benchJoin,
	"SELECT type, COUNT(*) n FROM transaction GROUP BY type HAVING COUNT(*) > 1 ORDER BY n DESC NULLS LAST",
	"SELECT * FROM (SELECT id FROM customer ORDER BY id DESC) WHERE ROWNUM <= 3",
	"SELECT TOP 2 DISTINCT email FROM customer",
	"(SELECT id FROM customer) UNION ALL (SELECT id FROM vendor) MINUS SELECT 1 FROM dual ORDER BY 1 OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY",
	"SELECT CASE WHEN a IS NULL THEN NVL2(b, 1, 2) ELSE DECODE(c, 1, 'x', NULL, 'y', 'z') END FROM t",
	"SELECT TRIM(LEADING '0' FROM x), SUBSTR(a, -2, 1), 'it''s' || \"q\"\"i\" FROM t -- c\n/* d */",
	"SELECT 1 FROM t WHERE a IN ((SELECT b FROM u) UNION (SELECT c FROM v)) AND NOT EXISTS (SELECT 1 FROM w)",
	"SELECT DATE '2024-01-01' + 1, TO_CHAR(SYSDATE, 'YYYY-MM-DD HH24:MI:SS'), -(-.5e3) FROM dual",
	"SELECT a FROM t WHERE b LIKE 'x\\%' ESCAPE '\\' AND c NOT BETWEEN 1 AND 2",
	"SELECT ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY c DESC NULLS FIRST) rn, SUM(x) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING) FROM t",
	"SELECT LISTAGG(a, ', ') WITHIN GROUP (ORDER BY b) FROM t GROUP BY c",
	"SELECT * FROM (SELECT ROWNUM AS rn, * FROM (SELECT id FROM t ORDER BY id)) WHERE rn BETWEEN 11 AND 20",
	"SELECT a.id FROM a, b WHERE a.x = b.y(+) AND b.z(+) = 'T'",
}

// FuzzParse checks that no input panics, that every error is an *Error,
// and that printing a parsed query and parsing it again is stable.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T %v is not *Error", s, err, err)
			}
			return
		}
		p1 := q.String()
		q2, err := Parse(p1)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its printing %q fails: %v (%s)", s, p1, err, reason(err))
		}
		if d := cmp.Diff(q, q2); d != "" {
			t.Fatalf("Parse(%q) printed as %q parses differently (-first +second):\n%s", s, p1, d)
		}
		if p2 := q2.String(); p2 != p1 {
			t.Fatalf("printing unstable:\n%s\n%s", p1, p2)
		}
		// Translation must not panic either.
		if _, err := TranslateQuery(q, nil, TranslateOptions{Now: fixedNow}); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Translate(%q) error %T %v is not *Error", s, err, err)
			}
		}
	})
}
