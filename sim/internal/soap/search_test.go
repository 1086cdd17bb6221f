package soap_test

import (
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
)

// TestSOAPSearchRequests: the searches the emulator runs and the answers
// to those it does not (the client's end-to-end tests are in
// soap/emulator_test.go and internal/cli).
func TestSOAPSearchRequests(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 200)
	const common = `xmlns:platformCommon="urn:common_2023_2.platform.webservices.netsuite.com"`
	search := func(record, prefs string) *soapReply {
		t.Helper()
		header := f.passport(f.Creds)
		if prefs != "" {
			header += `<platformMsgs:searchPreferences><platformMsgs:pageSize>` + prefs + `</platformMsgs:pageSize></platformMsgs:searchPreferences>`
		}
		return f.call(header, `<platformMsgs:search><platformMsgs:searchRecord `+common+` `+record+`</platformMsgs:searchRecord></platformMsgs:search>`)
	}
	r := search(`xsi:type="platformCommon:CustomerSearchBasic"><platformCommon:isInactive><platformCore:searchValue>false</platformCore:searchValue></platformCommon:isInactive>`, "5")
	if r.fault || !strings.Contains(string(r.raw), `isSuccess="true"`) || r.text["pageSize"] != "5" || r.text["pageIndex"] != "1" || r.text["searchId"] == "" || !strings.Contains(string(r.raw), `<platformCore:record internalId="`) {
		t.Fatalf("basic search:\n%s", r.raw)
	}
	id := r.text["searchId"]
	more := f.call(f.passport(f.Creds), `<platformMsgs:searchMoreWithId><platformMsgs:searchId>`+id+`</platformMsgs:searchId><platformMsgs:pageIndex>9</platformMsgs:pageIndex></platformMsgs:searchMoreWithId>`)
	if more.text["code"] != "INVALID_PAGE_INDEX" {
		t.Errorf("page 9:\n%s", more.raw)
	}
	for _, c := range []struct{ record, prefs, want string }{
		{`xsi:type="platformCommon:CustomerSearchBasic"><platformCommon:lastModifiedDate operator="within"><platformCore:predefinedSearchValue>thisMonth</platformCore:predefinedSearchValue></platformCommon:lastModifiedDate>`, "",
			"does not implement the predefined date 'thisMonth' on lastModifiedDate"},
		{`xsi:type="platformCommon:CustomerSearchBasic"><platformCommon:comments operator="contains"><platformCore:searchValue>x</platformCore:searchValue></platformCommon:comments>`, "",
			"does not implement the search field 'comments' of Customer"},
		{`xsi:type="platformCommon:CustomerSearchBasic"><platformCommon:companyName operator="anyOf"><platformCore:searchValue>x</platformCore:searchValue></platformCommon:companyName>`, "",
			"does not implement the operator 'anyOf' on companyName (string)"},
		{`xmlns:r="urn:relationships_2023_2.lists.webservices.netsuite.com" xsi:type="r:CustomerSearchAdvanced" savedSearchScriptId="customsearch_x">`, "",
			"does not implement advanced and saved searches (CustomerSearchAdvanced)"},
		{`xsi:type="platformCommon:ItemSearchBasic">`, "", "does not implement searches of record type 'item'"},
	} {
		search(c.record, c.prefs).wantFault(t, "unexpectedErrorFault", "UNEXPECTED_ERROR", "The NetSuite emulator "+c.want+
			" yet; it runs basic searches of customer, contact, vendor, employee, account, accountingPeriod, currency, subsidiary and customerStatus on their body fields.")
	}
	if r := search(`xsi:type="platformCommon:ContactSearchBasic">`, "2"); r.text["code"] != "INVALID_SEARCH_PAGE_SIZE" {
		t.Errorf("page size 2:\n%s", r.raw)
	}
}

// TestSOAPCustomizationID: customRecordType is listed (none on a new
// account); the other customization types are not implemented.
func TestSOAPCustomizationID(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	r := f.call(f.passport(f.Creds), `<platformMsgs:getCustomizationId><platformMsgs:customizationType getCustomizationType="customRecordType"/><platformMsgs:includeInactives>false</platformMsgs:includeInactives></platformMsgs:getCustomizationId>`)
	if r.fault || r.text["totalRecords"] != "0" || !strings.Contains(string(r.raw), `isSuccess="true"`) {
		t.Errorf("customRecordType:\n%s", r.raw)
	}
	f.call(f.passport(f.Creds), `<platformMsgs:getCustomizationId><platformMsgs:customizationType getCustomizationType="entityCustomField"/><platformMsgs:includeInactives>false</platformMsgs:includeInactives></platformMsgs:getCustomizationId>`).
		wantFault(t, "unexpectedErrorFault", "UNEXPECTED_ERROR", "The NetSuite emulator does not implement getCustomizationId for 'entityCustomField' yet; it lists customRecordType.")
}
