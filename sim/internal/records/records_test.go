package records_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

var updateREST = flag.Bool("update-rest", false, "rewrite the REST golden files under testdata/rest")

const recBase = "/services/rest/record/v1"

func qparam(q string) string { return "q=" + url.QueryEscape(q) }

// errDetail returns the first o:errorDetails entry of an error body.
func errDetail(t *testing.T, b []byte) map[string]any {
	t.Helper()
	m := simtest.DecodeJSON(t, b)
	ds, _ := m["o:errorDetails"].([]any)
	if len(ds) != 1 {
		t.Fatalf("error body: %s", b)
	}
	return ds[0].(map[string]any)
}

// TestRecordGolden compares one GET and one list with testdata/rest (go test
// ./sim/internal/records -run TestRecordGolden -update-rest rewrites them).
func TestRecordGolden(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	for name, path := range map[string]string{
		"get_customer.golden":        recBase + "/customer/" + f.FirstID("customer"),
		"get_salesorder.golden":      recBase + "/salesOrder/1?expandSubResources=true",
		"list_inventoryitem.golden":  recBase + "/inventoryItem?limit=2&offset=2",
		"list_customer_q.golden":     recBase + "/customer?limit=2&" + qparam(`isPerson IS false AND (creditLimit GREATER_OR_EQUAL 1000 OR companyName START_WITH "A")`),
		"error_q_unknown_field.json": recBase + "/customer?" + qparam(`nosuchField IS x`),
	} {
		resp, body := f.Do(s, "GET", path, "", nil)
		got := []byte(resp.Status + "\n" + resp.Header.Get("Content-Type") + "\n" +
			strings.ReplaceAll(string(body), f.TS.URL, "https://123456.suitetalk.api.netsuite.com") + "\n")
		file := filepath.Join("testdata", "rest", name)
		if *updateREST {
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update-rest to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\ngot  %s\nwant %s", name, got, want)
		}
	}
}

func TestRecordGet(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 200)
	s := f.Signer(f.Creds)
	cust := f.FirstID("customer")
	for _, tc := range []struct {
		name, path string
		status     int
		check      func(t *testing.T, m map[string]any)
	}{
		{"customer", "/customer/" + cust, 200, func(t *testing.T, m map[string]any) {
			if m["id"] != cust || m["entityId"] == nil || m["isInactive"] != false && m["isInactive"] != true {
				t.Errorf("%v", m)
			}
			if _, ok := m["creditLimit"].(float64); !ok {
				t.Errorf("creditLimit %T", m["creditLimit"])
			}
			cur := m["currency"].(map[string]any)
			if cur["id"] != "1" || cur["refName"] != "US Dollar" || cur["links"] == nil {
				t.Errorf("currency %v", cur)
			}
		}},
		{"lower-case type", "/salesorder/1", 200, func(t *testing.T, m map[string]any) {
			if m["tranId"] == nil || m["tranDate"] == nil {
				t.Errorf("%v", m)
			}
			item := m["item"].(map[string]any)
			if item["items"] != nil || item["links"] == nil {
				t.Errorf("sublist not as links only: %v", item)
			}
		}},
		{"expanded", "/salesOrder/1?expandSubResources=true", 200, func(t *testing.T, m map[string]any) {
			items := m["item"].(map[string]any)["items"].([]any)
			if len(items) == 0 || items[0].(map[string]any)["quantity"] == nil {
				t.Errorf("%v", m["item"])
			}
		}},
		{"fields", "/customer/" + cust + "?fields=entityId,currency", 200, func(t *testing.T, m map[string]any) {
			if len(m) != 4 || m["entityId"] == nil || m["currency"] == nil {
				t.Errorf("%v", m)
			}
		}},
		{"bad fields", "/customer/" + cust + "?fields=nope", 400, func(t *testing.T, m map[string]any) {}},
		{"by external id", "/salesOrder/eid:" + firstExternal(f), 200, nil},
		{"wrong type for id", "/invoice/1", 400, nil},
		{"missing", "/customer/999999", 404, nil},
		{"not a number", "/customer/abc", 404, nil},
		{"unknown type", "/nosuchrecord/1", 404, nil},
		{"sublist", "/salesOrder/1/item", 200, func(t *testing.T, m map[string]any) {
			if len(m["items"].([]any)) == 0 {
				t.Errorf("%v", m)
			}
		}},
		{"sublist line", "/salesOrder/1/item/1", 200, func(t *testing.T, m map[string]any) {
			if m["line"] != float64(1) || m["item"] == nil {
				t.Errorf("%v", m)
			}
		}},
		{"sublist missing line", "/salesOrder/1/item/99", 404, nil},
		{"no such sublist", "/customer/" + cust + "/item", 404, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.Do(s, "GET", recBase+tc.path, "", nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			if tc.check != nil {
				tc.check(t, simtest.DecodeJSON(t, body))
			}
		})
	}
}

func firstExternal(f *simtest.Fixture) string {
	var ext string
	if err := f.St.DB().QueryRow(`SELECT externalid FROM "transaction" WHERE type = 'SalesOrd' AND externalid IS NOT NULL ORDER BY id LIMIT 1`).Scan(&ext); err != nil {
		f.T.Fatal(err)
	}
	return ext
}

func invoicedOrder(f *simtest.Fixture) string {
	var id string
	if err := f.St.DB().QueryRow(`SELECT o.id FROM "transaction" o JOIN "transaction" i ON i.createdfrom = o.id WHERE o.type = 'SalesOrd' ORDER BY o.id LIMIT 1`).Scan(&id); err != nil {
		f.T.Fatal(err)
	}
	return id
}

func TestRecordListQuery(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 400)
	s := f.Signer(f.Creds)
	count := func(table, where string) int {
		var n int
		if err := f.St.DB().QueryRow(`SELECT COUNT(*) FROM "` + table + `" WHERE ` + where).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		typ, q, table, where string
	}{
		{"customer", "", "customer", "1=1"},
		{"customer", "isInactive IS true", "customer", "isinactive = 'T'"},
		{"customer", "isPerson IS_NOT true", "customer", "isperson <> 'T'"},
		{"customer", "companyName EMPTY", "customer", "companyname IS NULL"},
		{"customer", "companyName EMPTY_NOT", "customer", "companyname IS NOT NULL"},
		{"customer", `companyName CONTAIN "inc"`, "customer", "companyname LIKE '%inc%'"},
		{"customer", `companyName CONTAIN_NOT "inc"`, "customer", "NOT COALESCE(companyname LIKE '%inc%', 0)"},
		{"customer", `entityId START_WITH CUST0001`, "customer", "entityid LIKE 'CUST0001%'"},
		{"customer", `email END_WITH ".net"`, "customer", "email LIKE '%.net'"},
		{"customer", `firstName IS "ada"`, "customer", "lower(firstname) = 'ada'"},
		{"customer", "creditLimit GREATER 5000000", "customer", "creditlimit > 5000000"},
		{"customer", "creditLimit BETWEEN [1000000, 5000000]", "customer", "creditlimit BETWEEN 1000000 AND 5000000"},
		{"customer", "creditLimit LESS_OR_EQUAL_NOT 1000000", "customer", "NOT (creditlimit <= 1000000)"},
		{"customer", "id ANY_OF [7, 8, 9]", "customer", "id IN (7,8,9)"},
		{"customer", "id ANY_OF 7, 9", "customer", "id IN (7,9)"},
		{"customer", "salesRep EQUAL 1", "customer", "salesrep = 1"},
		{"customer", `dateCreated AFTER "2024-06-01"`, "customer", "substr(datecreated,1,10) > '2024-06-01'"},
		{"customer", `lastModifiedDate ON_OR_AFTER "2024-07-01T02:00:00Z" AND lastModifiedDate BEFORE "2025-01-01T00:00:00Z"`, "customer",
			"lastmodifieddate >= '2024-07-01 02:00:00' AND lastmodifieddate < '2025-01-01 00:00:00'"},
		{"customer", `dateCreated ON_OR_BEFORE 6/30/2024`, "customer", "substr(datecreated,1,10) <= '2024-06-30'"},
		{"customer", `isInactive IS false AND (creditLimit GREATER 2000000 OR companyName EMPTY)`, "customer",
			"isinactive = 'F' AND (creditlimit > 2000000 OR companyname IS NULL)"},
		{"salesOrder", "", "transaction", "type = 'SalesOrd'"},
		{"invoice", `tranDate ON "2024-01-05"`, "transaction", "type = 'CustInvc' AND trandate = '2024-01-05'"},
		{"invoice", "status ANY_OF A", "transaction", "type = 'CustInvc' AND status = 'A'"},
		{"inventoryItem", "basePrice GREATER_OR_EQUAL 100", "item", "itemtype = 'InvtPart' AND baseprice >= 100"},
		{"serviceItem", "", "item", "itemtype = 'Service'"},
	} {
		t.Run(tc.typ+" "+tc.q, func(t *testing.T) {
			path := recBase + "/" + tc.typ + "?limit=1000"
			if tc.q != "" {
				path += "&" + qparam(tc.q)
			}
			resp, body := f.Do(s, "GET", path, "", nil)
			if resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			m := simtest.DecodeJSON(t, body)
			want := count(tc.table, tc.where)
			if int(m["totalResults"].(float64)) != want || int(m["count"].(float64)) != want {
				t.Errorf("totalResults %v count %v, want %d", m["totalResults"], m["count"], want)
			}
		})
	}
	// Paging envelope.
	total := count("customer", "1=1")
	resp, body := f.Do(s, "GET", recBase+"/customer?limit=3&offset=3", "", nil)
	m := simtest.DecodeJSON(t, body)
	if resp.StatusCode != 200 || m["count"] != float64(3) || m["hasMore"] != (total > 6) || m["offset"] != float64(3) || m["totalResults"] != float64(total) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	rels := map[string]bool{}
	for _, l := range m["links"].([]any) {
		rels[l.(map[string]any)["rel"].(string)] = true
	}
	for _, r := range []string{"self", "first", "previous", "next", "last"} {
		if !rels[r] {
			t.Errorf("no %s link: %s", r, body)
		}
	}
	item := m["items"].([]any)[0].(map[string]any)
	if len(item) != 2 || item["id"] == nil || item["links"] == nil {
		t.Errorf("item %v", item)
	}
	// Bad parameters and queries.
	for _, tc := range []struct{ query, param, detail string }{
		{"limit=1001", "limit", "Invalid 'limit'"},
		{"limit=0", "limit", "Invalid 'limit'"},
		{"offset=-1", "offset", "Invalid 'offset'"},
		{qparam("nosuch IS 1"), "q", "Field 'nosuch' for record 'customer' was not found."},
		{qparam("creditLimit CONTAIN 1"), "q", "Invalid search operator 'CONTAIN' for field 'creditLimit'"},
		{qparam("creditLimit GREATER abc"), "q", "Invalid value 'abc' for field 'creditLimit'"},
		{qparam("isInactive IS maybe"), "q", "Invalid value 'maybe'"},
		{qparam(`dateCreated AFTER "yesterday"`), "q", "Invalid value 'yesterday'"},
		{qparam("(isInactive IS true"), "q", "expected ')'"},
		{qparam("isInactive IS true AND"), "q", "expected a field name"},
		{qparam("creditLimit BETWEEN [1]"), "q", "needs two values"},
		{qparam(`companyName IS "open`), "q", "Unterminated"},
	} {
		resp, body := f.Do(s, "GET", recBase+"/customer?"+tc.query, "", nil)
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d %s", tc.query, resp.StatusCode, body)
			continue
		}
		d := errDetail(t, body)
		if d["o:errorQueryParam"] != tc.param || d["o:errorCode"] != "INVALID_PARAMETER" || !strings.Contains(d["detail"].(string), tc.detail) {
			t.Errorf("%s: %s", tc.query, body)
		}
		if tc.param == "q" && !strings.HasPrefix(d["detail"].(string), "Invalid search query. Detailed unprocessed description follows. Search error occurred: ") {
			t.Errorf("%s: %s", tc.query, body)
		}
	}
}

func suiteQLTotal(t *testing.T, f *simtest.Fixture, s interface{}, q string) int {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"q": q})
	resp, body := f.Do(f.Signer(f.Creds), "POST", "/services/rest/query/v1/suiteql?limit=1", string(b), map[string]string{"Prefer": "transient"})
	if resp.StatusCode != 200 {
		t.Fatalf("suiteql %d %s", resp.StatusCode, body)
	}
	return int(simtest.DecodeJSON(t, body)["totalResults"].(float64))
}

func TestRecordWrites(t *testing.T) {
	for _, demo := range []int{100, 0} {
		t.Run(map[int]string{100: "demo", 0: "no demo tables"}[demo], func(t *testing.T) {
			f := simtest.NewFixture(t, sim.Options{}, demo)
			s := f.Signer(f.Creds)
			before := 0
			if demo > 0 {
				before = suiteQLTotal(t, f, s, "SELECT id FROM customer")
			}
			// Create.
			resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"Quote \"Co\" <&>","entityId":"NEW1","isPerson":false,"creditLimit":1500.5,"subsidiary":{"id":"1"},"externalId":"X-1"}`, nil)
			if resp.StatusCode != 204 || len(body) != 0 {
				t.Fatalf("create: %d %s", resp.StatusCode, body)
			}
			loc := resp.Header.Get("Location")
			if !strings.HasPrefix(loc, f.TS.URL+recBase+"/customer/") {
				t.Fatalf("Location %q", loc)
			}
			path := strings.TrimPrefix(loc, f.TS.URL)
			if demo > 0 {
				if after := suiteQLTotal(t, f, s, "SELECT id FROM customer"); after != before+1 {
					t.Errorf("SuiteQL count %d after create, want %d (count cache not reset?)", after, before+1)
				}
			}
			resp, body = f.Do(s, "GET", path, "", nil)
			m := simtest.DecodeJSON(t, body)
			if resp.StatusCode != 200 || m["companyName"] != `Quote "Co" <&>` || m["creditLimit"] != 1500.5 || m["isInactive"] != false || m["externalId"] != "X-1" || m["dateCreated"] != "2026-11-28T12:00:00Z" {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			if !strings.Contains(string(body), `<&>`) {
				t.Errorf("HTML escaped: %s", body)
			}
			// Update.
			f.Clock.Add(time.Minute)
			if resp, body = f.Do(s, "PATCH", path, `{"email":"a@example.com","isInactive":true}`, nil); resp.StatusCode != 204 {
				t.Fatalf("patch: %d %s", resp.StatusCode, body)
			}
			_, body = f.Do(s, "GET", path+"?fields=email,isInactive,lastModifiedDate", "", nil)
			if m = simtest.DecodeJSON(t, body); m["email"] != "a@example.com" || m["isInactive"] != true || m["lastModifiedDate"] != "2026-11-28T12:01:00Z" {
				t.Errorf("%s", body)
			}
			// Upsert: update by external id, then create.
			if resp, body = f.Do(s, "PUT", recBase+"/customer/eid:X-1", `{"phone":"555"}`, nil); resp.StatusCode != 204 || resp.Header.Get("Location") != "" {
				t.Fatalf("upsert update: %d %s %v", resp.StatusCode, body, resp.Header)
			}
			resp, body = f.Do(s, "PUT", recBase+"/customer/eid:X-2", `{"companyName":"Second","subsidiary":{"id":"1"}}`, nil)
			loc2 := resp.Header.Get("Location")
			if resp.StatusCode != 204 || loc2 == "" || loc2 == loc {
				t.Fatalf("upsert create: %d %s %q", resp.StatusCode, body, loc2)
			}
			_, body = f.Do(s, "GET", recBase+"/customer/eid:X-2", "", nil)
			if m = simtest.DecodeJSON(t, body); m["externalId"] != "X-2" || m["companyName"] != "Second" {
				t.Errorf("%s", body)
			}
			// Delete.
			if resp, body = f.Do(s, "DELETE", path, "", nil); resp.StatusCode != 204 {
				t.Fatalf("delete: %d %s", resp.StatusCode, body)
			}
			if resp, _ = f.Do(s, "GET", path, "", nil); resp.StatusCode != 404 {
				t.Errorf("after delete: %d", resp.StatusCode)
			}
			if resp, _ = f.Do(s, "DELETE", path, "", nil); resp.StatusCode != 404 {
				t.Errorf("second delete: %d", resp.StatusCode)
			}
			// A sales order with lines.
			custID := strings.TrimPrefix(loc2, f.TS.URL+recBase+"/customer/")
			resp, body = f.Do(s, "POST", recBase+"/inventoryItem", `{"itemId":"WIDGET-X","basePrice":10}`, nil)
			if resp.StatusCode != 204 {
				t.Fatalf("item: %d %s", resp.StatusCode, body)
			}
			itemID := resp.Header.Get("Location")[strings.LastIndex(resp.Header.Get("Location"), "/")+1:]
			resp, body = f.Do(s, "POST", recBase+"/salesOrder", `{"entity":{"id":"`+custID+`"},"tranDate":"2026-11-01","item":{"items":[{"item":{"id":"`+itemID+`"},"quantity":3,"rate":2.5},{"item":{"id":"`+itemID+`"},"quantity":1,"rate":4}]}}`, nil)
			if resp.StatusCode != 204 {
				t.Fatalf("sales order: %d %s", resp.StatusCode, body)
			}
			so := strings.TrimPrefix(resp.Header.Get("Location"), f.TS.URL)
			_, body = f.Do(s, "GET", so+"?expandSubResources=true", "", nil)
			m = simtest.DecodeJSON(t, body)
			if m["total"] != 11.5 || m["tranDate"] != "2026-11-01" || !strings.HasPrefix(m["tranId"].(string), "SO") || len(m["item"].(map[string]any)["items"].([]any)) != 2 {
				t.Errorf("%s", body)
			}
			if resp, body = f.Do(s, "PATCH", so, `{"item":{"items":[{"line":2,"quantity":2},{"item":{"id":"`+itemID+`"},"rate":1}]}}`, nil); resp.StatusCode != 204 {
				t.Fatalf("patch lines: %d %s", resp.StatusCode, body)
			}
			_, body = f.Do(s, "GET", so+"/item/2", "", nil)
			if m = simtest.DecodeJSON(t, body); m["quantity"] != float64(2) {
				t.Errorf("line 2: %s", body)
			}
			_, body = f.Do(s, "GET", so+"/item", "", nil)
			if m = simtest.DecodeJSON(t, body); len(m["items"].([]any)) != 3 {
				t.Errorf("lines: %s", body)
			}
			var mainAmt float64
			f.St.DB().QueryRow(`SELECT netamount FROM transactionline WHERE "transaction" = ? AND mainline = 'T'`, so[strings.LastIndex(so, "/")+1:]).Scan(&mainAmt)
			if mainAmt != 7.5+4+1 {
				t.Errorf("main line amount %v", mainAmt)
			}
			if resp, _ = f.Do(s, "DELETE", so, "", nil); resp.StatusCode != 204 {
				t.Errorf("delete so: %d", resp.StatusCode)
			}
			// A payment has no sublist but gets its main line.
			resp, body = f.Do(s, "POST", recBase+"/customerPayment", `{"entity":{"id":"`+custID+`"}}`, nil)
			if resp.StatusCode != 204 {
				t.Fatalf("payment: %d %s", resp.StatusCode, body)
			}
			pay := resp.Header.Get("Location")[strings.LastIndex(resp.Header.Get("Location"), "/")+1:]
			var mains int
			f.St.DB().QueryRow(`SELECT COUNT(*) FROM transactionline WHERE "transaction" = ? AND mainline = 'T'`, pay).Scan(&mains)
			_, body = f.Do(s, "GET", recBase+"/customerPayment/"+pay, "", nil)
			if m = simtest.DecodeJSON(t, body); mains != 1 || m["status"].(map[string]any)["id"] != "C" || m["item"] != nil {
				t.Errorf("payment: %d main lines, %s", mains, body)
			}
		})
	}
}

func TestRecordWriteErrors(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	cust := recBase + "/customer/" + f.FirstID("customer")
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		code, errPath, detail    string
	}{
		{"unknown field", "POST", recBase + "/customer", `{"companyName":"A","nosuch":1}`, 400, "NONEXISTENT_FIELD", "nosuch", "Field 'nosuch' for record 'customer' was not found."},
		{"unknown line field", "POST", recBase + "/salesOrder", `{"entity":{"id":"6"},"item":{"items":[{"item":{"id":"1"},"bogus":1}]}}`, 400, "NONEXISTENT_FIELD", "item.items[0].bogus", ""},
		{"bad boolean", "PATCH", cust, `{"isInactive":"yes"}`, 400, "USER_ERROR", "isInactive", "You have entered an Invalid Field Value yes for the following field: isInactive"},
		{"bad number", "PATCH", cust, `{"creditLimit":"lots"}`, 400, "USER_ERROR", "creditLimit", ""},
		{"bad reference", "PATCH", cust, `{"salesRep":{"id":"999999"}}`, 400, "USER_ERROR", "salesRep", "Invalid Field Value 999999"},
		{"bad line item", "POST", recBase + "/salesOrder", `{"entity":{"id":"6"},"item":{"items":[{"item":{"id":"999999"}}]}}`, 400, "USER_ERROR", "item.items[0].item", ""},
		{"missing entity", "POST", recBase + "/salesOrder", `{"memo":"x"}`, 400, "USER_ERROR", "entity", "Please enter value(s) for: Customer."},
		{"bad date", "PATCH", recBase + "/salesOrder/1", `{"tranDate":"soon"}`, 400, "USER_ERROR", "tranDate", ""},
		{"not json", "POST", recBase + "/customer", `{`, 400, "INVALID_CONTENT", "", ""},
		{"patch missing", "PATCH", recBase + "/customer/999999", `{"phone":"1"}`, 404, "NONEXISTENT_ID", "", ""},
		{"put without eid", "PUT", cust, `{"phone":"1"}`, 405, "INVALID_REQUEST", "", ""},
		{"post on id", "POST", cust, `{}`, 405, "INVALID_REQUEST", "", ""},
		{"delete with dependents", "DELETE", cust, "", 400, "USER_ERROR", "", "This record cannot be deleted because it has dependent records."},
		{"delete invoiced order", "DELETE", recBase + "/salesOrder/" + invoicedOrder(f), "", 400, "USER_ERROR", "", "dependent records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.Do(s, tc.method, tc.path, tc.body, nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			d := errDetail(t, body)
			if d["o:errorCode"] != tc.code || (tc.errPath != "" && d["o:errorPath"] != tc.errPath) || !strings.Contains(d["detail"].(string), tc.detail) {
				t.Errorf("%s", body)
			}
		})
	}
	resp, body := f.Do(s, "POST", recBase+"/customer", "", map[string]string{"Content-Type": "text/plain"})
	if resp.StatusCode != 415 {
		t.Errorf("content type: %d %s", resp.StatusCode, body)
	}
}

// TestRecordPermissions: a missing permission is a 403, never a 404; writes
// need Create, Edit or Full.
func TestRecordPermissions(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	setLevel := func(level string) {
		f.Admin(admin.Request{Op: "role.set-permission", Role: f.Guide.RoleName, Permission: "Lists -> Customers", Level: level})
	}
	cust := recBase + "/customer/" + f.FirstID("customer")
	for _, tc := range []struct {
		level, method, path, body string
		status                    int
		higher                    bool
	}{
		{"None", "GET", cust, "", 403, false},
		{"None", "GET", recBase + "/customer/999999", "", 403, false},
		{"None", "GET", recBase + "/customer", "", 403, false},
		{"View", "GET", cust, "", 200, false},
		{"View", "GET", recBase + "/customer/999999", "", 404, false},
		{"View", "POST", recBase + "/customer", `{"companyName":"x","subsidiary":{"id":"1"}}`, 403, true},
		{"View", "PATCH", cust, `{"phone":"1"}`, 403, true},
		{"Create", "POST", recBase + "/customer", `{"companyName":"x","subsidiary":{"id":"1"}}`, 204, false},
		{"Create", "PATCH", cust, `{"phone":"1"}`, 403, true},
		{"Create", "PUT", recBase + "/customer/eid:NEW-EXT", `{"companyName":"x","subsidiary":{"id":"1"}}`, 204, false},
		{"Create", "PUT", recBase + "/customer/eid:NEW-EXT", `{"companyName":"y","subsidiary":{"id":"1"}}`, 403, true},
		{"Edit", "PATCH", cust, `{"phone":"1"}`, 204, false},
		{"Edit", "DELETE", recBase + "/customer/eid:NEW-EXT", "", 403, true},
		{"Full", "DELETE", recBase + "/customer/eid:NEW-EXT", "", 204, false},
		{"Full", "DELETE", cust, "", 400, false}, // it has transactions
	} {
		setLevel(tc.level)
		resp, body := f.Do(s, tc.method, tc.path, tc.body, nil)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s %s: %d %s", tc.level, tc.method, tc.path, resp.StatusCode, body)
			continue
		}
		if tc.status == 403 {
			d := errDetail(t, body)
			want := "Permission Violation: You need the 'Lists -> Customers' permission to access this page."
			if tc.higher {
				want = "Permission Violation: You need a higher level of the 'Lists -> Customers' permission to access this page."
			}
			if d["o:errorCode"] != "INSUFFICIENT_PERMISSION" || d["detail"] != want {
				t.Errorf("%s %s: %s", tc.level, tc.method, body)
			}
		}
	}
}

func TestRecordMetadata(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	s := f.Signer(f.Creds)
	resp, body := f.Do(s, "GET", recBase+"/metadata-catalog", "", nil)
	m := simtest.DecodeJSON(t, body)
	items, _ := m["items"].([]any)
	if resp.StatusCode != 200 || len(items) != 14 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	first := items[0].(map[string]any)
	links := first["links"].([]any)
	if first["name"] != "customer" || len(links) != 3 || links[0].(map[string]any)["rel"] != "canonical" ||
		links[1].(map[string]any)["mediaType"] != "application/swagger+json" || links[2].(map[string]any)["mediaType"] != "application/schema+json" {
		t.Errorf("%s", body)
	}
	_, body = f.Do(s, "GET", recBase+"/metadata-catalog?select=customer,salesOrder", "", nil)
	if n := len(simtest.DecodeJSON(t, body)["items"].([]any)); n != 2 {
		t.Errorf("select: %d items", n)
	}
	resp, body = f.Do(s, "GET", recBase+"/metadata-catalog/salesOrder", "", map[string]string{"Accept": "application/schema+json"})
	m = simtest.DecodeJSON(t, body)
	props, _ := m["properties"].(map[string]any)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/schema+json" || props["tranDate"] == nil || props["item"] == nil || props["entity"] == nil {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if td := props["tranDate"].(map[string]any); td["format"] != "date" {
		t.Errorf("tranDate %v", td)
	}
	resp, body = f.Do(s, "GET", recBase+"/metadata-catalog?select=customer", "", map[string]string{"Accept": "application/swagger+json"})
	m = simtest.DecodeJSON(t, body)
	paths, _ := m["paths"].(map[string]any)
	if resp.StatusCode != 200 || m["openapi"] != "3.0.1" || paths["/customer"] == nil || paths["/customer/{id}"] == nil || paths["/salesOrder"] != nil {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if resp, body = f.Do(s, "GET", recBase+"/metadata-catalog/nsLink", "", nil); resp.StatusCode != 200 || !strings.Contains(string(body), `"refName"`) {
		t.Errorf("nsLink: %d %s", resp.StatusCode, body)
	}
	for _, p := range []string{"/metadata-catalog/nosuch", "/metadata-catalog?select=nosuch"} {
		if resp, body = f.Do(s, "GET", recBase+p, "", nil); resp.StatusCode < 400 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
}

func TestRecordAsync(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	async := map[string]string{"Prefer": "respond-async"}
	resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"Async Co","subsidiary":{"id":"1"}}`, async)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 202 || resp.Header.Get("Preference-Applied") != "respond-async" || !strings.HasPrefix(loc, f.TS.URL+"/services/rest/async/v1/job/") {
		t.Fatalf("%d %s %v", resp.StatusCode, body, resp.Header)
	}
	job := strings.TrimPrefix(loc, f.TS.URL)
	_, body = f.Do(s, "GET", job, "", nil)
	m := simtest.DecodeJSON(t, body)
	if m["completed"] != true || m["progress"] != "succeeded" || m["task"] == nil {
		t.Fatalf("job %s", body)
	}
	_, body = f.Do(s, "GET", job+"/task", "", nil)
	m = simtest.DecodeJSON(t, body)
	task := strings.TrimPrefix(m["items"].([]any)[0].(map[string]any)["links"].([]any)[0].(map[string]any)["href"].(string), f.TS.URL)
	_, body = f.Do(s, "GET", task, "", nil)
	m = simtest.DecodeJSON(t, body)
	if m["completed"] != true || m["startTime"] == nil || m["endTime"] == nil || m["links"].([]any)[0].(map[string]any)["rel"] != "related" {
		t.Fatalf("task %s", body)
	}
	resp, body = f.Do(s, "GET", task+"/result", "", nil)
	if resp.StatusCode != 204 || !strings.HasPrefix(resp.Header.Get("Location"), f.TS.URL+recBase+"/customer/") {
		t.Fatalf("result %d %s %v", resp.StatusCode, body, resp.Header)
	}
	// An async GET whose result is the record; a failing one.
	resp, _ = f.Do(s, "GET", recBase+"/customer/"+f.FirstID("customer")+"?fields=entityId", "", async)
	resp2, body := f.Do(s, "GET", strings.TrimPrefix(resp.Header.Get("Location"), f.TS.URL)+"/task/2/result", "", nil)
	if resp2.StatusCode != 200 || !strings.Contains(string(body), `"entityId"`) {
		t.Errorf("get result %d %s", resp2.StatusCode, body)
	}
	resp, _ = f.Do(s, "GET", recBase+"/customer/999999", "", async)
	_, body = f.Do(s, "GET", strings.TrimPrefix(resp.Header.Get("Location"), f.TS.URL), "", nil)
	if m = simtest.DecodeJSON(t, body); m["progress"] != "failed" {
		t.Errorf("failed job %s", body)
	}
	_, body = f.Do(s, "GET", "/services/rest/async/v1/job", "", nil)
	if m = simtest.DecodeJSON(t, body); m["totalResults"] != float64(3) {
		t.Errorf("jobs %s", body)
	}
	for _, p := range []string{"/job/99", "/job/1/task/2", "/job/1/nope", "/other"} {
		if resp, body = f.Do(s, "GET", "/services/rest/async/v1"+p, "", nil); resp.StatusCode != 404 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
}

// TestRecordConcurrentCreates: parallel creates get distinct ids.
func TestRecordConcurrentCreates(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	const n = 4 // within the guide account's concurrency limit
	locs := make(chan string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body := f.Do(f.Signer(f.Creds), "POST", recBase+"/vendor", `{"companyName":"V","subsidiary":{"id":"1"}}`, nil)
			if resp.StatusCode != 204 {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
			locs <- resp.Header.Get("Location")
		}()
	}
	wg.Wait()
	close(locs)
	seen := map[string]bool{}
	for l := range locs {
		if seen[l] {
			t.Errorf("duplicate %s", l)
		}
		seen[l] = true
	}
}

// TestRecordExternalIDUnique: external ids are unique per record type. A
// create of a taken external id is refused (DUP_RCRD) and creates nothing;
// creates and upserts of one new external id at once make one record (the
// soak run's duplicate check found two before the check ran in the
// insert's transaction).
func TestRecordExternalIDUnique(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	s := f.Signer(f.Creds)
	count := func(eid string) int {
		var n int
		if err := f.St.DB().QueryRow(`SELECT COUNT(*) FROM customer WHERE externalid = ?`, eid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"A","externalId":"U-1","subsidiary":{"id":"1"}}`, nil); resp.StatusCode != 204 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	resp, body := f.Do(s, "POST", recBase+"/customer", `{"companyName":"B","externalId":"U-1","subsidiary":{"id":"1"}}`, nil)
	if d := errDetail(t, body); resp.StatusCode != 400 || d["o:errorCode"] != "DUP_RCRD" || !strings.Contains(d["detail"].(string), "already exists") {
		t.Errorf("second create of U-1: %d %s", resp.StatusCode, body)
	}
	if n := count("U-1"); n != 1 {
		t.Errorf("%d records with external id U-1, want 1", n)
	}
	// Another record type may use the same external id.
	if resp, body := f.Do(s, "POST", recBase+"/vendor", `{"companyName":"V","externalId":"U-1","subsidiary":{"id":"1"}}`, nil); resp.StatusCode != 204 {
		t.Errorf("vendor with a customer's external id: %d %s", resp.StatusCode, body)
	}

	const n = 4 // within the guide account's concurrency limit
	for round := range 10 {
		eid := fmt.Sprintf("U-RACE-%d", round)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				method, path, body := "PUT", recBase+"/customer/eid:"+eid, `{"companyName":"up","subsidiary":{"id":"1"}}`
				if i%2 == 1 {
					method, path, body = "POST", recBase+"/customer", `{"companyName":"cr","externalId":"`+eid+`","subsidiary":{"id":"1"}}`
				}
				resp, b := f.Do(s, method, path, body, nil)
				if method == "PUT" && resp.StatusCode != 204 || method == "POST" && resp.StatusCode != 204 && resp.StatusCode != 400 {
					t.Errorf("%s %s: %d %s", method, eid, resp.StatusCode, b)
				}
			}()
		}
		wg.Wait()
		if c := count(eid); c != 1 {
			t.Fatalf("%s: %d records after concurrent creates and upserts, want 1", eid, c)
		}
	}
}
