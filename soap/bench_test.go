package soap

import (
	"bytes"
	"os"
	"runtime"
	"testing"

	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// benchPage is the page BenchmarkDecodeSearchPage decodes: the file named
// by NETSUITE_BENCH_PAGE when that is set (for instance the output of the
// shared gen_soap_search_xml.py 1000), else searchPage(1000).
func benchPage(tb testing.TB) []byte {
	if name := os.Getenv("NETSUITE_BENCH_PAGE"); name != "" {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	return searchPage(1000)
}

func decodePage(tb testing.TB, page []byte) *messages.SearchResponse {
	var r messages.SearchResponse
	if _, fault, err := decodeEnvelope(bytes.NewReader(page), "searchResponse", &r); err != nil || fault != nil {
		tb.Fatal(err, fault)
	}
	return &r
}

// BenchmarkDecodeSearchPage decodes a search page of 1,000 customers into
// typed records and reports records/s (wall clock) and records/cpu-s (the
// process's CPU time: with -cpu 1, one core), allocations and bytes per
// record, and the heap the decoded page keeps (live-MB) against the page's
// size (page-MB). The decoder holds a 64 KiB window of the input, never
// the whole of it.
func BenchmarkDecodeSearchPage(b *testing.B) {
	page := benchPage(b)
	r := decodePage(b, page)
	n := len(r.SearchResult.RecordList.Record)
	if n == 0 {
		b.Fatal("no records")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	keep := decodePage(b, page)
	runtime.GC()
	runtime.ReadMemStats(&after)
	live := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	runtime.KeepAlive(keep)

	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	cpu0 := cpuTime()
	for b.Loop() {
		decodePage(b, page)
	}
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&m1)
	recs := float64(n) * float64(b.N)
	b.ReportMetric(recs/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		// CPU time, not wall time: on a shared machine the wall-clock rate
		// falls with the load; this one does not.
		b.ReportMetric(recs/cpu.Seconds(), "records/cpu-s")
	}
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/recs, "allocs/record")
	b.ReportMetric(live/(1<<20), "live-MB")
	b.ReportMetric(float64(len(page))/(1<<20), "page-MB")
}

func TestSearchPage(t *testing.T) {
	page := searchPage(1000)
	if len(page) < 4_500_000 || len(page) > 6_000_000 {
		t.Errorf("page is %d bytes, want about 5.2 MB", len(page))
	}
	r := decodePage(t, page)
	recs := r.SearchResult.RecordList.Record
	if len(recs) != 1000 {
		t.Fatalf("%d records", len(recs))
	}
	c := recs[999].(*relationships.Customer)
	if c.InternalId != "1000" || *c.CompanyName != "Acme & Söhne 1000 <GmbH>" || len(c.AddressbookList.Addressbook) != 2 ||
		len(c.CustomFieldList.CustomField) != 5 || *c.AddressbookList.Addressbook[1].AddressbookAddress.City != "Berlin" {
		t.Errorf("last customer %+v", c)
	}
}
