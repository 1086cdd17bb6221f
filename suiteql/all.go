package suiteql

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strings"
	"sync"
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
		if len(sc.o.Keys) > 0 {
			q = keysetQuery(sc.q, sc.o.Keys, nil)
		}
		w.query = func() (string, error) { return q, nil }
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
					q = keysetQuery(sc.q, sc.o.Keys, p.Items[len(p.Items)-1])
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
			sc.o.OnPage(PageInfo{j.w.n, j.idx * sc.o.PageSize, len(p.Items), p.TotalResults})
		}
		for _, r := range p.Items {
			if !yield(r, nil) {
				return
			}
		}
	}
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
