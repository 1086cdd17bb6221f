package suiteqlengine

import (
	"database/sql"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// manyCustomers fills customer with n rows; a fifth share lastmodifieddate
// values, like the demo data's mass updates.
func manyCustomers(n int) []string {
	return []string{fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d)
INSERT INTO customer SELECT i, printf('CUST%%06d', i), CASE WHEN i %% 4 = 0 THEN NULL ELSE 'Company ' || (i * 7919 %% %d) END,
  'F', NULL, NULL, NULL, NULL, NULL, NULL, 1, 1, NULL, 'F', '2024-01-01 00:00:00',
  CASE WHEN i %% 5 = 0 THEN '2024-07-01 02:00:00' ELSE printf('2024-%%02d-%%02d %%02d:%%02d:00', i %% 12 + 1, i %% 28 + 1, i %% 24, i %% 60) END, NULL, NULL, 'Customer'
FROM s`, n, n)}
}

// pageAll reads every page of q and returns the values of column col.
func pageAll(t *testing.T, db *sql.DB, opts ExecOptions, q, col string, total int) []string {
	t.Helper()
	var got []string
	for off := 0; ; off += opts.Limit {
		o := opts
		o.Offset = off
		res, err := Execute(t.Context(), db, q, o)
		if err != nil {
			t.Fatalf("offset %d: %v", off, err)
		}
		if res.TotalResults != total || res.Offset != off || res.Count != len(res.Items) {
			t.Fatalf("offset %d: total %d offset %d count %d/%d", off, res.TotalResults, res.Offset, res.Count, len(res.Items))
		}
		if want := min(opts.Limit, total-off); res.Count != want {
			t.Fatalf("offset %d: %d items, want %d", off, res.Count, want)
		}
		for _, r := range res.Items {
			v, _ := r.Get(col)
			got = append(got, v)
		}
		if res.HasMore != (off+res.Count < total) {
			t.Fatalf("offset %d: hasMore %v", off, res.HasMore)
		}
		if !res.HasMore {
			return got
		}
	}
}

func TestPaging(t *testing.T) {
	const n = 2345
	db := openDB(t, testSchema, manyCustomers(n))

	// Reference orders from single queries.
	order := func(q string) []string {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, strconv.FormatInt(id, 10))
		}
		return out
	}
	tests := []struct {
		name, q, ref string
		limit        int
		cache        bool
	}{
		{"by id", "SELECT id, entityid FROM customer ORDER BY id", "SELECT id FROM customer ORDER BY id", 100, false},
		{"by id desc, odd page size", "SELECT id FROM customer ORDER BY id DESC", "SELECT id FROM customer ORDER BY id DESC", 7, false},
		{"by non-unique key with tie-breaker", "SELECT id, lastmodifieddate FROM customer ORDER BY lastmodifieddate, id",
			"SELECT id FROM customer ORDER BY lastmodifieddate, id", 250, true},
		{"nullable key, Oracle NULLs last", "SELECT id, companyname FROM customer ORDER BY companyname, id",
			"SELECT id FROM customer ORDER BY companyname IS NULL, companyname, id", 1000, true},
		{"filtered join", "SELECT c.id FROM customer c JOIN dual ON 1 = 1 WHERE MOD(c.id, 3) = 0 ORDER BY c.id",
			"SELECT id FROM customer WHERE id % 3 = 0 ORDER BY id", 50, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := order(tc.ref)
			opts := ExecOptions{Limit: tc.limit}
			if tc.cache {
				opts.Counts = NewCountCache(time.Minute, 8)
			}
			got := pageAll(t, db, opts, tc.q, "id", len(want))
			seen := map[string]bool{}
			for i, id := range got {
				if seen[id] {
					t.Fatalf("id %s repeated", id)
				}
				seen[id] = true
				if id != want[i] {
					t.Fatalf("row %d: id %s, want %s", i, id, want[i])
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
		})
	}

	// A page past the end is empty.
	res, err := Execute(t.Context(), db, "SELECT id FROM customer ORDER BY id", ExecOptions{Offset: 3000, Limit: 1000})
	if err != nil || len(res.Items) != 0 || res.Count != 0 || res.HasMore || res.TotalResults != n || res.Offset != 3000 {
		t.Errorf("past the end: %+v, %v", res, err)
	}
	// A query with its own row limit pages within it.
	res, err = Execute(t.Context(), db, "SELECT id FROM customer ORDER BY id FETCH FIRST 15 ROWS ONLY", ExecOptions{Offset: 10, Limit: 10})
	if err != nil || res.Count != 5 || res.TotalResults != 15 || res.HasMore {
		t.Fatalf("own limit: %+v, %v", res, err)
	}
	if v, _ := res.Items[0].Get("id"); v != "11" {
		t.Errorf("own limit: first id %s", v)
	}
}

func TestCountCache(t *testing.T) {
	db := openDB(t, testSchema, manyCustomers(30))
	cache := NewCountCache(time.Hour, 2)
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	cache.now = func() time.Time { return now }
	q := "SELECT id FROM customer ORDER BY id"
	total := func() int {
		t.Helper()
		res, err := Execute(t.Context(), db, q, ExecOptions{Limit: 10, Counts: cache})
		if err != nil {
			t.Fatal(err)
		}
		return res.TotalResults
	}
	if got := total(); got != 30 {
		t.Fatalf("total %d", got)
	}
	if _, err := db.Exec("DELETE FROM customer WHERE id > 20"); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 30 {
		t.Errorf("cached total %d, want the stale 30", got)
	}
	now = now.Add(2 * time.Hour)
	if got := total(); got != 20 {
		t.Errorf("after expiry total %d, want 20", got)
	}
	if _, err := db.Exec("DELETE FROM customer WHERE id > 10"); err != nil {
		t.Fatal(err)
	}
	cache.Reset()
	if got := total(); got != 10 {
		t.Errorf("after Reset total %d, want 10", got)
	}
	// Different literals are different entries; the cache stays bounded.
	for i := range 5 {
		if _, err := Execute(t.Context(), db, fmt.Sprintf("SELECT id FROM customer WHERE id > %d", i), ExecOptions{Counts: cache}); err != nil {
			t.Fatal(err)
		}
	}
	if len(cache.m) > 2 {
		t.Errorf("cache holds %d entries, max 2", len(cache.m))
	}
	// Queries that read the clock are not cached.
	if _, err := Execute(t.Context(), db, "SELECT id FROM customer WHERE lastmodifieddate < SYSDATE", ExecOptions{Counts: NewCountCache(time.Hour, 10)}); err != nil {
		t.Fatal(err)
	}
}

// TestResultCap pages at the 100,000-result boundary of a larger table.
func TestResultCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100,500-row table")
	}
	const n = 100_500
	db := openDB(t, testSchema, manyCustomers(n))
	q := "SELECT id FROM customer ORDER BY id"
	res, err := Execute(t.Context(), db, q, ExecOptions{Offset: 99_000, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := res.Items[0].Get("id")
	last, _ := res.Items[999].Get("id")
	if res.Count != 1000 || !res.HasMore || res.TotalResults != n || first != "99001" || last != "100000" {
		t.Errorf("last reachable page: count %d hasMore %v total %d ids %s..%s", res.Count, res.HasMore, res.TotalResults, first, last)
	}
	_, err = Execute(t.Context(), db, q, ExecOptions{Offset: 100_000, Limit: 1000})
	if e, ok := err.(*Error); !ok || e.Param != "offset" {
		t.Errorf("past the cap: %v", err)
	}
}
