package soap

import (
	"context"
	"fmt"

	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// GetRecord reads one record (get). A failed status (such as
// RCRD_DSNT_EXIST, see netsuite.IsNotFound) is returned as an error.
//
//	rec, err := svc.GetRecord(ctx, &core.RecordRef{InternalId: "42", Type: core.RecordTypeCustomer})
//	cust, ok := rec.(*relationships.Customer)
func (s *Service) GetRecord(ctx context.Context, ref core.BaseRef, opts ...CallOption) (core.Record, error) {
	r, err := s.Get(ctx, &messages.GetRequest{BaseRef: ref}, opts...)
	if err != nil {
		return nil, err
	}
	if r.ReadResponse == nil {
		return nil, fmt.Errorf("soap: get: the response has no readResponse")
	}
	if err := statusError("get", r.ReadResponse.Status); err != nil {
		return nil, err
	}
	if r.ReadResponse.Record == nil {
		// The decoder skips a record whose xsi:type no linked package
		// registers (types register when their package is imported).
		return nil, fmt.Errorf("soap: get: NetSuite answered a record this program cannot decode: import its package (soap/types/…, e.g. soap/types/lists/relationships for a customer)")
	}
	return r.ReadResponse.Record, nil
}

// written returns a write response's reference, or its failed status as an
// error.
func written(op string, w *messages.WriteResponse) (*core.RecordRef, error) {
	if w == nil {
		return nil, fmt.Errorf("soap: %s: the response has no writeResponse", op)
	}
	if err := statusError(op, w.Status); err != nil {
		return nil, err
	}
	ref, _ := w.BaseRef.(*core.RecordRef)
	return ref, nil
}

// AddRecord adds a record (add) and returns its reference.
func (s *Service) AddRecord(ctx context.Context, rec core.Record, opts ...CallOption) (*core.RecordRef, error) {
	r, err := s.Add(ctx, &messages.AddRequest{Record: rec}, opts...)
	if err != nil {
		return nil, err
	}
	return written("add", r.WriteResponse)
}

// UpdateRecord updates a record (update): only the fields set are sent;
// fields named with ClearFields are emptied.
func (s *Service) UpdateRecord(ctx context.Context, rec core.Record, opts ...CallOption) (*core.RecordRef, error) {
	r, err := s.Update(ctx, &messages.UpdateRequest{Record: rec}, opts...)
	if err != nil {
		return nil, err
	}
	return written("update", r.WriteResponse)
}

// UpsertRecord adds or updates a record by its external id (upsert).
func (s *Service) UpsertRecord(ctx context.Context, rec core.Record, opts ...CallOption) (*core.RecordRef, error) {
	r, err := s.Upsert(ctx, &messages.UpsertRequest{Record: rec}, opts...)
	if err != nil {
		return nil, err
	}
	return written("upsert", r.WriteResponse)
}

// DeleteRecord deletes a record (delete).
func (s *Service) DeleteRecord(ctx context.Context, ref core.BaseRef, opts ...CallOption) error {
	r, err := s.Delete(ctx, &messages.DeleteRequest{BaseRef: ref}, opts...)
	if err != nil {
		return err
	}
	_, err = written("delete", r.WriteResponse)
	return err
}
