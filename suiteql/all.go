package suiteql

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strings"
)

// AllOptions control All.
type AllOptions struct {
	// Keys are output columns of the query that order its rows uniquely,
	// e.g. {"id"}, or {"lmd", "id"} for a timestamp with ties broken by id.
	// With Keys, All reads windows of up to Cap rows ordered by the keys and
	// starts each next window after the last key seen, so it reads past
	// NetSuite's 100,000-row cap with no row skipped or repeated. Date keys
	// should be selected as sortable text, e.g.
	// TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lmd.
	// Without Keys, All pages by offset and fails at the cap.
	Keys []string
	// Parallel is how many pages are fetched at once (default 1). Keep it at
	// or under your account's concurrency limit (Standard tier: 5). With
	// Parallel > 1 the first pages of a window are requested before the row
	// count is known, so a result smaller than Parallel pages costs up to
	// Parallel−1 extra (empty) requests.
	Parallel int
	// PageSize is the page size (default and maximum 1000).
	PageSize int
	// WindowRows is how many rows one keyset window reads by offset before
	// the next window starts after the last key (default and maximum Cap).
	// Smaller windows keep each query cheaper on large tables.
	WindowRows int
	// OnPage, when set, is called after each page arrives (for progress).
	OnPage func(PageInfo)
}

// PageInfo describes a fetched page.
type PageInfo struct {
	Window       int // keyset window, from 0
	Offset       int
	Rows         int
	TotalResults int // of the current window's query
}

// ErrCapReached is returned by All without Keys when the query has more
// rows than offset paging reaches.
var ErrCapReached = errors.New("suiteql: the query has more rows than offset paging reaches (100,000): set AllOptions.Keys to page by a unique ordered key")

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// All returns every row of q in order. The error, if any, is yielded once
// and ends the sequence. Stopping the loop early cancels pages in flight.
func (s *Service) All(ctx context.Context, q string, opts *AllOptions) iter.Seq2[Row, error] {
	var o AllOptions
	if opts != nil {
		o = *opts
		o.Keys = append([]string(nil), opts.Keys...)
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
		for _, k := range o.Keys {
			if !identRE.MatchString(k) {
				yield(nil, fmt.Errorf("suiteql: key %q is not a column name", k))
				return
			}
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var last Row
		for window := 0; ; window++ {
			wq := q
			if len(o.Keys) > 0 {
				wq = keysetQuery(q, o.Keys, last)
			}
			n, lastRow, more, ok := s.window(ctx, wq, window, &o, yield)
			if !ok {
				return
			}
			if !more {
				return
			}
			if len(o.Keys) == 0 {
				yield(nil, ErrCapReached)
				return
			}
			if n == 0 || lastRow == nil {
				return
			}
			last = lastRow
		}
	}
}

// window pages one query up to the window size, with up to o.Parallel pages
// in flight, yielding rows in order. The pages after the first are started
// together with it, before the row count is known (a page past the end is
// simply empty), so a window does not begin with one page alone. more
// reports rows beyond the window.
func (s *Service) window(ctx context.Context, q string, window int, o *AllOptions, yield func(Row, error) bool) (n int, last Row, more, ok bool) {
	type result struct {
		p   *Page
		err error
	}
	fetch := func(off int) chan result {
		ch := make(chan result, 1)
		go func() {
			p, err := s.Query(ctx, q, &PageOptions{Limit: o.PageSize, Offset: off})
			ch <- result{p, err}
		}()
		return ch
	}
	windowPages := max(o.WindowRows/o.PageSize, 1)
	pending := map[int]chan result{} // page index -> result
	for i := 0; i < o.Parallel && i < windowPages; i++ {
		pending[i] = fetch(i * o.PageSize)
	}
	first := <-pending[0]
	if first.err != nil {
		yield(nil, first.err)
		return 0, nil, false, false
	}
	total := first.p.TotalResults
	if o.OnPage != nil {
		o.OnPage(PageInfo{window, 0, len(first.p.Items), total})
	}
	if len(o.Keys) == 0 && total > Cap {
		yield(nil, ErrCapReached) // fail before yielding a partial export
		return 0, nil, false, false
	}
	reach := min(total, windowPages*o.PageSize)
	pages := (reach + o.PageSize - 1) / o.PageSize
	emit := func(p *Page) bool {
		for _, r := range p.Items {
			n++
			last = r
			if !yield(r, nil) {
				return false
			}
		}
		return true
	}
	if !emit(first.p) {
		return n, last, false, false
	}
	next := len(pending)
	for i := 1; i < pages; i++ {
		for ; next < pages && next < i+o.Parallel; next++ {
			pending[next] = fetch(next * o.PageSize)
		}
		r := <-pending[i]
		delete(pending, i)
		if r.err != nil {
			yield(nil, r.err)
			return n, last, false, false
		}
		if o.OnPage != nil {
			o.OnPage(PageInfo{window, i * o.PageSize, len(r.p.Items), r.p.TotalResults})
		}
		if !emit(r.p) {
			return n, last, false, false
		}
	}
	return n, last, total > reach, true
}

// keysetQuery wraps q so that it returns, ordered by keys, only the rows
// after last (all rows when last is nil).
func keysetQuery(q string, keys []string, last Row) string {
	var b strings.Builder
	b.WriteString("SELECT * FROM (")
	b.WriteString(strings.TrimRight(strings.TrimSpace(q), ";"))
	b.WriteString(") ks")
	if last != nil {
		b.WriteString(" WHERE ")
		// (k1 > v1) OR (k1 = v1 AND k2 > v2) OR …
		for i := range keys {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString("(")
			for j := 0; j < i; j++ {
				fmt.Fprintf(&b, "ks.%s = %s AND ", keys[j], literal(last, keys[j]))
			}
			fmt.Fprintf(&b, "ks.%s > %s)", keys[i], literal(last, keys[i]))
		}
	}
	b.WriteString(" ORDER BY ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("ks." + k)
	}
	return b.String()
}

var numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// literal renders a key value: numbers bare, anything else quoted with ”
// escaping (a NULL key cannot order rows; it compares as NULL).
func literal(r Row, col string) string {
	v, ok := r[col]
	if !ok {
		return "NULL"
	}
	if numberRE.MatchString(v) {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}
