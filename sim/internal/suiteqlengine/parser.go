package suiteqlengine

import (
	"strings"
)

// maxDepth bounds the nesting of expressions and subqueries.
const maxDepth = 200

// Parse parses one SuiteQL query. Errors are *Error with NetSuite's wording
// for a syntax error ("Invalid or unsupported search.") and a Reason that
// says what was wrong.
func Parse(src string) (*Query, error) {
	q, err := parse(src)
	if err != nil {
		return nil, err
	}
	return q, nil
}

func parse(src string) (*Query, *Error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	q, err := p.parseQuery()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tEOF {
		return nil, p.errf("unexpected %s", p.describe())
	}
	return q, nil
}

type parser struct {
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) describe() string {
	t := p.peek()
	switch t.kind {
	case tEOF:
		return "end of query"
	case tString:
		return "string literal"
	default:
		return "'" + t.text + "'"
	}
}

func (p *parser) errf(format string, args ...any) *Error {
	return errSyntax(p.peek().pos, format, args...)
}

// isKw reports whether the next token is the keyword kw (upper case).
func (p *parser) isKw(kw string) bool {
	t := p.peek()
	return t.kind == tIdent && t.upper == kw
}

func (p *parser) isKwAt(n int, kw string) bool {
	t := p.peekAt(n)
	return t.kind == tIdent && t.upper == kw
}

func (p *parser) acceptKw(kw string) bool {
	if p.isKw(kw) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectKw(kw string) *Error {
	if !p.acceptKw(kw) {
		return p.errf("expected %s, found %s", kw, p.describe())
	}
	return nil
}

func (p *parser) isOp(op string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == op
}

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectOp(op string) *Error {
	if !p.acceptOp(op) {
		return p.errf("expected '%s', found %s", op, p.describe())
	}
	return nil
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > maxDepth {
		return p.errf("query nested too deeply")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// ident parses an identifier that is not a reserved word.
func (p *parser) ident() (*Ident, *Error) {
	t := p.peek()
	switch {
	case t.kind == tQIdent:
		p.i++
		return &Ident{Name: t.text, Quoted: true}, nil
	case t.kind == tIdent && !reserved[t.upper]:
		p.i++
		return &Ident{Name: t.text}, nil
	}
	return nil, p.errf("expected identifier, found %s", p.describe())
}

// isIdentNext reports whether an identifier (not a reserved word) follows.
func (p *parser) isIdentNext() bool {
	t := p.peek()
	return t.kind == tQIdent || t.kind == tIdent && !reserved[t.upper]
}

// parseQuery parses body [ORDER BY …] [OFFSET n ROWS] [FETCH …].
func (p *parser) parseQuery() (*Query, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	first, err := p.parseQueryTerm()
	if err != nil {
		return nil, err
	}
	return p.parseQueryRest(first)
}

// parseQueryRest continues a query whose first term has been read.
func (p *parser) parseQueryRest(first QueryBody) (*Query, *Error) {
	body := first
	for {
		var op string
		all := false
		switch {
		case p.isKw("UNION"):
			p.i++
			op = "UNION"
			all = p.acceptKw("ALL")
		case p.isKw("INTERSECT"):
			p.i++
			op = "INTERSECT"
		case p.isKw("MINUS"), p.isKw("EXCEPT"):
			p.i++
			op = "MINUS"
		}
		if op == "" {
			break
		}
		right, err := p.parseQueryTerm()
		if err != nil {
			return nil, err
		}
		body = &SetOp{Op: op, All: all, Left: body, Right: right}
	}
	q := &Query{Body: body}
	if p.isKw("ORDER") {
		p.i++
		if err := p.expectKw("BY"); err != nil {
			return nil, err
		}
		for {
			it, err := p.parseOrderItem()
			if err != nil {
				return nil, err
			}
			q.OrderBy = append(q.OrderBy, it)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptKw("OFFSET") {
		e, err := p.parseRowCount()
		if err != nil {
			return nil, err
		}
		if !p.acceptKw("ROWS") && !p.acceptKw("ROW") {
			return nil, p.errf("expected ROWS after OFFSET")
		}
		q.Offset = e
	}
	if p.acceptKw("FETCH") {
		if !p.acceptKw("FIRST") && !p.acceptKw("NEXT") {
			return nil, p.errf("expected FIRST or NEXT after FETCH")
		}
		var e Expr = &NumberLit{Text: "1"}
		if !p.isKw("ROWS") && !p.isKw("ROW") {
			var err *Error
			if e, err = p.parseRowCount(); err != nil {
				return nil, err
			}
		}
		if !p.acceptKw("ROWS") && !p.acceptKw("ROW") {
			return nil, p.errf("expected ROWS in FETCH")
		}
		if !p.acceptKw("ONLY") {
			return nil, p.errf("expected ONLY in FETCH (WITH TIES is not supported)")
		}
		q.Fetch = e
	}
	return q, nil
}

// parseRowCount reads the integer of OFFSET, FETCH or TOP.
func (p *parser) parseRowCount() (Expr, *Error) {
	t := p.peek()
	if t.kind != tNumber || strings.ContainsAny(t.text, ".eE") {
		return nil, p.errf("expected a row count, found %s", p.describe())
	}
	p.i++
	return &NumberLit{Text: t.text}, nil
}

func (p *parser) parseQueryTerm() (QueryBody, *Error) {
	if p.isOp("(") {
		p.i++
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &ParenQuery{Query: q}, nil
	}
	return p.parseSelect()
}

func (p *parser) parseSelect() (*Select, *Error) {
	if err := p.expectKw("SELECT"); err != nil {
		return nil, err
	}
	s := &Select{}
	// SELECT TOP n [DISTINCT] or SELECT DISTINCT TOP n.
	parseTop := func() *Error {
		if p.isKw("TOP") && p.peekAt(1).kind == tNumber {
			p.i++
			e, err := p.parseRowCount()
			if err != nil {
				return err
			}
			s.Top = e
		}
		return nil
	}
	if err := parseTop(); err != nil {
		return nil, err
	}
	if p.acceptKw("DISTINCT") || p.acceptKw("UNIQUE") {
		s.Distinct = true
	} else {
		p.acceptKw("ALL")
	}
	if s.Top == nil {
		if err := parseTop(); err != nil {
			return nil, err
		}
	}
	for {
		it, err := p.parseSelectItem()
		if err != nil {
			return nil, err
		}
		s.Columns = append(s.Columns, it)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectKw("FROM"); err != nil {
		return nil, err
	}
	for {
		te, err := p.parseTableExpr()
		if err != nil {
			return nil, err
		}
		s.From = append(s.From, te)
		if !p.acceptOp(",") {
			break
		}
	}
	if p.acceptKw("WHERE") {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		s.Where = e
	}
	if p.isKw("GROUP") {
		p.i++
		if err := p.expectKw("BY"); err != nil {
			return nil, err
		}
		for {
			e, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			s.GroupBy = append(s.GroupBy, e)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptKw("HAVING") {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		s.Having = e
	}
	return s, nil
}

func (p *parser) parseSelectItem() (*SelectItem, *Error) {
	if p.acceptOp("*") {
		return &SelectItem{Star: true}, nil
	}
	// t.* (and "t".*)
	if (p.peek().kind == tIdent || p.peek().kind == tQIdent) && p.peekAt(1).kind == tOp && p.peekAt(1).text == "." &&
		p.peekAt(2).kind == tOp && p.peekAt(2).text == "*" {
		id, err := p.ident()
		if err != nil {
			return nil, err
		}
		p.i += 2
		return &SelectItem{Star: true, Table: id.Name}, nil
	}
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	it := &SelectItem{Expr: e}
	if p.acceptKw("AS") {
		a, err := p.ident()
		if err != nil {
			return nil, err
		}
		it.Alias = a
	} else if p.isIdentNext() {
		a, _ := p.ident()
		it.Alias = a
	}
	return it, nil
}

func (p *parser) parseOrderItem() (*OrderItem, *Error) {
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	it := &OrderItem{Expr: e}
	if p.acceptKw("DESC") {
		it.Desc = true
	} else {
		p.acceptKw("ASC")
	}
	if p.isKw("NULLS") {
		p.i++
		switch {
		case p.acceptKw("FIRST"):
			it.Nulls = "FIRST"
		case p.acceptKw("LAST"):
			it.Nulls = "LAST"
		default:
			return nil, p.errf("expected FIRST or LAST after NULLS")
		}
	}
	return it, nil
}

// parseTableExpr parses a table reference followed by any JOINs.
func (p *parser) parseTableExpr() (TableExpr, *Error) {
	left, err := p.parseTablePrimary()
	if err != nil {
		return nil, err
	}
	for {
		kind := ""
		switch {
		case p.isKw("JOIN"):
			p.i++
			kind = "INNER"
		case p.isKw("INNER"):
			p.i++
			kind = "INNER"
			if err := p.expectKw("JOIN"); err != nil {
				return nil, err
			}
		case p.isKw("LEFT"), p.isKw("RIGHT"), p.isKw("FULL"):
			kind = p.next().upper
			p.acceptKw("OUTER")
			if err := p.expectKw("JOIN"); err != nil {
				return nil, err
			}
		case p.isKw("CROSS"):
			p.i++
			kind = "CROSS"
			if err := p.expectKw("JOIN"); err != nil {
				return nil, err
			}
		}
		if kind == "" {
			return left, nil
		}
		right, err := p.parseTablePrimary()
		if err != nil {
			return nil, err
		}
		j := &Join{Kind: kind, Left: left, Right: right}
		if kind != "CROSS" {
			if err := p.expectKw("ON"); err != nil {
				return nil, err
			}
			if j.On, err = p.parseExpr(); err != nil {
				return nil, err
			}
		}
		left = j
	}
}

func (p *parser) parseTablePrimary() (TableExpr, *Error) {
	if p.isOp("(") {
		p.i++
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		d := &DerivedTable{Query: q}
		if d.Alias, err = p.optAlias(); err != nil {
			return nil, err
		}
		return d, nil
	}
	name, err := p.ident()
	if err != nil {
		return nil, err
	}
	t := &TableRef{Name: name}
	if t.Alias, err = p.optAlias(); err != nil {
		return nil, err
	}
	return t, nil
}

func (p *parser) optAlias() (*Ident, *Error) {
	if p.acceptKw("AS") {
		return p.ident()
	}
	if p.isIdentNext() {
		return p.ident()
	}
	return nil, nil
}

// Expressions, lowest precedence first: OR, AND, NOT, comparison (and
// BETWEEN, IN, LIKE, IS NULL), + - ||, * /, unary + -.

func (p *parser) parseExpr() (Expr, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	return p.parseOr()
}

func (p *parser) parseOr() (Expr, *Error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.acceptKw("OR") {
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = &Binary{Op: "OR", L: l, R: r}
	}
	return l, nil
}

func (p *parser) parseAnd() (Expr, *Error) {
	l, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	for p.acceptKw("AND") {
		r, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		l = &Binary{Op: "AND", L: l, R: r}
	}
	return l, nil
}

func (p *parser) parseNot() (Expr, *Error) {
	if p.acceptKw("NOT") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return &Unary{Op: "NOT", X: x}, nil
	}
	return p.parseComparison()
}

func (p *parser) parseComparison() (Expr, *Error) {
	l, err := p.parseAdditive()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == tOp {
		op := t.text
		switch op {
		case "!=", "^=":
			op = "<>"
		}
		switch op {
		case "=", "<>", "<", "<=", ">", ">=":
			p.i++
			r, err := p.parseAdditive()
			if err != nil {
				return nil, err
			}
			return &Binary{Op: op, L: l, R: r}, nil
		}
		return l, nil
	}
	not := false
	if p.isKw("NOT") && (p.isKwAt(1, "BETWEEN") || p.isKwAt(1, "IN") || p.isKwAt(1, "LIKE")) {
		p.i++
		not = true
	}
	switch {
	case p.acceptKw("BETWEEN"):
		lo, err := p.parseAdditive()
		if err != nil {
			return nil, err
		}
		if err := p.expectKw("AND"); err != nil {
			return nil, err
		}
		hi, err := p.parseAdditive()
		if err != nil {
			return nil, err
		}
		return &Between{X: l, Lo: lo, Hi: hi, Not: not}, nil
	case p.acceptKw("IN"):
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		if p.isKw("SELECT") {
			q, err := p.parseQuery()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			return &InQuery{X: l, Query: q, Not: not}, nil
		}
		in := &InList{X: l, Not: not}
		for {
			e, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if sq, ok := e.(*Subquery); ok && len(in.List) == 0 && p.continuesQuery() {
				// x IN ((SELECT …) UNION (SELECT …))
				q, err := p.parseQueryRest(&ParenQuery{Query: sq.Query})
				if err != nil {
					return nil, err
				}
				if err := p.expectOp(")"); err != nil {
					return nil, err
				}
				return &InQuery{X: l, Query: q, Not: not}, nil
			}
			in.List = append(in.List, e)
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		// x IN ((SELECT …)) is a subquery too.
		if len(in.List) == 1 {
			if sq, ok := in.List[0].(*Subquery); ok {
				return &InQuery{X: l, Query: sq.Query, Not: not}, nil
			}
		}
		return in, nil
	case p.acceptKw("LIKE"):
		pat, err := p.parseAdditive()
		if err != nil {
			return nil, err
		}
		lk := &Like{X: l, Pattern: pat, Not: not}
		if p.acceptKw("ESCAPE") {
			if lk.Escape, err = p.parseAdditive(); err != nil {
				return nil, err
			}
		}
		return lk, nil
	case p.acceptKw("IS"):
		n := p.acceptKw("NOT")
		if err := p.expectKw("NULL"); err != nil {
			return nil, err
		}
		return &IsNull{X: l, Not: n}, nil
	}
	return l, nil
}

func (p *parser) parseAdditive() (Expr, *Error) {
	l, err := p.parseMultiplicative()
	if err != nil {
		return nil, err
	}
	for p.isOp("+") || p.isOp("-") || p.isOp("||") {
		op := p.next().text
		r, err := p.parseMultiplicative()
		if err != nil {
			return nil, err
		}
		l = &Binary{Op: op, L: l, R: r}
	}
	return l, nil
}

func (p *parser) parseMultiplicative() (Expr, *Error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for p.isOp("*") || p.isOp("/") {
		op := p.next().text
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = &Binary{Op: op, L: l, R: r}
	}
	return l, nil
}

func (p *parser) parseUnary() (Expr, *Error) {
	if p.isOp("-") || p.isOp("+") {
		op := p.next().text
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &Unary{Op: op, X: x}, nil
	}
	return p.parsePrimary()
}

func (p *parser) parsePrimary() (Expr, *Error) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.i++
		return &NumberLit{Text: t.text}, nil
	case tString:
		p.i++
		return &StringLit{Value: t.text}, nil
	case tOp:
		if t.text == "(" {
			return p.parseParen()
		}
		return nil, p.errf("unexpected %s", p.describe())
	case tQIdent:
		return p.parseNameExpr()
	case tEOF:
		return nil, p.errf("unexpected end of query")
	}
	switch t.upper {
	case "NULL":
		p.i++
		return &NullLit{}, nil
	case "CASE":
		return p.parseCase()
	case "EXISTS":
		p.i++
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &Exists{Query: q}, nil
	case "DATE", "TIMESTAMP":
		if p.peekAt(1).kind == tString {
			p.i++
			s := p.next()
			return &DateLit{Timestamp: t.upper == "TIMESTAMP", Value: s.text}, nil
		}
	case "TRIM":
		if p.peekAt(1).kind == tOp && p.peekAt(1).text == "(" {
			return p.parseTrim()
		}
	}
	if reserved[t.upper] {
		return nil, p.errf("unexpected %s", p.describe())
	}
	return p.parseNameExpr()
}

// parseParen parses "(" expr ")" or a scalar subquery, and a parenthesized
// query that continues as a compound.
func (p *parser) parseParen() (Expr, *Error) {
	p.i++ // (
	if p.isKw("SELECT") {
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &Subquery{Query: q}, nil
	}
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if sq, ok := e.(*Subquery); ok && p.continuesQuery() {
		// ((SELECT …) UNION (SELECT …))
		q, err := p.parseQueryRest(&ParenQuery{Query: sq.Query})
		if err != nil {
			return nil, err
		}
		e = &Subquery{Query: q}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return e, nil
}

// continuesQuery reports whether the next token continues a query after
// its first term: a set operator, ORDER BY, OFFSET or FETCH.
func (p *parser) continuesQuery() bool {
	return p.isKw("UNION") || p.isKw("INTERSECT") || p.isKw("MINUS") || p.isKw("EXCEPT") ||
		p.isKw("ORDER") || p.isKw("OFFSET") || p.isKw("FETCH")
}

// parseNameExpr parses a column reference (a, t.a) or a function call
// (f(…), BUILTIN.DF(…)).
func (p *parser) parseNameExpr() (Expr, *Error) {
	first, err := p.ident()
	if err != nil {
		return nil, err
	}
	var second *Ident
	if p.isOp(".") {
		p.i++
		if second, err = p.ident(); err != nil {
			return nil, err
		}
	}
	// Oracle's outer-join marker: col(+).
	if p.isOp("(") && p.peekAt(1).kind == tOp && p.peekAt(1).text == "+" &&
		p.peekAt(2).kind == tOp && p.peekAt(2).text == ")" {
		p.i += 3
		if second != nil {
			return &OuterRef{Col: &ColumnRef{Table: first, Column: second}}, nil
		}
		return &OuterRef{Col: &ColumnRef{Column: first}}, nil
	}
	if p.isOp("(") {
		if first.Quoted || second != nil && second.Quoted {
			return nil, p.errf("quoted function name")
		}
		name := strings.ToUpper(first.Name)
		if second != nil {
			name += "." + strings.ToUpper(second.Name)
		}
		return p.parseCall(name)
	}
	if second != nil {
		return &ColumnRef{Table: first, Column: second}, nil
	}
	return &ColumnRef{Column: first}, nil
}

func (p *parser) parseCall(name string) (Expr, *Error) {
	p.i++ // (
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	f := &FuncCall{Name: name}
	if p.acceptOp(")") {
		return p.parseCallSuffix(f)
	}
	if p.isOp("*") && p.peekAt(1).kind == tOp && p.peekAt(1).text == ")" {
		p.i += 2
		f.Star = true
		return p.parseCallSuffix(f)
	}
	if p.acceptKw("DISTINCT") || p.acceptKw("UNIQUE") {
		f.Distinct = true
	} else {
		p.acceptKw("ALL")
	}
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		f.Args = append(f.Args, e)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return p.parseCallSuffix(f)
}

// parseCallSuffix reads what may follow a call's argument list: WITHIN
// GROUP (ORDER BY …) and OVER (…). OVER and WITHIN are not reserved, so
// they are keywords here only when "(" (or GROUP) follows.
func (p *parser) parseCallSuffix(f *FuncCall) (Expr, *Error) {
	if p.isKw("WITHIN") && p.isKwAt(1, "GROUP") {
		p.i += 2
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		if err := p.expectKw("ORDER"); err != nil {
			return nil, err
		}
		if err := p.expectKw("BY"); err != nil {
			return nil, err
		}
		items, err := p.parseOrderList()
		if err != nil {
			return nil, err
		}
		f.WithinGroup = items
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.isKw("OVER") && p.peekAt(1).kind == tOp && p.peekAt(1).text == "(" {
		p.i += 2
		w := &Window{}
		if p.isKw("PARTITION") {
			p.i++
			if err := p.expectKw("BY"); err != nil {
				return nil, err
			}
			for {
				e, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				w.PartitionBy = append(w.PartitionBy, e)
				if !p.acceptOp(",") {
					break
				}
			}
		}
		if p.isKw("ORDER") {
			p.i++
			if err := p.expectKw("BY"); err != nil {
				return nil, err
			}
			items, err := p.parseOrderList()
			if err != nil {
				return nil, err
			}
			w.OrderBy = items
		}
		if p.isKw("ROWS") || p.isKw("RANGE") {
			fr := &Frame{Unit: p.next().upper}
			if p.acceptKw("BETWEEN") {
				s, err := p.parseFrameBound()
				if err != nil {
					return nil, err
				}
				if err := p.expectKw("AND"); err != nil {
					return nil, err
				}
				e, err := p.parseFrameBound()
				if err != nil {
					return nil, err
				}
				fr.Start, fr.End = s, e
			} else {
				s, err := p.parseFrameBound()
				if err != nil {
					return nil, err
				}
				fr.Start = s
			}
			w.Frame = fr
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		f.Over = w
	}
	return f, nil
}

func (p *parser) parseOrderList() ([]*OrderItem, *Error) {
	var items []*OrderItem
	for {
		it, err := p.parseOrderItem()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			return items, nil
		}
	}
}

func (p *parser) parseFrameBound() (*FrameBound, *Error) {
	switch {
	case p.acceptKw("UNBOUNDED"):
		switch {
		case p.acceptKw("PRECEDING"):
			return &FrameBound{Kind: "UNBOUNDED PRECEDING"}, nil
		case p.acceptKw("FOLLOWING"):
			return &FrameBound{Kind: "UNBOUNDED FOLLOWING"}, nil
		}
		return nil, p.errf("expected PRECEDING or FOLLOWING after UNBOUNDED")
	case p.acceptKw("CURRENT"):
		if err := p.expectKw("ROW"); err != nil {
			return nil, err
		}
		return &FrameBound{Kind: "CURRENT ROW"}, nil
	}
	n, err := p.parseAdditive()
	if err != nil {
		return nil, err
	}
	switch {
	case p.acceptKw("PRECEDING"):
		return &FrameBound{Kind: "PRECEDING", N: n}, nil
	case p.acceptKw("FOLLOWING"):
		return &FrameBound{Kind: "FOLLOWING", N: n}, nil
	}
	return nil, p.errf("expected PRECEDING or FOLLOWING in a window frame")
}

func (p *parser) parseTrim() (Expr, *Error) {
	p.i += 2 // TRIM (
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := &Trim{}
	for _, s := range []string{"LEADING", "TRAILING", "BOTH"} {
		if p.acceptKw(s) {
			t.Spec = s
			break
		}
	}
	if t.Spec != "" && p.acceptKw("FROM") {
		t.HasFrom = true
	} else {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if p.acceptKw("FROM") {
			t.HasFrom = true
			t.Chars = e
		} else {
			if t.Spec != "" {
				return nil, p.errf("expected FROM in TRIM")
			}
			t.X = e
		}
	}
	if t.X == nil {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		t.X = e
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return t, nil
}

func (p *parser) parseCase() (Expr, *Error) {
	p.i++ // CASE
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	c := &Case{}
	if !p.isKw("WHEN") {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Operand = e
	}
	for p.acceptKw("WHEN") {
		cond, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expectKw("THEN"); err != nil {
			return nil, err
		}
		res, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, &When{Cond: cond, Result: res})
	}
	if len(c.Whens) == 0 {
		return nil, p.errf("expected WHEN in CASE")
	}
	if p.acceptKw("ELSE") {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Else = e
	}
	if err := p.expectKw("END"); err != nil {
		return nil, err
	}
	return c, nil
}
