package restlets_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/go-netsuite/netsuite/vocab"
)

func TestRESTlets(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 100)
	s := f.Signer(f.Creds)
	resp, body := f.Do(s, "POST", "/app/site/hosting/restlet.nl?script=1&deploy=1&x=y", `{"hello":"wörld"}`, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"body":{"hello":"wörld"}`) || !strings.Contains(string(body), `"x":"y"`) {
		t.Errorf("echo: %d %s", resp.StatusCode, body)
	}
	resp, body = f.Do(s, "GET", "/app/site/hosting/restlet.nl?script=2&deploy=1&type=customer&id="+f.FirstID("customer"), "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"entityid"`) {
		t.Errorf("lookup: %d %s", resp.StatusCode, body)
	}
	resp, body = f.Do(s, "POST", "/app/site/hosting/restlet.nl?script=1&deploy=1", "x", map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if resp.StatusCode != 415 {
		t.Errorf("form body: %d %s", resp.StatusCode, body)
	}
	resp, body = f.Do(s, "GET", "/app/site/hosting/restlet.nl?script=99&deploy=1", "", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), "SSS_INVALID_SCRIPTLET_ID") {
		t.Errorf("unknown script: %d %s", resp.StatusCode, body)
	}
	f.Srv.RegisterRESTlet("customscript_fail", "customdeploy1", func(ctx context.Context, req *sim.RESTletRequest) (*sim.RESTletResponse, error) {
		return nil, context.DeadlineExceeded
	})
	resp, body = f.Do(s, "GET", "/app/site/hosting/restlet.nl?script=customscript_fail&deploy=customdeploy1", "", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"error" : {"code" : "SSS_UNHANDLED_ERROR"`) {
		t.Errorf("failing script: %d %s", resp.StatusCode, body)
	}
	// A RESTlet login refusal.
	c := f.Creds
	c.TokenSecret = auth.Secret(strings.Repeat("0", 64))
	resp, body = f.Do(f.Signer(c), "GET", "/app/site/hosting/restlet.nl?script=1&deploy=1", "", nil)
	if resp.StatusCode != 401 || !strings.Contains(string(body), "INVALID_LOGIN_ATTEMPT") || f.LastAudit().Surface != vocab.SurfaceRESTlet {
		t.Errorf("RESTlet refusal: %d %s %+v", resp.StatusCode, body, f.LastAudit())
	}
}
