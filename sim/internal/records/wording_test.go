package records_test

import (
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

// TestRecordWordings: NetSuite's status codes, error codes and details for
// a missing record, an unknown record type, a transaction id of another
// type, a body that is not JSON; OPTIONS is 204; a body without
// Content-Type is JSON.
func TestRecordWordings(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	noCT := map[string]string{"Content-Type": ""}
	const (
		missing   = "The record instance does not exist. Provide a valid record instance ID."
		wrongType = "Error while accessing a resource. Transaction type specified is incorrect."
		badBody   = "Invalid content in the request body."
	)
	for _, tc := range []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		code, detail             string
	}{
		{"missing customer", "GET", recBase + "/customer/999999", "", nil, 404, "NONEXISTENT_ID", missing},
		{"negative id", "GET", recBase + "/customer/-1", "", nil, 404, "NONEXISTENT_ID", missing},
		{"missing sales order", "GET", recBase + "/salesOrder/999999", "", nil, 404, "NONEXISTENT_ID", missing},
		{"patch missing", "PATCH", recBase + "/customer/999999", `{"phone":"1"}`, nil, 404, "NONEXISTENT_ID", missing},
		{"unknown type", "GET", recBase + "/bad-path", "", nil, 404, "NONEXISTENT_ID", "Record type 'bad-path' does not exist."},
		{"unknown type with id", "GET", recBase + "/file/1", "", nil, 404, "NONEXISTENT_ID", "Record type 'file' does not exist."},
		{"order read as invoice", "GET", recBase + "/invoice/1", "", nil, 400, "USER_ERROR", wrongType},
		{"order patched as invoice", "PATCH", recBase + "/invoice/1", `{"memo":"x"}`, nil, 400, "USER_ERROR", wrongType},
		{"order deleted as payment", "DELETE", recBase + "/customerPayment/1", "", nil, 400, "USER_ERROR", wrongType},
		{"order lines as invoice", "GET", recBase + "/invoice/1/item", "", nil, 400, "USER_ERROR", wrongType},
		{"not json", "POST", recBase + "/customer", `bad body`, nil, 400, "INVALID_CONTENT", badBody},
		{"truncated json", "POST", recBase + "/customer", `{`, nil, 400, "INVALID_CONTENT", badBody},
		{"json null", "POST", recBase + "/customer", `null`, nil, 400, "INVALID_CONTENT", badBody},
		{"json array", "POST", recBase + "/customer", `[{"companyName":"A"}]`, nil, 400, "INVALID_CONTENT", badBody},
		{"no content type", "POST", recBase + "/customer", `{"companyName":"No CT","subsidiary":"1"}`, noCT, 204, "", ""},
		{"no content type, bad body", "POST", recBase + "/customer", `bad body`, noCT, 400, "INVALID_CONTENT", badBody},
		{"no content type, patch", "PATCH", recBase + "/customer/" + f.FirstID("customer"), `{"phone":"555"}`, noCT, 204, "", ""},
		{"other content type", "POST", recBase + "/customer", `{"companyName":"A","subsidiary":"1"}`, map[string]string{"Content-Type": "text/plain"}, 415, "INVALID_HEADER", ""},
		{"options", "OPTIONS", "/services/rest/*", "", nil, 204, "", ""},
		{"options on a record", "OPTIONS", recBase + "/customer", "", nil, 204, "", ""},
		{"suiteql without content type", "POST", "/services/rest/query/v1/suiteql?limit=2", `{"q":"SELECT id FROM customer"}`, noCT, 200, "", ""},
		{"suiteql other content type", "POST", "/services/rest/query/v1/suiteql", `{"q":"SELECT id FROM customer"}`, map[string]string{"Content-Type": "text/plain"}, 415, "INVALID_HEADER", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.Do(s, tc.method, tc.path, tc.body, tc.header)
			if resp.StatusCode != tc.status {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			if tc.status == 204 && len(body) != 0 {
				t.Errorf("204 with a body: %s", body)
			}
			if tc.code == "" {
				return
			}
			d := errDetail(t, body)
			if d["o:errorCode"] != tc.code || (tc.detail != "" && d["detail"] != tc.detail) {
				t.Errorf("%s", body)
			}
		})
	}
}
