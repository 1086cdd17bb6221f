package catalog

import (
	"strings"

	"github.com/go-netsuite/netsuite/sim/store"
)

// WithCustomRecords returns a catalog holding base's tables and records
// plus one table and one REST record type per custom record type. base is
// not changed.
//
// A custom record type's SuiteQL table and REST record type are both its
// script id (customrecord_shipment). Its standard columns are NetSuite's
// for custom records: id, name, externalid, isinactive, created,
// lastmodified and owner (REST id, name, externalId, isInactive, created,
// lastModified, owner); each custom field is a column and a REST field
// named by its script id (custrecord_carrier), as NetSuite exposes custom
// fields on both surfaces. Custom records have no SOAP definition here.
func WithCustomRecords(base *Catalog, types []store.CustomRecordType) *Catalog {
	tables := append([]*Table(nil), base.Tables...)
	records := append([]*Record(nil), base.Records...)
	for _, ct := range types {
		t := &Table{Name: ct.ScriptID, Key: "id", Modified: "lastmodified", Fields: []Field{
			{Column: "id", REST: "id", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "name", REST: "name", Type: String, NotNull: true},
			{Column: "externalid", REST: "externalId", Type: String},
			{Column: "isinactive", REST: "isInactive", Type: Boolean, NotNull: true},
			{Column: "created", REST: "created", Type: DateTime, ReadOnly: true, NotNull: true},
			{Column: "lastmodified", REST: "lastModified", Type: DateTime, ReadOnly: true, NotNull: true},
			{Column: "owner", REST: "owner", Type: Reference, Ref: "employee", Display: dfEmployee},
		}}
		if p := ct.Permission(); p != "" {
			t.Permissions = []string{p}
		}
		rec := &Record{REST: ct.ScriptID, Table: ct.ScriptID, Permission: ct.Permission(),
			Required: []string{"name"}}
		for _, cf := range ct.Fields {
			f := Field{Column: cf.ScriptID, REST: cf.ScriptID, Label: cf.Label, Type: customFieldType(cf.Type), NotNull: cf.Type == store.FieldCheckbox}
			if cf.Type == store.FieldSelect {
				f.Ref, f.Display = referenceTarget(base, cf.Ref)
			}
			t.Fields = append(t.Fields, f)
			if cf.Mandatory {
				rec.Required = append(rec.Required, cf.ScriptID)
			}
		}
		tables = append(tables, t)
		records = append(records, rec)
	}
	return New(tables, records)
}

// customFieldType maps a custom field type to the catalog's value types.
func customFieldType(t store.CustomFieldType) Type {
	switch t {
	case store.FieldInteger:
		return Integer
	case store.FieldDecimal, store.FieldCurrency, store.FieldPercent:
		return Float
	case store.FieldDate:
		return Date
	case store.FieldDateTime:
		return DateTime
	case store.FieldCheckbox:
		return Boolean
	case store.FieldSelect:
		return Reference
	}
	return String
}

// referenceTarget returns a select field's Field.Ref (the record type, or
// the table of a table holding several types) and its display expression.
func referenceTarget(base *Catalog, ref string) (target, display string) {
	if r := base.Record(ref); r != nil {
		target = r.REST
		if r.Discriminator.Column != "" {
			target = r.Table
		}
		switch r.Table {
		case "customer":
			return target, dfCustomer
		case "employee":
			return target, dfEmployee
		case "item":
			return target, dfItem
		case "transaction":
			return target, dfTran
		case "account":
			return target, dfAccount
		case "accountingperiod":
			return target, dfPeriod
		case "vendor":
			return target, `(SELECT COALESCE(nsdf.companyname, nsdf.entityid) FROM vendor AS nsdf WHERE nsdf.id = {col})`
		}
		if d, ok := referenceDisplay[r.Table]; ok {
			return target, d
		}
		return target, `(SELECT nsdf.entityid FROM "` + r.Table + `" AS nsdf WHERE nsdf.id = {col})`
	}
	// Another custom record type: its name.
	id := strings.ToLower(ref)
	return id, `(SELECT nsdf.name FROM "` + id + `" AS nsdf WHERE nsdf.id = {col})`
}
