package sim

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/go-netsuite/netsuite/auth"
)

// BenchmarkRESTLogin measures authenticated REST requests per second the
// emulator sustains on loopback: each request is signed by the client
// (auth.Transport), verified (header parse, lookup, HMAC, nonce, role),
// audited in SQLite, governed, and answered (governanceLimits). Four client
// goroutines stay under the Standard tier's limit of 5.
func BenchmarkRESTLogin(b *testing.B) {
	emu, err := Start(context.Background(), Config{Provision: true})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	s, err := auth.NewSigner(emu.Credentials)
	if err != nil {
		b.Fatal(err)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	hc := &http.Client{Transport: &auth.Transport{Signer: s, Base: tr}}
	url := emu.URL + "/services/rest/system/v1/governanceLimits"
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := hc.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
