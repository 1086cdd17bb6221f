package suiteqlapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

// repeatReader yields n bytes of b, then rest, without holding them.
type repeatReader struct {
	n    int64
	b    byte
	rest io.Reader
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return r.rest.Read(p)
	}
	k := min(int64(len(p)), r.n)
	for i := range p[:k] {
		p[i] = r.b
	}
	r.n -= k
	return int(k), nil
}

// TestSuiteQLRequestSize: a SuiteQL body is read up to NetSuite's REST
// request limit (104 MB, not the 1 MiB the emulator once cut bodies at and
// then reported as a syntax error); a body over it is answered 413 with a
// detail that says so, whether its Content-Length declares it or it
// arrives chunked.
func TestSuiteQLRequestSize(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	const path = "/services/rest/query/v1/suiteql"
	const tooLarge = `"detail":"The request body exceeds the 104 MB size limit of REST web services requests.","o:errorCode":"INVALID_REQUEST"`

	t.Run("2 MiB query", func(t *testing.T) {
		q := `{"q":"SELECT id FROM customer WHERE entityid <> '` + strings.Repeat("x", 2<<20) + `' ORDER BY id"}`
		resp, body := f.Do(s, "POST", path+"?limit=5", q, nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"count":5`) {
			t.Fatalf("%d %s", resp.StatusCode, body[max(0, len(body)-300):])
		}
	})
	t.Run("declared over the limit", func(t *testing.T) {
		resp, body := f.DoDeclared(s, "POST", path, core.MaxRESTRequest+1, nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), tooLarge) {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	})
	t.Run("chunked over the limit", func(t *testing.T) {
		if testing.Short() {
			t.Skip("sends 104 MB")
		}
		body := io.MultiReader(strings.NewReader(`{"q":"SELECT id FROM customer WHERE companyname <> '`),
			&repeatReader{n: core.MaxRESTRequest, b: 'x', rest: strings.NewReader(`'"}`)})
		req, _ := http.NewRequest("POST", f.TS.URL+path, body) // no Content-Length: chunked
		req.Header.Set("Content-Type", "application/json")
		if err := s.SignRequest(req); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(got), tooLarge) {
			t.Fatalf("%d %s", resp.StatusCode, got)
		}
	})
}
