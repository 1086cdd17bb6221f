package core

import (
	"context"
	"database/sql"
	"strings"

	"github.com/go-netsuite/netsuite/sim/catalog"
)

// RecordType maps a record type to its demo table and the permission a role
// needs to read it, for the surfaces that read one-type tables directly
// (SOAP get, the lookup RESTlet). Derived from the catalog.
type RecordType struct {
	Table      string
	Permission string
}

// RecordTypes holds the standard catalog's one-table record types by
// lower-case name (customer, contact, vendor, employee). It is built once
// and never changed.
var RecordTypes = func() map[string]RecordType {
	m := map[string]RecordType{}
	for _, r := range catalog.Default().Records {
		if r.Discriminator.Column == "" {
			m[strings.ToLower(r.REST)] = RecordType{r.Table, r.Permission}
		}
	}
	return m
}()

// ReadRow reads one demo-table row by id as column -> value.
func (s *Core) ReadRow(ctx context.Context, table string, id int64) (map[string]any, error) {
	rows, err := s.Store.DB().QueryContext(ctx, `SELECT * FROM "`+table+`" WHERE id = ?`, id)
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
	return ScanMap(rows, cols)
}

// IsNoTable reports SQLite's "no such table" (the demo data was not generated).
func IsNoTable(err error) bool { return err != nil && strings.Contains(err.Error(), "no such table") }

// ScanMap scans the current row into column -> value (text as string).
func ScanMap(rows *sql.Rows, cols []string) (map[string]any, error) {
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
