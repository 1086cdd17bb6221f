package records

import (
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// Write validation: the one table of what NetSuite requires of a record
// write, per record type: the mandatory fields (with the UI labels
// NetSuite's message names them by) and the maximum lengths of text
// fields. References are checked generically (checkReference): every
// reference field whose target the catalog has must name an existing,
// active record of the target type.
//
// Messages and codes, all 400 USER_ERROR with o:errorPath naming the field
// and the "Error while accessing a resource. " prefix of REST write errors
// (julbrs/netsuite-api-client: test/request.test.ts expects
// "Error while accessing a resource. Please enter value(s) for: " for
// POST customer {}):
//
//   - a mandatory field left out or empty: "Please enter value(s) for:
//     <labels>." listing every missing field's UI label, comma-separated,
//     in one message (a live vendor create answered "Please enter value(s)
//     for: Company Name, Subsidiary."; other recorded REST answers end in
//     a period too: "…for: Primary Subsidiary.", "…for: Address."; the
//     SOAP-era answers quoted without one are not REST's). o:errorPath is
//     the first missing field (NetSuite's path for several was not found).
//   - a reference to a record that does not exist or is inactive: "You
//     have entered an Invalid Field Value <id> for the following field:
//     <field>" (the wording recorded for subsidiary and class references:
//     several public integrations match "Invalid Field Value (\d+) for the
//     following field: subsidiary" in NetSuite's answers). Inactive targets are refused too: NetSuite's select
//     fields offer only active records, and the emulator chooses to refuse
//     what the UI could not select.
//   - a text longer than the field allows: "The field <field> contained
//     more than the maximum number ( <n> ) of characters allowed." (the
//     wording SuiteScript and REST callers record, e.g. for a custom field
//     of 4000 characters and a customer phone of 32).
//   - a sales order or invoice without item lines: "You must enter at least
//     one line item for this transaction." (USER_ERROR, recorded for
//     upserts and REST creates).

// mandatory is one field NetSuite requires on a record.
type mandatory struct {
	column, label string
	// when restricts the requirement (e.g. companyName only for a company
	// customer); nil: always. row holds the record's values after the
	// write (new values over the stored ones).
	when func(row map[string]any) bool
}

// recordRules are the rules of one record type.
type recordRules struct {
	mandatory []mandatory
	// needsLines: a create must have at least one sublist line.
	needsLines bool
}

func isPerson(row map[string]any) bool  { return row["isperson"] == "T" }
func isCompany(row map[string]any) bool { return row["isperson"] != "T" }

// rules per REST record type. Only fields the emulator models are listed;
// NetSuite requires more on some types (an employee's and a contact's
// subsidiary, an item's subsidiary and tax schedule), which the emulator
// does not model and so cannot require.
//
//   - customer: Company Name for a company, First Name and Last Name for an
//     individual, and Subsidiary (a OneWorld account; the emulator models
//     one). Sources: live "Please enter value(s) for: Company Name" (public
//     integration tests quoting it), "…for: Subsidiary" on a customer add
//     (a marketplace integration's recorded error). NetSuite's label of a
//     customer's subsidiary is "Primary Subsidiary" in accounts with
//     multi-subsidiary customers; the emulator uses "Subsidiary".
//   - vendor: Company Name and Subsidiary (the live vendor answer above).
//   - employee: First Name, Last Name (Help Center section_4687606306 sets
//     "the required body fields" firstname, lastname and subsidiary).
//   - contact: nothing the emulator models (its name is generated when not
//     given, as the emulator's auto-numbering does).
//   - inventoryItem, serviceItem: Item Name/Number (itemid).
//   - salesOrder, invoice, customerPayment: Customer (entity); sales
//     orders and invoices need item lines.
//   - currency: Name and ISO Code (symbol); subsidiary: Name and Currency;
//     customerStatus: Status (name) and Stage. NetSuite's labels for these
//     are the UI's; their requirements are the emulator's reading of the
//     forms (not confirmed by a recorded answer).
//
// Custom record types require their name ("Name") and their mandatory
// fields (catalog.Record.Required), named by their labels (by their script
// ids when a definition gives no label).
var rules = map[string]recordRules{
	"customer": {mandatory: []mandatory{
		{column: "companyname", label: "Company Name", when: isCompany},
		{column: "firstname", label: "First Name", when: isPerson},
		{column: "lastname", label: "Last Name", when: isPerson},
		{column: "subsidiary", label: "Subsidiary"},
	}},
	"vendor": {mandatory: []mandatory{
		{column: "companyname", label: "Company Name"},
		{column: "subsidiary", label: "Subsidiary"},
	}},
	"employee": {mandatory: []mandatory{
		{column: "firstname", label: "First Name"},
		{column: "lastname", label: "Last Name"},
	}},
	"contact":         {},
	"inventoryItem":   {mandatory: []mandatory{{column: "itemid", label: "Item Name/Number"}}},
	"serviceItem":     {mandatory: []mandatory{{column: "itemid", label: "Item Name/Number"}}},
	"salesOrder":      {mandatory: []mandatory{{column: "entity", label: "Customer"}}, needsLines: true},
	"invoice":         {mandatory: []mandatory{{column: "entity", label: "Customer"}}, needsLines: true},
	"customerPayment": {mandatory: []mandatory{{column: "entity", label: "Customer"}}},
	"currency": {mandatory: []mandatory{
		{column: "name", label: "Name"},
		{column: "symbol", label: "ISO Code"},
	}},
	"subsidiary": {mandatory: []mandatory{
		{column: "name", label: "Name"},
		{column: "currency", label: "Currency"},
	}},
	"customerStatus": {mandatory: []mandatory{
		{column: "name", label: "Status"},
		{column: "stage", label: "Stage"},
	}},
}

// maxLengths are the maximum lengths (in characters) of text columns, per
// SuiteQL table. Sources and choices:
//
//   - phone 32: a live customer load refused a longer phone with "field
//     phone contained more than the maximum number (32) of characters".
//   - companyname 83: NetSuite's customer import template (a public copy
//     of the CSV template's field table; the same 83 for attention and
//     addressee).
//   - entityid 83: not found; the emulator uses the company name's 83
//     (NetSuite fills the entity id from the name). The template's 80 is
//     an import limit of that template, not confirmed as NetSuite's.
//   - firstname, lastname 32: not found in a public source; the emulator
//     uses 32 (its choice, the same as phone).
//   - email 254: not found; the longest address RFC 5321 allows, which
//     NetSuite accepts (the template's 64 is from an older release).
//   - itemid 60: not found in a public source; the commonly quoted limit of
//     Item Name/Number.
//   - memo 999: not found; the commonly quoted transaction memo limit.
//   - other text fields (title, displayname, description, upccode, tranid,
//     otherrefnum, externalid, the reference tables' names): NetSuite's
//     limit was not found; the emulator uses 300, the documented limit of a
//     Free-Form Text custom field, and 4000 (a Text Area custom field) for
//     descriptions. Custom record text fields get 4000 (the catalog does
//     not tell Free-Form Text, limited to 300, from Text Area): more lenient
//     than NetSuite for Free-Form Text fields.
var maxLengths = map[string]map[string]int{
	"employee":        {"entityid": 83, "firstname": 32, "lastname": 32, "email": 254, "title": 300, "externalid": 300},
	"customer":        {"entityid": 83, "companyname": 83, "firstname": 32, "lastname": 32, "email": 254, "phone": 32, "externalid": 300},
	"vendor":          {"entityid": 83, "companyname": 83, "email": 254, "phone": 32, "externalid": 300},
	"contact":         {"entityid": 83, "firstname": 32, "lastname": 32, "email": 254, "phone": 32, "title": 300, "externalid": 300},
	"item":            {"itemid": 60, "displayname": 300, "description": 4000, "upccode": 300, "externalid": 300},
	"transaction":     {"tranid": 300, "memo": 999, "otherrefnum": 300, "externalid": 300},
	"transactionline": {"memo": 4000},
	"currency":        {"name": 300, "symbol": 300},
	"subsidiary":      {"name": 300, "country": 300},
	"customerstatus":  {"name": 300, "stage": 300},
}

// customTextMax is the length limit of a custom record's text fields.
const customTextMax = 4000

// maxLength returns the limit of column in table t, or 0 for none.
func maxLength(t *catalog.Table, column string) int {
	if n, ok := maxLengths[t.Name][column]; ok {
		return n
	}
	if strings.HasPrefix(t.Name, "customrecord") {
		return customTextMax
	}
	return 0
}

func tooLong(path, field string, n int) *wire.RESTError {
	return &wire.RESTError{Status: http.StatusBadRequest, Code: "USER_ERROR", Path: path,
		Detail: detailResourcePrefix + "The field " + field + " contained more than the maximum number ( " + strconv.Itoa(n) + " ) of characters allowed."}
}

// checkLength refuses a text longer than its field allows.
func checkLength(t *catalog.Table, f *catalog.Field, s, path string) *wire.RESTError {
	if n := maxLength(t, f.Column); n > 0 && utf8.RuneCountInString(s) > n {
		return tooLong(path, f.REST, n)
	}
	return nil
}

// mandatoryOf returns the mandatory fields of r: the rules table's, or for
// a type it does not list (custom records) the catalog's Required columns.
func (rc *recordCall) mandatoryOf() []mandatory {
	if rr, ok := rules[rc.rec.REST]; ok {
		return rr.mandatory
	}
	t := rc.cat.Table(rc.rec.Table)
	var out []mandatory
	for _, col := range rc.rec.Required {
		label := col
		if f := t.Field(col); f != nil && f.Label != "" {
			label = f.Label
		} else if f != nil && f.REST != "" {
			label = f.REST
		}
		if col == "name" {
			label = "Name"
		}
		out = append(out, mandatory{column: col, label: label})
	}
	return out
}

// missingMandatory returns the "Please enter value(s) for" error when a
// mandatory field of the record would be empty after the write; row holds
// the record's values after it.
func (rc *recordCall) missingMandatory(row map[string]any) *wire.RESTError {
	t := rc.cat.Table(rc.rec.Table)
	var labels []string
	path := ""
	for _, m := range rc.mandatoryOf() {
		if m.when != nil && !m.when(row) {
			continue
		}
		if v := row[m.column]; v != nil && v != "" {
			continue
		}
		labels = append(labels, m.label)
		if path == "" {
			if f := t.Field(m.column); f != nil {
				path = f.REST
			}
		}
	}
	if len(labels) == 0 {
		return nil
	}
	return missingValues(path, labels)
}

func missingValues(path string, labels []string) *wire.RESTError {
	return &wire.RESTError{Status: http.StatusBadRequest, Code: "USER_ERROR", Path: path,
		Detail: detailResourcePrefix + "Please enter value(s) for: " + strings.Join(labels, ", ") + "."}
}

// noLines is the refusal of a sales order or invoice without item lines.
func noLines(path string) *wire.RESTError {
	return &wire.RESTError{Status: http.StatusBadRequest, Code: "USER_ERROR", Path: path,
		Detail: detailResourcePrefix + "You must enter at least one line item for this transaction."}
}

// needsLines reports whether a create of the record type needs lines.
func (rc *recordCall) needsLines() bool { return rules[rc.rec.REST].needsLines }

// storedRow reads the columns of record id that the mandatory rules look
// at, for checking an update.
func (rc *recordCall) storedRow(id int64) (map[string]any, error) {
	cols := []string{}
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] && rc.cat.Table(rc.rec.Table).Field(c) != nil {
			seen[c] = true
			cols = append(cols, `"`+c+`"`)
		}
	}
	add("isperson")
	for _, m := range rc.mandatoryOf() {
		add(m.column)
	}
	if len(cols) == 0 {
		return map[string]any{}, nil
	}
	rows, err := rc.s.Store.DB().QueryContext(rc.ctx(), `SELECT `+strings.Join(cols, ", ")+` FROM "`+rc.rec.Table+`" WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, sql.ErrNoRows
	}
	return core.ScanMap(rows, names)
}

// refTarget returns the table and discriminator a reference field points
// at: the record type's, or a table of several types (item, transaction).
// ok is false when the catalog has neither (a list the emulator does not
// model), and such a reference is not checked.
func (rc *recordCall) refTarget(f *catalog.Field) (table string, disc struct{ Column, Value string }, ok bool) {
	if r := rc.cat.Record(f.Ref); r != nil {
		return r.Table, r.Discriminator, true
	}
	if t := rc.cat.Table(f.Ref); t != nil {
		return t.Name, disc, true
	}
	return "", disc, false
}

// checkReference refuses a reference to a record that does not exist, is
// of another type, or is inactive.
func (rc *recordCall) checkReference(f *catalog.Field, id int64, path string) (*wire.RESTError, error) {
	table, disc, ok := rc.refTarget(f)
	if !ok {
		return nil, nil
	}
	q := `SELECT 1 FROM "` + table + `" WHERE id = ?`
	if disc.Column != "" {
		q += ` AND "` + disc.Column + `" = ` + sqlQuote(disc.Value)
	}
	if t := rc.cat.Table(table); t != nil && t.Field("isinactive") != nil {
		q += ` AND isinactive = 'F'`
	}
	var one int
	err := rc.s.Store.DB().QueryRowContext(rc.ctx(), q, id).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows) || core.IsNoTable(err):
		return invalidFieldValue(path, f.REST, strconv.FormatInt(id, 10)), nil
	case err != nil:
		return nil, err
	}
	return nil, nil
}
