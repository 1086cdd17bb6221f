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

// PageLinks builds the first/prev/next/last/self links of a page.
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
		ls = append(ls, Link{"previous", at(max(offset-limit, 0))})
	}
	ls = append(ls, Link{"first", at(0)})
	if offset+limit < total {
		ls = append(ls, Link{"next", at(offset + limit)})
	}
	ls = append(ls, Link{"last", at(last)}, Link{"self", at(offset)})
	return ls
}
