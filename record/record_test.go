package record_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/record"
	"github.com/google/go-cmp/cmp"
)

func creds() auth.Credentials {
	return auth.Credentials{Account: "1234567",
		ConsumerKey:    "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
		ConsumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5",
		TokenID:        "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
		TokenSecret:    "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"}
}

func clientFor(t *testing.T, base string) *record.Service {
	t.Helper()
	c, err := netsuite.NewClient(netsuite.WithCredentials(creds()), netsuite.WithBaseURL(base),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	return record.New(c)
}

// setup returns a service talking to a fresh httptest server whose mux the
// test fills, like go-github's setup.
func setup(t *testing.T) (*record.Service, *http.ServeMux, string) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return clientFor(t, srv.URL), mux, srv.URL
}

// want checks a request's method, path, query, selected headers and body.
type want struct {
	method, path, query string
	headers             map[string]string
	body                string // JSON, compared semantically; "" for none
}

func check(t *testing.T, r *http.Request, w want) {
	t.Helper()
	if r.Method != w.method {
		t.Errorf("method %s, want %s", r.Method, w.method)
	}
	if r.URL.EscapedPath() != w.path {
		t.Errorf("path %s, want %s", r.URL.EscapedPath(), w.path)
	}
	if got := r.URL.Query().Encode(); got != w.query {
		t.Errorf("query %q, want %q", got, w.query)
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "OAuth ") {
		t.Errorf("unsigned request: Authorization %q", r.Header.Get("Authorization"))
	}
	for k, v := range w.headers {
		if got := r.Header.Get(k); got != v {
			t.Errorf("header %s: %q, want %q", k, got, v)
		}
	}
	b, _ := io.ReadAll(r.Body)
	if w.body == "" {
		if len(b) != 0 {
			t.Errorf("body %s, want none", b)
		}
		return
	}
	var got, exp any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Errorf("body %s: %v", b, err)
		return
	}
	json.Unmarshal([]byte(w.body), &exp)
	if d := cmp.Diff(exp, got); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
}

const customer107 = `{
 "links":[{"rel":"self","href":"https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/107"}],
 "id":"107","entityId":"Barbara's \"Shop\"","companyName":"Barbara Ltd","creditLimit":1500.5,"isInactive":false,
 "subsidiary":{"links":[{"rel":"self","href":"https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/subsidiary/1"}],"id":"1","refName":"Parent Company"},
 "addressBook":{"links":[{"rel":"self","href":"https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/107/addressBook"}]}
}`

func TestGet(t *testing.T) {
	tests := []struct {
		name string
		id   string
		opts *record.GetOptions
		want want
	}{
		{"plain", "107", nil, want{method: "GET", path: "/services/rest/record/v1/customer/107"}},
		{"fields", "107", &record.GetOptions{Fields: []string{"companyName", "email"}},
			want{method: "GET", path: "/services/rest/record/v1/customer/107", query: "fields=companyName%2Cemail"}},
		{"expand", "107", &record.GetOptions{ExpandSubResources: true},
			want{method: "GET", path: "/services/rest/record/v1/customer/107", query: "expandSubResources=true"}},
		{"external id with a space", "eid:CID 002", nil,
			want{method: "GET", path: "/services/rest/record/v1/customer/eid:CID%20002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				check(t, r, tt.want)
				w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=singular")
				io.WriteString(w, customer107)
			})
			rec, err := svc.Get(t.Context(), "customer", tt.id, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if rec.ID() != "107" {
				t.Errorf("id %q", rec.ID())
			}
			if s, ok := rec.String("entityId"); !ok || s != `Barbara's "Shop"` {
				t.Errorf("entityId %q %v", s, ok)
			}
			if s, ok := rec.String("creditLimit"); !ok || s != "1500.5" {
				t.Errorf("creditLimit %q %v (numbers keep their JSON spelling)", s, ok)
			}
			if s, ok := rec.String("isInactive"); !ok || s != "false" {
				t.Errorf("isInactive %q", s)
			}
			if _, ok := rec.String("subsidiary"); ok {
				t.Error("an object read as a string")
			}
			ref, ok := rec.Ref("subsidiary")
			if !ok || ref.ID != "1" || ref.RefName != "Parent Company" || !strings.HasSuffix(ref.Self(), "/subsidiary/1") {
				t.Errorf("subsidiary %+v %v", ref, ok)
			}
			if _, ok := rec.Ref("companyName"); ok {
				t.Error("a string read as a reference")
			}
			if !strings.HasSuffix(rec.Self(), "/customer/107") || len(rec.Links()) != 1 {
				t.Errorf("links %+v", rec.Links())
			}
			var c struct {
				ID          string  `json:"id"`
				CompanyName string  `json:"companyName"`
				CreditLimit float64 `json:"creditLimit"`
				Subsidiary  record.Reference
			}
			if err := rec.Decode(&c); err != nil {
				t.Fatal(err)
			}
			if c.ID != "107" || c.CompanyName != "Barbara Ltd" || c.CreditLimit != 1500.5 || c.Subsidiary.RefName != "Parent Company" {
				t.Errorf("decoded %+v", c)
			}
		})
	}
}

func TestCreate(t *testing.T) {
	type customer struct {
		CompanyName string           `json:"companyName"`
		Subsidiary  record.Reference `json:"subsidiary"`
	}
	tests := []struct {
		name     string
		body     any
		location string
		wantID   string
	}{
		{"record", record.Record{"companyName": "My Company", "subsidiary": record.ByID("1")},
			"https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/647", "647"},
		{"struct", customer{"My Company", record.ByID("1")}, "/services/rest/record/v1/customer/648", "648"},
		{"raw JSON", []byte(`{"companyName":"My Company","subsidiary":{"id":"1"}}`), "/services/rest/record/v1/customer/649", "649"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				check(t, r, want{method: "POST", path: "/services/rest/record/v1/customer",
					headers: map[string]string{"Content-Type": "application/json", "Prefer": ""},
					body:    `{"companyName":"My Company","subsidiary":{"id":"1"}}`})
				w.Header().Set("Location", tt.location)
				w.WriteHeader(http.StatusNoContent)
			})
			id, err := svc.Create(t.Context(), "customer", tt.body)
			if err != nil || id != tt.wantID {
				t.Fatalf("id %q, err %v", id, err)
			}
		})
	}
	t.Run("no Location", func(t *testing.T) {
		svc, mux, _ := setup(t)
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
		if _, err := svc.Create(t.Context(), "customer", record.Record{"a": "b"}); err == nil {
			t.Error("a 204 without Location gave no error")
		}
	})
}

func TestUpdateUpsertDelete(t *testing.T) {
	body := `{"email":"b@example.com","entityStatus":{"externalId":"HOT"}}`
	rec := record.Record{"email": "b@example.com", "entityStatus": record.ByExternalID("HOT")}
	tests := []struct {
		name     string
		want     want
		location string
		call     func(context.Context, *record.Service) (string, error)
		wantID   string
	}{
		{"update", want{method: "PATCH", path: "/services/rest/record/v1/customer/107", body: body,
			headers: map[string]string{"Content-Type": "application/json"}}, "",
			func(ctx context.Context, s *record.Service) (string, error) {
				return "", s.Update(ctx, "customer", "107", rec)
			}, ""},
		{"update by external id", want{method: "PATCH", path: "/services/rest/record/v1/customer/eid:CID002", body: body}, "",
			func(ctx context.Context, s *record.Service) (string, error) {
				return "", s.Update(ctx, "customer", "eid:CID002", rec)
			}, ""},
		{"upsert", want{method: "PUT", path: "/services/rest/record/v1/customer/eid:CID002", body: body,
			headers: map[string]string{"Content-Type": "application/json"}}, "/services/rest/record/v1/customer/650",
			func(ctx context.Context, s *record.Service) (string, error) {
				return s.Upsert(ctx, "customer", "CID002", rec)
			}, "650"},
		{"upsert eid: prefix, no Location", want{method: "PUT", path: "/services/rest/record/v1/customer/eid:CID%22%202", body: body}, "",
			func(ctx context.Context, s *record.Service) (string, error) {
				return s.Upsert(ctx, "customer", `eid:CID" 2`, json.RawMessage(body))
			}, ""},
		{"delete", want{method: "DELETE", path: "/services/rest/record/v1/customer/107"}, "",
			func(ctx context.Context, s *record.Service) (string, error) {
				return "", s.Delete(ctx, "customer", "107")
			}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				check(t, r, tt.want)
				if tt.location != "" {
					w.Header().Set("Location", tt.location)
				}
				w.WriteHeader(http.StatusNoContent)
			})
			id, err := tt.call(t.Context(), svc)
			if err != nil || id != tt.wantID {
				t.Fatalf("id %q, err %v", id, err)
			}
		})
	}
}

// page answers one list page in NetSuite's envelope.
func page(w http.ResponseWriter, r *http.Request, total, offset, limit int) {
	type item struct {
		Links []record.Link `json:"links"`
		ID    string        `json:"id"`
	}
	items := []item{}
	for i := offset; i < total && i < offset+limit; i++ {
		id := itoa(100 + i)
		items = append(items, item{[]record.Link{{Rel: "self", Href: "https://x/services/rest/record/v1/customer/" + id}}, id})
	}
	links := []record.Link{{Rel: "self", Href: "https://x" + r.URL.RequestURI()}}
	if offset+limit < total {
		links = append(links, record.Link{Rel: "next", Href: "https://x/services/rest/record/v1/customer?limit=" + itoa(limit) + "&offset=" + itoa(offset+limit)})
	}
	json.NewEncoder(w).Encode(map[string]any{"links": links, "count": len(items), "hasMore": offset+len(items) < total,
		"items": items, "offset": offset, "totalResults": total})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestList(t *testing.T) {
	tests := []struct {
		name      string
		opts      *record.ListOptions
		wantQuery string
	}{
		{"defaults", nil, "limit=1000&offset=0"},
		{"raw q", &record.ListOptions{Q: `email START_WITH "barbara"`, Limit: 2, Offset: 4},
			"limit=2&offset=4&q=email+START_WITH+%22barbara%22"},
		{"builder", &record.ListOptions{Where: record.Q().Field("dateCreated").After("2026-01-01"), Limit: 5},
			"limit=5&offset=0&q=dateCreated+AFTER+%222026-01-01%22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				check(t, r, want{method: "GET", path: "/services/rest/record/v1/customer", query: tt.wantQuery})
				if strings.Contains(r.URL.RawQuery, "+") {
					t.Errorf("query %q: spaces must be %%20", r.URL.RawQuery)
				}
				page(w, r, 7, 0, 2)
			})
			p, err := svc.List(t.Context(), "customer", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if p.Count != 2 || !p.HasMore || p.TotalResults != 7 || len(p.Items) != 2 || p.Items[0].ID != "100" ||
				!strings.HasSuffix(p.Items[1].Self(), "/customer/101") || !strings.Contains(p.Next(), "offset=2") {
				t.Errorf("page %+v", p)
			}
		})
	}
}

func TestAll(t *testing.T) {
	t.Parallel()
	svc, mux, _ := setup(t)
	var offsets []string
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offsets = append(offsets, q.Get("offset"))
		if q.Get("limit") != "3" || q.Get("q") != `isInactive IS false` {
			t.Errorf("query %s", r.URL.RawQuery)
		}
		var off int
		json.Unmarshal([]byte(q.Get("offset")), &off)
		page(w, r, 8, off, 3)
	})
	opts := &record.ListOptions{Where: record.Q().Field("isInactive").Is(false), Limit: 3, Offset: 1}
	before := *opts
	var ids []string
	for ref, err := range svc.All(t.Context(), "customer", opts) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ref.ID)
	}
	if d := cmp.Diff([]string{"101", "102", "103", "104", "105", "106", "107"}, ids); d != "" {
		t.Errorf("ids (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"1", "4", "7"}, offsets); d != "" {
		t.Errorf("offsets (-want +got):\n%s", d)
	}
	if opts.Q != before.Q || opts.Where != before.Where || opts.Limit != before.Limit || opts.Offset != before.Offset {
		t.Errorf("All changed the caller's options: %+v", opts)
	}
	// Stopping early makes no further request.
	offsets = nil
	for range svc.All(t.Context(), "customer", opts) {
		break
	}
	if len(offsets) != 1 {
		t.Errorf("%d requests after break", len(offsets))
	}
}

func TestAllErrorYieldedOnce(t *testing.T) {
	t.Parallel()
	svc, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("offset") == "0" {
			page(w, r, 10, 0, 2)
			return
		}
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html","title":"Bad Request","status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`)
	})
	var n, errs int
	for _, err := range svc.All(t.Context(), "customer", &record.ListOptions{Limit: 2}) {
		if err != nil {
			errs++
			if !netsuite.IsConcurrencyLimit(err) {
				t.Errorf("error %v", err)
			}
			continue // the sequence must end by itself
		}
		n++
	}
	if n != 2 || errs != 1 {
		t.Errorf("%d refs, %d errors", n, errs)
	}
}

func TestSubResource(t *testing.T) {
	t.Parallel()
	svc, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		check(t, r, want{method: "GET", path: "/services/rest/record/v1/salesOrder/1/item"})
		io.WriteString(w, `{"links":[{"rel":"self","href":"https://x/services/rest/record/v1/salesOrder/1/item"}],
		 "items":[{"links":[{"rel":"self","href":"https://x/services/rest/record/v1/salesOrder/1/item/1"}],"line":1,"item":{"id":"33","refName":"Widget"},"quantity":2}],
		 "totalResults":1,"count":1,"hasMore":false,"offset":0}`)
	})
	r, err := svc.SubResource(t.Context(), "salesOrder", "1", "item")
	if err != nil {
		t.Fatal(err)
	}
	lines := r.Items("")
	if len(lines) != 1 {
		t.Fatalf("lines %+v", lines)
	}
	if ref, _ := lines[0].Ref("item"); ref.RefName != "Widget" {
		t.Errorf("line item %+v", ref)
	}
	if q, _ := lines[0].String("quantity"); q != "2" {
		t.Errorf("quantity %q", q)
	}
}

func TestExpandedSublist(t *testing.T) {
	r := record.Record{}
	json.Unmarshal([]byte(`{"addressBook":{"links":[],"items":[{"id":"39","addressbookaddress":{"city":"X"}}]}}`), &r)
	if it := r.Items("addressBook"); len(it) != 1 || it[0].ID() != "39" {
		t.Errorf("items %+v", it)
	}
	if it := r.Items("nope"); it != nil {
		t.Errorf("items of an absent field %+v", it)
	}
}

func TestAsyncJob(t *testing.T) {
	t.Parallel()
	svc, mux, base := setup(t)
	var polls atomic.Int32
	mux.HandleFunc("/services/rest/record/v1/customer", func(w http.ResponseWriter, r *http.Request) {
		check(t, r, want{method: "POST", path: "/services/rest/record/v1/customer", body: `{"companyName":"Async Co"}`,
			headers: map[string]string{"Prefer": "respond-async", "Content-Type": "application/json"}})
		w.Header().Set("Preference-Applied", "respond-async")
		w.Header().Set("Location", base+"/services/rest/async/v1/job/123456")
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("/services/rest/async/v1/job/123456", func(w http.ResponseWriter, r *http.Request) {
		check(t, r, want{method: "GET", path: "/services/rest/async/v1/job/123456"})
		done := polls.Add(1) >= 3
		progress := "pending"
		if done {
			progress = "succeeded"
		}
		json.NewEncoder(w).Encode(map[string]any{"links": []record.Link{{Rel: "self", Href: base + "/services/rest/async/v1/job/123456"}},
			"completed": done, "id": "123456", "progress": progress,
			"task": map[string]any{"links": []record.Link{{Rel: "self", Href: base + "/services/rest/async/v1/job/123456/task"}}}})
	})
	mux.HandleFunc("/services/rest/async/v1/job/123456/task", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"links":[],"items":[{"links":[{"rel":"self","href":"`+base+`/services/rest/async/v1/job/123456/task/1"}],"id":"1"}],"count":1,"hasMore":false,"offset":0,"totalResults":1}`)
	})
	mux.HandleFunc("/services/rest/async/v1/job/123456/task/1", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"links":[{"rel":"related","href":"`+base+`/services/rest/async/v1/job/123456/task/1/result"},{"rel":"self","href":"`+base+`/services/rest/async/v1/job/123456/task/1"}],
		 "completed":true,"endTime":"2026-11-28T13:00:02Z","id":"1","progress":"succeeded","startTime":"2026-11-28T13:00:01Z"}`)
	})
	mux.HandleFunc("/services/rest/async/v1/job/123456/task/1/result", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, customer107)
	})
	job, err := svc.Async(t.Context(), "post", "customer", "", record.Record{"companyName": "Async Co"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(job, "/services/rest/async/v1/job/123456") {
		t.Fatalf("job URL %q", job)
	}
	var seen []string
	res, err := svc.Job(t.Context(), job, &record.PollOptions{Initial: time.Millisecond, Max: 4 * time.Millisecond,
		OnPoll: func(j record.JobStatus) { seen = append(seen, j.Progress) }})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"pending", "pending", "succeeded"}, seen); d != "" {
		t.Errorf("polls (-want +got):\n%s", d)
	}
	if !res.Job.Completed || len(res.Tasks) != 1 || res.Tasks[0].Progress != "succeeded" || res.Tasks[0].EndTime == "" {
		t.Fatalf("result %+v", res)
	}
	var rec record.Record
	if err := json.Unmarshal(res.Tasks[0].Result, &rec); err != nil || rec.ID() != "107" {
		t.Errorf("task result %s: %v", res.Tasks[0].Result, err)
	}

	// A cancelled context ends polling.
	polls.Store(-1000)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := svc.Job(ctx, "/services/rest/async/v1/job/123456", &record.PollOptions{Initial: 5 * time.Millisecond}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("polling past the deadline: %v", err)
	}
}

func TestMetadata(t *testing.T) {
	tests := []struct {
		name string
		want want
		call func(context.Context, *record.Service) (any, error)
	}{
		{"catalog", want{method: "GET", path: "/services/rest/record/v1/metadata-catalog"},
			func(ctx context.Context, s *record.Service) (any, error) { return s.Catalog(ctx) }},
		{"schema", want{method: "GET", path: "/services/rest/record/v1/metadata-catalog/customer",
			headers: map[string]string{"Accept": "application/schema+json"}},
			func(ctx context.Context, s *record.Service) (any, error) { return s.Schema(ctx, "customer") }},
		{"openapi", want{method: "GET", path: "/services/rest/record/v1/metadata-catalog", query: "select=customer%2CsalesOrder",
			headers: map[string]string{"Accept": "application/swagger+json"}},
			func(ctx context.Context, s *record.Service) (any, error) {
				return s.OpenAPI(ctx, "customer", "salesOrder")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				check(t, r, tt.want)
				io.WriteString(w, `{"items":[{"name":"account","links":[{"rel":"canonical","href":"https://x/services/rest/record/v1/metadata-catalog/account","mediaType":"application/json"},{"rel":"alternate","href":"https://x/services/rest/record/v1/metadata-catalog/account","mediaType":"application/swagger+json"}]}]}`)
			})
			got, err := tt.call(t.Context(), svc)
			if err != nil {
				t.Fatal(err)
			}
			switch v := got.(type) {
			case []record.CatalogEntry:
				if len(v) != 1 || v[0].Name != "account" || v[0].Links[1].MediaType != "application/swagger+json" {
					t.Errorf("catalog %+v", v)
				}
			case json.RawMessage:
				if !json.Valid(v) || len(v) < 10 {
					t.Errorf("document %s", v)
				}
			}
		})
	}
}

// calls is every network method with good arguments, for the failure tests.
var calls = map[string]func(context.Context, *record.Service) error{
	"Get": func(ctx context.Context, s *record.Service) error {
		_, err := s.Get(ctx, "customer", "1", nil)
		return err
	},
	"Create": func(ctx context.Context, s *record.Service) error {
		_, err := s.Create(ctx, "customer", record.Record{})
		return err
	},
	"Update": func(ctx context.Context, s *record.Service) error {
		return s.Update(ctx, "customer", "1", record.Record{})
	},
	"Upsert": func(ctx context.Context, s *record.Service) error {
		_, err := s.Upsert(ctx, "customer", "X", record.Record{})
		return err
	},
	"Delete": func(ctx context.Context, s *record.Service) error { return s.Delete(ctx, "customer", "1") },
	"List":   func(ctx context.Context, s *record.Service) error { _, err := s.List(ctx, "customer", nil); return err },
	"All":    func(ctx context.Context, s *record.Service) error { return firstErr(s.All(ctx, "customer", nil)) },
	"SubResource": func(ctx context.Context, s *record.Service) error {
		_, err := s.SubResource(ctx, "customer", "1", "addressBook")
		return err
	},
	"Async": func(ctx context.Context, s *record.Service) error {
		_, err := s.Async(ctx, "DELETE", "customer", "1", nil)
		return err
	},
	"JobStatus": func(ctx context.Context, s *record.Service) error {
		_, err := s.JobStatus(ctx, "/services/rest/async/v1/job/1")
		return err
	},
	"Job": func(ctx context.Context, s *record.Service) error {
		_, err := s.Job(ctx, "/services/rest/async/v1/job/1", nil)
		return err
	},
	"Catalog": func(ctx context.Context, s *record.Service) error { _, err := s.Catalog(ctx); return err },
	"Schema":  func(ctx context.Context, s *record.Service) error { _, err := s.Schema(ctx, "customer"); return err },
	"OpenAPI": func(ctx context.Context, s *record.Service) error { _, err := s.OpenAPI(ctx); return err },
}

func firstErr(seq func(func(record.Ref, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestRequestFailure: a refused request is a *netsuite.Error with NetSuite's
// detail, and a transport failure is returned as is.
func TestRequestFailure(t *testing.T) {
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
				w.WriteHeader(http.StatusNotFound)
				io.WriteString(w, `{"type":"https://www.w3.org/Protocols/rfc9110.html#section-15.5.5","title":"Not Found","status":404,"o:errorDetails":[{"detail":"The record instance does not exist. Provide a valid record instance ID.","o:errorCode":"NONEXISTENT_ID"}]}`)
			})
			err := call(t.Context(), svc)
			var ne *netsuite.Error
			if !errors.As(err, &ne) || ne.Code() != "NONEXISTENT_ID" || !netsuite.IsNotFound(err) || ne.StatusCode != 404 {
				t.Errorf("error %v", err)
			}

			srv := httptest.NewServer(http.NotFoundHandler())
			srv.Close()
			err = call(t.Context(), clientFor(t, srv.URL))
			if err == nil || errors.As(err, &ne) {
				t.Errorf("transport failure: %v", err)
			}
		})
	}
}

// TestBadArguments: arguments are checked before anything is sent.
func TestBadArguments(t *testing.T) {
	c := func(f func(context.Context, *record.Service) error) func(context.Context, *record.Service) error {
		return f
	}
	tests := []struct {
		name, wantErr string
		call          func(context.Context, *record.Service) error
	}{
		{"Get empty type", "empty record type", c(func(ctx context.Context, s *record.Service) error { _, err := s.Get(ctx, "", "1", nil); return err })},
		{"Get type with slash", "not a NetSuite record type", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Get(ctx, "customer/1", "1", nil)
			return err
		})},
		{"Get empty id", "empty id", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Get(ctx, "customer", " ", nil)
			return err
		})},
		{"Get id with slash", "contains '/'", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Get(ctx, "customer", "1/../2", nil)
			return err
		})},
		{"Get empty eid", "empty external id", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Get(ctx, "customer", "eid:", nil)
			return err
		})},
		{"Get bad field", "not a field name", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Get(ctx, "customer", "1", &record.GetOptions{Fields: []string{"a,b"}})
			return err
		})},
		{"Create empty type", "empty record type", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Create(ctx, "", record.Record{})
			return err
		})},
		{"Create nil body", "needs a body", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Create(ctx, "customer", nil)
			return err
		})},
		{"Create bad JSON", "not valid JSON", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Create(ctx, "customer", []byte("{"))
			return err
		})},
		{"Create unencodable", "encoding the body", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Create(ctx, "customer", map[string]any{"f": func() {}})
			return err
		})},
		{"Update empty id", "empty id", c(func(ctx context.Context, s *record.Service) error {
			return s.Update(ctx, "customer", "", record.Record{})
		})},
		{"Update nil body", "needs a body", c(func(ctx context.Context, s *record.Service) error { return s.Update(ctx, "customer", "1", nil) })},
		{"Upsert empty external id", "empty external id", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Upsert(ctx, "customer", "eid:", record.Record{})
			return err
		})},
		{"Upsert external id with slash", "contains '/'", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Upsert(ctx, "customer", "a/b", record.Record{})
			return err
		})},
		{"Delete empty type", "empty record type", c(func(ctx context.Context, s *record.Service) error { return s.Delete(ctx, "", "1") })},
		{"Delete id with slash", "contains '/'", c(func(ctx context.Context, s *record.Service) error { return s.Delete(ctx, "customer", "1/2") })},
		{"List limit 0 is default, 1001 is not", "1 to 1000", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.List(ctx, "customer", &record.ListOptions{Limit: 1001})
			return err
		})},
		{"List negative limit", "1 to 1000", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.List(ctx, "customer", &record.ListOptions{Limit: -1})
			return err
		})},
		{"List negative offset", "negative", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.List(ctx, "customer", &record.ListOptions{Offset: -1})
			return err
		})},
		{"List Q and Where", "not both", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.List(ctx, "customer", &record.ListOptions{Q: "a EMPTY", Where: record.Q().Field("b").Empty()})
			return err
		})},
		{"List bad builder", "not a field name", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.List(ctx, "customer", &record.ListOptions{Where: record.Q().Field("a b").Empty()})
			return err
		})},
		{"All empty type", "empty record type", c(func(ctx context.Context, s *record.Service) error { return firstErr(s.All(ctx, "", nil)) })},
		{"All limit", "1 to 1000", c(func(ctx context.Context, s *record.Service) error {
			return firstErr(s.All(ctx, "customer", &record.ListOptions{Limit: 5000}))
		})},
		{"SubResource bad sublist", "not a field name", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.SubResource(ctx, "customer", "1", "a/b")
			return err
		})},
		{"Async bad method", "async method", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Async(ctx, "HEAD", "customer", "1", nil)
			return err
		})},
		{"Async create with id", "takes no id", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Async(ctx, "POST", "customer", "1", record.Record{})
			return err
		})},
		{"Async update without body", "needs a body", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Async(ctx, "PATCH", "customer", "1", nil)
			return err
		})},
		{"Job bad URL", "not an async job URL", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.Job(ctx, "https://evil/x", nil)
			return err
		})},
		{"JobStatus bad URL", "not an async job URL", c(func(ctx context.Context, s *record.Service) error {
			_, err := s.JobStatus(ctx, "/services/rest/record/v1/customer")
			return err
		})},
		{"Schema empty type", "empty record type", c(func(ctx context.Context, s *record.Service) error { _, err := s.Schema(ctx, ""); return err })},
		{"OpenAPI bad type", "not a NetSuite record type", c(func(ctx context.Context, s *record.Service) error { _, err := s.OpenAPI(ctx, "customer,x"); return err })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("request sent: %s %s", r.Method, r.URL)
			})
			err := tt.call(t.Context(), svc)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestQueryBuilder(t *testing.T) {
	tests := []struct {
		name    string
		q       *record.Query
		want    string
		wantErr string
	}{
		{"issue example", record.Q().Field("email").StartWith("barbara").And().Field("dateCreated").After("2026-01-01"),
			`email START_WITH "barbara" AND dateCreated AFTER "2026-01-01"`, ""},
		{"quotes and spaces", record.Q().Field("companyName").Contain(`Bob's "Best" \ Shop`),
			`companyName CONTAIN "Bob's \"Best\" \\ Shop"`, ""},
		{"numbers, bools, or", record.Q().Field("creditLimit").GreaterOrEqual(1000).Or().Field("creditLimit").LessOrEqual(10.5).Or().Field("isInactive").Is(true),
			`creditLimit GREATER_OR_EQUAL 1000 OR creditLimit LESS_OR_EQUAL 10.5 OR isInactive IS true`, ""},
		{"lists", record.Q().Field("id").Between(1, 42).And().Field("id").AnyOf(7).And().Field("entityStatus").AnyOf("13", "14"),
			`id BETWEEN [1, 42] AND id ANY_OF [7] AND entityStatus ANY_OF ["13", "14"]`, ""},
		{"unary and time", record.Q().Field("companyName").Empty().And().Field("lastModifiedDate").OnOrAfter(time.Date(2026, 3, 15, 1, 0, 0, 0, time.FixedZone("", 3600))),
			`companyName EMPTY AND lastModifiedDate ON_OR_AFTER "2026-03-15T00:00:00Z"`, ""},
		{"group and raw", record.Q().Raw("email EMPTY_NOT").And().Group(record.Q().Field("a").Is(true).Or().Field("b").Op("start_with_not", "x")),
			`email EMPTY_NOT AND (a IS true OR b START_WITH_NOT "x")`, ""},
		{"other operators", record.Q().Field("a").NotEmpty().And().Field("b").IsText("x y").And().Field("c").IsNot(false).
			And().Field("d").Less(int64(3)).And().Field("e").EndWith("z").And().Field("f").Before("1/1/2026").
			And().Field("g").On("2026-01-01").And().Field("h").OnOrBefore("2026-01-02").And().Field("i").Equal(json.Number("1.50")).
			And().Field("custentity_x.name").Equal(2.5),
			`a EMPTY_NOT AND b IS "x y" AND c IS_NOT false AND d LESS 3 AND e END_WITH "z" AND f BEFORE "1/1/2026" AND g ON "2026-01-01" AND h ON_OR_BEFORE "2026-01-02" AND i EQUAL 1.50 AND custentity_x.name EQUAL 2.5`, ""},
		{"missing AND", record.Q().Field("a").Empty().Field("b").Empty(), "", "without And() or Or()"},
		{"dangling AND", record.Q().Field("a").Empty().And(), "", "ends with AND/OR"},
		{"leading OR", record.Q().Or().Field("a").Empty(), "", "OR without a condition"},
		{"bad field", record.Q().Field(`a" OR 1`).Empty(), "", "not a field name"},
		{"bad value", record.Q().Field("a").Equal([]int{1}), "", "use a string, number"},
		{"empty group", record.Q().Group(record.Q()), "", "empty group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Err()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.q.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAsyncRefusals(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		call    func(context.Context, *record.Service) error
		wantErr string
	}{
		{"no 202", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) },
			func(ctx context.Context, s *record.Service) error {
				_, err := s.Async(ctx, "DELETE", "customer", "1", nil)
				return err
			}, "not 202 with a job URL"},
		{"task link elsewhere", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"completed":true,"id":"1","task":{"links":[{"rel":"self","href":"https://evil.example/steal"}]}}`)
		}, func(ctx context.Context, s *record.Service) error {
			_, err := s.Job(ctx, "/services/rest/async/v1/job/1", nil)
			return err
		}, "no usable task link"},
		{"result not JSON", func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/services/rest/async/v1/job/1":
				io.WriteString(w, `{"completed":true,"id":"1","task":{"links":[]}}`)
			case "/services/rest/async/v1/job/1/task":
				io.WriteString(w, `{"items":[{"id":"1","links":[]}]}`) // no links: paths are derived
			case "/services/rest/async/v1/job/1/task/1":
				io.WriteString(w, `{"id":"1","completed":true,"progress":"failed","links":[]}`)
			case "/services/rest/async/v1/job/1/task/1/result":
				io.WriteString(w, `<html>`)
			default:
				t.Errorf("unexpected %s", r.URL.Path)
			}
		}, func(ctx context.Context, s *record.Service) error {
			_, err := s.Job(ctx, "https://1234567.suitetalk.api.netsuite.com/services/rest/async/v1/job/1", nil)
			return err
		}, "is not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, mux, _ := setup(t)
			mux.HandleFunc("/", tt.handler)
			if err := tt.call(t.Context(), svc); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}
