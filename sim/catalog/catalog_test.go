package catalog

import (
	"slices"
	"testing"
)

func TestDefaultConsistent(t *testing.T) {
	c := Default()
	var names []string
	for _, r := range c.Records {
		names = append(names, r.REST)
		tbl := c.Table(r.Table)
		if tbl == nil {
			t.Fatalf("%s: no table %s", r.REST, r.Table)
		}
		if d := r.Discriminator.Column; d != "" && tbl.Field(d) == nil {
			t.Errorf("%s: discriminator %s not in %s", r.REST, d, r.Table)
		}
		for col := range r.Set {
			if tbl.Field(col) == nil {
				t.Errorf("%s: Set column %s not in %s", r.REST, col, r.Table)
			}
		}
		for _, sl := range r.Sublists {
			st := c.Table(sl.Table)
			if st == nil || st.Field(sl.Parent) == nil || st.Field(sl.Line) == nil {
				t.Errorf("%s: sublist %s is not on its table", r.REST, sl.Name)
			}
		}
		if r.Permission == "" || r.SOAPType == "" || r.SOAPPrefix == "" {
			t.Errorf("%s: missing permission or SOAP type", r.REST)
		}
		if c.Record(r.REST) != r || c.Record(r.REST+"x") != nil {
			t.Errorf("%s: lookup", r.REST)
		}
		if c.RecordForRow(r.Table, r.Discriminator.Value) != r {
			t.Errorf("%s: RecordForRow", r.REST)
		}
	}
	want := []string{"customer", "contact", "vendor", "employee", "inventoryItem", "serviceItem", "salesOrder", "invoice", "customerPayment"}
	if !slices.Equal(names, want) {
		t.Errorf("records %v, want %v", names, want)
	}
	for _, tbl := range c.Tables {
		if tbl.Field(tbl.Key) == nil {
			t.Errorf("%s: key %s", tbl.Name, tbl.Key)
		}
		rest, soap := map[string]bool{}, map[int]bool{}
		for _, f := range tbl.Fields {
			if f.REST != "" {
				if rest[f.REST] {
					t.Errorf("%s: REST name %s twice", tbl.Name, f.REST)
				}
				rest[f.REST] = true
			}
			if f.SOAP != "" && f.SOAPOrder > 0 {
				if soap[f.SOAPOrder] {
					t.Errorf("%s: SOAP order %d twice", tbl.Name, f.SOAPOrder)
				}
				soap[f.SOAPOrder] = true
			}
			if f.Type == Reference && f.Ref == "" && !f.TextID {
				t.Errorf("%s.%s: reference without target", tbl.Name, f.Column)
			}
		}
	}
	if got := c.SOAPFields(c.Record("vendor")); got[5].SOAP != "lastModifiedDate" || got[6].SOAP != "dateCreated" {
		t.Errorf("vendor SOAP order: %v", got)
	}
	if f := c.RESTField(c.Record("salesOrder"), "tranId"); f == nil || f.Column != "tranid" {
		t.Errorf("tranId: %v", f)
	}
}
