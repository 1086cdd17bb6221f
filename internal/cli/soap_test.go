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
		{[]string{"soap", "search", "customer", "--where", "companyName"}, "give FIELD OP VALUE"},
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
