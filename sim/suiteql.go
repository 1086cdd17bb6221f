package sim

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	suiteql "github.com/go-netsuite/netsuite/sim/internal/suiteqlengine"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// suiteQLBody is the request body of POST /services/rest/query/v1/suiteql.
type suiteQLBody struct {
	Q string `json:"q"`
}

// serveSuiteQL answers POST /services/rest/query/v1/suiteql?limit=&offset=
// with NetSuite's paging envelope.
func (s *Server) serveSuiteQL(w http.ResponseWriter, r *http.Request, l *login) {
	if r.Method != http.MethodPost {
		wire.MethodNotAllowed(r.Method, http.MethodPost).Write(w)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		wire.UnsupportedMediaType(r.Header.Get("Content-Type")).Write(w)
		return
	}
	q := r.URL.Query()
	limit, ok1 := pagingParam(q, "limit", suiteql.DefaultLimit)
	offset, ok2 := pagingParam(q, "offset", 0)
	if _, given := q["limit"]; given && limit == 0 {
		ok1 = false // Execute reads 0 as "not given"; a client that sends 0 is refused
	}
	if !ok1 || !ok2 {
		param := "limit"
		if ok1 {
			param = "offset"
		}
		e := wire.InvalidSearchQuery("")
		e.Detail, e.QueryParam = "Invalid '"+param+"' parameter value. The value must be an integer.", param
		e.Write(w)
		return
	}
	var body suiteQLBody
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	if err := dec.Decode(&body); err != nil || body.Q == "" {
		wire.InvalidSearchQuery("Invalid or unsupported search.").Write(w)
		return
	}
	if !l.perms.Has(store.PermSuiteAnalyticsWorkbook, store.LevelView) {
		wire.InsufficientPermission(store.PermSuiteAnalyticsWorkbook).Write(w)
		return
	}
	res, err := suiteql.Execute(r.Context(), s.store.DB(), body.Q, suiteql.ExecOptions{
		Offset: offset, Limit: limit, Counts: s.counts, Now: s.now, Catalog: s.catalogs().tables,
		// SuiteQL needs the SuiteAnalytics Workbook permission, then the
		// record permissions of every table the query reads.
		Allowed: func(p string) bool { return l.perms.Has(p, store.LevelView) },
	})
	if err != nil {
		var qe *suiteql.Error
		var pe *suiteql.PermissionError
		switch {
		case errors.As(err, &qe):
			e := wire.InvalidSearchQuery("")
			e.Detail, e.QueryParam = qe.Detail, qe.Param
			e.Write(w)
		case errors.As(err, &pe):
			wire.InsufficientPermission(pe.Permission).Write(w)
		case isNoTable(err):
			// The demo data was not generated: the table does not exist here.
			_, table, _ := strings.Cut(err.Error(), "no such table: ")
			e := wire.InvalidSearchQuery("")
			e.Detail = suiteql.DetailPrefix + "Invalid search type: " + strings.Trim(strings.Fields(table + " x")[0], `"`) + "."
			e.Write(w)
		default:
			s.internalError(w, err)
		}
		return
	}
	if limit == 0 {
		limit = suiteql.DefaultLimit
	}
	page := &suiteQLPage{Count: res.Count, HasMore: res.HasMore, Offset: res.Offset, TotalResults: res.TotalResults,
		Items: make([]json.RawMessage, len(res.Items))}
	for i, it := range res.Items {
		b, err := it.MarshalJSON()
		if err != nil {
			s.internalError(w, err)
			return
		}
		page.Items[i] = b
	}
	page.Links = pageLinks(requestURL(r), offset, limit, res.TotalResults)
	w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=collection; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(page)
}

// suiteQLPage is NetSuite's collection envelope, in NetSuite's key order.
type suiteQLPage struct {
	Links        []link            `json:"links"`
	Count        int               `json:"count"`
	HasMore      bool              `json:"hasMore"`
	Items        []json.RawMessage `json:"items"`
	Offset       int               `json:"offset"`
	TotalResults int               `json:"totalResults"`
}

type link struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
}

func pagingParam(q url.Values, name string, def int) (int, bool) {
	v, ok := q[name]
	if !ok || len(v) == 0 {
		return def, true
	}
	n, err := strconv.Atoi(v[0])
	return n, err == nil
}

// pageLinks builds the first/prev/next/last/self links of a page.
func pageLinks(self *url.URL, offset, limit, total int) []link {
	at := func(off int) string {
		u := *self
		q := u.Query()
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(off))
		u.RawQuery = q.Encode()
		return u.String()
	}
	var ls []link
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	if offset > 0 {
		ls = append(ls, link{"previous", at(max(offset-limit, 0))})
	}
	ls = append(ls, link{"first", at(0)})
	if offset+limit < total {
		ls = append(ls, link{"next", at(offset + limit)})
	}
	ls = append(ls, link{"last", at(last)}, link{"self", at(offset)})
	return ls
}
