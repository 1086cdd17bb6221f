package soap

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/common"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
	"github.com/go-netsuite/netsuite/soap/types/setup/customization"
	"github.com/go-netsuite/netsuite/soap/types/transactions/sales"
)

// Realistic records and searches for the requests of TestEveryOperation:
// body fields, RecordRefs, every kind of custom field, nullFieldList,
// sublists, joined criteria, custom-field criteria and columns.

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func rref(id string, t core.RecordType) *core.RecordRef {
	return &core.RecordRef{InternalId: id, Type: t}
}

// customFields is a customFieldList with one field of each kind.
func customFields() *core.CustomFieldList {
	var l *core.CustomFieldList
	l = l.Set(&core.StringCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "VIP & <gold>"})
	l.Set(&core.BooleanCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_vip"}, Value: true})
	l.Set(&core.LongCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{InternalId: "1203", ScriptId: "custentity_seats"}, Value: 42})
	l.Set(&core.DoubleCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_score"}, Value: 0.75})
	l.Set(&core.DateCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_renewal"}, Value: day("2026-03-31")})
	l.Set(&core.SelectCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_region"},
		Value: &core.ListOrRecordRef{InternalId: "3", TypeId: "12"}})
	l.Set(&core.MultiSelectCustomFieldRef{CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_channels"},
		Value: []*core.ListOrRecordRef{{InternalId: "1", TypeId: "14"}, {ExternalId: "web", TypeId: "14"}}})
	return l
}

func newCustomer() *relationships.Customer {
	return &relationships.Customer{
		ExternalId:  "CUST-1001",
		EntityId:    ptr("Acme Corp"),
		CompanyName: ptr("Acme Corp"),
		IsPerson:    ptr(false),
		Email:       ptr("ap@acme.example"),
		Phone:       ptr("+1 555 0100"),
		Subsidiary:  rref("1", core.RecordTypeSubsidiary),
		SalesRep:    rref("-5", core.RecordTypeEmployee),
		CreditLimit: ptr(25000.0),
		// EntityStatus of a customer: CUSTOMER-Closed Won.
		EntityStatus:    &core.RecordRef{InternalId: "13"},
		CustomFieldList: customFields(),
	}
}

func updatedCustomer() *relationships.Customer {
	c := &relationships.Customer{InternalId: "107", Phone: ptr("+1 555 0199"), CustomFieldList: customFields()}
	c.ClearFields("fax", "custentity_old_region")
	return c
}

func newContact(i string) *relationships.Contact {
	return &relationships.Contact{ExternalId: "CONTACT-" + i, FirstName: ptr("Mary"), LastName: ptr("Ann " + i),
		Email: ptr("mary" + i + "@acme.example"), Company: rref("107", core.RecordTypeCustomer), Subsidiary: rref("1", core.RecordTypeSubsidiary)}
}

func newSalesOrder() *sales.SalesOrder {
	so := &sales.SalesOrder{
		ExternalId: "SO-1001",
		Entity:     rref("107", core.RecordTypeCustomer),
		TranDate:   ptr(day("2026-01-15")),
		Memo:       ptr("rush"),
		ItemList: &sales.SalesOrderItemList{ReplaceAll: ptr(false), Item: []*sales.SalesOrderItem{
			{Item: rref("25", core.RecordTypeInventoryItem), Quantity: ptr(3.0), Rate: ptr("19.99"), Description: ptr("Widget")},
			{Item: rref("26", core.RecordTypeServiceSaleItem), Quantity: ptr(1.0), Amount: ptr(150.0)},
		}},
		CustomFieldList: (*core.CustomFieldList)(nil).Set(&core.SelectCustomFieldRef{
			CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custbody_channel"}, Value: &core.ListOrRecordRef{InternalId: "2"}}),
	}
	so.ClearFields("otherRefNum")
	return so
}

func newCustomRecord() *customization.CustomRecord {
	return &customization.CustomRecord{
		ExternalId: "REGION-N",
		RecType:    &core.RecordRef{InternalId: "12"},
		Name:       ptr("North"),
		IsInactive: ptr(false),
		CustomFieldList: (*core.CustomFieldList)(nil).Set(&core.StringCustomFieldRef{
			CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custrecord_region_code"}, Value: "N"}),
	}
}

// joinedSearch is a customer search with basic criteria (with custom-field
// criteria of every kind) and a criterion on the sales rep (salesRepJoin).
func joinedSearch() *relationships.CustomerSearch {
	return &relationships.CustomerSearch{
		Basic: &common.CustomerSearchBasic{
			CompanyName:      &core.SearchStringField{Operator: core.SearchStringFieldOperatorStartsWith, SearchValue: ptr("Acme")},
			IsInactive:       &core.SearchBooleanField{SearchValue: ptr(false)},
			DateCreated:      &core.SearchDateField{Operator: core.SearchDateFieldOperatorWithin, SearchValue: ptr(day("2025-01-01")), SearchValue2: ptr(day("2025-12-31"))},
			LastModifiedDate: &core.SearchDateField{Operator: core.SearchDateFieldOperatorWithin, PredefinedSearchValue: ptr(core.SearchDateThisMonth)},
			Subsidiary:       &core.SearchMultiSelectField{Operator: core.SearchMultiSelectFieldOperatorAnyOf, SearchValue: []*core.RecordRef{{InternalId: "1"}, {InternalId: "3"}}},
			CustomFieldList: &core.SearchCustomFieldList{CustomField: []core.SearchCustomField{
				&core.SearchStringCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_notes"}, Operator: core.SearchStringFieldOperatorContains, SearchValue: ptr("VIP")},
				&core.SearchBooleanCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_vip"}, SearchValue: ptr(true)},
				&core.SearchLongCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_seats"}, Operator: core.SearchLongFieldOperatorGreaterThan, SearchValue: ptr(int64(10))},
				&core.SearchDoubleCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_score"}, Operator: core.SearchDoubleFieldOperatorBetween, SearchValue: ptr(0.5), SearchValue2: ptr(1.0)},
				&core.SearchDateCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_renewal"}, Operator: core.SearchDateFieldOperatorOnOrBefore, SearchValue: ptr(day("2026-03-31"))},
				&core.SearchMultiSelectCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_region"}, Operator: core.SearchMultiSelectFieldOperatorAnyOf,
					SearchValue: []*core.ListOrRecordRef{{InternalId: "3", TypeId: "12"}}},
				&core.SearchEnumMultiSelectCustomField{SearchCustomFieldBase: core.SearchCustomFieldBase{ScriptId: "custentity_tier"}, Operator: core.SearchEnumMultiSelectFieldOperatorAnyOf,
					SearchValue: []string{"gold", "silver"}},
			}},
		},
		SalesRepJoin: &common.EmployeeSearchBasic{Email: &core.SearchStringField{Operator: core.SearchStringFieldOperatorContains, SearchValue: ptr("@acme.example")}},
	}
}

// advancedSearch returns rows: basic and joined columns and a custom column.
func advancedSearch() *relationships.CustomerSearchAdvanced {
	return &relationships.CustomerSearchAdvanced{
		Criteria: joinedSearch(),
		Columns: &relationships.CustomerSearchRow{
			Basic: &common.CustomerSearchRowBasic{
				EntityId:    []*core.SearchColumnStringField{{}},
				Email:       []*core.SearchColumnStringField{{SearchColumnFieldBase: core.SearchColumnFieldBase{CustomLabel: ptr("E-mail")}}},
				DateCreated: []*core.SearchColumnDateField{{}},
				CustomFieldList: &core.SearchColumnCustomFieldList{CustomField: []core.SearchColumnCustomField{
					&core.SearchColumnSelectCustomField{SearchColumnCustomFieldBase: core.SearchColumnCustomFieldBase{ScriptId: "custentity_region"}},
				}},
			},
			SalesRepJoin: &common.EmployeeSearchRowBasic{Email: []*core.SearchColumnStringField{{}}},
		},
	}
}

// operationRequests sends one realistic request of each of the 42 WSDL
// operations; the map is keyed by operation.
func operationRequests(ctx context.Context, s *Service) map[string]func() error {
	return map[string]func() error{
		"changePassword": func() error {
			_, err := s.ChangePassword(ctx, &messages.ChangePasswordRequest{ChangePassword: &core.ChangePassword{
				CurrentPassword: "old-Passw0rd", NewPassword: ptr("new-Passw0rd!"), NewPassword2: ptr("new-Passw0rd!")}})
			return err
		},
		"changeEmail": func() error {
			_, err := s.ChangeEmail(ctx, &messages.ChangeEmailRequest{ChangeEmail: &core.ChangeEmail{
				CurrentPassword: "Passw0rd", NewEmail: "new@acme.example", NewEmail2: "new@acme.example", JustThisAccount: ptr(true)}})
			return err
		},
		"add": func() error {
			_, err := s.Add(ctx, &messages.AddRequest{Record: newCustomer()}, Preferences(&messages.Preferences{WarningAsError: ptr(false), IgnoreReadOnlyFields: ptr(true)}))
			return err
		},
		"delete": func() error {
			_, err := s.Delete(ctx, &messages.DeleteRequest{BaseRef: rref("107", core.RecordTypeCustomer),
				DeletionReason: &core.DeletionReason{DeletionReasonCode: &core.RecordRef{InternalId: "1"}, DeletionReasonMemo: ptr("duplicate")}})
			return err
		},
		"search": func() error {
			_, err := s.Search(ctx, &messages.SearchRequest{SearchRecord: joinedSearch()},
				SearchPreferences(&messages.SearchPreferences{BodyFieldsOnly: ptr(false), ReturnSearchColumns: ptr(false), PageSize: ptr(200)}))
			return err
		},
		"searchMoreWithId": func() error {
			_, err := s.SearchMoreWithId(ctx, &messages.SearchMoreWithIdRequest{SearchId: "WEBSERVICES_1234567_SB1_0102202612345678901234567_abc", PageIndex: 2})
			return err
		},
		"update": func() error {
			_, err := s.Update(ctx, &messages.UpdateRequest{Record: updatedCustomer()})
			return err
		},
		"upsert": func() error {
			_, err := s.Upsert(ctx, &messages.UpsertRequest{Record: newSalesOrder()})
			return err
		},
		"addList": func() error {
			_, err := s.addListOnce(ctx, &messages.AddListRequest{Record: []core.Record{newContact("1"), newContact("2"), newCustomRecord()}})
			return err
		},
		"deleteList": func() error {
			_, err := s.deleteListOnce(ctx, &messages.DeleteListRequest{BaseRef: []core.BaseRef{
				rref("7272", core.RecordTypeContact), &core.RecordRef{ExternalId: "CONTACT-2", Type: core.RecordTypeContact},
				&core.CustomRecordRef{InternalId: "5", TypeId: "12"}}})
			return err
		},
		"updateList": func() error {
			_, err := s.updateListOnce(ctx, &messages.UpdateListRequest{Record: []core.Record{updatedCustomer(),
				&customization.CustomRecord{InternalId: "5", RecType: &core.RecordRef{InternalId: "12"}, Name: ptr("North (EMEA)")}}})
			return err
		},
		"upsertList": func() error {
			_, err := s.upsertListOnce(ctx, &messages.UpsertListRequest{Record: []core.Record{newSalesOrder(), newCustomer()}})
			return err
		},
		"get": func() error {
			_, err := s.Get(ctx, &messages.GetRequest{BaseRef: &core.CustomRecordRef{InternalId: "5", TypeId: "12"}})
			return err
		},
		"getList": func() error {
			_, err := s.getListOnce(ctx, &messages.GetListRequest{BaseRef: []core.BaseRef{
				rref("107", core.RecordTypeCustomer), &core.RecordRef{ExternalId: "SO-1001", Type: core.RecordTypeSalesOrder},
				&core.CustomRecordRef{InternalId: "5", ScriptId: "customrecord_region"}}})
			return err
		},
		"getAll": func() error {
			_, err := s.GetAll(ctx, &messages.GetAllRequest{Record: &core.GetAllRecord{RecordType: core.GetAllRecordTypeCurrency}})
			return err
		},
		"getSavedSearch": func() error {
			_, err := s.GetSavedSearch(ctx, &messages.GetSavedSearchRequest{Record: &core.GetSavedSearchRecord{SearchType: core.SearchRecordTypeCustomer}})
			return err
		},
		"getCustomizationId": func() error {
			_, err := s.GetCustomizationId(ctx, &messages.GetCustomizationIdRequest{
				CustomizationType: &core.CustomizationType{GetCustomizationType: core.GetCustomizationTypeCustomRecordType}, IncludeInactives: false})
			return err
		},
		"initialize": func() error {
			_, err := s.Initialize(ctx, &messages.InitializeRequest{InitializeRecord: &core.InitializeRecord{
				Type: core.InitializeTypeInvoice, Reference: &core.InitializeRef{Type: core.InitializeRefTypeSalesOrder, InternalId: "2001"}}})
			return err
		},
		"initializeList": func() error {
			_, err := s.InitializeList(ctx, &messages.InitializeListRequest{InitializeRecord: []*core.InitializeRecord{
				{Type: core.InitializeTypeInvoice, Reference: &core.InitializeRef{Type: core.InitializeRefTypeSalesOrder, InternalId: "2001"}},
				{Type: core.InitializeTypeCustomerPayment, Reference: &core.InitializeRef{Type: core.InitializeRefTypeCustomer, ExternalId: "CUST-1001"}},
			}})
			return err
		},
		"getSelectValue": func() error {
			_, err := s.GetSelectValue(ctx, &messages.GetSelectValueRequest{PageIndex: 1, FieldDescription: &core.GetSelectValueFieldDescription{
				RecordType: ptr(core.RecordTypeSalesOrder), Sublist: ptr("itemList"), Field: "item",
				Filter:            &core.GetSelectValueFilter{Operator: core.GetSelectValueFilterOperatorContains, FilterValue: "Widget"},
				FilterByValueList: &core.GetSelectFilterByFieldValueList{FilterBy: []*core.GetSelectFilterByFieldValue{{Field: "entity", InternalId: "107"}}},
			}})
			return err
		},
		"getItemAvailability": func() error {
			_, err := s.GetItemAvailability(ctx, &messages.GetItemAvailabilityRequest{ItemAvailabilityFilter: &core.ItemAvailabilityFilter{
				Item:                   &core.RecordRefList{RecordRef: []*core.RecordRef{rref("25", core.RecordTypeInventoryItem), rref("27", core.RecordTypeInventoryItem)}},
				LastQtyAvailableChange: ptr(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
			}})
			return err
		},
		"getBudgetExchangeRate": func() error {
			_, err := s.GetBudgetExchangeRate(ctx, &messages.GetBudgetExchangeRateRequest{BudgetExchangeRateFilter: &core.BudgetExchangeRateFilter{
				Period: rref("201", core.RecordTypeAccountingPeriod), FromSubsidiary: rref("3", core.RecordTypeSubsidiary), ToSubsidiary: rref("1", core.RecordTypeSubsidiary)}})
			return err
		},
		"getCurrencyRate": func() error {
			_, err := s.GetCurrencyRate(ctx, &messages.GetCurrencyRateRequest{CurrencyRateFilter: &core.CurrencyRateFilter{
				BaseCurrency: rref("1", core.RecordTypeCurrency), FromCurrency: rref("4", core.RecordTypeCurrency), EffectiveDate: ptr(day("2026-01-31"))}})
			return err
		},
		"getDataCenterUrls": func() error {
			_, err := s.GetDataCenterUrls(ctx, &messages.GetDataCenterUrlsRequest{Account: "1234567_SB1"})
			return err
		},
		"getPostingTransactionSummary": func() error {
			_, err := s.GetPostingTransactionSummary(ctx, &messages.GetPostingTransactionSummaryRequest{
				Fields:    &core.PostingTransactionSummaryField{Period: ptr(true), Account: ptr(true), Subsidiary: ptr(true)},
				Filters:   &core.PostingTransactionSummaryFilter{Subsidiary: &core.RecordRefList{RecordRef: []*core.RecordRef{rref("1", core.RecordTypeSubsidiary)}}},
				PageIndex: 1})
			return err
		},
		"getServerTime": func() error {
			_, err := s.GetServerTime(ctx, &messages.GetServerTimeRequest{}) // the request has no content
			return err
		},
		"attach": func() error {
			_, err := s.Attach(ctx, &messages.AttachRequest{AttachReference: &core.AttachContactReference{
				AttachReferenceBase: core.AttachReferenceBase{AttachTo: rref("107", core.RecordTypeCustomer)},
				Contact:             rref("7272", core.RecordTypeContact), ContactRole: &core.RecordRef{InternalId: "-10"}}})
			return err
		},
		"detach": func() error {
			_, err := s.Detach(ctx, &messages.DetachRequest{DetachReference: &core.DetachBasicReference{
				DetachReferenceBase: core.DetachReferenceBase{DetachFrom: rref("107", core.RecordTypeCustomer)},
				DetachedRecord:      rref("310", core.RecordTypeFile)}})
			return err
		},
		"updateInviteeStatus": func() error {
			_, err := s.UpdateInviteeStatus(ctx, &messages.UpdateInviteeStatusRequest{UpdateInviteeStatusReference: &core.UpdateInviteeStatusReference{
				EventId: rref("880", core.RecordTypeCalendarEvent), ResponseCode: core.CalendarEventAttendeeResponseAccepted}})
			return err
		},
		"updateInviteeStatusList": func() error {
			_, err := s.UpdateInviteeStatusList(ctx, &messages.UpdateInviteeStatusListRequest{UpdateInviteeStatusReference: []*core.UpdateInviteeStatusReference{
				{EventId: rref("880", core.RecordTypeCalendarEvent), ResponseCode: core.CalendarEventAttendeeResponseAccepted},
				{EventId: rref("881", core.RecordTypeCalendarEvent), ResponseCode: core.CalendarEventAttendeeResponseDeclined}}})
			return err
		},
		"asyncAddList": func() error {
			_, err := s.AsyncAddList(ctx, &messages.AsyncAddListRequest{Record: []core.Record{newCustomer(), newContact("3")}})
			return err
		},
		"asyncUpdateList": func() error {
			_, err := s.AsyncUpdateList(ctx, &messages.AsyncUpdateListRequest{Record: []core.Record{updatedCustomer()}})
			return err
		},
		"asyncUpsertList": func() error {
			_, err := s.AsyncUpsertList(ctx, &messages.AsyncUpsertListRequest{Record: []core.Record{newSalesOrder(), newCustomRecord()}})
			return err
		},
		"asyncDeleteList": func() error {
			_, err := s.AsyncDeleteList(ctx, &messages.AsyncDeleteListRequest{BaseRef: []core.BaseRef{rref("7272", core.RecordTypeContact)},
				DeletionReason: &core.DeletionReason{DeletionReasonCode: &core.RecordRef{InternalId: "2"}}})
			return err
		},
		"asyncGetList": func() error {
			_, err := s.AsyncGetList(ctx, &messages.AsyncGetListRequest{BaseRef: []core.BaseRef{rref("107", core.RecordTypeCustomer), &core.CustomRecordRef{InternalId: "5", TypeId: "12"}}})
			return err
		},
		"asyncInitializeList": func() error {
			_, err := s.AsyncInitializeList(ctx, &messages.AsyncInitializeListRequest{InitializeRecord: []*core.InitializeRecord{
				{Type: core.InitializeTypeInvoice, Reference: &core.InitializeRef{Type: core.InitializeRefTypeSalesOrder, InternalId: "2001"}}}})
			return err
		},
		"asyncSearch": func() error {
			_, err := s.AsyncSearch(ctx, &messages.AsyncSearchRequest{SearchRecord: advancedSearch()},
				SearchPreferences(&messages.SearchPreferences{ReturnSearchColumns: ptr(true), PageSize: ptr(1000)}))
			return err
		},
		"getAsyncResult": func() error {
			_, err := s.GetAsyncResult(ctx, &messages.GetAsyncResultRequest{JobId: "ASYNCWEBSERVICES_1234567_SB1_0102202612345_abc", PageIndex: 1})
			return err
		},
		"checkAsyncStatus": func() error {
			_, err := s.CheckAsyncStatus(ctx, &messages.CheckAsyncStatusRequest{JobId: "ASYNCWEBSERVICES_1234567_SB1_0102202612345_abc"})
			return err
		},
		"getDeleted": func() error {
			_, err := s.GetDeleted(ctx, &messages.GetDeletedRequest{PageIndex: 1, GetDeletedFilter: &core.GetDeletedFilter{
				DeletedDate: &core.SearchDateField{Operator: core.SearchDateFieldOperatorWithin, PredefinedSearchValue: ptr(core.SearchDateThisMonth)},
				Type:        &core.SearchEnumMultiSelectField{Operator: core.SearchEnumMultiSelectFieldOperatorAnyOf, SearchValue: []string{string(core.DeletedRecordTypeCustomer), string(core.DeletedRecordTypeContact)}},
			}})
			return err
		},
		"getAccountGovernanceInfo": func() error {
			_, err := s.GetAccountGovernanceInfo(ctx, &messages.GetAccountGovernanceInfoRequest{}) // no content
			return err
		},
		"getIntegrationGovernanceInfo": func() error {
			_, err := s.GetIntegrationGovernanceInfo(ctx, &messages.GetIntegrationGovernanceInfoRequest{}) // no content
			return err
		},
	}
}

// TestEveryOperation sends a realistic request of each of the 42 WSDL
// operations through its typed method (records with custom fields and
// nullFieldList, RecordRefs and CustomRecordRefs, joined searches with
// custom-field criteria and columns, saved and async searches, …). Each
// sends its SOAPAction and body element, decodes the response's body
// element, and its request (body and headers) validates against the
// 2025_2 XSD with xmllint.
func TestEveryOperation(t *testing.T) {
	svc, f := newFake(t, func(c call) (int, string) {
		out := operations[c.action].out
		return 200, "<" + out + " " + msgNS + "/>"
	})
	reqs := operationRequests(context.Background(), svc)
	if len(operations) != 42 || len(reqs) != len(operations) {
		t.Fatalf("%d operations, %d requests", len(operations), len(reqs))
	}
	ops := Operations()
	for _, op := range ops {
		send, ok := reqs[op]
		if !ok {
			t.Errorf("no request for %s", op)
			continue
		}
		if err := send(); err != nil {
			t.Errorf("%s: %v", op, err)
		}
	}
	var sent []string
	docs := map[string][]string{}
	for _, c := range f.calls {
		sent = append(sent, c.action)
		docs[c.action] = append(docs[c.action], string(c.body))
		docs[c.action] = append(docs[c.action], headerElemRE.FindAllString(string(c.header), -1)...)
	}
	slices.Sort(sent)
	if !slices.Equal(sent, ops) {
		t.Errorf("sent %v", sent)
	}
	f.calls = nil // validated here, not again after the tests
	// Requests are not empty where the XSD lets them have content.
	for op, d := range docs {
		_, content, _ := strings.Cut(d[0], ">")
		empty := strings.HasPrefix(content, "</")
		if empty != (op == "getServerTime" || op == "getAccountGovernanceInfo" || op == "getIntegrationGovernanceInfo") {
			t.Errorf("%s: %s", op, d[0])
		}
	}
	// What makes them realistic is on the wire.
	for op, want := range map[string][]string{
		"add":         {`xsi:type="platformCore:SelectCustomFieldRef" scriptId="custentity_region"><platformCore:value internalId="3" typeId="12">`, `VIP &amp; &lt;gold&gt;`, `<listsRelationships:salesRep internalId="-5" type="employee">`},
		"update":      {`<platformCore:name>custentity_old_region</platformCore:name>`, `xsi:type="platformCore:DateCustomFieldRef"`},
		"get":         {`xsi:type="platformCore:CustomRecordRef" internalId="5" typeId="12"`},
		"getList":     {`scriptId="customrecord_region"`, `externalId="SO-1001" type="salesOrder"`},
		"search":      {`xsi:type="listsRelationships:CustomerSearch"`, `<listsRelationships:salesRepJoin>`, `xsi:type="platformCore:SearchMultiSelectCustomField" scriptId="custentity_region" operator="anyOf"`},
		"asyncSearch": {`xsi:type="platformCore:SearchColumnSelectCustomField"`, `searchPreferences`},
		"upsert":      {`<transactionsSales:item internalId="25" type="inventoryItem">`, `<platformCore:name>otherRefNum</platformCore:name>`},
	} {
		for _, w := range want {
			if !strings.Contains(strings.Join(docs[op], ""), w) {
				t.Errorf("%s lacks %s:\n%s", op, w, docs[op])
			}
		}
	}
	t.Run("xsd", func(t *testing.T) {
		for op, errs := range validateXSD(t, docs) {
			t.Errorf("%s does not validate against the 2025_2 XSD:\n%s\n%.800s", op, strings.Join(errs, "\n"), docs[op][0])
		}
	})
}
