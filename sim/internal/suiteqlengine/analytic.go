package suiteqlengine

import (
	"strconv"
	"strings"
)

// Analytic functions, LISTAGG … WITHIN GROUP and ROWNUM in a select list.
//
// SQLite has window functions with Oracle's syntax and semantics for the
// functions below (ROW_NUMBER, RANK, DENSE_RANK and the aggregates over a
// window, with ROWS and RANGE frames and the same default frame: RANGE
// BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW when the window is ordered,
// the whole partition otherwise). Oracle: Database SQL Language Reference,
// "Analytic Functions"; SQLite: https://sqlite.org/windowfunctions.html.

// analyticFuncs are the functions accepted with OVER (…). ranking marks
// the functions that require an ORDER BY and take neither arguments nor a
// frame (Oracle: "ROW_NUMBER", "RANK", "DENSE_RANK").
var analyticFuncs = map[string]struct {
	sqlite  string
	ranking bool
}{
	"ROW_NUMBER": {"row_number", true},
	"RANK":       {"rank", true},
	"DENSE_RANK": {"dense_rank", true},
	"COUNT":      {"count", false},
	"SUM":        {"sum", false},
	"AVG":        {"avg", false},
	"MIN":        {"min", false},
	"MAX":        {"max", false},
}

// emitAnalytic writes f(…) OVER (…).
func (t *translator) emitAnalytic(b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	spec, ok := analyticFuncs[f.Name]
	if !ok {
		return info{}, errUnsupported("%s is not an analytic function", f.Name)
	}
	if !t.winOK || t.inAgg {
		// Oracle: analytic functions can appear only in the select list
		// or ORDER BY clause (ORA-30483).
		return info{}, errUnsupported("analytic function %s not allowed here", f.Name)
	}
	if len(f.WithinGroup) > 0 {
		return info{}, errUnsupported("WITHIN GROUP in %s", f.Name)
	}
	w := f.Over
	out := info{kind: kNumber}
	b.WriteString(spec.sqlite + "(")
	switch {
	case spec.ranking:
		if len(f.Args) > 0 || f.Star || f.Distinct {
			return info{}, errUnsupported("arguments to analytic %s", f.Name)
		}
		if len(w.OrderBy) == 0 || w.Frame != nil {
			// ORA-30485 (missing ORDER BY) and ORA-30487 (frame not
			// allowed).
			return info{}, errUnsupported("%s needs ORDER BY and no frame in OVER", f.Name)
		}
		out.notNull = true
	case f.Star:
		if f.Name != "COUNT" {
			return info{}, errUnsupported("%s(*)", f.Name)
		}
		b.WriteString("*")
		out.notNull = true
	default:
		if len(f.Args) != 1 {
			return info{}, errUnsupported("wrong number of arguments to %s", f.Name)
		}
		if f.Distinct {
			// Oracle allows DISTINCT with a PARTITION BY only; SQLite's
			// window aggregates have no DISTINCT.
			return info{}, errUnsupported("DISTINCT in analytic %s", f.Name)
		}
		ai, err := t.value(b, f.Args[0], sc)
		if err != nil {
			return info{}, err
		}
		switch f.Name {
		case "COUNT":
			out.notNull = true
		case "MIN", "MAX":
			out.kind = ai.kind
		}
	}
	b.WriteString(") OVER (")
	sep := ""
	if len(w.PartitionBy) > 0 {
		b.WriteString("PARTITION BY ")
		for i, e := range w.PartitionBy {
			if i > 0 {
				b.WriteString(", ")
			}
			if _, err := t.value(b, e, sc); err != nil {
				return info{}, err
			}
		}
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		b.WriteString(sep + "ORDER BY ")
		if err := t.windowOrder(b, w.OrderBy, sc); err != nil {
			return info{}, err
		}
		sep = " "
	}
	if fr := w.Frame; fr != nil {
		if len(w.OrderBy) == 0 {
			// Oracle: a windowing clause needs an ORDER BY.
			return info{}, errUnsupported("window frame without ORDER BY")
		}
		b.WriteString(sep + fr.Unit + " ")
		if fr.End != nil {
			b.WriteString("BETWEEN ")
		}
		numeric := false
		for i, fb := range []*FrameBound{fr.Start, fr.End} {
			if fb == nil {
				continue
			}
			if i > 0 {
				b.WriteString(" AND ")
			}
			if fb.N != nil {
				n, ok := fb.N.(*NumberLit)
				if !ok {
					return info{}, errUnsupported("window frame offset must be a number")
				}
				v, err := numberValue(n.Text)
				if err != nil {
					return info{}, err
				}
				switch x := v.(type) {
				case int64:
					b.WriteString(strconv.FormatInt(x, 10))
				case float64:
					if x < 0 {
						return info{}, errUnsupported("negative window frame offset")
					}
					b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
				}
				numeric = true
				b.WriteString(" ")
			}
			b.WriteString(fb.Kind)
		}
		if fr.End == nil && (fr.Start.Kind == "FOLLOWING" || fr.Start.Kind == "UNBOUNDED FOLLOWING") {
			return info{}, errUnsupported("window frame start after its end")
		}
		if numeric && fr.Unit == "RANGE" && len(w.OrderBy) != 1 {
			// ORA-30486 and SQLite alike.
			return info{}, errUnsupported("RANGE offset with more than one ORDER BY term")
		}
	}
	b.WriteString(")")
	return out, nil
}

// windowOrder writes the ORDER BY of a window or of WITHIN GROUP, sorting
// NULLs as Oracle does (as the largest value).
func (t *translator) windowOrder(b *sqlb, items []*OrderItem, sc *scope) *Error {
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		inf, err := t.value(b, it.Expr, sc)
		if err != nil {
			return err
		}
		if it.Desc {
			b.WriteString(" DESC")
		}
		nulls := it.Nulls
		if nulls == "" && !inf.notNull {
			nulls = "LAST"
			if it.Desc {
				nulls = "FIRST"
			}
		}
		if nulls != "" {
			b.WriteString(" NULLS " + nulls)
		}
	}
	return nil
}

// emitListagg writes LISTAGG(x [, sep]) WITHIN GROUP (ORDER BY …) as
// SQLite's ordered group_concat. NULL values are skipped and a NULL or
// missing delimiter means none, as in Oracle (Database SQL Language
// Reference, "LISTAGG"). The values are converted to text as Oracle
// prints them.
func emitListagg(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	if f.Over != nil {
		return info{}, errUnsupported("LISTAGG with OVER")
	}
	if len(f.WithinGroup) == 0 {
		// Oracle 12c–19c require WITHIN GROUP; whether NetSuite accepts
		// LISTAGG without it is unknown.
		return info{}, errUnsupported("LISTAGG without WITHIN GROUP")
	}
	if f.Distinct {
		return info{}, errUnsupported("LISTAGG(DISTINCT …)")
	}
	if !t.aggOK || t.inAgg {
		return info{}, errUnsupported("aggregate LISTAGG not allowed here")
	}
	t.sawAgg = true
	t.inAgg = true
	defer func() { t.inAgg = false }()
	b.WriteString("group_concat(nsq_text(")
	if _, err := t.value(b, f.Args[0], sc); err != nil {
		return info{}, err
	}
	b.WriteString("), ")
	if len(f.Args) > 1 {
		b.WriteString("coalesce(nsq_text(")
		if _, err := t.value(b, f.Args[1], sc); err != nil {
			return info{}, err
		}
		b.WriteString("), '')")
	} else {
		b.WriteString("''")
	}
	b.WriteString(" ORDER BY ")
	if err := t.windowOrder(b, f.WithinGroup, sc); err != nil {
		return info{}, err
	}
	b.WriteString(")")
	return info{kind: kString, agg: true}, nil
}

// rownumValue writes ROWNUM in a select list: the row's number in the
// order the block's FROM and WHERE produce rows, before the block's own
// ORDER BY, as Oracle assigns it (Database SQL Language Reference,
// "ROWNUM Pseudocolumn"). SQLite computes window functions after WHERE
// and before ORDER BY, and an empty window numbers rows in the order they
// arrive, so a FROM subquery's ORDER BY carries through: the nested
// pagination SELECT * FROM (SELECT ROWNUM rn, … FROM (… ORDER BY …))
// WHERE rn BETWEEN a AND b gives rows a..b of the sorted subquery.
func (t *translator) rownumValue(b *sqlb) (info, *Error) {
	if !t.rownumOK || t.inAgg {
		return info{}, errUnsupported("ROWNUM is supported only in a select list and as ROWNUM <= n in WHERE")
	}
	t.sawRownum = true
	b.WriteString("row_number() OVER ()")
	return info{kind: kNumber, notNull: true}, nil
}

// hasOuterMarker reports whether e holds a column with the (+) marker,
// not looking into subqueries.
func hasOuterMarker(e Expr) bool {
	found := false
	walkExpr(e, func(x Expr) {
		if _, ok := x.(*OuterRef); ok {
			found = true
		}
	})
	return found
}

// walkExpr calls fn for e and every expression nested in it, except
// inside subqueries (which are their own query blocks).
func walkExpr(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch x := e.(type) {
	case *Binary:
		walkExpr(x.L, fn)
		walkExpr(x.R, fn)
	case *Unary:
		walkExpr(x.X, fn)
	case *Between:
		walkExpr(x.X, fn)
		walkExpr(x.Lo, fn)
		walkExpr(x.Hi, fn)
	case *InList:
		walkExpr(x.X, fn)
		for _, a := range x.List {
			walkExpr(a, fn)
		}
	case *InQuery:
		walkExpr(x.X, fn)
	case *Like:
		walkExpr(x.X, fn)
		walkExpr(x.Pattern, fn)
		walkExpr(x.Escape, fn)
	case *IsNull:
		walkExpr(x.X, fn)
	case *Case:
		walkExpr(x.Operand, fn)
		for _, w := range x.Whens {
			walkExpr(w.Cond, fn)
			walkExpr(w.Result, fn)
		}
		walkExpr(x.Else, fn)
	case *FuncCall:
		for _, a := range x.Args {
			walkExpr(a, fn)
		}
		for _, it := range x.WithinGroup {
			walkExpr(it.Expr, fn)
		}
		if x.Over != nil {
			for _, p := range x.Over.PartitionBy {
				walkExpr(p, fn)
			}
			for _, it := range x.Over.OrderBy {
				walkExpr(it.Expr, fn)
			}
		}
	case *Trim:
		walkExpr(x.Chars, fn)
		walkExpr(x.X, fn)
	}
}

// itemOf returns the FROM entry of this query block that a column
// reference names, or nil (a correlated or unknown reference).
func itemOf(c *ColumnRef, sc *scope) *fromItem {
	name := strings.ToLower(c.Column.Name)
	if c.Table != nil {
		alias := strings.ToLower(c.Table.Name)
		for _, it := range sc.items {
			if it.alias == alias {
				return it
			}
		}
		return nil
	}
	var hit *fromItem
	for _, it := range sc.items {
		if it.has(name) {
			if hit != nil {
				return nil
			}
			hit = it
		}
	}
	return hit
}

// outerJoins rewrites Oracle's (+) joins of a comma-joined FROM into LEFT
// JOINs. Each WHERE conjunct holding (+) becomes part of the ON condition
// of the table its marked columns belong to; the other conjuncts stay in
// WHERE. It returns the FROM clause and the remaining WHERE.
//
// NetSuite Help Center, "SuiteQL Performance and Best Practices"
// (article_0824094533): right outer joins in Oracle syntax are refused
// ("select a1.id from account a1, account a2 where a1.id (+) = a2.id" is
// not valid), and ANSI and non-ANSI joins cannot be mixed in one query.
// The left outer join form is documented in "Outer Joins"
// (subsect_160045333353). NetSuite's error text for the refused forms is
// not known; the emulator answers "Invalid or unsupported search.".
func (t *translator) outerJoins(s *Select, sc *scope, items map[TableExpr]*fromItem) (*sqlb, Expr, *Error) {
	for _, te := range s.From {
		if _, ok := te.(*Join); ok {
			return nil, nil, errUnsupported("(+) joins mixed with ANSI joins")
		}
	}
	var conj []Expr
	var flatten func(Expr)
	flatten = func(x Expr) {
		if bx, ok := x.(*Binary); ok && bx.Op == "AND" {
			flatten(bx.L)
			flatten(bx.R)
			return
		}
		conj = append(conj, x)
	}
	flatten(s.Where)
	on := map[*fromItem][]Expr{}
	deps := map[*fromItem]map[*fromItem]bool{}
	var rest Expr
	for _, c := range conj {
		if !hasOuterMarker(c) {
			if rest == nil {
				rest = c
			} else {
				rest = &Binary{Op: "AND", L: rest, R: c}
			}
			continue
		}
		if !outerAllowed(c) {
			// ORA-01719: (+) not allowed in an operand of OR or IN.
			return nil, nil, errUnsupported("(+) inside OR, NOT, IN or a subquery")
		}
		var outer *fromItem
		others := map[*fromItem]bool{}
		var bad *Error
		walkExpr(c, func(x Expr) {
			if bad != nil {
				return
			}
			cr, _ := x.(*ColumnRef)
			marked := false
			if o, ok := x.(*OuterRef); ok {
				cr, marked = o.Col, true
			}
			if cr == nil || isRownum(cr) || nowIdents[strings.ToUpper(cr.Column.Name)] && cr.Table == nil {
				return
			}
			it := itemOf(cr, sc)
			if marked {
				if it == nil {
					bad = errUnsupported("(+) on a column that is not of this query's FROM")
					return
				}
				if outer != nil && outer != it {
					// ORA-01468: one outer-joined table per predicate.
					bad = errUnsupported("(+) on two tables in one condition")
					return
				}
				outer = it
			} else if it != nil {
				others[it] = true
			}
		})
		if bad != nil {
			return nil, nil, bad
		}
		if others[outer] {
			// Oracle: a column of the outer-joined table must carry (+)
			// everywhere in the condition.
			return nil, nil, errUnsupported("(+) missing on a column of the outer-joined table")
		}
		if bx, ok := c.(*Binary); ok && hasOuterMarker(bx.L) && !hasOuterMarker(bx.R) && len(others) > 0 {
			return nil, nil, errUnsupported("right outer join in Oracle syntax: the (+) must be on the right of the comparison")
		}
		on[outer] = append(on[outer], c)
		if deps[outer] == nil {
			deps[outer] = map[*fromItem]bool{}
		}
		for o := range others {
			deps[outer][o] = true
		}
	}
	// Inner tables first, in FROM order, then each outer-joined table once
	// the tables its conditions read are placed.
	var order []*fromItem
	placed := map[*fromItem]bool{}
	for _, te := range s.From {
		it := items[te]
		if on[it] == nil {
			order = append(order, it)
			placed[it] = true
		}
	}
	if len(order) == 0 {
		return nil, nil, errUnsupported("every table of the FROM clause is outer-joined")
	}
	for len(order) < len(s.From) {
		progress := false
		for _, te := range s.From {
			it := items[te]
			if placed[it] {
				continue
			}
			ready := true
			for d := range deps[it] {
				if !placed[d] {
					ready = false
				}
			}
			if ready {
				order = append(order, it)
				placed[it] = true
				progress = true
			}
		}
		if !progress {
			// ORA-01416: two tables cannot be outer-joined to each other.
			return nil, nil, errUnsupported("circular (+) joins")
		}
	}
	from := &sqlb{}
	saved := t.outerOK
	t.outerOK = true
	defer func() { t.outerOK = saved }()
	for i, it := range order {
		conds := on[it]
		switch {
		case i == 0:
		case conds == nil:
			from.WriteString(", ")
		default:
			from.WriteString(" LEFT JOIN ")
		}
		from.add(&it.source)
		from.WriteString(" AS " + it.sqlAlias)
		if conds != nil {
			from.WriteString(" ON ")
			var e Expr
			for _, c := range conds {
				if e == nil {
					e = c
				} else {
					e = &Binary{Op: "AND", L: e, R: c}
				}
			}
			t.aggOK = false
			if _, err := t.pred(from, e, sc); err != nil {
				return nil, nil, err
			}
		}
	}
	return from, rest, nil
}

// outerAllowed reports whether the (+) markers of a condition are outside
// OR, NOT and IN lists (Oracle refuses those, ORA-01719).
func outerAllowed(c Expr) bool {
	ok := true
	walkExpr(c, func(x Expr) {
		switch y := x.(type) {
		case *Binary:
			if y.Op == "OR" && hasOuterMarker(y) {
				ok = false
			}
		case *Unary:
			if y.Op == "NOT" && hasOuterMarker(y) {
				ok = false
			}
		case *InList:
			if hasOuterMarker(y) {
				ok = false
			}
		}
	})
	return ok
}
