package suiteqlengine

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Dates are ISO-8601 text in the database. canonTime writes a time in the
// form the translator compares: 'YYYY-MM-DD' at midnight, else
// 'YYYY-MM-DD HH:MM:SS' with a fraction only when there is one. Text order
// of canonical values is time order.
func canonTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return fullTime(t)
}

// fullTime always writes the time of day, as date-time columns hold it.
func fullTime(t time.Time) string {
	if t.Nanosecond() == 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return strings.TrimRight(t.Format("2006-01-02 15:04:05.000000000"), "0")
}

var dateLayouts = []string{
	"2006-01-02",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
}

// parseDateText reads an ISO-8601 date or date-time as stored.
func parseDateText(s string) (time.Time, bool) {
	if t, ok := parseDateFast(s); ok {
		return t, true
	}
	s = strings.TrimSpace(s)
	if len(s) < 10 || s[4] != '-' {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Location() != time.UTC {
				t = t.UTC()
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDateFast reads the two stored forms, 'YYYY-MM-DD' and
// 'YYYY-MM-DD HH:MM:SS', without time.Parse.
func parseDateFast(s string) (time.Time, bool) {
	if len(s) != 10 && len(s) != 19 {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for k := i; k < i+n; k++ {
			c := s[k]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) {
		return time.Time{}, false
	}
	h, mi, sec := 0, 0, 0
	if len(s) == 19 {
		if s[10] != ' ' && s[10] != 'T' || s[13] != ':' || s[16] != ':' {
			return time.Time{}, false
		}
		var ok4, ok5, ok6 bool
		h, ok4 = num(11, 2)
		mi, ok5 = num(14, 2)
		sec, ok6 = num(17, 2)
		if !ok4 || !ok5 || !ok6 || h > 23 || mi > 59 || sec > 59 {
			return time.Time{}, false
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), true
}

// errFormat is a bad format model or a value that does not fit it.
var errFormat = errors.New("date format not recognized")

// fmtElem is one element of an Oracle format model.
type fmtElem struct {
	kind string // element name, upper case; "" for literal text
	lit  string // literal text, or the element as written (for case)
}

var dateElems = []string{
	"SYEAR", "YEAR", "SYYYY", "YYYY", "RRRR", "YYY", "YY", "RR", "Y",
	"IYYY", "IYY", "IW", "IY", "I", "SCC", "CC", "RM",
	"MONTH", "MON", "MM",
	"DDD", "DD", "DAY", "DY", "DS", "DL", "D", "TS",
	"A.D.", "B.C.", "AD", "BC", "X",
	"HH24", "HH12", "HH",
	"MI", "SSSSS", "SS",
	"FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FF7", "FF8", "FF9", "FF",
	"A.M.", "P.M.", "AM", "PM",
	"Q", "WW", "IW", "W", "J", "FM", "FX",
}

// modelCache keeps parsed format models; it stops growing at
// modelCacheMax entries.
var (
	modelMu    sync.RWMutex
	modelCache = map[string][]fmtElem{}
)

const modelCacheMax = 512

// parseModel splits a date format model into elements.
func parseModel(model string) ([]fmtElem, error) {
	modelMu.RLock()
	elems, ok := modelCache[model]
	modelMu.RUnlock()
	if ok {
		return elems, nil
	}
	elems, err := parseModelUncached(model)
	if err != nil {
		return nil, err
	}
	modelMu.Lock()
	if len(modelCache) < modelCacheMax {
		modelCache[model] = elems
	}
	modelMu.Unlock()
	return elems, nil
}

func parseModelUncached(model string) ([]fmtElem, error) {
	var out []fmtElem
	for i := 0; i < len(model); {
		c := model[i]
		if c == '"' {
			j := strings.IndexByte(model[i+1:], '"')
			if j < 0 {
				return nil, errFormat
			}
			out = append(out, fmtElem{lit: model[i+1 : i+1+j]})
			i += j + 2
			continue
		}
		if strings.IndexByte(" -/,.;:\t", c) >= 0 {
			out = append(out, fmtElem{lit: string(c)})
			i++
			continue
		}
		matched := false
		for _, e := range dateElems {
			if len(model)-i >= len(e) && strings.EqualFold(model[i:i+len(e)], e) {
				out = append(out, fmtElem{kind: e, lit: model[i : i+len(e)]})
				i += len(e)
				matched = true
				break
			}
		}
		if !matched {
			return nil, errFormat
		}
	}
	return out, nil
}

// applyCase writes a name in the case of the element as written: MONTH →
// JANUARY, Month → January, month → january.
func applyCase(written, name string) string {
	written = strings.ReplaceAll(written, ".", "")
	if len(written) >= 2 && unicode.IsUpper(rune(written[0])) && unicode.IsUpper(rune(written[1])) {
		return strings.ToUpper(name)
	}
	if len(written) >= 1 && unicode.IsUpper(rune(written[0])) {
		return strings.ToUpper(name[:1]) + strings.ToLower(name[1:])
	}
	return strings.ToLower(name)
}

func pad(n int, width int, fill bool) string {
	s := strconv.Itoa(n)
	if fill {
		return s
	}
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// formatDate formats t with an Oracle date format model.
func formatDate(t time.Time, model string) (string, error) {
	elems, err := parseModel(model)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fm := false
	for _, e := range elems {
		switch e.kind {
		case "":
			b.WriteString(e.lit)
		case "FM":
			fm = !fm
		case "FX":
		case "SYYYY", "YYYY", "RRRR":
			b.WriteString(pad(t.Year(), 4, fm))
		case "YYY":
			b.WriteString(pad(t.Year()%1000, 3, fm))
		case "YY", "RR":
			b.WriteString(pad(t.Year()%100, 2, fm))
		case "Y":
			b.WriteString(strconv.Itoa(t.Year() % 10))
		case "MM":
			b.WriteString(pad(int(t.Month()), 2, fm))
		case "MON":
			b.WriteString(applyCase(e.lit, t.Month().String()[:3]))
		case "MONTH":
			name := t.Month().String()
			if !fm {
				name += strings.Repeat(" ", 9-len(name))
			}
			b.WriteString(applyCase(e.lit, name))
		case "DD":
			b.WriteString(pad(t.Day(), 2, fm))
		case "DDD":
			b.WriteString(pad(t.YearDay(), 3, fm))
		case "D":
			b.WriteString(strconv.Itoa(int(t.Weekday()) + 1))
		case "DY":
			b.WriteString(applyCase(e.lit, t.Weekday().String()[:3]))
		case "DAY":
			name := t.Weekday().String()
			if !fm {
				name += strings.Repeat(" ", 9-len(name))
			}
			b.WriteString(applyCase(e.lit, name))
		case "HH", "HH12":
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			b.WriteString(pad(h, 2, fm))
		case "HH24":
			b.WriteString(pad(t.Hour(), 2, fm))
		case "MI":
			b.WriteString(pad(t.Minute(), 2, fm))
		case "SS":
			b.WriteString(pad(t.Second(), 2, fm))
		case "SSSSS":
			b.WriteString(pad(t.Hour()*3600+t.Minute()*60+t.Second(), 5, fm))
		case "AM", "PM", "A.M.", "P.M.":
			s := "AM"
			if t.Hour() >= 12 {
				s = "PM"
			}
			if strings.Contains(e.kind, ".") {
				s = s[:1] + "." + s[1:] + "."
			}
			b.WriteString(applyCase(e.lit, s))
		case "Q":
			b.WriteString(strconv.Itoa((int(t.Month())-1)/3 + 1))
		case "WW":
			b.WriteString(pad((t.YearDay()-1)/7+1, 2, fm))
		case "IW":
			_, w := t.ISOWeek()
			b.WriteString(pad(w, 2, fm))
		case "W":
			b.WriteString(strconv.Itoa((t.Day()-1)/7 + 1))
		case "J":
			b.WriteString(strconv.Itoa(julianDay(t)))
		case "IYYY":
			y, _ := t.ISOWeek()
			b.WriteString(pad(y, 4, fm))
		case "IYY":
			y, _ := t.ISOWeek()
			b.WriteString(pad(y%1000, 3, fm))
		case "IY":
			y, _ := t.ISOWeek()
			b.WriteString(pad(y%100, 2, fm))
		case "I":
			y, _ := t.ISOWeek()
			b.WriteString(strconv.Itoa(y % 10))
		case "CC", "SCC":
			b.WriteString(pad((t.Year()+99)/100, 2, fm))
		case "RM":
			// Roman numeral month, padded to the width of VIII unless FM.
			r := romanMonths[t.Month()-1]
			if !fm {
				r += strings.Repeat(" ", 4-len(r))
			}
			if e.lit[0] == 'r' {
				r = strings.ToLower(r)
			}
			b.WriteString(r)
		case "YEAR", "SYEAR":
			b.WriteString(yearCase(e.lit, spellYear(t.Year())))
		case "AD", "BC", "A.D.", "B.C.":
			era := "AD"
			if strings.Contains(e.kind, ".") {
				era = "A.D."
			}
			b.WriteString(applyCase(e.lit, era))
		case "X":
			b.WriteByte('.')
		case "DS", "DL", "TS":
			// The territory's short date, long date and short time
			// formats; the emulator's territory is AMERICA.
			sub, err := formatDate(t, territoryFormats[e.kind])
			if err != nil {
				return "", err
			}
			b.WriteString(sub)
		default: // FFn
			n := 6
			if len(e.kind) == 3 {
				n = int(e.kind[2] - '0')
			}
			f := fmt.Sprintf("%09d", t.Nanosecond())
			b.WriteString(f[:n])
		}
	}
	return b.String(), nil
}

func julianDay(t time.Time) int {
	// Days since 4712-01-01 BC (Julian day 1); 1970-01-01 is day 2440588.
	days := int(math.Floor(float64(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()) / 86400))
	return 2440588 + days
}

// parseDate reads s with an Oracle date format model (TO_DATE). Separators
// in the model match any separator in the input; fields the model lacks
// default as in Oracle: the current year and month, day 1, midnight.
func parseDate(s, model string, now time.Time) (time.Time, error) {
	elems, err := parseModel(model)
	if err != nil {
		return time.Time{}, err
	}
	year, month, day := now.Year(), int(now.Month()), 1
	hour, minute, sec, nsec := 0, 0, 0, 0
	yday, pm, hasAMPM, hour12 := 0, false, false, false
	i := 0
	skipSpace := func() {
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	readNum := func(maxw int) (int, int, bool) {
		skipSpace()
		start := i
		neg := false
		if i < len(s) && s[i] == '-' && maxw >= 4 {
			neg = true
			i++
		}
		j := i
		for j < len(s) && j-i < maxw && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			i = start
			return 0, 0, false
		}
		n, _ := strconv.Atoi(s[i:j])
		w := j - i
		i = j
		if neg {
			n = -n
		}
		return n, w, true
	}
	readName := func(names []string, minLen int) (int, bool) {
		skipSpace()
		rest := strings.ToUpper(s[i:])
		for k, n := range names {
			up := strings.ToUpper(n)
			if strings.HasPrefix(rest, up) {
				i += len(up)
				return k, true
			}
		}
		for k, n := range names {
			up := strings.ToUpper(n)
			if len(up) >= minLen && len(rest) >= minLen && strings.HasPrefix(rest, up[:minLen]) {
				i += minLen
				return k, true
			}
		}
		return 0, false
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	days := []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	for _, e := range elems {
		var ok bool
		var n int
		switch e.kind {
		case "":
			if strings.TrimSpace(e.lit) == "" {
				skipSpace()
				continue
			}
			if len(e.lit) == 1 && strings.IndexByte("-/,.;:", e.lit[0]) >= 0 {
				// Any separator matches; a missing one is tolerated.
				if i < len(s) && strings.IndexByte("-/,.;: ", s[i]) >= 0 {
					i++
				}
				continue
			}
			if !strings.HasPrefix(strings.ToUpper(s[i:]), strings.ToUpper(e.lit)) {
				return time.Time{}, errFormat
			}
			i += len(e.lit)
			continue
		case "FM", "FX":
			continue
		case "SYYYY", "YYYY", "RRRR":
			year, _, ok = readNum(4)
			if ok && e.kind == "RRRR" && year < 100 {
				year = rrYear(year, now)
			}
		case "YYY":
			n, _, ok = readNum(3)
			year = now.Year()/1000*1000 + n
		case "YY":
			n, _, ok = readNum(2)
			year = now.Year()/100*100 + n
		case "RR":
			var w int
			n, w, ok = readNum(4)
			if ok && w <= 2 {
				year = rrYear(n, now)
			} else {
				year = n
			}
		case "Y":
			n, _, ok = readNum(1)
			year = now.Year()/10*10 + n
		case "MM":
			month, _, ok = readNum(2)
		case "MON", "MONTH":
			var k int
			k, ok = readName(months, 3)
			month = k + 1
		case "DD":
			day, _, ok = readNum(2)
		case "DDD":
			yday, _, ok = readNum(3)
		case "D":
			_, _, ok = readNum(1)
		case "DY", "DAY":
			_, ok = readName(days, 3)
		case "HH", "HH12":
			hour, _, ok = readNum(2)
			hour12 = true
		case "HH24":
			hour, _, ok = readNum(2)
		case "MI":
			minute, _, ok = readNum(2)
		case "SS":
			sec, _, ok = readNum(2)
		case "SSSSS":
			n, _, ok = readNum(5)
			hour, minute, sec = n/3600, n/60%60, n%60
		case "AM", "PM", "A.M.", "P.M.":
			skipSpace()
			rest := strings.ToUpper(s[i:])
			switch {
			case strings.HasPrefix(rest, "A.M."), strings.HasPrefix(rest, "P.M."):
				pm = rest[0] == 'P'
				i += 4
				ok = true
			case strings.HasPrefix(rest, "AM"), strings.HasPrefix(rest, "PM"):
				pm = rest[0] == 'P'
				i += 2
				ok = true
			}
			hasAMPM = true
		case "Q", "WW", "IW", "W", "J", "SYEAR", "YEAR", "IYYY", "IYY", "IY", "I", "SCC", "CC", "RM",
			"DS", "DL", "TS", "A.D.", "B.C.", "AD", "BC", "X":
			// Format-only elements (Oracle accepts some of them in TO_DATE;
			// the emulator does not).
			return time.Time{}, errFormat
		default: // FFn
			skipSpace()
			j := i
			for j < len(s) && j-i < 9 && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j > i {
				f := s[i:j] + strings.Repeat("0", 9-(j-i))
				nsec, _ = strconv.Atoi(f)
				ok = true
			}
			i = j
		}
		if !ok {
			if i >= len(s) {
				break // input ended: the remaining fields default
			}
			return time.Time{}, errFormat
		}
	}
	skipSpace()
	if i < len(s) {
		return time.Time{}, errors.New("date format picture ends before converting entire input string")
	}
	if hour12 {
		if hour < 1 || hour > 12 {
			return time.Time{}, errors.New("hour must be between 1 and 12")
		}
		if hasAMPM && pm && hour < 12 {
			hour += 12
		} else if hasAMPM && !pm && hour == 12 {
			hour = 0
		}
	}
	if month < 1 || month > 12 || hour > 23 || minute > 59 || sec > 59 || year == 0 {
		return time.Time{}, errors.New("date field out of range")
	}
	if yday > 0 {
		t := time.Date(year, 1, 1, hour, minute, sec, nsec, time.UTC).AddDate(0, 0, yday-1)
		if t.Year() != year {
			return time.Time{}, errors.New("day of year out of range")
		}
		return t, nil
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if day < 1 || t.Day() != day {
		return time.Time{}, errors.New("day of month out of range")
	}
	return t, nil
}

func rrYear(yy int, now time.Time) int {
	cur := now.Year() % 100
	century := now.Year() / 100 * 100
	switch {
	case yy < 50 && cur >= 50:
		return century + 100 + yy
	case yy >= 50 && cur < 50:
		return century - 100 + yy
	}
	return century + yy
}

// numberText prints a number the way Oracle converts NUMBER to text: no
// exponent, no trailing zeros, no leading zero before the decimal point
// (".5", "-.25"). Floats are first rounded to 15 significant digits, which
// removes binary noise such as 0.30000000000000004.
func numberText(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return floatText(x)
	}
	return fmt.Sprint(v)
}

func floatText(f float64) string {
	if math.IsNaN(f) {
		return "NaN"
	}
	if math.IsInf(f, 1) {
		return "Inf"
	}
	if math.IsInf(f, -1) {
		return "-Inf"
	}
	if r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64); err == nil {
		f = r
	}
	if f == 0 {
		return "0"
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	switch {
	case strings.HasPrefix(s, "0."):
		s = s[1:]
	case strings.HasPrefix(s, "-0."):
		s = "-" + s[2:]
	}
	return s
}

// decimal is a base-10 number: digits × 10^(exp-len(digits)), used for
// rounding without binary error.
type decimal struct {
	neg    bool
	digits []byte // no leading zeros
	exp    int    // position of the decimal point from the left of digits
}

func newDecimal(f float64) decimal {
	var d decimal
	if f < 0 {
		d.neg = true
		f = -f
	}
	if f == 0 {
		return d
	}
	s := strconv.FormatFloat(f, 'e', 14, 64) // d.dddddddddddddde±XX
	mant, expPart, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(expPart)
	d.digits = []byte(strings.TrimRight(strings.Replace(mant, ".", "", 1), "0"))
	d.exp = e + 1
	return d
}

// round keeps n digits after the decimal point (n may be negative),
// rounding half away from zero, or truncating when trunc is set.
func (d decimal) round(n int, trunc bool) decimal {
	keep := d.exp + n // digits kept
	if keep >= len(d.digits) {
		return d
	}
	if keep < 0 {
		return decimal{neg: d.neg}
	}
	up := !trunc && d.digits[keep] >= '5'
	out := decimal{neg: d.neg, digits: append([]byte(nil), d.digits[:keep]...), exp: d.exp}
	if up {
		i := keep - 1
		for ; i >= 0; i-- {
			if out.digits[i] == '9' {
				out.digits[i] = '0'
				continue
			}
			out.digits[i]++
			break
		}
		if i < 0 {
			out.digits = append([]byte{'1'}, out.digits...)
			out.exp++
		}
	}
	out.digits = []byte(strings.TrimRight(string(out.digits), "0"))
	if len(out.digits) == 0 {
		out.neg = false
	}
	return out
}

// value converts back to int64 when integral and small, else float64.
func (d decimal) value() any {
	if len(d.digits) == 0 {
		return int64(0)
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	b.WriteString("0.")
	b.Write(d.digits)
	b.WriteString("e" + strconv.Itoa(d.exp))
	f, _ := strconv.ParseFloat(b.String(), 64)
	if d.exp >= len(d.digits) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

// formatNumber formats a number with an Oracle number format model such as
// '999,990.00', 'FM9999.99', '$999.99', 'S999', '999MI'.
func formatNumber(f float64, model string) (string, error) {
	m := strings.ToUpper(model)
	fm := false
	if strings.HasPrefix(m, "FM") {
		fm = true
		m = m[2:]
	}
	signMode := "" // "", "S<", "S>", "MI", "PR"
	switch {
	case strings.HasPrefix(m, "S"):
		signMode, m = "S<", m[1:]
	case strings.HasSuffix(m, "S"):
		signMode, m = "S>", m[:len(m)-1]
	case strings.HasSuffix(m, "MI"):
		signMode, m = "MI", m[:len(m)-2]
	case strings.HasSuffix(m, "PR"):
		signMode, m = "PR", m[:len(m)-2]
	}
	dollar := false
	if strings.HasPrefix(m, "$") {
		dollar, m = true, m[1:]
	} else if strings.HasPrefix(m, "L") {
		dollar, m = true, m[1:]
	}
	intPat, fracPat := m, ""
	if k := strings.IndexAny(m, ".D"); k >= 0 {
		intPat, fracPat = m[:k], m[k+1:]
	}
	for _, c := range intPat {
		if c != '9' && c != '0' && c != ',' && c != 'G' {
			return "", errors.New("invalid number format model")
		}
	}
	for _, c := range fracPat {
		if c != '9' && c != '0' {
			return "", errors.New("invalid number format model")
		}
	}
	hasPoint := len(intPat) != len(m)
	neg := f < 0
	d := newDecimal(math.Abs(f)).round(len(fracPat), false)
	// Integer and fraction digits of the rounded value.
	var intDigits, fracDigits string
	if len(d.digits) > 0 {
		all := string(d.digits)
		if d.exp > 0 {
			if d.exp >= len(all) {
				intDigits = all + strings.Repeat("0", d.exp-len(all))
			} else {
				intDigits, fracDigits = all[:d.exp], all[d.exp:]
			}
		} else {
			fracDigits = strings.Repeat("0", -d.exp) + all
		}
	}
	fracDigits += strings.Repeat("0", max(0, len(fracPat)-len(fracDigits)))
	fracDigits = fracDigits[:len(fracPat)]
	nInt := strings.Count(intPat, "9") + strings.Count(intPat, "0")
	// Width: every element's characters plus one sign position (two for
	// PR's angle brackets).
	width := len(intPat) + len(fracPat) + 1
	if hasPoint {
		width++
	}
	if dollar {
		width++
	}
	if signMode == "PR" {
		width++
	}
	if fm {
		width = 0
	}
	if len(intDigits) > nInt {
		return strings.Repeat("#", len(model)+1), nil
	}
	// Integer part, right to left over the pattern.
	firstZero := strings.IndexByte(intPat, '0')
	var ib []byte
	di := len(intDigits) - 1
	printedLeft := func(k int) bool { // any digit printed left of pattern position k
		for j := k - 1; j >= 0; j-- {
			c := intPat[j]
			if c != '9' && c != '0' {
				continue
			}
			// digits are assigned right to left; position j gets a digit
			// when enough digits remain or a 0 forces it.
			return positionPrinted(intPat, j, len(intDigits), firstZero)
		}
		return false
	}
	for k := len(intPat) - 1; k >= 0; k-- {
		c := intPat[k]
		switch c {
		case '9', '0':
			if di >= 0 {
				ib = append(ib, intDigits[di])
				di--
			} else if firstZero >= 0 && k >= firstZero {
				ib = append(ib, '0')
			}
		default: // , G
			if printedLeft(k) {
				ib = append(ib, ',')
			}
		}
	}
	for l, r := 0, len(ib)-1; l < r; l, r = l+1, r-1 {
		ib[l], ib[r] = ib[r], ib[l]
	}
	intStr := string(ib)
	if intStr == "" && (!hasPoint || len(fracPat) == 0) {
		intStr = "0"
	}
	var b strings.Builder
	if dollar {
		b.WriteByte('$')
	}
	b.WriteString(intStr)
	if hasPoint {
		b.WriteByte('.')
		fs := fracDigits
		if fm {
			// FM trims the trailing zeros that 9s produced.
			k := len(fs)
			for k > 0 && fracPat[k-1] == '9' && fs[k-1] == '0' {
				k--
			}
			fs = fs[:k]
		}
		b.WriteString(fs)
	}
	body := b.String()
	isZero := len(d.digits) == 0
	if isZero {
		neg = false
	}
	switch signMode {
	case "S<":
		if neg {
			body = "-" + body
		} else {
			body = "+" + body
		}
	case "S>":
		if neg {
			body += "-"
		} else {
			body += "+"
		}
	case "MI":
		if neg {
			body += "-"
		} else if !fm {
			body += " "
		}
	case "PR":
		if neg {
			body = "<" + body + ">"
		} else if !fm {
			body = " " + body + " "
		}
	default:
		if neg {
			body = "-" + body
		}
	}
	for len(body) < width {
		body = " " + body
	}
	return body, nil
}

// positionPrinted reports whether digit position j of an integer pattern
// prints a digit for a value with n integer digits.
func positionPrinted(pat string, j, n, firstZero int) bool {
	if firstZero >= 0 && j >= firstZero {
		return true
	}
	// Count digit positions at and right of j.
	cnt := 0
	for k := j; k < len(pat); k++ {
		if pat[k] == '9' || pat[k] == '0' {
			cnt++
		}
	}
	return cnt <= n
}

// parseNumber reads text as a number (TO_NUMBER, implicit conversion).
// A format model only tells which decoration to strip.
func parseNumber(s, model string) (any, error) {
	t := strings.TrimSpace(s)
	if model != "" {
		neg := false
		switch {
		case strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">"):
			neg, t = true, t[1:len(t)-1]
		case strings.HasSuffix(t, "-"):
			neg, t = true, t[:len(t)-1]
		case strings.HasSuffix(t, "+"):
			t = t[:len(t)-1]
		}
		t = strings.NewReplacer(",", "", "$", "", " ", "").Replace(t)
		if neg {
			t = "-" + t
		}
	}
	if t == "" {
		return nil, nil
	}
	if !strings.ContainsAny(t, ".eE") {
		if v, err := strconv.ParseInt(t, 10, 64); err == nil {
			return v, nil
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(t, "xXpP_") ||
		strings.EqualFold(t, "inf") || strings.EqualFold(t, "infinity") || strings.EqualFold(t, "nan") {
		return nil, errors.New("invalid number")
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f), nil
	}
	return f, nil
}

var romanMonths = [12]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// territoryFormats are the DS, DL and TS formats of Oracle's AMERICA
// territory (NLS_TERRITORY default of an American database).
var territoryFormats = map[string]string{
	"DS": "MM/DD/YYYY",
	"DL": "fmDay, Month fmDD, YYYY",
	"TS": "HH:MI:SS AM",
}

var (
	smallNumbers = []string{"ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
		"ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN"}
	tens = []string{"", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"}
)

// spellTwo spells 1–99.
func spellTwo(n int) string {
	if n < 20 {
		return smallNumbers[n]
	}
	if n%10 == 0 {
		return tens[n/10]
	}
	return tens[n/10] + "-" + smallNumbers[n%10]
}

// spellYear spells a year as the YEAR element does: in two halves
// (NINETEEN NINETY-NINE, TWENTY TWENTY-FOUR), with the thousands form for
// 2000–2009 (TWO THOUSAND, TWO THOUSAND FIVE). How Oracle spells other
// years whose last two digits are below 10 (1905) was not confirmed; the
// emulator writes NINETEEN HUNDRED FIVE.
func spellYear(y int) string {
	if y <= 0 {
		y = -y + 1
	}
	hi, lo := y/100, y%100
	switch {
	case y >= 2000 && y <= 2009:
		if lo == 0 {
			return "TWO THOUSAND"
		}
		return "TWO THOUSAND " + smallNumbers[lo]
	case hi == 0:
		return spellTwo(lo)
	case lo == 0:
		return spellTwo(hi) + " HUNDRED"
	case lo < 10:
		return spellTwo(hi) + " HUNDRED " + smallNumbers[lo]
	}
	return spellTwo(hi) + " " + spellTwo(lo)
}

// yearCase applies the case of YEAR as written: YEAR upper case, Year
// capitalizing each word (Twenty Twenty-Four), year lower case.
func yearCase(written, s string) string {
	up0 := unicode.IsUpper(rune(written[0]))
	up1 := len(written) > 1 && unicode.IsUpper(rune(written[1]))
	switch {
	case up0 && up1:
		return s
	case up0:
		b := []byte(strings.ToLower(s))
		for i := range b {
			if i == 0 || b[i-1] == ' ' || b[i-1] == '-' {
				b[i] = b[i] - 'a' + 'A'
			}
		}
		return string(b)
	}
	return strings.ToLower(s)
}
