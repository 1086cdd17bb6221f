package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
)

// soapDecoded runs soap decode on a recorded response and parses its JSON.
func soapDecoded(t *testing.T, name string) (map[string]any, string, int) {
	t.Helper()
	out, errOut, code := run(t, nil, "soap", "decode", filepath.Join("..", "..", "soap", "testdata", "recorded", name))
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%s: output is not JSON (%v):\n%s\nstderr: %s", name, err, out, errOut)
	}
	return m, errOut, code
}

// at follows a path of object keys and array indexes (as strings).
func at(t *testing.T, v any, path ...string) any {
	t.Helper()
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				t.Fatalf("index %s out of range at %v", p, path)
			}
			v = x[i]
		default:
			t.Fatalf("no %s in %v (path %v)", p, v, path)
		}
	}
	return v
}

func TestSoapDecodeEveryRecorded(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "soap", "testdata", "recorded", "*", "*.xml"))
	if err != nil || len(files) < 13 {
		t.Fatalf("recorded responses: %v %v", files, err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join("..", "..", "soap", "testdata", "recorded"), f)
		m, errOut, code := soapDecoded(t, rel)
		fault := strings.HasPrefix(rel, "login/")
		if fault != (code == 1) {
			t.Errorf("%s: exit %d, stderr %s", rel, code, errOut)
		}
		if m["element"] == nil || (!fault && m["body"] == nil) {
			t.Errorf("%s: %v", rel, m)
		}
	}
}

func TestSoapDecodeValues(t *testing.T) {
	m, _, code := soapDecoded(t, "get/get_customer.xml")
	if code != 0 || m["operation"] != "get" || m["nsId"] != "WEBSERVICES_3392464_1220201115821392011296470399_67055c545d0" {
		t.Errorf("get: %d %v", code, m)
	}
	rec := at(t, m, "body", "readResponse", "record")
	if at(t, rec, "xsiType") != "Customer" || at(t, rec, "internalId") != "988" || at(t, rec, "companyName") != "Test Inc." {
		t.Errorf("record %v", rec)
	}

	m, _, _ = soapDecoded(t, "search/basic_search_contact.xml")
	sr := at(t, m, "body", "searchResult")
	if at(t, sr, "totalRecords") != 1.0 || at(t, sr, "pageIndex") != 1.0 || at(t, sr, "searchId") == nil {
		t.Errorf("search paging %v", sr)
	}
	if at(t, sr, "recordList", "record", "0", "xsiType") != "Contact" {
		t.Errorf("search record %v", at(t, sr, "recordList"))
	}

	m, _, _ = soapDecoded(t, "search/saved_search_customer.xml")
	row := at(t, m, "body", "searchResult", "searchRowList", "searchRow", "0")
	if at(t, row, "xsiType") != "CustomerSearchRow" || at(t, row, "basic", "entityId", "0", "searchValue") != "12625" {
		t.Errorf("search row %v", row)
	}

	m, _, _ = soapDecoded(t, "delete_list/delete_list_customers_with_errors.xml")
	wr := at(t, m, "body", "writeResponseList", "writeResponse")
	if at(t, wr, "0", "status", "isSuccess") != true || at(t, wr, "1", "status", "isSuccess") != false ||
		at(t, wr, "1", "status", "statusDetail", "0", "code") != "USER_EXCEPTION" || at(t, wr, "1", "baseRef", "internalId") != "bad_id" {
		t.Errorf("deleteList %v", wr)
	}

	m, errOut, code := soapDecoded(t, "login/failure_concurrent_requests.xml")
	if code != 1 || !strings.Contains(errOut, "WS_CONCUR_SESSION_DISALLWD") || !strings.Contains(errOut, "Only one request") ||
		at(t, m, "fault", "code") != "WS_CONCUR_SESSION_DISALLWD" || at(t, m, "fault", "faultType") != "exceededRequestLimitFault" {
		t.Errorf("fault: exit %d, stderr %q, %v", code, errOut, m)
	}
}

func TestSoapDecodeStdinAndErrors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "soap", "testdata", "recorded", "upsert", "upsert_customer.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := Main([]string{"soap", "decode", "-"}, bytes.NewReader(b), &out, &errb, func(string) string { return "" })
	if code != 0 || !strings.Contains(out.String(), `"operation": "upsert"`) {
		t.Errorf("stdin: exit %d\n%s%s", code, out.String(), errb.String())
	}

	dir := t.TempDir()
	html := filepath.Join(dir, "page.html")
	os.WriteFile(html, []byte("<html><body>Service Unavailable</body></html>"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"soap", "decode", filepath.Join(dir, "missing.xml")}, "no such file"},
		{[]string{"soap", "decode", html}, "not a SOAP envelope"},
		{[]string{"soap", "decode", "--output", "yaml", html}, "the only output format is json"},
	} {
		_, errOut, code := run(t, nil, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

// startSOAPSim starts an emulator with demo data (its SOAP endpoint serves
// get and getServerTime).
func startSOAPSim(t *testing.T) *sim.Emulator {
	t.Helper()
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	return emu
}

// firstCustomer returns a customer's internal id (SuiteQL).
func firstCustomer(t *testing.T, env map[string]string) string {
	t.Helper()
	out, errOut, code := run(t, env, "query", "SELECT id FROM customer ORDER BY id", "--limit", "1", "--output", "json")
	if code != 0 {
		t.Fatalf("query: %s", errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("query output %q: %v", out, err)
	}
	return fmt.Sprint(rows[0]["id"])
}

func TestSoapGet(t *testing.T) {
	emu := startSOAPSim(t)
	env := simEnv(emu)
	id := firstCustomer(t, env)
	out, errOut, code := run(t, env, "soap", "get", "customer", id)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if rec["internalId"] != id || rec["entityId"] == nil || rec["entityId"] == "" || rec["xsiType"] != "Customer" {
		t.Errorf("record %v", rec)
	}
	noSecrets(t, emu, out, errOut)

	_, errOut, code = run(t, env, "soap", "get", "customer", "99999999")
	if code != 1 || !strings.Contains(errOut, "RCRD_DSNT_EXIST") || !strings.Contains(errOut, "no customer with id 99999999") {
		t.Errorf("missing: exit %d, %s", code, errOut)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"soap", "get", "customer", ""}, "the record id is empty"},
		{[]string{"soap", "get", "customer", "1", "--wsdl-version", "2025.2"}, "an endpoint version looks like"},
		{[]string{"soap", "get", "customer"}, "accepts 2 arg"},
	} {
		_, errOut, code := run(t, env, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

func TestSoapCall(t *testing.T) {
	emu := startSOAPSim(t)
	env := simEnv(emu)
	dir := t.TempDir()
	qualified := filepath.Join(dir, "qualified.xml")
	os.WriteFile(qualified, []byte(`<?xml version="1.0"?>
<getServerTime xmlns="urn:messages_2025_2.platform.webservices.netsuite.com"/>`), 0o644)
	bare := filepath.Join(dir, "bare.xml")
	os.WriteFile(bare, []byte(`<getServerTime/>`), 0o644)
	for _, f := range []string{qualified, bare} {
		out, errOut, code := run(t, env, "soap", "call", "getServerTime", "--body", f)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errOut)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
		res := at(t, m, "body", "getServerTimeResult")
		if m["operation"] != "getServerTime" || m["nsId"] == nil || at(t, res, "status", "isSuccess") != true || at(t, res, "serverTime") == nil {
			t.Errorf("%s: %v", f, m)
		}
		noSecrets(t, emu, out, errOut)
	}

	// A fault (HTTP 500): its JSON on standard output, its code on standard error.
	out, errOut, code := run(t, env, "soap", "call", "getServerTime", "--body", bare, "--wsdl-version", "2017_1")
	if code != 1 || !strings.Contains(errOut, "UNSUPPORTED_WS_VERSION") || !strings.Contains(out, `"faultType": "invalidVersionFault"`) {
		t.Errorf("fault: exit %d\n%s%s", code, out, errOut)
	}

	var stdout, errb bytes.Buffer
	code = Main([]string{"soap", "call", "getServerTime", "--body", "-"}, strings.NewReader("<getServerTime/>"), &stdout, &errb,
		func(k string) string { return env[k] })
	if code != 0 || !strings.Contains(stdout.String(), "serverTime") {
		t.Errorf("stdin: exit %d\n%s%s", code, stdout.String(), errb.String())
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"soap", "call", "getServerTime"}, "--body is required"},
		{[]string{"soap", "call", "getTheTime", "--body", bare}, `no SOAP operation "getTheTime"`},
		{[]string{"soap", "call", "get", "--body", bare}, "the request body's element is getServerTime; it must be get"},
		{[]string{"soap", "call", "getServerTime", "--body", filepath.Join(dir, "none.xml")}, "no such file"},
		{[]string{"soap", "call", "getServerTime", "--body", "-"}, "not an XML element"},
	} {
		_, errOut, code := run(t, env, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

// searchServer answers SOAP searches with the recorded responses: a saved
// or advanced search gets saved_search_customer.xml, a basic one
// basic_search_contact.xml made to say it has pages pages (searchMoreWithId
// answers the same records for the later pages). It records the bodies.
func searchServer(t *testing.T, pages int) (map[string]string, *[]string) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "soap", "testdata", "recorded", "search", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	basic := strings.Replace(read("basic_search_contact.xml"), "<platformCore:totalPages>1<", fmt.Sprintf("<platformCore:totalPages>%d<", pages), 1)
	saved := read("saved_search_customer.xml")
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		switch action := r.Header.Get("SOAPAction"); {
		case action == `"search"` && strings.Contains(string(b), "SearchAdvanced"):
			io.WriteString(w, saved)
		case action == `"search"`:
			io.WriteString(w, basic)
		case action == `"searchMoreWithId"`:
			page := strings.Replace(basic, "searchResponse", "searchMoreWithIdResponse", 2)
			io.WriteString(w, strings.Replace(page, "<platformCore:pageIndex>1<", "<platformCore:pageIndex>2<", 1))
		default:
			http.Error(w, "unexpected "+action, http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	env := map[string]string{
		"NETSUITE_ACCOUNT": "1234567", "NETSUITE_BASE_URL": srv.URL,
		"NETSUITE_CONSUMER_KEY": strings.Repeat("c1", 32), "NETSUITE_CONSUMER_SECRET": consumerSecret,
		"NETSUITE_TOKEN_ID": strings.Repeat("t1", 32), "NETSUITE_TOKEN_SECRET": tokenSecret,
	}
	return env, &bodies
}

// The fake secrets of searchServer.
var consumerSecret, tokenSecret = strings.Repeat("5ec1", 16), strings.Repeat("5ec2", 16)

func ndjson(t *testing.T, out string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		rows = append(rows, m)
	}
	return rows
}

func TestSoapSearchBasic(t *testing.T) {
	env, bodies := searchServer(t, 2)
	out, errOut, code := run(t, env, "soap", "search", "contact", "--where", "entityId startsWith Mary Ann", "--where", "isInactive is false",
		"--where", "internalId anyOf 7272,7273", "--page-size", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	recs := ndjson(t, out)
	if len(recs) != 1 || recs[0]["xsiType"] != "Contact" || recs[0]["internalId"] != "7272" || recs[0]["entityId"] != "Mary" {
		t.Errorf("records %v", recs)
	}
	if !strings.Contains(errOut, "page 1 of 2") || !strings.Contains(errOut, "--all") {
		t.Errorf("stderr %q: no paging note", errOut)
	}
	req := (*bodies)[0]
	for _, want := range []string{`ContactSearchBasic`, `operator="startsWith"`, `>Mary Ann<`, `operator="anyOf"`, `internalId="7273"`, `>false<`, `pageSize>50<`, `tokenPassport`} {
		if !strings.Contains(req, want) {
			t.Errorf("request lacks %s:\n%s", want, req)
		}
	}
	for _, secret := range []string{consumerSecret, tokenSecret} {
		if strings.Contains(out+errOut, secret) || strings.Contains(req, secret) {
			t.Errorf("a secret was printed or sent")
		}
	}

	out, errOut, code = run(t, env, "soap", "search", "contact", "--all")
	if recs := ndjson(t, out); code != 0 || len(recs) != 2 || errOut != "" {
		t.Errorf("--all: exit %d, %d records, stderr %q", code, len(recs), errOut)
	}
	if last := (*bodies)[len(*bodies)-1]; !strings.Contains(last, "searchMoreWithId") || !strings.Contains(last, "WEBSERVICES_123456") || !strings.Contains(last, "pageIndex>2<") {
		t.Errorf("searchMoreWithId request:\n%s", last)
	}
}

func TestSoapSearchSavedAndColumns(t *testing.T) {
	env, bodies := searchServer(t, 1)
	out, errOut, code := run(t, env, "soap", "search", "customer", "--saved", "customsearch_mine", "--where", "companyName contains Awesome")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := ndjson(t, out)
	if len(rows) != 1 || rows[0]["xsiType"] != "CustomerSearchRow" || at(t, rows[0], "basic", "entityId", "0", "searchValue") != "12625" {
		t.Errorf("rows %v", rows)
	}
	req := (*bodies)[0]
	for _, want := range []string{`CustomerSearchAdvanced`, `savedSearchScriptId="customsearch_mine"`, `operator="contains"`, `returnSearchColumns>true<`} {
		if !strings.Contains(req, want) {
			t.Errorf("saved request lacks %s:\n%s", want, req)
		}
	}

	_, errOut, code = run(t, env, "soap", "search", "customer", "--saved", "42", "--columns", "entityId,email")
	req = (*bodies)[len(*bodies)-1]
	if code != 0 || !strings.Contains(req, `savedSearchId="42"`) || !strings.Contains(req, "entityId") || !strings.Contains(req, "email") {
		t.Errorf("columns: exit %d %s\n%s", code, errOut, req)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"soap", "search", "customer", "--where", "nosuchField is x"}, `no search field "nosuchField"; the fields are:`},
		{[]string{"soap", "search", "customer", "--where", "companyName"}, `--where: criterion "companyName": give FIELD OPERATOR VALUE in one argument`},
		{[]string{"soap", "search", "customer", "--where", "isInactive contains x"}, "its only operator is is"},
		{[]string{"soap", "search", "customer", "--where", "dateCreated after 2025-13-45"}, "not a date"},
		{[]string{"soap", "search", "customer", "--columns", "nosuchColumn"}, `no column "nosuchColumn"`},
		{[]string{"soap", "search", "salesOrder"}, "transactions are searched as type transaction"},
		{[]string{"soap", "search", "customer", "--page-size", "2"}, "5 to 1000"},
	} {
		_, errOut, code := run(t, env, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

// customRecordServer answers getCustomizationId (customrecord_region 12,
// customrecord_team 14) and get of custom record 5 (external id REGION-N)
// of type 12 in NetSuite's response shapes, anything else not found. It
// records the request bodies.
func customRecordServer(t *testing.T) (map[string]string, *[]string) {
	t.Helper()
	const head = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<soapenv:Header><platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_2025_2.platform.webservices.netsuite.com"><platformMsgs:nsId>WEBSERVICES_1234567_CR</platformMsgs:nsId></platformMsgs:documentInfo></soapenv:Header><soapenv:Body>`
	const tail = `</soapenv:Body></soapenv:Envelope>`
	const ns = `xmlns="urn:messages_2025_2.platform.webservices.netsuite.com" xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com"`
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		b := string(raw)
		mu.Lock()
		bodies = append(bodies, b)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		switch r.Header.Get("SOAPAction") {
		case `"getCustomizationId"`:
			io.WriteString(w, head+`<getCustomizationIdResponse `+ns+`><platformCore:getCustomizationIdResult><platformCore:status isSuccess="true"/>`+
				`<platformCore:totalRecords>2</platformCore:totalRecords><platformCore:customizationRefList>`+
				`<platformCore:customizationRef internalId="12" scriptId="customrecord_region" type="customRecordType"><platformCore:name>Region</platformCore:name></platformCore:customizationRef>`+
				`<platformCore:customizationRef internalId="14" scriptId="customrecord_team" type="customRecordType"><platformCore:name>Team</platformCore:name></platformCore:customizationRef>`+
				`</platformCore:customizationRefList></platformCore:getCustomizationIdResult></getCustomizationIdResponse>`+tail)
		case `"get"`:
			if !strings.Contains(b, `xsi:type="platformCore:CustomRecordRef"`) || !strings.Contains(b, `typeId="12"`) ||
				!(strings.Contains(b, `internalId="5"`) || strings.Contains(b, `externalId="REGION-N"`)) {
				io.WriteString(w, head+`<getResponse `+ns+`><readResponse><platformCore:status isSuccess="false"><platformCore:statusDetail type="ERROR">`+
					`<platformCore:code>RCRD_DSNT_EXIST</platformCore:code><platformCore:message>That record does not exist.</platformCore:message>`+
					`</platformCore:statusDetail></platformCore:status></readResponse></getResponse>`+tail)
				return
			}
			io.WriteString(w, head+`<getResponse `+ns+`><readResponse><platformCore:status isSuccess="true"/>`+
				`<record internalId="5" externalId="REGION-N" xsi:type="setupCustom:CustomRecord" xmlns:setupCustom="urn:customization_2025_2.setup.webservices.netsuite.com">`+
				`<setupCustom:name>North</setupCustom:name><setupCustom:recType internalId="12"><platformCore:name>Region</platformCore:name></setupCustom:recType>`+
				`<setupCustom:customFieldList><platformCore:customField internalId="1301" scriptId="custrecord_region_code" xsi:type="platformCore:StringCustomFieldRef">`+
				`<platformCore:value>N</platformCore:value></platformCore:customField></setupCustom:customFieldList></record></readResponse></getResponse>`+tail)
		default:
			http.Error(w, "unexpected "+r.Header.Get("SOAPAction"), http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	return map[string]string{
		"NETSUITE_ACCOUNT": "1234567", "NETSUITE_BASE_URL": srv.URL,
		"NETSUITE_CONSUMER_KEY": strings.Repeat("c1", 32), "NETSUITE_CONSUMER_SECRET": consumerSecret,
		"NETSUITE_TOKEN_ID": strings.Repeat("t1", 32), "NETSUITE_TOKEN_SECRET": tokenSecret,
	}, &bodies
}

// TestSoapGetCustomRecord runs against NetSuite's response shapes (two
// custom record types, the CustomRecord layout); the emulator's is
// TestSoapGetCustomRecordEmulator.
func TestSoapGetCustomRecord(t *testing.T) {
	env, bodies := customRecordServer(t)
	for _, c := range []struct {
		args     []string
		requests int    // getCustomizationId, then get
		sent     string // in the get request
	}{
		{[]string{"customRecord", "5", "--type-id", "12"}, 1, `<platformMessages:baseRef xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com" xsi:type="platformCore:CustomRecordRef" internalId="5" typeId="12">`},
		{[]string{"customRecord", "5", "--type-id", "customrecord_region"}, 2, `internalId="5" typeId="12"`},
		{[]string{"customrecord", "eid:REGION-N", "--type-id", "CustomRecord_Region"}, 2, `externalId="REGION-N" typeId="12"`},
		{[]string{"customrecord_region", "5"}, 2, `internalId="5" typeId="12"`},
	} {
		before := len(*bodies)
		out, errOut, code := run(t, env, append([]string{"soap", "get"}, c.args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", c.args, code, errOut)
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(out), &rec); err != nil {
			t.Fatalf("%v: %v\n%s", c.args, err, out)
		}
		if rec["xsiType"] != "CustomRecord" || rec["internalId"] != "5" || rec["name"] != "North" || at(t, rec, "recType", "internalId") != "12" ||
			at(t, rec, "customFieldList", "customField", "0", "value") != "N" {
			t.Errorf("%v: record %v", c.args, rec)
		}
		sent := (*bodies)[before:]
		if len(sent) != c.requests || !strings.Contains(sent[len(sent)-1], c.sent) || (c.requests == 2 && !strings.Contains(sent[0], `getCustomizationType="customRecordType"`)) {
			t.Errorf("%v: %d requests, want %d with %s:\n%s", c.args, len(sent), c.requests, c.sent, strings.Join(sent, "\n"))
		}
		noSecretsIn(t, out+errOut+strings.Join(sent, ""))
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"customRecord", "6", "--type-id", "12"}, "no custom record of type 12 with id 6"},
		{[]string{"customRecord", "6", "--type-id", "customrecord_region"}, "no custom record of type 12 (customrecord_region) with id 6"},
		{[]string{"customRecord", "5"}, "a custom record needs its type: --type-id"},
		{[]string{"customer", "5", "--type-id", "12"}, "--type-id is for custom records"},
		{[]string{"customrecord_region", "5", "--type-id", "customrecord_team"}, "names another"},
		{[]string{"customRecord", "5", "--type-id", "customrecord_regoin"}, "no custom record type customrecord_regoin (did you mean customrecord_region?)"},
		{[]string{"customRecord", "5", "--type-id", "region type"}, "give its internal id (such as 12) or its script id"},
		{[]string{"customRecord", "eid:", "--type-id", "12"}, "the record id is empty"},
	} {
		_, errOut, code := run(t, env, append([]string{"soap", "get"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

func noSecretsIn(t *testing.T, s string) {
	t.Helper()
	for _, secret := range []string{consumerSecret, tokenSecret} {
		if strings.Contains(s, secret) {
			t.Error("a secret was printed or sent")
		}
	}
}

func TestSoapSearchJoinsAndCustomFields(t *testing.T) {
	env, bodies := searchServer(t, 1)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--where", "custentity_region is North", "--where", "salesRep.email contains @acme.com"}, []string{
			`xsi:type="listsRelationships:CustomerSearch"`,
			`xsi:type="platformCore:SearchStringCustomField" scriptId="custentity_region" operator="is"><platformCore:searchValue>North<`,
			`<listsRelationships:salesRepJoin><platformCommon:email xmlns:platformCommon="urn:common_2025_2.platform.webservices.netsuite.com" operator="contains">`,
		}},
		{[]string{"--where", "custentity_region anyOf 3,4", "--where", "custentity_vip is true", "--where", "custentity_seats greaterThan 10"}, []string{
			`xsi:type="platformCommon:CustomerSearchBasic"`,
			`xsi:type="platformCore:SearchMultiSelectCustomField" scriptId="custentity_region" operator="anyOf"><platformCore:searchValue internalId="3">`,
			`xsi:type="platformCore:SearchBooleanCustomField" scriptId="custentity_vip"><platformCore:searchValue>true<`,
			`xsi:type="platformCore:SearchLongCustomField" scriptId="custentity_seats" operator="greaterThan"><platformCore:searchValue>10<`,
		}},
		{[]string{"--where", "custentity_tier equalTo 3", "--custom-type", "custentity_tier=double", "--custom-type", "custentity_since=date", "--where", "custentity_since within thisYear"}, []string{
			`xsi:type="platformCore:SearchDoubleCustomField" scriptId="custentity_tier" operator="equalTo"><platformCore:searchValue>3<`,
			`xsi:type="platformCore:SearchDateCustomField" scriptId="custentity_since" operator="within"><platformCore:predefinedSearchValue>thisYear<`,
		}},
		{[]string{"--where", "salesRep.custentity_team anyOf 7", "--columns", "entityId"}, []string{
			`xsi:type="listsRelationships:CustomerSearchAdvanced"`,
			`<listsRelationships:criteria><listsRelationships:salesRepJoin><platformCommon:customFieldList`,
		}},
	} {
		before := len(*bodies)
		_, errOut, code := run(t, env, append([]string{"soap", "search", "customer"}, c.args...)...)
		if code != 0 || len(*bodies) != before+1 {
			t.Errorf("%v: exit %d: %s", c.args, code, errOut)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains((*bodies)[before], w) {
				t.Errorf("%v: request lacks %s:\n%s", c.args, w, (*bodies)[before])
			}
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--where", "salesRp.email contains x"}, `CustomerSearch has no join "salesRp" (in salesRp.email) (did you mean salesRep?)`},
		{[]string{"--where", "salesRep.emial contains x"}, `join salesRep: EmployeeSearchBasic has no search field "emial" (did you mean email?)`},
		{[]string{"--where", "compnyName is x"}, `no search field "compnyName" (did you mean companyName?)`},
		{[]string{"--where", "companyName startWith x"}, `no operator "startWith" (did you mean startsWith, doesNotStartWith?)`},
		{[]string{"--where", "custentity_region anyOf North"}, `"North" is not an internal id: a select field is searched by the internal ids of its values`},
		{[]string{"--where", "custentity_region is North", "--custom-type", "custentity_region=select"}, `custom select field) has no operator "is"; its operators are: anyOf, noneOf`},
		{[]string{"--where", "custentity_x is 1", "--custom-type", "custentity_x=integer"}, `no custom field type "integer"; the types are: string, select, boolean, date, long, double`},
		{[]string{"--where", "custentity_x is 1", "--custom-type", "custentity_y=long"}, `a type (long) is given for custom field custentity_y, but no criterion names it`},
		{[]string{"--where", "custentity_x is 1", "--custom-type", "custentity_x"}, `--custom-type`},
		{[]string{"--where", "email is x", "--custom-type", "email=string"}, `email is a field of CustomerSearchBasic, not a custom field`},
		{[]string{"--where", "sales-rep.email is x"}, `--where: criterion "sales-rep.email is x": "sales-rep.email" is not a field name`},
		{[]string{"--where", "custentity_x greaterThan many"}, `custentity_x (custom double field): value "many": not a number`},
	} {
		_, errOut, code := run(t, env, append([]string{"soap", "search", "customer"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "panic") {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

// TestSoapSearchEmulator: a basic search with --all against the emulator
// reads every page (searchMoreWithId) and prints every customer once.
func TestSoapSearchEmulator(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	env := simEnv(emu)
	out, errOut, code := run(t, env, "query", "SELECT id FROM customer ORDER BY id", "--all", "--output", "json")
	if code != 0 {
		t.Fatalf("query: %s", errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) < 11 {
		t.Fatalf("query output %q: %v", out, err)
	}
	out, errOut, code = run(t, env, "soap", "search", "customer", "--all", "--page-size", "5", "--progress", "never")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	recs := ndjson(t, out)
	seen := map[any]bool{}
	for _, r := range recs {
		if r["xsiType"] != "Customer" || seen[r["internalId"]] {
			t.Errorf("record %v (duplicate or not a customer)", r)
		}
		seen[r["internalId"]] = true
	}
	for _, row := range rows {
		if !seen[fmt.Sprint(row["id"])] {
			t.Errorf("customer %v missing from the search", row["id"])
		}
	}
	if len(recs) != len(rows) || errOut != "" {
		t.Errorf("%d records, want %d; stderr %q", len(recs), len(rows), errOut)
	}
	noSecrets(t, emu, out, errOut)

	out, errOut, code = run(t, env, "soap", "search", "customer", "--page-size", "5", "--where", "isInactive is false")
	if recs := ndjson(t, out); code != 0 || len(recs) != 5 || !strings.Contains(errOut, "printed page 1 of") {
		t.Errorf("first page: exit %d, %d records, stderr %q", code, len(recs), errOut)
	}
	for _, r := range ndjson(t, out) {
		if r["isInactive"] != false {
			t.Errorf("isInactive is false: %v", r)
		}
	}
}

// TestSoapGetCustomRecordEmulator: a custom record created over REST, read
// with soap get by its type's script id and internal id.
func TestSoapGetCustomRecordEmulator(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.toml")
	os.WriteFile(file, []byte("[[custom_records]]\nscript_id = \"customrecord_region\"\nname = \"Region\"\naccess = \"none\"\n"+
		"[[custom_records.fields]]\nscript_id = \"custrecord_code\"\ntype = \"text\"\n"), 0o600)
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 20, AccountFile: file})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	env := simEnv(emu)
	body := filepath.Join(t.TempDir(), "region.json")
	os.WriteFile(body, []byte(`{"name": "North", "externalId": "REGION-N", "custrecord_code": "N"}`), 0o600)
	out, errOut, code := run(t, env, "record", "create", "customrecord_region", "--data", "@"+body)
	if code != 0 {
		t.Fatalf("record create: exit %d: %s%s", code, out, errOut)
	}
	typeID := ""
	for _, args := range [][]string{
		{"soap", "get", "customRecord", "eid:REGION-N", "--type-id", "customrecord_region"},
		{"soap", "get", "customrecord_region", "eid:REGION-N"},
	} {
		out, errOut, code := run(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(out), &rec); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if rec["xsiType"] != "CustomRecord" || rec["name"] != "North" || rec["externalId"] != "REGION-N" || at(t, rec, "customFieldList", "customField", "0", "value") != "N" {
			t.Errorf("%v: %v", args, rec)
		}
		typeID = fmt.Sprint(at(t, rec, "recType", "internalId"))
		noSecrets(t, emu, out, errOut)
	}
	if _, errOut, code := run(t, env, "soap", "get", "customRecord", "eid:REGION-S", "--type-id", typeID); code != 1 ||
		!strings.Contains(errOut, "RCRD_DSNT_EXIST") || !strings.Contains(errOut, "no custom record of type "+typeID+" with id eid:REGION-S") {
		t.Errorf("missing: exit %d, %s", code, errOut)
	}
}
