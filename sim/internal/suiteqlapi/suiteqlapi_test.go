package suiteqlapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

func TestSuiteQLEndpoint(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 300)
	s := f.Signer(f.Creds)
	const path = "/services/rest/query/v1/suiteql"
	resp, body := f.Do(s, "POST", path+"?limit=2&offset=2", `{"q":"SELECT id, entityid, companyname FROM customer ORDER BY id"}`, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/vnd.oracle.resource+json") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var page struct {
		Links                []struct{ Rel, Href string }
		Count                int
		HasMore              bool
		Items                []map[string]any
		Offset, TotalResults int
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if page.Count != 2 || !page.HasMore || page.Offset != 2 || page.TotalResults < 4 || len(page.Items) != 2 {
		t.Errorf("envelope %+v", page)
	}
	if l, ok := page.Items[0]["links"].([]any); !ok || len(l) != 0 {
		t.Errorf("items carry an empty links array: %v", page.Items[0])
	}
	if _, ok := page.Items[0]["id"].(string); !ok {
		t.Errorf("values are strings: %v", page.Items[0])
	}
	rels := map[string]bool{}
	for _, l := range page.Links {
		rels[l.Rel] = true
	}
	for _, r := range []string{"previous", "first", "next", "last", "self"} {
		if !rels[r] {
			t.Errorf("no %s link in %v", r, page.Links)
		}
	}
	if !strings.Contains(string(body), `"links":[{"rel":"previous"`) || strings.Index(string(body), `"count"`) > strings.Index(string(body), `"items"`) {
		t.Errorf("key order: %s", body)
	}

	for _, tc := range []struct {
		name, query, body string
		status            int
		want              string
	}{
		{"unknown identifier", "", `{"q":"SELECT nope FROM customer"}`, 400,
			`"detail":"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'nope'. Available identifiers are: {customer=customer}.","o:errorQueryParam":"q","o:errorCode":"INVALID_PARAMETER"`},
		{"unknown table", "", `{"q":"SELECT id FROM nothing"}`, 400, "Invalid search type: nothing."},
		{"syntax", "", `{"q":"SELEC id FROM customer"}`, 400, "Invalid or unsupported search."},
		{"limit 0", "?limit=0", `{"q":"SELECT id FROM customer"}`, 400, `"o:errorQueryParam":"limit"`},
		{"limit text", "?limit=x", `{"q":"SELECT id FROM customer"}`, 400, `"o:errorQueryParam":"limit"`},
		{"not json", "", `q=SELECT`, 400, "Invalid or unsupported search."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.Do(s, "POST", path+tc.query, tc.body, nil)
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
		})
	}
	// Role permissions apply, as a 403 and never as "not found".
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Lists -> Customers", Level: "None"})
	resp, body = f.Do(s, "POST", path, `{"q":"SELECT id FROM customer"}`, nil)
	if resp.StatusCode != 403 || !strings.Contains(string(body), "You need the 'Lists -> Customers' permission") {
		t.Errorf("permission: %d %s", resp.StatusCode, body)
	}
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "SuiteAnalytics Workbook", Level: "None"})
	resp, body = f.Do(s, "POST", path, `{"q":"SELECT id FROM vendor"}`, nil)
	if resp.StatusCode != 403 || !strings.Contains(string(body), "SuiteAnalytics Workbook") {
		t.Errorf("workbook: %d %s", resp.StatusCode, body)
	}
}
