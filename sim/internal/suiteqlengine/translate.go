package suiteqlengine

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Translation is a query translated to SQLite. Every literal of the query
// is a bound parameter in Args; the SQL text holds only generated names,
// catalog names and operators.
type Translation struct {
	// SQL and Args select the whole result, without REST paging.
	SQL  string
	Args []any
	// CountSQL and CountArgs count the rows of the whole result.
	CountSQL  string
	CountArgs []any
	// Columns are the result columns in order.
	Columns []ResultColumn
	// Tables are the catalog tables the query reads, in order of first
	// appearance.
	Tables []*Table
	// HasLimit is set when SQL has its own LIMIT (from ROWNUM, TOP, FETCH
	// or OFFSET), so that paging must wrap it in a subquery.
	HasLimit bool
	// UsesNow is set when the result depends on the clock (SYSDATE).
	UsesNow bool
}

// ResultColumn is one result column: its lower-case name as NetSuite
// returns it, and its type when known (TypeDate and TypeDateTime values are
// printed with the date format).
type ResultColumn struct {
	Name string
	Type ColumnType
	// Known is false when the type could not be inferred.
	Known bool
}

// TranslateOptions configure [Translate].
type TranslateOptions struct {
	// Now is the value of SYSDATE; zero means time.Now().
	Now time.Time
	// DateFormat is the Oracle format model TO_CHAR(date) uses without a
	// format; empty means [DefaultDateFormat].
	DateFormat string
}

// DefaultDateFormat is the format model dates are printed with: NetSuite's
// default date preference, M/D/YYYY.
const DefaultDateFormat = "FMMM/DD/YYYY"

// Translate parses a SuiteQL query and translates it to SQLite for the
// catalog cat (nil means [DefaultCatalog]).
func Translate(src string, cat Catalog, opts TranslateOptions) (*Translation, error) {
	q, perr := parse(src)
	if perr != nil {
		return nil, perr
	}
	tr, err := TranslateQuery(q, cat, opts)
	if err != nil {
		return nil, err
	}
	return tr, nil
}

// TranslateQuery translates a parsed query; see [Translate].
func TranslateQuery(q *Query, cat Catalog, opts TranslateOptions) (*Translation, error) {
	if cat == nil {
		cat = DefaultCatalog()
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	df := opts.DateFormat
	if df == "" {
		df = DefaultDateFormat
	}
	t := &translator{cat: cat, now: now.UTC(), nowText: canonTime(now), dateFmt: df, seen: map[*Table]bool{}}
	r, err := t.query(q, nil)
	if err != nil {
		return nil, err
	}
	tr := &Translation{SQL: r.sql.String(), Args: r.sql.args, Tables: t.tables, HasLimit: r.hasLimit, UsesNow: t.usesNow}
	for _, c := range r.cols {
		rc := ResultColumn{Name: c.name, Type: c.kind.columnType(), Known: c.kind.known()}
		if c.origin != nil {
			rc.Type, rc.Known = c.origin.Type, true
		}
		tr.Columns = append(tr.Columns, rc)
	}
	var cnt sqlb
	switch {
	case r.simple != nil:
		cnt.WriteString("SELECT count(*) FROM ")
		cnt.add(&r.simple.from)
		if r.simple.where.Len() > 0 {
			cnt.WriteString(" WHERE ")
			cnt.add(&r.simple.where)
		}
	case !r.hasLimit && r.noOrder != nil:
		cnt.WriteString("SELECT count(*) FROM (")
		cnt.add(r.noOrder)
		cnt.WriteString(")")
	default:
		cnt.WriteString("SELECT count(*) FROM (")
		cnt.add(&r.sql)
		cnt.WriteString(")")
	}
	tr.CountSQL, tr.CountArgs = cnt.String(), cnt.args
	return tr, nil
}

// sqlb accumulates SQLite text and its bound arguments in order.
type sqlb struct {
	strings.Builder
	args []any
}

func (b *sqlb) arg(v any) {
	b.WriteByte('?')
	b.args = append(b.args, v)
}

func (b *sqlb) add(o *sqlb) {
	b.WriteString(o.String())
	b.args = append(b.args, o.args...)
}

// quote quotes an SQLite identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// vkind is the inferred kind of an expression.
type vkind int

const (
	kUnknown vkind = iota
	kNull
	kString
	kNumber
	kDate
	kDateTime
	kBool // a 'T'/'F' column
	kPred // a condition
)

func kindOf(t ColumnType) vkind {
	switch t {
	case TypeInteger, TypeFloat:
		return kNumber
	case TypeDate:
		return kDate
	case TypeDateTime:
		return kDateTime
	case TypeBoolean:
		return kBool
	}
	return kString
}

func (k vkind) known() bool { return k != kUnknown && k != kNull && k != kPred }

func (k vkind) isDate() bool { return k == kDate || k == kDateTime }

func (k vkind) columnType() ColumnType {
	switch k {
	case kNumber:
		return TypeFloat
	case kDate:
		return TypeDate
	case kDateTime:
		return TypeDateTime
	case kBool:
		return TypeBoolean
	}
	return TypeString
}

// info describes a translated expression.
type info struct {
	kind    vkind
	notNull bool
	column  bool    // a bare column reference
	origin  *Column // the catalog column a bare reference passes through
	agg     bool    // contains an aggregate of this query block
}

// scope is the FROM clause of one query block, chained to enclosing
// blocks for correlated references.
type scope struct {
	parent *scope
	items  []*fromItem
}

type fromItem struct {
	alias     string // lower case; what qualifiers match
	tableName string // lower case, for error messages
	sqlAlias  string // generated, quoted
	table     *Table // nil for a derived table
	cols      []*outCol
	source    sqlb // the table or (subquery), without alias
	unnamed   bool // a derived table without alias
}

// outCol is a result column of a query block.
type outCol struct {
	name    string // lower case, as NetSuite returns it
	sqlName string // generated SQLite name
	kind    vkind
	notNull bool
	origin  *Column
}

type translator struct {
	cat     Catalog
	now     time.Time
	nowText string
	usesNow bool
	dateFmt string
	seq     int
	tables  []*Table
	seen    map[*Table]bool

	// aggregate context of the expression being translated
	aggOK  bool
	inAgg  bool
	sawAgg bool
	// winOK allows analytic functions (select list and ORDER BY);
	// rownumOK allows ROWNUM as a value (select list); sawWin and
	// sawRownum record their use in the current block; outerOK allows
	// the (+) marker (ON conditions built from WHERE).
	winOK, rownumOK, sawWin, sawRownum, outerOK bool
}

func (t *translator) newAlias() string {
	t.seq++
	return quote("t" + strconv.Itoa(t.seq))
}

func colName(k int) string { return "ns_c" + strconv.Itoa(k) }

// qres is a translated query.
type qres struct {
	sql      sqlb
	noOrder  *sqlb // the query without ORDER BY, when it has no limit
	cols     []*outCol
	hasLimit bool
	// plain is set when sql is a single SELECT core without ORDER BY or
	// LIMIT, usable directly as a compound operand.
	plain  bool
	simple *selParts // set when the count can be taken from FROM/WHERE
}

// query translates a query with its ORDER BY and row limiting.
func (t *translator) query(q *Query, parent *scope) (*qres, *Error) {
	r := &qres{}
	lim, off := int64(-1), int64(0)
	var order sqlb
	switch body := q.Body.(type) {
	case *Select:
		sp, err := t.selectParts(body, parent)
		if err != nil {
			return nil, err
		}
		r.cols = sp.cols
		if err := t.orderBy(&order, q.OrderBy, sp.sc, sp.cols, true); err != nil {
			return nil, err
		}
		// An aggregate in ORDER BY alone also makes the block aggregate.
		sp.agg = sp.agg || t.sawAgg
		if sp.hasRownum {
			lim = sp.rownum
		}
		if sp.hasTop && (lim < 0 || sp.top < lim) {
			lim = sp.top
		}
		sp.core(&r.sql)
		if sp.simpleCount() && lim < 0 && q.Offset == nil && q.Fetch == nil {
			r.simple = sp
		}
		r.plain = len(q.OrderBy) == 0 && lim < 0 && q.Offset == nil && q.Fetch == nil
	default:
		b, cols, err := t.body(q.Body, parent)
		if err != nil {
			return nil, err
		}
		r.cols = cols
		if err := t.orderBy(&order, q.OrderBy, nil, cols, false); err != nil {
			return nil, err
		}
		r.sql.add(b)
	}
	if q.Offset != nil || q.Fetch != nil {
		if q.Offset != nil {
			n, err := rowCount(q.Offset)
			if err != nil {
				return nil, err
			}
			off = n
		}
		capped := lim
		if capped >= 0 {
			capped = max(0, capped-off)
		}
		if q.Fetch != nil {
			n, err := rowCount(q.Fetch)
			if err != nil {
				return nil, err
			}
			if capped < 0 || n < capped {
				capped = n
			}
		}
		lim = capped
	}
	if order.Len() == 0 && lim < 0 && off == 0 {
		return r, nil
	}
	if lim < 0 && off == 0 {
		nb := &sqlb{}
		nb.add(&r.sql)
		r.noOrder = nb
	}
	if order.Len() > 0 {
		r.sql.WriteString(" ORDER BY ")
		r.sql.add(&order)
	}
	if lim >= 0 || off > 0 {
		r.sql.WriteString(" LIMIT ")
		r.sql.arg(lim)
		r.sql.WriteString(" OFFSET ")
		r.sql.arg(off)
		r.hasLimit = true
	}
	return r, nil
}

func rowCount(e Expr) (int64, *Error) {
	n, ok := e.(*NumberLit)
	if !ok {
		return 0, errUnsupported("row count must be an integer literal")
	}
	v, err := strconv.ParseInt(n.Text, 10, 64)
	if err != nil || v < 0 {
		return 0, errUnsupported("invalid row count %s", n.Text)
	}
	return v, nil
}

// body translates a query body into SQL usable as a compound operand.
func (t *translator) body(b QueryBody, parent *scope) (*sqlb, []*outCol, *Error) {
	out := &sqlb{}
	switch x := b.(type) {
	case *Select:
		r, err := t.query(&Query{Body: x}, parent)
		if err != nil {
			return nil, nil, err
		}
		if r.plain {
			out.add(&r.sql)
		} else {
			out.WriteString("SELECT * FROM (")
			out.add(&r.sql)
			out.WriteString(")")
		}
		return out, r.cols, nil
	case *ParenQuery:
		r, err := t.query(x.Query, parent)
		if err != nil {
			return nil, nil, err
		}
		if r.plain {
			out.add(&r.sql)
		} else {
			out.WriteString("SELECT * FROM (")
			out.add(&r.sql)
			out.WriteString(")")
		}
		return out, r.cols, nil
	case *SetOp:
		l, lcols, err := t.body(x.Left, parent)
		if err != nil {
			return nil, nil, err
		}
		rb, rcols, err := t.body(x.Right, parent)
		if err != nil {
			return nil, nil, err
		}
		if len(lcols) != len(rcols) {
			return nil, nil, errUnsupported("%s operands have %d and %d columns", x.Op, len(lcols), len(rcols))
		}
		out.add(l)
		switch {
		case x.Op == "UNION" && x.All:
			out.WriteString(" UNION ALL ")
		case x.Op == "MINUS":
			out.WriteString(" EXCEPT ")
		default:
			out.WriteString(" " + x.Op + " ")
		}
		if _, nested := x.Right.(*SetOp); nested {
			out.WriteString("SELECT * FROM (")
			out.add(rb)
			out.WriteString(")")
		} else {
			out.add(rb)
		}
		cols := make([]*outCol, len(lcols))
		for i, c := range lcols {
			cc := *c
			cc.notNull = c.notNull && rcols[i].notNull
			if cc.kind != rcols[i].kind && !(cc.kind == kNull || rcols[i].kind == kNull) {
				if cc.kind.isDate() && rcols[i].kind.isDate() {
					cc.kind = kDateTime
				} else {
					cc.kind = kUnknown
				}
			} else if cc.kind == kNull {
				cc.kind = rcols[i].kind
			}
			if cc.origin != rcols[i].origin {
				cc.origin = nil
			}
			cols[i] = &cc
		}
		return out, cols, nil
	}
	return nil, nil, errUnsupported("unknown query body")
}

// selParts are the translated clauses of one SELECT.
type selParts struct {
	sc                           *scope
	distinct                     bool
	sel, from, where, group, hav sqlb
	cols                         []*outCol
	agg                          bool
	rownum, top                  int64
	hasRownum, hasTop            bool
}

func (sp *selParts) core(b *sqlb) {
	b.WriteString("SELECT ")
	if sp.distinct {
		b.WriteString("DISTINCT ")
	}
	b.add(&sp.sel)
	b.WriteString(" FROM ")
	b.add(&sp.from)
	if sp.where.Len() > 0 {
		b.WriteString(" WHERE ")
		b.add(&sp.where)
	}
	if sp.group.Len() > 0 {
		b.WriteString(" GROUP BY ")
		b.add(&sp.group)
	}
	if sp.hav.Len() > 0 {
		b.WriteString(" HAVING ")
		b.add(&sp.hav)
	}
}

// simpleCount reports whether counting FROM … WHERE … counts the result.
func (sp *selParts) simpleCount() bool {
	return !sp.distinct && !sp.agg && !sp.hasRownum && !sp.hasTop
}

func (t *translator) selectParts(s *Select, parent *scope) (*selParts, *Error) {
	sp := &selParts{sc: &scope{parent: parent}, distinct: s.Distinct}
	sc := sp.sc
	// Pass 1: resolve the FROM entries so that every expression sees them.
	items := map[TableExpr]*fromItem{}
	for _, te := range s.From {
		if err := t.addFrom(sc, te, items); err != nil {
			return nil, err
		}
	}
	// Pass 2: emit FROM with its ON conditions, turning Oracle (+)
	// joins into LEFT JOINs.
	where := s.Where
	if where != nil && hasOuterMarker(where) {
		from, rest, err := t.outerJoins(s, sc, items)
		if err != nil {
			return nil, err
		}
		sp.from, where = *from, rest
	} else {
		for i, te := range s.From {
			if i > 0 {
				sp.from.WriteString(", ")
			}
			if err := t.emitFrom(&sp.from, te, sc, items); err != nil {
				return nil, err
			}
		}
	}
	// WHERE, less its ROWNUM limits.
	if where != nil {
		rest, n, has, err := splitRownum(where)
		if err != nil {
			return nil, err
		}
		where, sp.rownum, sp.hasRownum = rest, n, has
	}
	if where != nil {
		t.aggOK = false
		if _, err := t.pred(&sp.where, where, sc); err != nil {
			return nil, err
		}
	}
	if s.Top != nil {
		n, err := rowCount(s.Top)
		if err != nil {
			return nil, err
		}
		sp.top, sp.hasTop = n, true
	}
	// Select list.
	t.sawAgg, t.sawWin, t.sawRownum = false, false, false
	exprN := 0
	for _, it := range s.Columns {
		if it.Star {
			if err := t.expandStar(sp, it); err != nil {
				return nil, err
			}
			continue
		}
		var b sqlb
		t.aggOK, t.winOK, t.rownumOK = true, true, true
		inf, err := t.value(&b, it.Expr, sc)
		t.winOK, t.rownumOK = false, false
		if err != nil {
			return nil, err
		}
		oc := &outCol{kind: inf.kind, notNull: inf.notNull, sqlName: colName(len(sp.cols))}
		switch {
		case it.Alias != nil:
			oc.name = strings.ToLower(it.Alias.Name)
		case inf.column:
			oc.name = strings.ToLower(it.Expr.(*ColumnRef).Column.Name)
		default:
			exprN++
			oc.name = "expr" + strconv.Itoa(exprN)
		}
		if inf.column {
			oc.origin = inf.origin
		}
		if len(sp.cols) > 0 {
			sp.sel.WriteString(", ")
		}
		sp.sel.add(&b)
		sp.sel.WriteString(" AS " + quote(oc.sqlName))
		sp.cols = append(sp.cols, oc)
	}
	for i, e := range s.GroupBy {
		if i > 0 {
			sp.group.WriteString(", ")
		}
		t.aggOK = false
		if _, err := t.value(&sp.group, e, sc); err != nil {
			return nil, err
		}
	}
	if s.Having != nil {
		t.aggOK = true
		if _, err := t.pred(&sp.hav, s.Having, sc); err != nil {
			return nil, err
		}
	}
	sp.agg = t.sawAgg || len(s.GroupBy) > 0 || s.Having != nil
	t.aggOK = false
	if t.sawRownum && sp.agg {
		return nil, errUnsupported("ROWNUM in the select list of an aggregate query")
	}
	if sp.hasRownum && t.sawWin {
		// Oracle applies WHERE ROWNUM <= n before analytic functions;
		// a LIMIT would apply after them.
		return nil, errUnsupported("analytic functions with a ROWNUM limit in the same block")
	}
	if sp.hasRownum && (sp.agg || sp.distinct) {
		// ROWNUM numbers rows before grouping: limit the single FROM
		// entry, filtered, before the aggregate sees it.
		if len(s.From) != 1 {
			return nil, errUnsupported("ROWNUM with aggregates over a join")
		}
		it, ok := items[s.From[0]]
		if !ok {
			return nil, errUnsupported("ROWNUM with aggregates over a join")
		}
		var nf sqlb
		nf.WriteString("(SELECT * FROM ")
		nf.add(&it.source)
		nf.WriteString(" AS " + it.sqlAlias)
		if sp.where.Len() > 0 {
			nf.WriteString(" WHERE ")
			nf.add(&sp.where)
		}
		nf.WriteString(" LIMIT ")
		nf.arg(sp.rownum)
		nf.WriteString(") AS " + it.sqlAlias)
		sp.from, sp.where = nf, sqlb{}
		sp.hasRownum = false
	}
	return sp, nil
}

func (t *translator) expandStar(sp *selParts, it *SelectItem) *Error {
	found := false
	for _, fi := range sp.sc.items {
		if it.Table != "" && fi.alias != strings.ToLower(it.Table) {
			continue
		}
		found = true
		add := func(name, sqlCol string, kind vkind, notNull bool, origin *Column) {
			oc := &outCol{name: name, sqlName: colName(len(sp.cols)), kind: kind, notNull: notNull, origin: origin}
			if len(sp.cols) > 0 {
				sp.sel.WriteString(", ")
			}
			sp.sel.WriteString(fi.sqlAlias + "." + sqlCol + " AS " + quote(oc.sqlName))
			sp.cols = append(sp.cols, oc)
		}
		if fi.table != nil {
			for i := range fi.table.Columns {
				c := &fi.table.Columns[i]
				add(strings.ToLower(c.Name), quote(c.Name), kindOf(c.Type), c.NotNull, c)
			}
		} else {
			for _, c := range fi.cols {
				add(c.name, quote(c.sqlName), c.kind, c.notNull, c.origin)
			}
		}
	}
	if !found {
		return errUnknownIdent(it.Table+".*", sp.sc)
	}
	return nil
}

// addFrom resolves the tables of a FROM entry into scope items.
func (t *translator) addFrom(sc *scope, te TableExpr, items map[TableExpr]*fromItem) *Error {
	switch x := te.(type) {
	case *Join:
		if err := t.addFrom(sc, x.Left, items); err != nil {
			return err
		}
		return t.addFrom(sc, x.Right, items)
	case *TableRef:
		tbl := t.cat.Table(strings.ToLower(x.Name.Name))
		if tbl == nil {
			return errUnknownTable(x.Name.Name)
		}
		if !t.seen[tbl] {
			t.seen[tbl] = true
			t.tables = append(t.tables, tbl)
		}
		it := &fromItem{tableName: strings.ToLower(tbl.Name), table: tbl, sqlAlias: t.newAlias()}
		it.alias = it.tableName
		if x.Alias != nil {
			it.alias = strings.ToLower(x.Alias.Name)
		}
		if src := tbl.sqlName(); strings.HasPrefix(src, "(") {
			it.source.WriteString(src)
		} else {
			it.source.WriteString(quote(src))
		}
		return t.addItem(sc, te, it, items)
	case *DerivedTable:
		saved := t.saveAgg()
		r, err := t.query(x.Query, nil)
		t.restoreAgg(saved)
		if err != nil {
			return err
		}
		it := &fromItem{sqlAlias: t.newAlias(), cols: r.cols}
		if x.Alias != nil {
			it.alias = strings.ToLower(x.Alias.Name)
			it.tableName = it.alias
		} else {
			it.alias = "\x00" + it.sqlAlias // cannot be named
			it.unnamed = true
		}
		it.source.WriteString("(")
		it.source.add(&r.sql)
		it.source.WriteString(")")
		return t.addItem(sc, te, it, items)
	}
	return errUnsupported("unknown FROM entry")
}

func (t *translator) addItem(sc *scope, te TableExpr, it *fromItem, items map[TableExpr]*fromItem) *Error {
	for _, o := range sc.items {
		if o.alias == it.alias {
			return errUnsupported("duplicate table alias %s", it.alias)
		}
	}
	sc.items = append(sc.items, it)
	items[te] = it
	return nil
}

func (t *translator) emitFrom(b *sqlb, te TableExpr, sc *scope, items map[TableExpr]*fromItem) *Error {
	switch x := te.(type) {
	case *Join:
		if err := t.emitFrom(b, x.Left, sc, items); err != nil {
			return err
		}
		switch x.Kind {
		case "INNER", "CROSS":
			b.WriteString(" JOIN ")
		case "LEFT", "RIGHT", "FULL":
			b.WriteString(" " + x.Kind + " JOIN ")
		default:
			return errUnsupported("join kind %s", x.Kind)
		}
		if err := t.emitFrom(b, x.Right, sc, items); err != nil {
			return err
		}
		if x.On != nil {
			b.WriteString(" ON ")
			t.aggOK = false
			if _, err := t.pred(b, x.On, sc); err != nil {
				return err
			}
		} else if x.Kind != "CROSS" {
			return errUnsupported("join without ON")
		}
		return nil
	default:
		it := items[te]
		b.add(&it.source)
		b.WriteString(" AS " + it.sqlAlias)
		return nil
	}
}

// orderBy translates ORDER BY terms. In a simple SELECT (sc != nil) a term
// may name a select-list alias, give a position or be any expression; in a
// compound it must name or number a result column.
func (t *translator) orderBy(b *sqlb, items []*OrderItem, sc *scope, cols []*outCol, simple bool) *Error {
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		pos := -1
		switch x := it.Expr.(type) {
		case *NumberLit:
			n, err := strconv.Atoi(x.Text)
			if err != nil || n < 1 || n > len(cols) {
				return errUnsupported("ORDER BY position %s out of range", x.Text)
			}
			pos = n - 1
		case *ColumnRef:
			if x.Table == nil {
				name := strings.ToLower(x.Column.Name)
				for k, c := range cols {
					if c.name == name {
						pos = k
						break
					}
				}
			}
		}
		notNull := false
		switch {
		case pos >= 0:
			b.WriteString(strconv.Itoa(pos + 1))
			notNull = cols[pos].notNull
		case simple:
			t.aggOK, t.winOK = true, true
			inf, err := t.value(b, it.Expr, sc)
			t.winOK = false
			if err != nil {
				return err
			}
			notNull = inf.notNull
		default:
			if cr, ok := it.Expr.(*ColumnRef); ok {
				return errUnknownIdent(refText(cr), &scope{})
			}
			return errUnsupported("ORDER BY of a compound query must name a result column")
		}
		if it.Desc {
			b.WriteString(" DESC")
		}
		// Oracle sorts NULLs as the largest value.
		nulls := it.Nulls
		if nulls == "" && !notNull {
			nulls = "LAST"
			if it.Desc {
				nulls = "FIRST"
			}
		}
		if nulls != "" {
			b.WriteString(" NULLS " + nulls)
		}
	}
	t.aggOK = false
	return nil
}

// splitRownum removes the ROWNUM limits from the top-level conjuncts of a
// WHERE clause: ROWNUM <= n, ROWNUM < n, ROWNUM = 1 and their mirrors.
func splitRownum(e Expr) (Expr, int64, bool, *Error) {
	var conj []Expr
	var flatten func(Expr)
	flatten = func(x Expr) {
		if b, ok := x.(*Binary); ok && b.Op == "AND" {
			flatten(b.L)
			flatten(b.R)
			return
		}
		conj = append(conj, x)
	}
	flatten(e)
	var rest Expr
	lim, has := int64(-1), false
	for _, c := range conj {
		n, ok := rownumLimit(c)
		if !ok {
			if rest == nil {
				rest = c
			} else {
				rest = &Binary{Op: "AND", L: rest, R: c}
			}
			continue
		}
		if !has || n < lim {
			lim = n
		}
		has = true
	}
	return rest, lim, has, nil
}

func isRownum(e Expr) bool {
	c, ok := e.(*ColumnRef)
	return ok && c.Table == nil && !c.Column.Quoted && strings.EqualFold(c.Column.Name, "rownum")
}

func rownumLimit(e Expr) (int64, bool) {
	b, ok := e.(*Binary)
	if !ok {
		return 0, false
	}
	op := b.Op
	var num Expr
	switch {
	case isRownum(b.L):
		num = b.R
	case isRownum(b.R):
		num = b.L
		switch op {
		case ">=":
			op = "<="
		case ">":
			op = "<"
		case "<=", "<":
			return 0, false
		}
	default:
		return 0, false
	}
	n, ok := num.(*NumberLit)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Text, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	var lim float64
	switch op {
	case "<=":
		lim = math.Floor(v)
	case "<":
		lim = math.Ceil(v) - 1
	case "=":
		if v == 1 {
			lim = 1
		}
	default:
		return 0, false
	}
	if lim < 0 {
		lim = 0
	}
	if lim > math.MaxInt32 {
		lim = math.MaxInt32
	}
	return int64(lim), true
}

func refText(c *ColumnRef) string {
	if c.Table != nil {
		return c.Table.Name + "." + c.Column.Name
	}
	return c.Column.Name
}

type aggState struct{ ok, in, saw, win, rownum, sawWin, sawRownum, outer bool }

func (t *translator) saveAgg() aggState {
	s := aggState{t.aggOK, t.inAgg, t.sawAgg, t.winOK, t.rownumOK, t.sawWin, t.sawRownum, t.outerOK}
	t.aggOK, t.inAgg, t.sawAgg, t.winOK, t.rownumOK, t.sawWin, t.sawRownum, t.outerOK = false, false, false, false, false, false, false, false
	return s
}

func (t *translator) restoreAgg(s aggState) {
	t.aggOK, t.inAgg, t.sawAgg, t.winOK, t.rownumOK, t.sawWin, t.sawRownum, t.outerOK = s.ok, s.in, s.saw, s.win, s.rownum, s.sawWin, s.sawRownum, s.outer
}

// value translates an expression that must yield a value.
func (t *translator) value(b *sqlb, e Expr, sc *scope) (info, *Error) {
	inf, err := t.expr(b, e, sc)
	if err != nil {
		return inf, err
	}
	if inf.kind == kPred {
		return inf, errUnsupported("condition used as a value")
	}
	return inf, nil
}

// pred translates an expression that must be a condition.
func (t *translator) pred(b *sqlb, e Expr, sc *scope) (info, *Error) {
	inf, err := t.expr(b, e, sc)
	if err != nil {
		return inf, err
	}
	if inf.kind != kPred {
		return inf, errUnsupported("value used as a condition")
	}
	return inf, nil
}

// frag translates a value into its own buffer.
func (t *translator) frag(e Expr, sc *scope) (*sqlb, info, *Error) {
	b := &sqlb{}
	inf, err := t.value(b, e, sc)
	return b, inf, err
}

// pseudo columns that are functions of the session.
var nowIdents = map[string]bool{"SYSDATE": true, "CURRENT_DATE": true, "CURRENT_TIMESTAMP": true, "SYSTIMESTAMP": true, "LOCALTIMESTAMP": true}

func (t *translator) resolve(b *sqlb, c *ColumnRef, sc *scope) (info, *Error) {
	name := strings.ToLower(c.Column.Name)
	if c.Table == nil && !c.Column.Quoted {
		up := strings.ToUpper(c.Column.Name)
		if nowIdents[up] {
			t.usesNow = true
			b.arg(t.nowText)
			return info{kind: kDateTime, notNull: true}, nil
		}
		if up == "ROWNUM" {
			return t.rownumValue(b)
		}
	}
	if c.Table != nil {
		alias := strings.ToLower(c.Table.Name)
		for s := sc; s != nil; s = s.parent {
			for _, it := range s.items {
				if it.alias == alias {
					inf, ok := t.columnOf(b, it, name)
					if !ok {
						return info{}, errUnknownIdent(refText(c), sc)
					}
					return inf, nil
				}
			}
		}
		return info{}, errUnknownIdent(refText(c), sc)
	}
	for s := sc; s != nil; s = s.parent {
		var hit *fromItem
		for _, it := range s.items {
			if it.has(name) {
				if hit != nil {
					return info{}, errAmbiguous(c.Column.Name, s)
				}
				hit = it
			}
		}
		if hit != nil {
			inf, _ := t.columnOf(b, hit, name)
			return inf, nil
		}
	}
	return info{}, errUnknownIdent(c.Column.Name, sc)
}

func (it *fromItem) has(name string) bool {
	if it.table != nil {
		return it.table.Column(name) != nil
	}
	for _, c := range it.cols {
		if c.name == name {
			return true
		}
	}
	return false
}

func (t *translator) columnOf(b *sqlb, it *fromItem, name string) (info, bool) {
	if it.table != nil {
		c := it.table.Column(name)
		if c == nil {
			return info{}, false
		}
		b.WriteString(it.sqlAlias + "." + quote(c.Name))
		return info{kind: kindOf(c.Type), notNull: c.NotNull, column: true, origin: c}, true
	}
	var hit *outCol
	for _, c := range it.cols {
		if c.name == name {
			if hit != nil {
				return info{}, false
			}
			hit = c
		}
	}
	if hit == nil {
		return info{}, false
	}
	b.WriteString(it.sqlAlias + "." + quote(hit.sqlName))
	return info{kind: hit.kind, notNull: hit.notNull, column: true, origin: hit.origin}, true
}

// expr translates any expression.
func (t *translator) expr(b *sqlb, e Expr, sc *scope) (info, *Error) {
	switch x := e.(type) {
	case *ColumnRef:
		return t.resolve(b, x, sc)
	case *OuterRef:
		if !t.outerOK {
			return info{}, errUnsupported("(+) outside a join condition of WHERE")
		}
		return t.resolve(b, x.Col, sc)
	case *StringLit:
		if x.Value == "" { // Oracle: '' is NULL
			b.WriteString("NULL")
			return info{kind: kNull}, nil
		}
		b.arg(x.Value)
		return info{kind: kString, notNull: true}, nil
	case *NumberLit:
		v, err := numberValue(x.Text)
		if err != nil {
			return info{}, err
		}
		b.arg(v)
		return info{kind: kNumber, notNull: true}, nil
	case *NullLit:
		b.WriteString("NULL")
		return info{kind: kNull}, nil
	case *DateLit:
		// NetSuite Help Center, "SuiteQL Performance and Best Practices"
		// (article_0824094533): "You can't use date literals. You must
		// encapsulate dates using the to_date() function." NetSuite's
		// error text for them is not known.
		kw := "DATE"
		if x.Timestamp {
			kw = "TIMESTAMP"
		}
		return info{}, errUnsupported("date literal %s '%s': use TO_DATE", kw, x.Value)
	case *Binary:
		return t.binary(b, x, sc)
	case *Unary:
		switch x.Op {
		case "NOT":
			b.WriteString("(NOT ")
			if _, err := t.pred(b, x.X, sc); err != nil {
				return info{}, err
			}
			b.WriteString(")")
			return info{kind: kPred}, nil
		case "-":
			xb, inf, err := t.frag(x.X, sc)
			if err != nil {
				return info{}, err
			}
			b.WriteString("(- ")
			b.add(numeric(xb, inf))
			b.WriteString(")")
			return info{kind: kNumber, notNull: inf.notNull, agg: inf.agg}, nil
		default:
			inf, err := t.value(b, x.X, sc)
			inf.column, inf.origin = false, nil
			return inf, err
		}
	case *Between:
		xb, xi, err := t.frag(x.X, sc)
		if err != nil {
			return info{}, err
		}
		lo, li, err := t.frag(x.Lo, sc)
		if err != nil {
			return info{}, err
		}
		hi, hinf, err := t.frag(x.Hi, sc)
		if err != nil {
			return info{}, err
		}
		b.WriteString("(")
		b.add(xb)
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" BETWEEN ")
		t.cmpOperand(b, xi, lo, li)
		b.WriteString(" AND ")
		t.cmpOperand(b, xi, hi, hinf)
		b.WriteString(")")
		return info{kind: kPred}, nil
	case *InList:
		xb, xi, err := t.frag(x.X, sc)
		if err != nil {
			return info{}, err
		}
		b.WriteString("(")
		b.add(xb)
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (")
		for i, a := range x.List {
			if i > 0 {
				b.WriteString(", ")
			}
			ab, ai, err := t.frag(a, sc)
			if err != nil {
				return info{}, err
			}
			t.cmpOperand(b, xi, ab, ai)
		}
		b.WriteString("))")
		return info{kind: kPred}, nil
	case *InQuery:
		b.WriteString("(")
		if _, err := t.value(b, x.X, sc); err != nil {
			return info{}, err
		}
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (")
		cols, err := t.subquery(b, x.Query, sc)
		if err != nil {
			return info{}, err
		}
		if len(cols) != 1 {
			return info{}, errUnsupported("IN subquery returns %d columns", len(cols))
		}
		b.WriteString("))")
		return info{kind: kPred}, nil
	case *Exists:
		b.WriteString("EXISTS (")
		if _, err := t.subquery(b, x.Query, sc); err != nil {
			return info{}, err
		}
		b.WriteString(")")
		return info{kind: kPred}, nil
	case *Subquery:
		b.WriteString("(")
		cols, err := t.subquery(b, x.Query, sc)
		if err != nil {
			return info{}, err
		}
		if len(cols) != 1 {
			return info{}, errUnsupported("scalar subquery returns %d columns", len(cols))
		}
		b.WriteString(")")
		return info{kind: cols[0].kind}, nil
	case *Like:
		if x.Not {
			b.WriteString("(NOT ")
		}
		b.WriteString("nsq_like(")
		if _, err := t.value(b, x.X, sc); err != nil {
			return info{}, err
		}
		b.WriteString(", ")
		if _, err := t.value(b, x.Pattern, sc); err != nil {
			return info{}, err
		}
		b.WriteString(", ")
		if x.Escape != nil {
			if _, err := t.value(b, x.Escape, sc); err != nil {
				return info{}, err
			}
		} else {
			b.WriteString("NULL")
		}
		b.WriteString(")")
		if x.Not {
			b.WriteString(")")
		}
		return info{kind: kPred}, nil
	case *IsNull:
		b.WriteString("(")
		if _, err := t.value(b, x.X, sc); err != nil {
			return info{}, err
		}
		if x.Not {
			b.WriteString(" IS NOT NULL)")
		} else {
			b.WriteString(" IS NULL)")
		}
		return info{kind: kPred}, nil
	case *Case:
		return t.caseExpr(b, x, sc)
	case *FuncCall:
		return t.call(b, x, sc)
	case *Trim:
		fn := "trim"
		switch x.Spec {
		case "LEADING":
			fn = "ltrim"
		case "TRAILING":
			fn = "rtrim"
		}
		b.WriteString(fn + "(")
		if _, err := t.value(b, x.X, sc); err != nil {
			return info{}, err
		}
		if x.Chars != nil {
			b.WriteString(", ")
			if _, err := t.value(b, x.Chars, sc); err != nil {
				return info{}, err
			}
		}
		b.WriteString(")")
		return info{kind: kString}, nil
	}
	return info{}, errUnsupported("unsupported expression")
}

func numberValue(text string) (any, *Error) {
	if !strings.ContainsAny(text, ".eE") {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			return v, nil
		}
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, errUnsupported("invalid number %s", text)
	}
	return v, nil
}

// subquery translates a nested query in its own aggregate context.
func (t *translator) subquery(b *sqlb, q *Query, sc *scope) ([]*outCol, *Error) {
	saved := t.saveAgg()
	r, err := t.query(q, sc)
	t.restoreAgg(saved)
	if err != nil {
		return nil, err
	}
	b.add(&r.sql)
	return r.cols, nil
}

// cmpOperand writes the operand other of a comparison with ref. Dates are
// text; a computed date compared with a date-time column is written in the
// column's full 'YYYY-MM-DD HH:MM:SS' form so that text order is time
// order.
func (t *translator) cmpOperand(b *sqlb, ref info, other *sqlb, oi info) {
	if ref.column && ref.kind == kDateTime && oi.kind.isDate() && !oi.column {
		b.WriteString("nsq_datetime(")
		b.add(other)
		b.WriteString(")")
		return
	}
	b.add(other)
}

func (t *translator) binary(b *sqlb, x *Binary, sc *scope) (info, *Error) {
	switch x.Op {
	case "AND", "OR":
		b.WriteString("(")
		if _, err := t.pred(b, x.L, sc); err != nil {
			return info{}, err
		}
		b.WriteString(" " + x.Op + " ")
		if _, err := t.pred(b, x.R, sc); err != nil {
			return info{}, err
		}
		b.WriteString(")")
		return info{kind: kPred}, nil
	case "=", "<>", "<", "<=", ">", ">=":
		lb, li, err := t.frag(x.L, sc)
		if err != nil {
			return info{}, err
		}
		rb, ri, err := t.frag(x.R, sc)
		if err != nil {
			return info{}, err
		}
		b.WriteString("(")
		t.cmpOperand(b, ri, lb, li)
		b.WriteString(" " + x.Op + " ")
		t.cmpOperand(b, li, rb, ri)
		b.WriteString(")")
		return info{kind: kPred, agg: li.agg || ri.agg}, nil
	case "||":
		var parts []Expr
		var flatten func(Expr)
		flatten = func(e Expr) {
			if bb, ok := e.(*Binary); ok && bb.Op == "||" {
				flatten(bb.L)
				flatten(bb.R)
				return
			}
			parts = append(parts, e)
		}
		flatten(x)
		b.WriteString("nsq_concat(")
		for i, p := range parts {
			if i > 0 {
				b.WriteString(", ")
			}
			if _, err := t.value(b, p, sc); err != nil {
				return info{}, err
			}
		}
		b.WriteString(")")
		return info{kind: kString}, nil
	}
	lb, li, err := t.frag(x.L, sc)
	if err != nil {
		return info{}, err
	}
	rb, ri, err := t.frag(x.R, sc)
	if err != nil {
		return info{}, err
	}
	// Text operands convert to numbers as in Oracle, failing on
	// non-numeric text instead of SQLite's silent 0.
	if !li.kind.isDate() {
		lb = numeric(lb, li)
	}
	if !ri.kind.isDate() {
		rb = numeric(rb, ri)
	}
	out := info{kind: kNumber, notNull: li.notNull && ri.notNull}
	switch {
	case x.Op == "+" && li.kind.isDate() && !ri.kind.isDate():
		b.WriteString("nsq_date_add(")
		b.add(lb)
		b.WriteString(", ")
		b.add(rb)
		b.WriteString(")")
		out.kind = kDateTime
	case x.Op == "+" && ri.kind.isDate() && !li.kind.isDate():
		b.WriteString("nsq_date_add(")
		b.add(rb)
		b.WriteString(", ")
		b.add(lb)
		b.WriteString(")")
		out.kind = kDateTime
	case x.Op == "-" && li.kind.isDate() && ri.kind.isDate():
		b.WriteString("nsq_date_diff(")
		b.add(lb)
		b.WriteString(", ")
		b.add(rb)
		b.WriteString(")")
	case x.Op == "-" && li.kind.isDate():
		b.WriteString("nsq_date_add(")
		b.add(lb)
		b.WriteString(", - (")
		b.add(rb)
		b.WriteString("))")
		out.kind = kDateTime
	case x.Op == "/":
		b.WriteString("(CAST(")
		b.add(lb)
		b.WriteString(" AS REAL) / ")
		b.add(rb)
		b.WriteString(")")
		out.notNull = false
	case x.Op == "+" || x.Op == "-" || x.Op == "*":
		b.WriteString("(")
		b.add(lb)
		b.WriteString(" " + x.Op + " ")
		b.add(rb)
		b.WriteString(")")
	default:
		return info{}, errUnsupported("operator %s", x.Op)
	}
	return out, nil
}

// numeric wraps an arithmetic operand that is not known to be a number in
// nsq_num, which converts text like Oracle's implicit conversion.
func numeric(b *sqlb, i info) *sqlb {
	switch i.kind {
	case kNumber, kNull:
		return b
	}
	w := &sqlb{}
	w.WriteString("nsq_num(")
	w.add(b)
	w.WriteString(")")
	return w
}

func (t *translator) caseExpr(b *sqlb, x *Case, sc *scope) (info, *Error) {
	b.WriteString("CASE")
	if x.Operand != nil {
		b.WriteString(" ")
		if _, err := t.value(b, x.Operand, sc); err != nil {
			return info{}, err
		}
	}
	out := info{kind: kNull, notNull: x.Else != nil}
	merge := func(i info) {
		switch {
		case out.kind == kNull:
			out.kind = i.kind
		case i.kind == kNull || i.kind == out.kind:
		case out.kind.isDate() && i.kind.isDate():
			out.kind = kDateTime
		default:
			out.kind = kUnknown
		}
		out.notNull = out.notNull && i.notNull
	}
	for _, w := range x.Whens {
		b.WriteString(" WHEN ")
		var err *Error
		if x.Operand != nil {
			_, err = t.value(b, w.Cond, sc)
		} else {
			_, err = t.pred(b, w.Cond, sc)
		}
		if err != nil {
			return info{}, err
		}
		b.WriteString(" THEN ")
		ri, err := t.value(b, w.Result, sc)
		if err != nil {
			return info{}, err
		}
		merge(ri)
	}
	if x.Else != nil {
		b.WriteString(" ELSE ")
		ei, err := t.value(b, x.Else, sc)
		if err != nil {
			return info{}, err
		}
		merge(ei)
	}
	b.WriteString(" END")
	return out, nil
}
