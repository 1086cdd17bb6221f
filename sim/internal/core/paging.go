package core

import (
	"net/url"
	"strconv"
)

// Link is one entry of a REST answer's "links".
type Link struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
}

// PagingParam reads the integer query parameter name (def when absent);
// ok is false when it is not an integer.
func PagingParam(q url.Values, name string, def int) (int, bool) {
	v, ok := q[name]
	if !ok || len(v) == 0 {
		return def, true
	}
	n, err := strconv.Atoi(v[0])
	return n, err == nil
}

// PageLinks builds the links of a page of a collection (record lists,
// SuiteQL), as NetSuite's examples show them: "previous" and "first" only
// after the first page, "next" and "last" only before the last one, and
// always "self", in the order previous, first, next, last, self.
//
// Sources: Help Center "Collection Paging" (section_156414087576): the first
// page of customer?limit=2 has next, last, self; "Use Case for Fetching a
// List of All Customers with Pagination" (section_1017083728): the page at
// offset 6 of 15 with limit 3 has previous, first, next, last, self. The
// last page (previous, first, self) and a single page (self) follow the
// same rule; no example of them was found. The second example's navigation
// links lack the q parameter its self link has; the emulator keeps every
// query parameter in every link, so that following them stays in the same
// result set.
func PageLinks(self *url.URL, offset, limit, total int) []Link {
	at := func(off int) string {
		u := *self
		q := u.Query()
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(off))
		u.RawQuery = q.Encode()
		return u.String()
	}
	var ls []Link
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	if offset > 0 {
		ls = append(ls, Link{"previous", at(max(offset-limit, 0))}, Link{"first", at(0)})
	}
	if offset+limit < total {
		ls = append(ls, Link{"next", at(offset + limit)}, Link{"last", at(last)})
	}
	return append(ls, Link{"self", at(offset)})
}
