package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

func TestCanonicalPermission(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"User Access Token", vocab.PermUserAccessToken},
		{"user access token", vocab.PermUserAccessToken},
		{"User Access Tokens", vocab.PermUserAccessToken},
		{"ACCESS TOKEN MANAGEMENT", vocab.PermAccessTokenManagement},
		{"Log in using Access Tokens", vocab.PermLoginUsingAccessTokens},
		{"web services", vocab.PermWebServices},
		{"REST Web Services", vocab.PermRESTWebServices},
		{"suiteanalytics workbook", vocab.PermSuiteAnalyticsWorkbook},
		{"Lists -> Contacts", vocab.PermListsContacts},
		{"Lists → Contacts", vocab.PermListsContacts},
		{"lists->contacts", vocab.PermListsContacts},
		{"  Lists   →   Customers ", vocab.PermListsCustomers},
		{"Transactions -> Sales Order", vocab.PermTransactionsSalesOrder},
		{"transactions→customer payment", vocab.PermTransactionsCustomerPayment},
		{"Lists -> Items", vocab.PermListsItems},
	}
	for _, tt := range tests {
		if got, err := CanonicalPermission(tt.in); err != nil || got != tt.want {
			t.Errorf("CanonicalPermission(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "Lists", "Lists -> Widgets", "Web Servics", "Lists > Contacts"} {
		_, err := CanonicalPermission(bad)
		if !errors.Is(err, ErrUnknownPermission) {
			t.Errorf("CanonicalPermission(%q): err = %v", bad, err)
			continue
		}
		for _, k := range KnownPermissions() {
			if !strings.Contains(err.Error(), k) {
				t.Errorf("error for %q does not list %q: %v", bad, k, err)
			}
		}
	}
	// Every known name round-trips.
	for _, k := range KnownPermissions() {
		if got, err := CanonicalPermission(strings.ToUpper(k)); got != k || err != nil {
			t.Errorf("round trip %q = %q, %v", k, got, err)
		}
	}
}

func TestLevels(t *testing.T) {
	order := []vocab.Level{vocab.LevelNone, vocab.LevelView, vocab.LevelCreate, vocab.LevelEdit, vocab.LevelFull}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Errorf("%v >= %v", order[i-1], order[i])
		}
	}
	for _, l := range order {
		got, err := ParseLevel(strings.ToLower(l.String()))
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l, got, err)
		}
		b, err := json.Marshal(l)
		if err != nil || string(b) != `"`+l.String()+`"` {
			t.Errorf("json %v = %s, %v", l, b, err)
		}
		var back vocab.Level
		if err := json.Unmarshal(b, &back); err != nil || back != l {
			t.Errorf("json round trip %v = %v, %v", l, back, err)
		}
	}
	if _, err := ParseLevel("Admin"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseLevel(Admin): %v", err)
	}
	if _, err := vocab.Level(9).MarshalText(); err == nil {
		t.Error("MarshalText(9) succeeded")
	}
	p := Permissions{vocab.PermListsContacts: vocab.LevelEdit}
	tests := []struct {
		min  vocab.Level
		want bool
	}{{vocab.LevelNone, true}, {vocab.LevelView, true}, {vocab.LevelCreate, true}, {vocab.LevelEdit, true}, {vocab.LevelFull, false}}
	for _, tt := range tests {
		if got := p.Has("lists → contacts", tt.min); got != tt.want {
			t.Errorf("Edit has %v = %v", tt.min, got)
		}
	}
}

func TestCreateRole(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	tests := []struct {
		name    string
		tba     bool
		in      RoleInput
		wantErr error
		want    Permissions
	}{
		{"plain", false, RoleInput{Name: "Clerk", Permissions: map[string]vocab.Level{"lists → contacts": vocab.LevelView, "Web Services": vocab.LevelFull}}, nil,
			Permissions{vocab.PermListsContacts: vocab.LevelView, vocab.PermWebServices: vocab.LevelFull}},
		{"none levels dropped", false, RoleInput{Name: "Empty", Permissions: map[string]vocab.Level{"Lists -> Items": vocab.LevelNone}}, nil, Permissions{}},
		{"token permission needs TBA feature", false, RoleInput{Name: "Early", Permissions: map[string]vocab.Level{"User Access Token": vocab.LevelFull}}, ErrFeatureDisabled, nil},
		{"token permission with TBA", true, RoleInput{Name: "TBA Role", Permissions: map[string]vocab.Level{"User Access Token": vocab.LevelFull}}, nil,
			Permissions{vocab.PermUserAccessToken: vocab.LevelFull}},
		{"unknown permission", true, RoleInput{Name: "X", Permissions: map[string]vocab.Level{"Lists -> Widgets": vocab.LevelFull}}, ErrUnknownPermission, nil},
		{"same permission twice", true, RoleInput{Name: "X", Permissions: map[string]vocab.Level{"Web Services": vocab.LevelFull, "web services": vocab.LevelView}}, ErrInvalid, nil},
		{"bad level", true, RoleInput{Name: "X", Permissions: map[string]vocab.Level{"Web Services": 7}}, ErrInvalid, nil},
		{"duplicate name", true, RoleInput{Name: "clerk"}, ErrDuplicate, nil},
		{"administrator name taken", true, RoleInput{Name: "Administrator"}, ErrDuplicate, nil},
		{"empty name", true, RoleInput{Name: ""}, ErrInvalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SetFeature(ctx, "tba", tt.tba); err != nil {
				t.Fatal(err)
			}
			r, err := s.CreateRole(ctx, tt.in)
			mustErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if r.ID < 1001 || r.Builtin {
				t.Errorf("role %+v", r)
			}
			if d := cmp.Diff(tt.want, r.Permissions); d != "" {
				t.Errorf("permissions (-want +got):\n%s", d)
			}
			got, err := s.Role(ctx, strings.ToUpper(tt.in.Name))
			if err != nil || !cmp.Equal(got, r) {
				t.Errorf("Role(by name) = %+v, %v; want %+v", got, err, r)
			}
		})
	}
	roles, _ := s.Roles(ctx)
	var names []string
	for _, r := range roles {
		names = append(names, r.Name)
	}
	if d := cmp.Diff([]string{"Administrator", "Clerk", "Empty", "TBA Role"}, names); d != "" {
		t.Errorf("role names (-want +got):\n%s", d)
	}
}

func TestSetPermission(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateRole(ctx, RoleInput{Name: "R"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		role    string
		perm    string
		level   vocab.Level
		wantErr error
		want    vocab.Level
	}{
		{"grant", "R", "Lists -> Contacts", vocab.LevelView, nil, vocab.LevelView},
		{"raise", "1001", "lists→contacts", vocab.LevelFull, nil, vocab.LevelFull},
		{"token permission while TBA off", "R", "Access Token Management", vocab.LevelFull, ErrFeatureDisabled, vocab.LevelNone},
		{"remove token permission while TBA off is fine", "R", "Access Token Management", vocab.LevelNone, nil, vocab.LevelNone},
		{"unknown", "R", "Lists -> Widgets", vocab.LevelFull, ErrUnknownPermission, vocab.LevelNone},
		{"administrator is read-only", "Administrator", "Web Services", vocab.LevelNone, ErrBuiltinRole, vocab.LevelNone},
		{"administrator by id", "3", "User Access Token", vocab.LevelFull, ErrBuiltinRole, vocab.LevelNone},
		{"missing role", "Nope", "Web Services", vocab.LevelFull, ErrNotFound, vocab.LevelNone},
		{"revoke", "R", "Lists -> Contacts", vocab.LevelNone, nil, vocab.LevelNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.SetPermission(ctx, tt.role, tt.perm, tt.level)
			mustErr(t, err, tt.wantErr)
			if err == nil && r.Permissions.Level(tt.perm) != tt.want {
				t.Errorf("level = %v, want %v", r.Permissions.Level(tt.perm), tt.want)
			}
		})
	}
	// Only real changes are recorded: grant, raise, revoke.
	h, err := s.PermissionHistory(ctx, "R")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 {
		t.Errorf("history has %d entries, want 3: %+v", len(h), h)
	}
	if _, err := s.SetPermission(ctx, "R", "Web Services", vocab.LevelFull); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPermission(ctx, "R", "web services", vocab.LevelFull); err != nil {
		t.Fatal(err)
	}
	h, _ = s.PermissionHistory(ctx, "R")
	if len(h) != 4 {
		t.Errorf("re-setting the same level recorded a change: %d entries", len(h))
	}
}

// TestEffectivePermissionsAsOf is the "role changes take hours to reach
// token logins" model: the permission set as it was at a past instant.
func TestEffectivePermissionsAsOf(t *testing.T) {
	s, clk := newStore(t)
	ctx := t.Context()
	mustErr(t, s.SetFeature(ctx, "tba", true), nil)

	created := clk.Now()
	r, err := s.CreateRole(ctx, RoleInput{Name: "TBA Role", Permissions: map[string]vocab.Level{
		"User Access Token": vocab.LevelFull, "Web Services": vocab.LevelFull}})
	if err != nil {
		t.Fatal(err)
	}
	t1 := clk.Advance(2 * time.Hour)
	if _, err := s.SetPermission(ctx, "TBA Role", "Lists -> Contacts", vocab.LevelView); err != nil {
		t.Fatal(err)
	}
	t2 := clk.Advance(3 * time.Hour)
	if _, err := s.SetPermissions(ctx, "TBA Role", map[string]vocab.Level{"Lists -> Contacts": vocab.LevelFull, "Web Services": vocab.LevelNone}); err != nil {
		t.Fatal(err)
	}
	t3 := clk.Advance(time.Hour)

	base := Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermWebServices: vocab.LevelFull}
	tests := []struct {
		name string
		at   time.Time
		want Permissions
	}{
		{"before the role existed: seen as created", created.Add(-time.Nanosecond), base},
		{"at creation (inclusive)", created, base},
		{"just before the first edit", t1.Add(-time.Nanosecond), base},
		{"at the first edit", t1, Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermWebServices: vocab.LevelFull, vocab.PermListsContacts: vocab.LevelView}},
		{"between edits", t1.Add(time.Hour), Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermWebServices: vocab.LevelFull, vocab.PermListsContacts: vocab.LevelView}},
		{"at the second edit", t2, Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermListsContacts: vocab.LevelFull}},
		{"now", t3, Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermListsContacts: vocab.LevelFull}},
		{"now minus an 8h cache delay: as created", t3.Add(-8 * time.Hour), base},
		{"now minus a 2h cache delay", t3.Add(-2 * time.Hour), Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermWebServices: vocab.LevelFull, vocab.PermListsContacts: vocab.LevelView}},
	}
	for _, tt := range tests {
		got, err := s.EffectivePermissions(ctx, r.ID, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
	// The guide thread's case: a permission added now is not yet visible
	// to a token login that sees the role as it was two hours ago.
	cached, _ := s.EffectivePermissions(ctx, r.ID, t3.Add(-2*time.Hour))
	err = cached.Require("Lists -> Contacts", vocab.LevelFull)
	if err == nil || err.Error() != "Permission Violation: You need the 'Lists -> Contacts' permission to access this page." {
		t.Errorf("Require error = %v", err)
	}
	if _, err := s.EffectivePermissions(ctx, 999, t3); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown role: %v", err)
	}
	// The returned map is a copy: mutating it does not affect the cache.
	got, _ := s.EffectivePermissions(ctx, r.ID, t3)
	got[vocab.PermRESTWebServices] = vocab.LevelFull
	again, _ := s.EffectivePermissions(ctx, r.ID, t3)
	if again.Has(vocab.PermRESTWebServices, vocab.LevelView) {
		t.Error("EffectivePermissions result aliases the cache")
	}
	// Writes invalidate the cached history.
	if _, err := s.SetPermission(ctx, "TBA Role", "REST Web Services", vocab.LevelFull); err != nil {
		t.Fatal(err)
	}
	now, _ := s.EffectivePermissions(ctx, r.ID, clk.Now())
	if !now.Has(vocab.PermRESTWebServices, vocab.LevelFull) {
		t.Error("EffectivePermissions served a stale cache after SetPermission")
	}
}

func TestCheckLogin(t *testing.T) {
	full := GuideRolePermissions()
	tests := []struct {
		name    string
		p       Permissions
		surface vocab.Surface
		detail  string
	}{
		{"guide role soap", full, vocab.SurfaceSOAP, ""},
		{"guide role rest", full, vocab.SurfaceREST, ""},
		{"guide role restlet", full, vocab.SurfaceRESTlet, ""},
		{"older UAT permission suffices", Permissions{vocab.PermUserAccessToken: vocab.LevelFull, vocab.PermWebServices: vocab.LevelFull}, vocab.SurfaceSOAP, ""},
		{"no login permission", Permissions{vocab.PermWebServices: vocab.LevelFull}, vocab.SurfaceSOAP, vocab.DetailLoginDisabled},
		{"soap without web services", Permissions{vocab.PermLoginUsingAccessTokens: vocab.LevelFull}, vocab.SurfaceSOAP, vocab.DetailInsufficientPermission},
		{"rest without rest web services", Permissions{vocab.PermLoginUsingAccessTokens: vocab.LevelFull, vocab.PermWebServices: vocab.LevelFull}, vocab.SurfaceREST, vocab.DetailInsufficientPermission},
		{"restlet needs no ws permission", Permissions{vocab.PermLoginUsingAccessTokens: vocab.LevelFull}, vocab.SurfaceRESTlet, ""},
		{"administrator", administratorPermissions(), vocab.SurfaceSOAP, vocab.DetailLoginDisabled},
	}
	for _, tt := range tests {
		err := tt.p.CheckLogin(tt.surface)
		if tt.detail == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, ErrPermissionMissing) || AuditDetail(err) != tt.detail {
			t.Errorf("%s: err = %v (detail %q), want detail %q", tt.name, err, AuditDetail(err), tt.detail)
		}
	}
	if err := (Permissions{}).Require("bogus", vocab.LevelView); !errors.Is(err, ErrUnknownPermission) {
		t.Errorf("Require(bogus) = %v", err)
	}
	if n := (Permissions{vocab.PermListsItems: vocab.LevelView, vocab.PermWebServices: vocab.LevelFull}).Names(); !cmp.Equal(n, []string{vocab.PermWebServices, vocab.PermListsItems}) {
		t.Errorf("Names = %v", n)
	}
}
