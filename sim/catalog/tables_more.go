package catalog

import "github.com/go-netsuite/netsuite/vocab"

// The tables real-world SuiteQL reads most beyond the record tables of
// catalog.go: the general ledger (transactionaccountingline, account,
// accountingperiod), the entity union, and the account's own audit and
// set-up tables (loginaudit, systemnote, role, file, customrecordtype).
// sim/store/demo_more.go creates them; entity, transactionaccountingline,
// role, loginaudit and customrecordtype are SQLite views there (over the
// demo tables and the account model), so they follow every write.
//
// Column names are those of NetSuite's analytics data source (the Records
// Catalog's SuiteScript and REST Query API channel, Help Center
// article_159376859035). Where the lists come from:
//
//	transactionaccountingline  fivetran/dbt_netsuite_source macros/get_transactionaccountingline_columns.sql
//	account                    fivetran/dbt_netsuite_source macros/get_accounts_columns.sql (netsuite2)
//	accountingperiod           stitchdata/docs _integration-schemas/netsuite/AccountingPeriod.md
//	                           (the same record's fields, lower-cased as SuiteQL spells them)
//	entity                     fivetran/dbt_netsuite_source macros/get_entity_columns.sql
//	systemnote                 Help Center section_1500043125 (System Note: date, record type,
//	                           record, field, old and new value, the user's role) and the CData
//	                           NetSuite SuiteQL schema page for systemnote (context, date, field,
//	                           name, newvalue, oldvalue, record, recordid, recordtypeid, role)
//	loginaudit                 the Login Audit Trail search's fields (Help Center section_1548084502:
//	                           user, role, date, email address, IP address, status, token-based
//	                           application and access token names)
//	role, customrecordtype,    the columns public SuiteQL reads (id, name, scriptid, isinactive;
//	file                       for file: name, folder, filetype, filesize, url); the rest of
//	                           NetSuite's columns are not modelled
//
// Permissions: transactionaccountingline needs a transaction permission
// as transaction does, entity one of the entity list permissions. NetSuite
// requires Lists -> Accounts for account and Lists -> Documents and Files
// for file (TIBCO TDV's NetSuite adapter permission table), Setup -> Manage
// Accounting Periods for accountingperiod (stitchdata/docs
// AccountingPeriod.md) and the Login Audit Trail permission for loginaudit
// (Help Center section_1548084502); the permissions of role, systemnote
// (NetSuite shows a record's notes to whoever may view the record) and
// customrecordtype are not known here. The emulator's permission
// vocabulary (vocab.Permissions) has none of those names yet, so these
// tables need no permission in the emulator.

// Display expressions of references to account, accountingperiod and the
// account model's users and roles.
const (
	dfAccount      = `(SELECT TRIM(COALESCE(nsdf.acctnumber, '') || ' ' || COALESCE(nsdf.fullname, nsdf.accountsearchdisplayname)) FROM account AS nsdf WHERE nsdf.id = {col})`
	dfPeriod       = `(SELECT nsdf.periodname FROM accountingperiod AS nsdf WHERE nsdf.id = {col})`
	dfAcctEmployee = `(SELECT nsdf.entity_id FROM acct_employee AS nsdf WHERE nsdf.id = {col})`
	dfRole         = `(SELECT nsdf.name FROM acct_role AS nsdf WHERE nsdf.id = {col})`
)

// moreTables returns the tables described above.
func moreTables() []*Table {
	id := Field{Column: "id", REST: "id", Type: Integer, ReadOnly: true, NotNull: true}
	boolean := func(col, rest string) Field {
		return Field{Column: col, REST: rest, Type: Boolean, NotNull: true}
	}
	ro := func(col string, t Type) Field { return Field{Column: col, Type: t, ReadOnly: true} }
	tranPerms := []string{vocab.PermTransactionsSalesOrder, vocab.PermTransactionsInvoice, vocab.PermTransactionsCustomerPayment}
	return []*Table{
		// One row per transaction line and accounting book: the line's
		// posting to account. amount is debit − credit (debits positive),
		// so a transaction's amounts sum to zero.
		{Name: "transactionaccountingline", Derived: true, Key: "transaction", Permissions: tranPerms, Fields: []Field{
			{Column: "transaction", Type: Reference, Ref: "transaction", ReadOnly: true, NotNull: true, Display: dfTran},
			{Column: "transactionline", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "accountingbook", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "account", Type: Reference, Ref: "account", ReadOnly: true, NotNull: true, Display: dfAccount},
			ro("debit", Float), ro("credit", Float),
			{Column: "amount", Type: Float, ReadOnly: true, NotNull: true},
			{Column: "netamount", Type: Float, ReadOnly: true, NotNull: true},
			{Column: "posting", Type: Boolean, ReadOnly: true, NotNull: true},
			{Column: "exchangerate", Type: Float, ReadOnly: true, NotNull: true},
		}},
		// The chart of accounts. REST record "account" (NetSuite's REST API
		// Browser lists it; field names acctNumber, acctName, acctType).
		// The SOAP elements' relative order (acctType, acctNumber, acctName,
		// description, isInactive) is believed to be the listAcct XSD's, not
		// verified here; likewise for accountingperiod below.
		{Name: "account", Key: "id", Fields: []Field{id,
			{Column: "acctnumber", REST: "acctNumber", SOAP: "acctNumber", SOAPOrder: 2, Type: String},
			{Column: "accountsearchdisplayname", REST: "acctName", SOAP: "acctName", SOAPOrder: 3, Type: String, NotNull: true},
			{Column: "fullname", Type: String, ReadOnly: true},
			{Column: "accttype", REST: "acctType", SOAP: "acctType", SOAPOrder: 1, Type: Reference, TextID: true, NotNull: true},
			{Column: "sspecacct", Type: String, ReadOnly: true},
			{Column: "parent", REST: "parent", Type: Reference, Ref: "account", Display: dfAccount},
			{Column: "description", REST: "description", SOAP: "description", SOAPOrder: 4, Type: String},
			{Column: "currency", REST: "currency", Type: Reference, Ref: "currency", Display: dfCurrency},
			{Column: "isinactive", REST: "isInactive", SOAP: "isInactive", SOAPOrder: 5, Type: Boolean, NotNull: true},
			boolean("issummary", "isSummary"),
			{Column: "externalid", REST: "externalId", Type: String},
		}},
		// Months, quarters (isquarter) and fiscal years (isyear); a month's
		// parent is its quarter, a quarter's its year. REST record
		// "accountingPeriod".
		{Name: "accountingperiod", Key: "id", Fields: []Field{id,
			{Column: "periodname", REST: "periodName", SOAP: "periodName", SOAPOrder: 1, Type: String, NotNull: true},
			{Column: "startdate", REST: "startDate", Type: Date, NotNull: true},
			{Column: "enddate", REST: "endDate", Type: Date, NotNull: true},
			{Column: "isquarter", REST: "isQuarter", SOAP: "isQuarter", SOAPOrder: 2, Type: Boolean, NotNull: true},
			{Column: "isyear", REST: "isYear", SOAP: "isYear", SOAPOrder: 3, Type: Boolean, NotNull: true},
			{Column: "isadjust", REST: "isAdjust", SOAP: "isAdjust", SOAPOrder: 4, Type: Boolean, NotNull: true},
			boolean("isposting", "isPosting"),
			{Column: "closed", REST: "closed", SOAP: "closed", SOAPOrder: 5, Type: Boolean, NotNull: true},
			boolean("alllocked", "allLocked"), boolean("arlocked", "arLocked"), boolean("aplocked", "apLocked"),
			{Column: "parent", REST: "parent", Type: Reference, Ref: "accountingPeriod", Display: dfPeriod},
			boolean("isinactive", "isInactive"),
		}},
		// Customers, vendors, employees and contacts in one id space. type
		// is NetSuite's entity type code (CustJob, Vendor, Employee,
		// Contact); customer/vendor/employee/contact repeat the id in the
		// column of the entity's own type.
		{Name: "entity", Derived: true, Key: "id", Permissions: []string{vocab.PermListsCustomers, vocab.PermListsVendors, vocab.PermListsEmployees, vocab.PermListsContacts},
			Fields: []Field{
				{Column: "id", Type: Integer, ReadOnly: true, NotNull: true},
				{Column: "entityid", Type: String, ReadOnly: true, NotNull: true},
				ro("altname", String),
				{Column: "entitytitle", Type: String, ReadOnly: true, NotNull: true},
				{Column: "type", Type: String, ReadOnly: true, NotNull: true},
				ro("firstname", String), ro("lastname", String), ro("email", String), ro("phone", String),
				{Column: "isperson", Type: Boolean, ReadOnly: true, NotNull: true},
				{Column: "isinactive", Type: Boolean, ReadOnly: true, NotNull: true},
				{Column: "customer", Type: Reference, Ref: "customer", ReadOnly: true},
				{Column: "vendor", Type: Reference, Ref: "vendor", ReadOnly: true},
				{Column: "employee", Type: Reference, Ref: "employee", ReadOnly: true},
				{Column: "contact", Type: Reference, Ref: "contact", ReadOnly: true},
				{Column: "datecreated", Type: DateTime, ReadOnly: true, NotNull: true},
				{Column: "lastmodifieddate", Type: DateTime, ReadOnly: true, NotNull: true},
				ro("externalid", String),
			}},
		// The account's roles (the account model's acct_role). scriptid is
		// "administrator" for the built-in Administrator and customrole<id>
		// for the others.
		{Name: "role", Derived: true, Key: "id", Fields: []Field{
			{Column: "id", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "name", Type: String, ReadOnly: true, NotNull: true},
			{Column: "scriptid", Type: String, ReadOnly: true, NotNull: true},
			{Column: "isinactive", Type: Boolean, ReadOnly: true, NotNull: true},
		}},
		// The Login Audit Trail the emulator keeps for every web services
		// login (acct_login_audit). user is the id of the account model's
		// employee (the users who log in), role the role's id; both are ids
		// of the account model, not of the demo tables, so they carry no
		// catalog reference (BUILTIN.DF gives the name).
		{Name: "loginaudit", Derived: true, Key: "id", Fields: []Field{
			{Column: "id", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "date", Type: DateTime, ReadOnly: true, NotNull: true},
			{Column: "user", Type: Integer, ReadOnly: true, Display: dfAcctEmployee},
			{Column: "emailaddress", Type: String, ReadOnly: true, NotNull: true},
			{Column: "role", Type: Integer, ReadOnly: true, Display: dfRole},
			{Column: "status", Type: String, ReadOnly: true, NotNull: true},
			{Column: "detail", Type: String, ReadOnly: true, NotNull: true},
			{Column: "ipaddress", Type: String, ReadOnly: true, NotNull: true},
			{Column: "oauthappname", Type: String, ReadOnly: true, NotNull: true},
			{Column: "oauthaccesstokenname", Type: String, ReadOnly: true, NotNull: true},
		}},
		// Changes to records: one Create note per generated demo record.
		// recordtypeid is NetSuite's numeric record type id, recordid the
		// record's id, name the user who made the change, role the user's
		// role, context the execution context (CSV for the demo's import).
		{Name: "systemnote", Key: "id", Fields: []Field{
			{Column: "id", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "date", Type: DateTime, ReadOnly: true, NotNull: true},
			{Column: "recordtypeid", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "recordid", Type: Integer, ReadOnly: true, NotNull: true},
			ro("record", String), ro("field", String), ro("oldvalue", String), ro("newvalue", String),
			{Column: "name", Type: Integer, ReadOnly: true, Display: dfAcctEmployee},
			{Column: "role", Type: Integer, ReadOnly: true, Display: dfRole},
			{Column: "type", Type: String, ReadOnly: true, NotNull: true},
			ro("context", String),
		}},
		// The File Cabinet's files.
		{Name: "file", Key: "id", Fields: []Field{
			{Column: "id", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "name", Type: String, ReadOnly: true, NotNull: true},
			{Column: "folder", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "filetype", Type: String, ReadOnly: true, NotNull: true},
			{Column: "filesize", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "url", Type: String, ReadOnly: true, NotNull: true},
			ro("description", String),
			{Column: "isinactive", Type: Boolean, ReadOnly: true, NotNull: true},
			{Column: "isonline", Type: Boolean, ReadOnly: true, NotNull: true},
			{Column: "createddate", Type: DateTime, ReadOnly: true, NotNull: true},
			{Column: "lastmodifieddate", Type: DateTime, ReadOnly: true, NotNull: true},
		}},
		// The account's custom record types (acct_custom_record_type).
		// NetSuite writes script ids in upper case here
		// (CUSTOMRECORD_SHIPMENT); internalid repeats id.
		{Name: "customrecordtype", Derived: true, Key: "id", Fields: []Field{
			{Column: "id", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "internalid", Type: Integer, ReadOnly: true, NotNull: true},
			{Column: "scriptid", Type: String, ReadOnly: true, NotNull: true},
			{Column: "name", Type: String, ReadOnly: true, NotNull: true},
			ro("description", String),
			{Column: "isinactive", Type: Boolean, ReadOnly: true, NotNull: true},
		}},
	}
}

// permissionNotModelled are the record types whose NetSuite permission
// the emulator's permission vocabulary lacks, with that permission: they
// need none in the emulator.
var permissionNotModelled = map[string]string{
	"account":          "Lists -> Accounts",
	"accountingPeriod": "Setup -> Manage Accounting Periods",
}

// moreRecords returns the REST record types on the tables above: account
// and accountingPeriod, the two of them NetSuite's REST API Browser lists
// (SOAP: listAcct:Account and listAcct:AccountingPeriod). The other tables
// are SuiteQL-only in NetSuite too: systemnote is "only exposed as a
// search" (Help Center section_1500043125), entity, loginaudit and
// transactionaccountingline are analytics tables, and role, file and
// customrecordtype have no REST record type.
func moreRecords() []*Record {
	return []*Record{
		{REST: "account", Table: "account", SOAPPrefix: "listAcct", SOAPType: "Account",
			Required: []string{"accountsearchdisplayname", "accttype"}},
		{REST: "accountingPeriod", Table: "accountingperiod", SOAPPrefix: "listAcct", SOAPType: "AccountingPeriod",
			Required: []string{"periodname", "startdate", "enddate"}},
	}
}
