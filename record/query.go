package record

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// fieldRE matches a REST field name (camelCase, custom fields with _,
// joined fields with .).
var fieldRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// Query builds a q= filter in NetSuite's syntax:
//
//	record.Q().Field("email").StartWith("barbara").And().Field("dateCreated").After("2026-01-01")
//
// gives `email START_WITH "barbara" AND dateCreated AFTER "2026-01-01"`.
// Strings and dates are always double-quoted with \" and \\ escaped;
// numbers and booleans are bare. A mistake (a bad field name, a missing
// AND/OR) is kept in Err and reported by List and All.
type Query struct {
	parts []string
	err   error
	// wantTerm is true when the next part must be a condition or group.
	wantTerm bool
}

// Q starts an empty filter.
func Q() *Query { return &Query{wantTerm: true} }

// String returns the filter text.
func (q *Query) String() string { return strings.Join(q.parts, " ") }

// Err reports the first mistake made building the filter.
func (q *Query) Err() error {
	if q.err != nil {
		return q.err
	}
	if len(q.parts) > 0 && q.wantTerm {
		return fmt.Errorf("record: filter %q ends with AND/OR", q.String())
	}
	return nil
}

func (q *Query) fail(format string, args ...any) {
	if q.err == nil {
		q.err = fmt.Errorf("record: filter: "+format, args...)
	}
}

func (q *Query) term(s string) *Query {
	if !q.wantTerm {
		q.fail("%q follows a condition without And() or Or()", s)
	}
	q.parts = append(q.parts, s)
	q.wantTerm = false
	return q
}

// And joins the previous and the next condition with AND.
func (q *Query) And() *Query { return q.join("AND") }

// Or joins the previous and the next condition with OR.
func (q *Query) Or() *Query { return q.join("OR") }

func (q *Query) join(op string) *Query {
	if q.wantTerm {
		q.fail("%s without a condition before it", op)
	}
	q.parts = append(q.parts, op)
	q.wantTerm = true
	return q
}

// Group adds a parenthesised sub-filter, e.g.
// Q().Field("a").Equal(1).And().Group(Q().Field("b").Is(true).Or().Field("c").Empty()).
func (q *Query) Group(sub *Query) *Query {
	if err := sub.Err(); err != nil {
		q.fail("%v", err)
	} else if len(sub.parts) == 0 {
		q.fail("empty group")
	}
	return q.term("(" + sub.String() + ")")
}

// Raw adds filter text as is, e.g. `companyName EMPTY`.
func (q *Query) Raw(s string) *Query { return q.term(strings.TrimSpace(s)) }

// Field starts a condition on a field.
func (q *Query) Field(name string) *Cond {
	if !fieldRE.MatchString(name) {
		q.fail("field %q is not a field name", name)
	}
	return &Cond{q: q, field: name}
}

// Cond is a condition waiting for its operator.
type Cond struct {
	q     *Query
	field string
}

// Op adds the condition "field OP values…" for any NetSuite operator,
// e.g. Op("START_WITH_NOT", "x"). Two or more values are written as a list
// [a, b]; none, as a unary operator (EMPTY).
func (c *Cond) Op(op string, values ...any) *Query {
	op = strings.ToUpper(strings.TrimSpace(op))
	if op == "" || strings.ContainsAny(op, " \"") {
		c.q.fail("operator %q", op)
	}
	s := c.field + " " + op
	switch len(values) {
	case 0:
	case 1:
		s += " " + c.q.literal(values[0])
	default:
		vs := make([]string, len(values))
		for i, v := range values {
			vs[i] = c.q.literal(v)
		}
		s += " [" + strings.Join(vs, ", ") + "]"
	}
	return c.q.term(s)
}

// literal renders one value.
func (q *Query) literal(v any) string {
	switch x := v.(type) {
	case string:
		return quote(x)
	case time.Time:
		return quote(x.UTC().Format("2006-01-02T15:04:05Z"))
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case fmt.Stringer:
		return quote(x.String())
	}
	q.fail("value %v of type %T: use a string, number, bool or time.Time", v, v)
	return ""
}

// quote double-quotes s, escaping backslashes and double quotes.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Empty: the field has no value.
func (c *Cond) Empty() *Query { return c.Op("EMPTY") }

// NotEmpty: the field has a value (EMPTY_NOT).
func (c *Cond) NotEmpty() *Query { return c.Op("EMPTY_NOT") }

// Is compares a boolean field.
func (c *Cond) Is(v bool) *Query { return c.Op("IS", v) }

// IsText compares a text field for equality (IS).
func (c *Cond) IsText(s string) *Query { return c.Op("IS", s) }

// IsNot compares a boolean field for inequality.
func (c *Cond) IsNot(v bool) *Query { return c.Op("IS_NOT", v) }

// Equal compares a number.
func (c *Cond) Equal(v any) *Query { return c.Op("EQUAL", v) }

// Greater compares a number.
func (c *Cond) Greater(v any) *Query { return c.Op("GREATER", v) }

// GreaterOrEqual compares a number.
func (c *Cond) GreaterOrEqual(v any) *Query { return c.Op("GREATER_OR_EQUAL", v) }

// Less compares a number.
func (c *Cond) Less(v any) *Query { return c.Op("LESS", v) }

// LessOrEqual compares a number.
func (c *Cond) LessOrEqual(v any) *Query { return c.Op("LESS_OR_EQUAL", v) }

// Between tests lo ≤ field ≤ hi.
func (c *Cond) Between(lo, hi any) *Query { return c.Op("BETWEEN", lo, hi) }

// AnyOf tests membership in values (ANY_OF [a, b, …]).
func (c *Cond) AnyOf(values ...any) *Query {
	if len(values) == 0 {
		c.q.fail("ANY_OF needs values")
	}
	if len(values) == 1 {
		return c.q.term(c.field + " ANY_OF [" + c.q.literal(values[0]) + "]")
	}
	return c.Op("ANY_OF", values...)
}

// Contain tests a substring.
func (c *Cond) Contain(s string) *Query { return c.Op("CONTAIN", s) }

// StartWith tests a prefix.
func (c *Cond) StartWith(s string) *Query { return c.Op("START_WITH", s) }

// EndWith tests a suffix.
func (c *Cond) EndWith(s string) *Query { return c.Op("END_WITH", s) }

// After compares a date: a string NetSuite accepts ("2026-01-01",
// "2026-01-01T00:00:00Z", "1/1/2026") or a time.Time.
func (c *Cond) After(d any) *Query { return c.Op("AFTER", d) }

// Before compares a date.
func (c *Cond) Before(d any) *Query { return c.Op("BEFORE", d) }

// On compares a date.
func (c *Cond) On(d any) *Query { return c.Op("ON", d) }

// OnOrAfter compares a date.
func (c *Cond) OnOrAfter(d any) *Query { return c.Op("ON_OR_AFTER", d) }

// OnOrBefore compares a date.
func (c *Cond) OnOrBefore(d any) *Query { return c.Op("ON_OR_BEFORE", d) }
