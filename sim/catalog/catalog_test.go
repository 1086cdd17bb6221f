package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim/store"
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
		if (r.Permission == "") != (permissionNotModelled[r.REST] != "") || r.SOAPType == "" || r.SOAPPrefix == "" {
			t.Errorf("%s: missing permission or SOAP type", r.REST)
		}
		if c.Record(r.REST) != r || c.Record(r.REST+"x") != nil {
			t.Errorf("%s: lookup", r.REST)
		}
		if c.RecordForRow(r.Table, r.Discriminator.Value) != r {
			t.Errorf("%s: RecordForRow", r.REST)
		}
	}
	want := []string{"customer", "contact", "vendor", "employee", "inventoryItem", "serviceItem", "salesOrder", "invoice", "customerPayment",
		"account", "accountingPeriod", "currency", "subsidiary", "customerStatus"}
	if !slices.Equal(names, want) {
		t.Errorf("records %v, want %v", names, want)
	}
	if !slices.Equal(names, store.StandardRecordTypes) {
		t.Errorf("store.StandardRecordTypes = %v, want the catalog's %v", store.StandardRecordTypes, names)
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

func TestWithCustomRecords(t *testing.T) {
	types := []store.CustomRecordType{
		{ScriptID: "customrecord_shipment", Name: "Shipment", AccessType: store.AccessRequirePermission, Fields: []store.CustomField{
			{ScriptID: "custrecord_carrier", Type: store.FieldText, Mandatory: true},
			{ScriptID: "custrecord_order", Type: store.FieldSelect, Ref: "salesOrder"},
			{ScriptID: "custrecord_depot", Type: store.FieldSelect, Ref: "customrecord_depot"},
			{ScriptID: "custrecord_done", Type: store.FieldCheckbox},
			{ScriptID: "custrecord_weight", Type: store.FieldCurrency},
		}},
		{ScriptID: "customrecord_depot", Name: "Depot", AccessType: store.AccessNoPermission},
	}
	base := Default()
	c := WithCustomRecords(base, types)
	if len(base.Records) != 14 || base.Record("customrecord_shipment") != nil {
		t.Fatal("base catalog changed")
	}
	r := c.Record("CustomRecord_Shipment")
	if r == nil || r.Table != "customrecord_shipment" || r.Permission != "Custom Record -> Shipment" ||
		!slices.Equal(r.Required, []string{"name", "custrecord_carrier"}) || r.SOAPType != "" {
		t.Fatalf("record = %+v", r)
	}
	tbl := c.Table("customrecord_shipment")
	if tbl.Modified != "lastmodified" || !slices.Equal(tbl.Permissions, []string{"Custom Record -> Shipment"}) {
		t.Errorf("table = %+v", tbl)
	}
	for col, want := range map[string]Field{
		"isinactive":         {Column: "isinactive", REST: "isInactive", Type: Boolean, NotNull: true},
		"custrecord_carrier": {Column: "custrecord_carrier", REST: "custrecord_carrier", Type: String},
		"custrecord_done":    {Column: "custrecord_done", REST: "custrecord_done", Type: Boolean, NotNull: true},
		"custrecord_weight":  {Column: "custrecord_weight", REST: "custrecord_weight", Type: Float},
	} {
		if got := tbl.Field(col); got == nil || *got != want {
			t.Errorf("%s = %+v, want %+v", col, got, want)
		}
	}
	if f := tbl.Field("custrecord_order"); f.Ref != "transaction" || f.Display != dfTran {
		t.Errorf("order select = %+v", f)
	}
	if f := tbl.Field("custrecord_depot"); f.Ref != "customrecord_depot" || !strings.Contains(f.Display, `FROM "customrecord_depot"`) {
		t.Errorf("depot select = %+v", f)
	}
	if d := c.Record("customrecord_depot"); d.Permission != "" || len(c.Table("customrecord_depot").Permissions) != 0 {
		t.Errorf("no-permission type = %+v", d)
	}
}

// TestReferencesResolve: every reference of the default catalog (other than
// list values with text ids) points at a record type or table the catalog
// has, so the record service can check it for existence. Before the
// reference tables, currency, subsidiary and customerStatus had none.
func TestReferencesResolve(t *testing.T) {
	c := Default()
	for _, tbl := range c.Tables {
		for _, f := range tbl.Fields {
			if f.Type != Reference || f.TextID {
				continue
			}
			if c.Record(f.Ref) == nil && c.Table(f.Ref) == nil {
				t.Errorf("%s.%s: reference to %q has no record type or table", tbl.Name, f.Column, f.Ref)
			}
		}
	}
	for _, name := range []string{"currency", "subsidiary", "customerStatus"} {
		r := c.Record(name)
		if r == nil || c.Table(r.Table) == nil || c.Table(r.Table).Field("isinactive") == nil {
			t.Errorf("%s: record %+v", name, r)
		}
	}
}
