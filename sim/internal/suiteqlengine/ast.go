package suiteqlengine

// The AST keeps no source positions and no parentheses: two queries that
// differ only in spacing, comments, keyword case or redundant parentheses
// parse to equal trees, and [Query.String] prints a tree so that parsing
// the text gives the same tree back.

// Query is a complete query: a SELECT or a compound of SELECTs, then an
// optional ORDER BY and row limiting (OFFSET n ROWS, FETCH FIRST n ROWS
// ONLY).
type Query struct {
	Body    QueryBody
	OrderBy []*OrderItem
	Offset  Expr // OFFSET n ROWS, or nil
	Fetch   Expr // FETCH FIRST/NEXT n ROWS ONLY, or nil
}

// QueryBody is a *Select, a *SetOp or a *ParenQuery.
type QueryBody interface{ queryBody() }

// Select is one SELECT block.
type Select struct {
	Distinct bool
	Top      Expr // SELECT TOP n, or nil
	Columns  []*SelectItem
	From     []TableExpr // comma-separated FROM entries
	Where    Expr
	GroupBy  []Expr
	Having   Expr
}

// SetOp combines two query bodies. Op is "UNION", "INTERSECT" or "MINUS"
// (EXCEPT is read as MINUS); All is set for UNION ALL.
type SetOp struct {
	Op          string
	All         bool
	Left, Right QueryBody
}

// ParenQuery is a parenthesized query used as an operand of a compound or
// as a whole query.
type ParenQuery struct{ Query *Query }

func (*Select) queryBody()     {}
func (*SetOp) queryBody()      {}
func (*ParenQuery) queryBody() {}

// SelectItem is one entry of a select list: an expression with an optional
// alias, "*" (Star with empty Table) or "t.*".
type SelectItem struct {
	Star  bool
	Table string // qualifier of t.*
	Expr  Expr
	Alias *Ident
}

// OrderItem is one ORDER BY term. Nulls is "", "FIRST" or "LAST".
type OrderItem struct {
	Expr  Expr
	Desc  bool
	Nulls string
}

// TableExpr is a *TableRef, a *DerivedTable or a *Join.
type TableExpr interface{ tableExpr() }

// TableRef names a table, with an optional alias.
type TableRef struct {
	Name  *Ident
	Alias *Ident
}

// DerivedTable is a subquery in FROM, with an optional alias.
type DerivedTable struct {
	Query *Query
	Alias *Ident
}

// Join joins two table expressions. Kind is "INNER", "LEFT", "RIGHT",
// "FULL" or "CROSS"; On is nil for CROSS.
type Join struct {
	Kind        string
	Left, Right TableExpr
	On          Expr
}

func (*TableRef) tableExpr()     {}
func (*DerivedTable) tableExpr() {}
func (*Join) tableExpr()         {}

// Ident is an identifier as written; Quoted marks a "quoted identifier".
// Identifiers compare case-insensitively.
type Ident struct {
	Name   string
	Quoted bool
}

// Expr is an expression node.
type Expr interface{ expr() }

// ColumnRef is a column, optionally qualified ("t.col"). Unqualified
// pseudo-columns such as ROWNUM and SYSDATE are column references too.
type ColumnRef struct {
	Table  *Ident
	Column *Ident
}

// OuterRef is a column with Oracle's outer-join marker, t.col(+), in a
// WHERE condition. (A node of its own keeps ColumnRef small.)
type OuterRef struct{ Col *ColumnRef }

// StringLit is a string literal (the value, unescaped).
type StringLit struct{ Value string }

// NumberLit is a numeric literal as written.
type NumberLit struct{ Text string }

// NullLit is NULL.
type NullLit struct{}

// DateLit is DATE 'yyyy-mm-dd' or TIMESTAMP 'yyyy-mm-dd hh:mi:ss'.
type DateLit struct {
	Timestamp bool
	Value     string
}

// Binary is a binary operator: OR, AND, =, <>, <, <=, >, >=, +, -, *, /, ||.
// The comparison operators != and ^= are read as <>.
type Binary struct {
	Op   string
	L, R Expr
}

// Unary is NOT, unary - or unary +.
type Unary struct {
	Op string
	X  Expr
}

// Between is x [NOT] BETWEEN lo AND hi.
type Between struct {
	X, Lo, Hi Expr
	Not       bool
}

// InList is x [NOT] IN (a, b, …).
type InList struct {
	X    Expr
	List []Expr
	Not  bool
}

// InQuery is x [NOT] IN (SELECT …).
type InQuery struct {
	X     Expr
	Query *Query
	Not   bool
}

// Exists is EXISTS (SELECT …).
type Exists struct{ Query *Query }

// Subquery is a scalar subquery.
type Subquery struct{ Query *Query }

// Like is x [NOT] LIKE pattern [ESCAPE esc].
type Like struct {
	X, Pattern, Escape Expr
	Not                bool
}

// IsNull is x IS [NOT] NULL.
type IsNull struct {
	X   Expr
	Not bool
}

// Case is a simple (Operand set) or searched CASE.
type Case struct {
	Operand Expr
	Whens   []*When
	Else    Expr
}

// When is one WHEN … THEN … arm.
type When struct{ Cond, Result Expr }

// FuncCall is a function call. Name is upper case and may be dotted
// ("BUILTIN.DF"). Star is COUNT(*).
type FuncCall struct {
	Name     string
	Distinct bool
	Star     bool
	Args     []Expr
	// WithinGroup is the ORDER BY of LISTAGG(…) WITHIN GROUP (ORDER BY …).
	WithinGroup []*OrderItem
	// Over is the analytic clause f(…) OVER (…), or nil.
	Over *Window
}

// Window is an analytic clause: OVER ([PARTITION BY …] [ORDER BY …]
// [frame]).
type Window struct {
	PartitionBy []Expr
	OrderBy     []*OrderItem
	Frame       *Frame
}

// Frame is a windowing clause: ROWS or RANGE, with a start and, for
// BETWEEN … AND …, an end.
type Frame struct {
	Unit       string // "ROWS" or "RANGE"
	Start, End *FrameBound
}

// FrameBound is UNBOUNDED PRECEDING/FOLLOWING, CURRENT ROW or n
// PRECEDING/FOLLOWING. Kind is "UNBOUNDED PRECEDING", "UNBOUNDED
// FOLLOWING", "CURRENT ROW", "PRECEDING" or "FOLLOWING"; N is set for the
// last two.
type FrameBound struct {
	Kind string
	N    Expr
}

// Trim is TRIM([LEADING|TRAILING|BOTH] [chars] FROM x) or TRIM(x). Spec is
// "", "LEADING", "TRAILING" or "BOTH"; HasFrom records the FROM form.
type Trim struct {
	Spec    string
	Chars   Expr
	X       Expr
	HasFrom bool
}

func (*ColumnRef) expr() {}
func (*OuterRef) expr()  {}
func (*StringLit) expr() {}
func (*NumberLit) expr() {}
func (*NullLit) expr()   {}
func (*DateLit) expr()   {}
func (*Binary) expr()    {}
func (*Unary) expr()     {}
func (*Between) expr()   {}
func (*InList) expr()    {}
func (*InQuery) expr()   {}
func (*Exists) expr()    {}
func (*Subquery) expr()  {}
func (*Like) expr()      {}
func (*IsNull) expr()    {}
func (*Case) expr()      {}
func (*FuncCall) expr()  {}
func (*Trim) expr()      {}
