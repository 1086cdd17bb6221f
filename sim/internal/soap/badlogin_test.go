package soap_test

import (
	"testing"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// TestSOAPOverloadAsBadLogin: the injected "badlogin" fault and the
// "limit-badlogin" answer over the concurrency limit are the very
// invalidCredentialsFault "Invalid login attempt." a refused
// tokenPassport gets; limit-badlogin=0 keeps the limit fault.
func TestSOAPOverloadAsBadLogin(t *testing.T) {
	ref := newSOAPFixture(t, sim.Options{}, 0)
	wrong := ref.Creds
	wrong.TokenSecret = auth.Secret("not-the-token-secret")
	refused := ref.call(ref.passport(wrong), getServerTime)
	refused.wantFault(t, "invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", wire.MsgInvalidLogin)

	for _, tc := range []struct {
		name     string
		rates    faults.Rates
		fullPool bool
		badLogin bool
	}{
		{"badlogin=1", faults.Rates{BadLogin: 1}, false, true},
		{"over the limit, limit-badlogin=1", faults.Rates{LimitBadLogin: 1}, true, true},
		{"over the limit, limit-badlogin=0", faults.Rates{Drop: 0}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inj, err := faults.New(faults.Config{Seed: 1, Rates: tc.rates})
			if err != nil {
				t.Fatal(err)
			}
			f := newSOAPFixture(t, sim.Options{Faults: inj}, 0)
			if tc.fullPool {
				for range 5 {
					rel, err := f.Srv.Governor().TryAcquire(core.Itoa(f.Guide.IntegrationID))
					if err != nil {
						t.Fatal(err)
					}
					defer rel()
				}
			}
			r := f.call(f.passport(f.Creds), getServerTime)
			if !tc.badLogin {
				r.wantFault(t, "exceededConcurrentRequestLimitFault", "WS_REQUEST_BLOCKED", wire.MsgConcurrentRequestLimit)
				return
			}
			r.wantFault(t, "invalidCredentialsFault", "INVALID_LOGIN_CREDENTIALS", wire.MsgInvalidLogin)
			if string(r.raw) != string(refused.raw) {
				t.Errorf("answer:\n%s\na refused login's:\n%s", r.raw, refused.raw)
			}
		})
	}
}
