package soap

import (
	"context"
	"fmt"

	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// Per-request record limits of the synchronous list operations, from the
// Help Center's "SOAP Web Services Governance Overview" (section_N3418637,
// "Understanding Record Limiting"): addList and deleteList 200, updateList
// and upsertList 100, getList 1,000. A longer list is sent as several
// requests, one after the other (list operations process records in the
// order submitted, section_N3480490), and the results are put together in
// input order.
const (
	MaxAddList    = 200
	MaxDeleteList = 200
	MaxUpdateList = 100
	MaxUpsertList = 100
	MaxGetList    = 1000
)

// ListError reports a list operation that failed part of the way: the
// first Done items were sent in earlier requests (their results are
// returned with the error), the request of the items from Done on failed
// with Err, and later items were not sent.
type ListError struct {
	Op   string
	Done int
	Err  error
}

func (e *ListError) Error() string {
	return fmt.Sprintf("soap: %s: the request of items %d and on failed (items before were sent): %v", e.Op, e.Done, e.Err)
}

func (e *ListError) Unwrap() error { return e.Err }

// chunked runs send over items in chunks of at most max, each returning
// one result per item, and concatenates the results in input order.
func chunked[I, R any](op string, items []I, max int, send func(chunk []I) ([]R, error)) ([]R, error) {
	out := make([]R, 0, len(items))
	for start := 0; start < len(items); start += max {
		end := min(start+max, len(items))
		rs, err := send(items[start:end])
		if err == nil && len(rs) != end-start {
			err = fmt.Errorf("%d results for %d items", len(rs), end-start)
		}
		if err != nil {
			return out, &ListError{Op: op, Done: start, Err: err}
		}
		out = append(out, rs...)
	}
	return out, nil
}

func writeResponses(l *messages.WriteResponseList) ([]*messages.WriteResponse, error) {
	if l == nil {
		return nil, fmt.Errorf("no writeResponseList")
	}
	if err := StatusError(l.Status); err != nil && len(l.WriteResponse) == 0 {
		return nil, err
	}
	return l.WriteResponse, nil
}

// AddList adds records (addList), MaxAddList a request. The results are in
// the order of records; each has its own status (see StatusError): a
// record that failed does not fail the call.
func (s *Service) AddList(ctx context.Context, records []core.Record, opts ...CallOption) ([]*messages.WriteResponse, error) {
	return chunked("addList", records, MaxAddList, func(c []core.Record) ([]*messages.WriteResponse, error) {
		r, err := s.addListOnce(ctx, &messages.AddListRequest{Record: c}, opts...)
		if err != nil {
			return nil, err
		}
		return writeResponses(r.WriteResponseList)
	})
}

// UpdateList updates records (updateList), MaxUpdateList a request; see
// AddList for the results.
func (s *Service) UpdateList(ctx context.Context, records []core.Record, opts ...CallOption) ([]*messages.WriteResponse, error) {
	return chunked("updateList", records, MaxUpdateList, func(c []core.Record) ([]*messages.WriteResponse, error) {
		r, err := s.updateListOnce(ctx, &messages.UpdateListRequest{Record: c}, opts...)
		if err != nil {
			return nil, err
		}
		return writeResponses(r.WriteResponseList)
	})
}

// UpsertList adds or updates records by external id (upsertList),
// MaxUpsertList a request; see AddList for the results.
func (s *Service) UpsertList(ctx context.Context, records []core.Record, opts ...CallOption) ([]*messages.WriteResponse, error) {
	return chunked("upsertList", records, MaxUpsertList, func(c []core.Record) ([]*messages.WriteResponse, error) {
		r, err := s.upsertListOnce(ctx, &messages.UpsertListRequest{Record: c}, opts...)
		if err != nil {
			return nil, err
		}
		return writeResponses(r.WriteResponseList)
	})
}

// DeleteList deletes the records refs name (deleteList), MaxDeleteList a
// request, with an optional deletion reason; see AddList for the results.
func (s *Service) DeleteList(ctx context.Context, refs []core.BaseRef, reason *core.DeletionReason, opts ...CallOption) ([]*messages.WriteResponse, error) {
	return chunked("deleteList", refs, MaxDeleteList, func(c []core.BaseRef) ([]*messages.WriteResponse, error) {
		r, err := s.deleteListOnce(ctx, &messages.DeleteListRequest{BaseRef: c, DeletionReason: reason}, opts...)
		if err != nil {
			return nil, err
		}
		return writeResponses(r.WriteResponseList)
	})
}

// GetList reads the records refs name (getList), MaxGetList a request. The
// results are in the order of refs, each with its status (a record that
// does not exist has a failed status with RCRD_DSNT_EXIST).
func (s *Service) GetList(ctx context.Context, refs []core.BaseRef, opts ...CallOption) ([]*messages.ReadResponse, error) {
	return chunked("getList", refs, MaxGetList, func(c []core.BaseRef) ([]*messages.ReadResponse, error) {
		r, err := s.getListOnce(ctx, &messages.GetListRequest{BaseRef: c}, opts...)
		if err != nil {
			return nil, err
		}
		if r.ReadResponseList == nil {
			return nil, fmt.Errorf("no readResponseList")
		}
		if err := StatusError(r.ReadResponseList.Status); err != nil && len(r.ReadResponseList.ReadResponse) == 0 {
			return nil, err
		}
		return r.ReadResponseList.ReadResponse, nil
	})
}
