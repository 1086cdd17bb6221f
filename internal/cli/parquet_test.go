package cli

import (
	"bytes"
	"io"
	"strconv"
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
		// Before 1970 a date with a time of day stays on its day.
		{"id": "3", "name": "", "day": "1969-12-31 12:00:00", "at": "1969-12-31 23:59:59"},
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
	if len(got) != 3 || *got[0].ID != 1 || *got[0].Name != "Ada" || *got[0].Amount != 12.5 || !*got[0].Active ||
		*got[0].Day != int32(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC).Unix()/86400) || *got[0].At != time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC).UnixMilli() {
		t.Errorf("row 1 %+v", got[0])
	}
	if got[1].Name != nil || got[1].Amount != nil || got[1].Day != nil || *got[1].Active {
		t.Errorf("row 2: NULLs must stay null: %+v", got[1])
	}
	if *got[2].Name != "" || *got[2].Day != -1 || *got[2].At != -1000 || got[2].Active != nil {
		t.Errorf("row 3 %+v", got[2])
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

// BenchmarkParquetExport: rows as SuiteQL gives them (text, NULL columns
// left out) through -o parquet's row writer, the transactionline columns of
// scripts/parquet-check.sh. MB/s counts the rows' text.
func BenchmarkParquetExport(b *testing.B) {
	types, err := parseTypes([]string{"uniquekey=int,transaction=int,item=int,quantity=float,netamount=float,mainline=bool"})
	if err != nil {
		b.Fatal(err)
	}
	cols := []string{"uniquekey", "transaction", "item", "quantity", "netamount", "mainline", "memo"}
	rows := make([]suiteql.Row, 1024)
	text := 0
	for i := range rows {
		r := suiteql.Row{"uniquekey": strconv.Itoa(100000 + i), "transaction": strconv.Itoa(5000 + i/4), "quantity": strconv.Itoa(i%12 + 1),
			"netamount": strconv.FormatFloat(float64(i*37%10000)/100, 'f', 2, 64), "mainline": "F"}
		if i%4 == 0 {
			r["mainline"] = "T"
		} else {
			r["item"] = strconv.Itoa(300 + i%50)
		}
		if i%3 == 0 {
			r["memo"] = "Order line " + strconv.Itoa(i) + " for customer"
		}
		for _, v := range r {
			text += len(v)
		}
		rows[i] = r
	}
	b.SetBytes(int64(text / len(rows)))
	b.ReportAllocs()
	rw, err := newRowWriter(io.Discard, "parquet", "SELECT "+strings.Join(cols, ", ")+" FROM transactionline", types)
	if err != nil {
		b.Fatal(err)
	}
	if err := rw.columns(cols); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := rw.write(rows[i%len(rows)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := rw.close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
