package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
)

// HasRecords reports whether the account holds any record: a row in one
// of the demo tables ([DemoTables]: customers, items, transactions and the
// rest; not the reference lists every account has, such as currencies) or
// in a custom record type's table. Demo data goes only into an
// account without records: [Store.GenerateDemo] drops and recreates the
// demo tables, so callers check first and keep an account that holds
// records as it is.
func (s *Store) HasRecords(ctx context.Context) (bool, error) {
	var tables []string
	for _, t := range DemoTables {
		if !slices.Contains(referenceTableNames, t) { // account set-up, not records (demo_reference.go)
			tables = append(tables, t)
		}
	}
	types, err := customRecordTypes(ctx, s.db)
	if err != nil {
		return false, err
	}
	for _, t := range types {
		tables = append(tables, t.ScriptID)
	}
	for _, t := range tables {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, t).Scan(&n)
		if err != nil {
			return false, fmt.Errorf("store: looking for table %s: %w", t, err)
		}
		if n == 0 {
			continue
		}
		var one int
		err = s.db.QueryRowContext(ctx, `SELECT 1 FROM "`+t+`" LIMIT 1`).Scan(&one)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("store: reading table %s: %w", t, err)
		}
	}
	return false, nil
}
