package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

// fakeClock is a settable clock for deterministic time-dependent tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func newClock() *fakeClock { return &fakeClock{t: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// newStore opens an in-memory store with a fake clock.
func newStore(t testing.TB) (*Store, *fakeClock) {
	t.Helper()
	clk := newClock()
	s, err := OpenWith("", Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clk
}

// mustErr checks that err matches the sentinel want (nil: no error).
func mustErr(t testing.TB, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error = %v, want %v", err, want)
	}
}

func ptr[T any](v T) *T { return &v }

func TestFreshAccount(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	a, err := s.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Account{ID: DefaultAccountID, CompanyName: DefaultCompanyName, ServiceTier: vocab.TierStandard,
		Features: Features{TBA: false, SOAP: true, REST: true, SuiteQL: true, SuiteScript: true}, Created: t0}
	if d := cmp.Diff(want, a); d != "" {
		t.Errorf("fresh account (-want +got):\n%s", d)
	}
	if got := a.ConcurrencyLimit(); got != 5 {
		t.Errorf("ConcurrencyLimit = %d, want 5", got)
	}

	admin, err := s.Role(ctx, "administrator")
	if err != nil {
		t.Fatal(err)
	}
	if admin.ID != AdministratorRoleID || !admin.Builtin {
		t.Errorf("administrator role = %+v", admin)
	}
	for _, p := range KnownPermissions() {
		want := vocab.LevelFull
		if p == vocab.PermUserAccessToken || p == vocab.PermAccessTokenManagement || p == vocab.PermLoginUsingAccessTokens {
			want = vocab.LevelNone // the guide: "the administrator does not have token permissions by default"
		}
		if got := admin.Permissions.Level(p); got != want {
			t.Errorf("Administrator %q = %v, want %v", p, got, want)
		}
	}

	emp, err := s.Employee(ctx, AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	wantEmp := Employee{ID: 1, EntityID: AdminEntityID, Email: AdminEmail, GiveAccess: true,
		Roles: []RoleRef{{ID: AdministratorRoleID, Name: AdministratorRoleName}}, Created: t0}
	if d := cmp.Diff(wantEmp, emp); d != "" {
		t.Errorf("admin employee (-want +got):\n%s", d)
	}
	ints, _ := s.Integrations(ctx)
	toks, _ := s.Tokens(ctx, TokenFilter{})
	if len(ints) != 0 || len(toks) != 0 {
		t.Errorf("fresh account has %d integrations and %d tokens", len(ints), len(toks))
	}
}

func TestOpenOptions(t *testing.T) {
	s, err := OpenWith("", Options{AccountID: "1234567-sb1"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, _ := s.Account(t.Context())
	if a.ID != "1234567_SB1" {
		t.Errorf("account id = %q, want 1234567_SB1", a.ID)
	}
	if _, err := OpenWith("", Options{AccountID: "not an id"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad account id: err = %v", err)
	}
	if err := s.Close(); err != nil || s.Close() != nil {
		t.Errorf("Close twice: %v", err)
	}
	m, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Path() != "" {
		t.Errorf(":memory: path = %q", m.Path())
	}
	// Two in-memory stores are independent.
	s2, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	a2, _ := s2.Account(t.Context())
	if a2.ID != DefaultAccountID {
		t.Errorf("second in-memory store shares state: id %q", a2.ID)
	}
}

func TestPersistence(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "dir with space?#%", "account.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateAccount(ctx, AccountUpdate{ServiceTier: ptr(vocab.TierPremium), SuiteCloudPlusLicenses: ptr(2)}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLogin(ctx, LoginEntry{User: AdminEmail, Status: vocab.StatusSuccess, Surface: vocab.SurfaceREST}); err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.DB().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.DB().QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 { // reopening is idempotent
		s, err = Open(path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		var v int
		if err := s.DB().QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != schemaVersion {
			t.Errorf("user_version = %d, %v", v, err)
		}
		a, _ := s.Account(ctx)
		if a.ConcurrencyLimit() != 35 || !a.Features.TBA {
			t.Errorf("reopened account = %+v", a)
		}
		ver, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID)
		if err != nil || ver.Check(vocab.SurfaceSOAP) != nil {
			t.Errorf("lookup after reopen: %v / %v", err, ver.Check(vocab.SurfaceSOAP))
		}
		if ver.Token.Secret.Reveal() != g.TokenSecret.Reveal() {
			t.Error("token secret not persisted")
		}
		emps, _ := s.Employees(ctx)
		roles, _ := s.Roles(ctx)
		audit, _ := s.Audit(ctx, AuditFilter{})
		if len(emps) != 1 || len(roles) != 2 || len(audit) != 1 {
			t.Errorf("reopen %d: %d employees, %d roles, %d audit rows; want 1, 2, 1", i, len(emps), len(roles), len(audit))
		}
		s.Close()
	}
}

func TestSchemaTooNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open of a newer schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestConcurrentOpenSameFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	emps, _ := s.Employees(t.Context())
	if len(emps) != 1 {
		t.Errorf("%d employees after concurrent opens, want 1 (seeded once)", len(emps))
	}
}

func TestNormalizeAccountID(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"TSTDRV1234567", "TSTDRV1234567", true},
		{"tstdrv1234567", "TSTDRV1234567", true},
		{"1234567", "1234567", true},
		{"1234567_SB1", "1234567_SB1", true},
		{"1234567-sb1", "1234567_SB1", true},
		{" 1234567_sb12 ", "1234567_SB12", true},
		{"1234567_RP", "1234567_RP", true},
		{"", "", false},
		{"ABC", "", false},
		{"1234567_SB", "", false},
		{"1234567_XX1", "", false},
		{"12 34", "", false},
		{"123.456", "", false},
	}
	for _, tt := range tests {
		got, err := NormalizeAccountID(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("NormalizeAccountID(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestConcurrencyLimitArithmetic(t *testing.T) {
	tests := []struct {
		tier     vocab.ServiceTier
		licences int
		want     int
	}{
		{vocab.TierStandard, 0, 5},
		{vocab.TierStandard, 1, 15},
		{vocab.TierPremium, 0, 15},
		{vocab.TierPremium, 5, 65},
		{vocab.TierEnterprise, 0, 20},
		{vocab.TierEnterprise, 3, 50},
		{vocab.TierUltimate, 0, 20},
		{vocab.TierUltimate, 10, 120},
	}
	for _, tt := range tests {
		a := Account{ServiceTier: tt.tier, SuiteCloudPlusLicenses: tt.licences}
		if got := a.ConcurrencyLimit(); got != tt.want {
			t.Errorf("%s + %d SC+ = %d, want %d", tt.tier, tt.licences, got, tt.want)
		}
	}
	for _, n := range []string{"standard", "PREMIUM", " Enterprise ", "ultimate"} {
		if _, err := ParseServiceTier(n); err != nil {
			t.Errorf("ParseServiceTier(%q): %v", n, err)
		}
	}
	if _, err := ParseServiceTier("Tier 1"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseServiceTier(Tier 1): %v", err)
	}
}

func TestUpdateAccount(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	tests := []struct {
		name    string
		u       AccountUpdate
		wantErr error
		check   func(Account) bool
	}{
		{"id normalised", AccountUpdate{ID: ptr("7654321-sb2")}, nil, func(a Account) bool { return a.ID == "7654321_SB2" }},
		{"bad id", AccountUpdate{ID: ptr("x")}, ErrInvalid, nil},
		{"company", AccountUpdate{CompanyName: ptr(" Acme ")}, nil, func(a Account) bool { return a.CompanyName == "Acme" }},
		{"empty company", AccountUpdate{CompanyName: ptr(" ")}, ErrInvalid, nil},
		{"tier", AccountUpdate{ServiceTier: ptr(vocab.ServiceTier("premium"))}, nil, func(a Account) bool { return a.ServiceTier == vocab.TierPremium }},
		{"bad tier", AccountUpdate{ServiceTier: ptr(vocab.ServiceTier("Gold"))}, ErrInvalid, nil},
		{"licences", AccountUpdate{SuiteCloudPlusLicenses: ptr(3)}, nil, func(a Account) bool { return a.ConcurrencyLimit() == 45 }},
		{"negative licences", AccountUpdate{SuiteCloudPlusLicenses: ptr(-1)}, ErrInvalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.UpdateAccount(ctx, tt.u)
			mustErr(t, err, tt.wantErr)
			if tt.check != nil {
				if !tt.check(a) {
					t.Errorf("returned account %+v", a)
				}
				stored, _ := s.Account(ctx)
				if !tt.check(stored) {
					t.Errorf("stored account %+v", stored)
				}
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	parse := []struct {
		in   string
		want vocab.Feature
	}{
		{"tba", vocab.FeatureTBA},
		{"TBA", vocab.FeatureTBA},
		{"Token-Based Authentication", vocab.FeatureTBA},
		{"token based authentication", vocab.FeatureTBA},
		{"SOAP Web Services", vocab.FeatureSOAP},
		{"rest", vocab.FeatureREST},
		{"REST Web Services", vocab.FeatureREST},
		{"SuiteAnalytics Workbook", vocab.FeatureSuiteQL},
		{"suiteql", vocab.FeatureSuiteQL},
		{"Server SuiteScript", vocab.FeatureSuiteScript},
	}
	for _, tt := range parse {
		if got, err := ParseFeature(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseFeature(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	_, err := ParseFeature("OAuth 3")
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "tba (Token-Based Authentication)") {
		t.Errorf("unknown feature error = %v", err)
	}

	if err := s.SetFeature(ctx, "Token-Based Authentication", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeature(ctx, "soap", false); err != nil {
		t.Fatal(err)
	}
	mustErr(t, s.SetFeature(ctx, "nope", true), ErrInvalid)
	fs, err := s.Features(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[vocab.Feature]bool{}
	for _, f := range fs {
		got[f.Key] = f.Enabled
		if f.Name != f.Key.Name() {
			t.Errorf("feature %s name %q", f.Key, f.Name)
		}
	}
	want := map[vocab.Feature]bool{vocab.FeatureTBA: true, vocab.FeatureSOAP: false, vocab.FeatureREST: true, vocab.FeatureSuiteQL: true, vocab.FeatureSuiteScript: true}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("features (-want +got):\n%s", d)
	}
	if on, _ := s.FeatureEnabled(ctx, vocab.FeatureSOAP); on {
		t.Error("FeatureEnabled(soap) = true after disabling")
	}
}

func TestUpdateRequiresContext(t *testing.T) {
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.CreateRole(ctx, RoleInput{Name: "X"}); err == nil {
		t.Error("write with a cancelled context succeeded")
	}
	if _, err := s.Role(t.Context(), "X"); !errors.Is(err, ErrNotFound) {
		t.Errorf("role created despite cancelled context: %v", err)
	}
}
