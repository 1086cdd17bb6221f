package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
)

// fakeRecords is a NetSuite REST record service with NetSuite's response
// shapes; it remembers the requests it saw.
type fakeRecords struct {
	mu   sync.Mutex
	seen []string // "METHOD path?query body [Accept] [Prefer]"
}

func (f *fakeRecords) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	line := r.Method + " " + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	if len(b) > 0 {
		var v any
		json.Unmarshal(b, &v)
		c, _ := json.Marshal(v)
		line += " " + string(c)
	}
	if a := r.Header.Get("Accept"); strings.Contains(a, "+json") {
		line += " [" + a + "]"
	}
	if p := r.Header.Get("Prefer"); p != "" {
		line += " [" + p + "]"
	}
	f.mu.Lock()
	f.seen = append(f.seen, line)
	f.mu.Unlock()
	if !strings.HasPrefix(r.Header.Get("Authorization"), "OAuth ") {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	const base = "/services/rest/record/v1/"
	p := strings.TrimPrefix(r.URL.Path, base)
	switch {
	case r.Header.Get("Prefer") == "respond-async":
		w.Header().Set("Location", "/services/rest/async/v1/job/77")
		w.WriteHeader(http.StatusAccepted)
	case r.URL.Path == "/services/rest/async/v1/job/77":
		io.WriteString(w, `{"links":[],"completed":true,"id":"77","progress":"succeeded","task":{"links":[{"rel":"self","href":"https://x/services/rest/async/v1/job/77/task"}]}}`)
	case r.URL.Path == "/services/rest/async/v1/job/77/task":
		io.WriteString(w, `{"links":[],"items":[{"links":[{"rel":"self","href":"https://x/services/rest/async/v1/job/77/task/1"}],"id":"1"}]}`)
	case r.URL.Path == "/services/rest/async/v1/job/77/task/1":
		io.WriteString(w, `{"links":[{"rel":"related","href":"https://x/services/rest/async/v1/job/77/task/1/result"}],"completed":true,"id":"1","progress":"succeeded"}`)
	case r.URL.Path == "/services/rest/async/v1/job/77/task/1/result":
		w.Header().Set("Location", "https://x/services/rest/record/v1/customer/649")
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "GET" && p == "customer/107":
		io.WriteString(w, `{"links":[{"rel":"self","href":"https://x/services/rest/record/v1/customer/107"}],"id":"107","companyName":"Barbara <Ltd>","subsidiary":{"links":[],"id":"1","refName":"Parent"}}`)
	case r.Method == "POST" && p == "customer":
		w.Header().Set("Location", "https://x/services/rest/record/v1/customer/647")
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "PUT" && p == "customer/eid:CID002":
		w.Header().Set("Location", "https://x/services/rest/record/v1/customer/648")
		w.WriteHeader(http.StatusNoContent)
	case (r.Method == "PATCH" || r.Method == "DELETE") && p == "customer/107":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "GET" && p == "customer":
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		const total = 5
		items := []map[string]any{}
		for i := offset; i < total && i < offset+limit; i++ {
			items = append(items, map[string]any{"links": []any{}, "id": strconv.Itoa(100 + i)})
		}
		json.NewEncoder(w).Encode(map[string]any{"links": []any{}, "count": len(items), "hasMore": offset+len(items) < total,
			"items": items, "offset": offset, "totalResults": total})
	case r.Method == "GET" && p == "metadata-catalog" && r.Header.Get("Accept") == "application/swagger+json":
		io.WriteString(w, `{"openapi":"3.0.1","paths":{}}`)
	case r.Method == "GET" && p == "metadata-catalog":
		io.WriteString(w, `{"items":[{"name":"customer","links":[{"rel":"canonical","href":"https://x/services/rest/record/v1/metadata-catalog/customer","mediaType":"application/json"}]}]}`)
	case r.Method == "GET" && p == "metadata-catalog/customer":
		io.WriteString(w, `{"type":"object","properties":{"companyName":{"type":"string"}}}`)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"type":"https://www.w3.org/Protocols/rfc9110.html#section-15.5.5","title":"Not Found","status":404,"o:errorDetails":[{"detail":"The record instance does not exist. Provide a valid record instance ID.","o:errorCode":"NONEXISTENT_ID"}]}`)
	}
}

func fakeEnv(url string) map[string]string {
	return map[string]string{
		"NETSUITE_ACCOUNT": "1234567", "NETSUITE_BASE_URL": url,
		"NETSUITE_CONSUMER_KEY":    "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
		"NETSUITE_CONSUMER_SECRET": "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5",
		"NETSUITE_TOKEN_ID":        "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
		"NETSUITE_TOKEN_SECRET":    "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
	}
}

func TestRecordAndMetadataCommands(t *testing.T) {
	file := filepath.Join(t.TempDir(), "body.json")
	os.WriteFile(file, []byte(`{"companyName":"From File"}`), 0o644)
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantOut  string // exact stdout
		wantSeen []string
		wantCode int
		wantErr  string
	}{
		{"get", []string{"record", "get", "customer", "107", "--fields", "companyName,subsidiary", "--expand"}, "",
			`{
  "companyName": "Barbara <Ltd>",
  "id": "107",
  "links": [
    {
      "href": "https://x/services/rest/record/v1/customer/107",
      "rel": "self"
    }
  ],
  "subsidiary": {
    "id": "1",
    "links": [],
    "refName": "Parent"
  }
}
`, []string{"GET /services/rest/record/v1/customer/107?expandSubResources=true&fields=companyName%2Csubsidiary"}, 0, ""},
		{"get not found", []string{"record", "get", "customer", "999"}, "", "",
			[]string{"GET /services/rest/record/v1/customer/999"}, 1, "NONEXISTENT_ID: The record instance does not exist"},
		{"create inline", []string{"record", "create", "customer", "--data", `{"companyName":"My Co","subsidiary":{"id":"1"}}`}, "",
			"{\n  \"id\": \"647\"\n}\n", []string{`POST /services/rest/record/v1/customer {"companyName":"My Co","subsidiary":{"id":"1"}}`}, 0, ""},
		{"create from file", []string{"record", "create", "customer", "--data", "@" + file}, "",
			"{\n  \"id\": \"647\"\n}\n", []string{`POST /services/rest/record/v1/customer {"companyName":"From File"}`}, 0, ""},
		{"create from stdin", []string{"record", "create", "customer", "--data", "-"}, `{"companyName":"Piped"}`,
			"{\n  \"id\": \"647\"\n}\n", []string{`POST /services/rest/record/v1/customer {"companyName":"Piped"}`}, 0, ""},
		{"create async", []string{"record", "create", "customer", "--async", "--data", `{"a":1}`}, "",
			"{\n  \"job\": \"/services/rest/async/v1/job/77\"\n}\n",
			[]string{`POST /services/rest/record/v1/customer {"a":1} [respond-async]`}, 0, ""},
		{"job", []string{"record", "job", "https://x/services/rest/async/v1/job/77"}, "", `{
  "job": {
    "id": "77",
    "completed": true,
    "progress": "succeeded",
    "links": [],
    "task": {
      "links": [
        {
          "rel": "self",
          "href": "https://x/services/rest/async/v1/job/77/task"
        }
      ]
    }
  },
  "tasks": [
    {
      "id": "1",
      "completed": true,
      "progress": "succeeded",
      "links": [
        {
          "rel": "related",
          "href": "https://x/services/rest/async/v1/job/77/task/1/result"
        }
      ],
      "location": "https://x/services/rest/record/v1/customer/649"
    }
  ]
}
`, []string{"GET /services/rest/async/v1/job/77", "GET /services/rest/async/v1/job/77/task", "GET /services/rest/async/v1/job/77/task/1",
			"GET /services/rest/async/v1/job/77/task/1/result"}, 0, ""},
		{"create bad JSON", []string{"record", "create", "customer", "--data", `{"a":`}, "", "", nil, 1, "not valid JSON"},
		{"create array", []string{"record", "create", "customer", "--data", `[1]`}, "", "", nil, 1, "must be a JSON object"},
		{"create no data", []string{"record", "create", "customer"}, "", "", nil, 1, "--data is required"},
		{"update", []string{"record", "update", "customer", "107", "--data", `{"email":"x@y.z"}`}, "",
			"{\n  \"id\": \"107\"\n}\n", []string{`PATCH /services/rest/record/v1/customer/107 {"email":"x@y.z"}`}, 0, ""},
		{"upsert", []string{"record", "upsert", "customer", "eid:CID002", "--data", `{"companyName":"U"}`}, "",
			"{\n  \"externalId\": \"CID002\",\n  \"id\": \"648\"\n}\n", []string{`PUT /services/rest/record/v1/customer/eid:CID002 {"companyName":"U"}`}, 0, ""},
		{"delete", []string{"record", "delete", "customer", "107"}, "",
			"{\n  \"deleted\": \"107\"\n}\n", []string{`DELETE /services/rest/record/v1/customer/107`}, 0, ""},
		{"delete bad id", []string{"record", "delete", "customer", "1/2"}, "", "", nil, 1, "contains '/'"},
		{"list page", []string{"record", "list", "customer", "--limit", "2", "--q", `companyName START_WITH "A B"`}, "",
			`{
  "count": 2,
  "hasMore": true,
  "items": [
    {
      "id": "100"
    },
    {
      "id": "101"
    }
  ],
  "offset": 0,
  "totalResults": 5
}
`, []string{`GET /services/rest/record/v1/customer?limit=2&offset=0&q=companyName%20START_WITH%20%22A%20B%22`}, 0, ""},
		{"list all", []string{"record", "list", "customer", "--all", "--limit", "2"}, "",
			"{\"id\":\"100\"}\n{\"id\":\"101\"}\n{\"id\":\"102\"}\n{\"id\":\"103\"}\n{\"id\":\"104\"}\n",
			[]string{"GET /services/rest/record/v1/customer?limit=2&offset=0", "GET /services/rest/record/v1/customer?limit=2&offset=2",
				"GET /services/rest/record/v1/customer?limit=2&offset=4"}, 0, ""},
		{"list bad limit", []string{"record", "list", "customer", "--limit", "1001"}, "", "", nil, 1, "1 to 1000"},
		{"metadata catalog", []string{"metadata"}, "",
			`[
  {
    "name": "customer",
    "links": [
      {
        "rel": "canonical",
        "href": "https://x/services/rest/record/v1/metadata-catalog/customer",
        "mediaType": "application/json"
      }
    ]
  }
]
`, []string{"GET /services/rest/record/v1/metadata-catalog"}, 0, ""},
		{"metadata schema", []string{"metadata", "customer"}, "",
			"{\n  \"type\": \"object\",\n  \"properties\": {\n    \"companyName\": {\n      \"type\": \"string\"\n    }\n  }\n}\n",
			[]string{"GET /services/rest/record/v1/metadata-catalog/customer [application/schema+json]"}, 0, ""},
		{"metadata openapi", []string{"metadata", "customer", "salesOrder", "--openapi"}, "",
			"{\n  \"openapi\": \"3.0.1\",\n  \"paths\": {}\n}\n",
			[]string{"GET /services/rest/record/v1/metadata-catalog?select=customer%2CsalesOrder [application/swagger+json]"}, 0, ""},
		{"metadata both flags", []string{"metadata", "customer", "--openapi", "--schema"}, "", "", nil, 1, "not both"},
		{"metadata schema without type", []string{"metadata", "--schema"}, "", "", nil, 1, "exactly one TYPE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := &fakeRecords{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			env := fakeEnv(srv.URL)
			env["XDG_CONFIG_HOME"] = t.TempDir()
			var out, errb bytes.Buffer
			code := Main(tt.args, strings.NewReader(tt.stdin), &out, &errb, func(k string) string { return env[k] })
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.wantCode, errb.String())
			}
			if out.String() != tt.wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), tt.wantOut)
			}
			if tt.wantErr != "" && !strings.Contains(errb.String(), tt.wantErr) {
				t.Errorf("stderr %q, want %q", errb.String(), tt.wantErr)
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			if strings.Join(fake.seen, "\n") != strings.Join(tt.wantSeen, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(fake.seen, "\n"), strings.Join(tt.wantSeen, "\n"))
			}
		})
	}
}

// TestRecordEmulator runs the record commands against the emulator.
func TestRecordEmulator(t *testing.T) {
	emu, err := sim.Start(t.Context(), sim.Config{Provision: true, Demo: true, DemoSize: 500})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	env := simEnv(emu)

	out, errOut, code := run(t, env, "record", "list", "customer", "--limit", "3")
	var page struct {
		Count, TotalResults int
		HasMore             bool
		Items               []struct{ ID string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &page) != nil || page.Count != 3 || !page.HasMore {
		t.Fatalf("list: %d %s %s", code, out, errOut)
	}
	out, errOut, code = run(t, env, "record", "list", "customer", "--all", "--limit", "7")
	if lines := strings.Count(out, "\n"); code != 0 || lines != page.TotalResults {
		t.Fatalf("list --all: %d lines of %d; %s", lines, page.TotalResults, errOut)
	}

	out, errOut, code = run(t, env, "record", "create", "customer", "--data", `{"companyName":"CLI Co","subsidiary":{"id":"1"}}`)
	var created struct{ ID string }
	if code != 0 || json.Unmarshal([]byte(out), &created) != nil || created.ID == "" {
		t.Fatalf("create: %d %s %s", code, out, errOut)
	}
	out, errOut, code = run(t, env, "record", "get", "customer", created.ID, "--fields", "companyName")
	if code != 0 || !strings.Contains(out, `"companyName": "CLI Co"`) {
		t.Fatalf("get: %d %s %s", code, out, errOut)
	}
	if _, errOut, code = run(t, env, "record", "delete", "customer", created.ID); code != 0 {
		t.Fatalf("delete: %s", errOut)
	}
	if _, errOut, code = run(t, env, "record", "get", "customer", created.ID); code != 1 || !strings.Contains(errOut, "404") {
		t.Errorf("get after delete: %d %s", code, errOut)
	}
	out, errOut, code = run(t, env, "metadata")
	if code != 0 || !strings.Contains(out, `"name": "customer"`) {
		t.Errorf("metadata: %d %.300s %s", code, out, errOut)
	}
	noSecrets(t, emu, out, errOut)
}

// TestRecordListNumbersChecked: out-of-range numbers are refused with the
// valid range, before any request.
func TestRecordListNumbersChecked(t *testing.T) {
	env := map[string]string{"NETSUITE_ACCOUNT": "1234567", "NETSUITE_BASE_URL": "http://127.0.0.1:1"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"record", "list", "customer", "--limit", "0"}, "--limit 0: NetSuite lists 1 to 1000"},
		{[]string{"record", "list", "customer", "--limit", "1001"}, "--limit 1001"},
		{[]string{"record", "list", "customer", "--offset", "-1"}, "--offset -1"},
	} {
		if _, stderr, code := run(t, env, tc.args...); code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d %q, want %q", tc.args, code, stderr, tc.want)
		}
	}
}
