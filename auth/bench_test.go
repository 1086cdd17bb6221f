package auth

import (
	"net/url"
	"testing"
)

// BenchmarkAuthorizationHeader measures complete HMAC-SHA256 Authorization
// headers (fresh crypto/rand nonce, timestamp, base string, HMAC, header) for
// a typical SuiteQL paging URL. Run with -cpu 1 for the one-core figure in
// docs/benchmarks.md.
func BenchmarkAuthorizationHeader(b *testing.B) {
	s := testSigner(b)
	u, _ := url.Parse("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=0")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.AuthorizationHeader("POST", u); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "headers/s")
}

// BenchmarkPassport measures SOAP tokenPassport signatures.
func BenchmarkPassport(b *testing.B) {
	s := testSigner(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Passport(PassportHMACSHA256); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "passports/s")
}
