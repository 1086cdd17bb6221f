package suiteqlengine

import (
	"strings"

	"github.com/go-netsuite/netsuite/sim/catalog"
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

// DefaultTables returns fresh descriptions of the emulator's demo tables
// (sim/store/demo.go): customer, contact, vendor, employee, item,
// transaction and transactionline, derived from the emulator's one record
// catalog (sim/catalog), plus Oracle's one-row dual.
//
// The transaction tables list the permission of every transaction type:
// NetSuite checks the permission of each transaction type a row belongs
// to; the default catalog simplifies that to "any one of them lets the
// role query the transaction and transactionline tables" (all rows).
func DefaultTables() []*Table { return TablesFrom(catalog.Default()) }

// TablesFrom returns fresh descriptions of a record catalog's tables, plus
// Oracle's one-row dual.
func TablesFrom(c *catalog.Catalog) []*Table {
	var out []*Table
	for _, t := range c.Tables {
		tbl := &Table{Name: t.Name, Permissions: append([]string(nil), t.Permissions...)}
		for _, f := range t.Fields {
			tbl.Columns = append(tbl.Columns, Column{Name: f.Column, Type: columnType(f), NotNull: f.NotNull, Display: f.Display})
		}
		out = append(out, tbl)
	}
	return append(out, &Table{Name: "dual", SQLName: `(SELECT 'X' AS dummy)`, Columns: []Column{{Name: "dummy", Type: TypeString, NotNull: true}}})
}

// columnType is the SuiteQL type of a catalog field: references are their
// ids (integers, or text for list values).
func columnType(f catalog.Field) ColumnType {
	switch f.Type {
	case catalog.Integer:
		return TypeInteger
	case catalog.Float:
		return TypeFloat
	case catalog.Date:
		return TypeDate
	case catalog.DateTime:
		return TypeDateTime
	case catalog.Boolean:
		return TypeBoolean
	case catalog.Reference:
		if f.TextID {
			return TypeString
		}
		return TypeInteger
	}
	return TypeString
}

var defaultCatalog = NewCatalog(DefaultTables()...)

// DefaultCatalog returns the catalog of the demo tables (see
// [DefaultTables]). It is shared and must not be modified.
func DefaultCatalog() Catalog { return defaultCatalog }
