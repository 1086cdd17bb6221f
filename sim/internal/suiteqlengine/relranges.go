package suiteqlengine

import (
	"strconv"
	"strings"
	"time"
)

// BUILTIN.RELATIVE_RANGES(range_id, 'START'|'END' [, date_flag]) returns
// the first or last moment of a relative date range (NetSuite Help Center
// article_1029114825). The range ids are the RelativeDate.dateId values of
// query.RelativeDateRange (section_1544111773); the Help Center's own
// examples use 'LFY' and 'LFYTD', and public SuiteQL uses 'TODAY', 'TM',
// 'TY', 'LY', 'DAGO30' and 'DFN90'. The emulator knows the ids below and
// refuses others. Its fiscal calendar is the calendar year in quarters,
// and its weeks start on Sunday (NetSuite's default First Day of Week).
// START is midnight of the first day; END is 23:59:59 of the last day, or
// the last day itself with the flags that end in DATE ('DATE',
// 'DATETIME_AS_DATE', '…_AS_DATE'). NetSuite's exact END value without a
// date flag is not documented. The time-zone flags are accepted; the
// emulator's clock is UTC.

// relativeRangeFlags are the documented date flags.
var relativeRangeFlags = map[string]bool{
	"DATE": true, "DATETIME_AS_DATE": true, "DATE_FROM_GMT_TO_USER_TZ": true, "DATE_TO_USER_TZ": true,
	"ODBC_DATE_TO_GMT": true, "ODBC_TIMESTAMP_TO_GMT": true, "ODBC_TIMESTAMP_TO_GMT_AS_DATE": true,
	"TIMESTAMP_WITH_TIMEZONE": true, "TIMESTAMP_WITH_TIMEZONE_AS_DATE": true,
}

// periodRange returns the calendar period of kind unit ("W", "M", "Q",
// "Y") containing day, shifted by back periods.
func periodRange(unit string, day time.Time, back int) (time.Time, time.Time) {
	switch unit {
	case "W":
		s := day.AddDate(0, 0, -int(day.Weekday())-7*back)
		return s, s.AddDate(0, 0, 6)
	case "M":
		s := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0)
		return s, s.AddDate(0, 1, -1)
	case "Q":
		q := (int(day.Month()) - 1) / 3
		s := time.Date(day.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3*back, 0)
		return s, s.AddDate(0, 3, -1)
	default: // Y
		s := time.Date(day.Year()-back, 1, 1, 0, 0, 0, 0, time.UTC)
		return s, s.AddDate(1, 0, -1)
	}
}

// periodIDs maps the period part of a range id to its unit.
var periodIDs = map[string]string{"W": "W", "M": "M", "Q": "Q", "Y": "Y", "FY": "Y", "FQ": "Q"}

// relativeRange computes the first and last day of a range id.
func relativeRange(id string, now time.Time) (time.Time, time.Time, bool) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch id {
	case "TODAY":
		return today, today, true
	case "YESTERDAY":
		y := today.AddDate(0, 0, -1)
		return y, y, true
	}
	for _, p := range []struct {
		prefix string
		sign   int
	}{{"DAGO", -1}, {"DFN", 1}} {
		if rest, ok := strings.CutPrefix(id, p.prefix); ok && rest != "" {
			n, err := strconv.Atoi(rest)
			if err != nil || n < 0 || n > 100000 || strconv.Itoa(n) != rest {
				return time.Time{}, time.Time{}, false
			}
			d := today.AddDate(0, 0, p.sign*n)
			return d, d, true
		}
	}
	if len(id) < 2 || id[0] != 'T' && id[0] != 'L' {
		return time.Time{}, time.Time{}, false
	}
	back := 0
	if id[0] == 'L' {
		back = 1
	}
	body, toDate := strings.CutSuffix(id[1:], "TD")
	unit, ok := periodIDs[body]
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	start, end := periodRange(unit, today, back)
	if toDate {
		// To date: up to the day as far into the period as today is into
		// the current one.
		cur, _ := periodRange(unit, today, 0)
		switch unit {
		case "W":
			end = start.AddDate(0, 0, int(today.Sub(cur).Hours()/24))
		default:
			months := map[string]int{"M": 1, "Q": 3, "Y": 12}[unit] * back
			end = addMonths(today, -months)
		}
	}
	return start, end, true
}

func emitRelativeRanges(t *translator, b *sqlb, f *FuncCall, sc *scope) (info, *Error) {
	var lits []string
	for _, a := range f.Args {
		s, ok := a.(*StringLit)
		if !ok {
			return info{}, errUnsupported("BUILTIN.RELATIVE_RANGES takes string literals")
		}
		lits = append(lits, strings.ToUpper(s.Value))
	}
	start, end, ok := relativeRange(lits[0], t.now)
	if !ok {
		return info{}, errUnsupported("unknown relative date range %s", lits[0])
	}
	asDate := false
	if len(lits) == 3 {
		if !relativeRangeFlags[lits[2]] {
			return info{}, errUnsupported("unknown BUILTIN.RELATIVE_RANGES date flag %s", lits[2])
		}
		// DATE, DATETIME_AS_DATE and the …_AS_DATE flags give dates.
		asDate = strings.HasSuffix(lits[2], "DATE")
	}
	t.usesNow = true
	switch lits[1] {
	case "START":
		b.arg(canonTime(start))
		if asDate {
			return info{kind: kDate, notNull: true}, nil
		}
		return info{kind: kDateTime, notNull: true}, nil
	case "END":
		if asDate {
			b.arg(canonTime(end))
			return info{kind: kDate, notNull: true}, nil
		}
		b.arg(fullTime(end.Add(24*time.Hour - time.Second)))
		return info{kind: kDateTime, notNull: true}, nil
	}
	return info{}, errUnsupported("BUILTIN.RELATIVE_RANGES range type must be START or END")
}
