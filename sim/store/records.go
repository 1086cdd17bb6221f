package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// HasRecords reports whether any of the demo tables ([DemoTables]: the
// account's customers, items, transactions and the rest) holds a row. Demo
// data goes only into an account without records: [Store.GenerateDemo]
// drops and recreates those tables, so callers check first and keep an
// account that holds records as it is.
func (s *Store) HasRecords(ctx context.Context) (bool, error) {
	for _, t := range DemoTables {
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
