package soap

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// Searches. A search record names what to find:
//
//   - basic: the record's <Type>SearchBasic (common.CustomerSearchBasic)
//     with its fields' criteria;
//   - joined: the record's <Type>Search (relationships.CustomerSearch) with
//     Basic and joins such as ContactJoin;
//   - advanced: <Type>SearchAdvanced with Criteria (a <Type>Search) and
//     Columns (a <Type>SearchRow naming the columns to return); with
//     SavedSearchId or SavedSearchScriptId it runs a saved search.
//
// Results come back a page at a time (pageSize in the searchPreferences,
// 5 to 1,000 for a synchronous search: Help Center section_N3418637); the
// next pages are read with searchMoreWithId.

// ErrSearchExpired is reported (through errors.Is) when searchMoreWithId
// refuses the search id: NetSuite keeps a search's results for a limited
// time, and a search read too slowly (or after the session's searches were
// replaced) must be run again.
var ErrSearchExpired = errors.New("soap: the search id has expired; run the search again")

// SearchError is a failed search page: its search id and page, and the
// status NetSuite sent (a *netsuite.Error).
type SearchError struct {
	SearchID string
	Page     int
	Err      error
}

func (e *SearchError) Error() string {
	return fmt.Sprintf("soap: search %s, page %d: %v", e.SearchID, e.Page, e.Err)
}

func (e *SearchError) Unwrap() error { return e.Err }

// Is reports ErrSearchExpired for the codes of StatusDetailCodeType
// (platform.faultTypes.xsd) that refuse a search id: INVALID_SEARCH_MORE
// and EXPIRED_SEARCH_CRITERIA.
func (e *SearchError) Is(target error) bool {
	if target != ErrSearchExpired {
		return false
	}
	var ne *netsuite.Error
	if !errors.As(e.Err, &ne) {
		return false
	}
	for _, d := range ne.Details {
		if d.Code == "INVALID_SEARCH_MORE" || d.Code == "EXPIRED_SEARCH_CRITERIA" {
			return true
		}
	}
	return false
}

// SearchPage runs a search and returns its first page; a failed status is
// an error.
func (s *Service) SearchPage(ctx context.Context, sr core.SearchRecord, opts ...CallOption) (*core.SearchResult, error) {
	r, err := s.Search(ctx, &messages.SearchRequest{SearchRecord: sr}, opts...)
	if err != nil {
		return nil, err
	}
	if r.SearchResult == nil {
		return nil, fmt.Errorf("soap: search: the response has no searchResult")
	}
	if err := statusError("search", r.SearchResult.Status); err != nil {
		return nil, &SearchError{Page: 1, Err: err}
	}
	return r.SearchResult, nil
}

// SearchMorePage reads page (1-based) of a search by its id
// (searchMoreWithId).
func (s *Service) SearchMorePage(ctx context.Context, searchID string, page int, opts ...CallOption) (*core.SearchResult, error) {
	r, err := s.SearchMoreWithId(ctx, &messages.SearchMoreWithIdRequest{SearchId: searchID, PageIndex: page}, opts...)
	if err != nil {
		return nil, &SearchError{SearchID: searchID, Page: page, Err: err}
	}
	if r.SearchResult == nil {
		return nil, &SearchError{SearchID: searchID, Page: page, Err: errors.New("the response has no searchResult")}
	}
	if err := statusError("searchMoreWithId", r.SearchResult.Status); err != nil {
		return nil, &SearchError{SearchID: searchID, Page: page, Err: err}
	}
	return r.SearchResult, nil
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// SearchPages runs a search and yields its pages in order: the first,
// then every further page by searchMoreWithId up to the last page the
// latest answer reports (totalPages may change while data changes). An
// empty result yields its one empty page; an empty page in the middle
// (records deleted while paging) is yielded and paging goes on. An error
// is yielded last; a refused search id matches ErrSearchExpired.
func (s *Service) SearchPages(ctx context.Context, sr core.SearchRecord, opts ...CallOption) iter.Seq2[*core.SearchResult, error] {
	return func(yield func(*core.SearchResult, error) bool) {
		res, err := s.SearchPage(ctx, sr, opts...)
		if err != nil {
			yield(nil, err)
			return
		}
		id := ""
		if res.SearchId != nil {
			id = *res.SearchId
		}
		total := intOr(res.TotalPages, 1)
		if !yield(res, nil) {
			return
		}
		for page := intOr(res.PageIndex, 1) + 1; page <= total; page++ {
			if id == "" {
				yield(nil, &SearchError{Page: page, Err: errors.New("the search has more pages but no searchId")})
				return
			}
			res, err = s.SearchMorePage(ctx, id, page, opts...)
			if err != nil {
				yield(nil, err)
				return
			}
			total = intOr(res.TotalPages, total)
			if !yield(res, nil) {
				return
			}
		}
	}
}

// SearchRecords yields the records of every page of a search (basic or
// joined searches, and advanced searches with bodyFieldsOnly results); see
// SearchPages.
func (s *Service) SearchRecords(ctx context.Context, sr core.SearchRecord, opts ...CallOption) iter.Seq2[core.Record, error] {
	return func(yield func(core.Record, error) bool) {
		for page, err := range s.SearchPages(ctx, sr, opts...) {
			if err != nil {
				yield(nil, err)
				return
			}
			if page.RecordList == nil {
				continue
			}
			for _, r := range page.RecordList.Record {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
}

// SearchRows yields the rows of every page of an advanced or saved search
// (returnSearchColumns); see SearchPages.
func (s *Service) SearchRows(ctx context.Context, sr core.SearchRecord, opts ...CallOption) iter.Seq2[core.SearchRow, error] {
	return func(yield func(core.SearchRow, error) bool) {
		for page, err := range s.SearchPages(ctx, sr, opts...) {
			if err != nil {
				yield(nil, err)
				return
			}
			if page.SearchRowList == nil {
				continue
			}
			for _, r := range page.SearchRowList.SearchRow {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
}

// WaitAsync polls checkAsyncStatus for an asynchronous job (asyncAddList,
// asyncSearch, …) every interval (at least a second) until it is finished,
// finishedWithErrors or failed, and returns its last status; read its
// results with GetAsyncResult. A failed job is returned with an error.
func (s *Service) WaitAsync(ctx context.Context, jobID string, interval time.Duration, opts ...CallOption) (*core.AsyncStatusResult, error) {
	interval = max(interval, time.Second)
	for {
		r, err := s.CheckAsyncStatus(ctx, &messages.CheckAsyncStatusRequest{JobId: jobID}, opts...)
		if err != nil {
			return nil, err
		}
		st := r.AsyncStatusResult
		if st == nil {
			return nil, fmt.Errorf("soap: checkAsyncStatus %s: the response has no asyncStatusResult", jobID)
		}
		switch st.Status {
		case core.AsyncStatusTypeFinished, core.AsyncStatusTypeFinishedWithErrors:
			return st, nil
		case core.AsyncStatusTypeFailed:
			return st, fmt.Errorf("soap: asynchronous job %s failed", jobID)
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return st, ctx.Err()
		case <-t.C:
		}
	}
}
