package suiteql

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decodePage parses a SuiteQL collection envelope
// ({"links":[…],"count":n,"hasMore":b,"items":[{…},…],"offset":n,"totalResults":n})
// in one pass over b, without building generic maps: the items are objects
// of column names to strings, and each becomes a Row directly.
//
// It gives the same result as decoding with encoding/json into
// []map[string]any and converting as Query always did: envelope fields
// matched case-insensitively (the last of duplicates wins), "links" items
// keys dropped, null values absent, strings unescaped with invalid UTF-8
// and unpaired surrogates replaced by U+FFFD, any other value kept as its
// JSON text after a round trip through encoding/json, and malformed JSON
// or a wrongly typed envelope field an error. As with json.Decoder, bytes
// after the envelope are not read. One difference: of duplicate "items"
// arrays the last is kept, where encoding/json would merge the rows of the
// later array into the maps of the earlier one.
func decodePage(b []byte) (*Page, error) {
	d := pageDecoder{b: b, keys: map[string]string{}}
	p, err := d.page()
	if err != nil {
		return nil, fmt.Errorf("suiteql: decoding the page: %w", err)
	}
	return p, nil
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

type pageDecoder struct {
	b []byte
	i int

	keys  map[string]string // column names seen, so each row shares one copy
	order []string          // column names in the order first seen (Page.Columns)
	arena []byte            // one row's values, unescaped
	cols  []rowCol          // one row's columns, in order
	width int               // columns of the previous row: the next map's size hint
}

type rowCol struct {
	key        string
	start, end int  // value in arena
	null       bool // the value is null: the column is absent
}

func (d *pageDecoder) syntaxErr(msg string) error {
	if d.i >= len(d.b) {
		return errors.New("unexpected end of JSON input")
	}
	return fmt.Errorf("invalid character %q %s (offset %d)", d.b[d.i], msg, d.i)
}

func (d *pageDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte (0 at the end).
func (d *pageDecoder) peek() byte {
	d.ws()
	if d.i >= len(d.b) {
		return 0
	}
	return d.b[d.i]
}

func (d *pageDecoder) expect(c byte, msg string) error {
	if d.peek() != c {
		return d.syntaxErr(msg)
	}
	d.i++
	return nil
}

func (d *pageDecoder) page() (*Page, error) {
	p := &Page{}
	switch d.peek() {
	case 'n':
		if err := d.literal("null"); err != nil {
			return nil, err
		}
		p.Items = []Row{}
		return p, nil
	case '{':
		d.i++
	case 0:
		return nil, d.syntaxErr("")
	default:
		start := d.i
		if err := d.skipValue(0); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("cannot unmarshal %s into the page envelope", kindOf(d.b[start]))
	}
	var typeErr error
	err := d.members(func(key []byte) error {
		var err error
		c := d.peek()
		var field *int
		switch k := string(key); {
		case equalFold(k, "items"):
			items, err := d.items()
			if err != nil {
				return err
			}
			p.Items = items
		case equalFold(k, "hasMore"):
			switch c {
			case 't':
				err = d.literal("true")
				p.HasMore = true
			case 'f':
				err = d.literal("false")
				p.HasMore = false
			case 'n':
				err = d.literal("null")
			default:
				start := d.i
				if err = d.skipValue(1); err == nil && typeErr == nil {
					typeErr = fmt.Errorf("cannot unmarshal %s into the page field hasMore", kindOf(d.b[start]))
				}
			}
			if err != nil {
				return err
			}
		case equalFold(k, "count"):
			field = &p.Count
		case equalFold(k, "offset"):
			field = &p.Offset
		case equalFold(k, "totalResults"):
			field = &p.TotalResults
		default:
			if err := d.skipValue(1); err != nil {
				return err
			}
		}
		if field != nil {
			start := d.i
			if err := d.skipValue(1); err != nil {
				return err
			}
			v := d.b[start:d.i]
			switch {
			case c == 'n':
			case c == '-' || c >= '0' && c <= '9':
				n, err := strconv.ParseInt(string(v), 10, 0)
				if err != nil && typeErr == nil {
					typeErr = fmt.Errorf("cannot unmarshal number %s into an integer page field", v)
				}
				if err == nil {
					*field = int(n)
				}
			default:
				if typeErr == nil {
					typeErr = fmt.Errorf("cannot unmarshal %s into an integer page field", kindOf(c))
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if typeErr != nil {
		return nil, typeErr
	}
	p.Columns = d.order
	if p.Items == nil {
		p.Items = []Row{}
	}
	return p, nil
}

// items parses the items array; null gives nil.
func (d *pageDecoder) items() ([]Row, error) {
	switch d.peek() {
	case 'n':
		return nil, d.literal("null")
	case '[':
		d.i++
	default:
		start := d.i
		if err := d.skipValue(1); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("cannot unmarshal %s into the page field items", kindOf(d.b[start]))
	}
	rows := make([]Row, 0, 64)
	var typeErr error
	err := d.elements(func() error {
		switch c := d.peek(); c {
		case '{':
			r, err := d.row()
			if err != nil {
				return err
			}
			rows = append(rows, r)
		case 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
			rows = append(rows, Row{})
		default:
			start := d.i
			if err := d.skipValue(2); err != nil {
				return err
			}
			if typeErr == nil {
				typeErr = fmt.Errorf("cannot unmarshal %s into an item (an object)", kindOf(d.b[start]))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if typeErr != nil {
		return nil, typeErr
	}
	return rows, nil
}

// row parses one item object, at its '{'.
func (d *pageDecoder) row() (Row, error) {
	d.i++ // '{'
	d.arena = d.arena[:0]
	d.cols = d.cols[:0]
	err := d.members(func(kb []byte) error {
		var err error
		key, ok := d.keys[string(kb)]
		if !ok {
			key = string(kb)
			if len(d.keys) < 1024 {
				d.keys[key] = key
				if key != "links" {
					d.order = append(d.order, key)
				}
			}
		}
		switch c := d.peek(); {
		case key == "links":
			if err := d.skipValue(3); err != nil {
				return err
			}
		case c == '"':
			start := len(d.arena)
			if d.arena, err = d.str(d.arena); err != nil {
				return err
			}
			d.cols = append(d.cols, rowCol{key: key, start: start, end: len(d.arena)})
		case c == 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
			d.cols = append(d.cols, rowCol{key: key, null: true})
		default:
			// NetSuite sends strings; keep anything else as the JSON text
			// encoding/json gives it back as.
			start := d.i
			if err := d.skipValue(3); err != nil {
				return err
			}
			var x any
			if err := json.Unmarshal(d.b[start:d.i], &x); err != nil {
				return err
			}
			t, _ := json.Marshal(x)
			s := len(d.arena)
			d.arena = append(d.arena, t...)
			d.cols = append(d.cols, rowCol{key: key, start: s, end: len(d.arena)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// One string holds the row's values: one allocation, and a row kept by
	// the caller keeps only its own values alive.
	vals := string(d.arena)
	r := make(Row, max(len(d.cols), d.width))
	for _, c := range d.cols {
		if c.null {
			delete(r, c.key)
		} else {
			r[c.key] = vals[c.start:c.end]
		}
	}
	d.width = len(r)
	return r, nil
}

// members parses an object's members after its '{': for each it reads the
// key (see [pageDecoder.key]) and the ':' and calls member to parse the
// value.
func (d *pageDecoder) members(member func(key []byte) error) error {
	if d.peek() == '}' {
		d.i++
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.syntaxErr("looking for beginning of object key string")
		}
		key, err := d.key()
		if err != nil {
			return err
		}
		if err := d.expect(':', "after object key"); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return nil
		default:
			return d.syntaxErr("after object key:value pair")
		}
	}
}

// elements parses an array's elements after its '[', calling element for
// each.
func (d *pageDecoder) elements(element func() error) error {
	if d.peek() == ']' {
		d.i++
		return nil
	}
	for {
		if err := element(); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return nil
		default:
			return d.syntaxErr("after array element")
		}
	}
}

func (d *pageDecoder) literal(lit string) error {
	for j := 0; j < len(lit); j++ {
		if d.i >= len(d.b) || d.b[d.i] != lit[j] {
			return d.syntaxErr("in literal " + lit)
		}
		d.i++
	}
	return nil
}

// key reads a string at its opening quote and returns its unescaped value,
// which aliases the input when the string has no escapes: only to compare
// or copy.
func (d *pageDecoder) key() ([]byte, error) {
	b := d.b
	for i := d.i + 1; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			start := d.i + 1
			d.i = i + 1
			return b[start:i], nil
		case c == '\\' || c < ' ' || c >= utf8.RuneSelf:
			return d.str(nil)
		}
	}
	d.i = len(b)
	return nil, d.syntaxErr("")
}

// str reads a string at its opening quote and appends its unescaped value
// to buf.
func (d *pageDecoder) str(buf []byte) ([]byte, error) {
	d.i++ // '"'
	start := d.i
	b := d.b
	// Fast path: ASCII with no escapes.
	for i := start; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			d.i = i + 1
			return append(buf, b[start:i]...), nil
		case c == '\\' || c < ' ' || c >= utf8.RuneSelf:
			d.i = i
			return d.strSlow(append(buf, b[start:i]...))
		}
	}
	d.i = len(b)
	return nil, d.syntaxErr("")
}

// strSlow continues a string from d.i, where an escape, a control
// character or a non-ASCII byte is, as encoding/json unquotes.
func (d *pageDecoder) strSlow(out []byte) ([]byte, error) {
	b := d.b
	for d.i < len(b) {
		c := b[d.i]
		switch {
		case c == '"':
			d.i++
			if out == nil {
				out = []byte{}
			}
			return out, nil
		case c == '\\':
			if d.i+1 >= len(b) {
				d.i = len(b)
				return nil, d.syntaxErr("")
			}
			d.i++
			switch e := b[d.i]; e {
			case '"', '\\', '/':
				out = append(out, e)
				d.i++
			case 'b':
				out = append(out, '\b')
				d.i++
			case 'f':
				out = append(out, '\f')
				d.i++
			case 'n':
				out = append(out, '\n')
				d.i++
			case 'r':
				out = append(out, '\r')
				d.i++
			case 't':
				out = append(out, '\t')
				d.i++
			case 'u':
				d.i++
				r, err := d.hex4()
				if err != nil {
					return nil, err
				}
				if utf16.IsSurrogate(r) {
					// A pair is two \u escapes in a row; anything else is
					// replaced, and the next escape read on its own.
					r2 := rune(-1)
					if d.i+1 < len(b) && b[d.i] == '\\' && b[d.i+1] == 'u' {
						save := d.i
						d.i += 2
						if x, err := d.hex4(); err == nil {
							r2 = x
						}
						d.i = save
					}
					if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
						r = dec
						d.i += 6
					} else {
						r = unicode.ReplacementChar
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				return nil, d.syntaxErr("in string escape code")
			}
		case c < ' ':
			return nil, d.syntaxErr("in string literal")
		case c < utf8.RuneSelf:
			out = append(out, c)
			d.i++
		default:
			r, size := utf8.DecodeRune(b[d.i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, unicode.ReplacementChar)
			} else {
				out = append(out, b[d.i:d.i+size]...)
			}
			d.i += size
		}
	}
	return nil, d.syntaxErr("")
}

// hex4 reads the four hex digits of a \u escape.
func (d *pageDecoder) hex4() (rune, error) {
	var r rune
	for j := 0; j < 4; j++ {
		if d.i >= len(d.b) {
			return 0, d.syntaxErr("")
		}
		c := d.b[d.i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, d.syntaxErr("in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(c)
		d.i++
	}
	return r, nil
}

// skipValue checks and skips one JSON value.
// depth is how many arrays and objects enclose the value.
func (d *pageDecoder) skipValue(depth int) error {
	switch c := d.peek(); {
	case c == '"':
		d.i++
		for d.i < len(d.b) {
			switch c := d.b[d.i]; {
			case c == '"':
				d.i++
				return nil
			case c == '\\':
				d.i++
				if d.i >= len(d.b) {
					return d.syntaxErr("")
				}
				switch d.b[d.i] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					d.i++
				case 'u':
					d.i++
					if _, err := d.hex4(); err != nil {
						return err
					}
				default:
					return d.syntaxErr("in string escape code")
				}
			case c < ' ':
				return d.syntaxErr("in string literal")
			default:
				d.i++
			}
		}
		return d.syntaxErr("")
	case c == '{':
		if depth >= maxDepth {
			return errors.New("exceeded max depth")
		}
		d.i++
		return d.members(func([]byte) error { return d.skipValue(depth + 1) })
	case c == '[':
		if depth >= maxDepth {
			return errors.New("exceeded max depth")
		}
		d.i++
		return d.elements(func() error { return d.skipValue(depth + 1) })
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	default:
		return d.syntaxErr("looking for beginning of value")
	}
}

// number skips a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *pageDecoder) number() error {
	b := d.b
	digits := func() int {
		n := 0
		for d.i < len(b) && b[d.i] >= '0' && b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if b[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(b) && b[d.i] == '0':
		d.i++
	case d.i < len(b) && b[d.i] >= '1' && b[d.i] <= '9':
		digits()
	default:
		return d.syntaxErr("in numeric literal")
	}
	if d.i < len(b) && b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return d.syntaxErr("after decimal point in numeric literal")
		}
	}
	if d.i < len(b) && (b[d.i] == 'e' || b[d.i] == 'E') {
		d.i++
		if d.i < len(b) && (b[d.i] == '+' || b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return d.syntaxErr("in exponent of numeric literal")
		}
	}
	return nil
}

func kindOf(c byte) string {
	switch c {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// equalFold reports whether s equals the ASCII field name t, ignoring case
// as encoding/json matches field names (including its folding of 'K' and
// 'S' with the Kelvin and long-s signs).
func equalFold(s, t string) bool {
	if len(s) == len(t) {
		for i := 0; i < len(s); i++ {
			if s[i]|0x20 != t[i]|0x20 {
				return false
			}
		}
		return true
	}
	return foldEqual(s, t)
}

// foldEqual is the slow path of equalFold, for names with non-ASCII runes.
func foldEqual(s, t string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if len(t) == 0 || r|0x20 != rune(t[0])|0x20 {
				return false
			}
			t = t[1:]
			continue
		}
		if len(t) == 0 {
			return false
		}
		// Only the Kelvin sign folds to an ASCII letter used in the
		// envelope's names ('k' in none; 's' in hasMore, totalResults,
		// items via U+017F long s).
		var a rune
		switch r {
		case '\u212a':
			a = 'k'
		case '\u017f':
			a = 's'
		default:
			return false
		}
		if rune(t[0])|0x20 != a {
			return false
		}
		t = t[1:]
	}
	return len(t) == 0
}
