package store

import (
	"context"
	"fmt"
)

// Reference tables: the lists the demo records point at. Every demo
// customer, vendor and transaction uses currency 1 and subsidiary 1, and
// every demo customer entity status 13; these rows make those references
// resolve (the REST record service refuses a reference to a row that does
// not exist, as NetSuite does). They are account set-up rather than
// generated data, so they are the same for every demo size, including 0.
//
//	currency        id, name, symbol, isbasecurrency, exchangerate, isinactive
//	subsidiary      id, name, fullname, parent → subsidiary, currency → currency,
//	                country, iselimination, isinactive
//	customerstatus  id, name, stage ('LEAD'|'PROSPECT'|'CUSTOMER'), probability,
//	                isinactive
//
// The rows follow a standard OneWorld account: currency 1 is the base
// currency (US Dollar); subsidiary 1 is the root ("Parent Company"), the
// others its children, named "Parent : Child" in fullname; entity statuses
// 6–13 are NetSuite's standard lead, prospect and customer stages (13 is
// CUSTOMER-Closed Won, the status of the demo customers). Subsidiary 3
// and currency 4 are inactive, so that tests can show that references to
// inactive records are refused. Probabilities are the emulator's choice
// (NetSuite lets every account set its own).

// referenceSchema creates the reference tables when missing and adds their
// rows when missing; it runs after the demo tables are (re)created and,
// through [Store.EnsureReferenceRows], when the record service creates the
// tables of an account without demo data.
var referenceSchema = []string{
	`CREATE TABLE IF NOT EXISTS currency (
	id INTEGER PRIMARY KEY, name TEXT NOT NULL, symbol TEXT NOT NULL, isbasecurrency TEXT NOT NULL,
	exchangerate REAL NOT NULL, isinactive TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS subsidiary (
	id INTEGER PRIMARY KEY, name TEXT NOT NULL, fullname TEXT, parent INTEGER, currency INTEGER NOT NULL,
	country TEXT, iselimination TEXT NOT NULL, isinactive TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS customerstatus (
	id INTEGER PRIMARY KEY, name TEXT NOT NULL, stage TEXT NOT NULL, probability REAL, isinactive TEXT NOT NULL)`,
	`INSERT OR IGNORE INTO currency (id, name, symbol, isbasecurrency, exchangerate, isinactive) VALUES
	(1, 'US Dollar', 'USD', 'T', 1.0, 'F'),
	(2, 'British pound', 'GBP', 'F', 1.27, 'F'),
	(3, 'Canadian Dollar', 'CAD', 'F', 0.73, 'F'),
	(4, 'Euro', 'EUR', 'F', 1.08, 'T')`,
	`INSERT OR IGNORE INTO subsidiary (id, name, fullname, parent, currency, country, iselimination, isinactive) VALUES
	(1, 'Parent Company', 'Parent Company', NULL, 1, 'US', 'F', 'F'),
	(2, 'UK', 'Parent Company : UK', 1, 2, 'GB', 'F', 'F'),
	(3, 'Canada', 'Parent Company : Canada', 1, 3, 'CA', 'F', 'T')`,
	`INSERT OR IGNORE INTO customerstatus (id, name, stage, probability, isinactive) VALUES
	(6, 'Unqualified', 'LEAD', 10, 'F'),
	(7, 'Qualified', 'LEAD', 20, 'F'),
	(8, 'In Discussion', 'PROSPECT', 30, 'F'),
	(9, 'Identified Decision Makers', 'PROSPECT', 40, 'F'),
	(10, 'Proposal', 'PROSPECT', 50, 'F'),
	(11, 'In Negotiation', 'PROSPECT', 75, 'F'),
	(12, 'Purchasing', 'PROSPECT', 90, 'F'),
	(13, 'Closed Won', 'CUSTOMER', 100, 'F')`,
}

// referenceTableNames are the reference tables, in creation order.
var referenceTableNames = []string{"currency", "subsidiary", "customerstatus"}

// referenceRecordTypes are the REST record types of the reference tables
// (sim/catalog, reference.go), which custom select fields may reference too.
var referenceRecordTypes = []string{"currency", "subsidiary", "customerStatus"}

func init() {
	// GenerateDemo drops DemoTables and runs demoSchema: the reference
	// tables are recreated with their rows after the other demo tables.
	DemoTables = append(DemoTables, referenceTableNames...)
	demoSchema = append(demoSchema, referenceSchema...)
	StandardRecordTypes = append(StandardRecordTypes, referenceRecordTypes...)
}

// EnsureReferenceRows creates the reference tables (currency, subsidiary,
// customerstatus) when missing and adds their standard rows when missing,
// for accounts whose demo tables were never generated.
func (s *Store) EnsureReferenceRows(ctx context.Context) error {
	if err := execAll(ctx, s.db, referenceSchema...); err != nil {
		return fmt.Errorf("store: reference tables: %w", err)
	}
	return nil
}
