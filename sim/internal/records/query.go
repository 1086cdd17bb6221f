package records

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/sim/catalog"
)

// The q= filter language of record lists (ns-help section_1545222128):
//
//	q = expr ; expr = and { "OR" and } ; and = term { "AND" term }
//	term = "(" expr ")" | field OPERATOR [value | "[" value { "," value } "]"]
//
// with operators per field type: EMPTY/EMPTY_NOT for all; IS/IS_NOT for
// booleans; ANY_OF, BETWEEN, EQUAL, GREATER, GREATER_OR_EQUAL, LESS,
// LESS_OR_EQUAL, WITHIN (+_NOT) for numbers and references; CONTAIN, IS,
// START_WITH, END_WITH (+_NOT) for strings; AFTER, BEFORE, ON, ON_OR_AFTER,
// ON_OR_BEFORE (+_NOT) for dates. Values may be quoted with double quotes.
// Dates are accepted as 2026-03-15T00:00:00Z, 2026-03-15 and 3/15/2026
// (the forms airbyte's NetSuite connector sends).
//
// Errors: NetSuite's wording for a bad q was not found in a public source;
// the emulator answers 400 INVALID_PARAMETER with o:errorQueryParam "q" and
// the SuiteQL prefix "Invalid search query. Detailed unprocessed
// description follows. " (q runs on the same query engine), followed by a
// "Search error occurred: …" description of its own.

var (
	opsCommon  = []string{"EMPTY"}
	opsBool    = []string{"IS"}
	opsNumber  = []string{"ANY_OF", "BETWEEN", "EQUAL", "GREATER", "GREATER_OR_EQUAL", "LESS", "LESS_OR_EQUAL", "WITHIN"}
	opsTextRef = []string{"ANY_OF", "EQUAL"}
	opsString  = []string{"CONTAIN", "IS", "START_WITH", "END_WITH"}
	opsDate    = []string{"AFTER", "BEFORE", "ON", "ON_OR_AFTER", "ON_OR_BEFORE"}
)

// operatorsFor lists the operators a field accepts (each also with _NOT).
func operatorsFor(f *catalog.Field) []string {
	ops := append([]string(nil), opsCommon...)
	switch {
	case f.Type == catalog.Boolean:
		ops = append(ops, opsBool...)
	case f.Type == catalog.Reference && f.TextID:
		ops = append(ops, opsTextRef...)
	case f.Type == catalog.Integer || f.Type == catalog.Float || f.Type == catalog.Reference:
		ops = append(ops, opsNumber...)
	case f.Type == catalog.Date || f.Type == catalog.DateTime:
		ops = append(ops, opsDate...)
	default:
		ops = append(ops, opsString...)
	}
	var out []string
	for _, o := range ops {
		out = append(out, o, o+"_NOT")
	}
	return out
}

type qToken struct {
	text   string
	quoted bool
	pos    int
}

func lexQuery(s string) ([]qToken, error) {
	var toks []qToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isQuerySpace(c):
			i++
		case strings.IndexByte("()[],", c) >= 0:
			toks = append(toks, qToken{text: string(c), pos: i})
			i++
		case c == '"' || c == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("Search error occurred: Unterminated quoted value at position %d.", i+1)
			}
			toks = append(toks, qToken{text: b.String(), quoted: true, pos: i})
			i = j + 1
		default:
			j := i
			for j < len(s) && !isQuerySpace(s[j]) && strings.IndexByte("()[],\"'", s[j]) < 0 {
				j++
			}
			toks = append(toks, qToken{text: s[i:j], pos: i})
			i = j
		}
	}
	return toks, nil
}

func isQuerySpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type qParser struct {
	rec  *catalog.Record
	toks []qToken
	i    int
	args []any
	cat  *catalog.Catalog
}

// parseRecordQuery translates q into an SQLite condition on alias t.
func parseRecordQuery(cat *catalog.Catalog, rec *catalog.Record, q string) (string, []any, error) {
	toks, err := lexQuery(q)
	if err != nil {
		return "", nil, err
	}
	p := &qParser{cat: cat, rec: rec, toks: toks}
	cond, err := p.expr()
	if err != nil {
		return "", nil, err
	}
	if t := p.peek(); t != nil {
		return "", nil, p.syntax(t, "unexpected '"+t.text+"'")
	}
	return cond, p.args, nil
}

func (p *qParser) peek() *qToken {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *qParser) keyword(k string) bool {
	if t := p.peek(); t != nil && !t.quoted && strings.EqualFold(t.text, k) {
		p.i++
		return true
	}
	return false
}

func (p *qParser) syntax(t *qToken, msg string) error {
	pos := len(p.toks)
	if t != nil {
		pos = t.pos + 1
	}
	if t == nil {
		return fmt.Errorf("Search error occurred: Invalid query syntax: %s at the end of the query.", msg)
	}
	return fmt.Errorf("Search error occurred: Invalid query syntax: %s at position %d.", msg, pos)
}

func (p *qParser) expr() (string, error) {
	left, err := p.and()
	if err != nil {
		return "", err
	}
	for p.keyword("OR") {
		right, err := p.and()
		if err != nil {
			return "", err
		}
		left = "(" + left + " OR " + right + ")"
	}
	return left, nil
}

func (p *qParser) and() (string, error) {
	left, err := p.term()
	if err != nil {
		return "", err
	}
	for p.keyword("AND") {
		right, err := p.term()
		if err != nil {
			return "", err
		}
		left = "(" + left + " AND " + right + ")"
	}
	return left, nil
}

func (p *qParser) term() (string, error) {
	t := p.peek()
	if t == nil {
		return "", p.syntax(nil, "expected a field name")
	}
	if t.text == "(" && !t.quoted {
		p.i++
		e, err := p.expr()
		if err != nil {
			return "", err
		}
		if c := p.peek(); c == nil || c.text != ")" || c.quoted {
			return "", p.syntax(c, "expected ')'")
		}
		p.i++
		return e, nil
	}
	if t.quoted || strings.IndexByte("()[],", t.text[0]) >= 0 {
		return "", p.syntax(t, "expected a field name")
	}
	p.i++
	f := p.cat.RESTField(p.rec, t.text)
	if f == nil {
		return "", fmt.Errorf("Search error occurred: Field '%s' for record '%s' was not found.", t.text, p.rec.REST)
	}
	ot := p.peek()
	if ot == nil || ot.quoted {
		return "", p.syntax(ot, "expected an operator after '"+t.text+"'")
	}
	p.i++
	op := strings.ToUpper(ot.text)
	valid := operatorsFor(f)
	ok := false
	for _, v := range valid {
		ok = ok || v == op
	}
	if !ok {
		return "", fmt.Errorf("Search error occurred: Invalid search operator '%s' for field '%s' of type %s. Valid operators are: %s.",
			ot.text, f.REST, f.Type, strings.Join(valid, ", "))
	}
	base, not := strings.CutSuffix(op, "_NOT")
	var vals []qToken
	switch base {
	case "EMPTY":
	case "ANY_OF", "BETWEEN", "WITHIN":
		var err error
		if vals, err = p.values(); err != nil {
			return "", err
		}
		if base != "ANY_OF" && len(vals) != 2 {
			return "", fmt.Errorf("Search error occurred: Operator '%s' needs two values, e.g. %s %s [1, 10].", ot.text, f.REST, ot.text)
		}
	default:
		v := p.peek()
		if v == nil || (!v.quoted && strings.IndexByte("()[],", v.text[0]) >= 0) {
			return "", p.syntax(v, "expected a value after '"+ot.text+"'")
		}
		p.i++
		vals = []qToken{*v}
	}
	cond, err := p.condition(f, base, vals)
	if err != nil {
		return "", err
	}
	if not {
		if base == "EMPTY" {
			return "NOT " + cond, nil
		}
		return "NOT COALESCE(" + cond + ", 0)", nil
	}
	return cond, nil
}

// values reads "[a, b, …]" or "a, b, …".
func (p *qParser) values() ([]qToken, error) {
	bracket := false
	if t := p.peek(); t != nil && !t.quoted && t.text == "[" {
		bracket = true
		p.i++
	}
	var out []qToken
	for {
		v := p.peek()
		if v == nil || (!v.quoted && strings.IndexByte("()[],", v.text[0]) >= 0) {
			return nil, p.syntax(v, "expected a value")
		}
		p.i++
		out = append(out, *v)
		if c := p.peek(); c != nil && !c.quoted && c.text == "," {
			p.i++
			continue
		}
		break
	}
	if bracket {
		if c := p.peek(); c == nil || c.quoted || c.text != "]" {
			return nil, p.syntax(c, "expected ']'")
		}
		p.i++
	}
	return out, nil
}

func (p *qParser) badValue(f *catalog.Field, v string) error {
	return fmt.Errorf("Search error occurred: Invalid value '%s' for field '%s' of type %s.", v, f.REST, f.Type)
}

func (p *qParser) arg(v any) string {
	p.args = append(p.args, v)
	return "?"
}

// condition builds the SQL for one field, operator (without _NOT) and values.
func (p *qParser) condition(f *catalog.Field, op string, vals []qToken) (string, error) {
	col := `t."` + f.Column + `"`
	if op == "EMPTY" {
		if f.Type == catalog.String {
			return "(" + col + " IS NULL OR " + col + " = '')", nil
		}
		return col + " IS NULL", nil
	}
	switch {
	case f.Type == catalog.Boolean:
		switch strings.ToUpper(vals[0].text) {
		case "TRUE", "T":
			return col + " = 'T'", nil
		case "FALSE", "F":
			return col + " = 'F'", nil
		}
		return "", p.badValue(f, vals[0].text)
	case f.Type == catalog.Reference && f.TextID:
		var ph []string
		for _, v := range vals {
			ph = append(ph, p.arg(v.text))
		}
		return col + " IN (" + strings.Join(ph, ", ") + ")", nil
	case f.Type == catalog.Integer || f.Type == catalog.Float || f.Type == catalog.Reference:
		nums := make([]string, len(vals))
		for i, v := range vals {
			n, err := strconv.ParseFloat(v.text, 64)
			if err != nil {
				return "", p.badValue(f, v.text)
			}
			if f.Type != catalog.Float && n == float64(int64(n)) {
				nums[i] = p.arg(int64(n))
			} else {
				nums[i] = p.arg(n)
			}
		}
		switch op {
		case "ANY_OF":
			return col + " IN (" + strings.Join(nums, ", ") + ")", nil
		case "BETWEEN", "WITHIN":
			return "(" + col + " BETWEEN " + nums[0] + " AND " + nums[1] + ")", nil
		}
		return col + " " + map[string]string{"EQUAL": "=", "GREATER": ">", "GREATER_OR_EQUAL": ">=", "LESS": "<", "LESS_OR_EQUAL": "<="}[op] + " " + nums[0], nil
	case f.Type == catalog.Date || f.Type == catalog.DateTime:
		day, dt, hasTime, ok := parseQueryDate(vals[0].text)
		if !ok {
			return "", p.badValue(f, vals[0].text)
		}
		cmp := map[string]string{"AFTER": ">", "BEFORE": "<", "ON": "=", "ON_OR_AFTER": ">=", "ON_OR_BEFORE": "<="}[op]
		if f.Type == catalog.DateTime && hasTime && op != "ON" {
			return col + " " + cmp + " " + p.arg(dt), nil
		}
		return "substr(" + col + ", 1, 10) " + cmp + " " + p.arg(day), nil
	}
	v := likeEscape(vals[0].text)
	switch op {
	case "IS":
		return col + " = " + p.arg(vals[0].text) + " COLLATE NOCASE", nil
	case "CONTAIN":
		return col + " LIKE " + p.arg("%"+v+"%") + ` ESCAPE '\'`, nil
	case "START_WITH":
		return col + " LIKE " + p.arg(v+"%") + ` ESCAPE '\'`, nil
	}
	return col + " LIKE " + p.arg("%"+v) + ` ESCAPE '\'`, nil // END_WITH
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// parseQueryDate reads a q= date: RFC 3339, 'YYYY-MM-DD HH:MM:SS',
// 'YYYY-MM-DD' or 'M/D/YYYY'. It returns the day, the stored datetime form
// (UTC) and whether a time was given.
func parseQueryDate(s string) (day, dt string, hasTime, ok bool) {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(l, s); err == nil {
			t = t.UTC()
			return t.Format("2006-01-02"), t.Format("2006-01-02 15:04:05"), true, true
		}
	}
	for _, l := range []string{"2006-01-02", "1/2/2006"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02"), t.Format("2006-01-02 15:04:05"), false, true
		}
	}
	return "", "", false, false
}
