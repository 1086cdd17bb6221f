package suiteqlengine

import (
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim/store"
	_ "modernc.org/sqlite"
)

// testSchema is the demo tables' DDL, as sim/store creates them.
var testSchema = store.DemoSchema()

// testData is a small deterministic dataset.
var testData = []string{
	`INSERT INTO employee VALUES
	(1, 'Ada Lovelace', 'Ada', 'Lovelace', 'ada@example.com', 'Sales Rep', 'F', '2023-01-10 09:00:00', '2024-07-01 02:00:00', 'EMP-000001', 'F', NULL),
	(2, 'Alan Turing', 'Alan', 'Turing', 'alan@example.com', 'Account Manager', 'F', '2023-02-11 10:30:00', '2024-03-05 14:15:16', 'EMP-000002', 'F', NULL),
	(3, 'Grace Hopper', 'Grace', 'Hopper', NULL, 'Sales Director', 'T', '2023-03-12 11:00:00', '2024-07-01 02:00:00', NULL, 'F', NULL)`,
	`INSERT INTO customer VALUES
	(4, 'CUST00001', 'Acme Industries Inc.', 'F', NULL, NULL, 'ap4@acme.example.com', '555-000-0001', 1, 100000.0, 1, 1, 13, 'F', '2024-01-05 08:00:00', '2024-07-01 02:00:00', 'CRM-0000004', NULL, 'Customer'),
	(5, 'CUST00002', 'Globex Systems LLC', 'F', NULL, NULL, 'ap5@globex.example.com', '555-000-0002', 2, 2500.5, 1, 1, 13, 'F', '2024-01-06 09:00:00', '2024-02-01 10:00:00', NULL, NULL, 'Customer'),
	(6, 'CUST00003', NULL, 'T', 'Linus', 'Torvalds', NULL, '555-000-0003', 1, 0.5, 1, 1, NULL, 'F', '2024-02-07 10:00:00', '2024-07-01 02:00:00', 'CRM-0000006', NULL, 'Customer'),
	(7, 'CUST00004', 'Initech Labs GmbH', 'F', NULL, NULL, 'ap7@initech.example.com', NULL, NULL, NULL, 1, 1, 13, 'T', '2024-03-08 11:00:00', '2024-03-09 12:00:00', NULL, NULL, 'Customer'),
	(8, 'CUST00005', 'Umbrella Foods Ltd', 'F', NULL, NULL, 'AP8@Umbrella.example.com', '555-000-0005', 3, 75000.0, 1, 1, 13, 'F', '2024-04-09 12:00:00', '2024-07-01 02:00:00', 'CRM-0000008', NULL, 'Customer')`,
	`INSERT INTO vendor VALUES
	(9, 'VEND0001', 'Stark Supply Co.', 'sales9@stark.example.org', '555-100-0001', 1, 1, 'F', '2022-05-01 08:00:00', '2024-01-01 02:00:00', 'VND-000009'),
	(10, 'VEND0002', 'Wayne Logistics AG', 'sales10@wayne.example.org', NULL, 1, 1, 'F', '2022-06-01 08:00:00', '2024-01-01 02:00:00', 'VND-000010')`,
	`INSERT INTO contact VALUES
	(11, 'Barbara Liskov', 'Barbara', 'Liskov', 'barbara@example.com', '555-200-0001', 'Buyer', 4, 'F', '2024-01-10 08:00:00', '2024-07-01 02:00:00', NULL),
	(12, 'Ken Thompson', 'Ken', 'Thompson', NULL, NULL, 'CFO', 5, 'F', '2024-01-11 08:00:00', '2024-03-01 02:00:00', NULL)`,
	`INSERT INTO item VALUES
	(1, 'WID-001', 'Blue Widget', 'A blue widget', 'InvtPart', 10.0, 4.25, '0001', 'F', '2023-01-01 00:00:00', '2024-01-01 02:00:00', NULL),
	(2, 'GAD-002', 'Red Gadget', '100% red_gadget', 'InvtPart', 25.5, 12.0, '0002', 'F', '2023-01-02 00:00:00', '2024-01-01 02:00:00', NULL),
	(3, 'SVC-003', 'Installation', NULL, 'Service', 150.0, NULL, NULL, 'F', '2023-01-03 00:00:00', '2024-01-01 02:00:00', NULL),
	(4, 'OLD-004', NULL, NULL, 'InvtPart', NULL, NULL, NULL, 'T', '2023-01-04 00:00:00', '2024-01-01 02:00:00', NULL)`,
	`INSERT INTO "transaction" VALUES
	(101, 'SO000001', '2024-01-15', 'SalesOrd', 'salesorder', 4, 1, 'G', 45.5, 1, 1.0, 'salesorder for 4', 'PO-1', NULL, NULL, 'F', 'F', '2024-01-15 09:00:00', '2024-02-01 02:00:00', NULL, NULL),
	(102, 'INV000001', '2024-01-20', 'CustInvc', 'invoice', 4, 1, 'B', 45.5, 1, 1.0, NULL, NULL, 101, '2024-02-19', 'T', 'F', '2024-01-20 10:00:00', '2024-02-01 02:00:00', NULL, NULL),
	(103, 'PYMT000001', '2024-02-03', 'CustPymt', 'customerpayment', 4, NULL, 'C', 45.5, 1, 1.0, NULL, NULL, NULL, NULL, 'T', 'F', '2024-02-03 11:00:00', '2024-03-01 02:00:00', NULL, NULL),
	(104, 'SO000002', '2024-02-10', 'SalesOrd', 'salesorder', 5, 2, 'B', 150.0, 1, 1.0, 'rush', NULL, NULL, NULL, 'F', 'F', '2024-02-10 12:00:00', '2024-02-10 12:30:45', NULL, NULL),
	(105, 'SO000003', '2024-03-31', 'SalesOrd', 'salesorder', 6, NULL, 'B', 0.3, 1, 1.0, NULL, NULL, NULL, NULL, 'F', 'F', '2024-03-31 23:59:59', '2024-04-01 02:00:00', NULL, NULL),
	(106, 'INV000002', '2024-04-30', 'CustInvc', 'invoice', 8, 3, 'A', 1234567.891, 1, 1.0, NULL, NULL, NULL, '2024-05-30', 'T', 'F', '2024-04-30 08:00:00', '2024-05-01 02:00:00', NULL, NULL)`,
	`INSERT INTO transactionline VALUES
	(1, 0, 101, 0, 'T', 'F', NULL, NULL, NULL, NULL, 45.5, 45.5, 4, NULL, 'F', '2024-02-01 02:00:00'),
	(2, 1, 101, 1, 'F', 'F', 1, 'InvtPart', 2.0, 10.0, 20.0, 20.0, 4, NULL, 'F', '2024-02-01 02:00:00'),
	(3, 2, 101, 2, 'F', 'F', 2, 'InvtPart', 1.0, 25.5, 25.5, 25.5, 4, NULL, 'F', '2024-02-01 02:00:00'),
	(4, 0, 102, 0, 'T', 'F', NULL, NULL, NULL, NULL, 45.5, 45.5, 4, NULL, 'F', '2024-02-01 02:00:00'),
	(5, 1, 102, 1, 'F', 'F', 1, 'InvtPart', 2.0, 10.0, 20.0, 20.0, 4, NULL, 'F', '2024-02-01 02:00:00'),
	(6, 2, 102, 2, 'F', 'F', 2, 'InvtPart', 1.0, 25.5, 25.5, 25.5, 4, NULL, 'F', '2024-02-01 02:00:00'),
	(7, 0, 103, 0, 'T', 'F', NULL, NULL, NULL, NULL, 45.5, 45.5, 4, NULL, 'F', '2024-03-01 02:00:00'),
	(8, 0, 104, 0, 'T', 'F', NULL, NULL, NULL, NULL, 150.0, 150.0, 5, NULL, 'F', '2024-02-10 12:30:45'),
	(9, 1, 104, 1, 'F', 'F', 3, 'Service', 1.0, 150.0, 150.0, 150.0, 5, 'on site', 'F', '2024-02-10 12:30:45'),
	(10, 0, 105, 0, 'T', 'F', NULL, NULL, NULL, NULL, 0.3, 0.3, 6, NULL, 'F', '2024-04-01 02:00:00'),
	(11, 1, 105, 1, 'F', 'F', 1, 'InvtPart', 0.1, 1.0, 0.1, 0.1, 6, NULL, 'F', '2024-04-01 02:00:00'),
	(12, 2, 105, 2, 'F', 'F', 1, 'InvtPart', 0.2, 1.0, 0.2, 0.2, 6, NULL, 'F', '2024-04-01 02:00:00'),
	(13, 0, 106, 0, 'T', 'F', NULL, NULL, NULL, NULL, 1234567.891, 1234567.891, 8, NULL, 'F', '2024-05-01 02:00:00')`,
}

var dbSeq atomic.Int64

// openDB opens a private in-memory database (shared cache, so that every
// pooled connection sees it) with the given statements run.
func openDB(tb testing.TB, stmts ...[]string) *sql.DB {
	tb.Helper()
	dsn := fmt.Sprintf("file:suiteqltest%d?mode=memory&cache=shared", dbSeq.Add(1))
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	// Keep one connection so the in-memory database lives until Close.
	keep, err := db.Conn(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		keep.Close()
		db.Close()
	})
	for _, list := range stmts {
		for _, s := range list {
			if _, err := db.Exec(s); err != nil {
				tb.Fatalf("%s: %v", s, err)
			}
		}
	}
	return db
}

// testDB is the schema with the small dataset.
func testDB(tb testing.TB) *sql.DB { return openDB(tb, testSchema, testData) }

var fixedNow = time.Date(2024, 6, 15, 13, 45, 30, 0, time.UTC)
