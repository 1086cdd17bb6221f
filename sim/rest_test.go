package sim_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

func TestDataCenterURLs(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 0)
	resp, body := f.Do(nil, "GET", "/rest/datacenterurls?account="+url.QueryEscape(f.Guide.AccountID), "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"restDomain":"`+f.TS.URL+`"`) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}
