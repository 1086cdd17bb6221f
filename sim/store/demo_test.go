package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// demoChecksum hashes every row of every demo table in primary-key order.
func demoChecksum(t testing.TB, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, table := range DemoTables {
		order := "id"
		if table == "transactionline" {
			order = "uniquekey"
		}
		rows, err := db.Query(`SELECT * FROM "` + table + `" ORDER BY ` + order)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(h, "%s%v\n", table, cols)
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(h, "%T:%v|", v, v)
			}
			h.Write([]byte{'\n'})
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func count(t testing.TB, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestDemoDeterministic(t *testing.T) {
	ctx := t.Context()
	gen := func(seed int64) (string, DemoStats) {
		s, _ := newStore(t)
		st, err := s.GenerateDemo(ctx, DemoOptions{Lines: 3000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return demoChecksum(t, s.DB()), st
	}
	a, sa := gen(42)
	b, sb := gen(42)
	c, _ := gen(43)
	if a != b {
		t.Errorf("same seed and size gave different data: %s vs %s", a, b)
	}
	sa.Elapsed, sb.Elapsed = 0, 0
	if sa != sb {
		t.Errorf("stats differ: %+v vs %+v", sa, sb)
	}
	if a == c {
		t.Error("different seeds gave identical data")
	}
	// Regenerating in the same (file) store replaces the tables with the
	// same data.
	s, err := Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 500, Seed: 42}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 3000, Seed: 42}); err != nil {
		t.Fatal(err)
	}
	if got := demoChecksum(t, s.DB()); got != a {
		t.Errorf("regenerated file store checksum %s, want %s", got, a)
	}
}

func TestDemoLineCounts(t *testing.T) {
	s, _ := newStore(t)
	for _, n := range []int{0, 1, 2, 3, 4, 7, 10, 99, 2500} {
		st, err := s.GenerateDemo(t.Context(), DemoOptions{Lines: n, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		db := s.DB()
		if got := count(t, db, `SELECT COUNT(*) FROM transactionline`); got != n || st.Lines != n {
			t.Errorf("Lines %d: %d rows, stats %d", n, got, st.Lines)
		}
		wantCounts := map[string]int{
			"transaction": st.Transactions, "customer": st.Customers, "contact": st.Contacts,
			"vendor": st.Vendors, "employee": st.Employees, "item": st.Items,
		}
		for table, want := range wantCounts {
			if got := count(t, db, `SELECT COUNT(*) FROM "`+table+`"`); got != want {
				t.Errorf("Lines %d: %s has %d rows, stats say %d", n, table, got, want)
			}
		}
		if st.SalesOrders+st.Invoices+st.Payments != st.Transactions {
			t.Errorf("Lines %d: stats %+v", n, st)
		}
		if n > 0 && count(t, db, `SELECT COUNT(*) FROM "transaction"`) == 0 {
			t.Errorf("Lines %d: no transactions", n)
		}
	}
	if _, err := s.GenerateDemo(t.Context(), DemoOptions{Lines: -1}); err == nil {
		t.Error("negative Lines accepted")
	}
}

// TestDemoShape checks the dataset's internal consistency with SQL, the way
// SuiteQL tests will use it.
func TestDemoShape(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.GenerateDemo(ctx, DemoOptions{Lines: 20_000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if st.SalesOrders == 0 || st.Invoices == 0 || st.Payments == 0 || st.Contacts == 0 {
		t.Fatalf("stats %+v", st)
	}
	db := s.DB()
	zero := []struct{ name, q string }{
		{"transactions without exactly one main line",
			`SELECT COUNT(*) FROM "transaction" t WHERE (SELECT COUNT(*) FROM transactionline l WHERE l."transaction" = t.id AND l.mainline = 'T') != 1`},
		{"main lines not id 0", `SELECT COUNT(*) FROM transactionline WHERE mainline = 'T' AND (id != 0 OR linesequencenumber != 0)`},
		{"lines without transaction", `SELECT COUNT(*) FROM transactionline l LEFT JOIN "transaction" t ON t.id = l."transaction" WHERE t.id IS NULL`},
		{"item lines without item", `SELECT COUNT(*) FROM transactionline l JOIN "transaction" t ON t.id = l."transaction"
			WHERE l.mainline = 'F' AND t.type != 'CustPymt' AND l.item NOT IN (SELECT id FROM item)`},
		{"line ids not 0..n", `SELECT COUNT(*) FROM (SELECT "transaction", MAX(id) m, COUNT(*) c FROM transactionline GROUP BY "transaction") WHERE m != c - 1`},
		{"uniquekey not 1..N", `SELECT COUNT(*) FROM transactionline WHERE uniquekey < 1 OR uniquekey > (SELECT COUNT(*) FROM transactionline)`},
		{"line totals", `SELECT COUNT(*) FROM "transaction" t WHERE t.type IN ('SalesOrd', 'CustInvc') AND
			ABS(t.foreigntotal - (SELECT SUM(netamount) FROM transactionline l WHERE l."transaction" = t.id AND l.mainline = 'F')) > 0.005`},
		{"main line amount", `SELECT COUNT(*) FROM transactionline l JOIN "transaction" t ON t.id = l."transaction" WHERE l.mainline = 'T' AND ABS(l.foreignamount - t.foreigntotal) > 0.005`},
		{"invoice not from a sales order", `SELECT COUNT(*) FROM "transaction" i LEFT JOIN "transaction" so ON so.id = i.createdfrom
			WHERE i.type = 'CustInvc' AND (so.type IS NULL OR so.type != 'SalesOrd' OR so.entity != i.entity OR so.trandate > i.trandate)`},
		{"payment not for an invoice", `SELECT COUNT(*) FROM "transaction" p LEFT JOIN "transaction" i ON i.id = p.createdfrom
			WHERE p.type = 'CustPymt' AND p.createdfrom IS NOT NULL AND (i.type != 'CustInvc' OR ABS(i.foreigntotal - p.foreigntotal) > 0.005)`},
		{"entity not a customer", `SELECT COUNT(*) FROM "transaction" WHERE entity NOT IN (SELECT id FROM customer)`},
		{"line entity differs", `SELECT COUNT(*) FROM transactionline l JOIN "transaction" t ON t.id = l."transaction" WHERE l.entity != t.entity`},
		{"contact company not a customer", `SELECT COUNT(*) FROM contact WHERE company NOT IN (SELECT id FROM customer)`},
		{"sales rep not an employee", `SELECT COUNT(*) FROM customer WHERE salesrep NOT IN (SELECT id FROM employee)`},
		{"entity ids shared across entity tables", `SELECT COUNT(*) FROM (SELECT id FROM (SELECT id FROM customer UNION ALL SELECT id FROM vendor
			UNION ALL SELECT id FROM employee UNION ALL SELECT id FROM contact) GROUP BY id HAVING COUNT(*) > 1)`},
		{"bad types", `SELECT COUNT(*) FROM "transaction" WHERE type NOT IN ('SalesOrd', 'CustInvc', 'CustPymt')`},
		{"bad item types", `SELECT COUNT(*) FROM item WHERE itemtype NOT IN ('InvtPart', 'Service')`},
		{"bad booleans", `SELECT (SELECT COUNT(*) FROM customer WHERE isinactive NOT IN ('T','F') OR isperson NOT IN ('T','F'))
			+ (SELECT COUNT(*) FROM transactionline WHERE mainline NOT IN ('T','F') OR taxline != 'F')`},
		{"dates not ISO", `SELECT COUNT(*) FROM "transaction" WHERE date(trandate) IS NOT trandate OR datetime(lastmodifieddate) IS NOT lastmodifieddate
			OR datetime(createddate) IS NOT createddate`},
		{"modified before created", `SELECT (SELECT COUNT(*) FROM "transaction" WHERE lastmodifieddate < createddate)
			+ (SELECT COUNT(*) FROM customer WHERE lastmodifieddate < datecreated) + (SELECT COUNT(*) FROM item WHERE lastmodifieddate < createddate)`},
		{"customer names", `SELECT COUNT(*) FROM customer WHERE (isperson = 'T' AND (firstname IS NULL OR companyname IS NOT NULL))
			OR (isperson = 'F' AND companyname IS NULL)`},
	}
	for _, z := range zero {
		if n := count(t, db, z.q); n != 0 {
			t.Errorf("%s: %d", z.name, n)
		}
	}
	// Ties on lastmodifieddate, which keyset paging must handle.
	for _, table := range []string{"transaction", "customer", "item"} {
		maxTie := count(t, db, `SELECT MAX(c) FROM (SELECT COUNT(*) c FROM "`+table+`" GROUP BY lastmodifieddate)`)
		if maxTie < 10 {
			t.Errorf("%s: largest lastmodifieddate tie is %d rows", table, maxTie)
		}
	}
	// The indexes exist.
	if n := count(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('transaction_lastmodifieddate', 'transactionline_transaction_id')`); n != 2 {
		t.Errorf("%d of 2 demo indexes", n)
	}
	// The account model is untouched.
	if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); err != nil {
		t.Error(err)
	}
}

func TestDemoCancel(t *testing.T) {
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.GenerateDemo(ctx, DemoOptions{Lines: 1000}); err == nil {
		t.Error("GenerateDemo with a cancelled context succeeded")
	}
	// The store still works afterwards.
	if _, err := s.GenerateDemo(t.Context(), DemoOptions{Lines: 10}); err != nil {
		t.Fatal(err)
	}
}

// TestDemo250k measures the size the brief names. It is skipped under
// -race and -short, where the pure-Go SQLite is many times slower.
func TestDemo250k(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing test; run without -race and -short")
	}
	for _, mode := range []string{"memory", "file"} {
		path := ""
		if mode == "file" {
			path = filepath.Join(t.TempDir(), "demo.db")
		}
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.GenerateDemo(t.Context(), DemoOptions{Lines: 250_000, Seed: 1})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: 250,000 lines in %v (%d transactions, %d customers)", mode, st.Elapsed.Round(time.Millisecond), st.Transactions, st.Customers)
		if st.Elapsed > 60*time.Second {
			t.Errorf("%s: 250k lines took %v", mode, st.Elapsed)
		}
	}
}

func BenchmarkGenerateDemo(b *testing.B) {
	for _, n := range []int{10_000, 250_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, _ := newStore(b)
			for b.Loop() {
				if _, err := s.GenerateDemo(b.Context(), DemoOptions{Lines: n, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
