// Package catalog is the emulator's one record catalog: for every record
// type it serves, the SuiteQL table and columns, the REST record type and
// field names, the SOAP type and element names, the role permission and the
// field types. The SuiteQL engine's default catalog
// (sim/internal/suiteqlengine), the REST record service (sim/internal/records)
// and SOAP's record definitions (sim/internal/soap) are all derived from the
// tables here.
//
// Names follow NetSuite's spelling on each surface: SuiteQL columns are
// lower case (entityid, lastmodifieddate), REST record types and fields are
// camelCase (salesOrder, inventoryItem, entityId, lastModifiedDate), SOAP
// elements are camelCase in the record's namespace (listRel:Customer).
package catalog

import (
	"sort"
	"strings"

	"github.com/go-netsuite/netsuite/vocab"
)

// Type is a field's value type.
type Type int

// Field types. Storage in SQLite: dates 'YYYY-MM-DD', datetimes
// 'YYYY-MM-DD HH:MM:SS' UTC, booleans 'T'/'F', references the id.
const (
	String Type = iota
	Integer
	Float
	Date
	DateTime
	Boolean
	Reference
)

// String names the type.
func (t Type) String() string {
	return [...]string{"string", "integer", "float", "date", "datetime", "boolean", "reference"}[t]
}

// Field is one column of a SuiteQL table and its names on the other
// surfaces.
type Field struct {
	Column string // SuiteQL column (lower case), also the SQLite column
	REST   string // REST field name; "" = not exposed on REST
	SOAP   string // SOAP element name; "" = not written on SOAP
	// SOAPOrder is the element's position in the SOAP type's XSD sequence
	// (the SOAP record definitions sort by it).
	SOAPOrder int
	Type      Type
	// Ref is the REST record type a Reference points at ("" for list
	// values such as a status, written without links). For a reference to
	// a table holding several record types (item, transaction) it is the
	// table name and [Catalog.RecordForRow] picks the type.
	Ref string
	// TextID marks a Reference whose stored id is text (a list value
	// such as a transaction status), not an integer row id.
	TextID   bool
	ReadOnly bool // not settable through REST
	NotNull  bool // never NULL in the table
	// Label is the field's UI label where the catalog knows it (custom
	// fields); NetSuite's "Please enter value(s) for" names fields by it.
	Label string
	// Display is the SQLite expression BUILTIN.DF(column) becomes and REST
	// uses as a reference's refName: {col} is the column, {tbl} the
	// table's alias. Empty means the value itself.
	Display string
}

// Table is one SuiteQL table.
type Table struct {
	Name        string   // SuiteQL name, lower case
	Key         string   // primary key column ("id" or "uniquekey")
	Permissions []string // any one grants read access in SuiteQL; none: no permission needed
	// Modified is the date-time column a REST update stamps
	// (lastmodifieddate; lastmodified on custom record tables).
	Modified string
	Fields   []Field
	// Derived marks a table the store keeps as an SQLite view over other
	// tables (entity, transactionaccountingline, loginaudit, …): its rows
	// are not records of their own, so they are never dependents of a
	// record, and the records service does not create it.
	Derived bool
}

// Field returns the column's field, or nil.
func (t *Table) Field(column string) *Field {
	for i := range t.Fields {
		if t.Fields[i].Column == column {
			return &t.Fields[i]
		}
	}
	return nil
}

// Sublist is a record's sublist stored in another table (transaction lines).
type Sublist struct {
	Name   string // REST sub-resource name, e.g. "item"
	Table  string // SuiteQL table of the lines
	Parent string // column referencing the record's id
	Line   string // column numbering the lines within the record (REST "line")
	// Where restricts the rows to the sublist's lines (SQLite SQL on the
	// table's columns), e.g. mainline = 'F'.
	Where string
}

// Record is one record type.
type Record struct {
	REST       string // REST record type, e.g. "salesOrder"
	Table      string // SuiteQL table
	Permission string // role permission (vocab.Perm*)
	// Discriminator restricts the table's rows to this record type:
	// Column = Value (e.g. itemtype = 'InvtPart'); empty for one-type tables.
	Discriminator struct{ Column, Value string }
	// Set are further column values a new record gets (e.g. recordtype,
	// the initial status).
	Set map[string]string
	// NumberPrefix starts the generated entityid/tranid of a new record
	// that did not set one (NetSuite's auto-numbering), e.g. "SO".
	NumberPrefix string
	// SOAPType and SOAPPrefix are the SOAP xsi:type, e.g. "Customer" in
	// "listRel"; SOAPPrefix names a namespace of sim/wire.
	SOAPType, SOAPPrefix string
	Sublists             []Sublist
	// Required are columns a new record must set; NetSuite answers a
	// create without them with "Please enter value(s) for: …".
	Required []string
}

// Catalog is a set of tables and record types.
type Catalog struct {
	Tables  []*Table
	Records []*Record
	tables  map[string]*Table
	records map[string]*Record
}

// New indexes tables and records.
func New(tables []*Table, records []*Record) *Catalog {
	c := &Catalog{Tables: tables, Records: records, tables: map[string]*Table{}, records: map[string]*Record{}}
	for _, t := range tables {
		c.tables[t.Name] = t
	}
	for _, r := range records {
		c.records[strings.ToLower(r.REST)] = r
	}
	return c
}

// Table returns the named SuiteQL table, or nil.
func (c *Catalog) Table(name string) *Table { return c.tables[strings.ToLower(name)] }

// Record returns the record type with the REST name (case-insensitive, as
// NetSuite's REST service accepts "salesorder" for "salesOrder"), or nil.
func (c *Catalog) Record(rest string) *Record { return c.records[strings.ToLower(rest)] }

// RecordForRow returns the record type a row of table belongs to, given
// its discriminator value ("" for a one-type table), or nil.
func (c *Catalog) RecordForRow(table, discriminator string) *Record {
	for _, r := range c.Records {
		if r.Table == table && (r.Discriminator.Column == "" || r.Discriminator.Value == discriminator) {
			return r
		}
	}
	return nil
}

// Discriminator returns the discriminating column of table, or "".
func (c *Catalog) Discriminator(table string) string {
	for _, r := range c.Records {
		if r.Table == table && r.Discriminator.Column != "" {
			return r.Discriminator.Column
		}
	}
	return ""
}

// RecordFields returns the REST fields of a record type in table order.
func (c *Catalog) RecordFields(r *Record) []Field {
	var out []Field
	for _, f := range c.Table(r.Table).Fields {
		if f.REST != "" {
			out = append(out, f)
		}
	}
	return out
}

// RESTField returns the field of r with the REST name (exact spelling),
// or nil.
func (c *Catalog) RESTField(r *Record, name string) *Field {
	return c.restField(c.Table(r.Table), name)
}

func (c *Catalog) restField(t *Table, name string) *Field {
	for i := range t.Fields {
		if t.Fields[i].REST == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// SublistField returns the field of sublist s with the REST name, or nil.
func (c *Catalog) SublistField(s *Sublist, name string) *Field {
	return c.restField(c.Table(s.Table), name)
}

// SOAPFields returns r's SOAP elements in XSD order.
func (c *Catalog) SOAPFields(r *Record) []Field {
	var out []Field
	for _, f := range c.Table(r.Table).Fields {
		if f.SOAP != "" {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].SOAPOrder < out[j].SOAPOrder })
	return out
}

// Display expressions (SQLite SQL; see [Field.Display]).
const (
	dfCustomer = `(SELECT COALESCE(nsdf.companyname, nsdf.firstname || ' ' || nsdf.lastname, nsdf.entityid) FROM customer AS nsdf WHERE nsdf.id = {col})`
	dfEmployee = `(SELECT nsdf.entityid FROM employee AS nsdf WHERE nsdf.id = {col})`
	dfItem     = `(SELECT nsdf.itemid FROM item AS nsdf WHERE nsdf.id = {col})`
	dfTran     = `(SELECT CASE nsdf.type WHEN 'SalesOrd' THEN 'Sales Order #' WHEN 'CustInvc' THEN 'Invoice #' WHEN 'CustPymt' THEN 'Payment #' ELSE '' END || nsdf.tranid FROM "transaction" AS nsdf WHERE nsdf.id = {col})`
	dfTranType = `CASE {col} WHEN 'SalesOrd' THEN 'Sales Order' WHEN 'CustInvc' THEN 'Invoice' WHEN 'CustPymt' THEN 'Payment' ELSE {col} END`
	dfStatus   = `CASE {tbl}."type" || ':' || {col} WHEN 'SalesOrd:B' THEN 'Sales Order : Pending Fulfillment' WHEN 'SalesOrd:G' THEN 'Sales Order : Billed' WHEN 'CustInvc:A' THEN 'Invoice : Open' WHEN 'CustInvc:B' THEN 'Invoice : Paid In Full' WHEN 'CustPymt:B' THEN 'Payment : Not Deposited' WHEN 'CustPymt:C' THEN 'Payment : Deposited' ELSE {col} END`
	dfItemType = `CASE {col} WHEN 'InvtPart' THEN 'Inventory Item' WHEN 'Service' THEN 'Service' ELSE {col} END`
	dfCurrency = `CASE {col} WHEN 1 THEN 'US Dollar' ELSE {col} END`
	dfStage    = `CASE {col} WHEN 13 THEN 'CUSTOMER-Closed Won' ELSE {col} END`
)

// Default returns the emulator's catalog: the demo tables of sim/store
// (employee, customer, vendor, contact, item, transaction, transactionline)
// and the record types on them.
func Default() *Catalog { return defaultCatalog }

var defaultCatalog = New(defaultTables(), defaultRecords())

// entity fields shared by the entity tables (created/modified stamps etc.).
func stamps(created string, soapCreated, soapModified int) []Field {
	rest := "dateCreated"
	soap := "dateCreated"
	if created == "createddate" {
		rest, soap, soapCreated = "createdDate", "", 0
	}
	return []Field{
		{Column: created, REST: rest, SOAP: soap, SOAPOrder: soapCreated, Type: DateTime, ReadOnly: true, NotNull: true},
		{Column: "lastmodifieddate", REST: "lastModifiedDate", SOAP: "lastModifiedDate", SOAPOrder: soapModified, Type: DateTime, ReadOnly: true, NotNull: true},
		{Column: "externalid", REST: "externalId", Type: String},
	}
}

func defaultTables() []*Table {
	id := Field{Column: "id", REST: "id", Type: Integer, ReadOnly: true, NotNull: true}
	inactive := func(order int) Field {
		return Field{Column: "isinactive", REST: "isInactive", SOAP: "isInactive", SOAPOrder: order, Type: Boolean, NotNull: true}
	}
	currency := Field{Column: "currency", REST: "currency", Type: Reference, Ref: "currency", NotNull: true, Display: dfCurrency}
	subsidiary := Field{Column: "subsidiary", REST: "subsidiary", Type: Reference, Ref: "subsidiary", NotNull: true}
	str := func(col, rest string, order int) Field {
		f := Field{Column: col, REST: rest, Type: String}
		if order > 0 {
			f.SOAP, f.SOAPOrder = rest, order
		}
		return f
	}
	// SOAP orders follow the 2023_2 XSD sequences (lists.relationships.xsd,
	// lists.employees.xsd): Vendor and Employee put lastModifiedDate before
	// dateCreated.
	tables := []*Table{
		{Name: "employee", Key: "id", Permissions: []string{vocab.PermListsEmployees}, Fields: append([]Field{id,
			{Column: "entityid", REST: "entityId", SOAP: "entityId", SOAPOrder: 1, Type: String, NotNull: true},
			str("firstname", "firstName", 2), str("lastname", "lastName", 3), str("email", "email", 4), str("title", "title", 8),
			inactive(5),
			{Column: "giveaccess", REST: "giveAccess", Type: Boolean, NotNull: true},
			{Column: "supervisor", REST: "supervisor", Type: Reference, Ref: "employee", Display: dfEmployee},
		}, stamps("datecreated", 7, 6)...)},
		{Name: "customer", Key: "id", Permissions: []string{vocab.PermListsCustomers}, Fields: append([]Field{id,
			{Column: "entityid", REST: "entityId", SOAP: "entityId", SOAPOrder: 1, Type: String, NotNull: true},
			str("companyname", "companyName", 5),
			{Column: "isperson", REST: "isPerson", SOAP: "isPerson", SOAPOrder: 2, Type: Boolean, NotNull: true},
			str("firstname", "firstName", 3), str("lastname", "lastName", 4), str("email", "email", 7), str("phone", "phone", 6),
			{Column: "salesrep", REST: "salesRep", Type: Reference, Ref: "employee", Display: dfEmployee},
			{Column: "creditlimit", REST: "creditLimit", SOAP: "creditLimit", SOAPOrder: 10, Type: Float},
			currency, subsidiary,
			{Column: "entitystatus", REST: "entityStatus", Type: Reference, Ref: "customerStatus", Display: dfStage},
			inactive(8),
			{Column: "parent", REST: "parent", Type: Reference, Ref: "customer", Display: dfCustomer},
			// searchstage is the stage of the entity status (Lead,
			// Prospect, Customer); NetSuite derives it, REST does not
			// expose it.
			{Column: "searchstage", Type: String, ReadOnly: true, NotNull: true},
		}, stamps("datecreated", 9, 11)...)},
		{Name: "vendor", Key: "id", Permissions: []string{vocab.PermListsVendors}, Fields: append([]Field{id,
			{Column: "entityid", REST: "entityId", SOAP: "entityId", SOAPOrder: 1, Type: String, NotNull: true},
			str("companyname", "companyName", 2), str("email", "email", 4), str("phone", "phone", 3),
			currency, subsidiary, inactive(5)}, stamps("datecreated", 7, 6)...)},
		{Name: "contact", Key: "id", Permissions: []string{vocab.PermListsContacts}, Fields: append([]Field{id,
			{Column: "entityid", REST: "entityId", SOAP: "entityId", SOAPOrder: 1, Type: String, NotNull: true},
			str("firstname", "firstName", 2), str("lastname", "lastName", 3), str("email", "email", 6), str("phone", "phone", 5),
			str("title", "title", 4),
			{Column: "company", REST: "company", Type: Reference, Ref: "customer", Display: dfCustomer},
			inactive(7)}, stamps("datecreated", 8, 9)...)},
		{Name: "item", Key: "id", Permissions: []string{vocab.PermListsItems}, Fields: append([]Field{id,
			{Column: "itemid", REST: "itemId", Type: String, NotNull: true},
			{Column: "displayname", REST: "displayName", Type: String},
			{Column: "description", REST: "description", Type: String},
			{Column: "itemtype", REST: "itemType", Type: String, ReadOnly: true, NotNull: true, Display: dfItemType},
			{Column: "baseprice", REST: "basePrice", Type: Float},
			{Column: "cost", REST: "cost", Type: Float},
			{Column: "upccode", REST: "upcCode", Type: String},
			inactive(0)}, stamps("createddate", 0, 0)...)},
		{Name: "transaction", Key: "id", Permissions: []string{vocab.PermTransactionsSalesOrder, vocab.PermTransactionsInvoice, vocab.PermTransactionsCustomerPayment},
			Fields: append([]Field{id,
				{Column: "tranid", REST: "tranId", Type: String, NotNull: true},
				{Column: "trandate", REST: "tranDate", Type: Date, NotNull: true},
				{Column: "type", Type: String, ReadOnly: true, NotNull: true, Display: dfTranType},
				{Column: "recordtype", Type: String, ReadOnly: true, NotNull: true},
				{Column: "entity", REST: "entity", Type: Reference, Ref: "customer", Display: dfCustomer},
				{Column: "employee", REST: "salesRep", Type: Reference, Ref: "employee", Display: dfEmployee},
				{Column: "status", REST: "status", Type: Reference, TextID: true, ReadOnly: true, Display: dfStatus},
				{Column: "foreigntotal", REST: "total", Type: Float, ReadOnly: true},
				currency,
				{Column: "exchangerate", REST: "exchangeRate", Type: Float, NotNull: true},
				{Column: "memo", REST: "memo", Type: String},
				{Column: "otherrefnum", REST: "otherRefNum", Type: String},
				{Column: "createdfrom", REST: "createdFrom", Type: Reference, Ref: "transaction", Display: dfTran},
				{Column: "duedate", REST: "dueDate", Type: Date},
				{Column: "postingperiod", REST: "postingPeriod", Type: Reference, Ref: "accountingPeriod", Display: dfPeriod},
				{Column: "posting", Type: Boolean, ReadOnly: true, NotNull: true},
				{Column: "voided", Type: Boolean, ReadOnly: true, NotNull: true},
			}, stamps("createddate", 0, 0)...)},
		{Name: "transactionline", Key: "uniquekey", Permissions: []string{vocab.PermTransactionsSalesOrder, vocab.PermTransactionsInvoice, vocab.PermTransactionsCustomerPayment},
			Fields: []Field{
				{Column: "uniquekey", Type: Integer, ReadOnly: true, NotNull: true},
				{Column: "id", REST: "line", Type: Integer, ReadOnly: true, NotNull: true},
				{Column: "transaction", Type: Reference, Ref: "transaction", ReadOnly: true, NotNull: true, Display: dfTran},
				{Column: "linesequencenumber", Type: Integer, ReadOnly: true, NotNull: true},
				{Column: "mainline", Type: Boolean, ReadOnly: true, NotNull: true},
				{Column: "taxline", Type: Boolean, ReadOnly: true, NotNull: true},
				{Column: "item", REST: "item", Type: Reference, Ref: "item", Display: dfItem},
				{Column: "itemtype", REST: "itemType", Type: String, ReadOnly: true, Display: dfItemType},
				{Column: "quantity", REST: "quantity", Type: Float},
				{Column: "rate", REST: "rate", Type: Float},
				{Column: "netamount", REST: "amount", Type: Float},
				{Column: "foreignamount", Type: Float, ReadOnly: true},
				{Column: "entity", Type: Reference, Ref: "customer", ReadOnly: true, Display: dfCustomer},
				{Column: "memo", REST: "description", Type: String},
				{Column: "isclosed", REST: "isClosed", Type: Boolean, NotNull: true},
				{Column: "linelastmodifieddate", Type: DateTime, ReadOnly: true, NotNull: true},
			}},
	}
	tables = append(tables, referenceTables()...)
	tables = append(tables, moreTables()...)
	for _, t := range tables {
		if t.Field("lastmodifieddate") != nil {
			t.Modified = "lastmodifieddate"
		}
	}
	return tables
}

func defaultRecords() []*Record {
	lines := []Sublist{{Name: "item", Table: "transactionline", Parent: "transaction", Line: "id", Where: `mainline = 'F'`}}
	rec := func(rest, table, perm, prefix, soapType string) *Record {
		return &Record{REST: rest, Table: table, Permission: perm, SOAPPrefix: prefix, SOAPType: soapType,
			NumberPrefix: map[string]string{"customer": "CUST", "contact": "CONT", "vendor": "VEND", "employee": "EMP"}[rest]}
	}
	item := func(rest, itemtype, soapType string) *Record {
		r := rec(rest, "item", vocab.PermListsItems, "listAcct", soapType)
		r.Required = []string{"itemid"}
		r.Discriminator.Column, r.Discriminator.Value = "itemtype", itemtype
		return r
	}
	tran := func(rest, typ, recordtype, status, posting, perm, soapType string, sub []Sublist) *Record {
		r := rec(rest, "transaction", perm, "tranSales", soapType)
		if typ == "CustPymt" {
			r.SOAPPrefix = "tranCust"
		}
		r.Discriminator.Column, r.Discriminator.Value = "type", typ
		r.Required = []string{"entity"}
		r.Set = map[string]string{"recordtype": recordtype, "status": status, "posting": posting, "voided": "F"}
		r.Sublists = sub
		r.NumberPrefix = map[string]string{"SalesOrd": "SO", "CustInvc": "INV", "CustPymt": "PYMT"}[typ]
		return r
	}
	return append([]*Record{
		rec("customer", "customer", vocab.PermListsCustomers, "listRel", "Customer"),
		rec("contact", "contact", vocab.PermListsContacts, "listRel", "Contact"),
		rec("vendor", "vendor", vocab.PermListsVendors, "listRel", "Vendor"),
		rec("employee", "employee", vocab.PermListsEmployees, "listEmp", "Employee"),
		item("inventoryItem", "InvtPart", "InventoryItem"),
		item("serviceItem", "Service", "ServiceSaleItem"),
		tran("salesOrder", "SalesOrd", "salesorder", "B", "F", vocab.PermTransactionsSalesOrder, "SalesOrder", lines),
		tran("invoice", "CustInvc", "invoice", "A", "T", vocab.PermTransactionsInvoice, "Invoice", lines),
		tran("customerPayment", "CustPymt", "customerpayment", "C", "T", vocab.PermTransactionsCustomerPayment, "CustomerPayment", nil),
	}, append(moreRecords(), referenceRecords()...)...)
}
