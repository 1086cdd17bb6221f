package wire

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"reflect"
	"strconv"
	"time"
)

// Encoder writes generated structs as XML with the namespaces of one
// endpoint version. Prefixes are declared on the first element that needs
// them (and the xsi prefix is expected to be declared by the caller, on the
// SOAP envelope).
type Encoder struct {
	Buf      bytes.Buffer
	version  string
	declared []declared
	depth    int
}

type declared struct {
	depth int
	key   string
}

// NewEncoder returns an encoder for endpoint version v (such as "2025_2").
func NewEncoder(v string) *Encoder { return &Encoder{version: v} }

func (e *Encoder) isDeclared(key string) bool {
	for _, d := range e.declared {
		if d.key == key {
			return true
		}
	}
	return false
}

// open writes the start of element ns:local (without '>'): the caller adds
// attributes and closes it.
func (e *Encoder) open(ns, local string) {
	e.depth++
	p := prefix(ns)
	e.Buf.WriteByte('<')
	e.Buf.WriteString(p)
	e.Buf.WriteByte(':')
	e.Buf.WriteString(local)
	e.declare(ns)
}

func (e *Encoder) declare(ns string) {
	if e.isDeclared(ns) {
		return
	}
	e.declared = append(e.declared, declared{e.depth, ns})
	e.Buf.WriteString(" xmlns:")
	e.Buf.WriteString(prefix(ns))
	e.Buf.WriteString(`="`)
	e.Buf.WriteString(URN(ns, e.version))
	e.Buf.WriteByte('"')
}

func (e *Encoder) close(ns, local string) {
	e.Buf.WriteString("</")
	e.Buf.WriteString(prefix(ns))
	e.Buf.WriteByte(':')
	e.Buf.WriteString(local)
	e.Buf.WriteByte('>')
	for len(e.declared) > 0 && e.declared[len(e.declared)-1].depth >= e.depth {
		e.declared = e.declared[:len(e.declared)-1]
	}
	e.depth--
}

// EncodeElement writes v (a pointer to a generated struct) as the element
// ns:local (ns a namespace key).
func (e *Encoder) EncodeElement(ns, local string, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("soap: EncodeElement needs a non-nil pointer to a struct, not %T", v)
	}
	return e.encodeStruct(ns, local, rv.Elem(), false)
}

func (e *Encoder) encodeStruct(ns, local string, sv reflect.Value, withType bool) error {
	p, err := planOf(sv.Type())
	if err != nil {
		return err
	}
	e.open(ns, local)
	if withType {
		if p.name == "" {
			return fmt.Errorf("soap: %s is not a registered type", sv.Type())
		}
		e.declare(p.ns)
		e.Buf.WriteString(` xsi:type="`)
		e.Buf.WriteString(prefix(p.ns))
		e.Buf.WriteByte(':')
		e.Buf.WriteString(p.name)
		e.Buf.WriteByte('"')
	}
	for _, f := range p.attrs {
		fv := sv.FieldByIndex(f.index)
		if f.ptr {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		} else if fv.IsZero() && f.kind == kString {
			continue
		}
		e.Buf.WriteByte(' ')
		e.Buf.WriteString(f.name)
		e.Buf.WriteString(`="`)
		escape(&e.Buf, scalarText(fv, f), true)
		e.Buf.WriteByte('"')
	}
	e.Buf.WriteByte('>')
	if p.chardata != nil {
		escape(&e.Buf, scalarText(sv.FieldByIndex(p.chardata.index), p.chardata), false)
	}
	for _, f := range p.elems {
		fv := sv.FieldByIndex(f.index)
		if f.slice {
			for i := 0; i < fv.Len(); i++ {
				if err := e.encodeField(f, fv.Index(i)); err != nil {
					return err
				}
			}
			continue
		}
		if err := e.encodeField(f, fv); err != nil {
			return err
		}
	}
	e.close(ns, local)
	return nil
}

func (e *Encoder) encodeField(f *field, fv reflect.Value) error {
	switch f.kind {
	case kStruct:
		if fv.IsNil() {
			return nil
		}
		return e.encodeStruct(f.ns, f.name, fv.Elem(), false)
	case kIface:
		if fv.IsNil() {
			return nil
		}
		c := fv.Elem()
		if c.Kind() != reflect.Pointer || c.IsNil() || c.Elem().Kind() != reflect.Struct {
			return fmt.Errorf("soap: field %s holds %s, not a pointer to a generated struct", f.name, c.Type())
		}
		return e.encodeStruct(f.ns, f.name, c.Elem(), true)
	case kBytes:
		if fv.IsNil() {
			return nil
		}
	}
	if fv.Kind() == reflect.Pointer {
		if fv.IsNil() {
			return nil
		}
		fv = fv.Elem()
	}
	e.open(f.ns, f.name)
	e.Buf.WriteByte('>')
	escape(&e.Buf, scalarText(fv, f), false)
	e.close(f.ns, f.name)
	return nil
}

// TimeLayout is how dateTime values are written.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

func scalarText(v reflect.Value, f *field) string {
	switch f.kind {
	case kString:
		return v.String()
	case kBool:
		return strconv.FormatBool(v.Bool())
	case kInt, kInt64:
		return strconv.FormatInt(v.Int(), 10)
	case kFloat:
		x := v.Float()
		switch {
		case x != x:
			return "NaN"
		case x > 1.7976931348623157e308:
			return "INF"
		case x < -1.7976931348623157e308:
			return "-INF"
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case kTime:
		return v.Interface().(time.Time).Format(TimeLayout)
	case kBytes:
		return base64.StdEncoding.EncodeToString(v.Bytes())
	}
	return ""
}

func decodeBase64(b []byte) ([]byte, error) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		if !isSpace(c) {
			clean = append(clean, c)
		}
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	return out[:n], err
}

// escape writes s with XML's special characters escaped (and, in an
// attribute, quotes and whitespace other than space).
func escape(b *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch c := s[i]; c {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			if !attr {
				continue
			}
			rep = "&quot;"
		case '\r':
			rep = "&#xD;"
		case '\n', '\t':
			if !attr {
				continue
			}
			rep = "&#x" + strconv.FormatInt(int64(c), 16) + ";"
		default:
			if c < 0x20 && c != '\t' && c != '\n' {
				rep = "\uFFFD" // not representable in XML 1.0
				break
			}
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}
