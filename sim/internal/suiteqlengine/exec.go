package suiteqlengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/sim/internal/jsonstr"
	"modernc.org/sqlite"
)

// ExecOptions configure [Execute].
type ExecOptions struct {
	// Offset and Limit page the result as the REST query parameters do.
	// Limit 0 means [DefaultLimit]; a Limit outside 1..1000, a negative
	// Offset, an Offset that is not a multiple of Limit, or Offset+Limit
	// beyond [MaxResults] is refused with an *Error.
	Offset, Limit int
	// Catalog describes the tables; nil means [DefaultCatalog].
	Catalog Catalog
	// Allowed reports whether the role has a permission. nil allows
	// everything. A table is readable when any of its permissions is
	// allowed; otherwise Execute returns a *PermissionError.
	Allowed func(permission string) bool
	// Now is the clock behind SYSDATE; nil means time.Now.
	Now func() time.Time
	// DateFormat is the Oracle format model date values are returned in
	// (and TO_CHAR(date) uses); empty means [DefaultDateFormat], M/D/YYYY,
	// NetSuite's default date preference. Date-time columns come back as
	// dates too, as in NetSuite; use TO_CHAR for the time.
	DateFormat string
	// Counts caches result counts between pages; nil counts every time.
	Counts *CountCache
}

// Result is one page of a query result, in the shape of NetSuite's
// collection envelope.
type Result struct {
	// Columns are all result columns, including ones that are NULL in
	// every row of this page.
	Columns []ResultColumn
	// Items are the rows of this page.
	Items []Row
	// Count is len(Items).
	Count int
	// HasMore is set when rows follow this page.
	HasMore bool
	// Offset is the offset of the first item.
	Offset int
	// TotalResults is the number of rows of the whole result. It is the
	// full count even past [MaxResults], the part offset paging can reach.
	TotalResults int
}

// Field is one column value of a row.
type Field struct {
	Name  string
	Value string
}

// Row is a result row: its non-NULL columns in select-list order, every
// value as a string. Column names are lower case.
type Row []Field

// Get returns the value of a column.
func (r Row) Get(name string) (string, bool) {
	for _, f := range r {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// MarshalJSON writes the row as a NetSuite SuiteQL item:
// {"links":[],"col":"value",…}. It does not escape HTML characters;
// json.Marshal does so afterwards unless an Encoder with
// SetEscapeHTML(false) writes the row.
func (r Row) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+len(r)*24)
	b = append(b, `{"links":[]`...)
	for _, f := range r {
		b = append(b, ',')
		b = jsonstr.Append(b, f.Name)
		b = append(b, ':')
		b = jsonstr.Append(b, f.Value)
	}
	return append(b, '}'), nil
}

// Execute runs one page of a SuiteQL query against db, which must be opened
// with the modernc.org/sqlite driver ("sqlite") so that the Go functions of
// this package are available. It pages in SQLite (LIMIT/OFFSET) and counts
// with one count(*) query, so memory does not grow with the table.
//
// Errors: *Error for a query or paging value NetSuite would refuse (HTTP
// 400), *PermissionError for a table the role may not read (HTTP 403), and
// other errors for database failures.
//
// NetSuite: POST /services/rest/query/v1/suiteql?limit=&offset=
func Execute(ctx context.Context, db *sql.DB, q string, opts ExecOptions) (*Result, error) {
	limit, offset := opts.Limit, opts.Offset
	if limit == 0 {
		limit = DefaultLimit
	}
	switch {
	case limit < 1 || limit > MaxLimit:
		return nil, errLimit()
	case offset < 0:
		return nil, errOffset()
	case offset%limit != 0:
		return nil, errOffsetMultiple()
	case offset+limit > MaxResults:
		return nil, errCap()
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	df := opts.DateFormat
	if df == "" {
		df = DefaultDateFormat
	}
	if _, err := formatDate(time.Time{}, df); err != nil {
		return nil, errors.New("suiteql: invalid DateFormat " + strconv.Quote(df))
	}
	tr, err := Translate(q, opts.Catalog, TranslateOptions{Now: now(), DateFormat: df})
	if err != nil {
		return nil, err
	}
	for _, t := range tr.Tables {
		if !allowed(t, opts.Allowed) {
			return nil, &PermissionError{Permission: t.Permissions[0], Table: t.Name}
		}
	}
	conn, err := readConn(ctx, db)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	total, err := count(ctx, conn, tr, opts.Counts)
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: tr.Columns, Items: []Row{}, Offset: offset, TotalResults: total}
	if offset >= total {
		return res, nil
	}
	var page strings.Builder
	if tr.HasLimit {
		page.WriteString("SELECT * FROM (")
		page.WriteString(tr.SQL)
		page.WriteString(")")
	} else {
		page.WriteString(tr.SQL)
	}
	page.WriteString(" LIMIT ? OFFSET ?")
	args := append(append(make([]any, 0, len(tr.Args)+2), tr.Args...), int64(limit), int64(offset))
	rows, err := conn.QueryContext(ctx, page.String(), args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	n := len(tr.Columns)
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	res.Items = make([]Row, 0, min(limit, total-offset))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, dbError(err)
		}
		row := make(Row, 0, n)
		for i, v := range vals {
			if s, ok := valueText(v, tr.Columns[i], df); ok {
				row = append(row, Field{Name: tr.Columns[i].Name, Value: s})
			}
		}
		res.Items = append(res.Items, row)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	res.Count = len(res.Items)
	res.HasMore = offset+res.Count < total
	return res, nil
}

// mmapSize is how much of a database file SQLite reads through a memory
// map (PRAGMA mmap_size) on the connections Execute uses.
const mmapSize = 1 << 30

// readConn returns a connection of db for one page (its count and its rows)
// that reads the database file through a memory map. Paging by offset steps
// through every row before the offset, and the page cache of a connection is
// dropped whenever another connection commits (in the emulator, every
// request writes the login audit trail), so deep pages read thousands of
// database pages afresh: through the map that costs no system call and no
// copy (see docs/benchmarks.md, the SuiteQL export). The setting is per connection and stays
// with it; it does nothing for in-memory databases. Windows is left out,
// where a mapped file cannot be truncated.
func readConn(ctx context.Context, db *sql.DB) (*sql.Conn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" {
		if _, err := conn.ExecContext(ctx, "PRAGMA mmap_size = "+strconv.Itoa(mmapSize)); err != nil {
			conn.Close()
			return nil, dbError(err)
		}
	}
	return conn, nil
}

func allowed(t *Table, fn func(string) bool) bool {
	if fn == nil || len(t.Permissions) == 0 {
		return true
	}
	for _, p := range t.Permissions {
		if fn(p) {
			return true
		}
	}
	return false
}

// count returns the number of result rows, from the cache when it has a
// fresh entry.
func count(ctx context.Context, conn *sql.Conn, tr *Translation, cache *CountCache) (int, error) {
	run := func(ctx context.Context) (int, error) {
		var n int64
		if err := conn.QueryRowContext(ctx, tr.CountSQL, tr.CountArgs...).Scan(&n); err != nil {
			return 0, dbError(err)
		}
		return int(n), nil
	}
	if cache == nil || tr.UsesNow {
		return run(ctx)
	}
	key := countKey(tr)
	if n, ok := cache.get(key); ok {
		return n, nil
	}
	// The pages of one query arrive together (parallel paging): one of them
	// counts, the others wait for its answer.
	cache.mu.Lock()
	if call, ok := cache.inflight[key]; ok {
		cache.mu.Unlock()
		select {
		case <-call.done:
			return call.n, call.err
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if cache.inflight == nil {
		cache.inflight = map[string]*countCall{}
	}
	call := &countCall{done: make(chan struct{})}
	cache.inflight[key] = call
	cache.mu.Unlock()
	// Others may wait for this count: one caller going away must not fail them.
	call.n, call.err = run(context.WithoutCancel(ctx))
	if call.err == nil {
		cache.put(key, call.n)
	}
	cache.mu.Lock()
	delete(cache.inflight, key)
	cache.mu.Unlock()
	close(call.done)
	return call.n, call.err
}

func countKey(tr *Translation) string {
	var b strings.Builder
	b.WriteString(tr.CountSQL)
	for _, a := range tr.CountArgs {
		b.WriteByte(0)
		switch v := a.(type) {
		case int64:
			b.WriteByte('i')
			b.WriteString(strconv.FormatInt(v, 10))
		case float64:
			b.WriteByte('f')
			b.WriteString(strconv.FormatUint(math.Float64bits(v), 16))
		case string:
			b.WriteByte('s')
			b.WriteString(v)
		}
	}
	return b.String()
}

// dbError turns an SQLite error that the query caused (a type mismatch the
// translator could not see, a bad value given to TO_DATE, …) into
// NetSuite's "Invalid or unsupported search."; other errors pass through.
func dbError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) && strings.Contains(se.Error(), "no such table") {
		// The catalog names a table the database lacks (demo data not
		// generated): an emulator fault, not a bad query.
		return fmt.Errorf("suiteql: database does not match the catalog: %w", err)
	}
	if errors.As(err, &se) && (se.Code()&0xff == 1 || strings.Contains(se.Error(), funcErrPrefix)) {
		return &Error{Detail: detailUnsupported, Param: "q", Reason: se.Error(), Pos: -1}
	}
	if strings.Contains(err.Error(), funcErrPrefix) {
		return &Error{Detail: detailUnsupported, Param: "q", Reason: err.Error(), Pos: -1}
	}
	return err
}

// valueText converts a database value to NetSuite's text. ok is false for
// NULL and for the empty string (which Oracle, and so NetSuite, treats as NULL).
func valueText(v any, c ResultColumn, dateFmt string) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return floatText(x), true
	case []byte:
		v = string(x)
	case time.Time:
		s, err := formatDate(x.UTC(), dateFmt)
		return s, err == nil && s != ""
	case bool:
		if x {
			return "T", true
		}
		return "F", true
	}
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	if s == "" {
		return "", false
	}
	if c.Known && (c.Type == TypeDate || c.Type == TypeDateTime) {
		if t, ok := parseDateText(s); ok {
			if out, err := formatDate(t, dateFmt); err == nil {
				return out, out != ""
			}
		}
	}
	return s, true
}

// CountCache remembers result counts for a short time, so that paging
// through a large result counts it once instead of once per page. Keys are
// the translated count query and its arguments; one cache must serve one
// database. Call Reset after writes that must show in totalResults at once.
// It is safe for concurrent use.
type CountCache struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu       sync.Mutex
	m        map[string]countEntry
	inflight map[string]*countCall // counts being computed: concurrent pages wait for one
}

type countCall struct {
	done chan struct{}
	n    int
	err  error
}

type countEntry struct {
	n       int
	expires time.Time
}

// NewCountCache returns a cache whose entries live for ttl, holding at most
// maxEntries counts.
func NewCountCache(ttl time.Duration, maxEntries int) *CountCache {
	return &CountCache{ttl: ttl, max: max(1, maxEntries), now: time.Now, m: map[string]countEntry{}}
}

// Reset forgets every count.
func (c *CountCache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}

func (c *CountCache) get(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return 0, false
	}
	if !c.now().Before(e.expires) {
		delete(c.m, key)
		return 0, false
	}
	return e.n, true
}

func (c *CountCache) put(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.m) >= c.max {
		for k, e := range c.m {
			if !now.Before(e.expires) {
				delete(c.m, k)
			}
		}
		for k := range c.m {
			if len(c.m) < c.max {
				break
			}
			delete(c.m, k)
		}
	}
	c.m[key] = countEntry{n: n, expires: now.Add(c.ttl)}
}
