package suiteql_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/suiteql"
)

type env struct {
	svc *suiteql.Service
	emu *sim.Emulator
}

var (
	bigOnce sync.Once
	big     env
	bigErr  error
)

// bigEmulator is shared by the tests that cross the 100,000-row cap.
func bigEmulator(t *testing.T) env {
	bigOnce.Do(func() { big, bigErr = start(120_000) })
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return big
}

func start(lines int) (env, error) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: lines, DemoSeed: 7})
	if err != nil {
		return env{}, err
	}
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		return env{}, err
	}
	return env{suiteql.New(c), emu}, nil
}

func small(t *testing.T) env {
	e, err := start(3000)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.emu.Close() })
	return e
}

func TestQueryPageAndEncoding(t *testing.T) {
	e := small(t)
	ctx := context.Background()
	// Quotes, backslashes, newlines and Unicode in the query are safe.
	p, err := e.svc.Query(ctx, "SELECT id, entityid, 'it''s \\ \"q\"\n ü' AS s FROM customer WHERE isinactive = 'F' ORDER BY id", &suiteql.PageOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if p.Count != 3 || len(p.Items) != 3 || !p.HasMore || p.TotalResults < 3 {
		t.Fatalf("page %+v", p)
	}
	r := p.Items[0]
	if s, _ := r.String("s"); s != "it's \\ \"q\"\n ü" {
		t.Errorf("literal came back as %q", s)
	}
	if id, ok, err := r.Int64("id"); !ok || err != nil || id <= 0 {
		t.Errorf("id %d %v %v", id, ok, err)
	}
	if _, ok := r.String("nonexistent"); ok {
		t.Error("absent column reported present")
	}
	_, err = e.svc.Query(ctx, "SELECT nope FROM customer", nil)
	var ne *netsuite.Error
	if !errors.As(err, &ne) || ne.Code() != "INVALID_PARAMETER" || !strings.Contains(err.Error(), "Unknown identifier") {
		t.Errorf("bad query: %v", err)
	}
	if _, err := e.svc.Query(ctx, "SELECT 1 FROM customer", &suiteql.PageOptions{Limit: 1001}); err == nil {
		t.Error("limit 1001 accepted")
	}
}

func TestRowGetters(t *testing.T) {
	r := suiteql.Row{"n": "42", "f": "1.5", "b": "T", "x": "abc", "d": "2026-11-28"}
	if v, ok, err := r.Float64("f"); v != 1.5 || !ok || err != nil {
		t.Error("float")
	}
	if v, ok, err := r.Bool("b"); !v || !ok || err != nil {
		t.Error("bool")
	}
	if _, _, err := r.Int64("x"); err == nil {
		t.Error("non-integer parsed")
	}
	if _, ok, _ := r.Int64("missing"); ok {
		t.Error("NULL reported present")
	}
	if tm, ok, err := r.Time("d", "2006-01-02"); !ok || err != nil || tm.Day() != 28 {
		t.Error("time")
	}
}

// TestAllPastTheCap reads 120,000 lines by keyset paging, in parallel, and
// compares count and checksum with the database.
func TestAllPastTheCap(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 120,000 lines")
	}
	e := bigEmulator(t)
	var wantN, wantSum int64
	if err := e.emu.Store().DB().QueryRow(`SELECT COUNT(*), SUM(uniquekey * 7 + "transaction") FROM transactionline`).Scan(&wantN, &wantSum); err != nil {
		t.Fatal(err)
	}
	var n, sum, prev int64
	pages := 0
	for r, err := range e.svc.All(context.Background(), `SELECT uniquekey, "transaction" AS tran FROM transactionline ORDER BY uniquekey`,
		&suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("uniquekey")}, Parallel: 4, OnPage: func(suiteql.PageInfo) { pages++ }}) {
		if err != nil {
			t.Fatal(err)
		}
		k, _, _ := r.Int64("uniquekey")
		tr, _, _ := r.Int64("tran")
		if k <= prev {
			t.Fatalf("key %d after %d: a row repeated or out of order", k, prev)
		}
		prev = k
		n++
		sum += k*7 + tr
	}
	if n != wantN || sum != wantSum {
		t.Fatalf("read %d rows (checksum %d), database has %d (%d)", n, sum, wantN, wantSum)
	}
	if pages < 120 {
		t.Errorf("%d pages", pages)
	}
	// Without a key the cap is reported before any row is yielded.
	for r, err := range e.svc.All(context.Background(), `SELECT uniquekey FROM transactionline`, nil) {
		if r != nil || !errors.Is(err, suiteql.ErrCapReached) {
			t.Fatalf("no key: %v %v", r, err)
		}
	}
}

// TestAllCompositeKeyWithTies pages by a timestamp that many rows share,
// with small windows so that many window boundaries fall inside ties.
func TestAllCompositeKeyWithTies(t *testing.T) {
	e := small(t)
	q := `SELECT uniquekey, TO_CHAR(linelastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lmd FROM transactionline ORDER BY lmd, uniquekey`
	seen := map[string]bool{}
	ties := map[string]int{}
	for r, err := range e.svc.All(context.Background(), q, &suiteql.AllOptions{Keys: []suiteql.Key{suiteql.TextKey("lmd"), suiteql.NumberKey("uniquekey")}, PageSize: 10, WindowRows: 20, Parallel: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		k, _ := r.String("uniquekey")
		if seen[k] {
			t.Fatalf("row %s repeated", k)
		}
		seen[k] = true
		lmd, _ := r.String("lmd")
		ties[lmd]++
	}
	if len(seen) != 3000 {
		t.Fatalf("read %d rows of 3000", len(seen))
	}
	maxTie := 0
	for _, c := range ties {
		maxTie = max(maxTie, c)
	}
	if maxTie <= 20 {
		t.Errorf("the data should have ties across window boundaries (largest tie %d)", maxTie)
	}
}

func TestAllStopsEarly(t *testing.T) {
	e := small(t)
	n := 0
	for _, err := range e.svc.All(context.Background(), `SELECT uniquekey FROM transactionline ORDER BY uniquekey`, &suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("uniquekey")}, PageSize: 10, Parallel: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 25 {
			break
		}
	}
	if n != 25 {
		t.Fatal(n)
	}
	for _, err := range e.svc.All(context.Background(), `SELECT 1 FROM customer`, &suiteql.AllOptions{Keys: []suiteql.Key{suiteql.TextKey("bad key")}}) {
		if err == nil || !strings.Contains(err.Error(), "not a column name") {
			t.Fatal(err)
		}
	}
}

// TestAllWindowCountChanges pages a fake SuiteQL service whose first
// window's count is stale (rows deleted or added since it was counted): the
// next window's pages, started as many as that count promised, may come back
// empty (and are skipped), or be fewer than needed (the rest follow once the
// window's own count is known). Every row comes exactly once, in order.
func TestAllWindowCountChanges(t *testing.T) {
	after := regexp.MustCompile(`ks\.k > (\d+)`)
	for _, tc := range []struct {
		name             string
		rows             int
		stale            int // added to the first window's count
		pageSize, window int
	}{
		{"rows deleted", 35, 40, 10, 30},
		{"rows added", 95, -60, 10, 30},
		{"one-page windows", 35, 0, 10, 10},
		{"one-page windows, rows deleted", 25, 40, 10, 19},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			empty := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=collection")
				var body struct{ Q string }
				if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
				limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
				offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
				from, total := 1, tc.rows
				if m := after.FindStringSubmatch(body.Q); m != nil {
					n, _ := strconv.Atoi(m[1])
					from, total = n+1, max(tc.rows-n, 0)
				} else {
					total += tc.stale
				}
				var items []string
				for k := from + offset; k < from+offset+limit && k <= tc.rows; k++ {
					items = append(items, fmt.Sprintf(`{"links":[],"k":"%d"}`, k))
				}
				mu.Lock()
				if len(items) == 0 {
					empty++
				}
				mu.Unlock()
				fmt.Fprintf(w, `{"links":[],"count":%d,"hasMore":%v,"items":[%s],"offset":%d,"totalResults":%d}`,
					len(items), offset+len(items) < total, strings.Join(items, ","), offset, total)
			}))
			defer srv.Close()
			c, err := netsuite.NewClient(netsuite.WithCredentials(auth.Credentials{Account: "1234567", ConsumerKey: "ck", ConsumerSecret: "cs", TokenID: "ti", TokenSecret: "ts"}),
				netsuite.WithBaseURL(srv.URL), netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for r, err := range suiteql.New(c).All(context.Background(), `SELECT k FROM t ORDER BY k`,
				&suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("k")}, PageSize: tc.pageSize, WindowRows: tc.window, Parallel: 2}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				if k, _, _ := r.Int64("k"); k != int64(n) {
					t.Fatalf("row %d: key %d", n, k)
				}
			}
			if n != tc.rows {
				t.Fatalf("read %d rows of %d", n, tc.rows)
			}
			if tc.stale > 0 && tc.window >= 2*tc.pageSize && empty == 0 {
				t.Error("no page past the end was requested: the test no longer covers it")
			}
		})
	}
}

// TestAllKeyKinds pages by keys whose kind is declared, never guessed from a
// value: TO_CHAR(id) looks like a number but orders as text.
func TestAllKeyKinds(t *testing.T) {
	e := small(t)
	ctx := context.Background()
	var want int
	if p, err := e.svc.Query(ctx, `SELECT COUNT(*) AS n FROM customer`, nil); err != nil {
		t.Fatal(err)
	} else if n, _, _ := p.Items[0].Int64("n"); n < 30 {
		t.Fatalf("the demo should have more customers than one window: %d", n)
	} else {
		want = int(n)
	}
	tests := []struct {
		name    string
		q       string
		keys    []suiteql.Key
		wantErr string // empty: every row exactly once
	}{
		{"text key that looks like a number", `SELECT TO_CHAR(id) AS tid FROM customer ORDER BY tid`, []suiteql.Key{suiteql.TextKey("tid")}, ""},
		{"number column as text", `SELECT id FROM customer ORDER BY id`, []suiteql.Key{suiteql.TextKey("id")}, ""},
		{"number column as number", `SELECT id FROM customer ORDER BY id`, []suiteql.Key{suiteql.NumberKey("id")}, ""},
		{"text key declared a number", `SELECT TO_CHAR(id) AS tid FROM customer ORDER BY tid`, []suiteql.Key{suiteql.NumberKey("tid")}, "declare it as text"},
		{"NULL key", `SELECT id, CASE WHEN id = 17 THEN NULL ELSE id END AS k FROM customer ORDER BY k`, []suiteql.Key{suiteql.NumberKey("k")}, "1 rows have a NULL key (k)"},
		{"NULL key in one window", `SELECT id, CASE WHEN id = 17 THEN NULL ELSE id END AS k FROM customer ORDER BY k`, []suiteql.Key{suiteql.NumberKey("k")}, "key column k is missing"},
		{"key not selected", `SELECT id FROM customer ORDER BY id`, []suiteql.Key{suiteql.NumberKey("nope")}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			var err error
			window := 10
			if strings.HasSuffix(tc.name, "in one window") {
				window = suiteql.Cap
			}
			for r, e := range e.svc.All(ctx, tc.q, &suiteql.AllOptions{Keys: tc.keys, PageSize: 5, WindowRows: window, Parallel: 2}) {
				if e != nil {
					err = e
					break
				}
				id, _ := r.String("id")
				if id == "" {
					id, _ = r.String("tid")
				}
				if seen[id] {
					t.Fatalf("row %s repeated", id)
				}
				seen[id] = true
				if len(seen) > want {
					t.Fatalf("more rows than the table has (%d)", want)
				}
			}
			switch {
			case tc.name == "key not selected":
				// The key is not an output column: the emulator refuses the
				// wrapped ORDER BY, as NetSuite does, with an error.
				if err == nil {
					t.Fatal("no error for a key that is not selected")
				}
			case tc.wantErr == "":
				if err != nil {
					t.Fatal(err)
				}
				if len(seen) != want {
					t.Fatalf("read %d rows of %d", len(seen), want)
				}
			case err == nil || !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct {
		in      string
		want    suiteql.Key
		wantErr bool
	}{
		{"id", suiteql.TextKey("id"), false},
		{"id:number", suiteql.NumberKey("id"), false},
		{"lmd:TEXT", suiteql.TextKey("lmd"), false},
		{"id:date", suiteql.Key{}, true},
		{"bad key", suiteql.Key{}, true},
		{"", suiteql.Key{}, true},
	}
	for _, tc := range tests {
		got, err := suiteql.ParseKey(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("ParseKey(%q) = %v, %v", tc.in, got, err)
		}
	}
}

// TestAllWindowWithoutProgress pages a fake service whose windows do not
// start after the previous window's last key: All stops with an error
// instead of repeating rows for ever.
func TestAllWindowWithoutProgress(t *testing.T) {
	after := regexp.MustCompile(`ks\.k > (\d+)`)
	for _, tc := range []struct {
		name    string
		start   func(last int) int // the first key the next window returns
		wantErr string
	}{
		{"starts again from the beginning", func(int) int { return 1 }, "before the previous window's last key"},
		{"starts at the last key", func(last int) int { return last }, "do not order the rows uniquely"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const rows = 50
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=collection")
				var body struct{ Q string }
				if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
				if strings.Contains(body.Q, "IS NULL") {
					fmt.Fprint(w, `{"links":[],"count":1,"hasMore":false,"items":[{"links":[],"n":"0"}],"offset":0,"totalResults":1}`)
					return
				}
				limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
				offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
				from := 1
				if m := after.FindStringSubmatch(body.Q); m != nil {
					n, _ := strconv.Atoi(m[1])
					from = tc.start(n)
				}
				total := rows - from + 1
				var items []string
				for k := from + offset; k < from+offset+limit && k <= rows; k++ {
					items = append(items, fmt.Sprintf(`{"links":[],"k":"%d"}`, k))
				}
				fmt.Fprintf(w, `{"links":[],"count":%d,"hasMore":%v,"items":[%s],"offset":%d,"totalResults":%d}`,
					len(items), offset+len(items) < total, strings.Join(items, ","), offset, total)
			}))
			defer srv.Close()
			c, err := netsuite.NewClient(netsuite.WithCredentials(auth.Credentials{Account: "1234567", ConsumerKey: "ck", ConsumerSecret: "cs", TokenID: "ti", TokenSecret: "ts"}),
				netsuite.WithBaseURL(srv.URL), netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, err := range suiteql.New(c).All(context.Background(), `SELECT k FROM t ORDER BY k`,
				&suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("k")}, PageSize: 10, WindowRows: 20, Parallel: 2}) {
				if err != nil {
					if !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
					}
					return
				}
				if n++; n > rows {
					t.Fatal("rows repeated without an error")
				}
			}
			t.Fatal("no error")
		})
	}
}

// TestAllBoundaryTies: keys that are not unique lose rows when a tie
// straddles a window boundary (the next window starts after the key). All
// checks every boundary: with transaction alone as the key (up to 9 lines
// each) it stops with an error naming the key; with transaction and
// linesequencenumber (unique) every line comes once; with keys inferred
// from the ORDER BY the same holds.
func TestAllBoundaryTies(t *testing.T) {
	e := small(t)
	ctx := context.Background()
	p, err := e.svc.Query(ctx, `SELECT COUNT(*) AS n FROM transactionline`, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, _, _ := p.Items[0].Int64("n")
	want := int(n)
	const q = `SELECT "transaction" AS tran, linesequencenumber AS seq, id FROM transactionline ORDER BY tran, seq`
	inferred, err := suiteql.OrderKeys(q)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		keys    []suiteql.Key
		wantErr string
	}{
		{"non-unique key", []suiteql.Key{suiteql.NumberKey("tran")}, "do not order the rows uniquely"},
		{"unique keys", []suiteql.Key{suiteql.NumberKey("tran"), suiteql.NumberKey("seq")}, ""},
		{"keys from the ORDER BY", inferred, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			var err error
			for r, e := range e.svc.All(ctx, q, &suiteql.AllOptions{Keys: tc.keys, PageSize: 7, WindowRows: 21, Parallel: 2}) {
				if e != nil {
					err = e
					break
				}
				k := r["tran"] + "/" + r["seq"]
				if seen[k] {
					t.Fatalf("line %s twice", k)
				}
				seen[k] = true
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "tran") {
					t.Fatalf("err = %v, want %q naming the key", err, tc.wantErr)
				}
				return
			}
			if err != nil || len(seen) != want {
				t.Fatalf("%d of %d lines, err %v", len(seen), want, err)
			}
		})
	}
}

// TestNotNetSuitesAnswer: a 2xx that is not JSON (a captive portal's page,
// a wrong base URL) is an error naming the content type and the fix, not a
// JSON syntax error.
func TestNotNetSuitesAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><title>Sign in</title></html>")
	}))
	defer srv.Close()
	c, err := netsuite.NewClient(netsuite.WithCredentials(auth.Credentials{Account: "1234567", ConsumerKey: "ck", ConsumerSecret: "cs", TokenID: "ti", TokenSecret: "ts"}),
		netsuite.WithBaseURL(srv.URL), netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = suiteql.New(c).Query(context.Background(), "SELECT id FROM customer", nil)
	if err == nil || !strings.Contains(err.Error(), "Content-Type text/html") || !strings.Contains(err.Error(), "check the base URL") {
		t.Errorf("err = %v", err)
	}
}
