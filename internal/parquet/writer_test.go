package parquet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// The files are read back with parquet-go, an independent reader (a test
// dependency only); scripts/parquet-check.sh reads a CLI export with a
// second one, hyparquet.

// cell is a Value as the reader gives it back: nil, string, int64 (Int64,
// Timestamp), int32 (Date), float64 bits (Double, so NaN compares) or bool.
func cell(v Value) any {
	switch v.typ {
	case 0:
		return nil
	case String:
		return v.str
	case Int64, Timestamp:
		return int64(v.bits)
	case Date:
		return int32(uint32(v.bits))
	case Double:
		return fmt.Sprintf("float64 bits %#016x", v.bits)
	default:
		return v.bits == 1
	}
}

func readCell(v pq.Value) any {
	if v.IsNull() {
		return nil
	}
	switch v.Kind() {
	case pq.ByteArray:
		return string(v.ByteArray())
	case pq.Int64:
		return v.Int64()
	case pq.Int32:
		return v.Int32()
	case pq.Double:
		return fmt.Sprintf("float64 bits %#016x", math.Float64bits(v.Double()))
	case pq.Boolean:
		return v.Boolean()
	}
	return fmt.Sprintf("unexpected kind %v", v.Kind())
}

// readBack opens a file with parquet-go and returns it and its rows.
func readBack(t testing.TB, b []byte) (*pq.File, [][]any) {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("parquet-go cannot open the file: %v", err)
	}
	ncols := len(f.Schema().Fields())
	var rows [][]any
	buf := make([]pq.Row, 100)
	for _, rg := range f.RowGroups() {
		rr := rg.Rows()
		for {
			n, err := rr.ReadRows(buf)
			for _, r := range buf[:n] {
				vals := make([]any, ncols)
				if len(r) != ncols {
					t.Fatalf("a row of %d values for %d columns", len(r), ncols)
				}
				for _, v := range r {
					vals[v.Column()] = readCell(v)
				}
				rows = append(rows, vals)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("reading rows: %v", err)
			}
		}
		rr.Close()
	}
	return f, rows
}

func write(t testing.TB, cols []Column, rows [][]Value, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, cols, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkRoundTrip writes rows, reads them back and compares, and checks the
// footer's account of the row groups.
func checkRoundTrip(t testing.TB, cols []Column, rows [][]Value, opt Options) *pq.File {
	t.Helper()
	b := write(t, cols, rows, opt)
	f, got := readBack(t, b)
	if len(got) != len(rows) {
		t.Fatalf("read %d rows, wrote %d", len(got), len(rows))
	}
	for i, r := range rows {
		for j, v := range r {
			if want := cell(v); got[i][j] != want {
				t.Fatalf("row %d column %s: read %#v, wrote %#v", i, cols[j].Name, got[i][j], want)
			}
		}
	}
	if f.NumRows() != int64(len(rows)) {
		t.Errorf("footer num_rows %d, wrote %d", f.NumRows(), len(rows))
	}
	groupRows := opt.RowGroupRows
	if groupRows == 0 {
		groupRows = DefaultRowGroupRows
	}
	if want := (len(rows) + groupRows - 1) / groupRows; len(f.RowGroups()) != want {
		t.Errorf("%d row groups, want %d", len(f.RowGroups()), want)
	}
	checkPages(t, b, f, opt)
	return f
}

// checkPages walks every column chunk's pages by their headers (decoded with
// parquet-go's Thrift decoder): they must fill the chunk exactly, hold the
// chunk's values, be DATA_PAGE v1 PLAIN/RLE, not exceed the page bound, and
// their null counts must add up to the chunk's.
func checkPages(t testing.TB, b []byte, f *pq.File, opt Options) {
	t.Helper()
	limit := opt.PageBytes
	if limit == 0 {
		limit = DefaultPageBytes
	}
	for gi, g := range f.Metadata().RowGroups {
		for ci, c := range g.Columns {
			m := c.MetaData
			if m.Codec != format.Snappy {
				t.Errorf("row group %d column %d: codec %v", gi, ci, m.Codec)
			}
			off, end := m.DataPageOffset, m.DataPageOffset+m.TotalCompressedSize
			var values, nulls, unc int64
			for off < end {
				r := bytes.NewReader(b[off:end])
				var h format.PageHeader
				if err := thrift.NewDecoder((&thrift.CompactProtocol{}).NewReader(r)).Decode(&h); err != nil {
					t.Fatalf("row group %d column %d: page header at %d: %v", gi, ci, off, err)
				}
				hlen := int64(len(b[off:end]) - r.Len())
				dh := h.DataPageHeader.V
				if h.Type != format.DataPage || !h.DataPageHeader.Valid || dh.Encoding != format.Plain || dh.DefinitionLevelEncoding != format.RLE {
					t.Fatalf("row group %d column %d: page header %+v", gi, ci, h)
				}
				// Only a page of one value may pass the bound (by its value:
				// the tests' values are shorter than 64 bytes).
				if n := dh.NumValues; n > 1 && h.UncompressedPageSize > int32(limit) || h.UncompressedPageSize > int32(limit)+80 {
					t.Errorf("row group %d column %d: a page of %d bytes, bound %d", gi, ci, h.UncompressedPageSize, limit)
				}
				values += int64(dh.NumValues)
				nulls += dh.Statistics.NullCount
				unc += hlen + int64(h.UncompressedPageSize)
				off += hlen + int64(h.CompressedPageSize)
			}
			if off != end {
				t.Errorf("row group %d column %d: pages end at %d, chunk at %d", gi, ci, off, end)
			}
			if values != m.NumValues || values != g.NumRows {
				t.Errorf("row group %d column %d: pages hold %d values, chunk %d, rows %d", gi, ci, values, m.NumValues, g.NumRows)
			}
			if unc != m.TotalUncompressedSize || nulls != m.Statistics.NullCount {
				t.Errorf("row group %d column %d: pages: %d bytes uncompressed, %d nulls; chunk: %d, %d", gi, ci, unc, nulls, m.TotalUncompressedSize, m.Statistics.NullCount)
			}
		}
	}
}

// pageCounts gives the number of pages of each column of the first row
// group, as parquet-go reads them.
func pageCounts(t testing.TB, f *pq.File) []int {
	t.Helper()
	var counts []int
	for _, cc := range f.RowGroups()[0].ColumnChunks() {
		pages := cc.Pages()
		n := 0
		for {
			p, err := pages.ReadPage()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
			pq.Release(p)
		}
		pages.Close()
		counts = append(counts, n)
	}
	return counts
}

var allTypes = []Column{{"s", String}, {"i", Int64}, {"f", Double}, {"b", Bool}, {"d", Date}, {"ts", Timestamp}}

func TestRoundTrip(t *testing.T) {
	gen := func(n int, f func(i int) []Value) [][]Value {
		rows := make([][]Value, n)
		for i := range rows {
			rows[i] = f(i)
		}
		return rows
	}
	for _, tc := range []struct {
		name  string
		cols  []Column
		rows  [][]Value
		opt   Options
		pages []int // if set, the page counts of the first row group
	}{
		{name: "every type", cols: allTypes, rows: [][]Value{
			{StringValue("Ada"), Int64Value(42), DoubleValue(12.5), BoolValue(true), DateValue(20526), TimestampValue(1773480413000)},
			{StringValue("Grace"), Int64Value(-7), DoubleValue(-0.25), BoolValue(false), DateValue(-1), TimestampValue(-1)},
		}},
		{name: "nulls in every type", cols: allTypes, rows: [][]Value{
			{Null(), Int64Value(1), Null(), BoolValue(true), Null(), TimestampValue(5)},
			{StringValue("x"), Null(), DoubleValue(1), Null(), DateValue(3), Null()},
			{Null(), Null(), Null(), Null(), Null(), Null()},
			{StringValue(""), Int64Value(0), DoubleValue(0), BoolValue(false), DateValue(0), TimestampValue(0)},
		}},
		{name: "an all-null column", cols: []Column{{"id", Int64}, {"none", String}, {"nob", Bool}},
			rows: gen(20, func(i int) []Value { return []Value{Int64Value(int64(i)), Null(), Null()} })},
		{name: "zero rows", cols: allTypes},
		{name: "several row groups", cols: []Column{{"id", Int64}, {"name", String}, {"ok", Bool}}, opt: Options{RowGroupRows: 7},
			rows: gen(30, func(i int) []Value {
				return []Value{Int64Value(int64(i)), StringValue(strings.Repeat("n", i)), BoolValue(i%3 == 0)}
			})},
		{name: "a full last row group", cols: []Column{{"id", Int64}}, opt: Options{RowGroupRows: 5},
			rows: gen(10, func(i int) []Value { return []Value{Int64Value(int64(i))} })},
		{name: "pages split", cols: []Column{{"id", Int64}, {"s", String}, {"b", Bool}, {"d", Date}}, opt: Options{PageBytes: 256},
			rows: gen(1000, func(i int) []Value {
				s := StringValue(fmt.Sprint("value ", i))
				if i%5 == 0 {
					s = Null()
				}
				return []Value{Int64Value(int64(i) * 1e9), s, BoolValue(i%2 == 1), DateValue(int32(i))}
			}),
			// Per page of 256 bytes: 30 ints of 8 bytes, about 23 rows of
			// strings of 13 bytes (a fifth null), 58 dates, 656 booleans.
			pages: []int{34, 44, 2, 18}},
		{name: "one value larger than a page", cols: []Column{{"s", String}}, opt: Options{PageBytes: 16},
			rows:  [][]Value{{StringValue("a")}, {StringValue("0123456789abcdefghijklmnopqrstuvwxyz")}, {StringValue("b")}},
			pages: []int{3}},
		{name: "utf-8 and empty strings", cols: []Column{{"s", String}, {"t", String}}, rows: [][]Value{
			{StringValue(""), StringValue("héllo wörld")},
			{StringValue("日本語のテキスト"), StringValue("")},
			{StringValue("emoji 🦫🚀"), Null()},
			{StringValue("a\x00b"), StringValue("tab\tnewline\n")},
		}},
		{name: "int64 extremes", cols: []Column{{"i", Int64}, {"ts", Timestamp}, {"d", Date}}, rows: [][]Value{
			{Int64Value(math.MaxInt64), TimestampValue(math.MaxInt64), DateValue(math.MaxInt32)},
			{Int64Value(math.MinInt64), TimestampValue(math.MinInt64), DateValue(math.MinInt32)},
			{Int64Value(0), TimestampValue(0), DateValue(0)},
			{Int64Value(-1), TimestampValue(-1), DateValue(-1)},
		}},
		{name: "NaN and infinities", cols: []Column{{"f", Double}}, rows: [][]Value{
			{DoubleValue(math.NaN())}, {DoubleValue(math.Inf(1))}, {DoubleValue(math.Inf(-1))},
			{DoubleValue(math.Copysign(0, -1))}, {DoubleValue(math.MaxFloat64)}, {DoubleValue(math.SmallestNonzeroFloat64)}, {Null()},
		}},
		{name: "level runs", cols: []Column{{"i", Int64}, {"b", Bool}},
			// Runs of values and nulls of many lengths, aligned on groups
			// of eight and not: every path of the level encoder.
			rows: gen(2000, func(i int) []Value {
				run := i / 37
				if (i%37 < run%9) || (i > 1500 && i%3 == 0) {
					return []Value{Null(), Null()}
				}
				return []Value{Int64Value(int64(i)), BoolValue(i%7 < 3)}
			})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := checkRoundTrip(t, tc.cols, tc.rows, tc.opt)
			if tc.pages != nil {
				if got := pageCounts(t, f); fmt.Sprint(got) != fmt.Sprint(tc.pages) {
					t.Errorf("pages per column %v, want %v", got, tc.pages)
				}
			}
		})
	}
}

// TestSchema: the column names in order, every column optional, and the
// physical, converted and logical types.
func TestSchema(t *testing.T) {
	b := write(t, allTypes, nil, Options{})
	f, _ := readBack(t, b)
	// Converted types: -1 none, 0 UTF8, 6 DATE, 9 TIMESTAMP_MILLIS.
	want := []struct {
		phys    string
		conv    int
		logical string
	}{
		{"BYTE_ARRAY", 0, "STRING"},
		{"INT64", -1, ""},
		{"DOUBLE", -1, ""},
		{"BOOLEAN", -1, ""},
		{"INT32", 6, "DATE"},
		{"INT64", 9, "TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)"},
	}
	schema := f.Metadata().Schema
	if len(schema) != 1+len(allTypes) || schema[0].NumChildren.V != int32(len(allTypes)) {
		t.Fatalf("schema %+v", schema)
	}
	for i, el := range schema[1:] {
		conv := -1
		if el.ConvertedType.Valid {
			conv = int(el.ConvertedType.V)
		}
		if el.Name != allTypes[i].Name || el.RepetitionType.V != format.Optional || el.Type.V.String() != want[i].phys ||
			conv != want[i].conv || el.LogicalType.String() != want[i].logical {
			t.Errorf("column %d: %s %v %v converted %d logical %q, want %+v", i, el.Name, el.RepetitionType.V, el.Type.V, conv, el.LogicalType.String(), want[i])
		}
	}
	// What parquet-go makes of it.
	fields := f.Schema().Fields()
	for i, fl := range fields {
		if fl.Name() != allTypes[i].Name || !fl.Optional() {
			t.Errorf("field %d: %s optional=%v", i, fl.Name(), fl.Optional())
		}
	}
	if lt := fields[0].Type().LogicalType(); lt == nil || lt.String() != "STRING" {
		t.Errorf("string column: logical type %v", lt)
	}
	if lt := fields[4].Type().LogicalType(); lt == nil || lt.String() != "DATE" {
		t.Errorf("date column: logical type %v", lt)
	}
	if lt := fields[5].Type().LogicalType(); lt == nil || lt.String() != "TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)" {
		t.Errorf("timestamp column: logical type %v", lt)
	}
	if f.Metadata().CreatedBy != "go-netsuite" || len(f.RowGroups()) != 0 || f.NumRows() != 0 {
		t.Errorf("created_by %q, %d row groups, %d rows", f.Metadata().CreatedBy, len(f.RowGroups()), f.NumRows())
	}
}

// TestFooterBytes checks the file's frame without a reader: "PAR1" at both
// ends, and the 4-byte little-endian length before the closing magic
// giving the metadata that ends there, which starts where the last page
// ends.
func TestFooterBytes(t *testing.T) {
	for _, n := range []int{0, 3} {
		rows := make([][]Value, n)
		for i := range rows {
			rows[i] = []Value{Int64Value(int64(i))}
		}
		b := write(t, []Column{{"id", Int64}}, rows, Options{})
		if len(b) < 12 || string(b[:4]) != "PAR1" || string(b[len(b)-4:]) != "PAR1" {
			t.Fatalf("%d rows: the file does not start and end with PAR1: %q", n, b)
		}
		mlen := int(binary.LittleEndian.Uint32(b[len(b)-8:]))
		start := len(b) - 8 - mlen
		if start < 4 {
			t.Fatalf("%d rows: metadata length %d in a file of %d bytes", n, mlen, len(b))
		}
		f, _ := readBack(t, b)
		end := int64(4)
		for _, g := range f.Metadata().RowGroups {
			for _, c := range g.Columns {
				end = max(end, c.MetaData.DataPageOffset+c.MetaData.TotalCompressedSize)
			}
		}
		if end != int64(start) {
			t.Errorf("%d rows: the pages end at %d, the metadata starts at %d", n, end, start)
		}
		// The metadata is a Thrift struct: it ends with a stop byte.
		if b[len(b)-9] != 0 {
			t.Errorf("%d rows: the metadata does not end with a stop byte", n)
		}
	}
}

func TestWriterErrors(t *testing.T) {
	var b bytes.Buffer
	for _, cols := range [][]Column{nil, {{"", Int64}}, {{"a", Int64}, {"a", String}}, {{"a", Type(0)}}, {{"a", Type(99)}}} {
		if _, err := NewWriter(&b, cols, Options{}); err == nil {
			t.Errorf("columns %v: no error", cols)
		}
	}
	w, err := NewWriter(&b, []Column{{"a", Int64}, {"b", String}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]Value{Int64Value(1)}); err == nil || !strings.Contains(err.Error(), "1 values for 2 columns") {
		t.Errorf("short row: %v", err)
	}
	if err := w.Write([]Value{Int64Value(1), Int64Value(2)}); err == nil || !strings.Contains(err.Error(), `column "b" is string, not int64`) {
		t.Errorf("wrong type: %v", err)
	}
	// A refused row leaves no trace.
	if err := w.Write([]Value{Int64Value(3), StringValue("c")}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]Value{Int64Value(3), StringValue("c")}); err == nil {
		t.Error("write after Close: no error")
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, rows := readBack(t, b.Bytes())
	if fmt.Sprint(rows) != "[[3 c]]" {
		t.Errorf("rows %v", rows)
	}

	// A failing io.Writer: the error comes back, and stays.
	fw := &failWriter{after: 100}
	w, err = NewWriter(fw, []Column{{"a", String}}, Options{RowGroupRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	for i := 0; i < 100 && werr == nil; i++ {
		werr = w.Write([]Value{StringValue(strings.Repeat("x", 50))})
	}
	if !errors.Is(werr, errFail) {
		t.Fatalf("write error %v", werr)
	}
	if err := w.Write([]Value{StringValue("y")}); !errors.Is(err, errFail) {
		t.Errorf("after a write error: %v", err)
	}
	if err := w.Close(); !errors.Is(err, errFail) {
		t.Errorf("Close after a write error: %v", err)
	}
	if _, err := NewWriter(&failWriter{}, []Column{{"a", String}}, Options{}); !errors.Is(err, errFail) {
		t.Errorf("NewWriter on a failing writer: %v", err)
	}
}

var errFail = errors.New("disk full")

type failWriter struct{ n, after int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n+len(p) > f.after {
		return 0, errFail
	}
	f.n += len(p)
	return len(p), nil
}

// TestLevels checks the level encoder's bytes on small cases against the
// hybrid encoding written out by hand.
func TestLevels(t *testing.T) {
	ones := func(n int) []byte { return bytes.Repeat([]byte{1}, n) }
	for _, tc := range []struct {
		levels []byte
		want   []byte // without the 4-byte length
	}{
		{nil, nil},
		{ones(8), []byte{8 << 1, 1}},
		{ones(20), []byte{20 << 1, 1}},                    // a partial group continues the run
		{ones(3), []byte{1<<1 | 1, 0b111}},                // a partial group alone is bit-packed
		{[]byte{1, 0, 1, 1, 0, 0, 0, 1}, []byte{3, 0x8d}}, // LSB first
		{append(ones(16), 0, 1), []byte{16 << 1, 1, 3, 0b10}},
		{append(append([]byte{0, 1, 0, 1, 0, 1, 0, 1}, make([]byte, 16)...), 1, 0, 1, 0, 1, 0, 1, 0, 1),
			[]byte{3, 0xaa, 16 << 1, 0, 2<<1 | 1, 0x55, 0x01}},
		{make([]byte, 300), []byte{0xd8, 0x04, 0}}, // 600 as a varint
	} {
		got := appendLevels(nil, tc.levels)
		if n := binary.LittleEndian.Uint32(got); int(n) != len(got)-4 || !bytes.Equal(got[4:], tc.want) {
			t.Errorf("levels %v: % x, want length %d and % x", tc.levels, got, len(tc.want), tc.want)
		}
	}
}

// FuzzWriter writes random columns and rows and reads them back.
func FuzzWriter(f *testing.F) {
	f.Add([]byte("\x06\x01\x02\x03\x04\x05\x06hello world, some rows of values"), uint16(5), uint16(64))
	f.Add([]byte("\x01\x01\x00\x00\x00\xff\xff\xff"), uint16(1), uint16(1))
	f.Add(bytes.Repeat([]byte{0x03, 0x02, 0x06, 0x04, 0x80, 0x11}, 40), uint16(9), uint16(40))
	f.Fuzz(func(t *testing.T, data []byte, groupRows, pageBytes uint16) {
		if len(data) == 0 {
			return
		}
		in := data
		next := func() byte {
			if len(in) == 0 {
				return 0
			}
			b := in[0]
			in = in[1:]
			return b
		}
		ncols := int(next()%8) + 1
		cols := make([]Column, ncols)
		for i := range cols {
			cols[i] = Column{Name: fmt.Sprint("c", i), Type: Type(next()%6) + 1}
		}
		var rows [][]Value
		for len(in) > 0 && len(rows) < 2000 {
			row := make([]Value, ncols)
			for i, c := range cols {
				k := next()
				if k%4 == 0 {
					continue // null
				}
				var u uint64
				for j := 0; j < int(k%9); j++ {
					u = u<<8 | uint64(next())
				}
				switch c.Type {
				case String:
					n := min(int(k>>4), len(in))
					row[i] = StringValue(string(in[:n]))
					in = in[n:]
				case Int64:
					row[i] = Int64Value(int64(u))
				case Double:
					row[i] = DoubleValue(math.Float64frombits(u))
				case Bool:
					row[i] = BoolValue(k&16 != 0)
				case Date:
					row[i] = DateValue(int32(u))
				case Timestamp:
					row[i] = TimestampValue(int64(u))
				}
			}
			rows = append(rows, row)
		}
		checkRoundTrip(t, cols, rows, Options{RowGroupRows: int(groupRows%600) + 1, PageBytes: int(pageBytes%2048) + 1})
	})
}
