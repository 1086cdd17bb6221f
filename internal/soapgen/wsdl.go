package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"go/format"
	"slices"
	"strings"
)

// operation is one WSDL operation: its SOAPAction, the body elements of its
// request and response (in platformMsgs) and the headers its input takes.
type operation struct {
	Name, Action    string
	InElem, OutElem string
	Headers         []string
}

// splitOps are the list operations whose typed methods split a long list to
// NetSuite's per-request limit: the generator emits them unexported (one
// request) and soap/lists.go wraps them.
var splitOps = []string{"addList", "updateList", "upsertList", "deleteList", "getList"}

func parseWSDL(b []byte) ([]operation, error) {
	var root node
	if err := xml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("wsdl: %w", err)
	}
	msgElem := map[string]string{}
	var ops []operation
	byName := map[string]*operation{}
	for _, c := range root.Children {
		if c.XMLName.Local == "message" {
			for _, p := range c.Children {
				if p.XMLName.Local == "part" && p.attr("name") == "parameters" {
					_, l, _ := strings.Cut(p.attr("element"), ":")
					msgElem[c.attr("name")] = l
				}
			}
		}
	}
	for _, c := range root.Children {
		if c.XMLName.Local != "portType" {
			continue
		}
		for _, o := range c.Children {
			if o.XMLName.Local != "operation" {
				continue
			}
			op := operation{Name: o.attr("name")}
			for _, io := range o.Children {
				_, msg, _ := strings.Cut(io.attr("message"), ":")
				switch io.XMLName.Local {
				case "input":
					op.InElem = msgElem[msg]
				case "output":
					op.OutElem = msgElem[msg]
				}
			}
			if op.InElem == "" || op.OutElem == "" {
				return nil, fmt.Errorf("wsdl: operation %s: no input or output element", op.Name)
			}
			ops = append(ops, op)
		}
	}
	for i := range ops {
		byName[ops[i].Name] = &ops[i]
	}
	for _, c := range root.Children {
		if c.XMLName.Local != "binding" {
			continue
		}
		for _, o := range c.Children {
			op := byName[o.attr("name")]
			if o.XMLName.Local != "operation" || op == nil {
				continue
			}
			for _, ch := range o.Children {
				switch ch.XMLName.Local {
				case "operation":
					op.Action = ch.attr("soapAction")
				case "input":
					for _, h := range ch.Children {
						if h.XMLName.Local == "header" {
							op.Headers = append(op.Headers, h.attr("part"))
						}
					}
				}
			}
		}
	}
	for _, op := range ops {
		if op.Action == "" {
			return nil, fmt.Errorf("wsdl: operation %s has no soapAction", op.Name)
		}
	}
	return ops, nil
}

func (m *model) emitOperations(ops []operation, header string) ([]byte, error) {
	msgs := m.byNS[m.nsOfKey("messages.platform")]
	if msgs == nil {
		return nil, fmt.Errorf("no platform messages schema")
	}
	f := &file{pkgDir: "", pkgName: "soap", imports: map[string]string{"context": "context"}}
	f.p("// The %d operations of the SuiteTalk WSDL (portType NetSuitePortType), one\n", len(ops))
	f.p("// typed method each, with the request and response body elements of\n// platform/messages. See also lists.go (list operations split to\n// NetSuite's limits) and search.go (search paging, async jobs).\n\n")
	f.p("// operations lists every WSDL operation by name.\nvar operations = map[string]opSpec{\n")
	for _, op := range ops {
		f.p("\t%q: {action: %q, in: %q, out: %q, searchPrefs: %v},\n", op.Name, op.Action, op.InElem, op.OutElem, slices.Contains(op.Headers, "searchPreferences"))
	}
	f.p("}\n\n")
	for _, op := range ops {
		inT, ok := msgs.Elements[op.InElem]
		if !ok {
			return nil, fmt.Errorf("operation %s: no element %s", op.Name, op.InElem)
		}
		outT, ok := msgs.Elements[op.OutElem]
		if !ok {
			return nil, fmt.Errorf("operation %s: no element %s", op.Name, op.OutElem)
		}
		in, out := m.ref(f, inT), m.ref(f, outT)
		method := goIdent(op.Name)
		doc := fmt.Sprintf("// %s calls the SuiteTalk operation %s (SOAPAction %q): it sends req as\n// the body element %s and returns the body element %s.\n", method, op.Name, op.Action, op.InElem, op.OutElem)
		if slices.Contains(splitOps, op.Name) {
			method = op.Name + "Once"
			doc = fmt.Sprintf("// %s sends one %s request (see %s for the split to NetSuite's limit).\n", method, op.Name, goIdent(op.Name))
		}
		f.p("%sfunc (s *Service) %s(ctx context.Context, req *%s, opts ...CallOption) (*%s, error) {\n", doc, method, in, out)
		f.p("\tresp := new(%s)\n\tif err := s.Call(ctx, %q, req, resp, opts...); err != nil {\n\t\treturn nil, err\n\t}\n\treturn resp, nil\n}\n\n", out, op.Name)
	}
	var src bytes.Buffer
	src.WriteString(header)
	src.WriteString("package soap\n\nimport (\n")
	paths := make([]string, 0, len(f.imports))
	for p := range f.imports {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&src, "\t%q\n", p)
	}
	src.WriteString(")\n\n")
	src.Write(f.buf.Bytes())
	return format.Source(src.Bytes())
}

func (m *model) nsOfKey(key string) string {
	for _, s := range m.schemas {
		if s.Key == key {
			return s.TNS
		}
	}
	return ""
}
