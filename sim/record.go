package sim

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// recordType maps a REST record type to its demo table and the permission a
// role needs to read it. This is the small read-only record surface the
// emulator's TBA and permission checks need (GET one record); the full
// record service (create, update, lists, q= filters, sub-resources) is
// issue 4's.
type recordType struct {
	table      string
	permission string
}

var recordTypes = map[string]recordType{
	"customer": {"customer", store.PermListsCustomers},
	"contact":  {"contact", store.PermListsContacts},
	"vendor":   {"vendor", store.PermListsVendors},
	"employee": {"employee", store.PermListsEmployees},
}

// restFieldNames spells SuiteQL's lowercase columns as REST's camelCase
// fields for the columns the demo tables have.
var restFieldNames = map[string]string{
	"entityid": "entityId", "companyname": "companyName", "isperson": "isPerson", "firstname": "firstName",
	"lastname": "lastName", "creditlimit": "creditLimit", "entitystatus": "entityStatus", "isinactive": "isInactive",
	"datecreated": "dateCreated", "lastmodifieddate": "lastModifiedDate", "externalid": "externalId",
	"salesrep": "salesRep",
}

// serveRecord answers GET /services/rest/record/v1/<type>/<id>.
func (s *Server) serveRecord(w http.ResponseWriter, r *http.Request, l *login, rest string) {
	typ, id, _ := strings.Cut(rest, "/")
	rt, ok := recordTypes[strings.ToLower(typ)]
	if !ok || id == "" || strings.Contains(id, "/") {
		wire.RecordNotFound().Write(w)
		return
	}
	if r.Method != http.MethodGet {
		wire.MethodNotAllowed(r.Method, http.MethodGet).Write(w)
		return
	}
	// A permission failure is reported as such, never as "not found".
	if !l.perms.Has(rt.permission, store.LevelView) {
		wire.InsufficientPermission(rt.permission).Write(w)
		return
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		wire.RecordNotFound().Write(w)
		return
	}
	row, err := s.readRowCtx(r.Context(), rt.table, n)
	if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
		wire.RecordNotFound().Write(w)
		return
	}
	if err != nil {
		s.internalError(w, err)
		return
	}
	self := requestURL(r)
	self.RawQuery = ""
	out := map[string]any{"links": []map[string]string{{"rel": "self", "href": self.String()}}, "id": id}
	for k, v := range row {
		if k == "id" || v == nil {
			continue
		}
		name := k
		if n, ok := restFieldNames[k]; ok {
			name = n
		}
		if s, ok := v.(string); ok && (s == "T" || s == "F") && strings.HasPrefix(name, "is") {
			v = s == "T"
		}
		out[name] = v
	}
	writeJSON(w, http.StatusOK, "application/vnd.oracle.resource+json; type=singular; charset=UTF-8", out)
}

// readRowCtx reads one demo-table row by id as column -> value.
func (s *Server) readRowCtx(ctx context.Context, table string, id int64) (map[string]any, error) {
	rows, err := s.store.DB().QueryContext(ctx, `SELECT * FROM "`+table+`" WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, sql.ErrNoRows
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	m := make(map[string]any, len(cols))
	for i, c := range cols {
		if b, ok := vals[i].([]byte); ok {
			vals[i] = string(b)
		}
		m[c] = vals[i]
	}
	return m, nil
}

// isNoTable reports SQLite's "no such table" (the demo data was not generated).
func isNoTable(err error) bool { return err != nil && strings.Contains(err.Error(), "no such table") }
