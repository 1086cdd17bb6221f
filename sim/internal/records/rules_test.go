package records_test

import (
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

// TestRecordWriteValidation: writes are validated as NetSuite validates
// them: mandatory fields with their UI labels, references to records that
// exist and are active, text lengths, item lines (rules.go).
func TestRecordWriteValidation(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"Valid Co","subsidiary":{"id":"1"}}`, nil)
	if resp.StatusCode != 204 {
		t.Fatalf("valid customer: %d %s", resp.StatusCode, body)
	}
	company := strings.TrimPrefix(resp.Header.Get("Location"), f.TS.URL)
	custID := company[strings.LastIndex(company, "/")+1:]
	cust := `"subsidiary":{"id":"1"}`
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		errPath, detail          string
	}{
		{"empty customer", "POST", "/customer", `{}`, 400, "companyName", "Please enter value(s) for: Company Name, Subsidiary."},
		{"individual", "POST", "/customer", `{"isPerson":true,` + cust + `}`, 400, "firstName", "Please enter value(s) for: First Name, Last Name."},
		{"individual ok", "POST", "/customer", `{"isPerson":true,"firstName":"Ada","lastName":"Lovelace",` + cust + `}`, 204, "", ""},
		{"no subsidiary", "POST", "/customer", `{"companyName":"A"}`, 400, "subsidiary", "Please enter value(s) for: Subsidiary."},
		{"empty company name", "POST", "/customer", `{"companyName":"",` + cust + `}`, 400, "companyName", "Please enter value(s) for: Company Name."},
		{"empty vendor", "POST", "/vendor", `{}`, 400, "companyName", "Please enter value(s) for: Company Name, Subsidiary."},
		{"empty employee", "POST", "/employee", `{}`, 400, "firstName", "Please enter value(s) for: First Name, Last Name."},
		{"empty item", "POST", "/inventoryItem", `{}`, 400, "itemId", "Please enter value(s) for: Item Name/Number."},
		{"empty service item", "POST", "/serviceItem", `{"displayName":"x"}`, 400, "itemId", "Please enter value(s) for: Item Name/Number."},
		{"order without lines", "POST", "/salesOrder", `{"entity":{"id":"` + custID + `"}}`, 400, "item", "You must enter at least one line item for this transaction."},
		{"invoice without lines", "POST", "/invoice", `{"entity":{"id":"` + custID + `"},"item":{"items":[]}}`, 400, "item", "You must enter at least one line item for this transaction."},
		{"line without item", "POST", "/salesOrder", `{"entity":{"id":"` + custID + `"},"item":{"items":[{"quantity":1}]}}`, 400, "item.items[0].item", "Please enter value(s) for: Item."},
		{"payment without customer", "POST", "/customerPayment", `{}`, 400, "entity", "Please enter value(s) for: Customer."},
		{"empty currency", "POST", "/currency", `{}`, 400, "name", "Please enter value(s) for: Name, ISO Code."},
		{"upsert without subsidiary", "PUT", "/customer/eid:NEW-X", `{"companyName":"A"}`, 400, "subsidiary", "Please enter value(s) for: Subsidiary."},
		// References.
		{"subsidiary 999", "POST", "/customer", `{"companyName":"A","subsidiary":{"id":"999"}}`, 400, "subsidiary", "You have entered an Invalid Field Value 999 for the following field: subsidiary"},
		{"currency 999", "POST", "/customer", `{"companyName":"A",` + cust + `,"currency":{"id":"999"}}`, 400, "currency", "You have entered an Invalid Field Value 999 for the following field: currency"},
		{"entityStatus 99999", "POST", "/customer", `{"companyName":"A",` + cust + `,"entityStatus":{"id":"99999"}}`, 400, "entityStatus", "Invalid Field Value 99999 for the following field: entityStatus"},
		{"inactive subsidiary", "POST", "/customer", `{"companyName":"A","subsidiary":{"id":"3"}}`, 400, "subsidiary", "Invalid Field Value 3 for the following field: subsidiary"},
		{"inactive currency", "POST", "/vendor", `{"companyName":"A",` + cust + `,"currency":{"id":"4"}}`, 400, "currency", "Invalid Field Value 4 for the following field: currency"},
		{"sales rep not an employee", "PATCH", company, `{"salesRep":{"id":"` + custID + `"}}`, 400, "salesRep", "Invalid Field Value " + custID + " for the following field: salesRep"},
		{"unknown external id", "POST", "/customer", `{"companyName":"A","subsidiary":{"externalId":"nope"}}`, 400, "subsidiary", "Invalid Field Value nope"},
		{"patch subsidiary 999", "PATCH", company, `{"subsidiary":{"id":"999"}}`, 400, "subsidiary", "Invalid Field Value 999"},
		{"scalar references", "POST", "/customer", `{"companyName":"Scalar Co","subsidiary":"1","entityStatus":6,"currency":"2"}`, 204, "", ""},
		{"scalar reference 999", "POST", "/customer", `{"companyName":"A","subsidiary":999}`, 400, "subsidiary", "Invalid Field Value 999 for the following field: subsidiary"},
		{"other subsidiary", "POST", "/customer", `{"companyName":"UK Co","subsidiary":{"id":"2"},"currency":{"id":"2"}}`, 204, "", ""},
		// Lengths.
		{"company name 83", "POST", "/customer", `{"companyName":"` + long(83) + `",` + cust + `}`, 204, "", ""},
		{"company name 84", "POST", "/customer", `{"companyName":"` + long(84) + `",` + cust + `}`, 400, "companyName", "The field companyName contained more than the maximum number ( 83 ) of characters allowed."},
		{"company name 10 MB", "POST", "/customer", `{"companyName":"` + long(10<<20) + `",` + cust + `}`, 400, "companyName", "maximum number ( 83 )"},
		{"phone 33", "PATCH", company, `{"phone":"` + long(33) + `"}`, 400, "phone", "The field phone contained more than the maximum number ( 32 ) of characters allowed."},
		{"email 255", "PATCH", company, `{"email":"` + long(243) + `@example.com"}`, 400, "email", "maximum number ( 254 )"},
		{"memo 1000", "PATCH", "/salesOrder/1", `{"memo":"` + long(1000) + `"}`, 400, "memo", "maximum number ( 999 )"},
		{"line description", "PATCH", "/salesOrder/1", `{"item":{"items":[{"line":1,"description":"` + long(4001) + `"}]}}`, 400, "item.items[0].description", "maximum number ( 4000 )"},
		{"multi-byte within limit", "PATCH", company, `{"companyName":"` + strings.Repeat("é", 83) + `"}`, 204, "", ""},
		// Updates may not empty a mandatory field.
		{"patch empty company name", "PATCH", company, `{"companyName":""}`, 400, "companyName", "Please enter value(s) for: Company Name."},
		{"patch null company name", "PATCH", company, `{"companyName":null}`, 400, "companyName", "Please enter value(s) for: Company Name."},
		{"patch person without names", "PATCH", company, `{"isPerson":true}`, 400, "firstName", "Please enter value(s) for: First Name, Last Name."},
		{"patch other field", "PATCH", company, `{"phone":"555-0100"}`, 204, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if !strings.HasPrefix(path, recBase) {
				path = recBase + path
			}
			resp, body := f.Do(s, tc.method, path, tc.body, nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("%d %.300s", resp.StatusCode, body)
			}
			if tc.status != 400 {
				return
			}
			d := errDetail(t, body)
			if d["o:errorCode"] != "USER_ERROR" || d["o:errorPath"] != tc.errPath || !strings.Contains(d["detail"].(string), tc.detail) ||
				!strings.HasPrefix(d["detail"].(string), "Error while accessing a resource. ") {
				t.Errorf("%s", body)
			}
		})
	}
}

// TestRecordReferencesWithoutDemo: an account without demo data has its
// base currency and root subsidiary, so a customer can be created; other
// ids are refused.
func TestRecordReferencesWithoutDemo(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	s := f.Signer(f.Creds)
	if resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"A","subsidiary":{"id":"2"}}`, nil); resp.StatusCode != 204 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"A","subsidiary":{"id":"999"}}`, nil); resp.StatusCode != 400 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	resp, body := f.Do(s, "GET", recBase+"/subsidiary/1", "", nil)
	m := simtest.DecodeJSON(t, body)
	if resp.StatusCode != 200 || m["name"] != "Parent Company" || m["currency"].(map[string]any)["refName"] != "US Dollar" {
		t.Fatalf("subsidiary: %d %s", resp.StatusCode, body)
	}
}
