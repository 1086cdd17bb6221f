package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/go-netsuite/netsuite/sim/store"
)

// TestCustomRecords walks a custom record type declared in an account file
// through REST records, SuiteQL, metadata and role permissions.
func TestCustomRecords(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	if _, err := f.St.LoadAccountFile(t.Context(), "../../store/testdata/custom-records.toml"); err != nil {
		t.Fatal(err)
	}
	s := f.Signer(f.Creds)
	ships := recBase + "/customrecord_shipment"

	// The token role lacks the type's permission: 403 on REST and SuiteQL,
	// never a 404. The no-permission type needs none.
	if resp, body := f.Do(s, "GET", ships, "", nil); resp.StatusCode != 403 || !strings.Contains(string(body), "Custom Record -> Shipment") {
		t.Fatalf("without permission: %d %s", resp.StatusCode, body)
	}
	if st, m := f.SuiteQL("SELECT id FROM customrecord_shipment"); st != 403 {
		t.Fatalf("SuiteQL without permission: %d %v", st, m)
	}
	resp, body := f.Do(s, "POST", recBase+"/customrecord_depot", `{"name":"North","custrecord_city":"Oslo","externalId":"D1"}`, nil)
	if resp.StatusCode != 204 || !strings.HasSuffix(resp.Header.Get("Location"), "/customrecord_depot/1") {
		t.Fatalf("create depot: %d %s %v", resp.StatusCode, body, resp.Header)
	}
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "custom record -> shipment", Level: "Full"})

	// Required fields.
	for _, tc := range []struct{ body, missing string }{
		{`{"custrecord_carrier":"DHL"}`, "Name."},
		{`{"name":"SHP-0"}`, "Carrier."},
	} {
		resp, body := f.Do(s, "POST", ships, tc.body, nil)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "Please enter value(s) for: "+tc.missing) {
			t.Errorf("%s: %d %s", tc.body, resp.StatusCode, body)
		}
	}
	if resp, body := f.Do(s, "POST", ships, `{"name":"x","custrecord_carrier":"DHL","custrecord_colour":"red"}`, nil); resp.StatusCode != 400 {
		t.Errorf("unknown field: %d %s", resp.StatusCode, body)
	}

	cust := f.FirstID("customer")
	resp, body = f.Do(s, "POST", ships, `{"name":"SHP-1","custrecord_carrier":"DHL \"Express\"","custrecord_customer":{"id":"`+cust+`"},
		"custrecord_depot":{"externalId":"D1"},"custrecord_weight":12.5,"custrecord_parcels":3,"custrecord_shipped":"2026-11-27",
		"custrecord_delivered":false,"externalId":"S1"}`, nil)
	if resp.StatusCode != 204 {
		t.Fatalf("create shipment: %d %s", resp.StatusCode, body)
	}
	path := strings.TrimPrefix(resp.Header.Get("Location"), f.TS.URL)
	resp, body = f.Do(s, "GET", path, "", nil)
	m := simtest.DecodeJSON(t, body)
	if resp.StatusCode != 200 || m["name"] != "SHP-1" || m["custrecord_carrier"] != `DHL "Express"` || m["custrecord_weight"] != 12.5 ||
		m["custrecord_parcels"] != 3.0 || m["custrecord_shipped"] != "2026-11-27" || m["custrecord_delivered"] != false ||
		m["isInactive"] != false || m["created"] != "2026-11-28T12:00:00Z" || m["externalId"] != "S1" {
		t.Fatalf("get: %d %s", resp.StatusCode, body)
	}
	depot := m["custrecord_depot"].(map[string]any)
	if depot["id"] != "1" || depot["refName"] != "North" || !strings.Contains(string(body), recBase+`/customrecord_depot/1"`) {
		t.Errorf("depot reference: %v", depot)
	}
	if c := m["custrecord_customer"].(map[string]any); c["id"] != cust || c["refName"] == nil || !strings.Contains(string(body), recBase+"/customer/"+cust+`"`) {
		t.Errorf("customer reference: %v", c)
	}
	if o := m["owner"].(map[string]any); o["id"] != "1" {
		t.Errorf("owner = %v, want the token's employee", o)
	}

	// Update stamps lastModified; list filters on custom fields.
	f.Clock.Add(time.Minute)
	if resp, body := f.Do(s, "PATCH", path, `{"custrecord_delivered":true}`, nil); resp.StatusCode != 204 {
		t.Fatalf("patch: %d %s", resp.StatusCode, body)
	}
	_, body = f.Do(s, "GET", path+"?fields=custrecord_delivered,lastModified", "", nil)
	if m := simtest.DecodeJSON(t, body); m["custrecord_delivered"] != true || m["lastModified"] != "2026-11-28T12:01:00Z" || m["name"] != nil {
		t.Errorf("after patch: %s", body)
	}
	for q, want := range map[string]float64{
		`custrecord_carrier CONTAIN "Express"`: 1, `custrecord_delivered IS true`: 1, `custrecord_weight GREATER 20`: 0,
		`custrecord_shipped ON_OR_AFTER "2026-11-27"`: 1,
	} {
		resp, body := f.Do(s, "GET", ships+"?"+qparam(q), "", nil)
		if resp.StatusCode != 200 || simtest.DecodeJSON(t, body)["totalResults"] != want {
			t.Errorf("q=%s: %d %s", q, resp.StatusCode, body)
		}
	}

	// SuiteQL sees the same rows under NetSuite's column names.
	st, res := f.SuiteQL(`SELECT s.id, s.name, s.custrecord_carrier, s.isinactive, BUILTIN.DF(s.custrecord_depot) AS depot, c.entityid
		FROM customrecord_shipment AS s JOIN customer AS c ON c.id = s.custrecord_customer WHERE s.custrecord_delivered = 'T'`)
	items, _ := res["items"].([]any)
	if st != 200 || len(items) != 1 {
		t.Fatalf("SuiteQL: %d %v", st, res)
	}
	row := items[0].(map[string]any)
	if row["name"] != "SHP-1" || row["custrecord_carrier"] != `DHL "Express"` || row["isinactive"] != "F" || row["depot"] != "North" || row["entityid"] == nil {
		t.Errorf("row = %v", row)
	}
	if st, res := f.SuiteQL("SELECT custrecord_colour FROM customrecord_shipment"); st != 400 ||
		!strings.Contains(res["o:errorDetails"].([]any)[0].(map[string]any)["detail"].(string), "Unknown identifier 'custrecord_colour'") {
		t.Errorf("unknown column: %d %v", st, res)
	}

	// Metadata: listed, with a JSON schema of its fields.
	_, body = f.Do(s, "GET", recBase+"/metadata-catalog/customrecord_shipment", "", map[string]string{"Accept": "application/schema+json"})
	if !strings.Contains(string(body), `"custrecord_weight"`) || !strings.Contains(string(body), `"lastModified"`) {
		t.Errorf("schema: %s", body)
	}
	_, body = f.Do(s, "GET", recBase+"/metadata-catalog", "", nil)
	if !strings.Contains(string(body), "/metadata-catalog/customrecord_depot") {
		t.Errorf("catalog: %s", body)
	}

	// A role with View may read but not write.
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Custom Record -> Shipment", Level: "View"})
	if resp, _ := f.Do(s, "GET", path, "", nil); resp.StatusCode != 200 {
		t.Errorf("view GET: %d", resp.StatusCode)
	}
	if resp, _ := f.Do(s, "DELETE", path, "", nil); resp.StatusCode != 403 {
		t.Errorf("view DELETE: %d", resp.StatusCode)
	}
	f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Custom Record -> Shipment", Level: "Full"})
	if resp, body := f.Do(s, "DELETE", recBase+"/customrecord_depot/1", "", nil); resp.StatusCode != 400 {
		t.Errorf("DELETE of a depot a shipment uses: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.Do(s, "DELETE", path, "", nil); resp.StatusCode != 204 {
		t.Errorf("DELETE: %d %s", resp.StatusCode, body)
	}
	if resp, _ := f.Do(s, "GET", path, "", nil); resp.StatusCode != 404 {
		t.Errorf("GET after delete: %d", resp.StatusCode)
	}
	if resp, body := f.Do(s, "DELETE", recBase+"/customrecord_depot/eid:D1", "", nil); resp.StatusCode != 204 {
		t.Errorf("DELETE of the unused depot: %d %s", resp.StatusCode, body)
	}
}

// TestCustomRecordsAppliedWhileRunning: a type defined through the admin
// API (account.apply) is served at once, on REST and SuiteQL.
func TestCustomRecordsAppliedWhileRunning(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	s := f.Signer(f.Creds)
	if resp, body := f.Do(s, "GET", recBase+"/customrecord_bin", "", nil); resp.StatusCode != 404 {
		t.Fatalf("before: %d %s", resp.StatusCode, body)
	}
	f.Admin(admin.Request{Op: "account.apply", AccountFile: `
[[custom_records]]
script_id = "customrecord_bin"
name = "Bin"
access = "none"
[[custom_records.fields]]
script_id = "custrecord_aisle"
type = "integer"
`})
	if types := f.Admin(admin.Request{Op: "customrecord.list"}).([]store.CustomRecordType); len(types) != 1 || types[0].Fields[0].Type != store.FieldInteger {
		t.Errorf("customrecord.list = %+v", types)
	}
	if resp, body := f.Do(s, "POST", recBase+"/customrecord_bin", `{"name":"A-1","custrecord_aisle":7}`, nil); resp.StatusCode != 204 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if st, res := f.SuiteQL("SELECT name, custrecord_aisle FROM customrecord_bin"); st != 200 || res["count"] != 1.0 {
		t.Errorf("SuiteQL: %d %v", st, res)
	}
}
