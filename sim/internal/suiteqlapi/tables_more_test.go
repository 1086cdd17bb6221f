package suiteqlapi_test

import (
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/go-netsuite/netsuite/sim/store"
)

// TestSuiteQLLedgerAndReferenceTables runs the queries real-world SuiteQL
// runs on the general ledger, entity, audit and set-up tables, over the
// demo data, and checks that the data joins up.
func TestSuiteQLLedgerAndReferenceTables(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 3000)
	// A login made in this test: the Login Audit Trail shows it.
	if st, body := f.SuiteQL("SELECT COUNT(*) AS n FROM dual"); st != 200 {
		t.Fatalf("%d %v", st, body)
	}
	one := func(t *testing.T, q string) map[string]any {
		t.Helper()
		st, body := f.SuiteQL(q)
		items, _ := body["items"].([]any)
		if st != 200 || len(items) != 1 {
			t.Fatalf("%s: %d %v", q, st, body)
		}
		return items[0].(map[string]any)
	}
	cases := []struct {
		name, q string
		want    map[string]string
	}{
		{"every posting transaction balances (debits = credits)", `SELECT COUNT(*) AS unbalanced FROM (
			SELECT tal.transaction FROM transactionaccountingline tal
			GROUP BY tal.transaction HAVING ROUND(SUM(NVL(tal.debit, 0)), 2) <> ROUND(SUM(NVL(tal.credit, 0)), 2)
			OR ROUND(SUM(tal.amount), 2) <> 0)`, map[string]string{"unbalanced": "0"}},
		{"invoices and payments post, sales orders do not", `SELECT
			SUM(CASE WHEN t.type IN ('CustInvc', 'CustPymt') AND NOT EXISTS (SELECT 1 FROM transactionaccountingline tal WHERE tal.transaction = t.id) THEN 1 ELSE 0 END) AS missing,
			SUM(CASE WHEN t.type = 'SalesOrd' AND EXISTS (SELECT 1 FROM transactionaccountingline tal WHERE tal.transaction = t.id) THEN 1 ELSE 0 END) AS extra
			FROM transaction t`, map[string]string{"missing": "0", "extra": "0"}},
		{"every ledger line's account exists", `SELECT COUNT(*) AS n FROM transactionaccountingline tal
			LEFT JOIN account a ON a.id = tal.account WHERE a.id IS NULL`, map[string]string{"n": "0"}},
		{"one receivables account carries the postings", `SELECT COUNT(*) AS n FROM account a WHERE a.accttype = 'AcctRec'
			AND EXISTS (SELECT 1 FROM transactionaccountingline tal WHERE tal.account = a.id)`, map[string]string{"n": "1"}},
		{"every transaction's posting period is the month of its date", `SELECT COUNT(*) AS n FROM transaction t
			LEFT JOIN accountingperiod ap ON ap.id = t.postingperiod
			WHERE ap.id IS NULL OR t.trandate < ap.startdate OR t.trandate > ap.enddate OR ap.isquarter = 'T' OR ap.isyear = 'T'`,
			map[string]string{"n": "0"}},
		{"entity is customers, vendors, employees and contacts", `SELECT
			(SELECT COUNT(*) FROM entity) AS entities,
			(SELECT COUNT(*) FROM customer) + (SELECT COUNT(*) FROM vendor) + (SELECT COUNT(*) FROM employee) + (SELECT COUNT(*) FROM contact) AS parts,
			(SELECT COUNT(*) FROM entity e JOIN customer c ON c.id = e.id WHERE e.type = 'CustJob' AND e.customer = c.id) - (SELECT COUNT(*) FROM customer) AS custdiff,
			(SELECT COUNT(*) FROM entity WHERE type NOT IN ('CustJob', 'Vendor', 'Employee', 'Contact')) AS badtype
			FROM dual`, nil},
		{"a transaction's entity joins entity", `SELECT COUNT(*) AS n FROM transaction t
			LEFT JOIN entity e ON e.id = t.entity WHERE e.id IS NULL OR e.type <> 'CustJob'`, map[string]string{"n": "0"}},
		{"supervisors and parents exist", `SELECT
			(SELECT COUNT(*) FROM employee e LEFT JOIN employee s ON s.id = e.supervisor WHERE e.supervisor IS NOT NULL AND s.id IS NULL) AS badsup,
			(SELECT COUNT(*) FROM employee WHERE supervisor IS NOT NULL) AS supervised,
			(SELECT COUNT(*) FROM customer c LEFT JOIN customer p ON p.id = c.parent WHERE c.parent IS NOT NULL AND p.id IS NULL) AS badparent,
			(SELECT COUNT(*) FROM customer WHERE searchstage <> 'Customer') AS badstage
			FROM dual`, map[string]string{"badsup": "0", "badparent": "0", "badstage": "0"}},
		{"a month's parent is its quarter, a quarter's its year", `SELECT COUNT(*) AS n FROM accountingperiod m
			JOIN accountingperiod q ON q.id = m.parent JOIN accountingperiod y ON y.id = q.parent
			WHERE m.isquarter = 'F' AND m.isyear = 'F' AND q.isquarter = 'T' AND y.isyear = 'T'
			AND m.startdate >= q.startdate AND m.enddate <= q.enddate AND q.startdate >= y.startdate AND q.enddate <= y.enddate`,
			map[string]string{"n": "72"}},
		{"one Create system note per demo record", `SELECT
			(SELECT COUNT(*) FROM systemnote WHERE type = 'Create') - (SELECT COUNT(*) FROM entity) - (SELECT COUNT(*) FROM item) - (SELECT COUNT(*) FROM transaction) AS diff,
			(SELECT COUNT(*) FROM systemnote sn JOIN transaction t ON t.id = sn.recordid WHERE sn.recordtypeid = -30) - (SELECT COUNT(*) FROM transaction) AS trandiff,
			(SELECT BUILTIN.DF(sn.name) FROM systemnote sn WHERE sn.id = 1) AS madeby
			FROM dual`, map[string]string{"diff": "0", "trandiff": "0", "madeby": "Ada Admin"}},
		{"the login made in this test", `SELECT la.status, la.oauthappname, BUILTIN.DF(la.user) AS username, r.name AS rolename
			FROM loginaudit la JOIN role r ON r.id = la.role ORDER BY la.id DESC FETCH FIRST 1 ROWS ONLY`,
			map[string]string{"status": "Success", "oauthappname": f.Guide.IntegrationName, "username": f.Guide.EmployeeEntityID}},
		{"the Administrator role", `SELECT name, scriptid, isinactive FROM role WHERE id = 3`,
			map[string]string{"name": "Administrator", "scriptid": "administrator", "isinactive": "F"}},
		{"files", `SELECT COUNT(*) AS n, SUM(CASE WHEN url LIKE '/core/media/media.nl?id=%' THEN 1 ELSE 0 END) AS urls FROM file`,
			map[string]string{"n": "5", "urls": "5"}},
		{"trial balance sums to zero", `SELECT ROUND(SUM(tal.amount), 2) AS total FROM transactionaccountingline tal
			JOIN transaction t ON t.id = tal.transaction JOIN account a ON a.id = tal.account
			WHERE tal.posting = 'T' AND tal.accountingbook = 1`, map[string]string{"total": "0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := one(t, c.q)
			for k, v := range c.want {
				if got, _ := row[k].(string); got != v {
					t.Errorf("%s = %q, want %q (row %v)", k, row[k], v, row)
				}
			}
			if c.name == "entity is customers, vendors, employees and contacts" {
				if row["entities"] != row["parts"] || row["custdiff"] != "0" || row["badtype"] != "0" {
					t.Errorf("row %v", row)
				}
			}
			if c.name == "supervisors and parents exist" && row["supervised"] == "0" {
				t.Errorf("no employee has a supervisor: %v", row)
			}
			if c.name == "the login made in this test" && row["rolename"] == nil {
				t.Errorf("the login's role does not join role: %v", row)
			}
		})
	}
}

// TestLedgerFollowsWrites writes through REST and the account model and
// reads the views back: a new invoice gets its posting period and balanced
// ledger lines, a new customer shows in entity, a custom record type in
// customrecordtype; account and accountingPeriod are REST records.
func TestLedgerFollowsWrites(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 300)
	s := f.Signer(f.Creds)
	const rec = "/services/rest/record/v1"
	resp, body := f.Do(s, "POST", rec+"/customer", `{"companyName":"Ledger Test Co","subsidiary":{"id":"1"}}`, nil)
	if resp.StatusCode != 204 {
		t.Fatalf("customer: %d %s", resp.StatusCode, body)
	}
	cust := resp.Header.Get("Location")[strings.LastIndex(resp.Header.Get("Location"), "/")+1:]
	resp, body = f.Do(s, "POST", rec+"/invoice", `{"entity":{"id":"`+cust+`"},"tranDate":"2025-03-14","item":{"items":[{"item":{"id":"`+
		f.FirstID("item")+`"},"quantity":3,"rate":2.5},{"item":{"id":"`+f.FirstID("item")+`"},"quantity":1,"rate":4.1}]}}`, nil)
	if resp.StatusCode != 204 {
		t.Fatalf("invoice: %d %s", resp.StatusCode, body)
	}
	inv := resp.Header.Get("Location")[strings.LastIndex(resp.Header.Get("Location"), "/")+1:]
	for _, patch := range []struct{ path, body string }{
		{rec + "/customer/" + cust, `{"companyName":"Ledger Test Company","phone":"555-0100"}`},
		{rec + "/account/11", `{"description":"Rent, travel and the rest"}`},
	} {
		if resp, body := f.Do(s, "PATCH", patch.path, patch.body, nil); resp.StatusCode != 204 {
			t.Fatalf("PATCH %s: %d %s", patch.path, resp.StatusCode, body)
		}
	}
	if _, err := f.St.DefineCustomRecordType(t.Context(), store.CustomRecordType{ScriptID: "customrecord_ledger", Name: "Ledger Note",
		AccessType: store.AccessNoPermission}); err != nil {
		t.Fatal(err)
	}
	if resp, body := f.Do(s, "POST", rec+"/customrecord_ledger", `{"name":"First note"}`, nil); resp.StatusCode != 204 {
		t.Fatalf("custom record: %d %s", resp.StatusCode, body)
	}
	for _, c := range []struct {
		name, q string
		want    map[string]string
	}{
		{"the new invoice's posting period", `SELECT BUILTIN.DF(t.postingperiod) AS period FROM transaction t WHERE t.id = ` + inv,
			map[string]string{"period": "Mar 2025"}},
		{"the new invoice balances", `SELECT ROUND(SUM(debit), 2) AS debit, ROUND(SUM(credit), 2) AS credit, COUNT(*) AS n
			FROM transactionaccountingline WHERE transaction = ` + inv, map[string]string{"debit": "11.6", "credit": "11.6", "n": "3"}},
		{"the new customer is an entity", `SELECT type, entitytitle FROM entity WHERE id = ` + cust,
			map[string]string{"type": "CustJob", "entitytitle": "CUST" + strings.Repeat("0", 6-len(cust)) + cust + " Ledger Test Company"}},
		{"the customer's system notes", `SELECT
			SUM(CASE WHEN type = 'Create' THEN 1 ELSE 0 END) AS creates,
			SUM(CASE WHEN type = 'Change' THEN 1 ELSE 0 END) AS changes,
			MAX(CASE WHEN field = 'companyname' THEN oldvalue || ' -> ' || newvalue END) AS renamed,
			MAX(CASE WHEN field = 'phone' THEN NVL(oldvalue, '(none)') || ' -> ' || newvalue END) AS phoned,
			MIN(BUILTIN.DF(name)) AS madeby, MIN(recordtypeid) AS rectype, MIN(record) AS record
			FROM systemnote WHERE recordid = ` + cust + ` AND recordtypeid = -9`,
			map[string]string{"creates": "1", "changes": "2", "renamed": "Ledger Test Co -> Ledger Test Company",
				"phoned": "(none) -> 555-0100", "madeby": f.Guide.EmployeeEntityID, "rectype": "-9"}},
		{"the invoice's Create note", `SELECT COUNT(*) AS n FROM systemnote WHERE recordtypeid = -30 AND recordid = ` + inv + ` AND type = 'Create'`,
			map[string]string{"n": "1"}},
		{"the custom record's Create note", `SELECT COUNT(*) AS n, MIN(sn.record) AS record FROM systemnote sn
			JOIN customrecordtype crt ON crt.id = sn.recordtypeid WHERE crt.scriptid = 'CUSTOMRECORD_LEDGER' AND sn.type = 'Create'`,
			map[string]string{"n": "1", "record": "First note"}},
		{"the new custom record type", `SELECT scriptid, name, isinactive FROM customrecordtype WHERE scriptid = 'CUSTOMRECORD_LEDGER'`,
			map[string]string{"scriptid": "CUSTOMRECORD_LEDGER", "name": "Ledger Note", "isinactive": "F"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, body := f.SuiteQL(c.q)
			items, _ := body["items"].([]any)
			if st != 200 || len(items) != 1 {
				t.Fatalf("%d %v", st, body)
			}
			row := items[0].(map[string]any)
			for k, v := range c.want {
				if got, _ := row[k].(string); got != v {
					t.Errorf("%s = %q, want %q (row %v)", k, row[k], v, row)
				}
			}
		})
	}
	for _, c := range []struct{ path, want string }{
		{rec + "/account/3", `"acctName":"Accounts Receivable"`},
		{rec + "/account/11", `"description":"Rent, travel and the rest"`},
		{rec + "/account/8", `"refName":"4000 Sales"`},
		{rec + "/accountingPeriod/37", `"periodName":"Jan 2024"`},
	} {
		resp, body := f.Do(s, "GET", c.path, "", nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), c.want) {
			t.Errorf("GET %s: %d %s, want %s", c.path, resp.StatusCode, body, c.want)
		}
	}
}
