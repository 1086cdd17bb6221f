package suiteqlengine

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"modernc.org/sqlite"
)

// More functions of NetSuite's supported list (section_158513731864),
// each following Oracle Database SQL Language Reference.

// fnWidthBucket is WIDTH_BUCKET(expr, min, max, n): the bucket of expr in
// n equal buckets over [min, max), 0 below and n+1 above (reversed when
// min > max).
func fnWidthBucket(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var f [3]float64
	for i := range 3 {
		v, null, err := number(args[i])
		if err != nil || null {
			return nil, err
		}
		f[i] = toFloat(v)
	}
	n, null, err := integer(args[3])
	if err != nil || null {
		return nil, err
	}
	x, lo, hi := f[0], f[1], f[2]
	if n <= 0 || lo == hi {
		return nil, ferr("WIDTH_BUCKET: invalid bucket range")
	}
	if lo < hi {
		switch {
		case x < lo:
			return int64(0), nil
		case x >= hi:
			return n + 1, nil
		}
		return int64(math.Floor((x-lo)*float64(n)/(hi-lo))) + 1, nil
	}
	switch {
	case x > lo:
		return int64(0), nil
	case x <= hi:
		return n + 1, nil
	}
	return int64(math.Floor((lo-x)*float64(n)/(lo-hi))) + 1, nil
}

// soundexCodes are the American Soundex digits of the letters.
var soundexCodes = map[byte]byte{
	'B': '1', 'F': '1', 'P': '1', 'V': '1',
	'C': '2', 'G': '2', 'J': '2', 'K': '2', 'Q': '2', 'S': '2', 'X': '2', 'Z': '2',
	'D': '3', 'T': '3', 'L': '4', 'M': '5', 'N': '5', 'R': '6',
}

// fnSoundex is SOUNDEX(s): the first letter, then the digits of the
// other letters, vowels and H, W, Y dropped, letters with the same digit
// next to each other (or separated only by H or W) coded once, padded
// with zeros to four characters. Characters other than letters are
// ignored; a string without letters gives NULL.
func fnSoundex(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	var letters []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c >= 'A' && c <= 'Z' {
			letters = append(letters, c)
		}
	}
	if len(letters) == 0 {
		return nil, nil
	}
	out := []byte{letters[0]}
	prev := soundexCodes[letters[0]]
	for _, c := range letters[1:] {
		code, coded := soundexCodes[c]
		switch {
		case c == 'H' || c == 'W':
			continue // does not separate equal codes
		case !coded:
			prev = 0 // a vowel (or Y) separates equal codes
			continue
		case code == prev:
			continue
		}
		out = append(out, code)
		prev = code
		if len(out) == 4 {
			break
		}
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out), nil
}

// fnLength2 is LENGTH2(s): the length in UCS-2 code units.
func fnLength2(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	return int64(len(utf16.Encode([]rune(s)))), nil
}

// fnASCIIStr is ASCIISTR(s): ASCII characters kept, others (and the
// backslash) written as \xxxx UTF-16 code units in upper-case hex.
func fnASCIIStr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && r != '\\' {
			b.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, "\\%04X", u)
		}
	}
	return b.String(), nil
}

// fnUnistr is UNISTR(s): \xxxx (UTF-16 hex) and \\ decoded.
func fnUnistr(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := text(args[0])
	if !ok {
		return nil, nil
	}
	var units []uint16
	var b strings.Builder
	flush := func() {
		if len(units) > 0 {
			b.WriteString(string(utf16.Decode(units)))
			units = units[:0]
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			flush()
			b.WriteByte(s[i])
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			flush()
			b.WriteByte('\\')
			i += 2
			continue
		}
		if i+5 > len(s) {
			return nil, ferr("UNISTR: invalid escape in %q", s)
		}
		u, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
		if err != nil {
			return nil, ferr("UNISTR: invalid escape in %q", s)
		}
		units = append(units, uint16(u))
		i += 5
	}
	flush()
	return strResult(b.String()), nil
}

// widthFunc converts between ASCII and the full-width forms
// (TO_MULTI_BYTE, TO_SINGLE_BYTE in an AL32UTF8 database).
func widthFunc(toMulti bool) sqlFunc {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, ok := text(args[0])
		if !ok {
			return nil, nil
		}
		var b strings.Builder
		for _, r := range s {
			switch {
			case toMulti && r >= 0x21 && r <= 0x7E:
				r += 0xFF01 - 0x21
			case toMulti && r == ' ':
				r = 0x3000
			case !toMulti && r >= 0xFF01 && r <= 0xFF5E:
				r -= 0xFF01 - 0x21
			case !toMulti && r == 0x3000:
				r = ' '
			}
			b.WriteRune(r)
		}
		return b.String(), nil
	}
}

// newTimeZones are the zones NEW_TIME knows, as hours from GMT.
var newTimeZones = map[string]float64{
	"AST": -4, "ADT": -3, "BST": -11, "BDT": -10, "CST": -6, "CDT": -5,
	"EST": -5, "EDT": -4, "GMT": 0, "HST": -10, "HDT": -9, "MST": -7,
	"MDT": -6, "NST": -3.5, "PST": -8, "PDT": -7, "YST": -9, "YDT": -8,
}

// fnNewTime is NEW_TIME(date, zone1, zone2): the date-time in zone1
// converted to zone2.
func fnNewTime(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, null, err := dateArg(args[0])
	if err != nil || null {
		return nil, err
	}
	z1, ok1 := text(args[1])
	z2, ok2 := text(args[2])
	if !ok1 || !ok2 {
		return nil, nil
	}
	o1, k1 := newTimeZones[strings.ToUpper(z1)]
	o2, k2 := newTimeZones[strings.ToUpper(z2)]
	if !k1 || !k2 {
		return nil, ferr("NEW_TIME: unknown time zone")
	}
	return canonTime(t.Add(time.Duration((o2 - o1) * float64(time.Hour)))), nil
}
