package core_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

// TestOverloadAsBadLogin: the injected "badlogin" fault, and the
// "limit-badlogin" answer to requests over the concurrency limit, answer
// REST and RESTlet requests exactly as a refused login is answered (status,
// WWW-Authenticate, Content-Type, body), so retry code can be tested
// against NetSuite's reported overload-as-401 (julbrs/netsuite-api-client#26).
func TestOverloadAsBadLogin(t *testing.T) {
	surfaces := []struct {
		name, path string
		limit      int    // the limit error's status
		limitCode  string // in its body
	}{
		{"REST", "/services/rest/system/v1/governanceLimits", 429, "CONCURRENCY_LIMIT_EXCEEDED"},
		{"RESTlet", "/app/site/hosting/restlet.nl?script=1&deploy=1", 400, "SSS_REQUEST_LIMIT_EXCEEDED"},
	}
	tests := []struct {
		name     string
		rates    string
		fullPool bool
		want     string // "badlogin", "limit" or "ok"
	}{
		{"badlogin=1", "badlogin=1", false, "badlogin"},
		{"over the limit, limit-badlogin=1", "limit-badlogin=1", true, "badlogin"},
		{"over the limit, limit-badlogin=0", "drop=0", true, "limit"},
		{"over the limit, limit-badlogin and 5xx=0", "limit-badlogin=1,5xx=0", true, "badlogin"},
		{"under the limit, limit-badlogin=1", "limit-badlogin=1", false, "ok"},
	}
	// A real bad login, on a server without faults, is the answer to match.
	ref := simtest.NewFixture(t, sim.Options{}, 0)
	wrong := ref.Creds
	wrong.TokenSecret = auth.Secret("not-the-token-secret")
	type answer struct {
		status int
		header http.Header
		body   string
	}
	badLogin := map[string]answer{}
	for _, sf := range surfaces {
		resp, body := ref.Do(ref.Signer(wrong), "GET", sf.path, "", nil)
		if resp.StatusCode != 401 {
			t.Fatalf("%s: the bad login itself: %d %s", sf.name, resp.StatusCode, body)
		}
		badLogin[sf.name] = answer{resp.StatusCode, resp.Header, string(body)}
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rates, err := faults.ParseRates(tc.rates)
			if err != nil {
				t.Fatal(err)
			}
			inj, err := faults.New(faults.Config{Seed: 1, Rates: rates})
			if err != nil {
				t.Fatal(err)
			}
			f := simtest.NewFixture(t, sim.Options{Faults: inj}, 0)
			if tc.fullPool {
				for range 5 { // Standard tier, no SuiteCloud Plus: 5
					rel, err := f.Srv.Governor().TryAcquire(core.Itoa(f.Guide.IntegrationID))
					if err != nil {
						t.Fatal(err)
					}
					defer rel()
				}
			}
			for _, sf := range surfaces {
				resp, body := f.Do(f.Signer(f.Creds), "GET", sf.path, "", nil)
				switch tc.want {
				case "badlogin":
					want := badLogin[sf.name]
					for _, h := range []string{"Www-Authenticate", "Content-Type", "Content-Length"} {
						if resp.Header.Get(h) != want.header.Get(h) {
							t.Errorf("%s: %s %q, a bad login's %q", sf.name, h, resp.Header.Get(h), want.header.Get(h))
						}
					}
					if resp.StatusCode != want.status || string(body) != want.body {
						t.Errorf("%s: %d %s\nwant a bad login's %d %s", sf.name, resp.StatusCode, body, want.status, want.body)
					}
				case "limit":
					if resp.StatusCode != sf.limit || !strings.Contains(string(body), sf.limitCode) {
						t.Errorf("%s: %d %s, want the limit error %d %s", sf.name, resp.StatusCode, body, sf.limit, sf.limitCode)
					}
				case "ok":
					if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == sf.limit && strings.Contains(string(body), sf.limitCode) {
						t.Errorf("%s: %d %s, want it served", sf.name, resp.StatusCode, body)
					}
				}
			}
			c := inj.Counts()
			switch {
			case tc.want == "badlogin" && tc.fullPool && c.LimitBadLogin != uint64(len(surfaces)):
				t.Errorf("LimitBadLogin count %d, want %d", c.LimitBadLogin, len(surfaces))
			case tc.want == "badlogin" && !tc.fullPool && c.BadLogin == 0:
				t.Errorf("BadLogin count 0")
			}
		})
	}
}
