package soap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/soap/internal/wire"
)

// Response is a SOAP response of any operation, decoded without knowing
// the operation beforehand (DecodeResponse, CallRaw).
type Response struct {
	// Element is the body element's local name: "getResponse",
	// "searchResponse", … ("Fault" for a fault).
	Element string
	// NSID is the header's documentInfo/nsId.
	NSID string
	// Body is a pointer to the messages type of Element (such as
	// *messages.GetResponse); nil for a fault or an element this client does
	// not know.
	Body any
	// Fault is the SOAP fault, if the body is one.
	Fault *netsuite.Error
}

// Operations returns the names of the WSDL operations (such as "get",
// "getServerTime"), sorted.
func Operations() []string {
	ops := make([]string, 0, len(operations))
	for op := range operations {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}

// responseTypes maps a response body element to its messages type.
var responseTypes = sync.OnceValue(func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, spec := range operations {
		for _, name := range []string{strings.ToUpper(spec.out[:1]) + spec.out[1:], spec.out, "AsyncStatusResponse"} {
			if t, ok := wire.Lookup("messages.platform", name); ok {
				m[spec.out] = t
				break
			}
		}
	}
	return m
})

// DecodeResponse reads a SOAP response of any operation: the header's
// nsId, the body element and, for an element of a WSDL operation, its
// decoded value; a fault is returned in Response.Fault (not as an error).
func DecodeResponse(r io.Reader) (*Response, error) {
	resp := &Response{}
	nsID, fault, err := decodeResponseBody(r, func(local string) (any, error) {
		resp.Element = local
		t, ok := responseTypes()[local]
		if !ok {
			return nil, nil
		}
		resp.Body = reflect.New(t).Interface()
		return resp.Body, nil
	})
	resp.NSID = nsID
	if fault != nil {
		resp.Element, resp.Fault = "Fault", fault
	}
	if err != nil {
		return resp, err
	}
	if resp.Element == "" {
		return resp, errors.New("soap: the response's SOAP body is empty")
	}
	return resp, nil
}

// CallRaw sends body, the XML of the request element of the WSDL operation
// op (such as <getServerTime xmlns="urn:messages_2025_2.platform.webservices.netsuite.com"/>;
// a root element in no namespace is put in that messages namespace),
// in an envelope with a fresh tokenPassport (and the Service's preferences),
// and decodes the response as DecodeResponse does. A fault is returned as
// a *netsuite.Error, with the Response.
func (s *Service) CallRaw(ctx context.Context, op string, body []byte, opts ...CallOption) (*Response, error) {
	spec, ok := operations[op]
	if !ok {
		return nil, fmt.Errorf("soap: no operation %q in the WSDL (the operations: %s)", op, strings.Join(Operations(), ", "))
	}
	root, unqualified, err := rootElement(body)
	if err != nil {
		return nil, fmt.Errorf("soap: %s: the request body is not an XML element: %w", op, err)
	}
	if root != spec.in {
		return nil, fmt.Errorf("soap: %s: the request body's element is %s; it must be %s (the body element only, not a whole envelope)", op, root, spec.in)
	}
	body = bytes.TrimSpace(body)
	if bytes.HasPrefix(body, []byte("<?xml")) {
		if i := bytes.Index(body, []byte("?>")); i >= 0 {
			body = bytes.TrimSpace(body[i+2:])
		}
	}
	if unqualified {
		// <getServerTime/> with no namespace: the operation's element is in
		// the messages namespace of the Service's version.
		if i := bytes.Index(body, []byte("<"+root)); i >= 0 {
			j := i + 1 + len(root)
			body = slices.Concat(body[:j], []byte(` xmlns="`+wire.URN("messages.platform", s.version)+`"`), body[j:])
		}
	}
	var resp *Response
	err = s.roundTrip(ctx, spec, body, opts, func(r io.Reader) (string, *netsuite.Error, error) {
		var err error
		switch resp, err = DecodeResponse(r); {
		case resp == nil:
			return "", nil, err
		case err != nil:
			return resp.NSID, nil, err
		}
		return resp.NSID, resp.Fault, nil
	})
	return resp, err
}

// rootElement returns the local name of the first element of an XML
// document, and whether it is in no namespace.
func rootElement(b []byte) (string, bool, error) {
	d := wire.NewDecoder(bytes.NewReader(b))
	for {
		k, err := d.Next()
		if err != nil {
			return "", false, err
		}
		switch k {
		case wire.EOF:
			return "", false, errors.New("no XML element")
		case wire.Start:
			_, ns := d.Resolve("")
			return string(d.Local()), len(d.Prefix()) == 0 && !ns, nil
		}
	}
}

// XSDType returns the XSD type name (such as "Customer") of a value of a
// generated type, or "".
func XSDType(v any) string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return ""
	}
	_, name, _ := wire.NameOf(t)
	return name
}

// JSONValue converts a decoded value (a response, a record, a search row)
// to plain values for encoding/json: structs become objects keyed by their
// XML element and attribute names (unset fields left out), values of an
// abstract XSD type (records, references, custom fields, search rows) get
// an "xsiType" key naming their type, and times are RFC 3339 strings.
func JSONValue(v any) any {
	out, _ := jsonValue(reflect.ValueOf(v), false)
	return out
}

var timeType = reflect.TypeOf(time.Time{})

func jsonValue(v reflect.Value, abstract bool) (any, bool) {
	if !v.IsValid() {
		return nil, false
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return jsonValue(v.Elem(), true)
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false
		}
		return jsonValue(v.Elem(), abstract)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Bytes(), v.Len() > 0
		}
		if v.Len() == 0 {
			return nil, false
		}
		a := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			x, _ := jsonValue(v.Index(i), false)
			a = append(a, x)
		}
		return a, true
	case reflect.Struct:
		if v.Type() == timeType {
			return v.Interface().(time.Time).Format(time.RFC3339Nano), true
		}
		m := map[string]any{}
		addFields(m, v)
		if abstract {
			if _, name, ok := wire.NameOf(v.Type()); ok {
				m["xsiType"] = name
			}
		}
		return m, true
	case reflect.String:
		return v.String(), v.Len() > 0
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int64:
		return v.Int(), true
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return strconv.FormatFloat(f, 'g', -1, 64), true // JSON has no NaN or Inf
		}
		return v.Float(), true
	}
	return nil, false
}

func addFields(m map[string]any, v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			addFields(m, v.Field(i))
			continue
		}
		tag, ok := sf.Tag.Lookup("soap")
		if !ok || !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = "value" // simpleContent text
		}
		if x, ok := jsonValue(v.Field(i), false); ok {
			m[name] = x
		}
	}
}
