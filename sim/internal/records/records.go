// Package records is the emulator's REST record service
// (/services/rest/record/v1/ and the async job service /services/rest/async/v1/)
// over the demo tables, driven by the emulator's one record catalog
// (sim/catalog): GET one record (fields=, expandSubResources=), lists with
// q= filters, create (POST), update (PATCH), upsert by external id
// (PUT …/eid:X), delete, sub-resources (transaction lines), metadata, and
// "Prefer: respond-async" jobs.
package records

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/jsonstr"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

const (
	ctSingular   = "application/vnd.oracle.resource+json; type=singular; charset=UTF-8"
	ctCollection = "application/vnd.oracle.resource+json; type=collection; charset=UTF-8"
	restRecordV1 = "/services/rest/record/v1"
)

// ServeRecord routes /services/rest/record/v1/<rest>.
func (s *Service) ServeRecord(w http.ResponseWriter, r *http.Request, l *core.Login, rest string) {
	if wantsAsync(r) {
		s.serveRecordAsync(w, r, l, rest)
		return
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	if parts[0] == "metadata-catalog" {
		s.serveMetadata(w, r, rest)
		return
	}
	cat := s.Cat()
	rec := cat.Record(parts[0])
	if rec == nil {
		recordTypeNotFound(parts[0]).Write(w)
		return
	}
	rc := &recordCall{s: s, w: w, r: r, l: l, rec: rec, cat: cat, base: recordBase(r)}
	switch len(parts) {
	case 1:
		switch r.Method {
		case http.MethodGet:
			rc.list()
		case http.MethodPost:
			rc.create()
		default:
			wire.MethodNotAllowed(r.Method, http.MethodGet, http.MethodPost).Write(w)
		}
	case 2:
		switch r.Method {
		case http.MethodGet:
			rc.get(parts[1])
		case http.MethodPatch:
			rc.update(parts[1])
		case http.MethodPut:
			rc.upsert(parts[1])
		case http.MethodDelete:
			rc.delete(parts[1])
		default:
			wire.MethodNotAllowed(r.Method, http.MethodGet, http.MethodPatch, http.MethodPut, http.MethodDelete).Write(w)
		}
	case 3, 4:
		if r.Method != http.MethodGet {
			wire.MethodNotAllowed(r.Method, http.MethodGet).Write(w)
			return
		}
		line := ""
		if len(parts) == 4 {
			line = parts[3]
		}
		rc.subResource(parts[1], parts[2], line)
	default:
		wire.RecordNotFound().Write(w)
	}
}

// recordBase is the scheme://host/services/rest/record/v1 of the request.
func recordBase(r *http.Request) string {
	u := core.RequestURL(r)
	return u.Scheme + "://" + u.Host + restRecordV1
}

// recordCall is one request to the record service.
type recordCall struct {
	s    *Service
	w    http.ResponseWriter
	r    *http.Request
	l    *core.Login
	rec  *catalog.Record
	cat  *catalog.Catalog // the account's catalog for this request
	base string
}

func (rc *recordCall) ctx() context.Context { return rc.r.Context() }

// allowed checks the role's permission for the record type at min; a
// missing permission is a 403, never a 404. A custom record type whose
// access type is "No Permission Required" has no permission to check.
func (rc *recordCall) allowed(min vocab.Level) bool {
	if rc.rec.Permission == "" || rc.l.Perms.Has(rc.rec.Permission, min) {
		return true
	}
	e := wire.InsufficientPermission(rc.rec.Permission)
	if rc.l.Perms.Has(rc.rec.Permission, vocab.LevelView) {
		e.Detail = wire.PermissionViolation(rc.rec.Permission, true)
	}
	e.Write(rc.w)
	return false
}

// recordTypeNotFound is the 404 for an unknown record type: "Record type
// 'X' does not exist." (julbrs/netsuite-api-client: test/request.test.ts
// expects it for GET record/v1/bad-path; a recorded live GET of
// record/v1/file answered 404 with the same wording). The code
// NONEXISTENT_ID is the emulator's choice: no recorded body showed it.
func recordTypeNotFound(name string) *wire.RESTError {
	return &wire.RESTError{Status: http.StatusNotFound, Code: wire.CodeNonexistentID,
		Detail: "Record type '" + name + "' does not exist."}
}

// detailWrongTransactionType is NetSuite's answer to a transaction id of
// another transaction type (a recorded live GET of vendorBill/<id> and
// expenseReport/<id>: 400, "Error while accessing a resource. Transaction
// type specified is incorrect."). The code USER_ERROR is the emulator's
// choice (SOAP's code for the same message is INVALID_TRANS_TYP). In that
// recording the ids may not have existed at all; NetSuite may answer a
// missing transaction id so too. The emulator answers a missing id with
// the 404 of every other record type.
const detailWrongTransactionType = "Transaction type specified is incorrect."

// writeMissing answers a request for a record id that is not one of the
// record type's: 400 when it is a transaction of another type, else 404.
func (rc *recordCall) writeMissing(ref string) {
	if rc.rec.Table == "transaction" {
		if n, err := strconv.ParseInt(ref, 10, 64); err == nil && n > 0 {
			var one int
			err := rc.s.Store.DB().QueryRowContext(rc.ctx(), `SELECT 1 FROM "transaction" WHERE id = ?`, n).Scan(&one)
			switch {
			case err == nil:
				(&wire.RESTError{Status: http.StatusBadRequest, Code: "USER_ERROR",
					Detail: detailResourcePrefix + detailWrongTransactionType}).Write(rc.w)
				return
			case !errors.Is(err, sql.ErrNoRows) && !core.IsNoTable(err):
				rc.s.InternalError(rc.w, err)
				return
			}
		}
	}
	wire.RecordNotFound().Write(rc.w)
}

// resolveID turns "<id>" or "eid:<externalId>" into a row id of the record
// type; ok false when there is no such record.
func (rc *recordCall) resolveID(ref string) (int64, bool, error) {
	where, arg := "id = ?", any(nil)
	if ext, isExt := strings.CutPrefix(ref, "eid:"); isExt {
		if ext == "" {
			return 0, false, nil
		}
		where, arg = "externalid = ?", ext
	} else {
		n, err := strconv.ParseInt(ref, 10, 64)
		if err != nil || n <= 0 {
			return 0, false, nil
		}
		arg = n
	}
	q := `SELECT id FROM "` + rc.rec.Table + `" WHERE ` + where + rc.discWhere("") + ` ORDER BY id LIMIT 1`
	var id int64
	err := rc.s.Store.DB().QueryRowContext(rc.ctx(), q, arg).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || core.IsNoTable(err) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// discWhere restricts a query to the record type's rows (" AND …").
func (rc *recordCall) discWhere(alias string) string {
	d := rc.rec.Discriminator
	if d.Column == "" {
		return ""
	}
	if alias != "" {
		alias += "."
	}
	return " AND " + alias + `"` + d.Column + `" = ` + sqlQuote(d.Value)
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// get answers GET …/<type>/<id>.
func (rc *recordCall) get(ref string) {
	if !rc.allowed(vocab.LevelView) {
		return
	}
	q := rc.r.URL.Query()
	var only map[string]bool
	if fs := q.Get("fields"); fs != "" {
		only = map[string]bool{}
		for _, f := range strings.Split(fs, ",") {
			f = strings.TrimSpace(f)
			if rc.cat.RESTField(rc.rec, f) == nil && !rc.hasSublist(f) {
				e := wire.InvalidSearchQuery("")
				e.Code, e.QueryParam = "INVALID_PARAMETER", "fields"
				e.Detail = "Invalid 'fields' parameter value. Field '" + f + "' does not exist on record type '" + rc.rec.REST + "'."
				e.Write(rc.w)
				return
			}
			only[f] = true
		}
	}
	expand := strings.EqualFold(q.Get("expandSubResources"), "true")
	id, ok, err := rc.resolveID(ref)
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if !ok {
		rc.writeMissing(ref)
		return
	}
	body, err := rc.render(id, only, expand)
	if errors.Is(err, sql.ErrNoRows) {
		wire.RecordNotFound().Write(rc.w)
		return
	}
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	writeRaw(rc.w, http.StatusOK, ctSingular, body)
}

func (rc *recordCall) hasSublist(name string) bool {
	for _, sl := range rc.rec.Sublists {
		if sl.Name == name {
			return true
		}
	}
	return false
}

func writeRaw(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// render writes one record as NetSuite does: links first, then the fields
// in alphabetical order, references as {links, id, refName}, sublists as
// links (or expanded).
func (rc *recordCall) render(id int64, only map[string]bool, expand bool) ([]byte, error) {
	t := rc.cat.Table(rc.rec.Table)
	row, err := rc.s.readRefRow(rc.ctx(), t, "t.id = ?"+rc.discWhere("t"), id)
	if err != nil {
		return nil, err
	}
	self := rc.base + "/" + rc.rec.REST + "/" + core.Itoa(id)
	o := jsonObject{{"links", selfLinks(self)}}
	o = append(o, rc.s.fieldValues(t, row, rc.base, func(f catalog.Field) bool { return only == nil || only[f.REST] })...)
	for _, sl := range rc.rec.Sublists {
		if only != nil && !only[sl.Name] {
			continue
		}
		href := self + "/" + sl.Name
		if !expand {
			o = append(o, kv{sl.Name, jsonObject{{"links", selfLinks(href)}}})
			continue
		}
		items, err := rc.sublistItems(sl, id, href, "")
		if err != nil {
			return nil, err
		}
		o = append(o, kv{sl.Name, jsonObject{{"links", selfLinks(href)}, {"items", items}}})
	}
	o.sortFields()
	return o.MarshalJSON()
}

// sublistItems renders the lines of a sublist (all, or the one with line
// number line).
func (rc *recordCall) sublistItems(sl catalog.Sublist, id int64, href, line string) ([]jsonObject, error) {
	t := rc.cat.Table(sl.Table)
	where := `t."` + sl.Parent + `" = ? AND ` + sl.Where
	args := []any{id}
	if line != "" {
		n, err := strconv.ParseInt(line, 10, 64)
		if err != nil {
			return nil, sql.ErrNoRows
		}
		where += ` AND t."` + sl.Line + `" = ?`
		args = append(args, n)
	}
	rows, err := rc.s.readRefRows(rc.ctx(), t, where+` ORDER BY t."`+sl.Line+`"`, args...)
	if err != nil {
		return nil, err
	}
	items := make([]jsonObject, 0, len(rows))
	for _, row := range rows {
		o := jsonObject{{"links", selfLinks(href + "/" + anyString(row[sl.Line]))}}
		o = append(o, rc.s.fieldValues(t, row, rc.base, nil)...)
		o.sortFields()
		items = append(items, o)
	}
	return items, nil
}

// subResource answers GET …/<type>/<id>/<sublist>[/<line>].
func (rc *recordCall) subResource(ref, name, line string) {
	if !rc.allowed(vocab.LevelView) {
		return
	}
	var sl *catalog.Sublist
	for i := range rc.rec.Sublists {
		if rc.rec.Sublists[i].Name == name {
			sl = &rc.rec.Sublists[i]
		}
	}
	id, ok, err := rc.resolveID(ref)
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if !ok {
		rc.writeMissing(ref)
		return
	}
	if sl == nil {
		wire.RecordNotFound().Write(rc.w)
		return
	}
	href := rc.base + "/" + rc.rec.REST + "/" + core.Itoa(id) + "/" + name
	items, err := rc.sublistItems(*sl, id, href, line)
	if errors.Is(err, sql.ErrNoRows) {
		wire.RecordNotFound().Write(rc.w)
		return
	}
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	var out jsonObject
	if line != "" {
		if len(items) == 0 {
			wire.RecordNotFound().Write(rc.w)
			return
		}
		out = items[0]
	} else {
		out = jsonObject{{"links", selfLinks(href)}, {"items", items}}
	}
	b, _ := out.MarshalJSON()
	writeRaw(rc.w, http.StatusOK, ctSingular, b)
}

// readRefRow reads one row of t (alias t) with, for every reference field,
// its display value ("df:<column>") and, for references into a table of
// several record types, the row's discriminator ("rt:<column>").
func (s *Service) readRefRow(ctx context.Context, t *catalog.Table, where string, args ...any) (map[string]any, error) {
	rows, err := s.readRefRows(ctx, t, where+" LIMIT 1", args...)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, sql.ErrNoRows
	}
	return rows[0], nil
}

func (s *Service) readRefRows(ctx context.Context, t *catalog.Table, where string, args ...any) ([]map[string]any, error) {
	c := s.Cat()
	var b strings.Builder
	b.WriteString("SELECT t.*")
	for _, f := range t.Fields {
		if f.REST == "" {
			continue
		}
		colRef := `t."` + f.Column + `"`
		if f.Display != "" {
			b.WriteString(", " + strings.NewReplacer("{col}", colRef, "{tbl}", "t").Replace(f.Display) + ` AS "df:` + f.Column + `"`)
		}
		if f.Type == catalog.Reference && c.Table(f.Ref) != nil {
			if d := c.Discriminator(f.Ref); d != "" {
				b.WriteString(`, (SELECT nsrt."` + d + `" FROM "` + f.Ref + `" AS nsrt WHERE nsrt.id = ` + colRef + `) AS "rt:` + f.Column + `"`)
			}
		}
	}
	b.WriteString(` FROM "` + t.Name + `" AS t WHERE ` + where)
	rows, err := s.Store.DB().QueryContext(ctx, b.String(), args...)
	if core.IsNoTable(err) {
		return nil, sql.ErrNoRows
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for rows.Next() {
		m, err := core.ScanMap(rows, cols)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// fieldValues renders a row's REST fields (nulls left out).
func (s *Service) fieldValues(t *catalog.Table, row map[string]any, base string, keep func(catalog.Field) bool) jsonObject {
	c := s.Cat()
	var o jsonObject
	for _, f := range t.Fields {
		if f.REST == "" || (keep != nil && f.REST != "id" && !keep(f)) {
			continue
		}
		v := row[f.Column]
		if v == nil {
			continue
		}
		o = append(o, kv{f.REST, restValue(c, f, v, row, base)})
	}
	return o
}

// restValue converts a stored value to its REST JSON value.
func restValue(c *catalog.Catalog, f catalog.Field, v any, row map[string]any, base string) any {
	switch f.Type {
	case catalog.Integer:
		if f.Column == "id" && f.REST == "id" {
			return anyString(v) // record ids are strings on REST
		}
		if n, ok := v.(float64); ok {
			return int64(n)
		}
		return v
	case catalog.Float:
		if n, ok := v.(int64); ok {
			return float64(n)
		}
		return v
	case catalog.Boolean:
		return v == "T"
	case catalog.DateTime:
		if t, err := time.Parse("2006-01-02 15:04:05", anyString(v)); err == nil {
			return t.Format("2006-01-02T15:04:05Z")
		}
		return v
	case catalog.Reference:
		id := anyString(v)
		ref := jsonObject{}
		if !f.TextID {
			typ := f.Ref
			if c.Table(f.Ref) != nil {
				if rt := c.RecordForRow(f.Ref, anyString(row["rt:"+f.Column])); rt != nil {
					typ = rt.REST
				}
			}
			ref = append(ref, kv{"links", selfLinks(base + "/" + typ + "/" + id)})
		}
		ref = append(ref, kv{"id", id})
		if dv, ok := row["df:"+f.Column]; ok && dv != nil {
			ref = append(ref, kv{"refName", anyString(dv)})
		}
		return ref
	}
	return v // strings, including stored codes such as itemType "InvtPart"
}

func anyString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []byte:
		return string(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func selfLinks(href string) []core.Link { return []core.Link{{Rel: "self", Href: href}} }

// kv is one member of a jsonObject.
type kv struct {
	k string
	v any
}

// jsonObject is a JSON object that keeps its members' order and does not
// escape HTML characters (NetSuite sends '<', '>' and '&' as they are).
type jsonObject []kv

// sortFields keeps "links" first and sorts the other members by name, the
// order NetSuite's record bodies use.
func (o jsonObject) sortFields() {
	sort.SliceStable(o, func(i, j int) bool {
		if o[i].k == "links" || o[j].k == "links" {
			return o[i].k == "links" && o[j].k != "links"
		}
		return o[i].k < o[j].k
	})
}

// MarshalJSON implements json.Marshaler.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonstr.Append(nil, m.k))
		b.WriteByte(':')
		if err := encodeNoEscape(&b, m.v); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func encodeNoEscape(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case string:
		b.Write(jsonstr.Append(nil, x))
		return nil
	case jsonObject:
		bs, err := x.MarshalJSON()
		b.Write(bs)
		return err
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// Service is one server's record service: its async jobs and write lock
// are per server.
type Service struct {
	*core.Core

	jobs asyncJobs

	// writeMu serialises the record service's writes (new ids come from
	// store.NextID inside the write's transaction, which is safe on its
	// own; the lock keeps ensureTables and the writes' checks in order).
	writeMu sync.Mutex

	// tablesFor is the catalog whose tables ensureTables last made sure
	// of: every write checks references, and the tables need creating
	// only once per catalog.
	tablesFor atomic.Pointer[catalog.Catalog]
}

// New returns the record service of the server whose core is c.
func New(c *core.Core) *Service {
	return &Service{Core: c, jobs: asyncJobs{jobs: map[int64]*asyncJob{}}}
}
