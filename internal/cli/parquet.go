package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/internal/parquet"
	"github.com/go-netsuite/netsuite/suiteql"
)

// Parquet output (-o parquet --out FILE), written by internal/parquet.
// SuiteQL returns every value as text; --types
// col=int|float|bool|date|datetime|string,... types the columns (default
// string). Every column is optional: NetSuite leaves NULL columns out of a
// row, and a NULL is a null. Rows are written in row groups of
// parquetRowGroup rows, so memory stays bounded whatever the export's size.
// Pages are Snappy-compressed: every Parquet reader has it (the npm reader
// hyparquet, for one, reads ZSTD only with an add-on).

const parquetRowGroup = 50_000

// columnType is a Parquet column's type and how a SuiteQL value converts.
type columnType struct {
	typ   parquet.Type
	parse func(string) (parquet.Value, error)
}

var columnTypes = map[string]columnType{
	"string": {parquet.String, func(s string) (parquet.Value, error) { return parquet.StringValue(s), nil }},
	"int": {parquet.Int64, func(s string) (parquet.Value, error) {
		n, err := strconv.ParseInt(s, 10, 64)
		return parquet.Int64Value(n), err
	}},
	"float": {parquet.Double, func(s string) (parquet.Value, error) {
		f, err := strconv.ParseFloat(s, 64)
		return parquet.DoubleValue(f), err
	}},
	"bool": {parquet.Bool, func(s string) (parquet.Value, error) {
		switch strings.ToUpper(s) {
		case "T", "TRUE", "Y", "1":
			return parquet.BoolValue(true), nil
		case "F", "FALSE", "N", "0":
			return parquet.BoolValue(false), nil
		}
		return parquet.Value{}, fmt.Errorf("not a boolean (T/F, true/false)")
	}},
	// A date is the day it falls on (days since 1970-01-01, rounded down: a
	// time of day before 1970 stays on its day); a datetime is milliseconds
	// since the epoch, UTC.
	"date": {parquet.Date, func(s string) (parquet.Value, error) {
		t, err := parseSuiteQLTime(s)
		days := t.Unix() / 86400
		if t.Unix()%86400 < 0 {
			days--
		}
		return parquet.DateValue(int32(days)), err
	}},
	"datetime": {parquet.Timestamp, func(s string) (parquet.Value, error) {
		t, err := parseSuiteQLTime(s)
		return parquet.TimestampValue(t.UnixMilli()), err
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
	out   io.Writer
	types map[string]string
	cols  []string
	parse []func(string) (parquet.Value, error)
	row   []parquet.Value
	w     *parquet.Writer
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
	pcols := make([]parquet.Column, len(cols))
	pw.parse = make([]func(string) (parquet.Value, error), len(cols))
	for i, c := range cols {
		if strings.ContainsAny(c, ",\"`") {
			return fmt.Errorf("column %q cannot be a Parquet column name: alias it (AS name)", c)
		}
		t := pw.types[c]
		if t == "" {
			t = "string"
		}
		ct := columnTypes[t]
		pcols[i] = parquet.Column{Name: c, Type: ct.typ}
		pw.parse[i] = ct.parse
	}
	w, err := parquet.NewWriter(pw.out, pcols, parquet.Options{RowGroupRows: parquetRowGroup})
	if err != nil {
		return err
	}
	pw.cols, pw.w = cols, w
	pw.row = make([]parquet.Value, len(cols))
	return nil
}

func (pw *parquetWriter) write(r suiteql.Row, n int) error {
	for i, c := range pw.cols {
		s, ok := r[c]
		if !ok {
			pw.row[i] = parquet.Null()
			continue
		}
		v, err := pw.parse[i](s)
		if err != nil {
			return fmt.Errorf("row %d, column %s = %q: %v (fix --types)", n, c, s, err)
		}
		pw.row[i] = v
	}
	return pw.w.Write(pw.row)
}

func (pw *parquetWriter) close() error {
	if pw.w == nil {
		return nil
	}
	return pw.w.Close()
}
