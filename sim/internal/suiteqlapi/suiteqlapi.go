// Package suiteqlapi is the emulator's REST SuiteQL endpoint,
// POST /services/rest/query/v1/suiteql, over the SuiteQL engine of
// sim/internal/suiteqlengine.
package suiteqlapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/go-netsuite/netsuite/sim/internal/core"
	suiteql "github.com/go-netsuite/netsuite/sim/internal/suiteqlengine"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// suiteQLBody is the request body of POST /services/rest/query/v1/suiteql.
type suiteQLBody struct {
	Q string `json:"q"`
}

// Serve answers POST /services/rest/query/v1/suiteql?limit=&offset=
// with NetSuite's paging envelope.
func (s *Service) Serve(w http.ResponseWriter, r *http.Request, l *core.Login) {
	if r.Method != http.MethodPost {
		wire.MethodNotAllowed(r.Method, http.MethodPost).Write(w)
		return
	}
	// A body without Content-Type is taken as JSON, as NetSuite takes it:
	// the npm netsuite-rest client never sends one and its live tests
	// expect 200 (ehmad11/netsuite-rest: netsuite-rest.test.js).
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			wire.UnsupportedMediaType(ct).Write(w)
			return
		}
	}
	q := r.URL.Query()
	limit, ok1 := core.PagingParam(q, "limit", suiteql.DefaultLimit)
	offset, ok2 := core.PagingParam(q, "offset", 0)
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
	raw, err := core.ReadBody(w, r, core.MaxRESTRequest)
	if e, ok := core.TooLarge(err); ok {
		e.Write(w)
		return
	}
	if err != nil { // the client went away
		s.InternalError(w, err)
		return
	}
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&body); err != nil || body.Q == "" {
		wire.InvalidSearchQuery("Invalid or unsupported search.").Write(w)
		return
	}
	if !l.Perms.Has(vocab.PermSuiteAnalyticsWorkbook, vocab.LevelView) {
		wire.InsufficientPermission(vocab.PermSuiteAnalyticsWorkbook).Write(w)
		return
	}
	res, err := suiteql.Execute(r.Context(), s.Store.DB(), body.Q, suiteql.ExecOptions{
		Offset: offset, Limit: limit, Counts: s.Counts, Now: s.Now, Catalog: s.Catalogs().Tables,
		// SuiteQL needs the SuiteAnalytics Workbook permission, then the
		// record permissions of every table the query reads.
		Allowed: func(p string) bool { return l.Perms.Has(p, vocab.LevelView) },
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
		case core.IsNoTable(err):
			// The demo data was not generated: the table does not exist here.
			_, table, _ := strings.Cut(err.Error(), "no such table: ")
			e := wire.InvalidSearchQuery("")
			e.Detail = suiteql.DetailPrefix + "Invalid search type: " + strings.Trim(strings.Fields(table + " x")[0], `"`) + "."
			e.Write(w)
		default:
			s.InternalError(w, err)
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
			s.InternalError(w, err)
			return
		}
		page.Items[i] = b
	}
	page.Links = core.PageLinks(core.RequestURL(r), offset, limit, res.TotalResults)
	w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=collection; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(page)
}

// suiteQLPage is NetSuite's collection envelope, in NetSuite's key order.
type suiteQLPage struct {
	Links        []core.Link       `json:"links"`
	Count        int               `json:"count"`
	HasMore      bool              `json:"hasMore"`
	Items        []json.RawMessage `json:"items"`
	Offset       int               `json:"offset"`
	TotalResults int               `json:"totalResults"`
}

// Service is one server's SuiteQL endpoint.
type Service struct{ *core.Core }

// New returns the SuiteQL endpoint of the server whose core is c.
func New(c *core.Core) *Service { return &Service{c} }
