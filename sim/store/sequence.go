package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// Internal ids. NetSuite never hands a deleted record's internal id to a
// new record: ids only grow. The emulator allocates every new id (records,
// transactions, transaction lines, custom records, and the account model's
// integrations, roles, employees and tokens) from a named sequence kept in
// acct_sequence, inside the write's own transaction, so a deleted id is
// never given out again and two writers (in this process or another on the
// same state file: writes take SQLite's write lock at BEGIN) never get the
// same one.
//
// A sequence is named by its table, except the entity id space that
// employees, customers, vendors and contacts share ("entity"), and the line
// ids within one transaction ("transactionline.id/<transaction id>"). Its
// next value is at least MAX(key)+1 over its rows, so that rows written
// without it (the demo generator, a state file from an older build) are
// never collided with.

// EntityTables share one internal id space, as in NetSuite.
var EntityTables = []string{"employee", "customer", "vendor", "contact"}

// EntitySequence is the sequence of [EntityTables].
const EntitySequence = "entity"

// sequenceMin is the first id of sequences that do not start at 1.
var sequenceMin = map[string]int64{
	"acct_role": 1001, // custom roles; the built-in Administrator is 3
}

// SequenceOf returns the name of the sequence that gives table its new ids.
func SequenceOf(table string) string {
	for _, t := range EntityTables {
		if t == table {
			return EntitySequence
		}
	}
	return table
}

// NextID returns a new internal id for a row of the table named by seq (a
// table name, or [EntitySequence]; see [SequenceOf]) inside tx, the
// caller's write transaction: an id never given out before, also not to a
// row since deleted. If tx rolls back, so does the allocation.
func NextID(ctx context.Context, tx *sql.Tx, seq string) (int64, error) {
	return allocate(ctx, tx, seq, func() (int64, error) { return maxKey(ctx, tx, seq) })
}

// NextLineID returns a new line id within transaction tran (the main line
// is 0, item lines from 1): a line id this transaction never had, also not
// one of a line since removed.
func NextLineID(ctx context.Context, tx *sql.Tx, tran int64) (int64, error) {
	return allocate(ctx, tx, lineSequence(tran), func() (int64, error) {
		var n sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM transactionline WHERE "transaction" = ?`, tran).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: next line id of transaction %d: %w", tran, err)
		}
		return n.Int64, nil
	})
}

func lineSequence(tran int64) string { return "transactionline.id/" + strconv.FormatInt(tran, 10) }

// nextID is [NextID] for the store's own writes on any querier.
func nextID(ctx context.Context, q querier, table string) (int64, error) {
	return allocate(ctx, q, table, func() (int64, error) { return maxKey(ctx, q, table) })
}

// allocate takes the next value of sequence name: the larger of its stored
// next value, top()+1 and the sequence's minimum, and stores that plus one.
func allocate(ctx context.Context, q querier, name string, top func() (int64, error)) (int64, error) {
	var stored sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT next FROM acct_sequence WHERE name = ?`, name).Scan(&stored)
	if err != nil && err != sql.ErrNoRows {
		return 0, fmt.Errorf("store: next id of %s: %w", name, err)
	}
	m, err := top()
	if err != nil {
		return 0, err
	}
	id := max(stored.Int64, m+1, sequenceMin[name], 1)
	if _, err := q.ExecContext(ctx, `INSERT INTO acct_sequence (name, next) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET next = excluded.next`, name, id+1); err != nil {
		return 0, fmt.Errorf("store: next id of %s: %w", name, err)
	}
	return id, nil
}

// maxKey returns the largest key in use by the tables of sequence seq (0
// when they are empty or do not exist yet).
func maxKey(ctx context.Context, q querier, seq string) (int64, error) {
	tables := []string{seq}
	if seq == EntitySequence {
		tables = EntityTables
	}
	var top int64
	for _, t := range tables {
		key, err := keyColumn(ctx, q, t)
		if err != nil {
			return 0, err
		}
		if key == "" {
			continue // no such table (yet)
		}
		var n sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT MAX("`+key+`") FROM "`+t+`"`).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: next id of %s: %w", seq, err)
		}
		top = max(top, n.Int64)
	}
	return top, nil
}

// keyColumn returns table's INTEGER PRIMARY KEY column, "" if the table does
// not exist or has none.
func keyColumn(ctx context.Context, q querier, table string) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, type, pk FROM pragma_table_info(?)`, table)
	if err != nil {
		return "", fmt.Errorf("store: key of %s: %w", table, err)
	}
	defer rows.Close()
	var key string
	pks := 0
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			return "", fmt.Errorf("store: key of %s: %w", table, err)
		}
		if pk > 0 {
			pks++
			if strings.EqualFold(typ, "INTEGER") {
				key = name
			}
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("store: key of %s: %w", table, err)
	}
	if pks != 1 {
		key = ""
	}
	return key, nil
}

// initSequences sets every table's sequence to at least MAX(key)+1 of its
// rows: run when a state file is migrated to schema 4 and after the demo
// is generated, so that a row deleted before the next create does not give
// its id away. (Line ids within a transaction start from the transaction's
// lines at its first new line: no write removes single lines before then.)
func initSequences(ctx context.Context, q querier) error {
	tables, err := queryRows(ctx, q, "list tables", func(r *sql.Rows) (string, error) {
		var n string
		return n, r.Scan(&n)
	}, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'acct_sequence' ORDER BY name`)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, t := range tables {
		seq := SequenceOf(t)
		if seen[seq] {
			continue
		}
		seen[seq] = true
		if key, err := keyColumn(ctx, q, t); err != nil || key == "" {
			if err != nil {
				return err
			}
			continue
		}
		top, err := maxKey(ctx, q, seq)
		if err != nil {
			return err
		}
		if top == 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO acct_sequence (name, next) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET next = max(next, excluded.next)`, seq, top+1); err != nil {
			return fmt.Errorf("store: initialise id sequence %s: %w", seq, err)
		}
	}
	return nil
}
