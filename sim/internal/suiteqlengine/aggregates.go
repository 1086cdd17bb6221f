package suiteqlengine

import (
	"database/sql/driver"
	"math"
	"sort"

	"modernc.org/sqlite"
)

// Aggregate functions of NetSuite's supported list that SQLite lacks
// (Oracle Database SQL Language Reference, "MEDIAN", "COVAR_POP",
// "COVAR_SAMP", "CORR"). NULLs are skipped: for the two-argument
// functions, a row counts only when both values are non-NULL. Over no
// rows the result is NULL.

var sqlAggregates = map[string]struct {
	n    int32
	make func() sqlite.AggregateFunction
}{
	"nsq_median":     {1, func() sqlite.AggregateFunction { return &medianAgg{} }},
	"nsq_covar_pop":  {2, func() sqlite.AggregateFunction { return &pairAgg{kind: "covar_pop"} }},
	"nsq_covar_samp": {2, func() sqlite.AggregateFunction { return &pairAgg{kind: "covar_samp"} }},
	"nsq_corr":       {2, func() sqlite.AggregateFunction { return &pairAgg{kind: "corr"} }},
}

func init() {
	for name, a := range sqlAggregates {
		mk := a.make
		if err := sqlite.RegisterFunction(name, &sqlite.FunctionImpl{
			NArgs: a.n, Deterministic: true,
			MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return mk(), nil },
		}); err != nil {
			panic("suiteql: register " + name + ": " + err.Error())
		}
	}
}

// medianAgg is MEDIAN(x): the middle value, or the mean of the two middle
// values of an even count (Oracle's PERCENTILE_CONT(0.5)).
type medianAgg struct{ vals []float64 }

func (m *medianAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	n, null, err := number(args[0])
	if err != nil || null {
		return err
	}
	m.vals = append(m.vals, toFloat(n))
	return nil
}

func (m *medianAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return ferr("MEDIAN is not supported as a window function")
}

func (m *medianAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if len(m.vals) == 0 {
		return nil, nil
	}
	v := append([]float64(nil), m.vals...)
	sort.Float64s(v)
	k := len(v) / 2
	if len(v)%2 == 1 {
		return numResult(v[k]), nil
	}
	return numResult((v[k-1] + v[k]) / 2), nil
}

func (m *medianAgg) Final(*sqlite.FunctionContext) {}

// pairAgg is COVAR_POP, COVAR_SAMP or CORR of (y, x) pairs, computed in
// two passes over the pairs for accuracy.
type pairAgg struct {
	kind   string
	xs, ys []float64
}

func (p *pairAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	y, n1, err := number(args[0])
	if err != nil {
		return err
	}
	x, n2, err := number(args[1])
	if err != nil || n1 || n2 {
		return err
	}
	p.xs = append(p.xs, toFloat(x))
	p.ys = append(p.ys, toFloat(y))
	return nil
}

func (p *pairAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return ferr("%s is not supported as a window function", p.kind)
}

func (p *pairAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	n := float64(len(p.xs))
	if n == 0 {
		return nil, nil
	}
	var mx, my float64
	for i := range p.xs {
		mx += p.xs[i]
		my += p.ys[i]
	}
	mx, my = mx/n, my/n
	var sxx, syy, sxy float64
	for i := range p.xs {
		dx, dy := p.xs[i]-mx, p.ys[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	switch p.kind {
	case "covar_pop":
		return numResult(sxy / n), nil
	case "covar_samp":
		if n < 2 {
			return nil, nil
		}
		return numResult(sxy / (n - 1)), nil
	}
	if sxx == 0 || syy == 0 {
		return nil, nil
	}
	return numResult(sxy / math.Sqrt(sxx*syy)), nil
}

func (p *pairAgg) Final(*sqlite.FunctionContext) {}

// emitAggregateN writes an aggregate of the emulator's own (MEDIAN,
// COVAR_POP, COVAR_SAMP, CORR) or APPROX_COUNT_DISTINCT, which counts
// exactly (an exact count is within any approximation).
func emitAggregateN(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	if !t.aggOK || t.inAgg {
		return info{}, errUnsupported("aggregate %s not allowed here", f.Name)
	}
	t.sawAgg = true
	t.inAgg = true
	defer func() { t.inAgg = false }()
	spec := functions[f.Name]
	b.WriteString(spec.sqlite + "(")
	if f.Name == "APPROX_COUNT_DISTINCT" {
		b.WriteString("DISTINCT ")
	}
	for i, a := range f.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if _, err := t.value(b, a, sc); err != nil {
			return info{}, err
		}
	}
	b.WriteString(")")
	return info{kind: kNumber, agg: true, notNull: f.Name == "APPROX_COUNT_DISTINCT"}, nil
}
