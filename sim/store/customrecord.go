package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/go-netsuite/netsuite/vocab"
)

// Custom record types (Customization > Lists, Records, & Fields > Record
// Types). Each type is one SuiteQL table named by its script id
// (customrecord_shipment) with NetSuite's standard custom-record columns
//
//	id, name, externalid, isinactive ('T'/'F'), created, lastmodified, owner
//
// plus one column per custom field, named by the field's script id
// (custrecord_carrier). REST web services expose the same type as
// /services/rest/record/v1/customrecord_shipment with the standard fields
// camelCased (isInactive, externalId, lastModified) and custom fields under
// their script ids, as NetSuite does.
//
// The definitions live in acct_custom_record_type; the data tables are
// created (and given new columns) when a definition is saved.

// CustomFieldType is the type of a custom record field, as the field's
// "Type" list in NetSuite's UI names it.
type CustomFieldType string

// Custom field types.
const (
	FieldText     CustomFieldType = "text"     // Free-Form Text
	FieldTextArea CustomFieldType = "textarea" // Text Area / Long Text
	FieldEmail    CustomFieldType = "email"    // Email Address
	FieldURL      CustomFieldType = "url"      // Hyperlink
	FieldInteger  CustomFieldType = "integer"  // Integer Number
	FieldDecimal  CustomFieldType = "decimal"  // Decimal Number
	FieldCurrency CustomFieldType = "currency" // Currency
	FieldPercent  CustomFieldType = "percent"  // Percent
	FieldDate     CustomFieldType = "date"     // Date
	FieldDateTime CustomFieldType = "datetime" // Date/Time
	FieldCheckbox CustomFieldType = "checkbox" // Check Box
	FieldSelect   CustomFieldType = "select"   // List/Record: a reference to a record type
)

var fieldTypeNames = []struct {
	t     CustomFieldType
	label string
}{
	{FieldText, "Free-Form Text"}, {FieldTextArea, "Text Area"}, {FieldEmail, "Email Address"},
	{FieldURL, "Hyperlink"}, {FieldInteger, "Integer Number"}, {FieldDecimal, "Decimal Number"},
	{FieldCurrency, "Currency"}, {FieldPercent, "Percent"}, {FieldDate, "Date"},
	{FieldDateTime, "Date/Time"}, {FieldCheckbox, "Check Box"}, {FieldSelect, "List/Record"},
}

// ParseCustomFieldType accepts a type key ("checkbox") or NetSuite's label
// ("Check Box", "List/Record"), case-insensitively.
func ParseCustomFieldType(s string) (CustomFieldType, error) {
	n := normalizeFieldType(s)
	for _, d := range fieldTypeNames {
		if n == string(d.t) || n == normalizeFieldType(d.label) {
			return d.t, nil
		}
	}
	var keys []string
	for _, d := range fieldTypeNames {
		keys = append(keys, fmt.Sprintf("%s (%s)", d.t, d.label))
	}
	return "", newErr(ErrInvalid, "unknown custom field type %q; known types: %s", s, strings.Join(keys, ", "))
}

func normalizeFieldType(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '/':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// SQLType is the SQLite column type of the field's values: references and
// integers are INTEGER, numbers REAL, everything else TEXT (dates as
// 'YYYY-MM-DD', date-times as 'YYYY-MM-DD HH:MM:SS' UTC, check boxes 'T'/'F').
func (t CustomFieldType) SQLType() string {
	switch t {
	case FieldInteger, FieldSelect:
		return "INTEGER"
	case FieldDecimal, FieldCurrency, FieldPercent:
		return "REAL"
	}
	return "TEXT"
}

// CustomRecordAccess is a custom record type's "Access Type".
type CustomRecordAccess string

const (
	// AccessRequirePermission is "Require Custom Record Entries
	// Permission": a role needs the type's own permission
	// ([CustomRecordType.Permission]).
	AccessRequirePermission CustomRecordAccess = "permission"
	// AccessNoPermission is "No Permission Required".
	AccessNoPermission CustomRecordAccess = "none"
)

// ParseCustomRecordAccess accepts "permission" or "none" (or NetSuite's
// labels); empty means [AccessRequirePermission], NetSuite's default.
func ParseCustomRecordAccess(s string) (CustomRecordAccess, error) {
	switch normalizeFieldType(s) {
	case "", "permission", "requirecustomrecordentriespermission":
		return AccessRequirePermission, nil
	case "none", "nopermissionrequired":
		return AccessNoPermission, nil
	}
	return "", newErr(ErrInvalid, `unknown access type %q (want "permission" for Require Custom Record Entries Permission, or "none" for No Permission Required)`, s)
}

// CustomField is one field of a custom record type.
type CustomField struct {
	// ScriptID is the field id, e.g. "custrecord_carrier": the SuiteQL
	// column and the REST field name.
	ScriptID string          `json:"scriptId"`
	Label    string          `json:"label,omitempty"`
	Type     CustomFieldType `json:"type"`
	// Ref is the record type a select field points at: a standard REST
	// record type (customer, employee, salesOrder, ...) or a custom record
	// type's script id.
	Ref string `json:"ref,omitempty"`
	// Mandatory fields must be given when a record is created.
	Mandatory bool `json:"mandatory,omitempty"`
}

// CustomRecordType is a custom record type definition.
type CustomRecordType struct {
	// ScriptID is the type id, e.g. "customrecord_shipment": the SuiteQL
	// table and the REST record type.
	ScriptID   string             `json:"scriptId"`
	Name       string             `json:"name"`
	AccessType CustomRecordAccess `json:"accessType"`
	Fields     []CustomField      `json:"fields"`
}

// CustomRecordPermissionPrefix starts the permission of a custom record
// type whose access type requires one ("Custom Record -> Shipment"). The
// role form lists these on its Custom Record subtab by the type's name; the
// "Custom Record -> " spelling is the emulator's, in line with the
// "Lists -> Customers" names of the other record permissions.
const CustomRecordPermissionPrefix = "Custom Record -> "

// Permission returns the role permission the type requires, or "" when its
// access type needs none.
func (t CustomRecordType) Permission() string {
	if t.AccessType == AccessNoPermission {
		return ""
	}
	return CustomRecordPermissionPrefix + t.Name
}

// StandardRecordTypes are the REST record types of the emulator's
// standard records that a custom select field may reference. sim/catalog
// serves exactly these (a test there keeps the two lists equal).
var StandardRecordTypes = []string{"customer", "contact", "vendor", "employee", "inventoryItem", "serviceItem",
	"salesOrder", "invoice", "customerPayment", "account", "accountingPeriod"}

// Script ids: NetSuite lowercases them and allows letters, digits and
// underscores after the fixed prefix.
var (
	recordScriptID = regexp.MustCompile(`^customrecord[a-z0-9_]+$`)
	fieldScriptID  = regexp.MustCompile(`^custrecord[a-z0-9_]+$`)
)

// maxScriptIDLength bounds script ids (NetSuite's limit for custom record
// and field ids is 40 characters).
const maxScriptIDLength = 40

// normalize validates the definition and fills defaults (lower-case ids,
// the access type); known lists the record types a select field may
// reference, by lower-case name.
func (t *CustomRecordType) normalize(known func(string) (string, bool)) error {
	t.ScriptID = strings.ToLower(strings.TrimSpace(t.ScriptID))
	if !recordScriptID.MatchString(t.ScriptID) || len(t.ScriptID) > maxScriptIDLength {
		return newErr(ErrInvalid, `custom record script id %q is not valid: it must start with "customrecord" and continue with letters, digits or underscores (at most %d characters), e.g. "customrecord_shipment"`, t.ScriptID, maxScriptIDLength)
	}
	if slices.Contains(DemoViews, t.ScriptID) {
		// The custom record types' own SuiteQL table (demo_more.go).
		return newErr(ErrInvalid, `custom record script id %q is the name of a SuiteQL table; choose another, e.g. "customrecord_type"`, t.ScriptID)
	}
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return newErr(ErrInvalid, "custom record type %s has no name", t.ScriptID)
	}
	acc, err := ParseCustomRecordAccess(string(t.AccessType))
	if err != nil {
		return err
	}
	t.AccessType = acc
	seen := map[string]bool{}
	for i := range t.Fields {
		if err := t.normalizeField(i, seen, known); err != nil {
			return &FieldError{Index: i, Err: err}
		}
	}
	return nil
}

// FieldError is an error in the definition of one custom field.
type FieldError struct {
	Index int // position in CustomRecordType.Fields
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

func (t *CustomRecordType) normalizeField(i int, seen map[string]bool, known func(string) (string, bool)) error {
	var err error
	f := &t.Fields[i]
	f.ScriptID = strings.ToLower(strings.TrimSpace(f.ScriptID))
	if !fieldScriptID.MatchString(f.ScriptID) || len(f.ScriptID) > maxScriptIDLength {
		return newErr(ErrInvalid, `custom field script id %q is not valid: it must start with "custrecord" and continue with letters, digits or underscores (at most %d characters), e.g. "custrecord_carrier"`, f.ScriptID, maxScriptIDLength)
	}
	if seen[f.ScriptID] {
		return newErr(ErrDuplicate, "custom field %s is defined twice on %s", f.ScriptID, t.ScriptID)
	}
	seen[f.ScriptID] = true
	if f.Type, err = ParseCustomFieldType(string(f.Type)); err != nil {
		return fmt.Errorf("custom field %s: %w", f.ScriptID, err)
	}
	switch {
	case f.Type == FieldSelect && strings.TrimSpace(f.Ref) == "":
		return newErr(ErrInvalid, "custom field %s is a List/Record field but names no record type: set ref, e.g. ref = \"customer\"", f.ScriptID)
	case f.Type != FieldSelect && f.Ref != "":
		return newErr(ErrInvalid, "custom field %s has ref %q but is not a List/Record field (type = \"select\")", f.ScriptID, f.Ref)
	case f.Type == FieldSelect:
		ref, ok := known(strings.ToLower(strings.TrimSpace(f.Ref)))
		if !ok {
			return newErr(ErrInvalid, "custom field %s references unknown record type %q; known: %s, or a custom record type's script id",
				f.ScriptID, f.Ref, strings.Join(StandardRecordTypes, ", "))
		}
		f.Ref = ref
	}
	return nil
}

// CustomRecordTypes returns the custom record types, by script id.
func (s *Store) CustomRecordTypes(ctx context.Context) ([]CustomRecordType, error) {
	return customRecordTypes(ctx, s.db)
}

func customRecordTypes(ctx context.Context, q querier) ([]CustomRecordType, error) {
	return queryRows(ctx, q, "list custom record types", func(rows *sql.Rows) (CustomRecordType, error) {
		var def string
		var t CustomRecordType
		if err := rows.Scan(&def); err != nil {
			return t, err
		}
		err := json.Unmarshal([]byte(def), &t)
		return t, err
	}, `SELECT definition FROM acct_custom_record_type ORDER BY script_id`)
}

// DefineCustomRecordType creates or changes a custom record type and its
// table. A changed definition keeps the type's records: new fields become
// new (empty) columns; a field left out is no longer exposed (its column
// stays); changing an existing field's type is refused, since stored
// values would no longer fit it.
func (s *Store) DefineCustomRecordType(ctx context.Context, t CustomRecordType) (CustomRecordType, error) {
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = s.defineCustomRecordTypeTx(ctx, tx, t, nil)
		return err
	})
	if err != nil {
		return CustomRecordType{}, err
	}
	return t, nil
}

// defineCustomRecordTypeTx saves t inside tx; pending are further types
// being defined together (an account file), which select fields may
// reference before they are saved.
func (s *Store) defineCustomRecordTypeTx(ctx context.Context, tx *sql.Tx, t CustomRecordType, pending []CustomRecordType) (CustomRecordType, error) {
	existing, err := customRecordTypes(ctx, tx)
	if err != nil {
		return t, err
	}
	if err := bumpChangeTx(ctx, tx, true); err != nil {
		return t, err
	}
	known := func(name string) (string, bool) {
		for _, n := range StandardRecordTypes {
			if strings.ToLower(n) == name {
				return n, true
			}
		}
		for _, c := range slices.Concat(existing, pending, []CustomRecordType{t}) {
			if strings.ToLower(strings.TrimSpace(c.ScriptID)) == name {
				return name, true
			}
		}
		return "", false
	}
	if err := t.normalize(known); err != nil {
		return t, err
	}
	var prev *CustomRecordType
	for i := range existing {
		if existing[i].ScriptID == t.ScriptID {
			prev = &existing[i]
		} else if strings.EqualFold(existing[i].Name, t.Name) && t.AccessType == AccessRequirePermission {
			return t, newErr(ErrDuplicate, "custom record type %s already has the name %q (names give the role permission, so they must differ)", existing[i].ScriptID, t.Name)
		}
	}
	def, err := json.Marshal(t)
	if err != nil {
		return t, err
	}
	now := s.nowText()
	if prev == nil {
		cols := []string{
			`id INTEGER PRIMARY KEY`, `name TEXT NOT NULL`, `externalid TEXT UNIQUE`,
			`isinactive TEXT NOT NULL DEFAULT 'F'`, `created TEXT NOT NULL`, `lastmodified TEXT NOT NULL`, `owner INTEGER`,
		}
		for _, f := range t.Fields {
			cols = append(cols, customColumn(f))
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS "`+t.ScriptID+`" (`+strings.Join(cols, ", ")+`)`); err != nil {
			return t, fmt.Errorf("store: create table for %s: %w", t.ScriptID, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO acct_custom_record_type (script_id, definition, created, changed) VALUES (?, ?, ?, ?)`,
			t.ScriptID, string(def), now, now)
		if err != nil {
			return t, fmt.Errorf("store: save custom record type: %w", err)
		}
		return t, s.grantAdministrator(ctx, tx, t, now)
	}
	have, err := tableColumns(ctx, tx, t.ScriptID)
	if err != nil {
		return t, err
	}
	for _, f := range t.Fields {
		for _, p := range prev.Fields {
			if p.ScriptID == f.ScriptID && (p.Type != f.Type || p.Ref != f.Ref) {
				return t, newErr(ErrInvalid, "custom field %s of %s is %s; changing it to %s is not supported (stored values would not fit): give the field a new script id, or start from a new state file",
					f.ScriptID, t.ScriptID, describeField(p), describeField(f))
			}
		}
		if !have[f.ScriptID] {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE "`+t.ScriptID+`" ADD COLUMN `+customColumn(f)); err != nil {
				return t, fmt.Errorf("store: add field %s to %s: %w", f.ScriptID, t.ScriptID, err)
			}
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE acct_custom_record_type SET definition = ?, changed = ? WHERE script_id = ?`, string(def), now, t.ScriptID)
	if err != nil {
		return t, fmt.Errorf("store: save custom record type: %w", err)
	}
	if prev.Permission() == t.Permission() {
		return t, nil
	}
	return t, s.grantAdministrator(ctx, tx, t, now)
}

// grantAdministrator gives the built-in Administrator role Full on the
// type's permission, as NetSuite's Administrator has every custom record.
func (s *Store) grantAdministrator(ctx context.Context, tx *sql.Tx, t CustomRecordType, now string) error {
	if t.Permission() == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO acct_role_permission_change (role_id, permission, level, changed) VALUES (?, ?, ?, ?)`,
		AdministratorRoleID, t.Permission(), int(vocab.LevelFull), now)
	if err != nil {
		return fmt.Errorf("store: grant the administrator %s: %w", t.Permission(), err)
	}
	return nil
}

func describeField(f CustomField) string {
	if f.Type == FieldSelect {
		return "a select of " + f.Ref
	}
	return "a " + string(f.Type) + " field"
}

// customColumn is the column definition of a custom field.
func customColumn(f CustomField) string {
	c := `"` + f.ScriptID + `" ` + f.Type.SQLType()
	if f.Type == FieldCheckbox {
		c += ` NOT NULL DEFAULT 'F'`
	}
	return c
}

func tableColumns(ctx context.Context, q querier, table string) (map[string]bool, error) {
	names, err := queryRows(ctx, q, "columns of "+table, func(rows *sql.Rows) (string, error) {
		var n string
		err := rows.Scan(&n)
		return n, err
	}, `SELECT name FROM pragma_table_info(?)`, table)
	out := map[string]bool{}
	for _, n := range names {
		out[strings.ToLower(n)] = true
	}
	return out, err
}

// customRecordPermissionOf returns the canonical permission of the custom
// record type named name (case-insensitively), or an error naming the
// types that take a permission.
func customRecordPermissionOf(ctx context.Context, q querier, name string) (string, error) {
	types, err := customRecordTypes(ctx, q)
	if err != nil {
		return "", err
	}
	var names []string
	for _, t := range types {
		if t.AccessType != AccessRequirePermission {
			continue
		}
		if strings.EqualFold(t.Name, name) {
			return t.Permission(), nil
		}
		names = append(names, fmt.Sprintf("%q", t.Name))
	}
	list := "none is defined"
	if len(names) > 0 {
		list = "defined: " + strings.Join(names, ", ")
	}
	return "", newErr(ErrUnknownPermission, "unknown permission %q: there is no custom record type named %q that requires a permission (%s); define it under [[custom_records]] in the account file first",
		CustomRecordPermissionPrefix+name, name, list)
}
