package store

import (
	"errors"
	"strings"
	"testing"
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
	if viewer.Permissions.Level("custom record -> SHIPMENT") != LevelView || viewer.Permissions.Has("Custom Record -> Shipment", LevelEdit) {
		t.Errorf("viewer permissions = %v", viewer.Permissions)
	}
	if names := viewer.Permissions.Names(); names[len(names)-1] != "Custom Record -> Shipment" {
		t.Errorf("Names() = %v", names)
	}
	adminRole, _ := s.Role(ctx, AdministratorRoleName)
	if adminRole.Permissions.Level("Custom Record -> Shipment") != LevelFull || adminRole.Permissions.Has("Custom Record -> Depot", LevelView) {
		t.Errorf("administrator = %v", adminRole.Permissions)
	}

	// The guide's token role gets Full on the types that take a permission.
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Role(ctx, g.RoleName); r.Permissions.Level("Custom Record -> Shipment") != LevelFull {
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

func TestCustomRecordErrors(t *testing.T) {
	rec := func(body string) string { return "[[custom_records]]\nscript_id = \"customrecord_x\"\nname = \"X\"\n" + body }
	field := func(lines string) string { return rec("[[custom_records.fields]]\n" + lines) }
	tests := []struct {
		name    string
		file    string
		line    int
		key     string
		code    error
		message string
	}{
		{"bad type id", "[[custom_records]]\nscript_id = \"shipment\"\nname = \"S\"\n", 1, "custom_records[0]", ErrInvalid, `must start with "customrecord"`},
		{"upper case is lowered, space is not", "[[custom_records]]\nscript_id = \"CustomRecord_A B\"\nname = \"S\"\n", 1, "custom_records[0]", ErrInvalid, "customrecord_a b"},
		{"no name", "[[custom_records]]\nscript_id = \"customrecord_x\"\n", 1, "custom_records[0]", ErrInvalid, "has no name"},
		{"bad access", rec("access = \"public\"\n"), 1, "custom_records[0]", ErrInvalid, "No Permission Required"},
		{"duplicate type", rec("") + "[[custom_records]]\nscript_id = \"CUSTOMRECORD_X\"\nname = \"Y\"\n", 5, "custom_records[1].script_id", ErrDuplicate, "custom_records[0].script_id"},
		{"bad field id", field("script_id = \"custentity_x\"\ntype = \"text\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, `must start with "custrecord"`},
		{"unknown field type", field("script_id = \"custrecord_a\"\ntype = \"Rich Text\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, "known types: text (Free-Form Text)"},
		{"select without ref", field("script_id = \"custrecord_a\"\ntype = \"List/Record\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, `set ref, e.g. ref = "customer"`},
		{"ref on text", field("script_id = \"custrecord_a\"\ntype = \"text\"\nref = \"customer\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, "not a List/Record field"},
		{"unknown ref", field("script_id = \"custrecord_a\"\ntype = \"select\"\nref = \"widget\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, "unknown record type \"widget\"; known: customer"},
		{"field twice", field("script_id = \"custrecord_a\"\ntype = \"text\"\n[[custom_records.fields]]\nscript_id = \"custrecord_A\"\ntype = \"text\"\n"), 7, "custom_records[0].fields[1]", ErrDuplicate, "defined twice"},
		{"permission of an unknown type", "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"Custom Record -> Ghost\" = \"Full\"\n", 1, "roles[0]", ErrUnknownPermission, "no custom record type named \"Ghost\""},
		{"permission of a no-permission type", rec("access = \"none\"\n") + "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"Custom Record -> X\" = \"Full\"\n", 5, "roles[0]", ErrUnknownPermission, "none is defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			_, err := s.ApplyAccountFile(t.Context(), strings.NewReader(tt.file))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (%T), want *FileError", err, err)
			}
			if !errors.Is(err, tt.code) || fe.Line != tt.line || fe.Key != tt.key || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("got %v (line %d, key %q), want code %v, line %d, key %q, message containing %q", err, fe.Line, fe.Key, tt.code, tt.line, tt.key, tt.message)
			}
			// Nothing was applied, not even a table.
			if types, _ := s.CustomRecordTypes(t.Context()); len(types) != 0 {
				t.Errorf("types = %v", types)
			}
			var n int
			_ = s.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'customrecord%'`).Scan(&n)
			if n != 0 {
				t.Errorf("%d custom record tables left", n)
			}
		})
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
