package suiteqlengine

import (
	"strings"
)

// fnSpec describes how a SuiteQL function translates.
type fnSpec struct {
	min, max int // argument counts; max < 0 means any
	// sqlite is the SQLite function the arguments are passed to in order,
	// when emit is nil.
	sqlite string
	kind   vkind
	emit   func(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error)
}

var functions map[string]fnSpec

func init() {
	functions = map[string]fnSpec{
		"COALESCE": {min: 1, max: -1, emit: emitCoalesce},
		"NVL":      {min: 2, max: 2, emit: emitCoalesce},
		"NVL2":     {min: 3, max: 3, emit: emitNVL2},
		"NULLIF":   {min: 2, max: 2, sqlite: "nullif", kind: kUnknown},
		"DECODE":   {min: 3, max: -1, emit: emitDecode},
		"LOWER":    {min: 1, max: 1, sqlite: "nsq_lower", kind: kString},
		"UPPER":    {min: 1, max: 1, sqlite: "nsq_upper", kind: kString},
		"INITCAP":  {min: 1, max: 1, sqlite: "nsq_initcap", kind: kString},
		"LTRIM":    {min: 1, max: 2, sqlite: "ltrim", kind: kString},
		"RTRIM":    {min: 1, max: 2, sqlite: "rtrim", kind: kString},
		"SUBSTR":   {min: 2, max: 3, sqlite: "nsq_substr", kind: kString},
		"INSTR":    {min: 2, max: 4, sqlite: "nsq_instr", kind: kNumber},
		"LENGTH":   {min: 1, max: 1, sqlite: "nsq_length", kind: kNumber},
		"REPLACE":  {min: 2, max: 3, sqlite: "nsq_replace", kind: kString},
		"LPAD":     {min: 2, max: 3, sqlite: "nsq_lpad", kind: kString},
		"RPAD":     {min: 2, max: 3, sqlite: "nsq_rpad", kind: kString},
		"CONCAT":   {min: 2, max: 2, sqlite: "nsq_concat", kind: kString},
		"ROUND":    {min: 1, max: 2, sqlite: "nsq_round", emit: emitDateOrNumber},
		"TRUNC":    {min: 1, max: 2, sqlite: "nsq_trunc", emit: emitDateOrNumber},
		"ABS":      {min: 1, max: 1, sqlite: "nsq_abs", kind: kNumber},
		"FLOOR":    {min: 1, max: 1, sqlite: "nsq_floor", kind: kNumber},
		"CEIL":     {min: 1, max: 1, sqlite: "nsq_ceil", kind: kNumber},
		"SIGN":     {min: 1, max: 1, sqlite: "nsq_sign", kind: kNumber},
		"POWER":    {min: 2, max: 2, sqlite: "nsq_power", kind: kNumber},
		"SQRT":     {min: 1, max: 1, sqlite: "nsq_sqrt", kind: kNumber},
		"MOD":      {min: 2, max: 2, sqlite: "nsq_mod", kind: kNumber},
		"GREATEST": {min: 1, max: -1, sqlite: "max", emit: emitMinMax},
		"LEAST":    {min: 1, max: -1, sqlite: "min", emit: emitMinMax},
		"COUNT":    {min: 1, max: 1, sqlite: "count", emit: emitAggregate},
		"SUM":      {min: 1, max: 1, sqlite: "sum", emit: emitAggregate},
		"AVG":      {min: 1, max: 1, sqlite: "avg", emit: emitAggregate},
		"MIN":      {min: 1, max: 1, sqlite: "min", emit: emitAggregate},
		"MAX":      {min: 1, max: 1, sqlite: "max", emit: emitAggregate},
		"TO_CHAR":  {min: 1, max: 2, emit: emitToChar},
		"TO_DATE":  {min: 1, max: 2, sqlite: "nsq_to_date", emit: emitToDate, kind: kDateTime},
		// TO_TIMESTAMP reads the same formats; timestamps are dates with
		// fractional seconds here.
		"TO_TIMESTAMP":            {min: 1, max: 2, sqlite: "nsq_to_date", emit: emitWithNullFormat, kind: kDateTime},
		"TO_NUMBER":               {min: 1, max: 2, sqlite: "nsq_to_number", emit: emitWithNullFormat, kind: kNumber},
		"ADD_MONTHS":              {min: 2, max: 2, sqlite: "nsq_add_months", kind: kDateTime},
		"LAST_DAY":                {min: 1, max: 1, sqlite: "nsq_last_day", kind: kDateTime},
		"LISTAGG":                 {min: 1, max: 2, emit: emitListagg},
		"NLS_UPPER":               {min: 1, max: 1, sqlite: "nsq_upper", kind: kString},
		"NLS_LOWER":               {min: 1, max: 1, sqlite: "nsq_lower", kind: kString},
		"NLS_INITCAP":             {min: 1, max: 1, sqlite: "nsq_initcap", kind: kString},
		"LENGTHC":                 {min: 1, max: 1, sqlite: "nsq_length", kind: kNumber},
		"LENGTHB":                 {min: 1, max: 1, sqlite: "nsq_lengthb", kind: kNumber},
		"NANVL":                   {min: 2, max: 2, sqlite: "nsq_nanvl", kind: kNumber},
		"MEDIAN":                  {min: 1, max: 1, sqlite: "nsq_median", emit: emitAggregateN},
		"COVAR_POP":               {min: 2, max: 2, sqlite: "nsq_covar_pop", emit: emitAggregateN},
		"COVAR_SAMP":              {min: 2, max: 2, sqlite: "nsq_covar_samp", emit: emitAggregateN},
		"CORR":                    {min: 2, max: 2, sqlite: "nsq_corr", emit: emitAggregateN},
		"APPROX_COUNT_DISTINCT":   {min: 1, max: 1, sqlite: "count", emit: emitAggregateN},
		"WIDTH_BUCKET":            {min: 4, max: 4, sqlite: "nsq_width_bucket", kind: kNumber},
		"SOUNDEX":                 {min: 1, max: 1, sqlite: "nsq_soundex", kind: kString},
		"LENGTH2":                 {min: 1, max: 1, sqlite: "nsq_length2", kind: kNumber},
		"LENGTH4":                 {min: 1, max: 1, sqlite: "nsq_length", kind: kNumber},
		"ASCIISTR":                {min: 1, max: 1, sqlite: "nsq_asciistr", kind: kString},
		"UNISTR":                  {min: 1, max: 1, sqlite: "nsq_unistr", kind: kString},
		"TO_MULTI_BYTE":           {min: 1, max: 1, sqlite: "nsq_to_multi_byte", kind: kString},
		"TO_SINGLE_BYTE":          {min: 1, max: 1, sqlite: "nsq_to_single_byte", kind: kString},
		"NEW_TIME":                {min: 3, max: 3, sqlite: "nsq_new_time", kind: kDateTime},
		"TO_CLOB":                 {min: 1, max: 1, sqlite: "nsq_text", kind: kString},
		"TO_NCLOB":                {min: 1, max: 1, sqlite: "nsq_text", kind: kString},
		"TO_NCHAR":                {min: 1, max: 2, emit: emitToChar},
		"MONTHS_BETWEEN":          {min: 2, max: 2, sqlite: "nsq_months_between", kind: kNumber},
		"NEXT_DAY":                {min: 2, max: 2, sqlite: "nsq_next_day", kind: kDateTime},
		"SYS_EXTRACT_UTC":         {min: 1, max: 1, sqlite: "nsq_sys_extract_utc", kind: kDateTime},
		"CHR":                     {min: 1, max: 1, sqlite: "nsq_chr", kind: kString},
		"ASCII":                   {min: 1, max: 1, sqlite: "nsq_ascii", kind: kNumber},
		"TRANSLATE":               {min: 3, max: 3, sqlite: "nsq_translate", kind: kString},
		"EXP":                     {min: 1, max: 1, sqlite: "nsq_exp", kind: kNumber},
		"LN":                      {min: 1, max: 1, sqlite: "nsq_ln", kind: kNumber},
		"LOG":                     {min: 2, max: 2, sqlite: "nsq_log", kind: kNumber},
		"SIN":                     {min: 1, max: 1, sqlite: "nsq_sin", kind: kNumber},
		"COS":                     {min: 1, max: 1, sqlite: "nsq_cos", kind: kNumber},
		"TAN":                     {min: 1, max: 1, sqlite: "nsq_tan", kind: kNumber},
		"ASIN":                    {min: 1, max: 1, sqlite: "nsq_asin", kind: kNumber},
		"ACOS":                    {min: 1, max: 1, sqlite: "nsq_acos", kind: kNumber},
		"ATAN":                    {min: 1, max: 1, sqlite: "nsq_atan", kind: kNumber},
		"ATAN2":                   {min: 2, max: 2, sqlite: "nsq_atan2", kind: kNumber},
		"SINH":                    {min: 1, max: 1, sqlite: "nsq_sinh", kind: kNumber},
		"COSH":                    {min: 1, max: 1, sqlite: "nsq_cosh", kind: kNumber},
		"TANH":                    {min: 1, max: 1, sqlite: "nsq_tanh", kind: kNumber},
		"BITAND":                  {min: 2, max: 2, sqlite: "nsq_bitand", kind: kNumber},
		"REMAINDER":               {min: 2, max: 2, sqlite: "nsq_remainder", kind: kNumber},
		"REGEXP_LIKE":             {min: 2, max: 3, emit: emitRegexpLike},
		"REGEXP_SUBSTR":           {min: 2, max: 6, sqlite: "nsq_regexp_substr", kind: kString},
		"REGEXP_INSTR":            {min: 2, max: 7, sqlite: "nsq_regexp_instr", kind: kNumber},
		"REGEXP_COUNT":            {min: 2, max: 4, sqlite: "nsq_regexp_count", kind: kNumber},
		"REGEXP_REPLACE":          {min: 2, max: 6, sqlite: "nsq_regexp_replace", kind: kString},
		"BUILTIN.RELATIVE_RANGES": {min: 2, max: 3, emit: emitRelativeRanges},
		"BUILTIN.CF":              {min: 1, max: 1, emit: emitCF},
		"BUILTIN.CURRENCY":        {min: 1, max: 1, emit: emitCurrency},
		"BUILTIN.DF":              {min: 1, max: 1, emit: emitDF},
		// BUILTIN.CONSOLIDATE converts amounts to the consolidation
		// currency; the emulator has one currency, so it is the identity.
		"BUILTIN.CONSOLIDATE": {min: 1, max: -1, emit: emitConsolidate},
		// BUILTIN.CURRENCY_CONVERT(amount [, currency [, date]]) converts
		// to another currency (article_161950565221); with one currency,
		// the identity as well.
		"BUILTIN.CURRENCY_CONVERT": {min: 1, max: 3, emit: emitConsolidate},
	}
}

func (t *translator) call(b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	if f.Over != nil {
		t.sawWin = true
		return t.emitAnalytic(b, f, sc)
	}
	spec, ok := functions[f.Name]
	if !ok {
		return info{}, errUnsupported("unknown function %s", f.Name)
	}
	if len(f.WithinGroup) > 0 && f.Name != "LISTAGG" {
		return info{}, errUnsupported("WITHIN GROUP in %s", f.Name)
	}
	if f.Star {
		if f.Name != "COUNT" {
			return info{}, errUnsupported("%s(*)", f.Name)
		}
	} else if len(f.Args) < spec.min || spec.max >= 0 && len(f.Args) > spec.max {
		return info{}, errUnsupported("wrong number of arguments to %s", f.Name)
	}
	if f.Distinct && !isAggregate(f.Name) && f.Name != "LISTAGG" {
		return info{}, errUnsupported("DISTINCT in %s", f.Name)
	}
	if spec.emit != nil {
		return spec.emit(t, b, f, sc)
	}
	return t.plainCall(b, spec.sqlite, f.Args, sc, spec.kind)
}

func isAggregate(name string) bool {
	switch name {
	case "COUNT", "SUM", "AVG", "MIN", "MAX":
		return true
	}
	return false
}

func (t *translator) plainCall(b *sqlb, fn string, args []Expr, sc *scope, kind vkind) (info, *Error) {
	b.WriteString(fn + "(")
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		if _, err := t.value(b, a, sc); err != nil {
			return info{}, err
		}
	}
	b.WriteString(")")
	return info{kind: kind}, nil
}

func emitCoalesce(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	out := info{kind: kNull}
	if len(f.Args) > 1 {
		b.WriteString("coalesce(")
	}
	for i, a := range f.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		ai, err := t.value(b, a, sc)
		if err != nil {
			return info{}, err
		}
		if out.kind == kNull {
			out.kind = ai.kind
		}
		out.notNull = out.notNull || ai.notNull
	}
	if len(f.Args) > 1 {
		b.WriteString(")")
	}
	return out, nil
}

func emitNVL2(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	b.WriteString("CASE WHEN ")
	if _, err := t.value(b, f.Args[0], sc); err != nil {
		return info{}, err
	}
	b.WriteString(" IS NOT NULL THEN ")
	i1, err := t.value(b, f.Args[1], sc)
	if err != nil {
		return info{}, err
	}
	b.WriteString(" ELSE ")
	i2, err := t.value(b, f.Args[2], sc)
	if err != nil {
		return info{}, err
	}
	b.WriteString(" END")
	k := i1.kind
	if k == kNull {
		k = i2.kind
	}
	return info{kind: k}, nil
}

// emitDecode writes DECODE(x, s1, r1, …, default) as a CASE that, like
// Oracle, treats two NULLs as equal.
func emitDecode(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	x, _, err := t.frag(f.Args[0], sc)
	if err != nil {
		return info{}, err
	}
	rest := f.Args[1:]
	out := info{kind: kNull}
	b.WriteString("CASE")
	for len(rest) >= 2 {
		b.WriteString(" WHEN ")
		b.add(x)
		b.WriteString(" IS ")
		if _, err := t.value(b, rest[0], sc); err != nil {
			return info{}, err
		}
		b.WriteString(" THEN ")
		ri, err := t.value(b, rest[1], sc)
		if err != nil {
			return info{}, err
		}
		if out.kind == kNull {
			out.kind = ri.kind
		}
		rest = rest[2:]
	}
	if len(rest) == 1 {
		b.WriteString(" ELSE ")
		ri, err := t.value(b, rest[0], sc)
		if err != nil {
			return info{}, err
		}
		if out.kind == kNull {
			out.kind = ri.kind
		}
	}
	b.WriteString(" END")
	return out, nil
}

// emitDateOrNumber writes ROUND and TRUNC, which work on numbers and on
// dates; the Go function decides at run time by the value.
func emitDateOrNumber(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	spec := functions[f.Name]
	b.WriteString(spec.sqlite + "(")
	ai, err := t.value(b, f.Args[0], sc)
	if err != nil {
		return info{}, err
	}
	b.WriteString(", ")
	if len(f.Args) > 1 {
		if _, err := t.value(b, f.Args[1], sc); err != nil {
			return info{}, err
		}
	} else {
		b.WriteString("NULL")
	}
	b.WriteString(")")
	k := kNumber
	switch {
	case ai.kind.isDate():
		k = kDate
	case ai.kind != kNumber:
		k = kUnknown
	}
	return info{kind: k, notNull: ai.notNull && len(f.Args) == 1}, nil
}

func emitMinMax(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	if len(f.Args) == 1 {
		inf, err := t.value(b, f.Args[0], sc)
		inf.column, inf.origin = false, nil
		return inf, err
	}
	spec := functions[f.Name]
	b.WriteString(spec.sqlite + "(")
	out := info{kind: kNull, notNull: true}
	for i, a := range f.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		ai, err := t.value(b, a, sc)
		if err != nil {
			return info{}, err
		}
		if out.kind == kNull {
			out.kind = ai.kind
		}
		out.notNull = out.notNull && ai.notNull
	}
	b.WriteString(")")
	return out, nil
}

func emitAggregate(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	if !t.aggOK || t.inAgg {
		return info{}, errUnsupported("aggregate %s not allowed here", f.Name)
	}
	t.sawAgg = true
	spec := functions[f.Name]
	b.WriteString(spec.sqlite + "(")
	if f.Star {
		b.WriteString("*)")
		return info{kind: kNumber, notNull: true, agg: true}, nil
	}
	if f.Distinct {
		b.WriteString("DISTINCT ")
	}
	t.inAgg = true
	ai, err := t.value(b, f.Args[0], sc)
	t.inAgg = false
	if err != nil {
		return info{}, err
	}
	b.WriteString(")")
	out := info{kind: kNumber, agg: true}
	switch f.Name {
	case "COUNT":
		out.notNull = true
	case "MIN", "MAX":
		out.kind = ai.kind
	}
	return out, nil
}

func emitToChar(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	b.WriteString("nsq_to_char(")
	xi, err := t.value(b, f.Args[0], sc)
	if err != nil {
		return info{}, err
	}
	b.WriteString(", ")
	if len(f.Args) > 1 {
		if _, err := t.value(b, f.Args[1], sc); err != nil {
			return info{}, err
		}
	} else {
		b.WriteString("NULL")
	}
	b.WriteString(", ")
	if xi.kind.isDate() {
		// The default format applies to dates only; other values keep
		// their text.
		b.arg(t.dateFmt)
	} else {
		b.WriteString("NULL")
	}
	b.WriteString(")")
	return info{kind: kString}, nil
}

func emitWithNullFormat(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	spec := functions[f.Name]
	b.WriteString(spec.sqlite + "(")
	if _, err := t.value(b, f.Args[0], sc); err != nil {
		return info{}, err
	}
	b.WriteString(", ")
	if len(f.Args) > 1 {
		if _, err := t.value(b, f.Args[1], sc); err != nil {
			return info{}, err
		}
	} else {
		b.WriteString("NULL")
	}
	b.WriteString(")")
	return info{kind: spec.kind}, nil
}

// emitDF writes BUILTIN.DF(x): the catalog's display expression of a
// reference column, otherwise x itself.
func emitDF(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	var xb sqlb
	xi, err := t.value(&xb, f.Args[0], sc)
	if err != nil {
		return info{}, err
	}
	if !xi.column || xi.origin == nil || xi.origin.Display == "" {
		b.add(&xb)
		xi.column, xi.origin = false, nil
		return xi, nil
	}
	colSQL := xb.String()
	tbl := ""
	if i := strings.LastIndexByte(colSQL, '.'); i > 0 {
		tbl = colSQL[:i]
	}
	disp := xi.origin.Display
	cr, direct := f.Args[0].(*ColumnRef)
	if strings.Contains(disp, "{tbl}") {
		// Only a direct reference to the catalog table has the sibling
		// columns the expression reads.
		if !direct || !t.isBaseRef(cr, sc) {
			b.add(&xb)
			xi.column, xi.origin = false, nil
			return xi, nil
		}
	}
	disp = strings.ReplaceAll(disp, "{col}", colSQL)
	disp = strings.ReplaceAll(disp, "{tbl}", tbl)
	b.WriteString("(" + disp + ")")
	return info{kind: kString}, nil
}

// isBaseRef reports whether a column reference resolves to a catalog table
// (not a derived table).
func (t *translator) isBaseRef(c *ColumnRef, sc *scope) bool {
	name := strings.ToLower(c.Column.Name)
	for s := sc; s != nil; s = s.parent {
		for _, it := range s.items {
			if c.Table != nil && it.alias == strings.ToLower(c.Table.Name) {
				return it.table != nil
			}
			if c.Table == nil && it.has(name) {
				return it.table != nil
			}
		}
	}
	return false
}

func emitConsolidate(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	inf, err := t.value(b, f.Args[0], sc)
	if err != nil {
		return info{}, err
	}
	// The other arguments (currency, rate type, …) are checked but unused.
	for _, a := range f.Args[1:] {
		var scratch sqlb
		if _, err := t.value(&scratch, a, sc); err != nil {
			return info{}, err
		}
	}
	inf.column, inf.origin = false, nil
	return inf, nil
}

// emitToDate writes TO_DATE. TO_DATE of a date converts the date to text
// with the session's date format and reads it back, which in Oracle drops
// the time of day: TO_DATE(SYSDATE) is today at midnight, so
// TO_DATE(trandate) - TO_DATE(SYSDATE) is a whole number of days.
func emitToDate(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	if len(f.Args) == 1 {
		var xb sqlb
		xi, err := t.value(&xb, f.Args[0], sc)
		if err != nil {
			return info{}, err
		}
		if xi.kind.isDate() {
			b.WriteString("nsq_trunc(")
			b.add(&xb)
			b.WriteString(", NULL)")
			return info{kind: kDate, notNull: xi.notNull}, nil
		}
	}
	return emitWithNullFormat(t, b, f, sc)
}

// emitRegexpLike writes the condition REGEXP_LIKE(s, pattern [, match]).
func emitRegexpLike(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	b.WriteString("(")
	if _, err := t.plainCall(b, "nsq_regexp_like", f.Args, sc, kNumber); err != nil {
		return info{}, err
	}
	b.WriteString(" = 1)")
	return info{kind: kPred}, nil
}

// emitCF writes BUILTIN.CF(field), the criteria value of a field (Help
// Center article_1029114514): for transaction.status the combined value
// type:status ("CustInvc:B", the form the Help Center's filter example
// 'Opprtnty:A' uses), for other fields the value itself.
func emitCF(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	var xb sqlb
	xi, err := t.value(&xb, f.Args[0], sc)
	if err != nil {
		return info{}, err
	}
	cr, direct := f.Args[0].(*ColumnRef)
	if direct && xi.column && xi.origin != nil && strings.EqualFold(xi.origin.Name, "status") && t.isBaseRef(cr, sc) {
		if it := itemOf(cr, sc); it != nil && it.table != nil && strings.EqualFold(it.table.Name, "transaction") && it.table.Column("type") != nil {
			b.WriteString("CASE WHEN ")
			b.add(&xb)
			b.WriteString(" IS NULL THEN NULL ELSE " + it.sqlAlias + "." + quote(it.table.Column("type").Name) + " || ':' || ")
			b.add(&xb)
			b.WriteString(" END")
			return info{kind: kString}, nil
		}
	}
	b.add(&xb)
	xi.column, xi.origin = false, nil
	return xi, nil
}

// emitCurrency writes BUILTIN.CURRENCY(amount), the currency code of an
// amount (Help Center article_1029114544). The emulator keeps every
// amount in its one currency, US Dollar (id 1), so the code is USD for
// any amount; a NULL amount gives NULL (NetSuite's answer for NULL is not
// documented).
func emitCurrency(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	b.WriteString("CASE WHEN ")
	if _, err := t.value(b, f.Args[0], sc); err != nil {
		return info{}, err
	}
	b.WriteString(" IS NULL THEN NULL ELSE ")
	b.arg("USD")
	b.WriteString(" END")
	return info{kind: kString}, nil
}
