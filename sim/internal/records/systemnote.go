package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/store"
)

// System notes of REST writes: a create writes one Create note, an update
// one Change note per body field whose value changed, made by the login's
// employee and role (the systemnote table of sim/store/demo_more.go).
//
// Not known here, so left empty: the execution context code NetSuite
// writes for REST web services (the UI's context "UI" is UIF, CSV import
// CSV, Map/Reduce MPR, Suitelet SLT, as public SuiteQL filters on them),
// and how NetSuite spells the field of a standard field's note; the note
// names the field by its SuiteQL column. Deletes write no note (NetSuite
// lists them as deleted records, not in system notes). Sublist line
// changes are not noted.

// noteTypeID returns the system note record type id of the call's record
// type: -9 entity, -10 item, -30 transaction (see sim/store's noteEntity),
// a custom record type's internal id; ok is false for the record types
// whose id is not known (account, accountingPeriod).
func (rc *recordCall) noteTypeID(ctx context.Context, tx *sql.Tx) (id int64, ok bool, err error) {
	switch rc.rec.Table {
	case "customer", "vendor", "employee", "contact":
		return store.SystemNoteEntity, true, nil
	case "item":
		return store.SystemNoteItem, true, nil
	case "transaction":
		return store.SystemNoteTransaction, true, nil
	}
	err = tx.QueryRowContext(ctx, `SELECT id FROM customrecordtype WHERE scriptid = upper(?)`, rc.rec.Table).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || core.IsNoTable(err) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// noteLabel is the column naming a record in its notes.
func noteLabel(table string) string {
	switch table {
	case "customer", "vendor", "employee", "contact":
		return "entityid"
	case "item":
		return "itemid"
	case "transaction":
		return "tranid"
	case "account":
		return "accountsearchdisplayname"
	case "accountingperiod":
		return "periodname"
	}
	return "name" // custom records
}

// noteValues reads the record's label and the text of cols.
func noteValues(ctx context.Context, tx *sql.Tx, table string, id int64, cols []string) (label sql.NullString, vals []sql.NullString, err error) {
	sel := []string{`CAST("` + noteLabel(table) + `" AS TEXT)`}
	for _, c := range cols {
		sel = append(sel, `CAST("`+c+`" AS TEXT)`)
	}
	vals = make([]sql.NullString, len(cols))
	dst := []any{&label}
	for i := range vals {
		dst = append(dst, &vals[i])
	}
	err = tx.QueryRowContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM "`+table+`" WHERE id = ?`, id).Scan(dst...)
	return label, vals, err
}

// noteChange is one changed field of an update.
type noteChange struct {
	field    string
	old, new sql.NullString
}

// writeNotes inserts the notes of a create (changes nil) or an update.
func (rc *recordCall) writeNotes(ctx context.Context, tx *sql.Tx, id int64, changes []noteChange) error {
	typeID, ok, err := rc.noteTypeID(ctx, tx)
	if err != nil || !ok {
		return err
	}
	label, _, err := noteValues(ctx, tx, rc.rec.Table, id, nil)
	if err != nil {
		return fmt.Errorf("system note: %w", err)
	}
	_, now := rc.s.stamp()
	const ins = `INSERT INTO systemnote (date, recordtypeid, recordid, record, field, oldvalue, newvalue, name, role, type, context)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`
	user, role := rc.l.V.Employee.ID, rc.l.V.Role.ID
	if changes == nil {
		_, err = tx.ExecContext(ctx, ins, now, typeID, id, label, nil, nil, nil, user, role, "Create")
	}
	for _, c := range changes {
		if _, err = tx.ExecContext(ctx, ins, now, typeID, id, label, c.field, c.old, c.new, user, role, "Change"); err != nil {
			break
		}
	}
	if core.IsNoTable(err) {
		return nil // no systemnote table: the store has no demo tables of this version
	}
	return err
}

// changedFields compares the body's columns before and after an update.
func changedFields(cols []string, before, after []sql.NullString) []noteChange {
	out := []noteChange{}
	for i, c := range cols {
		if before[i] != after[i] {
			out = append(out, noteChange{field: c, old: before[i], new: after[i]})
		}
	}
	return out
}
