package record

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ListOptions select a list page. Zero values mean no filter, limit 1000,
// offset 0.
type ListOptions struct {
	// Q is a raw q= filter in NetSuite's syntax, e.g.
	// `email START_WITH "barbara" AND dateCreated AFTER "2026-01-01"`.
	Q string
	// Where is a filter built with [Q]; set Q or Where, not both.
	Where *Query
	// Limit is the page size, 1 to 1000 (default 1000).
	Limit int
	// Offset is the first item's position (default 0).
	Offset int
	// OnPage, with All, is called after each page arrives, before its items
	// are yielded (for progress: Page.TotalResults is the total).
	OnPage func(*Page)
}

// Page is one page of a record list.
type Page struct {
	Items        []Ref
	Count        int
	HasMore      bool
	Offset       int
	TotalResults int
	Links        []Link
}

// Next returns the "next" link, or "".
func (p *Page) Next() string { return linkHref(p.Links, "next") }

// filter returns the q= text of o.
func (o *ListOptions) filter() (string, error) {
	if o.Where != nil {
		if o.Q != "" {
			return "", errors.New("record: set ListOptions.Q or ListOptions.Where, not both")
		}
		if err := o.Where.Err(); err != nil {
			return "", err
		}
		return o.Where.String(), nil
	}
	return strings.TrimSpace(o.Q), nil
}

func (o *ListOptions) check() error {
	if o.Limit < 1 || o.Limit > MaxLimit {
		return fmt.Errorf("record: limit %d: NetSuite serves 1 to %d records a page", o.Limit, MaxLimit)
	}
	if o.Offset < 0 {
		return fmt.Errorf("record: offset %d is negative", o.Offset)
	}
	return nil
}

// List returns one page of the ids of the records of a type, filtered by q=.
//
// NetSuite: GET /services/rest/record/v1/{type}?q=&limit=&offset=
func (s *Service) List(ctx context.Context, recordType string, opts *ListOptions) (*Page, error) {
	if err := checkType(recordType); err != nil {
		return nil, err
	}
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if o.Limit == 0 {
		o.Limit = MaxLimit
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	f, err := o.filter()
	if err != nil {
		return nil, err
	}
	return s.list(ctx, recordType, f, o.Limit, o.Offset)
}

func (s *Service) list(ctx context.Context, recordType, filter string, limit, offset int) (*Page, error) {
	q := url.Values{}
	if filter != "" {
		q.Set("q", filter)
	}
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(offset))
	resp, err := s.do(ctx, request{method: http.MethodGet, path: recordPath(recordType), query: q})
	if err != nil {
		return nil, err
	}
	var raw struct {
		Links        []Link `json:"links"`
		Items        []Ref  `json:"items"`
		Count        int    `json:"count"`
		HasMore      bool   `json:"hasMore"`
		Offset       int    `json:"offset"`
		TotalResults int    `json:"totalResults"`
	}
	if err := decodeJSON(resp, &raw); err != nil {
		return nil, err
	}
	return &Page{Items: raw.Items, Count: raw.Count, HasMore: raw.HasMore, Offset: raw.Offset,
		TotalResults: raw.TotalResults, Links: raw.Links}, nil
}

// All returns the ids of every record of a type that matches the filter,
// page after page (following hasMore, from opts.Offset). opts is copied, never
// modified. The error, if any, is yielded once and ends the sequence.
//
// NetSuite: GET /services/rest/record/v1/{type}?q=&limit=&offset= per page.
// Offset paging reaches at most 100,000 results without SuiteAnalytics
// Connect; use SuiteQL for larger exports.
func (s *Service) All(ctx context.Context, recordType string, opts *ListOptions) iter.Seq2[Ref, error] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return func(yield func(Ref, error) bool) {
		if err := checkType(recordType); err != nil {
			yield(Ref{}, err)
			return
		}
		if o.Limit == 0 {
			o.Limit = MaxLimit
		}
		if err := o.check(); err != nil {
			yield(Ref{}, err)
			return
		}
		f, err := o.filter()
		if err != nil {
			yield(Ref{}, err)
			return
		}
		offset := o.Offset
		for {
			p, err := s.list(ctx, recordType, f, o.Limit, offset)
			if err != nil {
				yield(Ref{}, err)
				return
			}
			if o.OnPage != nil {
				o.OnPage(p)
			}
			for _, r := range p.Items {
				if !yield(r, nil) {
					return
				}
			}
			if !p.HasMore || len(p.Items) == 0 {
				return
			}
			offset += len(p.Items)
		}
	}
}
