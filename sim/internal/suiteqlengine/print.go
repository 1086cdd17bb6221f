package suiteqlengine

import (
	"strings"
)

// String prints the query in a canonical form: upper-case keywords,
// identifiers as written, and parentheses around every compound operand.
// Parsing the result gives a tree equal to q.
func (q *Query) String() string {
	var b strings.Builder
	printQuery(&b, q)
	return b.String()
}

func printQuery(b *strings.Builder, q *Query) {
	printBody(b, q.Body)
	if len(q.OrderBy) > 0 {
		b.WriteString(" ORDER BY ")
		printOrderItems(b, q.OrderBy)
	}
	if q.Offset != nil {
		b.WriteString(" OFFSET ")
		printExpr(b, q.Offset)
		b.WriteString(" ROWS")
	}
	if q.Fetch != nil {
		b.WriteString(" FETCH FIRST ")
		printExpr(b, q.Fetch)
		b.WriteString(" ROWS ONLY")
	}
}

func printBody(b *strings.Builder, body QueryBody) {
	switch x := body.(type) {
	case *Select:
		printSelect(b, x)
	case *SetOp:
		printBody(b, x.Left)
		b.WriteString(" " + x.Op)
		if x.All {
			b.WriteString(" ALL")
		}
		b.WriteByte(' ')
		printBody(b, x.Right)
	case *ParenQuery:
		b.WriteByte('(')
		printQuery(b, x.Query)
		b.WriteByte(')')
	}
}

func printSelect(b *strings.Builder, s *Select) {
	b.WriteString("SELECT ")
	if s.Top != nil {
		b.WriteString("TOP ")
		printExpr(b, s.Top)
		b.WriteByte(' ')
	}
	if s.Distinct {
		b.WriteString("DISTINCT ")
	}
	for i, it := range s.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		switch {
		case it.Star && it.Table != "":
			printIdent(b, &Ident{Name: it.Table, Quoted: needsQuotes(it.Table)})
			b.WriteString(".*")
		case it.Star:
			b.WriteByte('*')
		default:
			printExpr(b, it.Expr)
			if it.Alias != nil {
				b.WriteString(" AS ")
				printIdent(b, it.Alias)
			}
		}
	}
	b.WriteString(" FROM ")
	for i, te := range s.From {
		if i > 0 {
			b.WriteString(", ")
		}
		printTableExpr(b, te)
	}
	if s.Where != nil {
		b.WriteString(" WHERE ")
		printExpr(b, s.Where)
	}
	if len(s.GroupBy) > 0 {
		b.WriteString(" GROUP BY ")
		for i, e := range s.GroupBy {
			if i > 0 {
				b.WriteString(", ")
			}
			printExpr(b, e)
		}
	}
	if s.Having != nil {
		b.WriteString(" HAVING ")
		printExpr(b, s.Having)
	}
}

func printTableExpr(b *strings.Builder, te TableExpr) {
	switch x := te.(type) {
	case *TableRef:
		printIdent(b, x.Name)
		if x.Alias != nil {
			b.WriteByte(' ')
			printIdent(b, x.Alias)
		}
	case *DerivedTable:
		b.WriteByte('(')
		printQuery(b, x.Query)
		b.WriteByte(')')
		if x.Alias != nil {
			b.WriteByte(' ')
			printIdent(b, x.Alias)
		}
	case *Join:
		printTableExpr(b, x.Left)
		switch x.Kind {
		case "INNER":
			b.WriteString(" INNER JOIN ")
		case "CROSS":
			b.WriteString(" CROSS JOIN ")
		default:
			b.WriteString(" " + x.Kind + " OUTER JOIN ")
		}
		printTableExpr(b, x.Right)
		if x.On != nil {
			b.WriteString(" ON ")
			printExpr(b, x.On)
		}
	}
}

// needsQuotes reports whether a name cannot be printed bare.
func needsQuotes(name string) bool {
	if name == "" || !isIdentStart(name[0]) || reserved[strings.ToUpper(name)] {
		return true
	}
	for i := 0; i < len(name); i++ {
		if !isIdentPart(name[i]) {
			return true
		}
	}
	return false
}

func printIdent(b *strings.Builder, id *Ident) {
	if id.Quoted {
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(id.Name, `"`, `""`))
		b.WriteByte('"')
		return
	}
	b.WriteString(id.Name)
}

// isAtomic reports whether an expression prints without surrounding
// parentheses in any operand position.
func isAtomic(e Expr) bool {
	switch e.(type) {
	case *ColumnRef, *OuterRef, *StringLit, *NumberLit, *NullLit, *DateLit, *FuncCall, *Trim, *Case, *Subquery, *Exists:
		return true
	}
	return false
}

func printOperand(b *strings.Builder, e Expr) {
	if isAtomic(e) {
		printExpr(b, e)
		return
	}
	b.WriteByte('(')
	printExpr(b, e)
	b.WriteByte(')')
}

func printExpr(b *strings.Builder, e Expr) {
	switch x := e.(type) {
	case *ColumnRef:
		if x.Table != nil {
			printIdent(b, x.Table)
			b.WriteByte('.')
		}
		printIdent(b, x.Column)
	case *OuterRef:
		printExpr(b, x.Col)
		b.WriteString("(+)")
	case *StringLit:
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(x.Value, "'", "''"))
		b.WriteByte('\'')
	case *NumberLit:
		b.WriteString(x.Text)
	case *NullLit:
		b.WriteString("NULL")
	case *DateLit:
		if x.Timestamp {
			b.WriteString("TIMESTAMP '")
		} else {
			b.WriteString("DATE '")
		}
		b.WriteString(strings.ReplaceAll(x.Value, "'", "''"))
		b.WriteByte('\'')
	case *Binary:
		printOperand(b, x.L)
		b.WriteString(" " + x.Op + " ")
		printOperand(b, x.R)
	case *Unary:
		if x.Op == "NOT" {
			b.WriteString("NOT ")
		} else {
			b.WriteString(x.Op)
		}
		printOperand(b, x.X)
	case *Between:
		printOperand(b, x.X)
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" BETWEEN ")
		printOperand(b, x.Lo)
		b.WriteString(" AND ")
		printOperand(b, x.Hi)
	case *InList:
		printOperand(b, x.X)
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (")
		for i, a := range x.List {
			if i > 0 {
				b.WriteString(", ")
			}
			printExpr(b, a)
		}
		b.WriteByte(')')
	case *InQuery:
		printOperand(b, x.X)
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (")
		printQuery(b, x.Query)
		b.WriteByte(')')
	case *Exists:
		b.WriteString("EXISTS (")
		printQuery(b, x.Query)
		b.WriteByte(')')
	case *Subquery:
		b.WriteByte('(')
		printQuery(b, x.Query)
		b.WriteByte(')')
	case *Like:
		printOperand(b, x.X)
		if x.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" LIKE ")
		printOperand(b, x.Pattern)
		if x.Escape != nil {
			b.WriteString(" ESCAPE ")
			printOperand(b, x.Escape)
		}
	case *IsNull:
		printOperand(b, x.X)
		if x.Not {
			b.WriteString(" IS NOT NULL")
		} else {
			b.WriteString(" IS NULL")
		}
	case *Case:
		b.WriteString("CASE")
		if x.Operand != nil {
			b.WriteByte(' ')
			printExpr(b, x.Operand)
		}
		for _, w := range x.Whens {
			b.WriteString(" WHEN ")
			printExpr(b, w.Cond)
			b.WriteString(" THEN ")
			printExpr(b, w.Result)
		}
		if x.Else != nil {
			b.WriteString(" ELSE ")
			printExpr(b, x.Else)
		}
		b.WriteString(" END")
	case *FuncCall:
		b.WriteString(x.Name)
		b.WriteByte('(')
		switch {
		case x.Star:
			b.WriteByte('*')
		default:
			if x.Distinct {
				b.WriteString("DISTINCT ")
			}
			for i, a := range x.Args {
				if i > 0 {
					b.WriteString(", ")
				}
				printExpr(b, a)
			}
		}
		b.WriteByte(')')
		if len(x.WithinGroup) > 0 {
			b.WriteString(" WITHIN GROUP (ORDER BY ")
			printOrderItems(b, x.WithinGroup)
			b.WriteByte(')')
		}
		if x.Over != nil {
			printWindow(b, x.Over)
		}
	case *Trim:
		b.WriteString("TRIM(")
		if x.Spec != "" || x.Chars != nil || x.HasFrom {
			if x.Spec != "" {
				b.WriteString(x.Spec + " ")
			}
			if x.Chars != nil {
				printExpr(b, x.Chars)
				b.WriteByte(' ')
			}
			b.WriteString("FROM ")
		}
		printExpr(b, x.X)
		b.WriteByte(')')
	}
}

func printOrderItems(b *strings.Builder, items []*OrderItem) {
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		printExpr(b, it.Expr)
		if it.Desc {
			b.WriteString(" DESC")
		}
		if it.Nulls != "" {
			b.WriteString(" NULLS " + it.Nulls)
		}
	}
}

func printWindow(b *strings.Builder, w *Window) {
	b.WriteString(" OVER (")
	sep := ""
	if len(w.PartitionBy) > 0 {
		b.WriteString("PARTITION BY ")
		for i, e := range w.PartitionBy {
			if i > 0 {
				b.WriteString(", ")
			}
			printExpr(b, e)
		}
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		b.WriteString(sep + "ORDER BY ")
		printOrderItems(b, w.OrderBy)
		sep = " "
	}
	if w.Frame != nil {
		b.WriteString(sep + w.Frame.Unit + " ")
		if w.Frame.End != nil {
			b.WriteString("BETWEEN ")
			printFrameBound(b, w.Frame.Start)
			b.WriteString(" AND ")
			printFrameBound(b, w.Frame.End)
		} else {
			printFrameBound(b, w.Frame.Start)
		}
	}
	b.WriteByte(')')
}

func printFrameBound(b *strings.Builder, fb *FrameBound) {
	if fb.N != nil {
		printOperand(b, fb.N)
		b.WriteByte(' ')
	}
	b.WriteString(fb.Kind)
}
