package doctorview_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/doctorview"
	"github.com/go-netsuite/netsuite/vocab"
)

func TestDetect(t *testing.T) {
	ctx := context.Background()
	emu, err := sim.Start(ctx, sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	asked := false
	noNetSuite := &http.Client{Transport: roundTrip(func(*http.Request) (*http.Response, error) {
		asked = true
		return nil, http.ErrHandlerTimeout
	})}
	for _, tt := range []struct {
		name, base string
		hc         *http.Client
		want       bool
	}{
		{"the emulator", emu.URL, nil, true},
		{"the emulator, trailing slash", emu.URL + "/", nil, true},
		{"another server", other.URL, nil, false},
		{"no base URL", "", noNetSuite, false},
		{"NetSuite's domain", "https://1234567.suitetalk.api.netsuite.com", noNetSuite, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := doctorview.Detect(ctx, tt.base, tt.hc) != nil; got != tt.want {
				t.Errorf("Detect(%q) = %v, want %v", tt.base, got, tt.want)
			}
		})
	}
	if asked {
		t.Error("Detect asked NetSuite's domain or an empty base URL")
	}
}

func TestInspector(t *testing.T) {
	ctx := context.Background()
	emu, err := sim.Start(ctx, sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	in := doctorview.Detect(ctx, emu.URL, nil)
	if in == nil {
		t.Fatal("the emulator was not detected")
	}
	toks, err := in.Tokens(ctx)
	if err != nil || len(toks) == 0 {
		t.Fatalf("tokens: %v %v", toks, err)
	}
	tok := toks[0]
	if tok.Name != emu.Guide.TokenName || tok.Revoked || tok.TokenIDPrefix != emu.Credentials.TokenID[:8] {
		t.Errorf("token %+v", tok)
	}
	ints, err := in.Integrations(ctx)
	if err != nil || len(ints) != 1 || ints[0].Name != emu.Guide.IntegrationName || ints[0].State != vocab.StateEnabled || !ints[0].TBA {
		t.Errorf("integrations %+v %v", ints, err)
	}
	roles, err := in.Roles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range roles {
		if r.ID == tok.RoleID {
			found = true
			if !r.Has(vocab.PermRESTWebServices, vocab.LevelFull) || !r.Has("rest web services", vocab.LevelView) {
				t.Errorf("the token's role lacks REST Web Services: %+v", r)
			}
		}
	}
	if !found {
		t.Fatalf("no role %d in %+v", tok.RoleID, roles)
	}
	hist, err := in.RoleHistory(ctx, tok.RoleID)
	if err != nil || len(hist) == 0 {
		t.Errorf("history %v %v", hist, err)
	}
	emps, err := in.Employees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	holder := false
	for _, e := range emps {
		holder = holder || e.Email == tok.EmployeeEmail && e.GiveAccess && e.HasRole(tok.RoleID)
	}
	if !holder {
		t.Errorf("no employee %s with access and the token's role: %+v", tok.EmployeeEmail, emps)
	}
	acct, err := in.Account(ctx)
	if err != nil || acct.ID != emu.Credentials.Account || !acct.Features[vocab.FeatureTBA] {
		t.Errorf("account %+v %v", acct, err)
	}
	conc, err := in.Concurrency(ctx)
	if err != nil || conc.Account.Limit < 1 || conc.Unallocated.Limit < 1 {
		t.Errorf("concurrency %+v %v", conc, err)
	}
	logins, err := in.FailedLogins(ctx, time.Now().Add(-time.Hour))
	if err != nil || len(logins) != 0 {
		t.Errorf("failed logins of a fresh emulator: %+v %v", logins, err)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
