package records

import (
	"net/http"
	"strings"

	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// Record lists: GET …/record/v1/<type>?q=&limit=&offset= (ns-help
// section_1540810951): items carry only links and id; limit defaults to and
// may not exceed 1000.
const (
	recordListDefaultLimit = 1000
	recordListMaxLimit     = 1000
)

// list answers GET …/<type>.
func (rc *recordCall) list() {
	if !rc.allowed(vocab.LevelView) {
		return
	}
	q := rc.r.URL.Query()
	limit, ok := core.PagingParam(q, "limit", recordListDefaultLimit)
	if !ok || limit < 1 || limit > recordListMaxLimit {
		badParam(rc.w, "limit", "Invalid 'limit' parameter value. The value must be an integer between 1 and 1000.")
		return
	}
	offset, ok := core.PagingParam(q, "offset", 0)
	if !ok || offset < 0 {
		badParam(rc.w, "offset", "Invalid 'offset' parameter value. The value must be a non-negative integer.")
		return
	}
	where := "1 = 1" + rc.discWhere("t")
	var args []any
	if qs := strings.TrimSpace(q.Get("q")); qs != "" {
		cond, qargs, err := parseRecordQuery(rc.cat, rc.rec, qs)
		if err != nil {
			wire.InvalidSearchQuery(err.Error()).Write(rc.w)
			return
		}
		where += " AND (" + cond + ")"
		args = qargs
	}
	db := rc.s.Store.DB()
	var total int
	from := ` FROM "` + rc.rec.Table + `" AS t WHERE ` + where
	if err := db.QueryRowContext(rc.ctx(), "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil && !core.IsNoTable(err) {
		rc.s.InternalError(rc.w, err)
		return
	}
	var ids []int64
	if total > offset {
		rows, err := db.QueryContext(rc.ctx(), "SELECT t.id"+from+" ORDER BY t.id LIMIT ? OFFSET ?", append(args, limit, offset)...)
		if err != nil {
			rc.s.InternalError(rc.w, err)
			return
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				rc.s.InternalError(rc.w, err)
				return
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			rc.s.InternalError(rc.w, err)
			return
		}
	}
	items := make([]jsonObject, len(ids))
	for i, id := range ids {
		items[i] = jsonObject{{"links", selfLinks(rc.base + "/" + rc.rec.REST + "/" + core.Itoa(id))}, {"id", core.Itoa(id)}}
	}
	page := jsonObject{
		{"links", core.PageLinks(core.RequestURL(rc.r), offset, limit, total)},
		{"count", len(items)},
		{"hasMore", offset+len(items) < total},
		{"items", items},
		{"offset", offset},
		{"totalResults", total},
	}
	b, err := page.MarshalJSON()
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	writeRaw(rc.w, http.StatusOK, ctCollection, b)
}

// badParam is a 400 INVALID_PARAMETER pointing at a query parameter.
func badParam(w http.ResponseWriter, param, detail string) {
	e := wire.InvalidSearchQuery("")
	e.Detail, e.QueryParam = detail, param
	e.Write(w)
}
