package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/vocab"
)

func TestCustomRecordAccountFile(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	if _, err := s.LoadAccountFile(ctx, "testdata/guide.toml"); err != nil {
		t.Fatal(err)
	}
	gen := s.CustomRecordGeneration()
	res, err := s.LoadAccountFile(ctx, "testdata/custom-records.toml")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.CustomRecords, ",") != "customrecord_shipment,customrecord_depot" {
		t.Errorf("CustomRecords = %v", res.CustomRecords)
	}
	if s.CustomRecordGeneration() == gen {
		t.Error("generation did not change")
	}
	types, err := s.CustomRecordTypes(ctx)
	if err != nil || len(types) != 2 {
		t.Fatalf("types = %+v, %v", types, err)
	}
	depot, ship := types[0], types[1]
	if depot.ScriptID != "customrecord_depot" || depot.AccessType != AccessNoPermission || depot.Permission() != "" {
		t.Errorf("depot = %+v", depot)
	}
	if ship.Permission() != "Custom Record -> Shipment" || len(ship.Fields) != 8 {
		t.Fatalf("shipment = %+v", ship)
	}
	// Labels are normalised to keys; refs to their canonical spelling.
	want := map[string]CustomField{
		"custrecord_carrier": {ScriptID: "custrecord_carrier", Label: "Carrier", Type: FieldText, Mandatory: true},
		"custrecord_order":   {ScriptID: "custrecord_order", Label: "Sales Order", Type: FieldSelect, Ref: "salesOrder"},
		"custrecord_depot":   {ScriptID: "custrecord_depot", Label: "Depot", Type: FieldSelect, Ref: "customrecord_depot"},
	}
	for _, f := range ship.Fields {
		if w, ok := want[f.ScriptID]; ok && f != w {
			t.Errorf("field = %+v, want %+v", f, w)
		}
	}
	// The tables exist with the standard columns and one per field.
	cols, err := tableColumns(ctx, s.DB(), "customrecord_shipment")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"id", "name", "externalid", "isinactive", "created", "lastmodified", "owner", "custrecord_carrier", "custrecord_delivered"} {
		if !cols[c] {
			t.Errorf("column %s missing: %v", c, cols)
		}
	}
	// The role's custom record permission; the Administrator has it at Full.
	viewer, err := s.Role(ctx, "Shipment Viewer")
	if err != nil {
		t.Fatal(err)
	}
	if viewer.Permissions.Level("custom record -> SHIPMENT") != vocab.LevelView || viewer.Permissions.Has("Custom Record -> Shipment", vocab.LevelEdit) {
		t.Errorf("viewer permissions = %v", viewer.Permissions)
	}
	if names := viewer.Permissions.Names(); names[len(names)-1] != "Custom Record -> Shipment" {
		t.Errorf("Names() = %v", names)
	}
	adminRole, _ := s.Role(ctx, AdministratorRoleName)
	if adminRole.Permissions.Level("Custom Record -> Shipment") != vocab.LevelFull || adminRole.Permissions.Has("Custom Record -> Depot", vocab.LevelView) {
		t.Errorf("administrator = %v", adminRole.Permissions)
	}

	// The guide's token role gets Full on the types that take a permission.
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Role(ctx, g.RoleName); r.Permissions.Level("Custom Record -> Shipment") != vocab.LevelFull {
		t.Errorf("guide role = %v", r.Permissions)
	}

	// Re-applying is idempotent; a new field is added as a column and the
	// records are kept.
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO customrecord_depot (id, name, created, lastmodified) VALUES (1, 'North', 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadAccountFile(ctx, "testdata/custom-records.toml"); err != nil {
		t.Fatalf("re-apply: %v", err)
	}
	depot.Fields = append(depot.Fields, CustomField{ScriptID: "CUSTRECORD_Capacity", Type: "Integer Number"})
	got, err := s.DefineCustomRecordType(ctx, depot)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fields[1].ScriptID != "custrecord_capacity" || got.Fields[1].Type != FieldInteger {
		t.Errorf("defined %+v", got)
	}
	var name string
	var capacity any
	if err := s.DB().QueryRowContext(ctx, `SELECT name, custrecord_capacity FROM customrecord_depot WHERE id = 1`).Scan(&name, &capacity); err != nil || name != "North" || capacity != nil {
		t.Errorf("kept row: %q %v %v", name, capacity, err)
	}
	// Changing a field's type is refused with the way out.
	got.Fields[1].Type = FieldText
	if _, err := s.DefineCustomRecordType(ctx, got); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "new script id") {
		t.Errorf("type change: %v", err)
	}
}

func TestParseCustomFieldType(t *testing.T) {
	for in, want := range map[string]CustomFieldType{"Check Box": FieldCheckbox, "checkbox": FieldCheckbox, "Date/Time": FieldDateTime,
		"list/record": FieldSelect, "Free-Form Text": FieldText, "decimal number": FieldDecimal, " Currency ": FieldCurrency} {
		if got, err := ParseCustomFieldType(in); err != nil || got != want {
			t.Errorf("%q = %q, %v; want %q", in, got, err, want)
		}
	}
}
