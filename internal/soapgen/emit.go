package main

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

const modPath = "github.com/go-netsuite/netsuite"

// rename settles identifier collisions inside one Go package (a namespace
// and its types. namespace share a package). Key: namespace key + "." +
// XSD name; value: the Go name. The generator reports any collision not
// settled here as an error.
var rename = map[string]string{
	// lists.marketing has a complexType and, in its types namespace, an
	// enumeration both named CampaignResponse.
	"types.marketing.lists.CampaignResponse": "CampaignResponseValue",
}

// pkgOf maps a namespace key to the Go package directory under soap/types
// and its name: relationships.lists and types.relationships.lists →
// lists/relationships.
func pkgOf(key string) (dir, name string) {
	k := strings.TrimPrefix(key, "types.")
	n, area, _ := strings.Cut(k, ".")
	return area + "/" + n, n
}

type model struct {
	schemas  []*schema
	byNS     map[string]*schema
	complexT map[qname]*complexType
	simpleT  map[qname]*simpleType
	goName   map[qname]string // Go identifier of a type (interface name for abstract types)
}

func newModel(schemas []*schema) (*model, error) {
	m := &model{schemas: schemas, byNS: map[string]*schema{}, complexT: map[qname]*complexType{}, simpleT: map[qname]*simpleType{}, goName: map[qname]string{}}
	for _, s := range schemas {
		m.byNS[s.TNS] = s
	}
	// Per-package identifier table, to find collisions.
	used := map[string]map[string]string{}
	var collisions []string
	claim := func(key, id, what string) error {
		dir, _ := pkgOf(key)
		if used[dir] == nil {
			used[dir] = map[string]string{}
		}
		if prev, ok := used[dir][id]; ok {
			collisions = append(collisions, fmt.Sprintf("package %s: %s and %s both want the name %s", dir, prev, what, id))
		}
		used[dir][id] = what
		return nil
	}
	for _, s := range schemas {
		for _, c := range s.Complex {
			q := qname{s.TNS, c.Name}
			m.complexT[q] = c
			id := goIdent(c.Name)
			if r, ok := rename[s.Key+"."+c.Name]; ok {
				id = r
			}
			m.goName[q] = id
			if err := claim(s.Key, id, s.Key+":"+c.Name); err != nil {
				return nil, err
			}
			if c.Abstract {
				if err := claim(s.Key, id+"Base", s.Key+":"+c.Name+" (fields)"); err != nil {
					return nil, err
				}
			}
		}
		for _, st := range s.Simple {
			q := qname{s.TNS, st.Name}
			m.simpleT[q] = st
			id := goIdent(st.Name)
			if r, ok := rename[s.Key+"."+st.Name]; ok {
				id = r
			}
			m.goName[q] = id
			if err := claim(s.Key, id, s.Key+":"+st.Name); err != nil {
				return nil, err
			}
		}
	}
	if len(collisions) > 0 {
		return nil, fmt.Errorf("name collisions (add entries to the rename table):\n%s", strings.Join(collisions, "\n"))
	}
	// Resolve element refs to their global element's type.
	for _, s := range schemas {
		for _, c := range s.Complex {
			for i, e := range c.Elements {
				if ns, ok := strings.CutPrefix(e.Type.NS, "ref:"); ok {
					rs := m.byNS[ns]
					if rs == nil {
						return nil, fmt.Errorf("%s: ref to unknown namespace %s", c.Name, ns)
					}
					t, ok := rs.Elements[e.Type.Local]
					if !ok {
						return nil, fmt.Errorf("%s: ref to unknown element %s", c.Name, e.Type.Local)
					}
					c.Elements[i].Type = t
				}
			}
			if c.Base != nil {
				b := m.complexT[*c.Base]
				if b == nil {
					return nil, fmt.Errorf("%s: unknown base %v", c.Name, *c.Base)
				}
				b.DerivedFrom = append(b.DerivedFrom, c)
			}
		}
	}
	return m, nil
}

// goIdent exports an XSD name: customer → Customer, _englishUS → EnglishUS.
func goIdent(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			b.WriteRune(unicode.ToUpper(r))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "V" + out
	}
	return out
}

// file is one generated Go file being written.
type file struct {
	pkgDir, pkgName string
	imports         map[string]string // path → name
	buf             bytes.Buffer
}

func (f *file) p(format string, args ...any) { fmt.Fprintf(&f.buf, format, args...) }

// ref returns the Go expression naming type q from file f.
func (m *model) ref(f *file, q qname) string {
	s := m.byNS[q.NS]
	dir, name := pkgOf(s.Key)
	id := m.goName[q]
	if dir == f.pkgDir {
		return id
	}
	f.imports[modPath+"/soap/types/"+dir] = name
	return name + "." + id
}

// fieldType returns the Go type of an element or attribute of type q.
func (m *model) fieldType(f *file, q qname, optional, many bool) (string, error) {
	if q.NS == xsdNS {
		var t string
		switch q.Local {
		case "string":
			t = "string"
		case "boolean":
			t = "bool"
		case "int":
			t = "int"
		case "long":
			t = "int64"
		case "double":
			t = "float64"
		case "base64Binary":
			if many {
				return "[][]byte", nil
			}
			return "[]byte", nil // nil: absent
		case "dateTime":
			f.imports["time"] = "time"
			t = "time.Time"
		default:
			return "", fmt.Errorf("unsupported xsd type %s", q.Local)
		}
		switch {
		case many:
			return "[]" + t, nil
		case optional:
			return "*" + t, nil
		}
		return t, nil
	}
	if _, ok := m.simpleT[q]; ok {
		t := m.ref(f, q)
		switch {
		case many:
			return "[]" + t, nil
		case optional:
			return "*" + t, nil
		}
		return t, nil
	}
	c, ok := m.complexT[q]
	if !ok {
		return "", fmt.Errorf("unknown type %v", q)
	}
	t := m.ref(f, q)
	if !c.Abstract {
		t = "*" + t
	}
	if many {
		return "[]" + t, nil
	}
	return t, nil
}

func (m *model) emitComplex(f *file, c *complexType) error {
	s := c.Schema
	id := m.goName[qname{s.TNS, c.Name}]
	structName := id
	if c.Abstract {
		var impls []string
		for _, d := range c.DerivedFrom {
			if !d.Abstract {
				impls = append(impls, d.Schema.Key+":"+d.Name)
			}
		}
		f.p("// %s is the abstract type %s:%s: an element of this type holds, named by\n// its xsi:type, a value of a type that extends it.", id, s.Key, c.Name)
		if len(impls) > 0 && len(impls) <= 12 {
			f.p(" Direct extensions: %s.", strings.Join(impls, ", "))
		}
		f.p("\ntype %s interface{ is%s() }\n\n", id, id)
		structName = id + "Base"
		f.p("// %s holds the fields of the abstract type %s, embedded in the\n// types that extend it.\n", structName, id)
		f.p("type %s struct {\n", structName)
	} else {
		f.p("// %s is the complex type %s:%s.\ntype %s struct {\n", id, s.Key, c.Name, id)
	}
	if c.Base != nil {
		b := m.complexT[*c.Base]
		bt := m.ref(f, *c.Base)
		if b.Abstract {
			bt += "Base"
		}
		f.p("\t%s\n", bt)
	}
	names := map[string]bool{}
	uniq := func(n string) string {
		for i := 2; names[n]; i++ {
			n = strings.TrimRight(n, "0123456789") + strconv.Itoa(i)
		}
		names[n] = true
		return n
	}
	if c.SimpleBase != nil {
		if c.SimpleBase.NS != xsdNS || c.SimpleBase.Local != "string" {
			return fmt.Errorf("%s: simpleContent base %v", c.Name, *c.SimpleBase)
		}
		f.p("\tValue string `soap:\",chardata\"`\n")
		names["Value"] = true
	}
	for _, a := range c.Attributes {
		t, err := m.fieldType(f, a.Type, !a.Required, false)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", c.Name, a.Name, err)
		}
		if t == "*string" || strings.HasPrefix(t, "*") && m.simpleT[a.Type] != nil {
			t = t[1:] // an empty string or enum is never sent: omitted
		}
		f.p("\t%s %s `soap:\"%s,attr\"`\n", uniq(goIdent(a.Name)), t, a.Name)
	}
	for _, e := range c.Elements {
		t, err := m.fieldType(f, e.Type, e.MinOccurs == 0, e.Unbounded)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", c.Name, e.Name, err)
		}
		tag := e.Name
		if e.NS != s.TNS {
			es := m.byNS[e.NS]
			tag += ",ns=" + es.Key
		}
		f.p("\t%s %s `soap:\"%s\"`\n", uniq(goIdent(e.Name)), t, tag)
	}
	f.p("}\n\n")
	if c.Abstract {
		f.p("func (*%s) is%s() {}\n\n", structName, id)
	}
	return nil
}

func (m *model) emitSimple(f *file, st *simpleType) {
	id := m.goName[qname{st.Schema.TNS, st.Name}]
	f.p("// %s is the enumeration %s:%s.\ntype %s string\n\n", id, st.Schema.Key, st.Name, id)
	if len(st.Values) == 0 {
		return
	}
	f.p("// Values of %s.\nconst (\n", id)
	seen := map[string]bool{}
	for _, v := range st.Values {
		n := id + goIdent(v)
		for i := 2; seen[n]; i++ {
			n = id + goIdent(v) + strconv.Itoa(i)
		}
		seen[n] = true
		f.p("\t%s %s = %q\n", n, id, v)
	}
	f.p(")\n\n")
}

// generate returns the generated files by path relative to the repository
// root.
func generate(schemas []*schema, wsdl []byte, version string) (map[string][]byte, error) {
	m, err := newModel(schemas)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	header := fmt.Sprintf("// Code generated by soapgen from NetSuite's SuiteTalk %s schema (internal/nsschema). DO NOT EDIT.\n\n", version)
	// Namespaces of each package, for the package doc.
	pkgNS := map[string][]string{}
	for _, s := range schemas {
		dir, _ := pkgOf(s.Key)
		pkgNS[dir] = append(pkgNS[dir], s.Key)
	}
	for _, s := range schemas {
		dir, name := pkgOf(s.Key)
		f := &file{pkgDir: dir, pkgName: name, imports: map[string]string{}}
		var body file = *f
		body.imports = f.imports
		for _, st := range s.Simple {
			m.emitSimple(&body, st)
		}
		for _, c := range s.Complex {
			if err := m.emitComplex(&body, c); err != nil {
				return nil, fmt.Errorf("%s: %w", s.File, err)
			}
		}
		// Registration: every struct with its namespace and XSD name, so
		// the codec can name it (xsi:type, element namespaces) and find it
		// from an xsi:type.
		if len(s.Complex) > 0 {
			body.imports[modPath+"/soap/internal/wire"] = "wire"
			body.p("func init() {\n\twire.Register(%q, []wire.Type{\n", s.Key)
			for _, c := range s.Complex {
				id := m.goName[qname{s.TNS, c.Name}]
				if c.Abstract {
					body.p("\t\t{Name: %q, Ptr: (*%sBase)(nil), Abstract: true},\n", c.Name, id)
				} else {
					body.p("\t\t{Name: %q, Ptr: (*%s)(nil)},\n", c.Name, id)
				}
			}
			body.p("\t})\n}\n")
		}
		var hdr bytes.Buffer
		hdr.WriteString(header)
		keys := pkgNS[dir]
		if !strings.HasPrefix(s.Key, "types.") || len(keys) == 1 {
			urns := make([]string, len(keys))
			for i, k := range keys {
				urns[i] = m.urnFor(k)
			}
			fmt.Fprintf(&hdr, "// Package %s holds the Go types of NetSuite's SuiteTalk namespace", name)
			if len(urns) > 1 {
				hdr.WriteString("s")
			}
			fmt.Fprintf(&hdr, "\n// %s\n// (the version part of a namespace varies by endpoint; the codec ignores it).\n", strings.Join(urns, " and\n// "))
		}
		fmt.Fprintf(&hdr, "package %s\n\n", name)
		if len(body.imports) > 0 {
			paths := make([]string, 0, len(body.imports))
			for p := range body.imports {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			hdr.WriteString("import (\n")
			for _, p := range paths {
				fmt.Fprintf(&hdr, "\t%q\n", p)
			}
			hdr.WriteString(")\n\n")
		}
		hdr.Write(body.buf.Bytes())
		src, err := format.Source(hdr.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s: gofmt: %w", s.File, err)
		}
		base := strings.TrimSuffix(s.File, ".xsd")
		_, base, _ = strings.Cut(base, ".")
		out["soap/types/"+dir+"/"+strings.ToLower(base)+"_gen.go"] = src
	}
	ops, err := parseWSDL(wsdl)
	if err != nil {
		return nil, err
	}
	src, err := m.emitOperations(ops, header)
	if err != nil {
		return nil, err
	}
	out["soap/operations_gen.go"] = src
	return out, nil
}

// urnFor renders a namespace key as its URN with the version as <v>.
func (m *model) urnFor(key string) string {
	for _, s := range m.schemas {
		if s.Key == key {
			return s.TNS
		}
	}
	return key
}
