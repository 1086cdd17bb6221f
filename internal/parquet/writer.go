// Package parquet writes flat Apache Parquet files: one optional column per
// field, no nesting, for the CLI's -o parquet.
//
// What it writes (github.com/apache/parquet-format, README.md, Encodings.md
// and src/main/thrift/parquet.thrift): the magic "PAR1"; row groups of at
// most Options.RowGroupRows rows, one column chunk per column; in each chunk,
// data pages v1 of about Options.PageBytes uncompressed at most, compressed
// with SNAPPY (raw Snappy blocks), definition levels in the RLE/bit-packed
// hybrid encoding and values PLAIN; then the footer: FileMetaData in the
// Thrift Compact Protocol, its length as 4 bytes little-endian, and "PAR1".
// Every column is OPTIONAL (a value may be null). The column types:
//
//	String     BYTE_ARRAY, converted type UTF8, logical type STRING
//	Int64      INT64
//	Double     DOUBLE
//	Bool       BOOLEAN
//	Date       INT32, converted type DATE, logical type DATE (days since 1970-01-01)
//	Timestamp  INT64, converted type TIMESTAMP_MILLIS, logical type
//	           TIMESTAMP(isAdjustedToUTC=true, unit=MILLIS) (ms since the epoch)
//
// Statistics carry the null count of every page and column chunk.
//
// What it does not write: nested or repeated columns, required columns,
// dictionary pages and encodings other than PLAIN and RLE, data pages v2,
// compression codecs other than SNAPPY, min/max statistics (nor, therefore,
// column_orders), page indexes, bloom filters, key/value metadata and
// encryption. It writes; it does not read.
//
// Memory: a Writer buffers the encoded values of one row group and streams
// everything else to its io.Writer; the footer's metadata grows by a few
// dozen bytes per column and row group.
package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/golang/snappy"
)

// Type is a column's type.
type Type uint8

// The column types; see the package documentation for their Parquet types.
const (
	String Type = iota + 1
	Int64
	Double
	Bool
	Date
	Timestamp
)

var typeNames = [...]string{String: "string", Int64: "int64", Double: "double", Bool: "bool", Date: "date", Timestamp: "timestamp"}

func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// Parquet's enums (parquet.thrift).
const (
	physBoolean   = 0 // Type
	physInt32     = 1
	physInt64     = 2
	physDouble    = 5
	physByteArray = 6

	convUTF8            = 0 // ConvertedType
	convDate            = 6
	convTimestampMillis = 9

	repOptional = 1 // FieldRepetitionType

	encPlain = 0 // Encoding
	encRLE   = 3

	codecSnappy = 1 // CompressionCodec

	pageData = 0 // PageType
)

func (t Type) physical() int32 {
	switch t {
	case String:
		return physByteArray
	case Int64, Timestamp:
		return physInt64
	case Double:
		return physDouble
	case Bool:
		return physBoolean
	default: // Date
		return physInt32
	}
}

// Column is a column of the file: its name and type.
type Column struct {
	Name string
	Type Type
}

// Value is one cell of a row: null (the zero Value) or a value of one of
// the types, made by the functions below.
type Value struct {
	typ  Type // 0: null
	bits uint64
	str  string
}

// Null is the null value.
func Null() Value { return Value{} }

// StringValue is a String value. It must be UTF-8 (the writer does not check).
func StringValue(s string) Value { return Value{typ: String, str: s} }

// Int64Value is an Int64 value.
func Int64Value(v int64) Value { return Value{typ: Int64, bits: uint64(v)} }

// DoubleValue is a Double value; NaN and infinities are written as they are.
func DoubleValue(f float64) Value { return Value{typ: Double, bits: math.Float64bits(f)} }

// BoolValue is a Bool value.
func BoolValue(b bool) Value {
	v := Value{typ: Bool}
	if b {
		v.bits = 1
	}
	return v
}

// DateValue is a Date value: days since 1970-01-01.
func DateValue(days int32) Value { return Value{typ: Date, bits: uint64(uint32(days))} }

// TimestampValue is a Timestamp value: milliseconds since 1970-01-01 00:00 UTC.
func TimestampValue(ms int64) Value { return Value{typ: Timestamp, bits: uint64(ms)} }

// IsNull says whether v is the null value.
func (v Value) IsNull() bool { return v.typ == 0 }

// Defaults for Options' zero fields.
const (
	DefaultRowGroupRows = 50_000
	DefaultPageBytes    = 1 << 20
)

// Options tune a Writer; the zero value takes the defaults.
type Options struct {
	// RowGroupRows is the number of rows of a row group (the last may have
	// fewer). The writer buffers one row group.
	RowGroupRows int
	// PageBytes bounds a data page's uncompressed size; a page holds at
	// least one value, so a single larger value makes a larger page.
	PageBytes int
}

// Writer writes rows to a Parquet file. Write adds rows, Close writes what
// is buffered and the footer. After an error writing to the io.Writer every
// call returns that error. A Writer is not safe for concurrent use.
type Writer struct {
	out    countingWriter
	cols   []column
	opt    Options
	rows   int   // rows buffered in the current row group
	total  int64 // rows in the file
	groups []rowGroup
	err    error // the first write error; sticky
	closed bool

	page []byte // scratch: a page before compression
	comp []byte // scratch: a page after compression
	hdr  compact
}

type column struct {
	Column
	defs []byte // one per row of the row group: 1 a value, 0 null
	data []byte // PLAIN values of the non-null rows; booleans one byte each
	// Pages already cut in the row group, and where the current one starts.
	pages             []pageSpan
	pageRow, pageData int
}

// pageSpan is a page: its rows [row0, row1) and PLAIN bytes [data0, data1).
type pageSpan struct{ row0, row1, data0, data1 int }

type chunkMeta struct {
	dataPageOffset, uncompressed, compressed, nulls int64
}

type rowGroup struct {
	rows    int64
	columns []chunkMeta
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	return n, err
}

var magic = []byte("PAR1")

// NewWriter starts a Parquet file of the given columns on w: it writes the
// magic number at once. Column names must be non-empty and distinct.
func NewWriter(w io.Writer, cols []Column, opt Options) (*Writer, error) {
	if len(cols) == 0 {
		return nil, errors.New("parquet: no columns")
	}
	seen := map[string]bool{}
	pw := &Writer{out: countingWriter{w: w}, opt: opt, cols: make([]column, len(cols))}
	for i, c := range cols {
		if c.Name == "" {
			return nil, fmt.Errorf("parquet: column %d has no name", i+1)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("parquet: two columns are named %q", c.Name)
		}
		if c.Type < String || c.Type > Timestamp {
			return nil, fmt.Errorf("parquet: column %q: unknown type %v", c.Name, c.Type)
		}
		seen[c.Name] = true
		pw.cols[i].Column = c
	}
	if pw.opt.RowGroupRows <= 0 {
		pw.opt.RowGroupRows = DefaultRowGroupRows
	}
	if pw.opt.PageBytes <= 0 {
		pw.opt.PageBytes = DefaultPageBytes
	}
	if _, err := pw.out.Write(magic); err != nil {
		return nil, err
	}
	return pw, nil
}

// Write adds a row: one Value per column, in the columns' order, each null
// or of its column's type. A row that does not fit is refused with an error
// and leaves the writer as it was.
func (w *Writer) Write(row []Value) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("parquet: write after Close")
	}
	if len(row) != len(w.cols) {
		return fmt.Errorf("parquet: a row of %d values for %d columns", len(row), len(w.cols))
	}
	for i, v := range row {
		if v.typ != 0 && v.typ != w.cols[i].Type {
			return fmt.Errorf("parquet: column %q is %v, not %v", w.cols[i].Name, w.cols[i].Type, v.typ)
		}
		if v.typ == String && uint64(len(v.str)) > math.MaxInt32 {
			return fmt.Errorf("parquet: column %q: a string of %d bytes", w.cols[i].Name, len(v.str))
		}
	}
	for i, v := range row {
		w.cols[i].add(v, w.rows, w.opt.PageBytes)
	}
	w.rows++
	w.total++
	if w.rows >= w.opt.RowGroupRows {
		return w.flush()
	}
	return nil
}

// add appends v as row r of the row group, first ending the current page
// when v would take it past pageBytes.
func (c *column) add(v Value, r, pageBytes int) {
	size := 0
	switch v.typ {
	case String:
		size = 4 + len(v.str)
	case Int64, Double, Timestamp:
		size = 8
	case Date:
		size = 4
	}
	if r > c.pageRow && c.pageSize(r+1)+size > pageBytes {
		c.cut(r)
	}
	if v.typ == 0 {
		c.defs = append(c.defs, 0)
		return
	}
	c.defs = append(c.defs, 1)
	switch v.typ {
	case String:
		c.data = binary.LittleEndian.AppendUint32(c.data, uint32(len(v.str)))
		c.data = append(c.data, v.str...)
	case Int64, Double, Timestamp:
		c.data = binary.LittleEndian.AppendUint64(c.data, v.bits)
	case Date:
		c.data = binary.LittleEndian.AppendUint32(c.data, uint32(v.bits))
	case Bool:
		c.data = append(c.data, byte(v.bits))
	}
}

// pageSize bounds the uncompressed size of the current page's values and
// the levels of its rows up to row r (excluded). The levels take two bytes a
// group of eight at worst (a run header and a byte, whether an RLE run or a
// bit-packed run of one group), and the 4-byte length.
func (c *column) pageSize(r int) int {
	values := len(c.data) - c.pageData
	if c.Type == Bool {
		values = (values + 7) / 8
	}
	return values + 2*((r-c.pageRow+7)/8) + 8
}

func (c *column) cut(r int) {
	c.pages = append(c.pages, pageSpan{c.pageRow, r, c.pageData, len(c.data)})
	c.pageRow, c.pageData = r, len(c.data)
}

// flush writes the buffered row group.
func (w *Writer) flush() error {
	if w.rows == 0 {
		return nil
	}
	g := rowGroup{rows: int64(w.rows), columns: make([]chunkMeta, len(w.cols))}
	for i := range w.cols {
		c := &w.cols[i]
		c.cut(w.rows)
		m := &g.columns[i]
		m.dataPageOffset = w.out.n
		for _, p := range c.pages {
			unc, comp, nulls, err := w.writePage(c, p)
			if err != nil {
				w.err = err
				return err
			}
			m.uncompressed += unc
			m.compressed += comp
			m.nulls += nulls
		}
		c.defs, c.data, c.pages = c.defs[:0], c.data[:0], c.pages[:0]
		c.pageRow, c.pageData = 0, 0
	}
	w.groups = append(w.groups, g)
	w.rows = 0
	return nil
}

// writePage writes one data page and returns its sizes with its header
// (uncompressed, compressed) and its null count.
func (w *Writer) writePage(c *column, p pageSpan) (unc, comp, nulls int64, err error) {
	defs := c.defs[p.row0:p.row1]
	for _, d := range defs {
		nulls += int64(1 - d)
	}
	b := appendLevels(w.page[:0], defs)
	data := c.data[p.data0:p.data1]
	if c.Type == Bool {
		for i := 0; i < len(data); i += 8 {
			var bits byte
			for j, v := range data[i:min(i+8, len(data))] {
				bits |= v << j
			}
			b = append(b, bits)
		}
	} else {
		b = append(b, data...)
	}
	w.page = b
	if len(b) > math.MaxInt32 {
		return 0, 0, 0, fmt.Errorf("parquet: column %q: a page of %d bytes", c.Name, len(b))
	}
	w.comp = snappy.Encode(w.comp[:cap(w.comp)], b)

	h := &w.hdr
	h.b = h.b[:0]
	h.begin() // PageHeader
	h.i32(1, pageData)
	h.i32(2, int32(len(b)))
	h.i32(3, int32(len(w.comp)))
	h.structField(5) // DataPageHeader
	h.i32(1, int32(len(defs)))
	h.i32(2, encPlain)
	h.i32(3, encRLE)
	h.i32(4, encRLE)
	h.structField(5) // Statistics
	h.i64(3, nulls)
	h.end()
	h.end()
	h.end()

	if _, err := w.out.Write(h.b); err != nil {
		return 0, 0, 0, err
	}
	if _, err := w.out.Write(w.comp); err != nil {
		return 0, 0, 0, err
	}
	return int64(len(h.b) + len(b)), int64(len(h.b) + len(w.comp)), nulls, nil
}

// Close writes the buffered rows and the footer. It does not close the
// io.Writer. A file of no rows has its schema and no row group.
func (w *Writer) Close() error {
	if w.err != nil || w.closed {
		return w.err
	}
	if err := w.flush(); err != nil {
		return err
	}
	w.closed = true
	meta := w.footer()
	meta = binary.LittleEndian.AppendUint32(meta, uint32(len(meta)))
	meta = append(meta, magic...)
	if _, err := w.out.Write(meta); err != nil {
		w.err = err
		return err
	}
	return nil
}

// footer encodes FileMetaData.
func (w *Writer) footer() []byte {
	var c compact
	c.begin()
	c.i32(1, 1) // version
	c.list(2, ctStruct, 1+len(w.cols))
	c.begin() // the root
	c.binary(4, "schema")
	c.i32(5, int32(len(w.cols)))
	c.end()
	for _, col := range w.cols {
		c.begin()
		c.i32(1, col.Type.physical())
		c.i32(3, repOptional)
		c.binary(4, col.Name)
		switch col.Type {
		case String:
			c.i32(6, convUTF8)
			c.structField(10) // LogicalType
			c.structField(1)  // STRING
			c.end()
			c.end()
		case Date:
			c.i32(6, convDate)
			c.structField(10)
			c.structField(6) // DATE
			c.end()
			c.end()
		case Timestamp:
			c.i32(6, convTimestampMillis)
			c.structField(10)
			c.structField(8) // TIMESTAMP
			c.bool(1, true)  // isAdjustedToUTC
			c.structField(2) // unit
			c.structField(1) // MILLIS
			c.end()
			c.end()
			c.end()
			c.end()
		}
		c.end()
	}
	c.i64(3, w.total)
	c.list(4, ctStruct, len(w.groups))
	for gi, g := range w.groups {
		c.begin() // RowGroup
		c.list(1, ctStruct, len(g.columns))
		var unc, comp int64
		for i, m := range g.columns {
			unc += m.uncompressed
			comp += m.compressed
			c.begin() // ColumnChunk
			c.i64(2, 0)
			c.structField(3) // ColumnMetaData
			c.i32(1, w.cols[i].Type.physical())
			c.list(2, ctI32, 2)
			c.zigzag(encPlain)
			c.zigzag(encRLE)
			c.list(3, ctBinary, 1)
			c.rawBinary(w.cols[i].Name)
			c.i32(4, codecSnappy)
			c.i64(5, g.rows)
			c.i64(6, m.uncompressed)
			c.i64(7, m.compressed)
			c.i64(9, m.dataPageOffset)
			c.structField(12) // Statistics
			c.i64(3, m.nulls)
			c.end()
			c.end()
			c.end()
		}
		c.i64(2, unc)
		c.i64(3, g.rows)
		c.i64(5, g.columns[0].dataPageOffset)
		c.i64(6, comp)
		if gi <= math.MaxInt16 {
			c.i16(7, int16(gi))
		}
		c.end()
	}
	c.binary(6, "go-netsuite")
	c.end()
	return c.b
}
