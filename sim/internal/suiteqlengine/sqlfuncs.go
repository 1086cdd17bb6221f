package suiteqlengine

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// The Go functions below implement Oracle semantics SQLite lacks. They are
// registered once, at package initialisation, with the modernc.org/sqlite
// driver ("sqlite"), so every connection the driver opens afterwards has
// them. Their names start with nsq_ to stay clear of other packages'.

// funcErrPrefix marks errors raised by these functions, so that Execute can
// tell a bad query value from a database failure.
const funcErrPrefix = "suiteql: "

type sqlFunc = func(ctx *sqlite.FunctionContext, args []driver.Value) (driver.Value, error)

var sqlFuncs = map[string]struct {
	n  int32
	fn sqlFunc
}{
	"nsq_like":            {3, fnLike},
	"nsq_concat":          {-1, fnConcat},
	"nsq_lower":           {1, strFunc(strings.ToLower)},
	"nsq_upper":           {1, strFunc(strings.ToUpper)},
	"nsq_initcap":         {1, strFunc(initcap)},
	"nsq_substr":          {-1, fnSubstr},
	"nsq_instr":           {-1, fnInstr},
	"nsq_length":          {1, fnLength},
	"nsq_replace":         {-1, fnReplace},
	"nsq_lpad":            {-1, padFunc(true)},
	"nsq_rpad":            {-1, padFunc(false)},
	"nsq_round":           {2, roundFunc(false)},
	"nsq_trunc":           {2, roundFunc(true)},
	"nsq_abs":             {1, numFunc(math.Abs)},
	"nsq_floor":           {1, numFunc(math.Floor)},
	"nsq_ceil":            {1, numFunc(math.Ceil)},
	"nsq_sign":            {1, numFunc(sign)},
	"nsq_sqrt":            {1, numFunc(math.Sqrt)},
	"nsq_power":           {2, fnPower},
	"nsq_mod":             {2, fnMod},
	"nsq_to_char":         {3, fnToChar},
	"nsq_to_date":         {2, fnToDate},
	"nsq_to_number":       {2, fnToNumber},
	"nsq_add_months":      {2, fnAddMonths},
	"nsq_last_day":        {1, fnLastDay},
	"nsq_date_add":        {2, fnDateAdd},
	"nsq_date_diff":       {2, fnDateDiff},
	"nsq_datetime":        {1, fnDatetime},
	"nsq_num":             {1, fnNum},
	"nsq_text":            {1, fnText},
	"nsq_months_between":  {2, fnMonthsBetween},
	"nsq_lengthb":         {1, fnLengthB},
	"nsq_nanvl":           {2, fnNanvl},
	"nsq_width_bucket":    {4, fnWidthBucket},
	"nsq_soundex":         {1, fnSoundex},
	"nsq_length2":         {1, fnLength2},
	"nsq_asciistr":        {1, fnASCIIStr},
	"nsq_unistr":          {1, fnUnistr},
	"nsq_to_multi_byte":   {1, widthFunc(true)},
	"nsq_to_single_byte":  {1, widthFunc(false)},
	"nsq_new_time":        {3, fnNewTime},
	"nsq_chr":             {1, fnChr},
	"nsq_ascii":           {1, fnASCII},
	"nsq_translate":       {3, fnTranslate},
	"nsq_next_day":        {2, fnNextDay},
	"nsq_sys_extract_utc": {1, fnSysExtractUTC},
	"nsq_exp":             {1, numFunc(math.Exp)},
	"nsq_ln":              {1, checkedNum("LN", func(x float64) bool { return x > 0 }, math.Log)},
	"nsq_log":             {2, numFunc2(fnLog)},
	"nsq_sin":             {1, numFunc(math.Sin)},
	"nsq_cos":             {1, numFunc(math.Cos)},
	"nsq_tan":             {1, numFunc(math.Tan)},
	"nsq_asin":            {1, checkedNum("ASIN", func(x float64) bool { return x >= -1 && x <= 1 }, math.Asin)},
	"nsq_acos":            {1, checkedNum("ACOS", func(x float64) bool { return x >= -1 && x <= 1 }, math.Acos)},
	"nsq_atan":            {1, checkedNum("ATAN", always, math.Atan)},
	"nsq_atan2":           {2, numFunc2(func(a, b float64) (float64, error) { return math.Atan2(a, b), nil })},
	"nsq_sinh":            {1, numFunc(math.Sinh)},
	"nsq_cosh":            {1, numFunc(math.Cosh)},
	"nsq_tanh":            {1, numFunc(math.Tanh)},
	"nsq_bitand":          {2, numFunc2(fnBitand)},
	"nsq_remainder":       {2, numFunc2(fnRemainder)},
	"nsq_regexp_like":     {-1, fnRegexpLike},
	"nsq_regexp_substr":   {-1, fnRegexpSubstr},
	"nsq_regexp_instr":    {-1, fnRegexpInstr},
	"nsq_regexp_count":    {-1, fnRegexpCount},
	"nsq_regexp_replace":  {-1, fnRegexpReplace},
}

func init() {
	for name, f := range sqlFuncs {
		if err := sqlite.RegisterFunction(name, &sqlite.FunctionImpl{NArgs: f.n, Deterministic: true, Scalar: f.fn}); err != nil {
			panic("suiteql: register " + name + ": " + err.Error())
		}
	}
}

func ferr(format string, args ...any) error {
	return errors.New(funcErrPrefix + fmt.Sprintf(format, args...))
}

// text converts a value to text as Oracle's implicit conversion does.
// ok is false for NULL (and for the empty string, which Oracle treats as NULL).
func text(v driver.Value) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, x != ""
	case []byte:
		return string(x), len(x) > 0
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return floatText(x), true
	case bool:
		if x {
			return "T", true
		}
		return "F", true
	case time.Time:
		return canonTime(x), true
	}
	return fmt.Sprint(v), true
}

// strResult returns s, or NULL for the empty string as Oracle does.
func strResult(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// number converts a value to a number: int64 or float64. null is set for
// NULL; a non-numeric string is an error (ORA-01722).
func number(v driver.Value) (val any, null bool, err error) {
	switch x := v.(type) {
	case nil:
		return nil, true, nil
	case int64, float64:
		return x, false, nil
	case bool:
		if x {
			return int64(1), false, nil
		}
		return int64(0), false, nil
	}
	s, ok := text(v)
	if !ok {
		return nil, true, nil
	}
	n, perr := parseNumber(s, "")
	if perr != nil || n == nil {
		return nil, false, ferr("invalid number %q", s)
	}
	return n, false, nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// integer converts a value to an integer argument (positions, counts),
// truncating fractions as Oracle does.
func integer(v driver.Value) (int64, bool, error) {
	n, null, err := number(v)
	if err != nil || null {
		return 0, null, err
	}
	if i, ok := n.(int64); ok {
		return i, false, nil
	}
	f := math.Trunc(toFloat(n))
	if f > math.MaxInt32 {
		f = math.MaxInt32
	}
	if f < math.MinInt32 {
		f = math.MinInt32
	}
	return int64(f), false, nil
}

// dateArg reads a date: ISO text, or a time.Time from the driver.
func dateArg(v driver.Value) (time.Time, bool, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, true, nil
	case time.Time:
		return x.UTC(), false, nil
	}
	s, ok := text(v)
	if !ok {
		return time.Time{}, true, nil
	}
	t, ok := parseDateText(s)
	if !ok {
		return time.Time{}, false, ferr("not a date: %q", s)
	}
	return t, false, nil
}

// numResult returns an integral float as int64.
func numResult(f float64) driver.Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

func strFunc(f func(string) string) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, ok := text(args[0])
		if !ok {
			return nil, nil
		}
		return strResult(f(s)), nil
	}
}

func initcap(s string) string {
	var b strings.Builder
	prevAlnum := false
	for _, r := range s {
		if prevAlnum {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(unicode.ToUpper(r))
		}
		prevAlnum = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return b.String()
}

// fnLike implements Oracle LIKE: case-sensitive, % and _, an optional
// one-character escape.
func fnLike(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok1 := text(args[0])
	p, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	esc := rune(-1)
	if args[2] != nil {
		e, ok := text(args[2])
		if !ok {
			return nil, nil
		}
		if utf8.RuneCountInString(e) != 1 {
			return nil, ferr("escape character must be a single character")
		}
		esc, _ = utf8.DecodeRuneInString(e)
	}
	m, err := likeMatch([]rune(s), []rune(p), esc)
	if err != nil {
		return nil, err
	}
	if m {
		return int64(1), nil
	}
	return int64(0), nil
}

// likeMatch matches with backtracking over the last %: O(len(s)·len(p)).
func likeMatch(s, p []rune, esc rune) (bool, error) {
	type tok struct {
		r   rune
		any bool // _
		pct bool // %
	}
	var toks []tok
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == esc:
			if i+1 >= len(p) || p[i+1] != '%' && p[i+1] != '_' && p[i+1] != esc {
				return false, ferr("missing or illegal character following the escape character")
			}
			i++
			toks = append(toks, tok{r: p[i]})
		case c == '%':
			toks = append(toks, tok{pct: true})
		case c == '_':
			toks = append(toks, tok{any: true})
		default:
			toks = append(toks, tok{r: c})
		}
	}
	si, ti := 0, 0
	starT, starS := -1, 0
	for si < len(s) {
		if ti < len(toks) && !toks[ti].pct && (toks[ti].any || toks[ti].r == s[si]) {
			si++
			ti++
			continue
		}
		if ti < len(toks) && toks[ti].pct {
			starT, starS = ti, si
			ti++
			continue
		}
		if starT >= 0 {
			starS++
			si = starS
			ti = starT + 1
			continue
		}
		return false, nil
	}
	for ti < len(toks) && toks[ti].pct {
		ti++
	}
	return ti == len(toks), nil
}

// fnConcat joins its arguments; NULLs count as empty and an empty result is
// NULL (Oracle's ||).
func fnConcat(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var b strings.Builder
	for _, a := range args {
		if s, ok := text(a); ok {
			b.WriteString(s)
		}
	}
	return strResult(b.String()), nil
}

// fnSubstr is SUBSTR(s, pos[, len]) on characters.
func fnSubstr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, ferr("SUBSTR takes 2 or 3 arguments")
	}
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	pos, null, err := integer(args[1])
	if err != nil || null {
		return nil, err
	}
	r := []rune(s)
	n := int64(len(r))
	switch {
	case pos == 0:
		pos = 1
	case pos < 0:
		pos = n + pos + 1
		if pos < 1 {
			return nil, nil
		}
	}
	if pos > n {
		return nil, nil
	}
	end := n
	if len(args) == 3 {
		l, null, err := integer(args[2])
		if err != nil || null {
			return nil, err
		}
		if l < 1 {
			return nil, nil
		}
		end = min(n, pos-1+l)
	}
	return strResult(string(r[pos-1 : end])), nil
}

// fnInstr is INSTR(s, sub[, pos[, occurrence]]) on characters.
func fnInstr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 2 || len(args) > 4 {
		return nil, ferr("INSTR takes 2 to 4 arguments")
	}
	s, ok1 := text(args[0])
	sub, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	pos, occ := int64(1), int64(1)
	if len(args) > 2 {
		p, null, err := integer(args[2])
		if err != nil || null {
			return nil, err
		}
		pos = p
	}
	if len(args) > 3 {
		o, null, err := integer(args[3])
		if err != nil || null {
			return nil, err
		}
		if o < 1 {
			return nil, ferr("INSTR occurrence must be positive")
		}
		occ = o
	}
	r, sr := []rune(s), []rune(sub)
	n, m := int64(len(r)), int64(len(sr))
	match := func(i int64) bool {
		if i < 0 || i+m > n {
			return false
		}
		for k := int64(0); k < m; k++ {
			if r[i+k] != sr[k] {
				return false
			}
		}
		return true
	}
	switch {
	case pos == 0:
		return int64(0), nil
	case pos > 0:
		for i := pos - 1; i+m <= n; i++ {
			if match(i) {
				occ--
				if occ == 0 {
					return i + 1, nil
				}
			}
		}
	default:
		for i := n + pos; i >= 0; i-- {
			if match(i) {
				occ--
				if occ == 0 {
					return i + 1, nil
				}
			}
		}
	}
	return int64(0), nil
}

func fnLength(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	return int64(utf8.RuneCountInString(s)), nil
}

// fnReplace is REPLACE(s, from[, to]): a NULL or absent to removes from.
func fnReplace(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, ferr("REPLACE takes 2 or 3 arguments")
	}
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	from, ok := text(args[1])
	if !ok {
		return s, nil
	}
	to := ""
	if len(args) == 3 {
		to, _ = text(args[2])
	}
	return strResult(strings.ReplaceAll(s, from, to)), nil
}

func padFunc(left bool) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if len(args) < 2 || len(args) > 3 {
			return nil, ferr("LPAD/RPAD take 2 or 3 arguments")
		}
		s, ok := text(args[0])
		if !ok {
			return nil, nil
		}
		n, null, err := integer(args[1])
		if err != nil || null || n < 1 {
			return nil, err
		}
		padStr := " "
		if len(args) == 3 {
			p, ok := text(args[2])
			if !ok {
				return nil, nil
			}
			padStr = p
		}
		if n > 1<<20 {
			return nil, ferr("pad length too large")
		}
		r, pr := []rune(s), []rune(padStr)
		if int64(len(r)) >= n {
			return string(r[:n]), nil
		}
		fill := make([]rune, 0, n-int64(len(r)))
		for int64(len(fill)) < n-int64(len(r)) {
			fill = append(fill, pr[len(fill)%len(pr)])
		}
		if left {
			return string(fill) + s, nil
		}
		return s + string(fill), nil
	}
}

func numFunc(f func(float64) float64) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		n, null, err := number(args[0])
		if err != nil || null {
			return nil, err
		}
		if i, ok := n.(int64); ok && i != math.MinInt64 {
			r := f(float64(i))
			if math.Abs(r) < 1<<53 && r == math.Trunc(r) {
				return int64(r), nil
			}
		}
		return numResult(f(toFloat(n))), nil
	}
}

func sign(f float64) float64 {
	switch {
	case f > 0:
		return 1
	case f < 0:
		return -1
	}
	return 0
}

func fnPower(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, n1, err := number(args[0])
	if err != nil {
		return nil, err
	}
	b, n2, err := number(args[1])
	if err != nil || n1 || n2 {
		return nil, err
	}
	return numResult(math.Pow(toFloat(a), toFloat(b))), nil
}

// fnMod is Oracle MOD: the sign of the dividend, MOD(x, 0) = x.
func fnMod(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, n1, err := number(args[0])
	if err != nil {
		return nil, err
	}
	b, n2, err := number(args[1])
	if err != nil || n1 || n2 {
		return nil, err
	}
	ai, ok1 := a.(int64)
	bi, ok2 := b.(int64)
	if ok1 && ok2 {
		if bi == 0 {
			return ai, nil
		}
		if bi == -1 {
			return int64(0), nil
		}
		return ai % bi, nil
	}
	af, bf := toFloat(a), toFloat(b)
	if bf == 0 {
		return numResult(af), nil
	}
	return numResult(af - bf*math.Trunc(af/bf)), nil
}

// roundFunc is ROUND or TRUNC for numbers and for dates; which one is
// decided by the value.
func roundFunc(trunc bool) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if args[0] == nil {
			return nil, nil
		}
		if isDateValue(args[0]) {
			t, _, err := dateArg(args[0])
			if err != nil {
				return nil, err
			}
			unit := "DD"
			if args[1] != nil {
				u, _ := text(args[1])
				unit = strings.ToUpper(u)
			}
			r, err := roundDate(t, unit, trunc)
			if err != nil {
				return nil, err
			}
			return canonTime(r), nil
		}
		n, null, err := number(args[0])
		if err != nil || null {
			return nil, err
		}
		places := int64(0)
		if args[1] != nil {
			p, null, err := integer(args[1])
			if err != nil || null {
				return nil, err
			}
			places = max(-400, min(400, p))
		}
		if i, ok := n.(int64); ok && places >= 0 {
			return i, nil
		}
		return newDecimal(toFloat(n)).round(int(places), trunc).value(), nil
	}
}

// isDateValue reports whether a value is a date rather than a number.
func isDateValue(v driver.Value) bool {
	switch x := v.(type) {
	case time.Time:
		return true
	case string:
		_, ok := parseDateText(x)
		return ok
	case []byte:
		_, ok := parseDateText(string(x))
		return ok
	}
	return false
}

// roundDate rounds or truncates a date to a unit of an Oracle format.
func roundDate(t time.Time, unit string, trunc bool) (time.Time, error) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	var lo, hi time.Time // the unit containing t
	switch unit {
	case "DD", "DDD", "J":
		lo, hi = day, day.AddDate(0, 0, 1)
	case "MM", "MON", "MONTH", "RM":
		lo = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(0, 1, 0)
		if !trunc {
			// Oracle rounds up from the 16th day.
			if t.Day() >= 16 {
				return hi, nil
			}
			return lo, nil
		}
	case "YYYY", "YYY", "YY", "Y", "YEAR", "SYYYY", "SYEAR", "RRRR", "RR":
		lo = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(1, 0, 0)
		if !trunc {
			if t.Month() >= time.July {
				return hi, nil
			}
			return lo, nil
		}
	case "Q":
		lo = time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(0, 3, 0)
	case "HH", "HH12", "HH24":
		lo = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, time.UTC)
		hi = lo.Add(time.Hour)
	case "MI":
		lo = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
		hi = lo.Add(time.Minute)
	case "D", "DY", "DAY":
		lo = day.AddDate(0, 0, -int(day.Weekday()))
		hi = lo.AddDate(0, 0, 7)
	case "IW":
		wd := (int(day.Weekday()) + 6) % 7 // Monday = 0
		lo = day.AddDate(0, 0, -wd)
		hi = lo.AddDate(0, 0, 7)
	default:
		return time.Time{}, ferr("invalid date unit %q", unit)
	}
	if trunc || t.Sub(lo) < hi.Sub(t) {
		return lo, nil
	}
	return hi, nil
}

// fnToChar is TO_CHAR(x, fmt, default date format). The translator passes
// the default format only when x is a date.
func fnToChar(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	x := args[0]
	if x == nil {
		return nil, nil
	}
	model, hasModel := text(args[1])
	def, isDate := text(args[2])
	switch v := x.(type) {
	case int64, float64:
		if !hasModel {
			return numberText(v), nil
		}
		s, err := formatNumber(toFloat(v), model)
		if err != nil {
			return nil, ferr("%v", err)
		}
		return strResult(s), nil
	}
	s, ok := text(x)
	if !ok {
		return nil, nil
	}
	if !hasModel {
		if !isDate {
			return s, nil
		}
		model = def
	}
	if t, ok := parseDateText(s); ok || isDate {
		if !ok {
			return nil, ferr("not a date: %q", s)
		}
		out, err := formatDate(t, model)
		if err != nil {
			return nil, ferr("%v", err)
		}
		return strResult(out), nil
	}
	n, err := parseNumber(s, "")
	if err != nil || n == nil {
		return nil, ferr("invalid number %q", s)
	}
	out, err := formatNumber(toFloat(n), model)
	if err != nil {
		return nil, ferr("%v", err)
	}
	return strResult(out), nil
}

// fnToDate is TO_DATE(s[, fmt]). Without a format it reads ISO-8601 or
// NetSuite's M/D/YYYY.
func fnToDate(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if t, ok := args[0].(time.Time); ok {
		return canonTime(t.UTC()), nil
	}
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	model, hasModel := text(args[1])
	if !hasModel {
		if t, ok := parseDateText(s); ok {
			return canonTime(t), nil
		}
		model = "MM/DD/YYYY HH24:MI:SS"
	}
	t, err := parseDate(s, model, time.Now().UTC())
	if err != nil {
		return nil, ferr("TO_DATE(%q): %v", s, err)
	}
	return canonTime(t), nil
}

func fnToNumber(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case int64, float64:
		return v, nil
	}
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	model, _ := text(args[1])
	n, err := parseNumber(s, model)
	if err != nil {
		return nil, ferr("invalid number %q", s)
	}
	return n, nil
}

// fnAddMonths is ADD_MONTHS: the last day of a month maps to the last day
// of the target month, and a day the target month lacks to its last day.
func fnAddMonths(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, null, err := dateArg(args[0])
	if err != nil || null {
		return nil, err
	}
	n, null, err := integer(args[1])
	if err != nil || null {
		return nil, err
	}
	return canonTime(addMonths(t, int(n))), nil
}

func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC).AddDate(0, n, 0)
	last := daysIn(first.Year(), first.Month())
	d := t.Day()
	if d >= last || d == daysIn(t.Year(), t.Month()) {
		d = last
	}
	return first.AddDate(0, 0, d-1)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func fnLastDay(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, null, err := dateArg(args[0])
	if err != nil || null {
		return nil, err
	}
	d := time.Date(t.Year(), t.Month(), daysIn(t.Year(), t.Month()), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return canonTime(d), nil
}

// fnDateAdd is date + days (days may be fractional).
func fnDateAdd(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, null, err := dateArg(args[0])
	if err != nil || null {
		return nil, err
	}
	n, null, err := number(args[1])
	if err != nil || null {
		return nil, err
	}
	d := toFloat(n)
	if math.Abs(d) > 3e6 {
		return nil, ferr("date out of range")
	}
	whole := math.Trunc(d)
	t = t.AddDate(0, 0, int(whole)).Add(time.Duration(math.Round((d - whole) * 86400 * 1e9)))
	return canonTime(t), nil
}

// fnDateDiff is date - date in days.
func fnDateDiff(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, n1, err := dateArg(args[0])
	if err != nil {
		return nil, err
	}
	b, n2, err := dateArg(args[1])
	if err != nil || n1 || n2 {
		return nil, err
	}
	return numResult(a.Sub(b).Seconds() / 86400), nil
}

// fnDatetime writes a date in the full 'YYYY-MM-DD HH:MM:SS' form of
// date-time columns; other values pass through.
func fnDatetime(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch args[0].(type) {
	case nil, int64, float64:
		return args[0], nil
	}
	s, _ := text(args[0])
	t, ok := parseDateText(s)
	if !ok {
		return args[0], nil
	}
	return fullTime(t), nil
}

// fnNum converts a value to a number for arithmetic (ORA-01722 on
// non-numeric text).
func fnNum(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	n, null, err := number(args[0])
	if err != nil || null {
		return nil, err
	}
	return n, nil
}

// fnText converts a value to text as Oracle prints it (LISTAGG's values).
func fnText(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	return s, nil
}
