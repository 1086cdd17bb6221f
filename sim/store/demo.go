package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Demo tables. GenerateDemo (re)creates these SuiteQL-shaped tables; table
// and column names are NetSuite's SuiteQL names, lower case. They are
// separate from the acct_ account-model tables and are not versioned by
// PRAGMA user_version: GenerateDemo drops and recreates them.
//
// Conventions: booleans are 'T'/'F' text as SuiteQL returns them; dates
// (trandate, duedate) are 'YYYY-MM-DD' text and timestamps (datecreated,
// createddate, lastmodifieddate, linelastmodifieddate) are 'YYYY-MM-DD
// HH:MM:SS' UTC text, so SQLite compares, sorts and date()-parses them;
// amounts are REAL with 2 decimals; references are the referenced row's id.
// Customers, vendors, employees and contacts share one entity id space as in
// NetSuite; items and transactions have their own.
//
// Note: "transaction" is an SQLite keyword, so the table must be written
// quoted ("transaction") in SQLite SQL.
//
//	employee        id, entityid, firstname, lastname, email, title, isinactive,
//	                datecreated, lastmodifieddate, externalid, giveaccess, supervisor → employee
//	customer        id, entityid, companyname, isperson, firstname, lastname, email,
//	                phone, salesrep → employee, creditlimit, currency, subsidiary,
//	                entitystatus, isinactive, datecreated, lastmodifieddate, externalid,
//	                parent → customer, searchstage
//	vendor          id, entityid, companyname, email, phone, currency, subsidiary,
//	                isinactive, datecreated, lastmodifieddate, externalid
//	contact         id, entityid, firstname, lastname, email, phone, title,
//	                company → customer, isinactive, datecreated, lastmodifieddate, externalid
//	item            id, itemid, displayname, description, itemtype ('InvtPart'|'Service'),
//	                baseprice, cost, upccode, isinactive, createddate, lastmodifieddate, externalid
//	transaction     id, tranid, trandate, type ('SalesOrd'|'CustInvc'|'CustPymt'),
//	                recordtype ('salesorder'|'invoice'|'customerpayment'), entity → customer,
//	                employee → employee (sales rep), status (one-letter code), foreigntotal,
//	                currency, exchangerate, memo, otherrefnum, createdfrom → transaction,
//	                duedate, posting, voided, createddate, lastmodifieddate, externalid,
//	                postingperiod → accountingperiod (the month of trandate)
//	transactionline uniquekey (unique across all lines, INTEGER PRIMARY KEY),
//	                id (line id within its transaction; the main line is 0),
//	                transaction → transaction, linesequencenumber, mainline, taxline,
//	                item → item, itemtype, quantity, rate, netamount, foreignamount,
//	                entity → customer, memo, isclosed, linelastmodifieddate
//
// accountingperiod, account, file and systemnote, and the views over these
// tables, are described in demo_more.go.
//
// Every transaction has a main line (mainline 'T', id 0, amounts = total);
// sales orders and invoices have 1–8 item lines, invoices copy the lines of
// the sales order they were created from, and payments have one line
// applying the payment to an invoice. About a fifth of the rows of every
// table share "mass update" lastmodifieddate values (02:00:00 on the first
// of a month for transactions, on 1 January or 1 July for the other
// tables), so keyset paging must break ties on id.
var demoSchema = []string{
	`CREATE TABLE employee (
	id INTEGER PRIMARY KEY, entityid TEXT NOT NULL, firstname TEXT, lastname TEXT, email TEXT, title TEXT,
	isinactive TEXT NOT NULL, datecreated TEXT NOT NULL, lastmodifieddate TEXT NOT NULL, externalid TEXT,
	giveaccess TEXT NOT NULL, supervisor INTEGER)`,
	`CREATE TABLE customer (
	id INTEGER PRIMARY KEY, entityid TEXT NOT NULL, companyname TEXT, isperson TEXT NOT NULL, firstname TEXT,
	lastname TEXT, email TEXT, phone TEXT, salesrep INTEGER, creditlimit REAL, currency INTEGER NOT NULL,
	subsidiary INTEGER NOT NULL, entitystatus INTEGER, isinactive TEXT NOT NULL, datecreated TEXT NOT NULL,
	lastmodifieddate TEXT NOT NULL, externalid TEXT, parent INTEGER, searchstage TEXT NOT NULL)`,
	`CREATE TABLE vendor (
	id INTEGER PRIMARY KEY, entityid TEXT NOT NULL, companyname TEXT, email TEXT, phone TEXT,
	currency INTEGER NOT NULL, subsidiary INTEGER NOT NULL, isinactive TEXT NOT NULL, datecreated TEXT NOT NULL,
	lastmodifieddate TEXT NOT NULL, externalid TEXT)`,
	`CREATE TABLE contact (
	id INTEGER PRIMARY KEY, entityid TEXT NOT NULL, firstname TEXT, lastname TEXT, email TEXT, phone TEXT,
	title TEXT, company INTEGER, isinactive TEXT NOT NULL, datecreated TEXT NOT NULL,
	lastmodifieddate TEXT NOT NULL, externalid TEXT)`,
	`CREATE TABLE item (
	id INTEGER PRIMARY KEY, itemid TEXT NOT NULL, displayname TEXT, description TEXT, itemtype TEXT NOT NULL,
	baseprice REAL, cost REAL, upccode TEXT, isinactive TEXT NOT NULL, createddate TEXT NOT NULL,
	lastmodifieddate TEXT NOT NULL, externalid TEXT)`,
	`CREATE TABLE "transaction" (
	id INTEGER PRIMARY KEY, tranid TEXT NOT NULL, trandate TEXT NOT NULL, type TEXT NOT NULL,
	recordtype TEXT NOT NULL, entity INTEGER, employee INTEGER, status TEXT, foreigntotal REAL,
	currency INTEGER NOT NULL, exchangerate REAL NOT NULL, memo TEXT, otherrefnum TEXT, createdfrom INTEGER,
	duedate TEXT, posting TEXT NOT NULL, voided TEXT NOT NULL, createddate TEXT NOT NULL,
	lastmodifieddate TEXT NOT NULL, externalid TEXT, postingperiod INTEGER)`,
	`CREATE TABLE transactionline (
	uniquekey INTEGER PRIMARY KEY, id INTEGER NOT NULL, "transaction" INTEGER NOT NULL,
	linesequencenumber INTEGER NOT NULL, mainline TEXT NOT NULL, taxline TEXT NOT NULL, item INTEGER,
	itemtype TEXT, quantity REAL, rate REAL, netamount REAL, foreignamount REAL, entity INTEGER, memo TEXT,
	isclosed TEXT NOT NULL, linelastmodifieddate TEXT NOT NULL)`,
}

// demoIndexes are created after loading, which is faster than maintaining
// them during the inserts.
var demoIndexes = []string{
	`CREATE INDEX customer_lastmodifieddate ON customer(lastmodifieddate, id)`,
	`CREATE INDEX contact_company ON contact(company)`,
	`CREATE INDEX item_lastmodifieddate ON item(lastmodifieddate, id)`,
	`CREATE INDEX transaction_lastmodifieddate ON "transaction"(lastmodifieddate, id)`,
	`CREATE INDEX transaction_entity ON "transaction"(entity)`,
	`CREATE INDEX transaction_trandate ON "transaction"(trandate, id)`,
	`CREATE INDEX transaction_type ON "transaction"(type, id)`,
	`CREATE UNIQUE INDEX transactionline_transaction_id ON transactionline("transaction", id)`,
	`CREATE INDEX transactionline_item ON transactionline(item)`,
}

// DemoSchema returns the DDL of the empty demo tables and their indexes, for
// tests that build the tables without generating data.
func DemoSchema() []string {
	return append(append(append([]string(nil), demoSchema...), moreDemoSchema...), append(demoFinishDDL(), demoViewDDL()...)...)
}

// DemoTables lists the demo table names in creation order.
var DemoTables = append([]string{"employee", "customer", "vendor", "contact", "item", "transaction", "transactionline"}, moreDemoTables...)

// DemoOptions configure [Store.GenerateDemo].
type DemoOptions struct {
	// Lines is the exact number of transactionline rows to create; the
	// other tables are sized from it (about 1 customer per 40 lines).
	Lines int
	// Seed makes the data reproducible: the same Seed and Lines give
	// identical rows.
	Seed int64
}

// DemoStats counts the rows GenerateDemo created.
type DemoStats struct {
	Employees    int           `json:"employees"`
	Customers    int           `json:"customers"`
	Vendors      int           `json:"vendors"`
	Contacts     int           `json:"contacts"`
	Items        int           `json:"items"`
	SalesOrders  int           `json:"salesOrders"`
	Invoices     int           `json:"invoices"`
	Payments     int           `json:"payments"`
	Transactions int           `json:"transactions"`
	Lines        int           `json:"lines"`
	Elapsed      time.Duration `json:"elapsed"`
}

// demoCommitEvery is how many rows are inserted per transaction, so that
// other writers (the Login Audit Trail) are not held up for the whole run.
const demoCommitEvery = 200_000

// GenerateDemo drops and recreates the demo tables (documented at
// [DemoTables]) and fills them with a deterministic dataset whose
// transactionline table has exactly opts.Lines rows. It inserts through
// prepared multi-row statements in transactions of 200,000 rows (so that
// other writers, such as the Login Audit Trail, are held up for a second or
// two at most in a file store; an in-memory store's writers wait per
// transaction too) and builds the indexes at the end. Readers may see
// partial data while it runs, and after it failed.
func (s *Store) GenerateDemo(ctx context.Context, opts DemoOptions) (DemoStats, error) {
	if opts.Lines < 0 {
		return DemoStats{}, newErr(ErrInvalid, "demo lines must not be negative (got %d)", opts.Lines)
	}
	start := time.Now()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return DemoStats{}, fmt.Errorf("store: demo: %w", err)
	}
	defer conn.Close()

	if err := execAll(ctx, conn, "BEGIN IMMEDIATE"); err != nil {
		return DemoStats{}, err
	}
	ddl := make([]string, 0, 2*len(DemoTables))
	for i := len(DemoTables) - 1; i >= 0; i-- {
		ddl = append(ddl, `DROP TABLE IF EXISTS "`+DemoTables[i]+`"`)
	}
	ddl = append(append(ddl, demoSchema...), moreDemoSchema...)
	if err := execAll(ctx, conn, ddl...); err != nil {
		_ = execAll(context.Background(), conn, "ROLLBACK")
		return DemoStats{}, err
	}
	if err := execAll(ctx, conn, "COMMIT"); err != nil {
		return DemoStats{}, err
	}

	g, err := newDemoGen(ctx, conn, opts)
	if err != nil {
		return DemoStats{}, err
	}
	defer g.close()
	if err := execAll(ctx, conn, "BEGIN IMMEDIATE"); err != nil {
		return DemoStats{}, err
	}
	if err := g.run(ctx); err != nil {
		_ = execAll(context.Background(), conn, "ROLLBACK")
		return DemoStats{}, err
	}
	if err := execAll(ctx, conn, demoFinishDDL()...); err != nil {
		_ = execAll(context.Background(), conn, "ROLLBACK")
		return DemoStats{}, err
	}
	if err := initSequences(ctx, conn); err != nil { // ids above the demo's (sequence.go)
		_ = execAll(context.Background(), conn, "ROLLBACK")
		return DemoStats{}, err
	}
	if err := execAll(ctx, conn, "COMMIT"); err != nil {
		return DemoStats{}, err
	}
	g.stats.Elapsed = time.Since(start)
	return g.stats, nil
}

func execAll(ctx context.Context, q querier, stmts ...string) error {
	for _, st := range stmts {
		if _, err := q.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("store: demo: %s: %w", firstLine(st), err)
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// inserter batches rows into multi-row INSERT statements prepared once.
type inserter struct {
	conn    *sql.Conn
	table   string
	cols    []string
	perStmt int
	full    *sql.Stmt
	buf     []any
	n       int
	onExec  func(rows int) error
}

func newInserter(ctx context.Context, conn *sql.Conn, table string, cols []string, onExec func(int) error) (*inserter, error) {
	in := &inserter{conn: conn, table: table, cols: cols, onExec: onExec}
	in.perStmt = max(1, min(500, 30000/len(cols)))
	var err error
	if in.full, err = conn.PrepareContext(ctx, in.sql(in.perStmt)); err != nil {
		return nil, fmt.Errorf("store: demo: prepare %s insert: %w", table, err)
	}
	in.buf = make([]any, 0, in.perStmt*len(cols))
	return in, nil
}

func (in *inserter) sql(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO "` + in.table + `" (`)
	for i, c := range in.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + c + `"`)
	}
	b.WriteString(") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(in.cols)), ",") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

func (in *inserter) add(ctx context.Context, vals ...any) error {
	if len(vals) != len(in.cols) {
		return fmt.Errorf("store: demo: %s row has %d values, want %d", in.table, len(vals), len(in.cols))
	}
	in.buf = append(in.buf, vals...)
	in.n++
	if in.n == in.perStmt {
		if _, err := in.full.ExecContext(ctx, in.buf...); err != nil {
			return fmt.Errorf("store: demo: insert %s: %w", in.table, err)
		}
		n := in.n
		in.buf, in.n = in.buf[:0], 0
		return in.onExec(n)
	}
	return nil
}

func (in *inserter) flush(ctx context.Context) error {
	if in.n == 0 {
		return nil
	}
	if _, err := in.conn.ExecContext(ctx, in.sql(in.n), in.buf...); err != nil {
		return fmt.Errorf("store: demo: insert %s: %w", in.table, err)
	}
	n := in.n
	in.buf, in.n = in.buf[:0], 0
	return in.onExec(n)
}

// Name pools for the generated entities.
var (
	demoFirst = []string{"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger",
		"Radia", "Donald", "Hedy", "Niklaus", "Katherine", "John", "Sophie", "Tim", "Annie", "Guido",
		"Shafi", "Leslie", "Karen", "Bjarne", "Jean", "Robert", "Mary", "James", "Lynn", "Rob"}
	demoLast = []string{"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
		"Dijkstra", "Perlman", "Knuth", "Lamarr", "Wirth", "Johnson", "McCarthy", "Wilson", "Berners-Lee", "Easley",
		"van Rossum", "Goldwasser", "Lamport", "Jones", "Stroustrup", "Bartik", "Pike", "Keller", "Gosling", "Conway", "Kahn"}
	demoCo1 = []string{"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent",
		"Hooli", "Vandelay", "Massive", "Oscorp", "Aperture", "Gringotts", "Monarch", "Nakatomi", "Zorg", "Dunder"}
	demoCo2 = []string{"Industries", "Systems", "Holdings", "Labs", "Trading", "Logistics", "Foods", "Analytics",
		"Manufacturing", "Partners", "Supply", "Media", "Robotics", "Energy", "Outfitters"}
	demoCo3  = []string{"Inc.", "LLC", "Ltd", "GmbH", "Co.", "S.A.", "Pty Ltd", "AG"}
	demoAdj  = []string{"Blue", "Red", "Heavy", "Compact", "Premium", "Basic", "Deluxe", "Eco", "Smart", "Classic", "Pro", "Mini"}
	demoThng = []string{"Widget", "Gadget", "Sprocket", "Gizmo", "Bracket", "Valve", "Panel", "Sensor", "Cable", "Adapter", "Module", "Bolt"}
	demoSvc  = []string{"Installation", "Consulting Hour", "Support Plan", "Training Day", "Maintenance Visit", "Setup Fee", "Audit"}
	demoTitl = []string{"Buyer", "Purchasing Manager", "CFO", "Accounts Payable", "Operations Lead", "Owner", "Controller"}
	demoEmpT = []string{"Sales Rep", "Account Manager", "Sales Director", "Inside Sales", "Customer Success"}
)

// demoEpoch is the first transaction date; transactions spread over
// demoSpanDays days.
var demoEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

const demoSpanDays = 730

const (
	demoDay      = "2006-01-02"
	demoDateTime = "2006-01-02 15:04:05"
)

type demoGen struct {
	opts      DemoOptions
	conn      *sql.Conn
	stats     DemoStats
	sinceComm int

	emp, cust, vend, cont, item, tran, line *inserter

	nextEntity int64
	employees  []int64
	customers  []int64
	items      []demoItem
	tranID     int64
	lineKey    int64
	counters   map[string]int
}

type demoItem struct {
	id        int64
	itemtype  string
	baseCents int64
}

func newDemoGen(ctx context.Context, conn *sql.Conn, opts DemoOptions) (*demoGen, error) {
	g := &demoGen{opts: opts, conn: conn, counters: map[string]int{}}
	onExec := func(n int) error {
		g.sinceComm += n
		if g.sinceComm < demoCommitEvery {
			return nil
		}
		g.sinceComm = 0
		if err := ctx.Err(); err != nil {
			return err
		}
		return execAll(ctx, conn, "COMMIT", "BEGIN IMMEDIATE")
	}
	specs := []struct {
		dst   **inserter
		table string
		cols  string
	}{
		{&g.emp, "employee", "id,entityid,firstname,lastname,email,title,isinactive,datecreated,lastmodifieddate,externalid,giveaccess,supervisor"},
		{&g.cust, "customer", "id,entityid,companyname,isperson,firstname,lastname,email,phone,salesrep,creditlimit,currency,subsidiary,entitystatus,isinactive,datecreated,lastmodifieddate,externalid,parent,searchstage"},
		{&g.vend, "vendor", "id,entityid,companyname,email,phone,currency,subsidiary,isinactive,datecreated,lastmodifieddate,externalid"},
		{&g.cont, "contact", "id,entityid,firstname,lastname,email,phone,title,company,isinactive,datecreated,lastmodifieddate,externalid"},
		{&g.item, "item", "id,itemid,displayname,description,itemtype,baseprice,cost,upccode,isinactive,createddate,lastmodifieddate,externalid"},
		{&g.tran, "transaction", "id,tranid,trandate,type,recordtype,entity,employee,status,foreigntotal,currency,exchangerate,memo,otherrefnum,createdfrom,duedate,posting,voided,createddate,lastmodifieddate,externalid,postingperiod"},
		{&g.line, "transactionline", "uniquekey,id,transaction,linesequencenumber,mainline,taxline,item,itemtype,quantity,rate,netamount,foreignamount,entity,memo,isclosed,linelastmodifieddate"},
	}
	for _, sp := range specs {
		in, err := newInserter(ctx, conn, sp.table, strings.Split(sp.cols, ","), onExec)
		if err != nil {
			g.close()
			return nil, err
		}
		*sp.dst = in
	}
	return g, nil
}

func (g *demoGen) close() {
	for _, in := range []*inserter{g.emp, g.cust, g.vend, g.cont, g.item, g.tran, g.line} {
		if in != nil && in.full != nil {
			in.full.Close()
		}
	}
}

// rng returns an independent deterministic stream per table, so that a
// change in one table's generator does not reshuffle the others.
func (g *demoGen) rng(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(g.opts.Seed), 0x9e3779b97f4a7c15^stream))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func tf(b bool) string {
	if b {
		return "T"
	}
	return "F"
}

func money(cents int64) float64 { return float64(cents) / 100 }

// massUpdate is the shared "mass update" timestamp for t: 02:00:00 on the
// first of the month after t for transactions (monthly batch jobs), and on
// the next 1 January or 1 July for master data (half-yearly CSV imports).
func massUpdate(t time.Time, master bool) time.Time {
	if !master {
		return time.Date(t.Year(), t.Month()+1, 1, 2, 0, 0, 0, time.UTC)
	}
	if t.Month() < time.July {
		return time.Date(t.Year(), time.July, 1, 2, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year()+1, time.January, 1, 2, 0, 0, 0, time.UTC)
}

// modified returns a lastmodifieddate after created: a fifth of the time a
// shared mass-update timestamp, otherwise up to maxDays later.
func modified(r *rand.Rand, created time.Time, maxDays int, master bool) time.Time {
	if r.IntN(5) == 0 {
		return massUpdate(created, master)
	}
	return created.Add(time.Duration(r.IntN(maxDays*86400+1)) * time.Second)
}

func (g *demoGen) run(ctx context.Context) error {
	L := g.opts.Lines
	nEmp := 5 + L/25_000
	nCust := max(5, L/40)
	nVend := max(3, L/400)
	nItem := max(10, min(5000, L/100))
	if L == 0 {
		nEmp, nCust, nVend, nItem = 0, 0, 0, 0
	}
	g.nextEntity = 1
	if err := g.genMore(ctx); err != nil {
		return err
	}
	if err := g.genEmployees(ctx, nEmp); err != nil {
		return err
	}
	if err := g.genCustomers(ctx, nCust); err != nil {
		return err
	}
	if err := g.genVendors(ctx, nVend); err != nil {
		return err
	}
	if err := g.genContacts(ctx); err != nil {
		return err
	}
	if err := g.genItems(ctx, nItem); err != nil {
		return err
	}
	if err := g.genTransactions(ctx, L); err != nil {
		return err
	}
	for _, in := range []*inserter{g.emp, g.cust, g.vend, g.cont, g.item, g.tran, g.line} {
		if err := in.flush(ctx); err != nil {
			return err
		}
	}
	return g.genSystemNotes(ctx)
}

func (g *demoGen) genEmployees(ctx context.Context, n int) error {
	r, more := g.rng(1), g.rng(8)
	for i := 0; i < n; i++ {
		id := g.nextEntity
		g.nextEntity++
		first, last := pick(r, demoFirst), pick(r, demoLast)
		created := demoEpoch.AddDate(-2, 0, 0).Add(time.Duration(r.IntN(365*86400)) * time.Second)
		mod := modified(r, created, 900, true)
		email := fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, " ", "")), id)
		var supervisor any // a tree: employee i reports to employee (i-1)/4
		if i > 0 {
			supervisor = g.employees[(i-1)/4]
		}
		if err := g.emp.add(ctx, id, first+" "+last, first, last, email, pick(r, demoEmpT), tf(r.IntN(20) == 0),
			created.Format(demoDateTime), mod.Format(demoDateTime), fmt.Sprintf("EMP-%06d", id),
			tf(more.IntN(3) == 0), supervisor); err != nil {
			return err
		}
		g.employees = append(g.employees, id)
		g.stats.Employees++
	}
	return nil
}

func companyName(r *rand.Rand) string {
	return pick(r, demoCo1) + " " + pick(r, demoCo2) + " " + pick(r, demoCo3)
}

func phone(r *rand.Rand) string {
	return fmt.Sprintf("555-%03d-%04d", r.IntN(1000), r.IntN(10000))
}

func (g *demoGen) genCustomers(ctx context.Context, n int) error {
	r, more := g.rng(2), g.rng(7)
	var companies []int64
	for i := 0; i < n; i++ {
		id := g.nextEntity
		g.nextEntity++
		created := demoEpoch.AddDate(-1, 0, 0).Add(time.Duration(r.IntN((365+demoSpanDays)*86400)) * time.Second)
		mod := modified(r, created, 400, true)
		person := r.IntN(5) == 0
		var company, first, last any
		var email string
		if person {
			f, l := pick(r, demoFirst), pick(r, demoLast)
			first, last = f, l
			email = fmt.Sprintf("%s.%s%d@example.net", strings.ToLower(f), strings.ToLower(strings.ReplaceAll(l, " ", "")), id)
		} else {
			c := companyName(r)
			company = c
			email = fmt.Sprintf("ap%d@%s.example.com", id, strings.ToLower(strings.Fields(c)[0]))
		}
		var salesrep any
		if len(g.employees) > 0 {
			salesrep = pick(r, g.employees)
		}
		var externalid any
		if r.IntN(4) != 0 {
			externalid = fmt.Sprintf("CRM-%07d", id)
		}
		var parent any // about one company in eight is a sub-customer of an earlier one
		if !person && len(companies) >= 10 && more.IntN(8) == 0 {
			parent = pick(more, companies)
		}
		if err := g.cust.add(ctx, id, fmt.Sprintf("CUST%05d", i+1), company, tf(person), first, last, email, phone(r),
			salesrep, money(int64(r.IntN(100))*100_000), 1, 1, 13, tf(r.IntN(25) == 0),
			created.Format(demoDateTime), mod.Format(demoDateTime), externalid, parent, "Customer"); err != nil {
			return err
		}
		if !person {
			companies = append(companies, id)
		}
		g.customers = append(g.customers, id)
		g.stats.Customers++
	}
	return nil
}

func (g *demoGen) genVendors(ctx context.Context, n int) error {
	r := g.rng(3)
	for i := 0; i < n; i++ {
		id := g.nextEntity
		g.nextEntity++
		created := demoEpoch.AddDate(-2, 0, 0).Add(time.Duration(r.IntN((730+demoSpanDays)*86400)) * time.Second)
		mod := modified(r, created, 400, true)
		c := companyName(r)
		if err := g.vend.add(ctx, id, fmt.Sprintf("VEND%04d", i+1), c,
			fmt.Sprintf("sales%d@%s.example.org", id, strings.ToLower(strings.Fields(c)[0])), phone(r), 1, 1,
			tf(r.IntN(20) == 0), created.Format(demoDateTime), mod.Format(demoDateTime), fmt.Sprintf("VND-%06d", id)); err != nil {
			return err
		}
		g.stats.Vendors++
	}
	return nil
}

func (g *demoGen) genContacts(ctx context.Context) error {
	r := g.rng(4)
	for _, cust := range g.customers {
		for k := r.IntN(3); k > 0; k-- {
			id := g.nextEntity
			g.nextEntity++
			first, last := pick(r, demoFirst), pick(r, demoLast)
			created := demoEpoch.AddDate(-1, 0, 0).Add(time.Duration(r.IntN((365+demoSpanDays)*86400)) * time.Second)
			mod := modified(r, created, 400, true)
			email := fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, " ", "")), id)
			if err := g.cont.add(ctx, id, first+" "+last, first, last, email, phone(r), pick(r, demoTitl), cust,
				tf(r.IntN(25) == 0), created.Format(demoDateTime), mod.Format(demoDateTime), nil); err != nil {
				return err
			}
			g.stats.Contacts++
		}
	}
	return nil
}

func (g *demoGen) genItems(ctx context.Context, n int) error {
	r := g.rng(5)
	for i := 0; i < n; i++ {
		id := int64(i + 1)
		created := demoEpoch.AddDate(-2, 0, 0).Add(time.Duration(r.IntN(730*86400)) * time.Second)
		mod := modified(r, created, 900, true)
		it := demoItem{id: id}
		var itemid, display, desc string
		var upc any
		if r.IntN(10) < 7 {
			it.itemtype = "InvtPart"
			adj, thing := pick(r, demoAdj), pick(r, demoThng)
			itemid = fmt.Sprintf("%s-%05d", strings.ToUpper(thing), id)
			display = fmt.Sprintf("%s %s %d", adj, thing, id)
			desc = fmt.Sprintf("%s %s, stock item %d", adj, strings.ToLower(thing), id)
			it.baseCents = int64(199 + r.IntN(50_000))
			upc = fmt.Sprintf("0%011d", r.Int64N(100_000_000_000))
		} else {
			it.itemtype = "Service"
			svc := pick(r, demoSvc)
			itemid = fmt.Sprintf("SVC-%05d", id)
			display = fmt.Sprintf("%s %d", svc, id)
			desc = svc + " (service)"
			it.baseCents = int64(5_000 + r.IntN(200_000))
		}
		cost := it.baseCents * int64(40+r.IntN(40)) / 100
		if err := g.item.add(ctx, id, itemid, display, desc, it.itemtype, money(it.baseCents), money(cost), upc,
			tf(r.IntN(30) == 0), created.Format(demoDateTime), mod.Format(demoDateTime), fmt.Sprintf("SKU-%06d", id)); err != nil {
			return err
		}
		g.items = append(g.items, it)
		g.stats.Items++
	}
	return nil
}

type demoLine struct {
	item     demoItem
	qty      int64
	rateCent int64
}

type demoTran struct {
	id          int64
	typ         string
	entity      int64
	trandate    time.Time
	createdfrom int64
	total       int64
	lines       []demoLine
}

func (g *demoGen) genTransactions(ctx context.Context, L int) error {
	r := g.rng(6)
	remaining := L
	for remaining > 0 {
		progress := float64(L-remaining) / float64(L)
		day := demoEpoch.AddDate(0, 0, int(progress*demoSpanDays))
		cust := pick(r, g.customers)
		if remaining == 1 {
			// Only a main line fits: an unapplied payment.
			return g.emit(ctx, r, &demoTran{typ: "CustPymt", entity: cust, trandate: day, total: int64(1000 + r.IntN(100_000))}, 0)
		}
		k := min(1+r.IntN(8), remaining-1)
		so := &demoTran{typ: "SalesOrd", entity: cust, trandate: day}
		for j := 0; j < k; j++ {
			it := pick(r, g.items)
			rate := it.baseCents
			if r.IntN(4) == 0 {
				rate = rate * int64(80+r.IntN(20)) / 100 // discounted
			}
			qty := int64(1 + r.IntN(20))
			if it.itemtype == "Service" {
				qty = int64(1 + r.IntN(8))
			}
			so.lines = append(so.lines, demoLine{item: it, qty: qty, rateCent: rate})
			so.total += qty * rate
		}
		invoiced := remaining-(1+k) >= 2 && r.IntN(4) != 0
		if err := g.emit(ctx, r, so, boolInt(invoiced)); err != nil {
			return err
		}
		remaining -= 1 + k
		if !invoiced {
			continue
		}
		inv := &demoTran{typ: "CustInvc", entity: cust, trandate: day.AddDate(0, 0, 1+r.IntN(14)), createdfrom: so.id}
		inv.lines = so.lines[:min(len(so.lines), remaining-1)]
		for _, l := range inv.lines {
			inv.total += l.qty * l.rateCent
		}
		paid := remaining-(1+len(inv.lines)) >= 2 && r.IntN(10) < 7
		if err := g.emit(ctx, r, inv, boolInt(paid)); err != nil {
			return err
		}
		remaining -= 1 + len(inv.lines)
		if !paid {
			continue
		}
		pay := &demoTran{typ: "CustPymt", entity: cust, trandate: inv.trandate.AddDate(0, 0, 5+r.IntN(40)),
			createdfrom: inv.id, total: inv.total}
		if err := g.emit(ctx, r, pay, 1); err != nil {
			return err
		}
		remaining -= 2
	}
	return nil
}

// emit writes one transaction and its lines. follow is 1 when a later
// document (invoice, payment) follows it, which decides its status.
func (g *demoGen) emit(ctx context.Context, r *rand.Rand, t *demoTran, follow int) error {
	g.tranID++
	t.id = g.tranID
	g.counters[t.typ]++
	seq := g.counters[t.typ]
	var tranid, recordtype, status string
	var otherref, duedate, createdfrom any
	posting := "T"
	switch t.typ {
	case "SalesOrd":
		tranid, recordtype = fmt.Sprintf("SO%06d", seq), "salesorder"
		status, posting = "B", "F" // Pending Fulfillment
		if follow == 1 {
			status = "G" // Billed
		}
		otherref = fmt.Sprintf("PO-%05d", r.IntN(100_000))
		g.stats.SalesOrders++
	case "CustInvc":
		tranid, recordtype = fmt.Sprintf("INV%06d", seq), "invoice"
		status = "A" // Open
		if follow == 1 {
			status = "B" // Paid In Full
		}
		duedate = t.trandate.AddDate(0, 0, 30).Format(demoDay)
		createdfrom = t.createdfrom
		g.stats.Invoices++
	case "CustPymt":
		tranid, recordtype = fmt.Sprintf("PYMT%06d", seq), "customerpayment"
		status = "C" // Deposited
		if r.IntN(4) == 0 {
			status = "B" // Not Deposited
		}
		if t.createdfrom != 0 {
			createdfrom = t.createdfrom
		}
		g.stats.Payments++
	}
	created := t.trandate.Add(time.Duration(8*3600+r.IntN(10*3600)) * time.Second)
	mod := modified(r, created, 30, false)
	var memo any
	if r.IntN(3) == 0 {
		memo = fmt.Sprintf("%s for %d", recordtype, t.entity)
	}
	var externalid any
	if r.IntN(2) == 0 {
		externalid = fmt.Sprintf("EXT-%s", tranid)
	}
	var emp any
	if len(g.employees) > 0 {
		emp = g.employees[int(t.entity)%len(g.employees)]
	}
	modText := mod.Format(demoDateTime)
	if err := g.tran.add(ctx, t.id, tranid, t.trandate.Format(demoDay), t.typ, recordtype, t.entity, emp, status,
		money(t.total), 1, 1.0, memo, otherref, createdfrom, duedate, posting, "F",
		created.Format(demoDateTime), modText, externalid, periodID(t.trandate)); err != nil {
		return err
	}
	g.stats.Transactions++

	// Main line.
	g.lineKey++
	if err := g.line.add(ctx, g.lineKey, 0, t.id, 0, "T", "F", nil, nil, nil, nil, money(t.total), money(t.total),
		t.entity, memo, "F", modText); err != nil {
		return err
	}
	g.stats.Lines++
	if t.typ == "CustPymt" {
		if t.createdfrom == 0 {
			return nil // unapplied payment: main line only
		}
		g.lineKey++
		if err := g.line.add(ctx, g.lineKey, 1, t.id, 1, "F", "F", nil, nil, nil, nil, money(t.total), money(t.total),
			t.entity, fmt.Sprintf("Applied to transaction %d", t.createdfrom), "F", modText); err != nil {
			return err
		}
		g.stats.Lines++
		return nil
	}
	for j, l := range t.lines {
		g.lineKey++
		amt := money(l.qty * l.rateCent)
		if err := g.line.add(ctx, g.lineKey, j+1, t.id, j+1, "F", "F", l.item.id, l.item.itemtype, float64(l.qty),
			money(l.rateCent), amt, amt, t.entity, nil, tf(t.typ == "SalesOrd" && follow == 1), modText); err != nil {
			return err
		}
		g.stats.Lines++
	}
	return nil
}
