package suiteql

import (
	"strings"
)

// ColumnType is the SuiteQL type of a column.
type ColumnType int

// Column types. Dates are stored as ISO-8601 text ('YYYY-MM-DD' for
// TypeDate, 'YYYY-MM-DD HH:MM:SS' for TypeDateTime) and booleans as 'T'/'F'.
const (
	TypeString ColumnType = iota
	TypeInteger
	TypeFloat
	TypeDate
	TypeDateTime
	TypeBoolean
)

// String names the type.
func (t ColumnType) String() string {
	switch t {
	case TypeString:
		return "string"
	case TypeInteger:
		return "integer"
	case TypeFloat:
		return "float"
	case TypeDate:
		return "date"
	case TypeDateTime:
		return "datetime"
	case TypeBoolean:
		return "boolean"
	}
	return "unknown"
}

// Column describes one column of a table.
type Column struct {
	// Name is the SuiteQL column name, lower case; it is also the SQLite
	// column name.
	Name string
	Type ColumnType
	// NotNull is set when the column never holds NULL. It lets the
	// translator leave out Oracle's NULLS LAST/FIRST ordering, which keeps
	// SQLite's index use for ORDER BY.
	NotNull bool
	// Display is the SQLite expression BUILTIN.DF(column) becomes: {col}
	// stands for the column and {tbl} for the table's alias, both already
	// quoted. Empty means BUILTIN.DF is the identity.
	Display string
}

// Table describes one SuiteQL table.
type Table struct {
	// Name is the SuiteQL table name, lower case.
	Name string
	// SQLName is the SQLite table; empty means Name. A value starting
	// with "(" is a subquery used as the table (Oracle's dual).
	SQLName string
	Columns []Column
	// Permissions lists the role permissions that grant read access; any
	// one of them suffices. Empty means no permission is needed.
	Permissions []string

	byName map[string]*Column
}

// Column returns the named column (case-insensitive), or nil.
func (t *Table) Column(name string) *Column {
	if t.byName == nil {
		for i := range t.Columns {
			if strings.EqualFold(t.Columns[i].Name, name) {
				return &t.Columns[i]
			}
		}
		return nil
	}
	return t.byName[strings.ToLower(name)]
}

func (t *Table) sqlName() string {
	if t.SQLName != "" {
		return t.SQLName
	}
	return t.Name
}

// Catalog describes the tables a query may use.
type Catalog interface {
	// Table returns the table with the given lower-case name, or nil.
	Table(name string) *Table
}

// MapCatalog is a Catalog backed by a fixed set of tables.
type MapCatalog struct {
	tables map[string]*Table
	order  []string
}

// NewCatalog returns a catalog of the given tables. It indexes their
// columns; the tables must not be modified afterwards.
func NewCatalog(tables ...*Table) *MapCatalog {
	c := &MapCatalog{tables: make(map[string]*Table, len(tables))}
	for _, t := range tables {
		t.byName = make(map[string]*Column, len(t.Columns))
		for i := range t.Columns {
			t.byName[strings.ToLower(t.Columns[i].Name)] = &t.Columns[i]
		}
		name := strings.ToLower(t.Name)
		c.tables[name] = t
		c.order = append(c.order, name)
	}
	return c
}

// Table implements Catalog.
func (c *MapCatalog) Table(name string) *Table { return c.tables[strings.ToLower(name)] }

// Tables returns the table names in the order given to NewCatalog.
func (c *MapCatalog) Tables() []string { return append([]string(nil), c.order...) }

// Role permissions of the default catalog, spelled as NetSuite's role page
// does (and as sim/store's permission constants).
const (
	PermCustomers       = "Lists -> Customers"
	PermContacts        = "Lists -> Contacts"
	PermVendors         = "Lists -> Vendors"
	PermEmployees       = "Lists -> Employees"
	PermItems           = "Lists -> Items"
	PermSalesOrder      = "Transactions -> Sales Order"
	PermInvoice         = "Transactions -> Invoice"
	PermCustomerPayment = "Transactions -> Customer Payment"
)

// transactionPerms grant the transaction tables. NetSuite checks the
// permission of each transaction type a row belongs to; the default
// catalog simplifies that to "any one of them lets the role query the
// transaction and transactionline tables" (all rows).
var transactionPerms = []string{PermSalesOrder, PermInvoice, PermCustomerPayment}

// Display expressions of the default catalog (SQLite SQL; see
// [Column.Display]).
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

func col(name string, t ColumnType) Column   { return Column{Name: name, Type: t} }
func nncol(name string, t ColumnType) Column { return Column{Name: name, Type: t, NotNull: true} }
func dfcol(name string, t ColumnType, notNull bool, display string) Column {
	return Column{Name: name, Type: t, NotNull: notNull, Display: display}
}

// DefaultTables returns fresh descriptions of the emulator's demo tables
// (sim/store/demo.go): customer, contact, vendor, employee, item,
// transaction and transactionline, plus Oracle's one-row dual.
func DefaultTables() []*Table {
	s, i, f, d, dt, b := TypeString, TypeInteger, TypeFloat, TypeDate, TypeDateTime, TypeBoolean
	return []*Table{
		{Name: "employee", Permissions: []string{PermEmployees}, Columns: []Column{
			nncol("id", i), nncol("entityid", s), col("firstname", s), col("lastname", s), col("email", s), col("title", s),
			nncol("isinactive", b), nncol("datecreated", dt), nncol("lastmodifieddate", dt), col("externalid", s),
		}},
		{Name: "customer", Permissions: []string{PermCustomers}, Columns: []Column{
			nncol("id", i), nncol("entityid", s), col("companyname", s), nncol("isperson", b), col("firstname", s),
			col("lastname", s), col("email", s), col("phone", s), dfcol("salesrep", i, false, dfEmployee),
			col("creditlimit", f), dfcol("currency", i, true, dfCurrency), nncol("subsidiary", i),
			dfcol("entitystatus", i, false, dfStage), nncol("isinactive", b), nncol("datecreated", dt),
			nncol("lastmodifieddate", dt), col("externalid", s),
		}},
		{Name: "vendor", Permissions: []string{PermVendors}, Columns: []Column{
			nncol("id", i), nncol("entityid", s), col("companyname", s), col("email", s), col("phone", s),
			dfcol("currency", i, true, dfCurrency), nncol("subsidiary", i), nncol("isinactive", b),
			nncol("datecreated", dt), nncol("lastmodifieddate", dt), col("externalid", s),
		}},
		{Name: "contact", Permissions: []string{PermContacts}, Columns: []Column{
			nncol("id", i), nncol("entityid", s), col("firstname", s), col("lastname", s), col("email", s), col("phone", s),
			col("title", s), dfcol("company", i, false, dfCustomer), nncol("isinactive", b), nncol("datecreated", dt),
			nncol("lastmodifieddate", dt), col("externalid", s),
		}},
		{Name: "item", Permissions: []string{PermItems}, Columns: []Column{
			nncol("id", i), nncol("itemid", s), col("displayname", s), col("description", s),
			dfcol("itemtype", s, true, dfItemType), col("baseprice", f), col("cost", f), col("upccode", s),
			nncol("isinactive", b), nncol("createddate", dt), nncol("lastmodifieddate", dt), col("externalid", s),
		}},
		{Name: "transaction", Permissions: transactionPerms, Columns: []Column{
			nncol("id", i), nncol("tranid", s), nncol("trandate", d), dfcol("type", s, true, dfTranType),
			nncol("recordtype", s), dfcol("entity", i, false, dfCustomer), dfcol("employee", i, false, dfEmployee),
			dfcol("status", s, false, dfStatus), col("foreigntotal", f), dfcol("currency", i, true, dfCurrency),
			nncol("exchangerate", f), col("memo", s), col("otherrefnum", s), dfcol("createdfrom", i, false, dfTran),
			col("duedate", d), nncol("posting", b), nncol("voided", b), nncol("createddate", dt),
			nncol("lastmodifieddate", dt), col("externalid", s),
		}},
		{Name: "transactionline", Permissions: transactionPerms, Columns: []Column{
			nncol("uniquekey", i), nncol("id", i), dfcol("transaction", i, true, dfTran), nncol("linesequencenumber", i),
			nncol("mainline", b), nncol("taxline", b), dfcol("item", i, false, dfItem), dfcol("itemtype", s, false, dfItemType),
			col("quantity", f), col("rate", f), col("netamount", f), col("foreignamount", f),
			dfcol("entity", i, false, dfCustomer), col("memo", s), nncol("isclosed", b), nncol("linelastmodifieddate", dt),
		}},
		{Name: "dual", SQLName: `(SELECT 'X' AS dummy)`, Columns: []Column{nncol("dummy", s)}},
	}
}

var defaultCatalog = NewCatalog(DefaultTables()...)

// DefaultCatalog returns the catalog of the demo tables (see
// [DefaultTables]). It is shared and must not be modified.
func DefaultCatalog() Catalog { return defaultCatalog }
