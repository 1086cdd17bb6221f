package suiteqlengine

import (
	"database/sql/driver"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// Oracle functions on the "SuiteQL Supported and Unsupported Functions"
// list (NetSuite Help Center section_158513731864) that SQLite lacks.
// Semantics follow Oracle Database SQL Language Reference, chapter
// "Functions", for each function named.

// fnMonthsBetween is MONTHS_BETWEEN(d1, d2): whole months when both dates
// fall on the same day of the month or both on the last day of their
// months; otherwise the fraction is computed on a 31-day month, time of
// day included.
func fnMonthsBetween(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, n1, err := dateArg(args[0])
	if err != nil {
		return nil, err
	}
	b, n2, err := dateArg(args[1])
	if err != nil || n1 || n2 {
		return nil, err
	}
	months := float64((a.Year()-b.Year())*12 + int(a.Month()) - int(b.Month()))
	lastA := a.Day() == daysIn(a.Year(), a.Month())
	lastB := b.Day() == daysIn(b.Year(), b.Month())
	if a.Day() == b.Day() || lastA && lastB {
		return numResult(months), nil
	}
	secs := func(t time.Time) float64 {
		return float64(t.Day()-1)*86400 + float64(t.Hour()*3600+t.Minute()*60+t.Second()) + float64(t.Nanosecond())/1e9
	}
	return numResult(months + (secs(a)-secs(b))/(31*86400)), nil
}

// fnChr is CHR(n) in an AL32UTF8 database: n below 128 is that character;
// a larger n is read as the bytes of a UTF-8 sequence (CHR(50089) is é).
func fnChr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	n, null, err := integer(args[0])
	if err != nil || null {
		return nil, err
	}
	if n < 0 || n > 0xFFFFFFFF {
		return nil, ferr("CHR(%d): invalid character code", n)
	}
	var buf []byte
	for v := n; v > 0; v >>= 8 {
		buf = append([]byte{byte(v)}, buf...)
	}
	if n == 0 {
		buf = []byte{0}
	}
	if !utf8.Valid(buf) {
		return nil, ferr("CHR(%d): not a character of the database character set", n)
	}
	return string(buf), nil
}

// fnASCII is ASCII(c): the code of the first character, its UTF-8 bytes
// read as one number in an AL32UTF8 database.
func fnASCII(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	_, size := utf8.DecodeRuneInString(s)
	var v int64
	for i := 0; i < size; i++ {
		v = v<<8 | int64(s[i])
	}
	return v, nil
}

// fnTranslate is TRANSLATE(s, from, to): each character of from becomes
// the character at the same position of to, or is removed when to is
// shorter. A NULL argument gives NULL.
func fnTranslate(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok1 := text(args[0])
	from, ok2 := text(args[1])
	to, ok3 := text(args[2])
	if !ok1 || !ok2 || !ok3 {
		return nil, nil
	}
	fr, tr := []rune(from), []rune(to)
	m := map[rune]int{}
	for i, r := range fr {
		if _, seen := m[r]; !seen {
			m[r] = i
		}
	}
	var b strings.Builder
	for _, r := range s {
		i, hit := m[r]
		switch {
		case !hit:
			b.WriteRune(r)
		case i < len(tr):
			b.WriteRune(tr[i])
		}
	}
	return strResult(b.String()), nil
}

// fnNextDay is NEXT_DAY(d, 'MONDAY'): the first such weekday after d, time
// kept. Day names are English (NLS_DATE_LANGUAGE AMERICAN), full or
// abbreviated to three letters.
func fnNextDay(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, null, err := dateArg(args[0])
	if err != nil || null {
		return nil, err
	}
	name, ok := text(args[1])
	if !ok {
		return nil, nil
	}
	name = strings.ToUpper(strings.TrimSpace(name))
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		full := strings.ToUpper(wd.String())
		if name == full || len(name) >= 3 && strings.HasPrefix(full, name) {
			d := (int(wd) - int(t.Weekday()) + 7) % 7
			if d == 0 {
				d = 7
			}
			return canonTime(t.AddDate(0, 0, d)), nil
		}
	}
	return nil, ferr("NEXT_DAY: not a day of the week: %q", name)
}

// fnSysExtractUTC is SYS_EXTRACT_UTC(ts): the emulator keeps date-times in
// UTC, so the value itself.
func fnSysExtractUTC(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, null, err := dateArg(args[0])
	if err != nil || null {
		return nil, err
	}
	return canonTime(t), nil
}

// numFunc2 applies a function of two numbers; NULL gives NULL.
func numFunc2(f func(a, b float64) (float64, error)) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		a, n1, err := number(args[0])
		if err != nil {
			return nil, err
		}
		b, n2, err := number(args[1])
		if err != nil || n1 || n2 {
			return nil, err
		}
		r, err := f(toFloat(a), toFloat(b))
		if err != nil {
			return nil, err
		}
		return numResult(r), nil
	}
}

// checkedNum is a function of one number that refuses arguments outside
// its domain, as Oracle does (ORA-01428).
func checkedNum(name string, ok func(float64) bool, f func(float64) float64) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		n, null, err := number(args[0])
		if err != nil || null {
			return nil, err
		}
		x := toFloat(n)
		if !ok(x) {
			return nil, ferr("%s: argument %v is out of range", name, x)
		}
		return numResult(f(x)), nil
	}
}

func always(float64) bool { return true }

func fnLog(a, b float64) (float64, error) {
	// LOG(base, x): base positive and not 1, x positive.
	if a <= 0 || a == 1 || b <= 0 {
		return 0, ferr("LOG: argument out of range")
	}
	return math.Log(b) / math.Log(a), nil
}

func fnBitand(a, b float64) (float64, error) {
	return float64(int64(math.Trunc(a)) & int64(math.Trunc(b))), nil
}

// fnRemainder is REMAINDER(n2, n1) = n2 - n1*N, N the integer nearest
// n2/n1, ties to even (Oracle's rounding for REMAINDER).
func fnRemainder(a, b float64) (float64, error) {
	if b == 0 {
		return 0, ferr("REMAINDER: division by zero")
	}
	return a - b*math.RoundToEven(a/b), nil
}

// Regular expressions. Oracle's regular expressions are POSIX ERE with
// Perl-style extensions (\d, \w, \s, non-greedy quantifiers); Go's RE2
// syntax accepts those. Differences: RE2 has no back-references in a
// pattern (\1 in a pattern is refused here, where Oracle accepts it), and
// POSIX character classes work only inside brackets in both. The match
// parameter letters are Oracle's: i (ignore case), c (case-sensitive, the
// default), n (. matches newline), m (multi-line); x (ignore white space)
// is refused.

var (
	regexMu    sync.RWMutex
	regexCache = map[string]*regexp.Regexp{}
)

func compileOracleRegex(pattern, params string) (*regexp.Regexp, error) {
	key := params + "\x00" + pattern
	regexMu.RLock()
	re, ok := regexCache[key]
	regexMu.RUnlock()
	if ok {
		return re, nil
	}
	flags := map[byte]bool{}
	for i := 0; i < len(params); i++ {
		switch c := params[i]; c {
		case 'i':
			flags['i'] = true
		case 'c':
			flags['i'] = false
		case 'n', 'm':
			flags[c] = true
		default:
			return nil, ferr("unsupported regular expression match parameter %q", string(c))
		}
	}
	prefix := ""
	if flags['i'] {
		prefix += "i"
	}
	if flags['n'] {
		prefix += "s"
	}
	if flags['m'] {
		prefix += "m"
	}
	src := pattern
	if prefix != "" {
		src = "(?" + prefix + ")" + pattern
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, ferr("invalid regular expression %q: %v", pattern, err)
	}
	regexMu.Lock()
	if len(regexCache) < modelCacheMax {
		regexCache[key] = re
	}
	regexMu.Unlock()
	return re, nil
}

// regexArgs reads source, pattern and an optional match parameter at
// index pi. null is set when the source or pattern is NULL.
func regexArgs(args []driver.Value, pi int) (src string, re *regexp.Regexp, null bool, err error) {
	s, ok1 := text(args[0])
	p, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return "", nil, true, nil
	}
	params := ""
	if pi < len(args) {
		params, _ = text(args[pi])
	}
	re, err = compileOracleRegex(p, params)
	return s, re, false, err
}

// optInt reads an optional positive integer argument (position,
// occurrence) with a default.
func optInt(args []driver.Value, i int, def int64, name string, minV int64) (int64, bool, error) {
	if i >= len(args) {
		return def, false, nil
	}
	v, null, err := integer(args[i])
	if err != nil || null {
		return 0, null, err
	}
	if v < minV {
		return 0, false, ferr("%s: argument %d out of range", name, v)
	}
	return v, false, nil
}

// runeOffset returns the byte offset of the pos-th character (1-based).
func runeOffset(s string, pos int64) (int, bool) {
	if pos == 1 {
		return 0, true
	}
	n := int64(1)
	for i := range s {
		if n == pos {
			return i, true
		}
		n++
	}
	return len(s), n == pos
}

// findMatches returns the matches of re in s from character position pos.
func findMatches(re *regexp.Regexp, s string, pos int64, limit int) ([][]int, int, bool) {
	off, ok := runeOffset(s, pos)
	if !ok {
		return nil, 0, false
	}
	ms := re.FindAllStringSubmatchIndex(s[off:], limit)
	return ms, off, true
}

func fnRegexpLike(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, re, null, err := regexArgs(args, 2)
	if err != nil || null {
		return nil, err
	}
	if re.MatchString(s) {
		return int64(1), nil
	}
	return int64(0), nil
}

// fnRegexpSubstr is REGEXP_SUBSTR(s, p [, position [, occurrence [,
// match_param [, subexpr]]]]).
func fnRegexpSubstr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, re, null, err := regexArgs(args, 4)
	if err != nil || null {
		return nil, err
	}
	pos, n1, err := optInt(args, 2, 1, "REGEXP_SUBSTR", 1)
	if err != nil || n1 {
		return nil, err
	}
	occ, n2, err := optInt(args, 3, 1, "REGEXP_SUBSTR", 1)
	if err != nil || n2 {
		return nil, err
	}
	sub, n3, err := optInt(args, 5, 0, "REGEXP_SUBSTR", 0)
	if err != nil || n3 {
		return nil, err
	}
	if sub > 9 {
		return nil, ferr("REGEXP_SUBSTR: subexpression %d out of range", sub)
	}
	ms, off, ok := findMatches(re, s, pos, int(min(occ, 1<<20)))
	if !ok || int64(len(ms)) < occ || int(sub) > re.NumSubexp() {
		return nil, nil
	}
	m := ms[occ-1]
	if m[2*sub] < 0 {
		return nil, nil
	}
	return strResult(s[off+m[2*sub] : off+m[2*sub+1]]), nil
}

// fnRegexpInstr is REGEXP_INSTR(s, p [, position [, occurrence [,
// return_option [, match_param [, subexpr]]]]]): the character position of
// the match (return_option 0) or of the character after it (1), 0 when
// there is none.
func fnRegexpInstr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, re, null, err := regexArgs(args, 5)
	if err != nil || null {
		return nil, err
	}
	pos, n1, err := optInt(args, 2, 1, "REGEXP_INSTR", 1)
	if err != nil || n1 {
		return nil, err
	}
	occ, n2, err := optInt(args, 3, 1, "REGEXP_INSTR", 1)
	if err != nil || n2 {
		return nil, err
	}
	retOpt, n3, err := optInt(args, 4, 0, "REGEXP_INSTR", 0)
	if err != nil || n3 {
		return nil, err
	}
	sub, n4, err := optInt(args, 6, 0, "REGEXP_INSTR", 0)
	if err != nil || n4 {
		return nil, err
	}
	if retOpt > 1 || sub > 9 {
		return nil, ferr("REGEXP_INSTR: argument out of range")
	}
	ms, off, ok := findMatches(re, s, pos, int(min(occ, 1<<20)))
	if !ok || int64(len(ms)) < occ || int(sub) > re.NumSubexp() {
		return int64(0), nil
	}
	m := ms[occ-1]
	if m[2*sub] < 0 {
		return int64(0), nil
	}
	at := off + m[2*sub]
	if retOpt == 1 {
		at = off + m[2*sub+1]
	}
	return int64(utf8.RuneCountInString(s[:at]) + 1), nil
}

// fnRegexpCount is REGEXP_COUNT(s, p [, position [, match_param]]).
func fnRegexpCount(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, re, null, err := regexArgs(args, 3)
	if err != nil || null {
		return nil, err
	}
	pos, n1, err := optInt(args, 2, 1, "REGEXP_COUNT", 1)
	if err != nil || n1 {
		return nil, err
	}
	ms, _, ok := findMatches(re, s, pos, -1)
	if !ok {
		return int64(0), nil
	}
	return int64(len(ms)), nil
}

// fnRegexpReplace is REGEXP_REPLACE(s, p [, replacement [, position [,
// occurrence [, match_param]]]]): occurrence 0 (the default) replaces
// every match; \1 … \9 in the replacement are the subexpressions. A NULL
// pattern gives s unchanged.
func fnRegexpReplace(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	p, ok := text(args[1])
	if !ok {
		return s, nil
	}
	params := ""
	if len(args) > 5 {
		params, _ = text(args[5])
	}
	re, err := compileOracleRegex(p, params)
	if err != nil {
		return nil, err
	}
	repl := ""
	if len(args) > 2 {
		repl, _ = text(args[2])
	}
	pos, n1, err := optInt(args, 3, 1, "REGEXP_REPLACE", 1)
	if err != nil || n1 {
		return nil, err
	}
	occ, n2, err := optInt(args, 4, 0, "REGEXP_REPLACE", 0)
	if err != nil || n2 {
		return nil, err
	}
	ms, off, okPos := findMatches(re, s, pos, -1)
	if !okPos {
		return strResult(s), nil
	}
	var b strings.Builder
	b.WriteString(s[:off])
	last := off
	for i, m := range ms {
		if occ != 0 && int64(i+1) != occ {
			continue
		}
		b.WriteString(s[last : off+m[0]])
		expandOracleRepl(&b, repl, s[off:], m)
		last = off + m[1]
	}
	b.WriteString(s[last:])
	return strResult(b.String()), nil
}

// expandOracleRepl writes a replacement with \n back-references; \\ is a
// backslash.
func expandOracleRepl(b *strings.Builder, repl, s string, m []int) {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c == '\\' && i+1 < len(repl) {
			d := repl[i+1]
			if d >= '0' && d <= '9' {
				k := int(d - '0')
				if 2*k+1 < len(m) && m[2*k] >= 0 {
					b.WriteString(s[m[2*k]:m[2*k+1]])
				}
				i++
				continue
			}
			if d == '\\' {
				b.WriteByte('\\')
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
}

// fnLengthB is LENGTHB(s): the length in bytes (AL32UTF8).
func fnLengthB(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	return int64(len(s)), nil
}

// fnNanvl is NANVL(n2, n1): n1 when n2 is NaN. The emulator's numbers are
// never NaN, so n2 (as a number); NULL if either is NULL.
func fnNanvl(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, n1, err := number(args[0])
	if err != nil {
		return nil, err
	}
	_, n2, err := number(args[1])
	if err != nil || n1 || n2 {
		return nil, err
	}
	return a, nil
}
