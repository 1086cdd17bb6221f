package main

import (
	"encoding/xml"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// The XSD model: just what NetSuite's schema uses (checked over the 2025_2
// files: named complexTypes with sequence, complexContent/extension,
// simpleContent/extension and attributes; simpleTypes that restrict
// xsd:string to an enumeration; elements by name or ref). Anything else in
// a schema is an error, so a new construct is noticed rather than dropped.

const xsdNS = "http://www.w3.org/2001/XMLSchema"

// node is one element of an XSD document.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []*node    `xml:",any"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// qname is a resolved XSD qualified name.
type qname struct{ NS, Local string }

// schema is one XSD file.
type schema struct {
	File     string // e.g. lists.relationships.xsd
	TNS      string // target namespace URN
	Key      string // namespace key without version, e.g. "relationships.lists"
	prefixes map[string]string
	Complex  []*complexType
	Simple   []*simpleType
	Elements map[string]qname // global element name → type
}

type complexType struct {
	Name        string
	Abstract    bool
	Base        *qname // complexContent extension base
	SimpleBase  *qname // simpleContent extension base (text value)
	Elements    []elementDecl
	Attributes  []attributeDecl
	Schema      *schema
	DerivedFrom []*complexType // filled by resolve: direct derived types
}

type elementDecl struct {
	Name      string
	NS        string // namespace of the element (a ref's namespace, or the schema's)
	Type      qname
	MinOccurs int
	Unbounded bool // maxOccurs > 1
}

type attributeDecl struct {
	Name     string
	Type     qname
	Required bool
}

type simpleType struct {
	Name   string
	Values []string
	Schema *schema
}

// nsKey turns a SuiteTalk namespace URN into its version-free key:
// urn:relationships_2025_2.lists.webservices.netsuite.com → relationships.lists,
// urn:types.core_2025_2.platform.webservices.netsuite.com → types.core.platform.
func nsKey(urn string) (string, error) {
	rest, ok := strings.CutPrefix(urn, "urn:")
	if !ok {
		return "", fmt.Errorf("namespace %q is not a SuiteTalk URN", urn)
	}
	rest, ok = strings.CutSuffix(rest, ".webservices.netsuite.com")
	if !ok {
		return "", fmt.Errorf("namespace %q is not a SuiteTalk URN", urn)
	}
	name, area, ok := strings.Cut(rest, ".")
	if strings.HasPrefix(rest, "types.") {
		var n2 string
		n2, area, ok = strings.Cut(strings.TrimPrefix(rest, "types."), ".")
		name = "types." + n2
	}
	if !ok {
		return "", fmt.Errorf("namespace %q has no area", urn)
	}
	i := strings.Index(name, "_")
	if i < 0 {
		return "", fmt.Errorf("namespace %q has no version", urn)
	}
	return name[:i] + "." + area, nil
}

func parseSchemas(fsys fs.FS) ([]*schema, error) {
	files, err := fs.Glob(fsys, "xsd/*.xsd")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var out []*schema
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		s, err := parseSchema(path.Base(f), b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseSchema(file string, b []byte) (*schema, error) {
	var root node
	if err := xml.Unmarshal(b, &root); err != nil {
		return nil, err
	}
	s := &schema{File: file, TNS: root.attr("targetNamespace"), prefixes: map[string]string{}, Elements: map[string]qname{}}
	for _, a := range root.Attrs {
		if a.Name.Space == "xmlns" {
			s.prefixes[a.Name.Local] = a.Value
		}
	}
	var err error
	if s.Key, err = nsKey(s.TNS); err != nil {
		return nil, err
	}
	for _, c := range root.Children {
		switch c.XMLName.Local {
		case "import", "annotation":
		case "element":
			t, err := s.resolve(c.attr("type"))
			if err != nil {
				return nil, err
			}
			s.Elements[c.attr("name")] = t
		case "complexType":
			ct, err := s.parseComplex(c)
			if err != nil {
				return nil, fmt.Errorf("complexType %s: %w", c.attr("name"), err)
			}
			s.Complex = append(s.Complex, ct)
		case "simpleType":
			st := &simpleType{Name: c.attr("name"), Schema: s}
			for _, r := range c.Children {
				if r.XMLName.Local != "restriction" || r.attr("base") != "xsd:string" {
					return nil, fmt.Errorf("simpleType %s: unsupported %s", st.Name, r.XMLName.Local)
				}
				for _, e := range r.Children {
					if e.XMLName.Local == "enumeration" {
						st.Values = append(st.Values, e.attr("value"))
					}
				}
			}
			s.Simple = append(s.Simple, st)
		default:
			return nil, fmt.Errorf("unsupported top-level %s", c.XMLName.Local)
		}
	}
	return s, nil
}

func (s *schema) resolve(q string) (qname, error) {
	p, l, ok := strings.Cut(q, ":")
	if !ok {
		return qname{}, fmt.Errorf("unqualified type %q", q)
	}
	ns, ok := s.prefixes[p]
	if !ok {
		return qname{}, fmt.Errorf("unknown prefix in %q", q)
	}
	return qname{ns, l}, nil
}

func (s *schema) parseComplex(c *node) (*complexType, error) {
	ct := &complexType{Name: c.attr("name"), Abstract: c.attr("abstract") == "true", Schema: s}
	var walk func(n *node) error
	walk = func(n *node) error {
		for _, ch := range n.Children {
			switch ch.XMLName.Local {
			case "sequence":
				if err := walk(ch); err != nil {
					return err
				}
			case "complexContent":
				if err := walk(ch); err != nil {
					return err
				}
			case "simpleContent":
				for _, ext := range ch.Children {
					b, err := s.resolve(ext.attr("base"))
					if err != nil {
						return err
					}
					ct.SimpleBase = &b
					if err := walk(ext); err != nil {
						return err
					}
				}
			case "extension":
				b, err := s.resolve(ch.attr("base"))
				if err != nil {
					return err
				}
				ct.Base = &b
				if err := walk(ch); err != nil {
					return err
				}
			case "element":
				e := elementDecl{NS: s.TNS, MinOccurs: 1}
				if ref := ch.attr("ref"); ref != "" {
					q, err := s.resolve(ref)
					if err != nil {
						return err
					}
					e.Name, e.NS = q.Local, q.NS
					e.Type = qname{NS: "ref:" + q.NS, Local: q.Local} // resolved later
				} else {
					e.Name = ch.attr("name")
					t, err := s.resolve(ch.attr("type"))
					if err != nil {
						return err
					}
					e.Type = t
				}
				if m := ch.attr("minOccurs"); m == "0" {
					e.MinOccurs = 0
				}
				if m := ch.attr("maxOccurs"); m != "" && m != "1" {
					e.Unbounded = true
				}
				ct.Elements = append(ct.Elements, e)
			case "attribute":
				t, err := s.resolve(ch.attr("type"))
				if err != nil {
					return err
				}
				ct.Attributes = append(ct.Attributes, attributeDecl{Name: ch.attr("name"), Type: t, Required: ch.attr("use") == "required"})
			case "annotation":
			default:
				return fmt.Errorf("unsupported %s", ch.XMLName.Local)
			}
		}
		return nil
	}
	return ct, walk(c)
}
