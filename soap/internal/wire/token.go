package wire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind int

// Token kinds.
const (
	EOF Kind = iota
	Start
	End
	Text
)

type attr struct{ prefix, local, value []byte }

type nsDecl struct {
	depth  int
	prefix string
	uri    string
}

// maxDepth bounds element nesting (a hostile document cannot exhaust the
// stack); NetSuite's responses nest about 12 deep.
const maxDepth = 256

// Decoder reads XML tokens from a stream in one pass, with a window buffer
// (the input is never held whole). Names, attribute values and text are
// valid until the next call of Next.
type Decoder struct {
	r         io.Reader
	buf       []byte
	pos, end  int
	eof       bool
	offset    int64 // input offset of buf[0]
	depth     int
	pendEnd   bool // a self-closing tag's End is due
	prefixB   []byte
	localB    []byte
	attrs     []attr
	text      []byte
	scratch   []byte
	val       []byte
	slab      slab
	arena     []byte
	keys      map[string]string // namespace URI → key ("" when none)
	ns        []nsDecl
	uriKey    map[string]string
	selfClose bool
}

// NewDecoder returns a decoder reading r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: r, buf: make([]byte, 0, 64<<10), uriKey: map[string]string{}, keys: map[string]string{}}
}

// SyntaxError is malformed XML at an input offset.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("xml: %s at offset %d", e.Msg, e.Offset) }

func (d *Decoder) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: d.offset + int64(d.pos), Msg: fmt.Sprintf(format, args...)}
}

// fill reads more input, keeping buf[pos:end]; it returns false at the end
// of the input (or on a read error, kept in d.rerr).
func (d *Decoder) fill() (bool, error) {
	if d.eof {
		return false, nil
	}
	if d.pos > 0 {
		n := copy(d.buf[:cap(d.buf)], d.buf[d.pos:d.end])
		d.offset += int64(d.pos)
		d.pos, d.end = 0, n
	}
	if d.end == cap(d.buf) {
		nb := make([]byte, d.end, 2*cap(d.buf))
		copy(nb, d.buf[:d.end])
		d.buf = nb
	}
	d.buf = d.buf[:cap(d.buf)]
	for {
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		if err == io.EOF {
			d.eof = true
			return n > 0, nil
		}
		if err != nil {
			return n > 0, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// Depth is the nesting depth: 1 inside the root element.
func (d *Decoder) Depth() int { return d.depth }

// Local returns the local name of the current Start or End token.
func (d *Decoder) Local() []byte { return d.localB }

// Prefix returns the prefix of the current Start or End token.
func (d *Decoder) Prefix() []byte { return d.prefixB }

// Text returns the current Text token.
func (d *Decoder) Text() []byte { return d.text }

// Next reads the next token: Start, End, Text or EOF. Comments, processing
// instructions and the XML declaration are skipped; CDATA is text.
func (d *Decoder) Next() (Kind, error) {
	if d.pendEnd {
		d.pendEnd = false
		d.popNS()
		d.depth--
		return End, nil
	}
	for {
		if d.pos >= d.end {
			ok, err := d.fill()
			if err != nil {
				return EOF, err
			}
			if !ok {
				if d.depth > 0 {
					return EOF, d.errorf("unexpected end of input")
				}
				return EOF, nil
			}
		}
		if d.buf[d.pos] != '<' {
			k, err := d.readText()
			if err != nil || k != EOF {
				return k, err
			}
			continue
		}
		// A markup construct: make sure its first bytes are there.
		for d.end-d.pos < 9 {
			ok, err := d.fill()
			if err != nil {
				return EOF, err
			}
			if !ok {
				break
			}
		}
		rest := d.buf[d.pos:d.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i, err := d.find("-->")
			if err != nil {
				return EOF, err
			}
			d.pos += i + 3
		case bytes.HasPrefix(rest, []byte("<?")):
			i, err := d.find("?>")
			if err != nil {
				return EOF, err
			}
			d.pos += i + 2
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i, err := d.find("]]>")
			if err != nil {
				return EOF, err
			}
			if d.depth == 0 {
				return EOF, d.errorf("text outside the root element")
			}
			d.text = d.buf[d.pos+9 : d.pos+i]
			d.pos += i + 3
			return Text, nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return EOF, d.errorf("DTDs are not accepted")
		case len(rest) > 1 && rest[1] == '/':
			return d.readEnd()
		default:
			return d.readStart()
		}
	}
}

// find returns the offset from d.pos of the next occurrence of s after the
// construct's opening, reading more input as needed.
func (d *Decoder) find(s string) (int, error) {
	from := 2
	for {
		if d.pos+from <= d.end {
			if i := bytes.Index(d.buf[d.pos+from:d.end], []byte(s)); i >= 0 {
				return from + i, nil
			}
		}
		if n := d.end - d.pos - len(s); n > from {
			from = n
		}
		ok, err := d.fill()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, d.errorf("unterminated construct (no %q)", s)
		}
	}
}

func (d *Decoder) readText() (Kind, error) {
	from := 0
	for {
		if i := bytes.IndexByte(d.buf[d.pos+from:d.end], '<'); i >= 0 {
			from += i
			break
		}
		from = d.end - d.pos
		ok, err := d.fill()
		if err != nil {
			return EOF, err
		}
		if !ok {
			break
		}
	}
	raw := d.buf[d.pos : d.pos+from]
	d.pos += from
	if d.depth == 0 {
		if len(bytes.TrimSpace(raw)) > 0 {
			return EOF, d.errorf("text outside the root element")
		}
		return EOF, nil // whitespace between top-level constructs: keep going
	}
	t, err := d.unescape(raw)
	if err != nil {
		return EOF, err
	}
	d.text = t
	return Text, nil
}

// tagEnd returns the offset from d.pos of the '>' closing the tag that
// starts at d.pos, reading more input as needed; quotes are honoured.
func (d *Decoder) tagEnd() (int, error) {
	// Fast path: the first '>' closes the tag when the quotes before it
	// are balanced (no '>' inside an attribute value).
	for {
		seg := d.buf[d.pos+1 : d.end]
		if i := bytes.IndexByte(seg, '>'); i >= 0 {
			seg = seg[:i]
			if bytes.IndexByte(seg, '<') >= 0 {
				return 0, d.errorf("'<' inside a tag")
			}
			if bytes.IndexByte(seg, '\'') < 0 && bytes.Count(seg, []byte{'"'})%2 == 0 {
				return i + 1, nil
			}
			break
		}
		ok, err := d.fill()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, d.errorf("unterminated tag")
		}
	}
	i := 1
	var quote byte
	for {
		for ; d.pos+i < d.end; i++ {
			c := d.buf[d.pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return i, nil
			case c == '<':
				return 0, d.errorf("'<' inside a tag")
			}
		}
		ok, err := d.fill()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, d.errorf("unterminated tag")
		}
	}
}

func splitName(b []byte) (prefix, local []byte) {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return nil, b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (d *Decoder) readEnd() (Kind, error) {
	n, err := d.tagEnd()
	if err != nil {
		return EOF, err
	}
	name := d.buf[d.pos+2 : d.pos+n]
	for len(name) > 0 && isSpace(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	d.pos += n + 1
	if d.depth == 0 {
		return EOF, d.errorf("unexpected end tag")
	}
	d.prefixB, d.localB = splitName(name)
	d.popNS()
	d.depth--
	return End, nil
}

func (d *Decoder) popNS() {
	for len(d.ns) > 0 && d.ns[len(d.ns)-1].depth >= d.depth {
		d.ns = d.ns[:len(d.ns)-1]
	}
}

func (d *Decoder) readStart() (Kind, error) {
	n, err := d.tagEnd()
	if err != nil {
		return EOF, err
	}
	tag := d.buf[d.pos+1 : d.pos+n]
	d.pos += n + 1
	d.selfClose = false
	if len(tag) > 0 && tag[len(tag)-1] == '/' {
		d.selfClose = true
		tag = tag[:len(tag)-1]
	}
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	if i == 0 {
		return EOF, d.errorf("empty element name")
	}
	d.prefixB, d.localB = splitName(tag[:i])
	if d.depth >= maxDepth {
		return EOF, d.errorf("elements nest deeper than %d", maxDepth)
	}
	d.depth++
	d.attrs = d.attrs[:0]
	for {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) {
			break
		}
		j := bytes.IndexByte(tag[i:], '=')
		if j < 0 {
			return EOF, d.errorf("attribute without value")
		}
		name := tag[i : i+j]
		for len(name) > 0 && isSpace(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		i += j + 1
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '"' && tag[i] != '\'' {
			return EOF, d.errorf("unquoted attribute value")
		}
		q := tag[i]
		k := bytes.IndexByte(tag[i+1:], q)
		if k < 0 {
			return EOF, d.errorf("unterminated attribute value")
		}
		raw := tag[i+1 : i+1+k]
		i += k + 2
		val := raw
		if bytes.IndexByte(raw, '&') >= 0 {
			// Unescaped into its own slice: d.scratch is reused by text.
			u, err := d.unescapeNew(raw)
			if err != nil {
				return EOF, err
			}
			val = u
		}
		p, l := splitName(name)
		d.attrs = append(d.attrs, attr{p, l, val})
		if string(p) == "xmlns" {
			d.ns = append(d.ns, nsDecl{d.depth, string(l), d.intern(val)})
		} else if p == nil && string(l) == "xmlns" {
			d.ns = append(d.ns, nsDecl{d.depth, "", d.intern(val)})
		}
	}
	if d.selfClose {
		d.pendEnd = true
	}
	return Start, nil
}

func (d *Decoder) intern(b []byte) string {
	if s, ok := d.uriKey[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.uriKey) < 1024 {
		d.uriKey[s] = s
	}
	return s
}

// Resolve returns the namespace URI bound to prefix at this point.
func (d *Decoder) Resolve(prefix string) (string, bool) {
	for i := len(d.ns) - 1; i >= 0; i-- {
		if d.ns[i].prefix == prefix {
			return d.ns[i].uri, true
		}
	}
	return "", false
}

var errEntity = errors.New("bad entity")

func (d *Decoder) unescape(raw []byte) ([]byte, error) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return raw, nil
	}
	out, err := appendUnescaped(d.scratch[:0], raw)
	if err != nil {
		return nil, d.errorf("%v", err)
	}
	d.scratch = out
	return out, nil
}

func (d *Decoder) unescapeNew(raw []byte) ([]byte, error) {
	out, err := appendUnescaped(nil, raw)
	if err != nil {
		return nil, d.errorf("%v", err)
	}
	return out, nil
}

func appendUnescaped(out, raw []byte) ([]byte, error) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\r' {
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		}
		if c != '&' {
			out = append(out, c)
			continue
		}
		j := bytes.IndexByte(raw[i:], ';')
		if j < 0 {
			return nil, errEntity
		}
		ent := raw[i+1 : i+j]
		i += j
		switch string(ent) {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return nil, fmt.Errorf("unknown entity &%s;", ent)
			}
			var r rune
			num, base := ent[1:], rune(10)
			if num[0] == 'x' {
				num, base = num[1:], 16
			}
			if len(num) == 0 || len(num) > 8 {
				return nil, errEntity
			}
			for _, b := range num {
				var v rune
				switch {
				case b >= '0' && b <= '9':
					v = rune(b - '0')
				case base == 16 && b >= 'a' && b <= 'f':
					v = rune(b-'a') + 10
				case base == 16 && b >= 'A' && b <= 'F':
					v = rune(b-'A') + 10
				default:
					return nil, errEntity
				}
				r = r*base + v
			}
			if !utf8.ValidRune(r) {
				return nil, errEntity
			}
			out = utf8.AppendRune(out, r)
		}
	}
	return out, nil
}

// Skip skips the rest of the current element (after its Start token).
func (d *Decoder) Skip() error {
	depth := d.depth
	for {
		k, err := d.Next()
		if err != nil {
			return err
		}
		if k == EOF {
			return d.errorf("unexpected end of input")
		}
		if k == End && d.depth < depth {
			return nil
		}
	}
}
