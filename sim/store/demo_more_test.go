package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// oldStateFile writes a state file in the shape an earlier version wrote
// (no views, no trigger, no new tables or columns).
func oldStateFile(t *testing.T) (string, DemoStats) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.GenerateDemo(t.Context(), DemoOptions{Lines: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	old := []string{`DROP TRIGGER transaction_postingperiod`}
	for _, v := range DemoViews {
		old = append(old, `DROP VIEW "`+v+`"`)
	}
	for _, tbl := range moreDemoTables {
		old = append(old, `DROP TABLE "`+tbl+`"`)
	}
	for _, u := range demoUpgrades {
		old = append(old, `ALTER TABLE "`+u.table+`" DROP COLUMN `+u.column)
	}
	if err := execAll(t.Context(), s.DB(), old...); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path, st
}

// TestDemoUpgradesOldStateFile reopens a state file of an earlier
// version: the open upgrades it, keeping its rows, and the new tables join
// up with the old data.
func TestDemoUpgradesOldStateFile(t *testing.T) {
	path, st := oldStateFile(t)
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopening an old state file: %v", err)
	}
	defer s.Close()
	db := s.DB()
	for _, c := range []struct {
		name, q string
		want    int
	}{
		{"rows kept", `SELECT COUNT(*) FROM "transaction"`, st.Transactions},
		{"every transaction has its month", `SELECT COUNT(*) FROM "transaction" t JOIN accountingperiod p ON p.id = t.postingperiod
			WHERE t.trandate BETWEEN p.startdate AND p.enddate AND p.isquarter = 'F' AND p.isyear = 'F'`, st.Transactions},
		{"unbalanced transactions", `SELECT COUNT(*) FROM (SELECT "transaction" FROM transactionaccountingline
			GROUP BY "transaction" HAVING ROUND(SUM(COALESCE(debit, 0)), 2) <> ROUND(SUM(COALESCE(credit, 0)), 2))`, 0},
		{"entities", `SELECT COUNT(*) FROM entity`, st.Customers + st.Vendors + st.Employees + st.Contacts},
		{"system notes", `SELECT COUNT(*) FROM systemnote`, st.Customers + st.Vendors + st.Employees + st.Contacts + st.Items + st.Transactions},
		{"employees without access", `SELECT COUNT(*) FROM employee WHERE giveaccess = 'F'`, st.Employees},
		{"customers at the Customer stage", `SELECT COUNT(*) FROM customer WHERE searchstage = 'Customer'`, st.Customers},
		{"accounts", `SELECT COUNT(*) FROM account`, len(demoAccounts)},
		{"roles", `SELECT COUNT(*) FROM role`, 1},
	} {
		if got := count(t, db, c.q); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// A REST-style insert gets its posting period from the trigger.
	if _, err := db.Exec(`INSERT INTO "transaction" (id, tranid, trandate, type, recordtype, currency, exchangerate, posting, voided,
		createddate, lastmodifieddate) VALUES (999999, 'X', '2026-02-03', 'CustInvc', 'invoice', 1, 1, 'T', 'F', '2026-02-03 00:00:00', '2026-02-03 00:00:00')`); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM "transaction" t JOIN accountingperiod p ON p.id = t.postingperiod WHERE t.id = 999999 AND p.periodname = 'Feb 2026'`); got != 1 {
		t.Error("the upgraded file's trigger did not set the posting period")
	}
}

// TestDemoViewsCurrent checks that the views a store creates are stored as
// written, so that reopening does not recreate them, and that periodID
// agrees with the generated periods.
func TestDemoViewsCurrent(t *testing.T) {
	s, _ := newStore(t)
	if _, err := s.GenerateDemo(t.Context(), DemoOptions{Lines: 100, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for _, v := range DemoViews {
		var sql string
		if err := s.DB().QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?`, v).Scan(&sql); err != nil || sql != demoViewSQL[v] {
			t.Errorf("view %s: %v, stored %q", v, err, sql)
		}
	}
	if got := count(t, s.DB(), `SELECT COUNT(*) FROM accountingperiod WHERE isquarter = 'F' AND isyear = 'F'`); got != 12*(demoLastYear-demoFirstYear+1) {
		t.Errorf("%d months", got)
	}
	for _, day := range []string{"2022-01-01", "2024-02-29", "2025-12-31", "2027-07-15"} {
		var want int
		if err := s.DB().QueryRow(`SELECT id FROM accountingperiod WHERE isquarter = 'F' AND isyear = 'F' AND ? BETWEEN startdate AND enddate`, day).Scan(&want); err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse(demoDay, day)
		if got := periodID(d); got != want {
			t.Errorf("periodID(%s) = %v, want %d", day, got, want)
		}
	}
	if periodID(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) != nil {
		t.Error("periodID outside the generated years")
	}
}

// TestCustomRecordTypeNotTheViewName refuses a custom record type whose
// table would be the customrecordtype view.
func TestCustomRecordTypeNotTheViewName(t *testing.T) {
	s, _ := newStore(t)
	for _, c := range []struct {
		id string
		ok bool
	}{{"customrecordtype", false}, {"CustomRecordType", false}, {"customrecord_type", true}, {"customrecordtypes", true}} {
		_, err := s.DefineCustomRecordType(t.Context(), CustomRecordType{ScriptID: c.id, Name: "T " + c.id, AccessType: AccessNoPermission})
		if (err == nil) != c.ok || (!c.ok && !errors.Is(err, ErrInvalid)) {
			t.Errorf("%s: %v", c.id, err)
		}
	}
	if got := count(t, s.DB(), `SELECT COUNT(*) FROM customrecordtype`); got != 2 {
		t.Errorf("customrecordtype has %d rows, want 2", got)
	}
}

// TestDemoUpgradeConcurrentOpens opens one old state file from several
// stores at once: one upgrades it, the others find it upgraded.
func TestDemoUpgradeConcurrentOpens(t *testing.T) {
	path, st := oldStateFile(t)
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			s, err := Open(path)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("open: %v", err)
		}
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := count(t, s.DB(), `SELECT COUNT(*) FROM systemnote WHERE recordtypeid = -30`); got != st.Transactions {
		t.Errorf("%d transaction notes, want %d (upgraded more than once?)", got, st.Transactions)
	}
}
