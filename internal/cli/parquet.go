package cli

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/go-netsuite/netsuite/suiteql"
)

// Parquet output (-o parquet --out FILE). SuiteQL returns every value as
// text; --types col=int|float|bool|date|datetime|string,... types the
// columns (default string). Every column is optional: NetSuite leaves NULL
// columns out of a row, and a NULL is a null. Rows are written in row
// groups of parquetRowGroup rows, so memory stays bounded whatever the
// export's size. Pages are Snappy-compressed: every Parquet reader has it
// (the npm reader hyparquet, for one, reads ZSTD only with an add-on).

const parquetRowGroup = 50_000

// columnType is a Parquet column's type and how a SuiteQL value converts.
type columnType struct {
	goType reflect.Type
	tag    string
	parse  func(string) (reflect.Value, error)
}

var columnTypes = map[string]columnType{
	"string": {reflect.TypeFor[*string](), "optional", func(s string) (reflect.Value, error) { return reflect.ValueOf(&s), nil }},
	"int": {reflect.TypeFor[*int64](), "optional", func(s string) (reflect.Value, error) {
		n, err := strconv.ParseInt(s, 10, 64)
		return reflect.ValueOf(&n), err
	}},
	"float": {reflect.TypeFor[*float64](), "optional", func(s string) (reflect.Value, error) {
		f, err := strconv.ParseFloat(s, 64)
		return reflect.ValueOf(&f), err
	}},
	"bool": {reflect.TypeFor[*bool](), "optional", func(s string) (reflect.Value, error) {
		var b bool
		switch strings.ToUpper(s) {
		case "T", "TRUE", "Y", "1":
			b = true
		case "F", "FALSE", "N", "0":
		default:
			return reflect.Value{}, fmt.Errorf("not a boolean (T/F, true/false)")
		}
		return reflect.ValueOf(&b), nil
	}},
	// Dates and times as their Parquet physical values (days since the
	// epoch; milliseconds since the epoch, UTC): parquet-go v0.32 writes a
	// *time.Time tagged "date" wrongly.
	"date": {reflect.TypeFor[*int32](), "date", func(s string) (reflect.Value, error) {
		t, err := parseSuiteQLTime(s)
		days := int32(t.Unix() / 86400)
		return reflect.ValueOf(&days), err
	}},
	"datetime": {reflect.TypeFor[*int64](), "timestamp(millisecond)", func(s string) (reflect.Value, error) {
		t, err := parseSuiteQLTime(s)
		ms := t.UnixMilli()
		return reflect.ValueOf(&ms), err
	}},
}

// suiteQLTimeLayouts are the forms SuiteQL dates take: the account's date
// format for dates (M/D/YYYY by default), and TO_CHAR forms people use.
var suiteQLTimeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02", "1/2/2006 3:04:05 pm", "1/2/2006 15:04", "1/2/2006"}

func parseSuiteQLTime(s string) (time.Time, error) {
	for _, l := range suiteQLTimeLayouts {
		if t, err := time.Parse(l, strings.ToLower(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date this reader knows (YYYY-MM-DD, YYYY-MM-DD HH24:MI:SS, M/D/YYYY): select it with TO_CHAR(col, 'YYYY-MM-DD HH24:MI:SS')")
}

// parseTypes reads --types.
func parseTypes(specs []string) (map[string]string, error) {
	types := map[string]string{}
	for _, spec := range specs {
		for _, item := range strings.Split(spec, ",") {
			col, typ, ok := strings.Cut(strings.TrimSpace(item), "=")
			col, typ = strings.ToLower(strings.TrimSpace(col)), strings.ToLower(strings.TrimSpace(typ))
			if _, known := columnTypes[typ]; !ok || col == "" || !known {
				return nil, fmt.Errorf("--types %q: give col=TYPE pairs, TYPE one of int, float, bool, date, datetime, string", item)
			}
			types[col] = typ
		}
	}
	return types, nil
}

// parquetWriter writes rows to a Parquet file once the columns are known.
type parquetWriter struct {
	out     io.Writer
	types   map[string]string
	cols    []string
	parse   []func(string) (reflect.Value, error)
	typ     reflect.Type
	w       *parquet.GenericWriter[any]
	batch   []any
	pending int
}

func (pw *parquetWriter) start(cols []string) error {
	for c := range pw.types {
		found := false
		for _, k := range cols {
			found = found || k == c
		}
		if !found {
			return fmt.Errorf("--types names %s, which is not a column of the query (%s)", c, strings.Join(cols, ", "))
		}
	}
	fields := make([]reflect.StructField, len(cols))
	pw.parse = make([]func(string) (reflect.Value, error), len(cols))
	for i, c := range cols {
		if strings.ContainsAny(c, ",\"`") {
			return fmt.Errorf("column %q cannot be a Parquet column name: alias it (AS name)", c)
		}
		t := pw.types[c]
		if t == "" {
			t = "string"
		}
		ct := columnTypes[t]
		tag := c + ",optional"
		if ct.tag != "optional" {
			tag = c + "," + ct.tag
		}
		fields[i] = reflect.StructField{Name: "F" + strconv.Itoa(i), Type: ct.goType, Tag: reflect.StructTag(`parquet:"` + tag + `"`)}
		pw.parse[i] = ct.parse
	}
	pw.cols = cols
	pw.batch = make([]any, 0, 256)
	pw.typ = reflect.StructOf(fields)
	schema := parquet.SchemaOf(reflect.New(pw.typ).Interface())
	pw.w = parquet.NewGenericWriter[any](pw.out, schema, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(parquetRowGroup))
	return nil
}

func (pw *parquetWriter) write(r suiteql.Row, n int) error {
	v := reflect.New(pw.typ).Elem()
	for i, c := range pw.cols {
		s, ok := r[c]
		if !ok {
			continue // NULL
		}
		val, err := pw.parse[i](s)
		if err != nil {
			return fmt.Errorf("row %d, column %s = %q: %v (fix --types)", n, c, s, err)
		}
		v.Field(i).Set(val)
	}
	if pw.batch = append(pw.batch, v.Addr().Interface()); len(pw.batch) == cap(pw.batch) && len(pw.batch) >= 256 {
		if err := pw.writeBatch(); err != nil {
			return err
		}
	}
	if pw.pending++; pw.pending >= parquetRowGroup {
		pw.pending = 0
		if err := pw.writeBatch(); err != nil {
			return err
		}
		return pw.w.Flush()
	}
	return nil
}

func (pw *parquetWriter) writeBatch() error {
	if len(pw.batch) == 0 {
		return nil
	}
	_, err := pw.w.Write(pw.batch)
	clear(pw.batch)
	pw.batch = pw.batch[:0]
	return err
}

func (pw *parquetWriter) close() error {
	if pw.w == nil {
		return nil
	}
	if err := pw.writeBatch(); err != nil {
		return err
	}
	return pw.w.Close()
}
