package parquet

import (
	"io"
	"strconv"
	"testing"
)

// BenchmarkWriter writes rows shaped like the CLI's transactionline export
// (three int columns, one with NULLs, two doubles, a boolean, a string
// mostly NULL) in row groups of 50,000 rows. An op is a row; MB/s counts
// the PLAIN bytes of the values (what the pages hold before Snappy).
func BenchmarkWriter(b *testing.B) {
	cols := []Column{{"uniquekey", Int64}, {"transaction", Int64}, {"item", Int64}, {"quantity", Double},
		{"netamount", Double}, {"mainline", Bool}, {"memo", String}}
	rows := make([][]Value, 1024)
	plain := 0
	for i := range rows {
		r := []Value{Int64Value(int64(100000 + i)), Int64Value(int64(5000 + i/4)), Int64Value(int64(300 + i%50)),
			DoubleValue(float64(i%12 + 1)), DoubleValue(float64(i*37%10000) / 100), BoolValue(i%4 == 0), Null()}
		if i%4 == 0 {
			r[2] = Null()
		}
		if i%3 == 0 {
			r[6] = StringValue("Order line " + strconv.Itoa(i) + " for customer")
		}
		for _, v := range r {
			switch v.typ {
			case Int64, Double:
				plain += 8
			case String:
				plain += 4 + len(v.str)
			}
		}
		rows[i] = r
	}
	b.SetBytes(int64(plain / len(rows)))
	b.ReportAllocs()
	w, err := NewWriter(io.Discard, cols, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.Write(rows[i%len(rows)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
