package soap_test

import (
	"context"
	"fmt"
	"log"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/soap"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/common"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

func ptr[T any](v T) *T { return &v }

// A get, a paged search and a custom-field update. The client's
// credentials come from the environment or the profile (TBA).
func Example() {
	client, err := netsuite.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	svc := soap.New(client)
	ctx := context.Background()

	// Get a customer.
	rec, err := svc.GetRecord(ctx, &core.RecordRef{InternalId: "42", Type: core.RecordTypeCustomer})
	if netsuite.IsNotFound(err) {
		log.Fatal("no customer 42")
	} else if err != nil {
		log.Fatal(err)
	}
	cust := rec.(*relationships.Customer)
	fmt.Println(*cust.CompanyName)

	// Every customer whose name starts with "Acme", 200 a page.
	search := &common.CustomerSearchBasic{CompanyName: &core.SearchStringField{
		Operator: core.SearchStringFieldOperatorStartsWith, SearchValue: ptr("Acme")}}
	for r, err := range svc.SearchRecords(ctx, search, soap.SearchPreferences(&messages.SearchPreferences{PageSize: ptr(200)})) {
		if err != nil {
			log.Fatal(err) // errors.Is(err, soap.ErrSearchExpired): run it again
		}
		fmt.Println(r.(*relationships.Customer).InternalId)
	}

	// Set a custom field and clear the fax number.
	upd := &relationships.Customer{InternalId: "42"}
	upd.CustomFieldList = upd.CustomFieldList.Set(&core.StringCustomFieldRef{
		CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "VIP"})
	upd.ClearFields("fax")
	if _, err := svc.UpdateRecord(ctx, upd); err != nil {
		log.Fatal(err)
	}
}
