package soap_test

import (
	"context"
	"fmt"
	"log"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/soap"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/common"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
	"github.com/go-netsuite/netsuite/soap/types/setup/customization"
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

// Custom fields are set by script id, one value type each; an update sends
// only the fields set, and ClearFields empties fields (nullFieldList).
func ExampleService_UpdateRecord() {
	client, err := netsuite.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	svc := soap.New(client)

	cust := &relationships.Customer{InternalId: "107", Phone: ptr("+1 555 0100")}
	cust.CustomFieldList = cust.CustomFieldList.Set(&core.StringCustomFieldRef{
		CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "VIP"})
	cust.CustomFieldList.Set(&core.BooleanCustomFieldRef{
		CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_vip"}, Value: true})
	cust.CustomFieldList.Set(&core.SelectCustomFieldRef{ // a list/record field: the value's internal id
		CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_region"}, Value: &core.ListOrRecordRef{InternalId: "3"}})
	cust.CustomFieldList.Set(&core.DateCustomFieldRef{
		CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_renewal"}, Value: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)})
	cust.ClearFields("fax", "custentity_old_region")

	ref, err := svc.UpdateRecord(context.Background(), cust)
	if err != nil {
		log.Fatal(err) // a failed status is a *netsuite.Error (netsuite.IsNotFound, …)
	}
	fmt.Println("updated", ref.InternalId)
}

// A custom record: a CustomRecordRef names it with its type's internal id,
// which CustomRecordTypeID finds from the type's script id.
func ExampleService_CustomRecordTypeID() {
	client, err := netsuite.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	svc := soap.New(client)
	ctx := context.Background()

	typeID, err := svc.CustomRecordTypeID(ctx, "customrecord_region") // getCustomizationId
	if err != nil {
		log.Fatal(err)
	}
	rec, err := svc.GetRecord(ctx, &core.CustomRecordRef{InternalId: "5", TypeId: typeID})
	if err != nil {
		log.Fatal(err)
	}
	region := rec.(*customization.CustomRecord)
	fmt.Println(*region.Name, region.CustomFieldList.Get("custrecord_region_code"))
}

// BuildSearch builds a search from strings, as netsuite soap search --where
// does: a criterion on a join (salesRep.email) makes a joined
// CustomerSearch; a custom field (cust…) goes in the customFieldList.
func ExampleBuildSearch() {
	var where []soap.Criterion
	for _, w := range []string{"companyName startsWith Acme", "salesRep.email contains @acme.com", "custentity_region anyOf 3,4"} {
		c, err := soap.ParseCriterion(w)
		if err != nil {
			log.Fatal(err)
		}
		where = append(where, c)
	}
	sr, err := soap.BuildSearch(soap.SearchSpec{RecordType: "customer", Where: where})
	if err != nil {
		log.Fatal(err)
	}
	s := sr.(*relationships.CustomerSearch)
	region := s.Basic.CustomFieldList.CustomField[0].(*core.SearchMultiSelectCustomField)
	fmt.Println(soap.XSDType(sr), *s.Basic.CompanyName.SearchValue, *s.SalesRepJoin.Email.SearchValue)
	fmt.Println(soap.XSDType(region), region.ScriptId, region.Operator, region.SearchValue[0].InternalId, region.SearchValue[1].InternalId)
	// Output:
	// CustomerSearch Acme @acme.com
	// SearchMultiSelectCustomField custentity_region anyOf 3 4
}
