package wire

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// DecodeError is a value that does not parse as its XSD type.
type DecodeError struct {
	Element string
	Value   string
	Err     error
}

func (e *DecodeError) Error() string {
	v := e.Value
	if len(v) > 60 {
		v = v[:60] + "…"
	}
	return fmt.Sprintf("soap: element %s: value %q: %v", e.Element, v, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// DecodeElement decodes the element whose Start token was just read into
// ptr, a pointer to a generated struct. Unknown child elements are skipped.
func (d *Decoder) DecodeElement(ptr any) error {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("soap: DecodeElement needs a non-nil pointer to a struct, not %T", ptr)
	}
	p, err := planOf(v.Elem().Type())
	if err != nil {
		return err
	}
	return d.decodeStruct(v.Elem(), p)
}

// xsiType resolves the current Start token's xsi:type to a registered type.
func (d *Decoder) xsiType() (reflect.Type, bool) {
	var qn []byte
	for _, a := range d.attrs {
		if string(a.local) == "type" && len(a.prefix) > 0 && string(a.prefix) != "xmlns" {
			// The prefix is bound to the XML Schema instance namespace in
			// every response seen; any prefix is accepted.
			qn = a.value
			break
		}
	}
	if qn == nil {
		return nil, false
	}
	p, l := splitName(qn)
	uri, ok := d.Resolve(string(p))
	if !ok {
		return nil, false
	}
	key, ok := d.nsKey(uri)
	if !ok {
		return nil, false
	}
	return Lookup(key, string(l))
}

func (d *Decoder) nsKey(uri string) (string, bool) {
	if k, ok := d.keys[uri]; ok {
		return k, k != ""
	}
	k, ok := Key(uri)
	if len(d.keys) < 1024 {
		d.keys[uri] = k
	}
	return k, ok
}

func (d *Decoder) isNil() bool {
	for _, a := range d.attrs {
		if string(a.local) == "nil" && len(a.prefix) > 0 && string(a.value) == "true" {
			return true
		}
	}
	return false
}

func (d *Decoder) decodeStruct(sv reflect.Value, p *plan) error {
	base := sv.Addr().UnsafePointer()
	for _, f := range p.attrs {
		for _, a := range d.attrs {
			if len(a.prefix) == 0 && string(a.local) == f.name {
				if err := d.setScalar(unsafe.Add(base, f.offset), f, a.value); err != nil {
					return err
				}
				break
			}
		}
	}
	var text []byte
	depth := d.depth
	for {
		k, err := d.Next()
		if err != nil {
			return err
		}
		switch k {
		case EOF:
			return d.errorf("unexpected end of input")
		case End:
			if d.depth < depth {
				if p.chardata != nil {
					return d.setScalar(unsafe.Add(base, p.chardata.offset), p.chardata, text)
				}
				return nil
			}
		case Text:
			if p.chardata != nil {
				text = append(text, d.text...)
			}
		case Start:
			f := p.byName[string(d.localB)]
			if f == nil || d.isNil() {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			if err := d.decodeField(sv, base, f); err != nil {
				return err
			}
		}
	}
}

// decodeField decodes the element just started into field f of the struct
// sv (at address base).
func (d *Decoder) decodeField(sv reflect.Value, base unsafe.Pointer, f *field) error {
	switch f.kind {
	case kStruct, kIface:
		t := f.elem
		if f.kind == kIface {
			var ok bool
			t, ok = d.xsiType()
			if !ok || !reflect.PointerTo(t).Implements(f.elem) {
				return d.Skip() // no xsi:type, or one this client does not know
			}
		}
		nv := reflect.New(t)
		p := f.plan.Load()
		if p == nil || f.kind == kIface {
			var err error
			if p, err = planOf(t); err != nil {
				return err
			}
			if f.kind == kStruct {
				f.plan.Store(p)
			}
		}
		if err := d.decodeStruct(nv.Elem(), p); err != nil {
			return err
		}
		fv := sv.FieldByIndex(f.index)
		if f.slice {
			fv.Set(reflect.Append(fv, nv))
		} else {
			fv.Set(nv)
		}
		return nil
	}
	text, err := d.readScalar()
	if err != nil {
		return err
	}
	if f.slice {
		fv := sv.FieldByIndex(f.index)
		n := fv.Len()
		fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
		return d.setScalarValue(fv.Index(n).Addr().UnsafePointer(), f, text)
	}
	return d.setScalar(unsafe.Add(base, f.offset), f, text)
}

// readScalar reads the text of the current element up to its end; child
// elements are skipped. The text is copied to d.val: reading the end tag
// may move the input window.
func (d *Decoder) readScalar() ([]byte, error) {
	depth := d.depth
	d.val = d.val[:0]
	for {
		k, err := d.Next()
		if err != nil {
			return nil, err
		}
		switch k {
		case EOF:
			return nil, d.errorf("unexpected end of input")
		case Text:
			d.val = append(d.val, d.text...)
		case Start:
			if err := d.Skip(); err != nil {
				return nil, err
			}
		case End:
			if d.depth < depth {
				return d.val, nil
			}
		}
	}
}

// setScalar sets the field at addr (of type T, or *T when f.ptr) from text.
func (d *Decoder) setScalar(addr unsafe.Pointer, f *field, text []byte) error {
	if f.ptr {
		v := d.alloc(f.kind)
		if err := d.setScalarValue(v, f, text); err != nil {
			return err
		}
		*(*unsafe.Pointer)(addr) = v
		return nil
	}
	return d.setScalarValue(addr, f, text)
}

// str returns text as a string. Short strings are carved from a shared
// block (one allocation for many values); a block is never written again
// once a string points into it.
func (d *Decoder) str(text []byte) string {
	if len(text) == 0 {
		return ""
	}
	if len(text) > 512 {
		return string(text)
	}
	if cap(d.arena)-len(d.arena) < len(text) {
		d.arena = make([]byte, 0, 8<<10)
	}
	n := len(d.arena)
	d.arena = append(d.arena, text...)
	return unsafe.String(&d.arena[n], len(text))
}

// slab hands out scalar cells in blocks, so that a decoded optional value
// costs a share of one allocation instead of one of its own.
type slab struct {
	strs  []string
	bools []bool
	f64   []float64
	i64   []int64
	ints  []int
	times []time.Time
}

const slabSize = 64

func take[T any](s *[]T) unsafe.Pointer {
	if len(*s) == 0 {
		*s = make([]T, slabSize)
	}
	p := &(*s)[0]
	*s = (*s)[1:]
	return unsafe.Pointer(p)
}

func (d *Decoder) alloc(kind int) unsafe.Pointer {
	switch kind {
	case kString:
		return take(&d.slab.strs)
	case kBool:
		return take(&d.slab.bools)
	case kFloat:
		return take(&d.slab.f64)
	case kInt64:
		return take(&d.slab.i64)
	case kInt:
		return take(&d.slab.ints)
	case kTime:
		return take(&d.slab.times)
	}
	panic("wire: no slab for kind") // unreachable: planOf admits these kinds only
}

// setScalarValue sets the T at addr from text.
func (d *Decoder) setScalarValue(addr unsafe.Pointer, f *field, text []byte) error {
	switch f.kind {
	case kString:
		*(*string)(addr) = d.str(text)
	case kBool:
		b, err := parseBool(text)
		if err != nil {
			return &DecodeError{Element: f.name, Value: string(text), Err: err}
		}
		*(*bool)(addr) = b
	case kInt:
		n, err := strconv.ParseInt(string(bytes.TrimSpace(text)), 10, 0)
		if err != nil {
			return &DecodeError{Element: f.name, Value: string(text), Err: err}
		}
		*(*int)(addr) = int(n)
	case kInt64:
		n, err := strconv.ParseInt(string(bytes.TrimSpace(text)), 10, 64)
		if err != nil {
			return &DecodeError{Element: f.name, Value: string(text), Err: err}
		}
		*(*int64)(addr) = n
	case kFloat:
		x, err := parseFloat(text)
		if err != nil {
			return &DecodeError{Element: f.name, Value: string(text), Err: err}
		}
		*(*float64)(addr) = x
	case kTime:
		t, err := time.Parse(time.RFC3339Nano, string(bytes.TrimSpace(text)))
		if err != nil {
			return &DecodeError{Element: f.name, Value: string(text), Err: err}
		}
		*(*time.Time)(addr) = t
	case kBytes:
		b, err := decodeBase64(text)
		if err != nil {
			return &DecodeError{Element: f.name, Value: string(text), Err: err}
		}
		*(*[]byte)(addr) = b
	default:
		return fmt.Errorf("soap: element %s: not a scalar", f.name)
	}
	return nil
}

func parseBool(b []byte) (bool, error) {
	switch string(bytes.TrimSpace(b)) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("not an xsd:boolean")
}

func parseFloat(b []byte) (float64, error) {
	s := string(bytes.TrimSpace(b))
	switch s {
	case "INF":
		s = "+Inf"
	case "-INF":
		s = "-Inf"
	case "NaN":
	default:
		for _, c := range s {
			if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
				return 0, fmt.Errorf("not an xsd:double")
			}
		}
	}
	return strconv.ParseFloat(s, 64)
}
