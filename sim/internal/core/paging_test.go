package core_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/google/go-cmp/cmp"
)

// pagingPositions are the pages of a collection the links differ on, as in
// the Help Center's examples: the first page (Collection Paging,
// section_156414087576: next, last, self), a middle page (section_1017083728:
// previous, first, next, last, self), the last page and a single page.
var pagingPositions = []struct {
	name                 string
	offset, limit, total int
	want                 []string // rel=offset
}{
	{"first page", 0, 2, 5, []string{"next=2", "last=4", "self=0"}},
	{"middle page", 6, 3, 15, []string{"previous=3", "first=0", "next=9", "last=12", "self=6"}},
	{"last page, full", 12, 3, 15, []string{"previous=9", "first=0", "self=12"}},
	{"last page, partial", 4, 2, 5, []string{"previous=2", "first=0", "self=4"}},
	{"single page", 0, 1000, 7, []string{"self=0"}},
	{"exactly one full page", 0, 5, 5, []string{"self=0"}},
	{"empty collection", 0, 10, 0, []string{"self=0"}},
	{"second page of two", 2, 2, 4, []string{"previous=0", "first=0", "self=2"}},
}

func relsOf(t *testing.T, links []core.Link, wantQ string) []string {
	t.Helper()
	var got []string
	for _, l := range links {
		u, err := url.Parse(l.Href)
		if err != nil {
			t.Fatal(err)
		}
		if wantQ != "" && u.Query().Get("q") != wantQ {
			t.Errorf("%s link lost the query: %s", l.Rel, l.Href)
		}
		got = append(got, l.Rel+"="+u.Query().Get("offset"))
	}
	return got
}

// TestPageLinks: which links a page has, in which order, by position.
func TestPageLinks(t *testing.T) {
	self, _ := url.Parse("https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/customer?q=isInactive+IS+false&limit=2")
	for _, tc := range pagingPositions {
		t.Run(tc.name, func(t *testing.T) {
			links := core.PageLinks(self, tc.offset, tc.limit, tc.total)
			if d := cmp.Diff(tc.want, relsOf(t, links, "isInactive IS false")); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			for _, l := range links {
				if !strings.Contains(l.Href, "limit="+strconv.Itoa(tc.limit)+"&") {
					t.Errorf("%s: %s", l.Rel, l.Href)
				}
			}
		})
	}
}

// TestPageLinksEndpoints: record lists and SuiteQL pages carry those links.
func TestPageLinksEndpoints(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	s := f.Signer(f.Creds)
	// Exactly 15 customers.
	for i := range 15 {
		if resp, body := f.Do(s, "POST", "/services/rest/record/v1/customer", `{"companyName":"C`+strconv.Itoa(i)+`","subsidiary":{"id":"1"}}`, nil); resp.StatusCode != 204 {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
	}
	type page struct {
		Links []core.Link `json:"links"`
	}
	for _, tc := range []struct{ name, offset, limit, want string }{
		{"first page", "0", "3", "next=3 last=12 self=0"},
		{"middle page", "6", "3", "previous=3 first=0 next=9 last=12 self=6"},
		{"last page", "12", "3", "previous=9 first=0 self=12"},
		{"single page", "0", "20", "self=0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := "?limit=" + tc.limit + "&offset=" + tc.offset
			resp, body := f.Do(s, "GET", "/services/rest/record/v1/customer"+q, "", nil)
			var p page
			if resp.StatusCode != 200 || json.Unmarshal(body, &p) != nil {
				t.Fatalf("record list: %d %s", resp.StatusCode, body)
			}
			if got := strings.Join(relsOf(t, p.Links, ""), " "); got != tc.want {
				t.Errorf("record list links %s, want %s", got, tc.want)
			}
			resp, body = f.Do(s, "POST", "/services/rest/query/v1/suiteql"+q, `{"q":"SELECT id FROM customer"}`, nil)
			p = page{}
			if resp.StatusCode != 200 || json.Unmarshal(body, &p) != nil {
				t.Fatalf("SuiteQL: %d %s", resp.StatusCode, body)
			}
			if got := strings.Join(relsOf(t, p.Links, ""), " "); got != tc.want {
				t.Errorf("SuiteQL links %s, want %s", got, tc.want)
			}
		})
	}
}
