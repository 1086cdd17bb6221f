package soap

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// decodeFile decodes a recorded response (testdata/recorded, see its
// README for the source) whose body element is out.
func decodeFile(t *testing.T, name, out string, resp any) (string, *netsuite.Error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "recorded", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, fault, err := decodeEnvelope(f, out, resp)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return id, fault
}

func ref(t *testing.T, b core.BaseRef) *core.RecordRef {
	t.Helper()
	r, ok := b.(*core.RecordRef)
	if !ok {
		t.Fatalf("baseRef is %T, want *core.RecordRef", b)
	}
	return r
}

func deref[T any](t *testing.T, p *T) T {
	t.Helper()
	if p == nil {
		t.Fatalf("nil %T", p)
	}
	return *p
}

func TestRecordedAdd(t *testing.T) {
	var r messages.AddResponse
	id, _ := decodeFile(t, "add/add_customer.xml", "addResponse", &r)
	if id == "" {
		t.Error("no nsId")
	}
	if StatusError(r.WriteResponse.Status) != nil || ref(t, r.WriteResponse.BaseRef).InternalId != "979" {
		t.Errorf("got %+v", r.WriteResponse)
	}
	var bad messages.AddResponse
	decodeFile(t, "add/add_invoice_error.xml", "addResponse", &bad)
	err := StatusError(bad.WriteResponse.Status)
	var ne *netsuite.Error
	if !errors.As(err, &ne) || ne.Code() != "INVALID_INITIALIZE_REF" || ne.Details[0].Detail != "You can not initialize invoice: invalid reference 7281." {
		t.Errorf("status error = %v", err)
	}
}

func TestRecordedAttachUpdateUpsert(t *testing.T) {
	var a messages.AttachResponse
	decodeFile(t, "attach/attach_file_to_sales_order.xml", "attachResponse", &a)
	if ref(t, a.WriteResponse.BaseRef).InternalId != "999" || !deref(t, a.WriteResponse.Status.IsSuccess) {
		t.Errorf("attach: %+v", a.WriteResponse)
	}
	var u messages.UpdateResponse
	decodeFile(t, "update/update_customer.xml", "updateResponse", &u)
	if ref(t, u.WriteResponse.BaseRef).InternalId != "329" {
		t.Errorf("update: %+v", u.WriteResponse)
	}
	var up messages.UpsertResponse
	decodeFile(t, "upsert/upsert_customer.xml", "upsertResponse", &up)
	if r := ref(t, up.WriteResponse.BaseRef); r.InternalId != "979" || r.ExternalId == "" {
		t.Errorf("upsert: %+v", r)
	}
}

func TestRecordedDeleteErrors(t *testing.T) {
	var d messages.DeleteResponse
	decodeFile(t, "delete/delete_customer_error.xml", "deleteResponse", &d)
	err := StatusError(d.WriteResponse.Status)
	if !netsuite.IsPermission(err) || netsuite.IsNotFound(err) {
		t.Errorf("delete error %v: want a permission error", err)
	}
	if ref(t, d.WriteResponse.BaseRef).InternalId != "118519" {
		t.Errorf("delete ref: %+v", d.WriteResponse.BaseRef)
	}
	var dl messages.DeleteListResponse
	decodeFile(t, "delete_list/delete_list_customers_with_errors.xml", "deleteListResponse", &dl)
	ws := dl.WriteResponseList.WriteResponse
	if len(ws) != 2 || StatusError(ws[0].Status) != nil || ref(t, ws[0].BaseRef).InternalId != "1" {
		t.Fatalf("deleteList: %+v", ws)
	}
	var ne *netsuite.Error
	if err := StatusError(ws[1].Status); !errors.As(err, &ne) || ne.Code() != "USER_EXCEPTION" {
		t.Errorf("second status: %v", err)
	}
}

func TestRecordedLists(t *testing.T) {
	var ul messages.UpdateListResponse
	decodeFile(t, "update_list/update_list_items.xml", "updateListResponse", &ul)
	ws := ul.WriteResponseList.WriteResponse
	if len(ws) != 2 || ref(t, ws[0].BaseRef).InternalId != "624113" || ref(t, ws[1].BaseRef).InternalId != "624172" {
		t.Errorf("updateList: %d responses", len(ws))
	}
	if !deref(t, ul.WriteResponseList.Status.IsSuccess) {
		t.Error("updateList list status")
	}
	var up messages.UpsertListResponse
	decodeFile(t, "upsert_list/upsert_list_with_errors.xml", "upsertListResponse", &up)
	for i, w := range up.WriteResponseList.WriteResponse {
		var ne *netsuite.Error
		if err := StatusError(w.Status); !errors.As(err, &ne) || ne.Code() != "USER_ERROR" || ne.Details[0].Detail != "Please enter value(s) for: Item" {
			t.Errorf("upsertList %d: %v", i, err)
		}
	}
	if n := len(up.WriteResponseList.WriteResponse); n != 2 {
		t.Errorf("upsertList: %d responses", n)
	}
}

func TestRecordedGetCustomer(t *testing.T) {
	var g messages.GetResponse
	id, _ := decodeFile(t, "get/get_customer.xml", "getResponse", &g)
	if id != "WEBSERVICES_3392464_1220201115821392011296470399_67055c545d0" {
		t.Errorf("nsId %q", id)
	}
	c, ok := g.ReadResponse.Record.(*relationships.Customer)
	if !ok {
		t.Fatalf("record is %T", g.ReadResponse.Record)
	}
	if c.InternalId != "988" || c.ExternalId != "100157" || deref(t, c.EntityId) != "100157" || deref(t, c.CompanyName) != "Test Inc." {
		t.Errorf("customer ids: %+v", c)
	}
	if c.EntityStatus.InternalId != "13" || deref(t, c.EntityStatus.Name) != "CUSTOMER-Closed Won" {
		t.Errorf("entityStatus %+v", c.EntityStatus)
	}
	if deref(t, c.Balance) != 100 || deref(t, c.DaysOverdue) != 93 || deref(t, c.IsPerson) {
		t.Errorf("balance %v daysOverdue %v", *c.Balance, *c.DaysOverdue)
	}
	want := time.Date(2011, 12, 15, 11, 56, 19, 0, time.FixedZone("", -8*3600))
	if !deref(t, c.DateCreated).Equal(want) {
		t.Errorf("dateCreated %v", c.DateCreated)
	}
	if deref(t, c.EmailPreference) != "_default" || deref(t, c.Stage) != "_customer" {
		t.Errorf("enums %v %v", *c.EmailPreference, *c.Stage)
	}
	ab := c.AddressbookList.Addressbook
	if len(ab) != 1 || deref(t, ab[0].Label) != "123 Happy Lane, #4" || !deref(t, ab[0].DefaultShipping) || deref(t, ab[0].InternalId) != "567" {
		t.Errorf("addressbook %+v", ab)
	}
}

func TestRecordedGetSelectValue(t *testing.T) {
	var g messages.GetSelectValueResponse
	decodeFile(t, "get_select_value/item_fulfillment_ship_method.xml", "getSelectValueResponse", &g)
	r := g.GetSelectValueResult
	if deref(t, r.TotalRecords) != 8 || len(r.BaseRefList.BaseRef) != 8 {
		t.Fatalf("getSelectValue: %v records, %d refs", r.TotalRecords, len(r.BaseRefList.BaseRef))
	}
	if first := ref(t, r.BaseRefList.BaseRef[0]); first.InternalId != "94" || deref(t, first.Name) == "" {
		t.Errorf("first ref %+v", first)
	}
}

func TestRecordedSearches(t *testing.T) {
	var s messages.SearchResponse
	decodeFile(t, "search/basic_search_contact.xml", "searchResponse", &s)
	r := s.SearchResult
	if deref(t, r.TotalRecords) != 1 || deref(t, r.PageSize) != 1000 || deref(t, r.SearchId) != "WEBSERVICES_123456" || len(r.RecordList.Record) != 1 {
		t.Fatalf("search result %+v", r)
	}
	c, ok := r.RecordList.Record[0].(*relationships.Contact)
	if !ok || c.InternalId != "7272" || deref(t, c.EntityId) != "Mary" || c.Company.InternalId != "7270" || deref(t, c.GlobalSubscriptionStatus) != "_softOptOut" {
		t.Errorf("contact %+v", r.RecordList.Record[0])
	}
	var saved messages.SearchResponse
	decodeFile(t, "search/saved_search_customer.xml", "searchResponse", &saved)
	rows := saved.SearchResult.SearchRowList.SearchRow
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	row, ok := rows[0].(*relationships.CustomerSearchRow)
	if !ok {
		t.Fatalf("row is %T", rows[0])
	}
	if len(row.Basic.AltName) != 1 || deref(t, row.Basic.AltName[0].SearchValue) != "A Awesome Name" || deref(t, row.Basic.BillZipCode[0].SearchValue) != "19390" {
		t.Errorf("basic %+v", row.Basic)
	}
	if row.ContactJoin == nil || deref(t, row.ContactJoin.EntityId[0].SearchValue) != "Tony Freddo" {
		t.Errorf("contactJoin %+v", row.ContactJoin)
	}
}

func TestRecordedFault(t *testing.T) {
	_, fault := decodeFile(t, "login/failure_concurrent_requests.xml", "loginResponse", &messages.GetResponse{})
	if fault == nil {
		t.Fatal("no fault")
	}
	if fault.SOAPFault != "exceededRequestLimitFault" || fault.Code() != "WS_CONCUR_SESSION_DISALLWD" || fault.Title != "Only one request may be made against a session at a time" {
		t.Errorf("fault %+v", fault)
	}
	if !netsuite.IsConcurrencyLimit(fault) {
		t.Error("not a concurrency limit")
	}
}

// TestRecordedAll decodes every recorded file in one generic pass: each
// must be an envelope whose body the client reads without error.
func TestRecordedAll(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "recorded", "*", "*.xml"))
	if len(files) < 14 {
		t.Fatalf("%d recorded files", len(files))
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := decodeEnvelope(fh, "", nil); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		fh.Close()
	}
}
