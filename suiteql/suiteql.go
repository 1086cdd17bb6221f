// Package suiteql runs SuiteQL queries through NetSuite's REST web services
// (POST /services/rest/query/v1/suiteql) one page at a time, or as an
// iterator over every row — past the 100,000-row cap of offset paging by
// keyset paging on a unique ordered key, with pages fetched in parallel up to
// a limit the caller sets.
package suiteql

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite"
)

// MaxLimit is the largest page NetSuite serves; Cap is how far offset paging
// reaches (offset+limit ≤ 100,000, NetSuite Help Center section_157909186990).
const (
	MaxLimit = 1000
	Cap      = 100_000
)

// Service runs SuiteQL queries with a Client.
type Service struct{ c *netsuite.Client }

// New returns a Service over c.
func New(c *netsuite.Client) *Service { return &Service{c: c} }

// Row is one result row: column names lower case, every value a string as
// NetSuite sends it; a NULL column is absent.
type Row map[string]string

// String returns a column's value and whether it was present (not NULL).
func (r Row) String(col string) (string, bool) {
	v, ok := r[col]
	return v, ok
}

// Int64 parses an integer column; ok is false for NULL.
func (r Row) Int64(col string) (n int64, ok bool, err error) {
	v, ok := r[col]
	if !ok {
		return 0, false, nil
	}
	n, err = strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, true, fmt.Errorf("suiteql: column %s: %q is not an integer", col, v)
	}
	return n, true, nil
}

// Float64 parses a numeric column; ok is false for NULL.
func (r Row) Float64(col string) (f float64, ok bool, err error) {
	v, ok := r[col]
	if !ok {
		return 0, false, nil
	}
	f, err = strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, true, fmt.Errorf("suiteql: column %s: %q is not a number", col, v)
	}
	return f, true, nil
}

// Bool reads a NetSuite 'T'/'F' column; ok is false for NULL.
func (r Row) Bool(col string) (b, ok bool, err error) {
	v, ok := r[col]
	if !ok {
		return false, false, nil
	}
	switch v {
	case "T", "t", "true":
		return true, true, nil
	case "F", "f", "false":
		return false, true, nil
	}
	return false, true, fmt.Errorf("suiteql: column %s: %q is not 'T' or 'F'", col, v)
}

// Time parses a date column with layout (NetSuite formats dates with the
// account's date preference unless the query uses TO_CHAR); ok is false for NULL.
func (r Row) Time(col, layout string) (t time.Time, ok bool, err error) {
	v, ok := r[col]
	if !ok {
		return time.Time{}, false, nil
	}
	t, err = time.Parse(layout, v)
	if err != nil {
		return time.Time{}, true, fmt.Errorf("suiteql: column %s: %w", col, err)
	}
	return t, true, nil
}

// Page is one page of results.
type Page struct {
	Items []Row
	// Columns are the item keys in the order they first appear in the
	// page (NetSuite sends an item's columns in SELECT order and leaves a
	// NULL one out, so a column NULL in every row of the page is missing).
	Columns      []string
	Count        int
	HasMore      bool
	Offset       int
	TotalResults int
}

// PageOptions select a page; zero values mean limit 1000, offset 0.
type PageOptions struct {
	Limit, Offset int
}

// Query runs q and returns one page.
//
// NetSuite: POST /services/rest/query/v1/suiteql?limit=&offset= with
// Prefer: transient. The JSON body is always built by an encoder, so
// quotes, backslashes, newlines and any Unicode in q are safe.
func (s *Service) Query(ctx context.Context, q string, opts *PageOptions) (*Page, error) {
	body, err := s.queryBody(ctx, q, opts)
	if err != nil {
		return nil, err
	}
	defer putBody(body)
	return decodePage(body.Bytes())
}

// bodies holds response buffers for reuse: a page is read whole (so the
// request is over before it is decoded) and decoded into fresh strings.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBody(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		b.Reset()
		bodies.Put(b)
	}
}

// suiteQLHeader is sent with every page (Prefer: transient is what
// NetSuite's SuiteQL endpoint requires, Help Center section_157909186990).
var suiteQLHeader = http.Header{"Content-Type": {"application/json"}, "Prefer": {"transient"}}

// queryBody runs q and returns the response body, read to its end; give it
// back with putBody after decoding.
func (s *Service) queryBody(ctx context.Context, q string, opts *PageOptions) (*bytes.Buffer, error) {
	var o PageOptions
	if opts != nil {
		o = *opts
	}
	if o.Limit == 0 {
		o.Limit = MaxLimit
	}
	if o.Limit < 1 || o.Limit > MaxLimit {
		return nil, fmt.Errorf("suiteql: limit %d: NetSuite serves 1 to %d rows a page", o.Limit, MaxLimit)
	}
	if o.Offset < 0 {
		return nil, fmt.Errorf("suiteql: offset %d is negative", o.Offset)
	}
	if strings.TrimSpace(q) == "" {
		return nil, fmt.Errorf("suiteql: empty query")
	}
	body, err := json.Marshal(struct {
		Q string `json:"q"`
	}{q})
	if err != nil {
		return nil, err
	}
	u := s.c.URL(netsuite.SuiteTalk, "/services/rest/query/v1/suiteql?limit="+strconv.Itoa(o.Limit)+"&offset="+strconv.Itoa(o.Offset))
	resp, err := s.c.Do(ctx, &netsuite.Request{Method: http.MethodPost, URL: u, Body: body, Header: suiteQLHeader})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.Contains(strings.ToLower(ct), "json") {
		// A 2xx that is not JSON came from something else than NetSuite: a
		// proxy, a captive portal, a wrong base URL.
		return nil, fmt.Errorf("suiteql: %s answered HTTP %d with Content-Type %s, not NetSuite's JSON: check the base URL (--base-url, NETSUITE_BASE_URL or base_url) and any proxy between here and NetSuite",
			resp.Request.URL.Host, resp.StatusCode, ct)
	}
	buf := bodies.Get().(*bytes.Buffer)
	if n := resp.ContentLength; n > 0 && n < 64<<20 {
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		putBody(buf)
		return nil, fmt.Errorf("suiteql: reading the page: %w", err)
	}
	return buf, nil
}
