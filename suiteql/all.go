package suiteql

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// AllOptions control All.
type AllOptions struct {
	// Keys are output columns of the query that order its rows uniquely,
	// e.g. {NumberKey("id")}, or {TextKey("lmd"), NumberKey("id")} for a
	// timestamp with ties broken by id. With Keys, All reads windows of up
	// to Cap rows ordered by the keys and starts each next window after the
	// last key seen, so it reads past NetSuite's 100,000-row cap with no row
	// skipped or repeated. Every row must have every key column, non-NULL:
	// a row without one ends the export with an error naming the column.
	// Date keys should be selected as sortable text, e.g.
	// TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lmd.
	// Without Keys, All pages by offset and fails at the cap.
	Keys []Key
	// Parallel is how many pages are fetched at once (default 1). Keep it at
	// or under your account's concurrency limit (Standard tier: 5). With
	// Parallel > 1 the first pages of a window are requested before the row
	// count is known, so a result smaller than Parallel pages costs up to
	// Parallel−1 extra (empty) requests; so does a keyset window whose rows
	// were deleted after the previous window's count (its first pages are
	// started on that count).
	Parallel int
	// PageSize is the page size (default and maximum 1000).
	PageSize int
	// WindowRows is how many rows one keyset window reads by offset before
	// the next window starts after the last key (default and maximum Cap).
	// Smaller windows keep each query cheaper on large tables.
	WindowRows int
	// OnPage, when set, is called after each page arrives (for progress).
	OnPage func(PageInfo)
	// After, with Keys, starts the export after the row with these key
	// values (column → value as a row holds it): the last row of an
	// interrupted export, to resume it with exactly the missing rows.
	After Row
}

// PageInfo describes a fetched page.
type PageInfo struct {
	Window       int // keyset window, from 0
	Offset       int
	Rows         int
	TotalResults int // of the current window's query
	// Columns are the page's item keys in order of first appearance (see
	// Page.Columns). OnPage is called before the page's rows are yielded.
	Columns []string
}

// ErrCapReached is returned by All without Keys when the query has more
// rows than offset paging reaches.
var ErrCapReached = errors.New("suiteql: the query has more rows than offset paging reaches (100,000): set AllOptions.Keys to page by a unique ordered key")

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// KeyKind says how a keyset key's values are compared in the query that
// starts a window after the previous window's last row. It is declared, never
// guessed from a value: "20" is a number in a NUMBER column and text in
// TO_CHAR(id), and the two order differently.
type KeyKind int

const (
	// KeyText compares the key as a quoted string literal. It is right for
	// text columns, and also for numbers: Oracle, which runs SuiteQL,
	// converts a literal compared with a NUMBER column to a number.
	KeyText KeyKind = iota
	// KeyNumber compares the key as a bare number literal. Declare it only
	// for numeric columns; a value that is not a number is an error.
	KeyNumber
)

func (k KeyKind) String() string {
	switch k {
	case KeyText:
		return "text"
	case KeyNumber:
		return "number"
	}
	return fmt.Sprintf("KeyKind(%d)", int(k))
}

// Key is one keyset paging column and how its values compare.
type Key struct {
	Column string
	Kind   KeyKind
}

// TextKey is a key compared as text (see KeyText).
func TextKey(column string) Key { return Key{column, KeyText} }

// NumberKey is a key compared as a number (see KeyNumber).
func NumberKey(column string) Key { return Key{column, KeyNumber} }

// ParseKey reads a key as written on a command line: "col" (text),
// "col:text" or "col:number".
func ParseKey(s string) (Key, error) {
	col, kind, hasKind := strings.Cut(s, ":")
	k := Key{Column: strings.TrimSpace(col)}
	if !identRE.MatchString(k.Column) {
		return Key{}, fmt.Errorf("suiteql: key %q: %q is not a column name", s, k.Column)
	}
	if hasKind {
		switch strings.ToLower(strings.TrimSpace(kind)) {
		case "text":
		case "number":
			k.Kind = KeyNumber
		default:
			return Key{}, fmt.Errorf("suiteql: key %q: kind %q is not text or number", s, kind)
		}
	}
	return k, nil
}

func (k Key) String() string { return k.Column + ":" + k.Kind.String() }

// All returns every row of q in order. The error, if any, is yielded once
// and ends the sequence. Stopping the loop early cancels pages in flight.
//
// Pages are fetched by up to Parallel requests at once and read at most
// 2×Parallel pages ahead of the loop (plus each window's last page), so
// memory stays flat in the row count. A request gives its slot to the next
// one as soon as its response is read; the page is decoded after that. A
// keyset window's last page is fetched as soon as the window's row count is
// known (its last key is the next window's start), and the next window's
// first pages are started together, as many as the previous window's count
// says are left, so the requests in flight do not drain at window
// boundaries.
func (s *Service) All(ctx context.Context, q string, opts *AllOptions) iter.Seq2[Row, error] {
	var o AllOptions
	if opts != nil {
		o = *opts
		o.Keys = append([]Key(nil), opts.Keys...)
	}
	return func(yield func(Row, error) bool) {
		if o.PageSize == 0 {
			o.PageSize = MaxLimit
		}
		if o.Parallel < 1 {
			o.Parallel = 1
		}
		if o.WindowRows <= 0 || o.WindowRows > Cap || len(o.Keys) == 0 {
			o.WindowRows = Cap
		}
		if o.PageSize < 1 || o.PageSize > MaxLimit {
			yield(nil, fmt.Errorf("suiteql: page size %d: NetSuite serves 1 to %d rows a page", o.PageSize, MaxLimit))
			return
		}
		if o.After != nil && len(o.Keys) == 0 {
			yield(nil, errors.New("suiteql: AllOptions.After needs Keys: only a keyset export can resume after a row"))
			return
		}
		for _, k := range o.Keys {
			if !identRE.MatchString(k.Column) {
				yield(nil, fmt.Errorf("suiteql: key %q is not a column name", k.Column))
				return
			}
			if k.Kind != KeyText && k.Kind != KeyNumber {
				yield(nil, fmt.Errorf("suiteql: key %s: unknown kind %d (use KeyText or KeyNumber)", k.Column, int(k.Kind)))
				return
			}
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		sc := &scheduler{s: s, ctx: ctx, o: &o, q: q, sem: make(chan struct{}, o.Parallel)}
		sc.run(yield)
	}
}

// future is one page request's result, readable by several goroutines.
type future struct {
	done chan struct{}
	p    *Page
	err  error
}

func (f *future) wait(ctx context.Context) (*Page, error) {
	select {
	case <-f.done:
		return f.p, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// keyWindow is one keyset window: a query (known once the previous window's
// last row is) paged by offset.
type keyWindow struct {
	n       int
	query   func() (string, error) // blocks until the window's query is known
	futures []*future              // by page index; nil until launched
	pages   int                    // pages that hold rows; -1 until page 0 arrived
	total   int                    // the query's row count, from page 0
	more    bool                   // rows beyond this window
	// start is how many pages are launched before page 0 tells the count:
	// Parallel for the first window; for the next ones, what the previous
	// window's count leaves for them (the count of the rows after its last
	// key, unless rows changed in between).
	start int
	// last is the window's last page, launched as soon as the count is
	// known so that the next window's query (which starts after its last
	// row) is known long before the loop reaches the window's end.
	last *future
	// after is the previous window's last row, which this window starts
	// after (nil for the first window); set before the window's query is.
	after Row
}

type scheduler struct {
	s   *Service
	ctx context.Context
	o   *AllOptions
	q   string
	sem chan struct{} // requests in flight

	windows []*keyWindow
	launch  struct{ w, idx int } // next page to launch in order
}

type queued struct {
	w   *keyWindow
	idx int
	f   *future
}

func (sc *scheduler) windowPages() int { return max(sc.o.WindowRows/sc.o.PageSize, 1) }

// fetch starts page idx of w. The request holds a slot until its response
// is read; the page is decoded after the slot is free for the next request.
func (sc *scheduler) fetch(w *keyWindow, idx int) *future {
	f := &future{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		q, err := w.query()
		if err != nil {
			f.err = err
			return
		}
		select {
		case sc.sem <- struct{}{}:
		case <-sc.ctx.Done():
			f.err = sc.ctx.Err()
			return
		}
		body, err := sc.s.queryBody(sc.ctx, q, &PageOptions{Limit: sc.o.PageSize, Offset: idx * sc.o.PageSize})
		<-sc.sem
		if err != nil {
			f.err = err
			return
		}
		f.p, f.err = decodePage(body.Bytes())
		putBody(body)
	}()
	return f
}

// page returns page idx of w, starting it if it has not started.
func (sc *scheduler) page(w *keyWindow, idx int) *future {
	for len(w.futures) <= idx {
		w.futures = append(w.futures, nil)
	}
	if w.futures[idx] == nil {
		w.futures[idx] = sc.fetch(w, idx)
	}
	return w.futures[idx]
}

// nextWindow creates the window after prev: its query waits for prev's
// last page.
func (sc *scheduler) nextWindow(prev *keyWindow) *keyWindow {
	w := &keyWindow{n: len(sc.windows), pages: -1, start: min(sc.o.Parallel, sc.windowPages())}
	if prev == nil {
		q := sc.q
		var err error
		if len(sc.o.Keys) > 0 {
			if q, err = keysetQuery(sc.q, sc.o.Keys, sc.o.After); err == nil && sc.o.After != nil {
				w.after = sc.o.After
			}
		}
		w.query = func() (string, error) { return q, err }
	} else {
		// The previous window's count, less its rows, is this window's count
		// unless rows changed in between: start that many pages at once (a
		// page past the end comes back empty and is skipped).
		left := prev.total - prev.pages*sc.o.PageSize
		w.start = max(w.start, min(sc.windowPages(), (left+sc.o.PageSize-1)/sc.o.PageSize))
		last := prev.last
		prev.last = nil // the query below holds it until it has the key
		var once sync.Once
		var q string
		var qerr error
		w.query = func() (string, error) {
			once.Do(func() {
				p, err := last.wait(sc.ctx)
				switch {
				case err != nil:
					qerr = err
				case len(p.Items) == 0:
					qerr = fmt.Errorf("suiteql: window %d ended with an empty page", prev.n)
				default:
					w.after = p.Items[len(p.Items)-1]
					if qerr = sc.boundaryUnique(p, prev); qerr == nil {
						q, qerr = keysetQuery(sc.q, sc.o.Keys, w.after)
					}
				}
				last = nil // let the page go once yielded
			})
			return q, qerr
		}
	}
	sc.windows = append(sc.windows, w)
	return w
}

// launchNext starts the next page request in order if it can be decided now.
func (sc *scheduler) launchNext() (queued, bool) {
	if len(sc.windows) == 0 {
		sc.nextWindow(nil)
	}
	w := sc.windows[sc.launch.w]
	idx := sc.launch.idx
	switch {
	case w.pages < 0 && idx < w.start:
		// The row count is not known yet: start the first pages together.
	case w.pages < 0:
		return queued{}, false // wait for page 0 to learn the count
	case idx < w.pages:
	case w.more:
		w = sc.nextWindow(w)
		sc.launch.w, idx = w.n, 0
	default:
		return queued{}, false // nothing left to launch
	}
	f := sc.page(w, idx)
	sc.launch.idx = idx + 1
	return queued{w, idx, f}, true
}

func (sc *scheduler) run(yield func(Row, error) bool) {
	var queue []queued
	readAhead := 2 * sc.o.Parallel
	for {
		for len(queue) < readAhead {
			j, ok := sc.launchNext()
			if !ok {
				break
			}
			queue = append(queue, j)
		}
		if len(queue) == 0 {
			return
		}
		j := queue[0]
		queue = queue[1:]
		p, err := j.f.wait(sc.ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		if j.idx == 0 && j.w.after != nil && len(p.Items) > 0 {
			if err := progressed(sc.o.Keys, j.w.after, p.Items[0], j.w.n); err != nil {
				yield(nil, err)
				return
			}
		}
		if j.idx == 0 {
			total := p.TotalResults
			j.w.total = total
			if len(sc.o.Keys) == 0 && total > Cap {
				yield(nil, ErrCapReached) // fail before yielding a partial export
				return
			}
			reach := min(total, sc.windowPages()*sc.o.PageSize)
			j.w.pages = (reach + sc.o.PageSize - 1) / sc.o.PageSize
			j.w.more = total > reach && len(sc.o.Keys) > 0
			if j.w.pages == 0 {
				j.w.pages, j.w.more = 1, false // an empty result: page 0 is the only page
			}
			if j.w.more && j.w.n == 0 {
				// Rows whose key is NULL sort after every other row (Oracle:
				// NULLS LAST) and "key > value" never matches them, so no
				// window would return them: refuse before yielding any row.
				if err := sc.nullKeys(); err != nil {
					yield(nil, err)
					return
				}
			}
			if j.w.more {
				// The next window starts after this one's last row: fetch
				// that page now, ahead of the pages before it.
				j.w.last = sc.page(j.w, j.w.pages-1)
			}
		}
		// Let the page's rows go once yielded (the next window's query holds
		// on to its window's last page until it has read the start key).
		j.w.futures[j.idx] = nil
		if j.idx >= j.w.pages {
			continue // a page started before the count was known, past the end
		}
		if sc.o.OnPage != nil {
			sc.o.OnPage(PageInfo{j.w.n, j.idx * sc.o.PageSize, len(p.Items), p.TotalResults, p.Columns})
		}
		for i, r := range p.Items {
			for _, k := range sc.o.Keys {
				if _, ok := r[k.Column]; !ok {
					yield(nil, fmt.Errorf("suiteql: key column %s is missing from row %d of window %d: a keyset key must be an output column of the query and never NULL (NetSuite leaves NULL columns out of a row); choose a NOT NULL column or wrap it, e.g. NVL(col, 0) AS col", k.Column, j.idx*sc.o.PageSize+i+1, j.w.n))
					return
				}
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// boundaryUnique checks, at the boundary after window prev whose last
// page is last, that no row the next window cannot see shares the
// boundary's key: the next window starts strictly after that key, so a
// tie that straddles the boundary would lose rows. It counts the query's
// rows with the boundary key (one query per window) and compares with the
// run of rows with that key at the end of the window. Keys that are not
// unique but never tie across a boundary lose nothing and pass.
func (sc *scheduler) boundaryUnique(last *Page, prev *keyWindow) error {
	after := last.Items[len(last.Items)-1]
	run := 0
	for i := len(last.Items) - 1; i >= 0 && sameKey(sc.o.Keys, last.Items[i], after); i-- {
		run++
	}
	cols := KeyColumns(sc.o.Keys)
	if run == len(last.Items) && prev.pages > 1 {
		return fmt.Errorf("suiteql: at least %d rows share the key %s at the end of keyset window %d: the keys (%s) do not order the rows uniquely and rows would be lost; add a unique column such as id to the ORDER BY (or --key)",
			run, keyText(sc.o.Keys, after), prev.n, cols)
	}
	conds := make([]string, len(sc.o.Keys))
	for i, k := range sc.o.Keys {
		lit, err := literal(after, k)
		if err != nil {
			return err
		}
		conds[i] = "ks." + k.Column + " = " + lit
	}
	n, err := sc.countWhere(strings.Join(conds, " AND "))
	if err != nil {
		return fmt.Errorf("suiteql: checking that the keys are unique at a window boundary: %w", err)
	}
	if int(n) > run {
		return fmt.Errorf("suiteql: %d rows share the key %s at the end of keyset window %d, but only %d of them are in it: the keys (%s) do not order the rows uniquely and the next window would skip the rest; add a unique column such as id to the ORDER BY (or --key)",
			n, keyText(sc.o.Keys, after), prev.n, run, cols)
	}
	return nil
}

// countWhere counts the query's rows that meet cond (on the alias ks).
func (sc *scheduler) countWhere(cond string) (int64, error) {
	q := "SELECT COUNT(*) AS n FROM (" + strings.TrimRight(strings.TrimSpace(sc.q), ";") + ") ks WHERE " + cond
	p, err := sc.s.Query(sc.ctx, q, &PageOptions{Limit: 1})
	if err != nil || len(p.Items) != 1 {
		return 0, err
	}
	n, _, _ := p.Items[0].Int64("n")
	return n, nil
}

// KeyColumns lists the keys' columns, comma-separated (for messages).
func KeyColumns(keys []Key) string {
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.Column
	}
	return strings.Join(cols, ", ")
}

func sameKey(keys []Key, a, b Row) bool {
	for _, k := range keys {
		if a[k.Column] != b[k.Column] {
			return false
		}
	}
	return true
}

// nullKeys fails when some row of the query has a NULL key.
func (sc *scheduler) nullKeys() error {
	conds := make([]string, len(sc.o.Keys))
	for i, k := range sc.o.Keys {
		conds[i] = "ks." + k.Column + " IS NULL"
	}
	n, err := sc.countWhere(strings.Join(conds, " OR "))
	if err != nil {
		return fmt.Errorf("suiteql: checking the keys for NULL values: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("suiteql: %d rows have a NULL key (%s): keyset paging cannot reach them; choose NOT NULL key columns or wrap them, e.g. NVL(col, 0) AS col", n, KeyColumns(sc.o.Keys))
	}
	return nil
}

// keysetQuery wraps q so that it returns, ordered by keys, only the rows
// after last (all rows when last is nil).
func keysetQuery(q string, keys []Key, last Row) (string, error) {
	var b strings.Builder
	b.WriteString("SELECT * FROM (")
	b.WriteString(strings.TrimRight(strings.TrimSpace(q), ";"))
	b.WriteString(") ks")
	if last != nil {
		lits := make([]string, len(keys))
		for i, k := range keys {
			l, err := literal(last, k)
			if err != nil {
				return "", err
			}
			lits[i] = l
		}
		b.WriteString(" WHERE ")
		// (k1 > v1) OR (k1 = v1 AND k2 > v2) OR …
		for i := range keys {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString("(")
			for j := 0; j < i; j++ {
				fmt.Fprintf(&b, "ks.%s = %s AND ", keys[j].Column, lits[j])
			}
			fmt.Fprintf(&b, "ks.%s > %s)", keys[i].Column, lits[i])
		}
	}
	b.WriteString(" ORDER BY ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("ks." + k.Column)
	}
	return b.String(), nil
}

// numberRE matches the numbers SuiteQL returns (Oracle writes 0.5 as ".5").
var numberRE = regexp.MustCompile(`^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// literal renders a row's key value as its kind says. A missing value (NULL:
// NetSuite leaves it out of the row) cannot start a window: "> NULL" matches
// nothing and would end the export early without an error.
func literal(r Row, k Key) (string, error) {
	v, ok := r[k.Column]
	if !ok {
		return "", fmt.Errorf("suiteql: key column %s is missing from a window's last row: a keyset key must be an output column of the query and never NULL (NetSuite leaves NULL columns out of a row)", k.Column)
	}
	if k.Kind == KeyNumber {
		if !numberRE.MatchString(v) {
			return "", fmt.Errorf("suiteql: key column %s is declared a number but a row has %q: declare it as text (TextKey, or --key %s:text)", k.Column, v, k.Column)
		}
		return v, nil
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'", nil
}

// progressed checks that window n, which starts after the previous window's
// last row, begins past it. A window that begins at the same key (or, for
// number keys, before it) would repeat rows and may never end: that happens
// when the keys are not unique or are declared with the wrong kind.
func progressed(keys []Key, after, first Row, n int) error {
	for _, k := range keys {
		a, b := after[k.Column], first[k.Column]
		if a == b {
			continue
		}
		if k.Kind == KeyNumber {
			x, errA := strconv.ParseFloat(a, 64)
			y, errB := strconv.ParseFloat(b, 64)
			if errA == nil && errB == nil && y < x {
				return fmt.Errorf("suiteql: keyset window %d starts at %s=%s, before the previous window's last key %s=%s: the query's ORDER BY does not order %s as a number; declare it as text (TextKey, or --key %s:text)", n, k.Column, b, k.Column, a, k.Column, k.Column)
			}
		}
		// Text keys: SuiteQL's collation decides what "after" is, so a
		// different value is progress.
		return nil
	}
	return fmt.Errorf("suiteql: keyset window %d starts at the previous window's last key (%s): the keys do not order the rows uniquely; add a unique column (e.g. id) as the last key", n, keyText(keys, after))
}

func keyText(keys []Key, r Row) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.Column + "=" + r[k.Column]
	}
	return strings.Join(parts, ", ")
}
