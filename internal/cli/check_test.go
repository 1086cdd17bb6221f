package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

func startSim(t *testing.T) *sim.Emulator {
	t.Helper()
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	return emu
}

// credentialsOut writes the file "netsuite sim serve --credentials-out"
// writes.
func credentialsOut(t *testing.T, emu *sim.Emulator) string {
	t.Helper()
	c := emu.Credentials
	path := filepath.Join(t.TempDir(), "creds.json")
	if err := writeCredentialsFile(path, credentialsFile{c.Account, c.ConsumerKey, c.ConsumerSecret.Reveal(),
		c.TokenID, c.TokenSecret.Reveal(), emu.URL}); err != nil {
		t.Fatal(err)
	}
	return path
}

func simEnv(emu *sim.Emulator) map[string]string {
	c := emu.Credentials
	return map[string]string{
		"NETSUITE_ACCOUNT": c.Account, "NETSUITE_BASE_URL": emu.URL,
		"NETSUITE_CONSUMER_KEY": c.ConsumerKey, "NETSUITE_CONSUMER_SECRET": c.ConsumerSecret.Reveal(),
		"NETSUITE_TOKEN_ID": c.TokenID, "NETSUITE_TOKEN_SECRET": c.TokenSecret.Reveal(),
	}
}

func noSecrets(t *testing.T, emu *sim.Emulator, outs ...string) {
	t.Helper()
	c := emu.Credentials
	for _, o := range outs {
		for _, s := range []string{c.ConsumerSecret.Reveal(), c.TokenSecret.Reveal(), c.ConsumerKey, c.TokenID} {
			if strings.Contains(o, s) {
				t.Errorf("output holds a secret or a whole key:\n%s", o)
			}
		}
	}
}

func TestAuthCheck(t *testing.T) {
	emu := startSim(t)
	creds := credentialsOut(t, emu)
	revoked := startSim(t)
	if _, err := admin.Do(context.Background(), revoked.Store(), admin.Request{Op: "token.revoke", Token: revoked.Guide.TokenName}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		emu  *sim.Emulator
		code int
		want []string
	}{
		{"credentials file", nil, []string{"--credentials", creds, "auth", "check"}, emu, 0,
			[]string{"NetSuite TBA check for account " + emu.Credentials.Account, "(the local emulator)", "[ok]   REST token login: token login works",
				"credentials file " + creds, "Healthy"}},
		{"revoked token", simEnv(revoked), []string{"auth", "check"}, revoked, 1,
			[]string{"[FAIL] REST token login: Invalid login attempt.: the access token '" + revoked.Guide.TokenName + "' was revoked",
				"Fix: Create a new access token", "the emulator's Login Audit Trail: netsuite sim admin audit",
				"On the emulator: netsuite sim admin token create --integration \"" + revoked.Guide.IntegrationName + "\" --employee " +
					store.AdminEmail + " --role \"" + store.GuideRoleName + "\"", "Not healthy"}},
		{"malformed account, offline", map[string]string{"NETSUITE_ACCOUNT": "acme.app.netsuite.com", "NETSUITE_CONSUMER_KEY": strings.Repeat("a", 64),
			"NETSUITE_CONSUMER_SECRET": strings.Repeat("b", 64), "NETSUITE_TOKEN_ID": strings.Repeat("c", 64), "NETSUITE_TOKEN_SECRET": strings.Repeat("d", 64)},
			[]string{"auth", "check"}, nil, 1,
			[]string{"[FAIL] Configuration: account id from env NETSUITE_ACCOUNT is not valid", "[skip] REST token login: not run"}},
		{"nothing configured", map[string]string{}, []string{"auth", "check"}, nil, 1,
			[]string{"[FAIL] Configuration: 5 problems", "consumer secret is not set: set NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, tt.env, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout does not say %q:\n%s", w, out)
				}
			}
			if tt.emu != nil {
				noSecrets(t, tt.emu, out, errOut)
			}
		})
	}
}

func TestAuthCheckJSON(t *testing.T) {
	emu := startSim(t)
	for _, revoke := range []bool{false, true} {
		if revoke {
			if _, err := admin.Do(context.Background(), emu.Store(), admin.Request{Op: "token.revoke", Token: emu.Guide.TokenName}); err != nil {
				t.Fatal(err)
			}
		}
		out, errOut, code := run(t, nil, "--credentials", credentialsOut(t, emu), "auth", "check", "--json")
		var rep doctor.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s\n%s", err, out, errOut)
		}
		if want := map[bool]int{false: 0, true: 1}[revoke]; code != want || rep.Healthy() == revoke {
			t.Errorf("revoked=%v: exit %d, healthy %v", revoke, code, rep.Healthy())
		}
		if !rep.Emulator || rep.Check(doctor.CheckREST) == nil {
			t.Errorf("report: %s", out)
		}
		noSecrets(t, emu, out, errOut)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("   Fix: ", strings.Repeat("word ", 30), 40, "        ")
	for i, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if len(l) > 40 {
			t.Errorf("line %d is %d long: %q", i, len(l), l)
		}
		if i > 0 && !strings.HasPrefix(l, "        word") {
			t.Errorf("line %d is not indented: %q", i, l)
		}
		if i == 0 && !strings.HasPrefix(l, "   Fix: word") {
			t.Errorf("first line lost its lead: %q", l)
		}
	}
	if got := wrap("[ok]   ", "short  aligned", 40, ""); got != "[ok]   short  aligned\n" {
		t.Errorf("short line changed: %q", got)
	}
	long := strings.Repeat("x ", 100)
	if got := wrap("", long, 0, ""); got != long+"\n" {
		t.Errorf("width 0 wrapped: %q", got)
	}
}

func TestPrintReportTerminal(t *testing.T) {
	rep := &doctor.Report{Account: "1234567", Checks: []doctor.Check{
		{ID: "config", Name: "Configuration", Status: doctor.OK, Summary: "fine"},
		{ID: "clock", Name: "Clock", Status: doctor.Warn, Summary: "2m0s ahead", Fix: "sync it"},
		{ID: "rest", Name: "REST token login", Status: doctor.Fail, Summary: strings.Repeat("long words ", 20), Details: []string{"  1. first"}},
		{ID: "role", Name: "Role changes", Status: doctor.Skip, Summary: "not checked"},
	}}
	var b strings.Builder
	printReport(&b, rep, true)
	out := b.String()
	for _, w := range []string{"✓ Configuration: fine", "! Clock: 2m0s ahead", "  Fix: sync it", "✗ REST token login: long words", "- Role changes", "     1. first", "Not healthy: 1 check failed, 1 warning."} {
		if !strings.Contains(out, w) {
			t.Errorf("output does not have %q:\n%s", w, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > wrapWidth {
			t.Errorf("line longer than %d: %q", wrapWidth, l)
		}
	}
}

func TestDoctorCommand(t *testing.T) {
	for _, tt := range []struct {
		cmd  doctor.Command
		want string
	}{
		{doctor.Command{Kind: doctor.CommandAudit}, "netsuite sim admin audit"},
		{doctor.Command{Kind: doctor.CommandServe}, "netsuite sim serve"},
		{doctor.Command{Kind: doctor.CommandEmulatorTokenCreate, Integration: "My App", Employee: "a@example.com", Role: "TBA Role"},
			`netsuite sim admin token create --integration "My App" --employee a@example.com --role "TBA Role"`},
		{doctor.Command{Kind: doctor.CommandEmulatorTokenCreate}, "netsuite sim admin token create --integration NAME --employee EMAIL --role ROLE"},
		{doctor.Command{Kind: doctor.CommandEmulatorRoleSetPermission, Role: "TBA Role", Permission: vocab.PermListsContacts, Level: vocab.LevelFull},
			`netsuite sim admin role set-permission "TBA Role" "Lists -> Contacts" Full`},
		{doctor.Command{Kind: doctor.CommandEmulatorFeatureEnable, Feature: vocab.FeatureTBA}, "netsuite sim admin feature enable tba"},
		{doctor.Command{Kind: doctor.CommandEmulatorEmployeeAddRole, Employee: "Ada Admin", Role: `Say "hi"`},
			`netsuite sim admin employee add-role "Ada Admin" "Say \"hi\""`},
		{doctor.Command{Kind: doctor.CommandRoleHistory, Role: "$HOME"}, `netsuite sim admin role history "\$HOME"`},
		{doctor.Command{Kind: 0}, ""},
	} {
		if got := doctorCommand(tt.cmd); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.cmd.Kind, got, tt.want)
		}
	}
	for k := doctor.CommandAudit; k <= doctor.CommandEmulatorLicences; k++ {
		if doctorCommand(doctor.Command{Kind: k}) == "" {
			t.Errorf("no command line for %v", k)
		}
	}
}
