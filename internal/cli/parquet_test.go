package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/go-netsuite/netsuite/suiteql"
)

// TestParquetWriter: typed columns in SELECT order, NULLs as nulls, values
// converted; read back with parquet-go. (scripts/parquet-check.sh reads a
// 250k-line export with an independent reader.)
func TestParquetWriter(t *testing.T) {
	types, err := parseTypes([]string{"id=int,amount=float", "active=bool,day=date,at=datetime"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rw, err := newRowWriter(&b, "parquet", "SELECT id, name, amount, active, day, at FROM t", types)
	if err != nil {
		t.Fatal(err)
	}
	rows := []suiteql.Row{
		{"id": "1", "name": "Ada", "amount": "12.5", "active": "T", "day": "3/14/2026", "at": "2026-03-14 09:26:53"},
		{"id": "2", "active": "F"}, // NULL name, amount, day, at
	}
	if err := rw.columns([]string{"id", "name", "amount", "active", "day", "at"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := rw.write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range f.Schema().Fields() {
		names = append(names, c.Name())
	}
	if strings.Join(names, ",") != "id,name,amount,active,day,at" {
		t.Errorf("columns %v", names)
	}
	type row struct {
		ID     *int64   `parquet:"id,optional"`
		Name   *string  `parquet:"name,optional"`
		Amount *float64 `parquet:"amount,optional"`
		Active *bool    `parquet:"active,optional"`
		Day    *int32   `parquet:"day,date"`
		At     *int64   `parquet:"at,timestamp(millisecond)"`
	}
	got, err := parquet.Read[row](bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || *got[0].ID != 1 || *got[0].Name != "Ada" || *got[0].Amount != 12.5 || !*got[0].Active ||
		*got[0].Day != int32(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC).Unix()/86400) || *got[0].At != time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC).UnixMilli() {
		t.Errorf("row 1 %+v", got[0])
	}
	if got[1].Name != nil || got[1].Amount != nil || got[1].Day != nil || *got[1].Active {
		t.Errorf("row 2: NULLs must stay null: %+v", got[1])
	}

	// Bad input: a value that does not fit its type, unknown types, a
	// --types column the query lacks.
	rw, _ = newRowWriter(&bytes.Buffer{}, "parquet", "SELECT id FROM t", map[string]string{"id": "int"})
	rw.columns([]string{"id"})
	if err := rw.write(suiteql.Row{"id": "abc"}); err == nil || !strings.Contains(err.Error(), `column id = "abc"`) {
		t.Errorf("bad int: %v", err)
	}
	if _, err := parseTypes([]string{"id=integer"}); err == nil || !strings.Contains(err.Error(), "int, float, bool") {
		t.Errorf("unknown type: %v", err)
	}
	rw, _ = newRowWriter(&bytes.Buffer{}, "parquet", "SELECT id FROM t", map[string]string{"nope": "int"})
	if err := rw.columns([]string{"id"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("--types for a missing column: %v", err)
	}
}
