package suiteqlengine

import (
	"math"
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	tm := time.Date(2024, 3, 5, 14, 7, 9, 123456789, time.UTC)
	tests := []struct{ model, want string }{
		{"YYYY-MM-DD", "2024-03-05"},
		{"YYYY-MM-DD HH24:MI:SS", "2024-03-05 14:07:09"},
		{"YYYY-MM-DD HH24:MI:SS.FF1", "2024-03-05 14:07:09.1"},
		{"HH24:MI:SS.FF3 FF6 FF9 FF", "14:07:09.123 123456 123456789 123456"},
		{"FMMM/DD/YYYY", "3/5/2024"},
		{"MM/DD/YYYY", "03/05/2024"},
		{"DD-MON-YY", "05-MAR-24"},
		{"Mon dd, yyyy", "Mar 05, 2024"},
		{"MONTH-Month-month", "MARCH    -March    -march    "},
		{"FMMonth DD", "March 5"},
		{"DY Dy dy DAY", "TUE Tue tue TUESDAY  "},
		{"D DDD Q WW IW W", "3 065 1 10 10 1"},
		{"HH:MI AM", "02:07 PM"},
		{"HH12 a.m.", "02 p.m."},
		{`YYYY"T"HH24`, "2024T14"},
		{"SSSSS", "50829"},
		{"J", "2460375"},
		{"RRRR RR YYY Y", "2024 24 024 4"},
	}
	for _, tc := range tests {
		got, err := formatDate(tm, tc.model)
		if err != nil || got != tc.want {
			t.Errorf("formatDate(%q) = %q, %v; want %q", tc.model, got, err, tc.want)
		}
	}
	for _, bad := range []string{"YYYY-ZZ", `"unterminated`, "HH25"} {
		if _, err := formatDate(tm, bad); err == nil {
			t.Errorf("formatDate(%q) accepted", bad)
		}
	}
}

func TestParseDate(t *testing.T) {
	now := time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct{ s, model, want string }{
		{"2024-01-31", "YYYY-MM-DD", "2024-01-31"},
		{"2024/1/5", "YYYY-MM-DD", "2024-01-05"},
		{"2024-01-31 23:59:58", "YYYY-MM-DD HH24:MI:SS", "2024-01-31 23:59:58"},
		{"2024-01-31 10:00:00.5", "YYYY-MM-DD HH24:MI:SS.FF", "2024-01-31 10:00:00.5"},
		{"31-JAN-2024", "DD-MON-YYYY", "2024-01-31"},
		{"31 january 2024", "DD MONTH YYYY", "2024-01-31"},
		{"01/31/24", "MM/DD/RR", "2024-01-31"},
		{"01/31/97", "MM/DD/RR", "1997-01-31"},
		{"12:30 PM", "HH:MI AM", "2024-06-01 12:30:00"},
		{"12:30 AM", "HH:MI AM", "2024-06-01 00:30:00"},
		{"2024", "YYYY", "2024-06-01"},
		{"2024-060", "YYYY-DDD", "2024-02-29"},
		{"Tue 2024-03-05", "DY YYYY-MM-DD", "2024-03-05"},
		{"2024-01-31", "YYYY-MM-DD HH24:MI:SS", "2024-01-31"},
	}
	for _, tc := range tests {
		got, err := parseDate(tc.s, tc.model, now)
		if err != nil || canonTime(got) != tc.want {
			t.Errorf("parseDate(%q, %q) = %s, %v; want %s", tc.s, tc.model, canonTime(got), err, tc.want)
		}
	}
	for _, bad := range [][2]string{
		{"2024-13-01", "YYYY-MM-DD"}, {"2024-02-30", "YYYY-MM-DD"}, {"2024-01-01x", "YYYY-MM-DD"},
		{"24:00", "HH24:MI"}, {"13:00", "HH:MI"}, {"xyz", "YYYY"}, {"2024-01-01", "YYYY-Q"},
	} {
		if got, err := parseDate(bad[0], bad[1], now); err == nil {
			t.Errorf("parseDate(%q, %q) = %v, want an error", bad[0], bad[1], got)
		}
	}
	if _, err := parseDate("2023-366", "YYYY-DDD", now); err == nil {
		t.Error("day 366 of 2023 accepted")
	}
}

func TestParseDateText(t *testing.T) {
	for s, want := range map[string]string{
		"2024-01-02":                "2024-01-02",
		"2024-01-02 03:04:05":       "2024-01-02 03:04:05",
		"2024-01-02T03:04:05":       "2024-01-02 03:04:05",
		"2024-01-02T03:04:05Z":      "2024-01-02 03:04:05",
		"2024-01-02T05:04:05+02:00": "2024-01-02 03:04:05",
		"2024-01-02 03:04:05.25":    "2024-01-02 03:04:05.25",
		"2024-01-02 00:00:00":       "2024-01-02",
	} {
		tm, ok := parseDateText(s)
		if !ok || canonTime(tm) != want {
			t.Errorf("parseDateText(%q) = %s, %v; want %s", s, canonTime(tm), ok, want)
		}
	}
	for _, bad := range []string{"", "2024", "2024-02-30", "2024-01-02 25:00:00", "abcd-ef-gh", "20240102"} {
		if _, ok := parseDateText(bad); ok {
			t.Errorf("parseDateText(%q) accepted", bad)
		}
	}
	if got := fullTime(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)); got != "2024-01-02 00:00:00" {
		t.Errorf("fullTime = %s", got)
	}
}

func TestNumberText(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{int64(0), "0"}, {int64(-42), "-42"}, {100.0, "100"}, {12.5, "12.5"}, {0.5, ".5"}, {-0.25, "-.25"},
		{0.1 + 0.2, ".3"}, {1234567.891, "1234567.891"}, {1e20, "100000000000000000000"}, {math.Copysign(0, -1), "0"},
		{1.0 / 3, ".333333333333333"}, {2.0 / 3, ".666666666666667"},
	}
	for _, tc := range tests {
		if got := numberText(tc.v); got != tc.want {
			t.Errorf("numberText(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		f           float64
		model, want string
	}{
		{1234.5, "9,999.99", " 1,234.50"},
		{1234.5, "FM9,999.99", "1,234.5"},
		{1234.5, "FM9,990.00", "1,234.50"},
		{-1234.567, "999,999.99", "  -1,234.57"},
		{0.5, "999.99", "    .50"},
		{0.5, "990.99", "   0.50"},
		{0, "999", "   0"},
		{5, "000", " 005"},
		{12345, "999", "####"},
		{42, "$999", "  $42"},
		{-42, "S999", " -42"},
		{42, "S999", " +42"},
		{-42, "999MI", " 42-"},
		{-42, "999PR", " <42>"},
		{1.005, "FM9.99", "1.01"},
		{1234567.891, "FM999,999,990.00", "1,234,567.89"},
		{7, "FM99.9", "7."},
	}
	for _, tc := range tests {
		got, err := formatNumber(tc.f, tc.model)
		if err != nil || got != tc.want {
			t.Errorf("formatNumber(%v, %q) = %q, %v; want %q", tc.f, tc.model, got, err, tc.want)
		}
	}
	if _, err := formatNumber(1, "99X"); err == nil {
		t.Error("bad model accepted")
	}
}

func TestDecimalRound(t *testing.T) {
	tests := []struct {
		f     float64
		n     int
		trunc bool
		want  any
	}{
		{2.5, 0, false, int64(3)}, {-2.5, 0, false, int64(-3)}, {1.005, 2, false, 1.01}, {2.675, 2, false, 2.68},
		{1234.5678, -2, false, int64(1200)}, {1250, -2, false, int64(1300)}, {0.4, 0, false, int64(0)},
		{9.99, 1, false, int64(10)}, {-1.99, 0, true, int64(-1)}, {1.999, 2, true, 1.99}, {0.0001, 2, false, int64(0)},
		{123.456, 5, false, 123.456}, {99.5, -3, false, int64(0)}, {999.5, 0, false, int64(1000)},
	}
	for _, tc := range tests {
		if got := newDecimal(tc.f).round(tc.n, tc.trunc).value(); got != tc.want {
			t.Errorf("round(%v, %d, %v) = %v (%T), want %v", tc.f, tc.n, tc.trunc, got, got, tc.want)
		}
	}
}

func TestLikeMatch(t *testing.T) {
	tests := []struct {
		s, p string
		esc  rune
		want bool
	}{
		{"abc", "abc", -1, true}, {"abc", "ABC", -1, false}, {"abc", "a%", -1, true}, {"abc", "%c", -1, true},
		{"abc", "a_c", -1, true}, {"abc", "a_", -1, false}, {"", "%", -1, true}, {"", "_", -1, false},
		{"a%b", `a\%b`, '\\', true}, {"axb", `a\%b`, '\\', false}, {"a_b", "a!_b", '!', true},
		{"aXbXc", "a%b%c", -1, true}, {"mississippi", "%iss%pi", -1, true}, {"mississippi", "%iss%pix", -1, false},
		{"héllo", "h_llo", -1, true}, {"a!b", "a!!b", '!', true},
	}
	for _, tc := range tests {
		got, err := likeMatch([]rune(tc.s), []rune(tc.p), tc.esc)
		if err != nil || got != tc.want {
			t.Errorf("likeMatch(%q, %q) = %v, %v", tc.s, tc.p, got, err)
		}
	}
	if _, err := likeMatch([]rune("a"), []rune(`a\`), '\\'); err == nil {
		t.Error("dangling escape accepted")
	}
}

func TestAddMonths(t *testing.T) {
	d := func(s string) time.Time { tm, _ := parseDateText(s); return tm }
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"}, {"2024-02-29", 1, "2024-03-31"}, {"2024-01-15", 1, "2024-02-15"},
		{"2024-03-31", -1, "2024-02-29"}, {"2024-01-30", 1, "2024-02-29"}, {"2023-12-15 10:00:00", 2, "2024-02-15 10:00:00"},
		{"2024-04-30", 12, "2025-04-30"},
	}
	for _, tc := range tests {
		if got := canonTime(addMonths(d(tc.in), tc.n)); got != tc.want {
			t.Errorf("addMonths(%s, %d) = %s, want %s", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestRoundDate(t *testing.T) {
	tm := time.Date(2024, 8, 17, 13, 31, 0, 0, time.UTC)
	tests := []struct {
		unit  string
		trunc bool
		want  string
	}{
		{"DD", true, "2024-08-17"}, {"DD", false, "2024-08-18"}, {"MM", true, "2024-08-01"}, {"MM", false, "2024-09-01"},
		{"YYYY", true, "2024-01-01"}, {"YEAR", false, "2025-01-01"}, {"Q", true, "2024-07-01"}, {"HH24", true, "2024-08-17 13:00:00"},
		{"MI", false, "2024-08-17 13:31:00"}, {"D", true, "2024-08-11"}, {"IW", true, "2024-08-12"},
	}
	for _, tc := range tests {
		got, err := roundDate(tm, tc.unit, tc.trunc)
		if err != nil || canonTime(got) != tc.want {
			t.Errorf("roundDate(%s, %v) = %s, %v; want %s", tc.unit, tc.trunc, canonTime(got), err, tc.want)
		}
	}
	if _, err := roundDate(tm, "XX", true); err == nil {
		t.Error("bad unit accepted")
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		s, model string
		want     any
	}{
		{"42", "", int64(42)}, {" 4.50 ", "", 4.5}, {"1e3", "", int64(1000)}, {"-.5", "", -0.5},
		{"$1,234.50", "$9,999.99", 1234.5}, {"<12>", "99PR", int64(-12)}, {"12-", "99MI", int64(-12)},
	}
	for _, tc := range tests {
		got, err := parseNumber(tc.s, tc.model)
		if err != nil || got != tc.want {
			t.Errorf("parseNumber(%q, %q) = %v (%T), %v; want %v", tc.s, tc.model, got, got, err, tc.want)
		}
	}
	for _, bad := range []string{"abc", "1,234", "0x10", "Inf", "NaN", "1_000"} {
		if _, err := parseNumber(bad, ""); err == nil {
			t.Errorf("parseNumber(%q) accepted", bad)
		}
	}
}
