package records_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

// TestRecordRequestSize: a record write whose body is over NetSuite's
// 104 MB REST request limit is answered 413 with a detail that says so,
// synchronously and as an asynchronous job, instead of a body cut at the
// limit and reported as invalid JSON.
func TestRecordRequestSize(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	cust := recBase + "/customer/" + f.FirstID("customer")
	const want = `"status":413,"o:errorDetails":[{"detail":"The request body exceeds the 104 MB size limit of REST web services requests.","o:errorCode":"INVALID_REQUEST"}]}`
	for _, tc := range []struct {
		name, method, path string
		header             map[string]string
	}{
		{"create", "POST", recBase + "/customer", nil},
		{"update", "PATCH", cust, nil},
		{"upsert", "PUT", recBase + "/customer/eid:BIG", nil},
		{"asynchronous create", "POST", recBase + "/customer", map[string]string{"Prefer": "respond-async"}},
	} {
		resp, body := f.DoDeclared(s, tc.method, tc.path, core.MaxRESTRequest+1, tc.header)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasSuffix(string(body), want) {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
	}
	// At the limit nothing is refused for its size.
	resp, body := f.Do(s, "PATCH", cust, `{"comments":"`+strings.Repeat("x", 2<<20)+`"}`, nil)
	if resp.StatusCode == http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB update: %d %s", resp.StatusCode, body)
	}
}
