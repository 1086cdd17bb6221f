// Package wire is the XML codec of the SuiteTalk SOAP client: a registry of
// the generated types (soap/types/...) by namespace and XSD name, a
// streaming tokenizer, and a decoder and encoder driven by the generated
// structs' `soap` tags. Decoding is one pass over the input with no DOM; it
// matches elements by local name (so any endpoint version's namespaces are
// accepted), skips elements it does not know, and resolves xsi:type to a
// registered type for fields of an abstract type (core.Record, …).
//
// Tags: `soap:"name"` an element in the struct's own namespace,
// `soap:"name,ns=core.platform"` an element of another namespace (an XSD
// element ref), `soap:"name,attr"` an attribute, `soap:",chardata"` the text
// of a simpleContent type. Namespaces are named by version-free keys:
// urn:relationships_2025_2.lists.webservices.netsuite.com is
// "relationships.lists" (see Key and URN).
package wire

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
)

// Type is one generated struct: its XSD name and a nil pointer to it.
// Abstract marks the field holder of an abstract XSD type (core.RecordBase),
// never the type of an xsi:type.
type Type struct {
	Name     string
	Ptr      any
	Abstract bool
}

type typeName struct{ ns, name string }

var (
	regMu    sync.RWMutex
	byName   = map[typeName]reflect.Type{}
	byGoType = map[reflect.Type]typeName{}
)

// Register records the generated types of namespace ns (a key such as
// "relationships.lists"). Generated packages call it from init.
func Register(ns string, types []Type) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, t := range types {
		rt := reflect.TypeOf(t.Ptr).Elem()
		byGoType[rt] = typeName{ns, t.Name}
		if !t.Abstract {
			byName[typeName{ns, t.Name}] = rt
		}
	}
}

// Lookup returns the registered struct type of the XSD type name in
// namespace key ns.
func Lookup(ns, name string) (reflect.Type, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	t, ok := byName[typeName{ns, name}]
	return t, ok
}

// NameOf returns the namespace key and XSD name of a registered struct type.
func NameOf(t reflect.Type) (ns, name string, ok bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	n, ok := byGoType[t]
	return n.ns, n.name, ok
}

// Key returns the version-free key of a SuiteTalk namespace URN:
// urn:types.core_2011_2.platform.webservices.netsuite.com → types.core.platform.
// ok is false for any other namespace.
func Key(urn string) (string, bool) {
	rest, ok := strings.CutPrefix(urn, "urn:")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutSuffix(rest, ".webservices.netsuite.com")
	if !ok {
		return "", false
	}
	types := strings.HasPrefix(rest, "types.")
	rest = strings.TrimPrefix(rest, "types.")
	name, area, ok := strings.Cut(rest, ".")
	i := strings.IndexByte(name, '_')
	if !ok || i <= 0 || area == "" {
		return "", false
	}
	k := name[:i] + "." + area
	if types {
		k = "types." + k
	}
	return k, true
}

// URN returns the namespace URN of key for endpoint version v (such as
// "2025_2"): the inverse of Key.
func URN(key, v string) string {
	types := strings.HasPrefix(key, "types.")
	name, area, _ := strings.Cut(strings.TrimPrefix(key, "types."), ".")
	u := "urn:"
	if types {
		u += "types."
	}
	return u + name + "_" + v + "." + area + ".webservices.netsuite.com"
}

// prefix is the namespace prefix the encoder writes for key:
// relationships.lists → listsRelationships, types.core.platform →
// platformCoreTyp.
func prefix(key string) string {
	types := strings.HasPrefix(key, "types.")
	name, area, _ := strings.Cut(strings.TrimPrefix(key, "types."), ".")
	p := area + strings.ToUpper(name[:1]) + name[1:]
	if types {
		p += "Typ"
	}
	return p
}

// kinds of fields.
const (
	kString = iota // string and enumerations (a named string type)
	kBool
	kInt
	kInt64
	kFloat
	kTime
	kBytes
	kStruct
	kIface
)

type field struct {
	name     string
	ns       string // namespace key of the element
	index    []int
	offset   uintptr // from the outermost struct (embedding is by value)
	attr     bool
	chardata bool
	kind     int
	ptr      bool // *T
	slice    bool // []T
	elem     reflect.Type
	goName   string
	plan     atomic.Pointer[plan] // of elem, for kStruct, filled on first use
}

type plan struct {
	ns, name string
	elems    []*field
	attrs    []*field
	byName   map[string]*field
	chardata *field
}

var plans sync.Map // reflect.Type → *plan

func planOf(t reflect.Type) (*plan, error) {
	if p, ok := plans.Load(t); ok {
		return p.(*plan), nil
	}
	p := &plan{byName: map[string]*field{}}
	p.ns, p.name, _ = NameOf(t)
	if err := p.addAt(t, nil, p.ns, 0); err != nil {
		return nil, err
	}
	plans.Store(t, p)
	return p, nil
}

var (
	timeType  = reflect.TypeOf((*interface{ UnixNano() int64 })(nil)).Elem()
	bytesType = reflect.TypeOf([]byte(nil))
)

func (p *plan) addAt(t reflect.Type, index []int, ns string, base uintptr) error {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous {
			if sf.Type.Kind() != reflect.Struct {
				return fmt.Errorf("wire: %s.%s: embedded non-struct", t, sf.Name)
			}
			ens, _, ok := NameOf(sf.Type)
			if !ok {
				ens = ns
			}
			if err := p.addAt(sf.Type, idx, ens, base+sf.Offset); err != nil {
				return err
			}
			continue
		}
		tag, ok := sf.Tag.Lookup("soap")
		if !ok {
			continue
		}
		parts := strings.Split(tag, ",")
		f := &field{name: parts[0], ns: ns, index: idx, offset: base + sf.Offset, goName: sf.Name}
		for _, o := range parts[1:] {
			switch {
			case o == "attr":
				f.attr = true
			case o == "chardata":
				f.chardata = true
			case strings.HasPrefix(o, "ns="):
				f.ns = o[3:]
			}
		}
		ft := sf.Type
		if ft != bytesType && ft.Kind() == reflect.Slice {
			f.slice, ft = true, ft.Elem()
		}
		if ft.Kind() == reflect.Pointer {
			f.ptr, ft = true, ft.Elem()
		}
		f.elem = ft
		switch {
		case ft == bytesType:
			f.kind = kBytes
		case ft.Kind() == reflect.String:
			f.kind = kString
		case ft.Kind() == reflect.Bool:
			f.kind = kBool
		case ft.Kind() == reflect.Int:
			f.kind = kInt
		case ft.Kind() == reflect.Int64:
			f.kind = kInt64
		case ft.Kind() == reflect.Float64:
			f.kind = kFloat
		case ft.Kind() == reflect.Struct && ft.Implements(timeType):
			f.kind = kTime
		case ft.Kind() == reflect.Struct:
			f.kind = kStruct
		case ft.Kind() == reflect.Interface:
			f.kind = kIface
		default:
			return fmt.Errorf("wire: %s.%s: unsupported type %s", t, sf.Name, sf.Type)
		}
		switch {
		case f.attr:
			p.attrs = append(p.attrs, f)
		case f.chardata:
			p.chardata = f
		default:
			p.elems = append(p.elems, f)
			if _, dup := p.byName[f.name]; !dup {
				p.byName[f.name] = f
			}
		}
	}
	return nil
}

// Find returns the registered struct type of the XSD type name in any
// namespace (the first found when several namespaces define it).
func Find(name string) (reflect.Type, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	for n, t := range byName {
		if n.name == name {
			return t, true
		}
	}
	return nil, false
}
