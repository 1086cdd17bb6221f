package doctor_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/doctorview"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

// startEmulator starts a provisioned emulator and returns it with a
// configuration for its token.
func startEmulator(t *testing.T, cfg sim.Config) (*sim.Emulator, *netsuite.Config) {
	t.Helper()
	cfg.Provision = true
	emu, err := sim.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c := emu.Credentials
	return emu, &netsuite.Config{
		Values: netsuite.Values{Account: c.Account, ConsumerKey: c.ConsumerKey, ConsumerSecret: c.ConsumerSecret,
			TokenID: c.TokenID, TokenSecret: c.TokenSecret, BaseURL: emu.URL},
		Sources: map[string]string{},
	}
}

// newRoleToken creates the role "Integration Role" with perms, gives it to
// the administrator and points cfg at a new token for it.
func newRoleToken(t *testing.T, emu *sim.Emulator, cfg *netsuite.Config, perms ...string) {
	t.Helper()
	adminDo(t, emu, admin.Request{Op: "role.create", Name: "Integration Role", Permissions: perms})
	adminDo(t, emu, admin.Request{Op: "employee.add-role", Employee: store.AdminEmail, Role: "Integration Role"})
	tok := adminDo(t, emu, admin.Request{Op: "token.create", Integration: emu.Guide.IntegrationName, Employee: store.AdminEmail,
		Role: "Integration Role"}).(admin.TokenCreated)
	cfg.TokenID, cfg.TokenSecret = tok.TokenID, auth.Secret(tok.TokenSecret)
}

func adminDo(t *testing.T, emu *sim.Emulator, req admin.Request) any {
	t.Helper()
	out, err := admin.Do(context.Background(), emu.Store(), req)
	if err != nil {
		t.Fatalf("%s: %v", req.Op, err)
	}
	return out
}

func check(t *testing.T, rep *doctor.Report, id string, want doctor.Status, subs ...string) *doctor.Check {
	t.Helper()
	c := rep.Check(id)
	if c == nil {
		t.Fatalf("no %s check:\n%s", id, dumpReport(rep))
	}
	all := c.Summary + "\n" + strings.Join(c.Details, "\n") + "\n" + c.Fix
	if c.Status != want {
		t.Errorf("%s: status %s, want %s:\n%s", id, c.Status, want, all)
	}
	for _, s := range subs {
		if !strings.Contains(all, s) {
			t.Errorf("%s check does not say %q:\n%s", id, s, all)
		}
	}
	return c
}

func dumpReport(rep *doctor.Report) string {
	b, _ := json.MarshalIndent(rep, "", "  ")
	return string(b)
}

// soapCheck checks the SOAP login: the emulator answers getServerTime, so
// a missing or non-SOAP answer fails like any other wrong status.
func soapCheck(t *testing.T, rep *doctor.Report, want doctor.Status, subs ...string) {
	t.Helper()
	t.Run("soap", func(t *testing.T) {
		c := check(t, rep, doctor.CheckSOAP, want, subs...)
		if strings.Contains(c.Summary, "did not answer with SOAP") || strings.Contains(c.Summary, "no SOAP endpoint") {
			t.Errorf("the emulator did not answer getServerTime with SOAP: %s", c.Summary)
		}
	})
}

func TestEmulator(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		simCfg  sim.Config
		setup   func(t *testing.T, emu *sim.Emulator, cfg *netsuite.Config, opts *doctor.Options)
		healthy bool
		check   func(t *testing.T, emu *sim.Emulator, rep *doctor.Report)
	}{
		{name: "healthy", healthy: true, check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
			if !rep.Emulator {
				t.Error("the emulator was not detected")
			}
			check(t, rep, doctor.CheckConfig, doctor.OK)
			check(t, rep, doctor.CheckReachability, doctor.OK, "the local emulator")
			check(t, rep, doctor.CheckClock, doctor.OK)
			check(t, rep, doctor.CheckREST, doctor.OK, "token login works", "accountConcurrencyLimit", "integrationLimitType: accountLimit")
			// The guide's role was created moments ago, and not changed since.
			check(t, rep, doctor.CheckRoleChanges, doctor.OK, "'"+store.GuideRoleName+"' was created", "has not changed since")
			soapCheck(t, rep, doctor.OK, "token login works", "second estimate")
		}},
		{name: "token revoked",
			setup: func(t *testing.T, emu *sim.Emulator, _ *netsuite.Config, _ *doctor.Options) {
				adminDo(t, emu, admin.Request{Op: "token.revoke", Token: emu.Guide.TokenName})
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				want := []string{"Invalid login attempt.", "the access token '" + emu.Guide.TokenName + "' was revoked", "TokenRevoked",
					"guide step 5: Setup > Users/Roles > Access Tokens > New", "NETSUITE_TOKEN_ID", "NETSUITE_TOKEN_SECRET",
					"cmd:emulator-token-create(integration=" + emu.Guide.IntegrationName, "cmd:audit()"}
				check(t, rep, doctor.CheckREST, doctor.Fail, want...)
				soapCheck(t, rep, doctor.Fail, want...)
			}},
		{name: "wrong token secret",
			setup: func(t *testing.T, _ *sim.Emulator, cfg *netsuite.Config, _ *doctor.Options) {
				cfg.TokenSecret = auth.Secret(strings.Repeat("0", 64))
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				want := []string{"InvalidSignature", "signature does not match", "NETSUITE_TOKEN_SECRET", "Reset Credentials"}
				check(t, rep, doctor.CheckREST, doctor.Fail, want...)
				soapCheck(t, rep, doctor.Fail, want...)
			}},
		{name: "TBA feature disabled",
			setup: func(t *testing.T, emu *sim.Emulator, _ *netsuite.Config, _ *doctor.Options) {
				adminDo(t, emu, admin.Request{Op: "feature.disable", Feature: "tba"})
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				want := []string{"FeatureDisabled", "Token-Based Authentication feature is disabled", "guide step 2", "Manage Authentication",
					"cmd:emulator-feature-enable(feature=tba)"}
				check(t, rep, doctor.CheckREST, doctor.Fail, want...)
				soapCheck(t, rep, doctor.Fail, want...)
			}},
		{name: "integration blocked",
			setup: func(t *testing.T, emu *sim.Emulator, _ *netsuite.Config, _ *doctor.Options) {
				adminDo(t, emu, admin.Request{Op: "integration.block", Integration: emu.Guide.IntegrationName})
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckREST, doctor.Fail, "consumer_key_refused", "'"+emu.Guide.IntegrationName+"' is Blocked", "guide step 1",
					"cmd:emulator-integration-enable(integration="+emu.Guide.IntegrationName+")")
			}},
		{name: "clock skew",
			setup: func(t *testing.T, _ *sim.Emulator, _ *netsuite.Config, opts *doctor.Options) {
				opts.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) }
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckClock, doctor.Fail, "10m0s behind", "5 minutes", "corrected by +10m0s", "timedatectl")
				// Signed with the measured offset, the later checks still pass.
				check(t, rep, doctor.CheckREST, doctor.OK, "corrected by +10m0s")
				check(t, rep, doctor.CheckRoleChanges, doctor.OK)
				soapCheck(t, rep, doctor.OK)
			}},
		{name: "role without REST Web Services",
			setup: func(t *testing.T, emu *sim.Emulator, _ *netsuite.Config, _ *doctor.Options) {
				adminDo(t, emu, admin.Request{Op: "role.set-permission", Role: store.GuideRoleName, Permission: vocab.PermRESTWebServices, Level: "None"})
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckREST, doctor.Fail, "InsufficientPermission", "lacks the 'REST Web Services' permission", "guide step 3",
					"cmd:emulator-role-set-permission(role=TBA Role, permission=REST Web Services, level=Full)")
				check(t, rep, doctor.CheckRoleChanges, doctor.Warn, "changed", "'REST Web Services' → None", "lacks now")
				soapCheck(t, rep, doctor.OK)
			}},
		{name: "recent role change not yet seen", simCfg: sim.Config{RoleCacheDelay: time.Hour},
			setup: func(t *testing.T, emu *sim.Emulator, cfg *netsuite.Config, _ *doctor.Options) {
				// A token role made without REST Web Services, which is
				// added afterwards: token logins see the change an hour later.
				newRoleToken(t, emu, cfg, "User Access Token=Full", "Web Services=Full")
				adminDo(t, emu, admin.Request{Op: "role.set-permission", Role: "Integration Role", Permission: vocab.PermRESTWebServices, Level: "Full"})
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckREST, doctor.Fail, "InsufficientPermission", "has 'REST Web Services' now, but token logins still see",
					"minutes to hours", "8+ hours", "SOAP token logins work with the same token")
				check(t, rep, doctor.CheckRoleChanges, doctor.Warn, "role 'Integration Role' changed",
					"ago: token logins can take minutes to hours to see role changes (NetSuite caches role permissions; readers of the guide saw 8+ hours)",
					"'REST Web Services' → Full", "this is why a check above was refused")
				soapCheck(t, rep, doctor.OK)
			}},
		{name: "record permission not yet seen", simCfg: sim.Config{RoleCacheDelay: time.Hour},
			setup: func(t *testing.T, emu *sim.Emulator, cfg *netsuite.Config, opts *doctor.Options) {
				// The guide's reader: "Permission Violation: You need the
				// 'Lists -> Contacts' permission" hours after adding it.
				newRoleToken(t, emu, cfg, "User Access Token=Full", "Web Services=Full", "REST Web Services=Full")
				adminDo(t, emu, admin.Request{Op: "role.set-permission", Role: "Integration Role", Permission: vocab.PermListsContacts, Level: "Full"})
				opts.Records = []string{"contact/1"}
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckREST, doctor.OK)
				check(t, rep, doctor.CheckRecords, doctor.Fail, "Permission Violation: You need the 'Lists -> Contacts' permission",
					"has 'Lists -> Contacts' now, but token logins still see")
				check(t, rep, doctor.CheckRoleChanges, doctor.Warn, "role 'Integration Role' changed", "'Lists -> Contacts' → Full")
			}},
		{name: "record permission missing",
			setup: func(t *testing.T, emu *sim.Emulator, cfg *netsuite.Config, opts *doctor.Options) {
				newRoleToken(t, emu, cfg, "User Access Token=Full", "Web Services=Full", "REST Web Services=Full")
				opts.Records = []string{"contact/1", "customer/1"}
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckRecords, doctor.Fail, "contact", "the role 'Integration Role' lacks 'Lists -> Contacts'",
					"cmd:emulator-role-set-permission(role=Integration Role, permission=Lists -> Contacts, level=Full)")
				check(t, rep, doctor.CheckRoleChanges, doctor.OK)
			}},
		{name: "concurrency limit reached",
			setup: func(t *testing.T, emu *sim.Emulator, _ *netsuite.Config, _ *doctor.Options) {
				key := strconv.FormatInt(emu.Guide.IntegrationID, 10)
				for range 1000 {
					release, err := emu.Governor().TryAcquire(key)
					if err != nil {
						return
					}
					t.Cleanup(release)
				}
				t.Fatal("the concurrency pool never filled")
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				want := []string{"concurrency limit reached", "SuiteCloud Plus", "Integration Governance", "in flight now"}
				check(t, rep, doctor.CheckREST, doctor.Fail, append(want, "CONCURRENCY_LIMIT_EXCEEDED", "Concurrent request limit exceeded")...)
				soapCheck(t, rep, doctor.Fail, want...)
			}},
		{name: "wrong account id",
			setup: func(t *testing.T, _ *sim.Emulator, cfg *netsuite.Config, _ *doctor.Options) {
				cfg.Account = "1234567_SB1"
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckREST, doctor.Fail, "InvalidAccount", "the emulator's account is "+emu.Credentials.Account)
			}},
		{name: "key and token of different integrations",
			setup: func(t *testing.T, emu *sim.Emulator, cfg *netsuite.Config, _ *doctor.Options) {
				c := adminDo(t, emu, admin.Request{Op: "integration.create", Name: "Other App"}).(admin.IntegrationCreated)
				cfg.ConsumerKey, cfg.ConsumerSecret = c.ConsumerKey, auth.Secret(c.ConsumerSecret)
			},
			check: func(t *testing.T, emu *sim.Emulator, rep *doctor.Report) {
				check(t, rep, doctor.CheckREST, doctor.Fail, "InvalidToken", "was created for the integration '"+emu.Guide.IntegrationName+"'",
					"'Other App''s", "same integration")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, cfg := startEmulator(t, tt.simCfg)
			opts := doctor.Options{Timeout: 10 * time.Second, Commands: doctor.FormatCommand,
				Inspector: doctorview.New(&admin.Client{BaseURL: emu.URL})}
			if tt.setup != nil {
				tt.setup(t, emu, cfg, &opts)
			}
			rep := doctor.Run(ctx, cfg, opts)
			if rep.Healthy() != tt.healthy {
				t.Errorf("healthy = %v, want %v", rep.Healthy(), tt.healthy)
			}
			tt.check(t, emu, rep)
			s := dumpReport(rep)
			for _, secret := range []string{cfg.ConsumerSecret.Reveal(), cfg.TokenSecret.Reveal(), cfg.ConsumerKey, cfg.TokenID} {
				if strings.Contains(s, secret) {
					t.Errorf("the report holds a secret or a whole key")
				}
			}
			if t.Failed() {
				t.Log(s)
			}
		})
	}
}
