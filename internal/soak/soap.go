package soak

import (
	"context"
	"fmt"

	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
)

// soapGet reads a customer's companyName with SOAP get, through package
// soap as any caller does (a fresh tokenPassport every attempt). Faults
// (HTTP 500: over the limit, unexpected errors, bad logins) come back from
// the pipeline as *netsuite.Error and are retried by the policy; a get
// that NetSuite answers with isSuccess="false" is an error.
func (r *run) soapGet(ctx context.Context, id string) (string, error) {
	rec, err := r.soap.GetRecord(ctx, &core.RecordRef{InternalId: id, Type: core.RecordTypeCustomer})
	if err != nil {
		return "", err
	}
	c, ok := rec.(*relationships.Customer)
	if !ok {
		return "", fmt.Errorf("soak: SOAP get of customer %s answered a %T", id, rec)
	}
	if c.CompanyName == nil {
		return "", nil
	}
	return *c.CompanyName, nil
}
