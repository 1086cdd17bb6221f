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
	if k, ok := d.uriKey["key:"+uri]; ok {
		return k, k != ""
	}
	k, ok := Key(uri)
	if len(d.uriKey) < 1024 {
		d.uriKey["key:"+uri] = k
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
	for _, f := range p.attrs {
		for _, a := range d.attrs {
			if len(a.prefix) == 0 && string(a.local) == f.name {
				if err := setScalar(sv.FieldByIndex(f.index), f, a.value); err != nil {
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
					return setScalar(sv.FieldByIndex(p.chardata.index), p.chardata, text)
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
			if err := d.decodeField(sv.FieldByIndex(f.index), f); err != nil {
				return err
			}
		}
	}
}

// decodeField decodes the element just started into fv, of field f.
func (d *Decoder) decodeField(fv reflect.Value, f *field) error {
	switch f.kind {
	case kStruct:
		nv := reflect.New(f.elem)
		p, err := planOf(f.elem)
		if err != nil {
			return err
		}
		if err := d.decodeStruct(nv.Elem(), p); err != nil {
			return err
		}
		if f.slice {
			fv.Set(reflect.Append(fv, nv))
		} else {
			fv.Set(nv)
		}
		return nil
	case kIface:
		t, ok := d.xsiType()
		if !ok || !reflect.PointerTo(t).Implements(f.elem) {
			return d.Skip() // no xsi:type, or one this client does not know
		}
		nv := reflect.New(t)
		p, err := planOf(t)
		if err != nil {
			return err
		}
		if err := d.decodeStruct(nv.Elem(), p); err != nil {
			return err
		}
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
		n := fv.Len()
		fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
		return setScalar(fv.Index(n), f, text)
	}
	return setScalar(fv, f, text)
}

// readScalar reads the text of the current element up to its end; child
// elements are skipped.
func (d *Decoder) readScalar() ([]byte, error) {
	depth := d.depth
	var acc []byte
	n := 0
	for {
		k, err := d.Next()
		if err != nil {
			return nil, err
		}
		switch k {
		case EOF:
			return nil, d.errorf("unexpected end of input")
		case Text:
			if n == 0 {
				acc = d.text
			} else {
				acc = append(append([]byte(nil), acc...), d.text...)
			}
			n++
		case Start:
			if n == 1 {
				acc = append([]byte(nil), acc...) // d.text is overwritten by the next token
				n++
			}
			if err := d.Skip(); err != nil {
				return nil, err
			}
		case End:
			if d.depth < depth {
				return acc, nil
			}
		}
	}
}

// setScalar sets fv (a field whose kind is a scalar: T or *T; the element
// of a slice is T) from text.
func setScalar(fv reflect.Value, f *field, text []byte) error {
	ptr := f.ptr && fv.Kind() == reflect.Pointer
	var target unsafe.Pointer
	alloc := func(size reflect.Type) unsafe.Pointer {
		if ptr {
			nv := reflect.New(size)
			fv.Set(nv)
			return nv.UnsafePointer()
		}
		return fv.Addr().UnsafePointer()
	}
	bad := func(err error) error { return &DecodeError{Element: f.name, Value: string(text), Err: err} }
	switch f.kind {
	case kString:
		s := string(text)
		target = alloc(f.elem)
		*(*string)(target) = s
	case kBool:
		b, err := parseBool(text)
		if err != nil {
			return bad(err)
		}
		target = alloc(f.elem)
		*(*bool)(target) = b
	case kInt:
		n, err := strconv.ParseInt(string(bytes.TrimSpace(text)), 10, 0)
		if err != nil {
			return bad(err)
		}
		target = alloc(f.elem)
		*(*int)(target) = int(n)
	case kInt64:
		n, err := strconv.ParseInt(string(bytes.TrimSpace(text)), 10, 64)
		if err != nil {
			return bad(err)
		}
		target = alloc(f.elem)
		*(*int64)(target) = n
	case kFloat:
		x, err := parseFloat(text)
		if err != nil {
			return bad(err)
		}
		target = alloc(f.elem)
		*(*float64)(target) = x
	case kTime:
		t, err := time.Parse(time.RFC3339Nano, string(bytes.TrimSpace(text)))
		if err != nil {
			return bad(err)
		}
		target = alloc(f.elem)
		*(*time.Time)(target) = t
	case kBytes:
		b, err := decodeBase64(text)
		if err != nil {
			return bad(err)
		}
		fv.SetBytes(b)
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
