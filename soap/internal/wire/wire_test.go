package wire_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/go-netsuite/netsuite/soap/internal/wire"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
	"github.com/google/go-cmp/cmp"
)

func ptr[T any](v T) *T { return &v }

// decodeRoot decodes the document's root element into v.
func decodeRoot(t *testing.T, doc []byte, v any, oneByte bool) error {
	t.Helper()
	var r = bytes.NewReader(doc)
	var d *wire.Decoder
	if oneByte {
		d = wire.NewDecoder(iotest.OneByteReader(r))
	} else {
		d = wire.NewDecoder(r)
	}
	for {
		k, err := d.Next()
		if err != nil {
			return err
		}
		if k == wire.Start {
			return d.DecodeElement(v)
		}
		if k == wire.EOF {
			t.Fatal("no root element")
		}
	}
}

func sampleCustomer() *relationships.Customer {
	c := &relationships.Customer{
		InternalId:  "42",
		ExternalId:  `ext "1" & <2>`,
		EntityId:    ptr("C-42"),
		CompanyName: ptr("Acme & Söhne <GmbH>\nline two"),
		IsPerson:    ptr(false),
		Balance:     ptr(1234.5),
		DaysOverdue: ptr(int64(0)),
		DateCreated: ptr(time.Date(2024, 2, 11, 1, 12, 34, 0, time.FixedZone("", -7*3600))),
		Stage:       ptr(relationships.CustomerStageCustomer),
		EntityStatus: &core.RecordRef{InternalId: "13",
			BaseRefBase: core.BaseRefBase{Name: ptr("CUSTOMER-Closed Won")}},
		AddressbookList: &relationships.CustomerAddressbookList{ReplaceAll: ptr(false),
			Addressbook: []*relationships.CustomerAddressbook{{Label: ptr("Ship"), DefaultShipping: ptr(true)}, {Label: ptr("Bill")}}},
		CustomFieldList: &core.CustomFieldList{CustomField: []core.CustomFieldRef{
			&core.StringCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "hello"},
			&core.LongCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_score"}, Value: 7},
			&core.SelectCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_region"},
				Value: &core.ListOrRecordRef{InternalId: "3", TypeId: "12"}},
		}},
	}
	c.NullFieldList = &core.NullField{Name: []string{"fax", "phone"}}
	return c
}

// TestRoundTrip encodes generated types (with abstract fields dispatched
// by xsi:type both ways) and decodes them back unchanged.
func TestRoundTrip(t *testing.T) {
	req := &messages.AddRequest{Record: sampleCustomer()}
	for _, v := range []string{"2025_2", "2019_1"} {
		e := wire.NewEncoder(v)
		if err := e.EncodeElement("messages.platform", "add", req); err != nil {
			t.Fatal(err)
		}
		// The xsi prefix is declared on the envelope; declare it here.
		doc := bytes.Replace(e.Buf.Bytes(), []byte("<platformMessages:add "),
			[]byte(`<platformMessages:add xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `), 1)
		if !bytes.Contains(doc, []byte("urn:relationships_"+v+".lists.webservices.netsuite.com")) {
			t.Errorf("%s: namespaces of another version: %s", v, doc)
		}
		for _, oneByte := range []bool{false, true} {
			var got messages.AddRequest
			if err := decodeRoot(t, doc, &got, oneByte); err != nil {
				t.Fatalf("%s: %v\n%s", v, err, doc)
			}
			if diff := cmp.Diff(req, &got); diff != "" {
				t.Errorf("%s round trip (-want +got):\n%s\n%s", v, diff, doc)
			}
		}
	}
}

// TestDecodeLenient: unknown elements are skipped, any version's
// namespaces are accepted, comments, CDATA and character references decode.
func TestDecodeLenient(t *testing.T) {
	doc := `<?xml version="1.0"?><!-- c --><r xmlns="urn:messages_2009_1.platform.webservices.netsuite.com"
	   xmlns:x="http://www.w3.org/2001/XMLSchema-instance" xmlns:rel="urn:relationships_2009_1.lists.webservices.netsuite.com">
	  <readResponse><unknown a="1"><deeper>x</deeper></unknown>
	    <record x:type="rel:Customer" internalId='7' externalId="a&gt;b">
	      <rel:companyName><![CDATA[A <b> & c]]>&#x41;&#66;</rel:companyName>
	      <rel:notInTheSchema><rel:companyName>no</rel:companyName></rel:notInTheSchema>
	      <rel:balance> 12.5 </rel:balance>
	      <rel:fax x:nil="true"/>
	    </record>
	  </readResponse></r>`
	var got messages.GetResponse
	if err := decodeRoot(t, []byte(doc), &got, true); err != nil {
		t.Fatal(err)
	}
	c, ok := got.ReadResponse.Record.(*relationships.Customer)
	if !ok {
		t.Fatalf("record %T", got.ReadResponse.Record)
	}
	if c.InternalId != "7" || c.ExternalId != "a>b" || *c.CompanyName != "A <b> & cAB" || *c.Balance != 12.5 || c.Fax != nil {
		t.Errorf("customer %+v", c)
	}
}

func TestDecodeUnknownXsiType(t *testing.T) {
	doc := `<r xmlns:x="http://www.w3.org/2001/XMLSchema-instance" xmlns:o="urn:other"><readResponse>
	  <record x:type="o:Thing"><a>1</a></record></readResponse></r>`
	var got messages.GetResponse
	if err := decodeRoot(t, []byte(doc), &got, false); err != nil {
		t.Fatal(err)
	}
	if got.ReadResponse.Record != nil {
		t.Errorf("unknown type decoded as %T", got.ReadResponse.Record)
	}
}

func TestDecodeErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"bad bool":     `<r><readResponse><status isSuccess="maybe"/></readResponse></r>`,
		"bad number":   `<r><searchResult><totalRecords>ten</totalRecords></searchResult></r>`,
		"unclosed":     `<r><readResponse>`,
		"bad entity":   `<r><searchResult><searchId>&bogus;</searchId></searchResult></r>`,
		"lt in tag":    `<r <x>`,
		"unquoted":     `<r a=b></r>`,
		"doctype":      `<!DOCTYPE r [<!ENTITY x "y">]><r/>`,
		"unterminated": `<r><!-- x`,
		"text outside": `x<r/>`,
		"stray end":    `</r>`,
		"bad char ref": `<r><searchResult><searchId>&#xFFFFFFFF;</searchId></searchResult></r>`,
		"bad time":     `<r><record xmlns:x="http://www.w3.org/2001/XMLSchema-instance" xmlns:rel="urn:relationships_2025_2.lists.webservices.netsuite.com" x:type="rel:Customer"><rel:dateCreated>yesterday</rel:dateCreated></record></r>`,
	} {
		var v messages.SearchResponse
		var g messages.GetResponse
		var target any = &v
		if strings.Contains(doc, "readResponse") || strings.Contains(doc, "record") {
			target = &g
		}
		if name == "bad time" {
			target = &messages.ReadResponse{}
		}
		err := decodeRoot(t, []byte(doc), target, false)
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		var se *wire.SyntaxError
		var de *wire.DecodeError
		if !errors.As(err, &se) && !errors.As(err, &de) {
			t.Errorf("%s: error %v is neither a SyntaxError nor a DecodeError", name, err)
		}
	}
}

func TestKeyURN(t *testing.T) {
	for _, urn := range []string{"urn:relationships_2011_2.lists.webservices.netsuite.com", "urn:types.core_2025_2.platform.webservices.netsuite.com"} {
		k, ok := wire.Key(urn)
		if !ok {
			t.Fatalf("Key(%s) failed", urn)
		}
		v := urn[strings.Index(urn, "_")+1 : strings.Index(urn, "_")+7]
		if got := wire.URN(k, v); got != urn {
			t.Errorf("URN(Key(%s)) = %s", urn, got)
		}
	}
	for _, bad := range []string{"http://www.w3.org/2001/XMLSchema-instance", "urn:x", "urn:core.platform.webservices.netsuite.com"} {
		if _, ok := wire.Key(bad); ok {
			t.Errorf("Key(%s) accepted", bad)
		}
	}
}

// FuzzDecode: no input makes the decoder panic or loop; what decodes
// encodes again.
func FuzzDecode(f *testing.F) {
	e := wire.NewEncoder("2025_2")
	if err := e.EncodeElement("messages.platform", "add", &messages.AddRequest{Record: sampleCustomer()}); err != nil {
		f.Fatal(err)
	}
	f.Add(bytes.Replace(e.Buf.Bytes(), []byte("<platformMessages:add "),
		[]byte(`<platformMessages:add xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `), 1))
	f.Add([]byte(`<r><readResponse><status isSuccess="true"/></readResponse></r>`))
	f.Add([]byte(`<a><![CDATA[x]]>&amp;<!-- c --><?pi x?></a>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		d := wire.NewDecoder(bytes.NewReader(doc))
		for {
			k, err := d.Next()
			if err != nil || k == wire.EOF {
				return
			}
			if k == wire.Start {
				var v messages.AddRequest
				if err := d.DecodeElement(&v); err != nil {
					return
				}
				enc := wire.NewEncoder("2025_2")
				if err := enc.EncodeElement("messages.platform", "add", &v); err != nil {
					t.Fatalf("decoded value does not encode: %v", err)
				}
				return
			}
		}
	})
}
