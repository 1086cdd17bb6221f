package records

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// Writes: POST (create), PATCH (update), PUT …/eid:X (upsert), DELETE.
// Create answers 204 with Location (ns-help section_1545141395); the other
// writes answer 204, an upsert that created adds Location. Every write
// resets the SuiteQL count cache.
//
// Error wording: NetSuite's REST write errors start "Error while accessing
// a resource."; "You have entered an Invalid Field Value V for the
// following field: F" and "Please enter value(s) for: F" are NetSuite's
// long-standing field-validation messages (also on SOAP); rules.go holds
// the mandatory fields, lengths and reference checks. The emulator's
// wording for an unknown body field (NONEXISTENT_FIELD, a code seen in
// practice: airbytehq/airbyte source-netsuite errors.py; docs/wire-notes.md,
// "REST errors") is its own. o:errorPath is the JSON path
// into the body, e.g. item.items[0].item.

const detailResourcePrefix = "Error while accessing a resource. "

// detailDependentRecords is NetSuite's refusal to delete a record others
// refer to (the same message as SOAP's delete).
const detailDependentRecords = "This record cannot be deleted because it has dependent records."

// invalidContent is the 400 for a body that is not a JSON object: NetSuite's
// detail "Invalid content in the request body" (julbrs/netsuite-api-client:
// test/request.test.ts, POST customer with the body "bad body"). The code
// INVALID_CONTENT is the one public client fixtures parse for body errors;
// the closing period is the emulator's (the tests match a prefix).
func invalidContent() *wire.RESTError {
	return &wire.RESTError{Status: http.StatusBadRequest, Code: "INVALID_CONTENT",
		Detail: "Invalid content in the request body."}
}

func nonexistentField(rec, path, name string) *wire.RESTError {
	return &wire.RESTError{Status: http.StatusBadRequest, Code: "NONEXISTENT_FIELD", Path: path,
		Detail: detailResourcePrefix + "Field '" + name + "' for record '" + rec + "' was not found."}
}

func invalidFieldValue(path, field string, v any) *wire.RESTError {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	default:
		b, _ := json.Marshal(v)
		s = string(b)
	}
	return &wire.RESTError{Status: http.StatusBadRequest, Code: "USER_ERROR", Path: path,
		Detail: detailResourcePrefix + "You have entered an Invalid Field Value " + s + " for the following field: " + field}
}

// missingValue is "Please enter value(s) for: <label>." for one field
// (rules.go, missingValues).
func missingValue(path, label string) *wire.RESTError {
	return missingValues(path, []string{label})
}

// lineInput is one sublist line of a write.
type lineInput struct {
	line int64 // existing line number; 0 for a new line
	cols map[string]any
	path string
}

// writeInput is a decoded body.
type writeInput struct {
	cols  map[string]any
	lines []lineInput
	// sublist is set when the body had the sublist.
	sublist bool
}

// readBody decodes and validates a write body against the record type.
// err is an internal error.
func (rc *recordCall) readBody() (in *writeInput, e *wire.RESTError, err error) {
	// The reference checks need the reference tables, also in an account
	// without demo data.
	if err := rc.s.ensureTables(rc.ctx()); err != nil {
		return nil, nil, err
	}
	in, e, err = rc.decodeBody()
	if e != nil || err != nil {
		return nil, e, err
	}
	return in, nil, nil
}

// decodeBody reads the body and converts its fields.
func (rc *recordCall) decodeBody() (*writeInput, *wire.RESTError, error) {
	// No Content-Type is JSON (as on SuiteQL: the npm netsuite-rest client
	// sends none and creates records; julbrs/netsuite-api-client's live
	// tests POST customers the same way).
	if ct := rc.r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, wire.UnsupportedMediaType(ct), nil
		}
	}
	raw, rerr := core.ReadBody(rc.w, rc.r, core.MaxRESTRequest)
	if e, ok := core.TooLarge(rerr); ok {
		return nil, e, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil || body == nil {
		return nil, invalidContent(), nil
	}
	in := &writeInput{}
	var e *wire.RESTError
	var err error
	if in.cols, e, err = rc.decodeFields(rc.cat.Table(rc.rec.Table), body, "", func(name string) bool { return rc.hasSublist(name) }); e != nil || err != nil {
		return nil, e, err
	}
	for _, sl := range rc.rec.Sublists {
		raw, ok := body[sl.Name]
		if !ok {
			continue
		}
		in.sublist = true
		obj, ok := raw.(map[string]any)
		items, ok2 := obj["items"].([]any)
		if !ok || !ok2 {
			return nil, invalidFieldValue(sl.Name, sl.Name, raw), nil
		}
		for i, it := range items {
			path := fmt.Sprintf("%s.items[%d]", sl.Name, i)
			m, ok := it.(map[string]any)
			if !ok {
				return nil, invalidFieldValue(path, sl.Name, it), nil
			}
			li := lineInput{path: path}
			if v, ok := m["line"]; ok {
				n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
				if err != nil || n <= 0 {
					return nil, invalidFieldValue(path+".line", "line", v), nil
				}
				li.line = n
			}
			cols, e, err := rc.decodeFields(rc.cat.Table(sl.Table), m, path+".", nil)
			if e != nil || err != nil {
				return nil, e, err
			}
			li.cols = cols
			in.lines = append(in.lines, li)
		}
	}
	return in, nil, nil
}

// decodeFields converts body fields of table t to column values. Read-only
// fields and links/refName are ignored, as NetSuite ignores them.
func (rc *recordCall) decodeFields(t *catalog.Table, body map[string]any, prefix string, skip func(string) bool) (map[string]any, *wire.RESTError, error) {
	names := make([]string, 0, len(body))
	for k := range body {
		names = append(names, k)
	}
	sort.Strings(names)
	cols := map[string]any{}
	for _, name := range names {
		if name == "links" || name == "refName" || (skip != nil && skip(name)) {
			continue
		}
		var f *catalog.Field
		for i := range t.Fields {
			if t.Fields[i].REST == name {
				f = &t.Fields[i]
			}
		}
		path := prefix + name
		if f == nil {
			return nil, nonexistentField(rc.rec.REST, path, name), nil
		}
		if f.ReadOnly {
			continue
		}
		v, e, err := rc.columnValue(t, f, body[name], path)
		if err != nil {
			return nil, nil, err
		}
		if e != nil {
			return nil, e, nil
		}
		cols[f.Column] = v
	}
	return cols, nil, nil
}

// columnValue converts one JSON value to its stored form; t is the field's
// table (for its length limits).
func (rc *recordCall) columnValue(t *catalog.Table, f *catalog.Field, v any, path string) (any, *wire.RESTError, error) {
	if f.Type == catalog.Reference && v != nil {
		return rc.referenceValue(f, v, path)
	}
	out, e := rc.plainValue(t, f, v, path)
	return out, e, nil
}

// plainValue converts a value of a field that is not a reference.
func (rc *recordCall) plainValue(t *catalog.Table, f *catalog.Field, v any, path string) (any, *wire.RESTError) {
	bad := invalidFieldValue(path, f.REST, v)
	if v == nil {
		if f.NotNull {
			return nil, bad
		}
		return nil, nil
	}
	switch f.Type {
	case catalog.String:
		s, ok := v.(string)
		if !ok {
			return nil, bad
		}
		if s == "" && f.NotNull {
			return nil, missingValue(path, f.REST)
		}
		if e := checkLength(t, f, s, path); e != nil {
			return nil, e
		}
		return s, nil
	case catalog.Integer, catalog.Float:
		var s string
		switch x := v.(type) {
		case json.Number:
			s = x.String()
		case string:
			s = x
		default:
			return nil, bad
		}
		if f.Type == catalog.Integer {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, bad
			}
			return n, nil
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, bad
		}
		return n, nil
	case catalog.Boolean:
		b, ok := v.(bool)
		if !ok {
			return nil, bad
		}
		if b {
			return "T", nil
		}
		return "F", nil
	case catalog.Date, catalog.DateTime:
		s, ok := v.(string)
		if !ok {
			return nil, bad
		}
		day, dt, _, ok := parseQueryDate(s)
		if !ok {
			return nil, bad
		}
		if f.Type == catalog.Date {
			return day, nil
		}
		return dt, nil
	}
	return nil, bad
}

// referenceValue converts a reference: {"id": "1"}, {"externalId": "X"},
// or the bare id "1" / 1, which NetSuite accepts too
// (julbrs/netsuite-api-client: test/request.test.ts creates a customer with
// "subsidiary": "1" and "entityStatus": 6 and expects 204). The target must
// exist and be active (rules.go, checkReference).
func (rc *recordCall) referenceValue(f *catalog.Field, v any, path string) (any, *wire.RESTError, error) {
	bad := invalidFieldValue(path, f.REST, v)
	var idv any
	switch x := v.(type) {
	case string, json.Number:
		idv = x
	case map[string]any:
		if ext, ok := x["externalId"].(string); ok && x["id"] == nil && !f.TextID {
			return rc.referenceByExternalID(f, ext, path)
		}
		var ok bool
		if idv, ok = x["id"]; !ok {
			return nil, bad, nil
		}
	default:
		return nil, bad, nil
	}
	s := fmt.Sprint(idv)
	if f.TextID {
		return s, nil, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return nil, invalidFieldValue(path, f.REST, s), nil
	}
	if e, err := rc.checkReference(f, id, path); e != nil || err != nil {
		return nil, e, err
	}
	return id, nil, nil
}

// referenceByExternalID resolves {"externalId": "X"} to the target's id.
func (rc *recordCall) referenceByExternalID(f *catalog.Field, ext, path string) (any, *wire.RESTError, error) {
	table, disc, ok := rc.refTarget(f)
	if t := rc.cat.Table(table); !ok || t == nil || t.Field("externalid") == nil {
		return nil, invalidFieldValue(path, f.REST, ext), nil
	}
	q := `SELECT id FROM "` + table + `" WHERE externalid = ?`
	if disc.Column != "" {
		q += ` AND "` + disc.Column + `" = ` + sqlQuote(disc.Value)
	}
	var id int64
	err := rc.s.Store.DB().QueryRowContext(rc.ctx(), q+` ORDER BY id LIMIT 1`, ext).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows) || core.IsNoTable(err):
		return nil, invalidFieldValue(path, f.REST, ext), nil
	case err != nil:
		return nil, nil, err
	}
	if e, err := rc.checkReference(f, id, path); e != nil || err != nil {
		return nil, e, err
	}
	return id, nil, nil
}

// ensureTables creates the catalog's tables when the demo data was not
// generated (the same schema as sim/store's demo tables).
func (s *Service) ensureTables(ctx context.Context) error {
	cat := s.Cat()
	if s.tablesFor.Load() == cat {
		return nil
	}
	for _, t := range cat.Tables {
		if t.Derived {
			continue // a view the store creates (sim/store/demo_more.go)
		}
		var cols []string
		for _, f := range t.Fields {
			typ := "TEXT"
			switch {
			case f.Type == catalog.Integer || (f.Type == catalog.Reference && !f.TextID):
				typ = "INTEGER"
			case f.Type == catalog.Float:
				typ = "REAL"
			}
			c := `"` + f.Column + `" ` + typ
			if f.Column == t.Key {
				c += " PRIMARY KEY"
			} else if f.NotNull {
				c += " NOT NULL"
			}
			cols = append(cols, c)
		}
		if _, err := s.Store.DB().ExecContext(ctx, `CREATE TABLE IF NOT EXISTS "`+t.Name+`" (`+strings.Join(cols, ", ")+`)`); err != nil {
			return err
		}
	}
	// Every account has its base currency and root subsidiary.
	if err := s.Store.EnsureReferenceRows(ctx); err != nil {
		return err
	}
	s.tablesFor.Store(cat)
	return nil
}

func (s *Service) stamp() (day, dt string) {
	now := s.Now().UTC()
	return now.Format("2006-01-02"), now.Format("2006-01-02 15:04:05")
}

// insertRecord creates a record from in (plus externalid when ext != "")
// and returns its id.
func (rc *recordCall) insertRecord(in *writeInput, ext string) (int64, *wire.RESTError, error) {
	ctx := rc.ctx()
	t := rc.cat.Table(rc.rec.Table)
	cols := in.cols
	if ext != "" {
		cols["externalid"] = ext
	}
	// Mandatory fields NetSuite asks for (rules.go).
	if e := rc.missingMandatory(cols); e != nil {
		return 0, e, nil
	}
	if rc.needsLines() && len(in.lines) == 0 {
		return 0, noLines(rc.rec.Sublists[0].Name), nil
	}
	switch {
	case len(rc.rec.Sublists) > 0 && in.sublist:
		for _, li := range in.lines {
			if li.line != 0 {
				return 0, invalidFieldValue(li.path+".line", "line", li.line), nil
			}
			if li.cols["item"] == nil {
				return 0, missingValue(li.path+".item", "Item"), nil
			}
		}
	}
	rc.s.writeMu.Lock()
	defer rc.s.writeMu.Unlock()
	if err := rc.s.ensureTables(ctx); err != nil {
		return 0, nil, err
	}
	tx, err := rc.s.Store.DB().BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	if e, err := rc.checkExternalIDFree(ctx, tx, cols); e != nil || err != nil {
		return 0, e, err
	}
	id, err := store.NextID(ctx, tx, store.SequenceOf(t.Name)) // never a deleted record's id
	if err != nil {
		return 0, nil, err
	}
	day, now := rc.s.stamp()
	cols["id"] = id
	if d := rc.rec.Discriminator; d.Column != "" {
		cols[d.Column] = d.Value
	}
	for k, v := range rc.rec.Set {
		cols[k] = v
	}
	if t.Field("owner") != nil && cols["owner"] == nil {
		cols["owner"] = rc.l.V.Employee.ID // a custom record's owner is the user who created it
	}
	for _, f := range t.Fields {
		if _, set := cols[f.Column]; set || !f.NotNull {
			continue
		}
		switch f.Type {
		case catalog.DateTime:
			cols[f.Column] = now
		case catalog.Date:
			cols[f.Column] = day
		case catalog.Boolean:
			cols[f.Column] = "F"
		case catalog.Integer, catalog.Reference, catalog.Float:
			cols[f.Column] = 1 // currency, subsidiary, exchange rate
		case catalog.String:
			cols[f.Column] = fmt.Sprintf("%s%06d", rc.rec.NumberPrefix, id)
		}
	}
	if err := insertRow(ctx, tx, t.Name, cols); err != nil {
		return 0, nil, err
	}
	if rc.rec.Table == "transaction" { // every transaction has a main line
		if err := rc.writeLines(ctx, tx, id, in.lines, now); err != nil {
			return 0, nil, err
		}
	}
	if err := rc.writeNotes(ctx, tx, id, nil); err != nil { // systemnote.go
		return 0, nil, err
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, err
	}
	rc.s.Counts.Reset()
	return id, nil, nil
}

// codeDuplicate is NetSuite's code for a new record whose external id is
// taken: external ids are unique per record type (Help Center
// section_156334828635, "Using External IDs": a record is identified by
// its type and its external id), and SOAP's add answers such a record with
// StatusDetailCodeType DUP_RCRD, "This record already exists". The REST
// answer's status and wording are the emulator's: 400, as for the other
// refused records.
const codeDuplicate = "DUP_RCRD"

// checkExternalIDFree refuses a new record whose external id another
// record of its type has. It runs in the insert's transaction under
// writeMu, so two creates (or upserts) of one external id at once make one
// record, never two.
func (rc *recordCall) checkExternalIDFree(ctx context.Context, tx *sql.Tx, cols map[string]any) (*wire.RESTError, error) {
	ext, _ := cols["externalid"].(string)
	if ext == "" {
		return nil, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+rc.rec.Table+`" WHERE externalid = ?`+rc.discWhere(""), ext).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return &wire.RESTError{Status: http.StatusBadRequest, Code: codeDuplicate, Path: "externalId",
			Detail: detailResourcePrefix + "This record already exists."}, nil
	}
	return nil, nil
}

func insertRow(ctx context.Context, tx *sql.Tx, table string, cols map[string]any) error {
	names := make([]string, 0, len(cols))
	for k := range cols {
		names = append(names, k)
	}
	sort.Strings(names)
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = cols[n]
		names[i] = `"` + n + `"`
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO "`+table+`" (`+strings.Join(names, ", ")+`) VALUES (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")+`)`, args...)
	return err
}

// writeLines adds or updates sublist lines, then rewrites the main line and
// the transaction total from the item lines.
func (rc *recordCall) writeLines(ctx context.Context, tx *sql.Tx, id int64, lines []lineInput, now string) error {
	var entity any
	if err := tx.QueryRowContext(ctx, `SELECT entity FROM "transaction" WHERE id = ?`, id).Scan(&entity); err != nil {
		return err
	}
	for _, li := range lines {
		cols := li.cols
		if it, ok := cols["item"]; ok && it != nil {
			var itemtype string
			if err := tx.QueryRowContext(ctx, `SELECT itemtype FROM item WHERE id = ?`, it).Scan(&itemtype); err == nil {
				cols["itemtype"] = itemtype
			}
		}
		cols["linelastmodifieddate"] = now
		if li.line != 0 {
			sets, args := []string{}, []any{}
			for k, v := range cols {
				sets = append(sets, `"`+k+`" = ?`)
				args = append(args, v)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE transactionline SET `+strings.Join(sets, ", ")+` WHERE "transaction" = ? AND id = ? AND mainline = 'F'`,
				append(args, id, li.line)...); err != nil {
				return err
			}
			continue
		}
		key, err := store.NextID(ctx, tx, "transactionline")
		if err != nil {
			return err
		}
		next, err := store.NextLineID(ctx, tx, id) // never a removed line's id
		if err != nil {
			return err
		}
		cols["uniquekey"], cols["id"], cols["transaction"], cols["linesequencenumber"] = key, next, id, next
		cols["mainline"], cols["taxline"], cols["entity"] = "F", "F", entity
		if _, ok := cols["isclosed"]; !ok {
			cols["isclosed"] = "F"
		}
		if err := insertRow(ctx, tx, "transactionline", cols); err != nil {
			return err
		}
	}
	// Amounts: a line without amount is quantity × rate; the main line and
	// the transaction carry the total.
	if _, err := tx.ExecContext(ctx, `UPDATE transactionline SET netamount = COALESCE(netamount, ROUND(COALESCE(quantity, 1) * COALESCE(rate, 0), 2))
		WHERE "transaction" = ? AND mainline = 'F'`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE transactionline SET foreignamount = netamount WHERE "transaction" = ? AND mainline = 'F'`, id); err != nil {
		return err
	}
	var total sql.NullFloat64
	if err := tx.QueryRowContext(ctx, `SELECT ROUND(SUM(netamount), 2) FROM transactionline WHERE "transaction" = ? AND mainline = 'F'`, id).Scan(&total); err != nil {
		return err
	}
	if !total.Valid {
		if err := tx.QueryRowContext(ctx, `SELECT foreigntotal FROM "transaction" WHERE id = ?`, id).Scan(&total); err != nil {
			return err
		}
	}
	var totalV any
	if total.Valid {
		totalV = total.Float64
	}
	if _, err := tx.ExecContext(ctx, `UPDATE "transaction" SET foreigntotal = ? WHERE id = ?`, totalV, id); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE transactionline SET netamount = ?, foreignamount = ?, entity = ?, linelastmodifieddate = ? WHERE "transaction" = ? AND mainline = 'T'`,
		totalV, totalV, entity, now, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		key, err := store.NextID(ctx, tx, "transactionline")
		if err != nil {
			return err
		}
		return insertRow(ctx, tx, "transactionline", map[string]any{"uniquekey": key, "id": 0, "transaction": id,
			"linesequencenumber": 0, "mainline": "T", "taxline": "F", "netamount": totalV, "foreignamount": totalV,
			"entity": entity, "isclosed": "F", "linelastmodifieddate": now})
	}
	return nil
}

// updateRecord applies in to record id.
func (rc *recordCall) updateRecord(id int64, in *writeInput) (*wire.RESTError, error) {
	ctx := rc.ctx()
	// A mandatory field may not be emptied (rules.go).
	row, err := rc.storedRow(id)
	if err != nil {
		return nil, err
	}
	for k, v := range in.cols {
		row[k] = v
	}
	if e := rc.missingMandatory(row); e != nil {
		return e, nil
	}
	for _, li := range in.lines {
		if li.line == 0 && li.cols["item"] == nil {
			return missingValue(li.path+".item", "Item"), nil
		}
		if li.line != 0 {
			var one int
			err := rc.s.Store.DB().QueryRowContext(ctx, `SELECT 1 FROM transactionline WHERE "transaction" = ? AND id = ? AND mainline = 'F'`, id, li.line).Scan(&one)
			if err != nil {
				return invalidFieldValue(li.path+".line", "line", li.line), nil
			}
		}
	}
	rc.s.writeMu.Lock()
	defer rc.s.writeMu.Unlock()
	tx, err := rc.s.Store.DB().BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	noted := slices.Sorted(maps.Keys(in.cols)) // the body's fields, for the system notes
	_, before, err := noteValues(ctx, tx, rc.rec.Table, id, noted)
	if err != nil {
		return nil, err
	}
	_, now := rc.s.stamp()
	if m := rc.cat.Table(rc.rec.Table).Modified; m != "" {
		in.cols[m] = now
	}
	sets, args := []string{}, []any{}
	for k, v := range in.cols {
		sets = append(sets, `"`+k+`" = ?`)
		args = append(args, v)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE "`+rc.rec.Table+`" SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
		return nil, err
	}
	if rc.rec.Table == "transaction" && (in.sublist || in.cols["entity"] != nil) {
		if err := rc.writeLines(ctx, tx, id, in.lines, now); err != nil {
			return nil, err
		}
	}
	_, after, err := noteValues(ctx, tx, rc.rec.Table, id, noted)
	if err != nil {
		return nil, err
	}
	if err := rc.writeNotes(ctx, tx, id, changedFields(noted, before, after)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	rc.s.Counts.Reset()
	return nil, nil
}

func (rc *recordCall) location(id int64) string {
	return rc.base + "/" + rc.rec.REST + "/" + core.Itoa(id)
}

func noContent(w http.ResponseWriter, location string) {
	if location != "" {
		w.Header().Set("Location", location)
	}
	w.WriteHeader(http.StatusNoContent)
}

// create answers POST …/<type>.
func (rc *recordCall) create() {
	if !rc.allowed(vocab.LevelCreate) {
		return
	}
	in, e, err := rc.readBody()
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if e != nil {
		e.Write(rc.w)
		return
	}
	id, e, err := rc.insertRecord(in, "")
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if e != nil {
		e.Write(rc.w)
		return
	}
	noContent(rc.w, rc.location(id))
}

// update answers PATCH …/<type>/<id>.
func (rc *recordCall) update(ref string) {
	if !rc.allowed(vocab.LevelEdit) {
		return
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
	in, e, err := rc.readBody()
	if e == nil && err == nil {
		e, err = rc.updateRecord(id, in)
	}
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if e != nil {
		e.Write(rc.w)
		return
	}
	noContent(rc.w, "")
}

// upsert answers PUT …/<type>/eid:<externalId> (ns-help section_156335203191).
func (rc *recordCall) upsert(ref string) {
	ext, isExt := strings.CutPrefix(ref, "eid:")
	if !isExt || ext == "" {
		wire.MethodNotAllowed(rc.r.Method, http.MethodGet, http.MethodPatch, http.MethodDelete).Write(rc.w)
		return
	}
	if !rc.allowed(vocab.LevelCreate) {
		return
	}
	id, exists, err := rc.resolveID(ref)
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if exists && !rc.allowed(vocab.LevelEdit) {
		return
	}
	in, e, err := rc.readBody()
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if e != nil {
		e.Write(rc.w)
		return
	}
	delete(in.cols, "externalid") // the URL names it
	if exists {
		e, err = rc.updateRecord(id, in)
	} else {
		id, e, err = rc.insertRecord(in, ext)
		if e != nil && e.Code == codeDuplicate {
			// Another request created it since resolveID: an upsert
			// updates it, as NetSuite's does.
			if id, exists, err = rc.resolveID(ref); err == nil && exists {
				delete(in.cols, "externalid") // set by insertRecord; the URL names it
				e, err = rc.updateRecord(id, in)
			}
		}
	}
	if err != nil {
		rc.s.InternalError(rc.w, err)
		return
	}
	if e != nil {
		e.Write(rc.w)
		return
	}
	if exists {
		noContent(rc.w, "")
		return
	}
	noContent(rc.w, rc.location(id))
}

// delete answers DELETE …/<type>/<id>.
func (rc *recordCall) delete(ref string) {
	if !rc.allowed(vocab.LevelFull) {
		return
	}
	id, ok, err := rc.resolveID(ref)
	dep := false
	if err == nil && ok {
		dep, err = rc.dependents(id)
	}
	if err == nil && ok && !dep {
		err = rc.deleteRecord(id)
	}
	switch {
	case err != nil:
		rc.s.InternalError(rc.w, err)
	case !ok:
		rc.writeMissing(ref)
	case dep:
		(&wire.RESTError{Status: http.StatusBadRequest, Code: "USER_ERROR", Detail: detailResourcePrefix + detailDependentRecords}).Write(rc.w)
	default:
		noContent(rc.w, "")
	}
}

// dependents reports whether another row refers to record id: a reference
// field of any catalog table pointing at the record's type or table
// (a transaction's own lines do not count).
func (rc *recordCall) dependents(id int64) (bool, error) {
	for _, t := range rc.cat.Tables {
		if t.Derived {
			continue // a view's rows are the records themselves, or derived from them
		}
		for _, f := range t.Fields {
			if f.Type != catalog.Reference || (f.Ref != rc.rec.REST && f.Ref != rc.rec.Table) {
				continue
			}
			q := `SELECT 1 FROM "` + t.Name + `" WHERE "` + f.Column + `" = ?`
			if t.Name == "transactionline" && rc.rec.Table == "transaction" {
				q += ` AND "transaction" <> ?`
			} else if t.Name == rc.rec.Table {
				q += ` AND id <> ?`
			} else {
				q += ` AND ? IS NOT NULL`
			}
			var one int
			err := rc.s.Store.DB().QueryRowContext(rc.ctx(), q+` LIMIT 1`, id, id).Scan(&one)
			if err == nil {
				return true, nil
			}
			if err != sql.ErrNoRows && !core.IsNoTable(err) {
				return false, err
			}
		}
	}
	return false, nil
}

func (rc *recordCall) deleteRecord(id int64) error {
	ctx := rc.ctx()
	rc.s.writeMu.Lock()
	defer rc.s.writeMu.Unlock()
	tx, err := rc.s.Store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, sl := range rc.rec.Sublists {
		if _, err := tx.ExecContext(ctx, `DELETE FROM "`+sl.Table+`" WHERE "`+sl.Parent+`" = ?`, id); err != nil {
			return err
		}
	}
	if len(rc.rec.Sublists) == 0 && rc.rec.Table == "transaction" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM transactionline WHERE "transaction" = ?`, id); err != nil && !core.IsNoTable(err) {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM "`+rc.rec.Table+`" WHERE id = ?`, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	rc.s.Counts.Reset()
	return nil
}
