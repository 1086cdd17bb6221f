package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"time"
)

// More demo tables and views: the tables real-world SuiteQL reads beyond
// the record tables of demo.go (their columns and sources are described in
// sim/catalog/tables_more.go).
//
//	accountingperiod  generated: fiscal years 2022–2027, their quarters and months (a month's
//	                  parent is its quarter, a quarter's its year); periods that ended before
//	                  2025 are closed and locked
//	account           generated: a small chart of accounts (demoAccounts)
//	file              generated: a few File Cabinet files
//	systemnote        generated: one Create note per demo record, by the administrator (CSV import)
//
// Views, created when a store opens (so they exist whether or not demo data
// was generated, and follow every write):
//
//	entity                     customers (CustJob), vendors, employees and contacts
//	transactionaccountingline  the general ledger postings of invoices and payments
//	role                       acct_role
//	loginaudit                 acct_login_audit, the Login Audit Trail
//	customrecordtype           acct_custom_record_type
//
// A trigger gives a transaction inserted without a posting period (a REST
// or SOAP create) the month of its trandate.
var moreDemoTables = []string{"accountingperiod", "account", "file", "systemnote"}

// DemoViews lists the SQLite views behind SuiteQL tables; they are created
// when a store opens (see [Store.GenerateDemo] for the tables).
var DemoViews = []string{"entity", "transactionaccountingline", "role", "loginaudit", "customrecordtype"}

var moreDemoSchema = []string{
	`CREATE TABLE accountingperiod (
	id INTEGER PRIMARY KEY, periodname TEXT NOT NULL, startdate TEXT NOT NULL, enddate TEXT NOT NULL,
	isquarter TEXT NOT NULL, isyear TEXT NOT NULL, isadjust TEXT NOT NULL, isposting TEXT NOT NULL,
	closed TEXT NOT NULL, alllocked TEXT NOT NULL, arlocked TEXT NOT NULL, aplocked TEXT NOT NULL,
	parent INTEGER, isinactive TEXT NOT NULL)`,
	`CREATE TABLE account (
	id INTEGER PRIMARY KEY, acctnumber TEXT, accountsearchdisplayname TEXT NOT NULL, fullname TEXT,
	accttype TEXT NOT NULL, sspecacct TEXT, parent INTEGER, description TEXT, currency INTEGER,
	isinactive TEXT NOT NULL, issummary TEXT NOT NULL, externalid TEXT)`,
	`CREATE TABLE file (
	id INTEGER PRIMARY KEY, name TEXT NOT NULL, folder INTEGER NOT NULL, filetype TEXT NOT NULL,
	filesize INTEGER NOT NULL, url TEXT NOT NULL, description TEXT, isinactive TEXT NOT NULL,
	isonline TEXT NOT NULL, createddate TEXT NOT NULL, lastmodifieddate TEXT NOT NULL)`,
	`CREATE TABLE systemnote (
	id INTEGER PRIMARY KEY, date TEXT NOT NULL, recordtypeid INTEGER NOT NULL, recordid INTEGER NOT NULL,
	record TEXT, field TEXT, oldvalue TEXT, newvalue TEXT, name INTEGER, role INTEGER, type TEXT NOT NULL,
	context TEXT)`,
}

var moreDemoIndexes = []string{
	`CREATE INDEX accountingperiod_dates ON accountingperiod(startdate, enddate)`,
	`CREATE INDEX systemnote_record ON systemnote(recordtypeid, recordid)`,
}

// Accounts of the demo chart the ledger postings use.
const (
	acctChecking    = 1
	acctUndeposited = 2
	acctReceivable  = 3
	acctProductSale = 8
	acctServiceRev  = 9
)

// demoAccounts is the chart of accounts: id, number, name, parent, type
// (NetSuite's accttype codes: Bank, AcctRec, OthCurrAsset, AcctPay,
// Equity, Income, COGS, Expense) and special account type (sspecacct).
var demoAccounts = []struct {
	id             int
	number, name   string
	parent         int
	accttype, spec string
	summary        bool
}{
	{acctChecking, "1000", "Checking", 0, "Bank", "", false},
	{acctUndeposited, "1100", "Undeposited Funds", 0, "OthCurrAsset", "UndepFunds", false},
	{acctReceivable, "1200", "Accounts Receivable", 0, "AcctRec", "AcctRec", false},
	{4, "1300", "Inventory Asset", 0, "OthCurrAsset", "InvtAsset", false},
	{5, "2000", "Accounts Payable", 0, "AcctPay", "AcctPay", false},
	{6, "3000", "Retained Earnings", 0, "Equity", "RetEarnings", false},
	{7, "4000", "Sales", 0, "Income", "", true},
	{acctProductSale, "4010", "Product Sales", 7, "Income", "", false},
	{acctServiceRev, "4020", "Service Revenue", 7, "Income", "", false},
	{10, "5000", "Cost of Goods Sold", 0, "COGS", "COGS", false},
	{11, "6000", "Operating Expenses", 0, "Expense", "", false},
}

// Accounting periods: fiscal years (calendar years) demoFirstYear to
// demoLastYear. Each year is one year row, then per quarter a quarter row
// and its three months, so ids follow from the date (periodID).
const (
	demoFirstYear   = 2022
	demoLastYear    = 2027
	periodsPerYear  = 1 + 4*4
	demoClosedUntil = "2025-01-01" // periods ending before this are closed
)

// periodID returns the id of the month period holding day, or nil outside
// the generated years.
func periodID(day time.Time) any {
	y, m := day.Year(), int(day.Month())-1
	if y < demoFirstYear || y > demoLastYear {
		return nil
	}
	return (y-demoFirstYear)*periodsPerYear + 1 + (m/3)*4 + 1 + m%3 + 1
}

// genPeriods inserts the accounting periods, named as NetSuite names them
// ("FY 2024", "Q1 2024", "Jan 2024").
func genPeriods(ctx context.Context, q querier) error {
	const ins = `INSERT INTO accountingperiod (id, periodname, startdate, enddate, isquarter, isyear, isadjust,
		isposting, closed, alllocked, arlocked, aplocked, parent, isinactive) VALUES (?,?,?,?,?,?,'F',?,?,?,?,?,?,'F')`
	id := 0
	add := func(name string, start, end time.Time, quarter, year bool, parent any) (int, error) {
		id++
		closed := tf(end.Format(demoDay) < demoClosedUntil)
		_, err := q.ExecContext(ctx, ins, id, name, start.Format(demoDay), end.Format(demoDay), tf(quarter), tf(year),
			tf(!quarter && !year), closed, closed, closed, closed, parent)
		return id, err
	}
	for y := demoFirstYear; y <= demoLastYear; y++ {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		yid, err := add(fmt.Sprintf("FY %d", y), start, start.AddDate(1, 0, -1), false, true, nil)
		if err != nil {
			return fmt.Errorf("store: demo: accounting periods: %w", err)
		}
		for qn := 0; qn < 4; qn++ {
			qs := start.AddDate(0, 3*qn, 0)
			qid, err := add(fmt.Sprintf("Q%d %d", qn+1, y), qs, qs.AddDate(0, 3, -1), true, false, yid)
			if err != nil {
				return fmt.Errorf("store: demo: accounting periods: %w", err)
			}
			for mn := 0; mn < 3; mn++ {
				ms := qs.AddDate(0, mn, 0)
				if _, err := add(ms.Format("Jan 2006"), ms, ms.AddDate(0, 1, -1), false, false, qid); err != nil {
					return fmt.Errorf("store: demo: accounting periods: %w", err)
				}
			}
		}
	}
	return nil
}

func genAccounts(ctx context.Context, q querier) error {
	names := map[int]string{}
	for _, a := range demoAccounts {
		full := a.name
		var parent, spec any
		if a.parent != 0 {
			full, parent = names[a.parent]+" : "+a.name, a.parent
		}
		if a.spec != "" {
			spec = a.spec
		}
		names[a.id] = full
		if _, err := q.ExecContext(ctx, `INSERT INTO account (id, acctnumber, accountsearchdisplayname, fullname, accttype,
			sspecacct, parent, description, currency, isinactive, issummary, externalid) VALUES (?,?,?,?,?,?,?,NULL,1,'F',?,?)`,
			a.id, a.number, a.name, full, a.accttype, spec, parent, tf(a.summary), "GL-"+a.number); err != nil {
			return fmt.Errorf("store: demo: accounts: %w", err)
		}
	}
	return nil
}

// demoFiles are the File Cabinet files (folder -15 is NetSuite's
// SuiteScripts folder; the file type ids are N/file's file.Type values).
var demoFiles = []struct {
	name, folderType, desc string
	size                   int
}{
	{"invoice_export.js", "JAVASCRIPT", "Scheduled invoice export", 4_812},
	{"customer_import.csv", "CSV", "Customer CSV import", 182_344},
	{"INV000001.pdf", "PDF", "Invoice print-out", 61_207},
	{"logo.png", "PNGIMAGE", "Company logo", 23_411},
	{"README.txt", "PLAINTEXT", "", 1_024},
}

// genFiles inserts the demo files; their urls carry the account id as
// NetSuite's media.nl links do.
func genFiles(ctx context.Context, q querier) error {
	var account string
	if err := q.QueryRowContext(ctx, `SELECT account_id FROM acct_account`).Scan(&account); err != nil {
		return fmt.Errorf("store: demo: files: %w", err)
	}
	for i, f := range demoFiles {
		id := i + 1
		h := fnv.New64a()
		h.Write([]byte(f.name))
		url := fmt.Sprintf("/core/media/media.nl?id=%d&c=%s&h=%x", id, account, h.Sum64())
		created := demoEpoch.AddDate(0, 0, 7*i).Add(9 * time.Hour)
		var desc any
		if f.desc != "" {
			desc = f.desc
		}
		folder := -15
		if f.folderType != "JAVASCRIPT" {
			folder = -4 // Attachments Received
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO file (id, name, folder, filetype, filesize, url, description,
			isinactive, isonline, createddate, lastmodifieddate) VALUES (?,?,?,?,?,?,?,'F','F',?,?)`,
			id, f.name, folder, f.folderType, f.size, url, desc, created.Format(demoDateTime),
			created.AddDate(0, 1, 0).Format(demoDateTime)); err != nil {
			return fmt.Errorf("store: demo: files: %w", err)
		}
	}
	return nil
}

// System note record type ids (systemnote.recordtypeid): -9 is the entity
// family (customers, vendors, employees, contacts; Tim Dietrich, "NetSuite
// SuiteQL: System Notes", timdietrich.me 2020); -10 (item) and -30
// (transaction) are NetSuite's ids for those families as commonly read,
// not verified here. A custom record's notes carry its type's internal id
// (customrecordtype.id).
const (
	SystemNoteEntity      = -9
	SystemNoteItem        = -10
	SystemNoteTransaction = -30
)

// systemNotesSQL writes one Create note per demo record, made by the
// account's administrator (acct_employee 1, role Administrator) in the CSV
// import context.
var systemNotesSQL = func() []string {
	src := []struct {
		typeID                int
		table, created, label string
	}{
		{SystemNoteEntity, "employee", "datecreated", "entityid"},
		{SystemNoteEntity, "customer", "datecreated", "entityid"},
		{SystemNoteEntity, "vendor", "datecreated", "entityid"},
		{SystemNoteEntity, "contact", "datecreated", "entityid"},
		{SystemNoteItem, "item", "createddate", "itemid"},
		{SystemNoteTransaction, "transaction", "createddate", "tranid"},
	}
	var out []string
	for _, s := range src {
		out = append(out, fmt.Sprintf(`INSERT INTO systemnote (date, recordtypeid, recordid, record, name, role, type, context)
	SELECT %s, %d, id, %s, 1, %d, 'Create', 'CSV' FROM "%s" ORDER BY id`, s.created, s.typeID, s.label, AdministratorRoleID, s.table))
	}
	return out
}()

// genMore fills the tables of moreDemoTables; the system notes come last,
// after every other table is loaded.
func (g *demoGen) genMore(ctx context.Context) error {
	for _, f := range []func(context.Context, querier) error{genPeriods, genAccounts, genFiles} {
		if err := f(ctx, g.conn); err != nil {
			return err
		}
	}
	return nil
}

func (g *demoGen) genSystemNotes(ctx context.Context) error {
	return execAll(ctx, g.conn, systemNotesSQL...)
}

// demoFinishDDL is run after the demo rows are loaded: the indexes of
// both files and the posting period trigger.
func demoFinishDDL() []string {
	out := append(append([]string(nil), demoIndexes...), moreDemoIndexes...)
	return append(out, postingPeriodTrigger)
}

// demoViewDDL returns the CREATE VIEW statements of DemoViews.
func demoViewDDL() []string {
	var out []string
	for _, v := range DemoViews {
		out = append(out, demoViewSQL[v])
	}
	return out
}

// demoViewSQL holds the CREATE VIEW statements by view name.
var demoViewSQL = map[string]string{
	"entity": `CREATE VIEW entity AS
SELECT id, entityid, COALESCE(companyname, TRIM(COALESCE(firstname, '') || ' ' || COALESCE(lastname, ''))) AS altname,
	entityid || COALESCE(' ' || NULLIF(COALESCE(companyname, TRIM(COALESCE(firstname, '') || ' ' || COALESCE(lastname, ''))), entityid), '') AS entitytitle,
	'CustJob' AS type, firstname, lastname, email, phone, isperson, isinactive,
	id AS customer, NULL AS vendor, NULL AS employee, NULL AS contact, datecreated, lastmodifieddate, externalid
FROM customer
UNION ALL
SELECT id, entityid, companyname, entityid || COALESCE(' ' || NULLIF(companyname, entityid), ''), 'Vendor', NULL, NULL, email, phone,
	'F', isinactive, NULL, id, NULL, NULL, datecreated, lastmodifieddate, externalid
FROM vendor
UNION ALL
SELECT id, entityid, TRIM(COALESCE(firstname, '') || ' ' || COALESCE(lastname, '')), entityid, 'Employee', firstname, lastname, email, NULL,
	'T', isinactive, NULL, NULL, id, NULL, datecreated, lastmodifieddate, externalid
FROM employee
UNION ALL
SELECT id, entityid, TRIM(COALESCE(firstname, '') || ' ' || COALESCE(lastname, '')), entityid, 'Contact', firstname, lastname, email, phone,
	'T', isinactive, NULL, NULL, NULL, id, datecreated, lastmodifieddate, externalid
FROM contact`,
	// Invoices debit receivables with the total (main line) and credit
	// income per item line (services to Service Revenue, the rest to
	// Product Sales); payments debit the bank (deposited) or Undeposited
	// Funds (not deposited) on the main line and credit receivables on line
	// 1, the line applying the payment. Sales orders do not post.
	"transactionaccountingline": fmt.Sprintf(`CREATE VIEW transactionaccountingline AS
SELECT tl."transaction" AS "transaction", tl.id AS transactionline, 1 AS accountingbook,
	CASE WHEN tl.mainline = 'T' THEN %[1]d WHEN tl.itemtype = 'Service' THEN %[2]d ELSE %[3]d END AS account,
	CASE WHEN tl.mainline = 'T' THEN ROUND(COALESCE(tl.netamount, 0), 2) END AS debit,
	CASE WHEN tl.mainline = 'F' THEN ROUND(COALESCE(tl.netamount, 0), 2) END AS credit,
	CASE WHEN tl.mainline = 'T' THEN 1 ELSE -1 END * ROUND(COALESCE(tl.netamount, 0), 2) AS amount,
	CASE WHEN tl.mainline = 'T' THEN 1 ELSE -1 END * ROUND(COALESCE(tl.netamount, 0), 2) AS netamount,
	t.posting AS posting, t.exchangerate AS exchangerate
FROM transactionline AS tl JOIN "transaction" AS t ON t.id = tl."transaction"
WHERE t.type = 'CustInvc' AND tl.taxline = 'F'
UNION ALL
SELECT t.id, 0, 1, CASE t.status WHEN 'B' THEN %[4]d ELSE %[5]d END, ROUND(COALESCE(t.foreigntotal, 0), 2), NULL,
	ROUND(COALESCE(t.foreigntotal, 0), 2), ROUND(COALESCE(t.foreigntotal, 0), 2), t.posting, t.exchangerate
FROM "transaction" AS t WHERE t.type = 'CustPymt'
UNION ALL
SELECT t.id, 1, 1, %[1]d, NULL, ROUND(COALESCE(t.foreigntotal, 0), 2),
	-ROUND(COALESCE(t.foreigntotal, 0), 2), -ROUND(COALESCE(t.foreigntotal, 0), 2), t.posting, t.exchangerate
FROM "transaction" AS t WHERE t.type = 'CustPymt'`, acctReceivable, acctServiceRev, acctProductSale, acctUndeposited, acctChecking),
	"role": fmt.Sprintf(`CREATE VIEW role AS
SELECT id, name, CASE id WHEN %d THEN 'administrator' ELSE 'customrole' || id END AS scriptid, 'F' AS isinactive
FROM acct_role`, AdministratorRoleID),
	"loginaudit": `CREATE VIEW loginaudit AS
SELECT a.id AS id, substr(a.time, 1, 10) || ' ' || substr(a.time, 12, 8) AS "date",
	(SELECT e.id FROM acct_employee AS e WHERE e.email = a.email) AS "user", a.email AS emailaddress,
	(SELECT r.id FROM acct_role AS r WHERE r.name = a.role) AS role, a.status AS status, a.detail AS detail,
	a.ip AS ipaddress, a.integration AS oauthappname, a.token_name AS oauthaccesstokenname
FROM acct_login_audit AS a`,
	// rowid: acct_custom_record_type is keyed by script id; its rowid is
	// the internal id NetSuite gives a type.
	"customrecordtype": `CREATE VIEW customrecordtype AS
SELECT rowid AS id, rowid AS internalid, upper(script_id) AS scriptid, json_extract(definition, '$.name') AS name,
	NULL AS description, 'F' AS isinactive
FROM acct_custom_record_type`,
}

// postingPeriodTrigger gives a transaction created without a posting
// period the month period of its trandate, as NetSuite defaults it.
const postingPeriodTrigger = `CREATE TRIGGER transaction_postingperiod AFTER INSERT ON "transaction"
WHEN NEW.postingperiod IS NULL
BEGIN
	UPDATE "transaction" SET postingperiod = (SELECT p.id FROM accountingperiod AS p
		WHERE p.isquarter = 'F' AND p.isyear = 'F' AND NEW.trandate BETWEEN p.startdate AND p.enddate)
	WHERE id = NEW.id;
END`

// demoUpgrades are the columns demo tables of earlier versions lack, with
// the values their rows get.
var demoUpgrades = []struct{ table, column, ddl string }{
	{"employee", "giveaccess", `giveaccess TEXT NOT NULL DEFAULT 'F'`},
	{"employee", "supervisor", `supervisor INTEGER`},
	{"customer", "parent", `parent INTEGER`},
	{"customer", "searchstage", `searchstage TEXT NOT NULL DEFAULT 'Customer'`},
	{"transaction", "postingperiod", `postingperiod INTEGER`},
}

// demoShapePlan returns the statements that bring the views, trigger and
// columns up to date, and whether the demo tables predate the tables of
// moreDemoTables.
func demoShapePlan(ctx context.Context, q querier) (todo []string, oldDemo bool, err error) {
	have := map[string]string{}
	rows, err := queryRows(ctx, q, "read schema", func(r *sql.Rows) ([2]string, error) {
		var v [2]string
		err := r.Scan(&v[0], &v[1])
		return v, err
	}, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')`)
	if err != nil {
		return nil, false, err
	}
	for _, r := range rows {
		have[r[0]] = r[1]
	}
	for _, v := range DemoViews {
		if have[v] != demoViewSQL[v] {
			if have[v] != "" {
				todo = append(todo, `DROP VIEW IF EXISTS "`+v+`"`)
			}
			todo = append(todo, demoViewSQL[v])
		}
	}
	oldDemo = have["transaction"] != "" && have["accountingperiod"] == ""
	for _, u := range demoUpgrades {
		if have[u.table] == "" {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`, u.table, u.column).Scan(&n); err != nil {
			return nil, false, fmt.Errorf("store: read schema: %w", err)
		}
		if n == 0 {
			todo = append(todo, `ALTER TABLE "`+u.table+`" ADD COLUMN `+u.ddl)
		}
	}
	if have["transaction"] != "" && have["transaction_postingperiod"] == "" {
		todo = append(todo, postingPeriodTrigger)
	}
	return todo, oldDemo, nil
}

// ensureDemoShape brings a state file to this version's demo shape: it
// creates (or, when their definition changed, recreates) the views of
// DemoViews, and upgrades demo tables generated by an earlier version: the
// new columns, the generated accounting periods, accounts and files, each
// transaction's posting period and the system notes. It checks first and
// writes only when something is missing, so opening a current file does not
// take the write lock.
func (s *Store) ensureDemoShape(ctx context.Context) error {
	todo, oldDemo, err := demoShapePlan(ctx, s.db)
	if err != nil || (len(todo) == 0 && !oldDemo) {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin demo upgrade: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	// Plan again under the write lock: another process may have upgraded
	// the file meanwhile.
	if todo, oldDemo, err = demoShapePlan(ctx, tx); err != nil {
		return err
	}
	if err := execAll(ctx, tx, todo...); err != nil {
		return err
	}
	if oldDemo {
		if err := execAll(ctx, tx, moreDemoSchema...); err != nil {
			return err
		}
		for _, f := range []func(context.Context, querier) error{genPeriods, genAccounts, genFiles} {
			if err := f(ctx, tx); err != nil {
				return err
			}
		}
		if err := execAll(ctx, tx, append(append([]string{`UPDATE "transaction" SET postingperiod = (SELECT p.id FROM accountingperiod AS p
			WHERE p.isquarter = 'F' AND p.isyear = 'F' AND "transaction".trandate BETWEEN p.startdate AND p.enddate)`},
			systemNotesSQL...), moreDemoIndexes...)...); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit demo upgrade: %w", err)
	}
	return nil
}
