package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// tokenFixture is an account where every guide step but the ones a test
// undoes has been done: integration "App", TBA on, role "TBA Role" with the
// token permissions held by Ada Admin, plus extra objects for refusals.
func tokenFixture(t *testing.T) (*Store, *fakeClock) {
	t.Helper()
	s, clk := newStore(t)
	ctx := t.Context()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateIntegration(ctx, IntegrationInput{Name: "App"}))
	must(s.CreateIntegration(ctx, IntegrationInput{Name: "Blocked App", State: vocab.StateBlocked}))
	must(s.CreateIntegration(ctx, IntegrationInput{Name: "No TBA App", TBA: ptr(false)}))
	must(nil, s.SetFeature(ctx, "tba", true))
	must(s.CreateRole(ctx, RoleInput{Name: "TBA Role", Permissions: map[string]vocab.Level{
		"User Access Token": vocab.LevelFull, "Access Token Management": vocab.LevelFull, "Web Services": vocab.LevelFull}}))
	must(s.CreateRole(ctx, RoleInput{Name: "ATM Only", Permissions: map[string]vocab.Level{"Access Token Management": vocab.LevelFull}}))
	must(s.CreateRole(ctx, RoleInput{Name: "Clerk", Permissions: map[string]vocab.Level{"Web Services": vocab.LevelFull, "Log in using Access Tokens": vocab.LevelFull}}))
	must(s.AddRole(ctx, AdminEmail, "TBA Role"))
	must(s.AddRole(ctx, AdminEmail, "ATM Only"))
	must(s.AddRole(ctx, AdminEmail, "Clerk"))
	must(s.CreateEmployee(ctx, EmployeeInput{EntityID: "Nobody", Email: "nobody@example.com", GiveAccess: ptr(false), Roles: []string{"TBA Role"}}))
	must(s.CreateEmployee(ctx, EmployeeInput{EntityID: "Bob", Email: "bob@example.com"}))
	return s, clk
}

func TestCreateTokenRefusals(t *testing.T) {
	tests := []struct {
		name        string
		setup       func(*Store) error
		integration string
		employee    string
		role        string
		wantErr     error
		wantMsg     string
	}{
		{name: "success", integration: "App", employee: AdminEmail, role: "TBA Role"},
		{name: "access token management alone suffices", integration: "app", employee: "ada admin", role: "ATM Only"},
		{name: "TBA feature off (guide step 2 skipped)",
			setup:       func(s *Store) error { return s.SetFeature(t.Context(), "tba", false) },
			integration: "App", employee: AdminEmail, role: "TBA Role", wantErr: ErrFeatureDisabled},
		{name: "integration missing (step 1 skipped)", integration: "Nope", employee: AdminEmail, role: "TBA Role", wantErr: ErrNotFound},
		{name: "integration blocked", integration: "Blocked App", employee: AdminEmail, role: "TBA Role", wantErr: ErrIntegrationBlocked},
		{name: "integration without TBA", integration: "No TBA App", employee: AdminEmail, role: "TBA Role", wantErr: ErrIntegrationTBADisabled},
		{name: "employee missing", integration: "App", employee: "ghost@example.com", role: "TBA Role", wantErr: ErrNotFound},
		{name: "employee without access", integration: "App", employee: "nobody@example.com", role: "TBA Role", wantErr: ErrEmployeeNoAccess},
		{name: "role missing", integration: "App", employee: AdminEmail, role: "Nope", wantErr: ErrNotFound},
		{name: "role not assigned (step 4 skipped)", integration: "App", employee: "bob@example.com", role: "TBA Role", wantErr: ErrRoleNotAssigned},
		{name: "administrator role (step 3 skipped)", integration: "App", employee: AdminEmail, role: "Administrator",
			wantErr: ErrLoginDisabled, wantMsg: "Login access has been disabled for this role."},
		{name: "role without token permissions", integration: "App", employee: AdminEmail, role: "Clerk",
			wantErr: ErrLoginDisabled, wantMsg: "Login access has been disabled for this role."},
		{name: "token permission removed",
			setup: func(s *Store) error {
				_, err := s.SetPermissions(t.Context(), "TBA Role", map[string]vocab.Level{"User Access Token": vocab.LevelNone, "Access Token Management": vocab.LevelNone})
				return err
			},
			integration: "App", employee: AdminEmail, role: "TBA Role", wantErr: ErrLoginDisabled, wantMsg: LoginDisabledMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := tokenFixture(t)
			if tt.setup != nil {
				if err := tt.setup(s); err != nil {
					t.Fatal(err)
				}
			}
			c, err := s.CreateToken(t.Context(), tt.integration, tt.employee, tt.role)
			mustErr(t, err, tt.wantErr)
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("message = %q, want exactly %q", err.Error(), tt.wantMsg)
			}
			var se *Error
			if err != nil && !errors.As(err, &se) {
				t.Errorf("error %T is not a *store.Error", err)
			}
			if err != nil {
				toks, _ := s.Tokens(t.Context(), TokenFilter{})
				if len(toks) != 0 {
					t.Errorf("refused create left %d tokens", len(toks))
				}
				return
			}
			if !validCredential(c.TokenID) || !validCredential(c.TokenSecret.Reveal()) || c.TokenID == c.TokenSecret.Reveal() {
				t.Errorf("bad token credentials")
			}
		})
	}
}

func TestTokens(t *testing.T) {
	s, clk := tokenFixture(t)
	ctx := t.Context()

	a, err := s.CreateToken(ctx, "App", AdminEmail, "TBA Role")
	if err != nil {
		t.Fatal(err)
	}
	if want := "App - Ada Admin - TBA Role"; a.Token.Name != want {
		t.Errorf("default name %q, want %q", a.Token.Name, want)
	}
	b, err := s.CreateToken(ctx, "1", "1", "TBA Role") // several tokens per user and integration
	if err != nil {
		t.Fatal(err)
	}
	if want := "App - Ada Admin - TBA Role (2)"; b.Token.Name != want {
		t.Errorf("second default name %q, want %q", b.Token.Name, want)
	}
	fixedID, fixedSecret := strings.Repeat("1", 64), strings.Repeat("2", 64)
	c, err := s.CreateTokenWith(ctx, TokenInput{Integration: "App", Employee: AdminEmail, Role: "ATM Only",
		Name: "CI token", TokenID: fixedID, TokenSecret: fixedSecret})
	if err != nil {
		t.Fatal(err)
	}
	if c.TokenID != fixedID || c.TokenSecret.Reveal() != fixedSecret || c.Token.TokenIDPrefix != "11111111" {
		t.Errorf("fixed credentials not used: %+v", c)
	}
	bad := []struct {
		name string
		in   TokenInput
		want error
	}{
		{"duplicate name", TokenInput{Integration: "App", Employee: AdminEmail, Role: "TBA Role", Name: "ci TOKEN"}, ErrDuplicate},
		{"duplicate token id", TokenInput{Integration: "App", Employee: AdminEmail, Role: "TBA Role", TokenID: fixedID, TokenSecret: fixedSecret}, ErrDuplicate},
		{"bad token id", TokenInput{Integration: "App", Employee: AdminEmail, Role: "TBA Role", TokenID: "xyz"}, ErrInvalid},
		{"bad token secret", TokenInput{Integration: "App", Employee: AdminEmail, Role: "TBA Role", TokenSecret: strings.Repeat("G", 64)}, ErrInvalid},
	}
	for _, tt := range bad {
		_, err := s.CreateTokenWith(ctx, tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}

	for _, ref := range []string{"3", "CI token", "ci token", fixedID} {
		got, err := s.Token(ctx, ref)
		if err != nil || got.ID != 3 || got.RoleName != "ATM Only" || got.IntegrationName != "App" || got.EmployeeEmail != AdminEmail {
			t.Errorf("Token(%q) = %+v, %v", ref, got, err)
		}
	}
	_, err = s.Token(ctx, strings.Repeat("f", 64))
	if !errors.Is(err, ErrNotFound) || strings.Contains(err.Error(), strings.Repeat("f", 64)) {
		t.Errorf("unknown token id: %v (the full id must not be echoed)", err)
	}

	revokedAt := clk.Advance(time.Hour)
	r, err := s.RevokeToken(ctx, a.TokenID)
	if err != nil || !r.IsRevoked() || !r.Revoked.Equal(revokedAt) {
		t.Fatalf("RevokeToken = %+v, %v", r, err)
	}
	clk.Advance(time.Hour)
	r, err = s.RevokeToken(ctx, "App - Ada Admin - TBA Role")
	if err != nil || !r.Revoked.Equal(revokedAt) {
		t.Errorf("second revoke changed the time: %+v, %v", r, err)
	}
	if _, err := s.RevokeToken(ctx, "2"); err != nil {
		t.Error(err)
	}
	_, err = s.RevokeToken(ctx, "nope")
	mustErr(t, err, ErrNotFound)

	filters := []struct {
		f    TokenFilter
		want []int64
	}{
		{TokenFilter{}, []int64{1, 2, 3}},
		{TokenFilter{ActiveOnly: true}, []int64{3}},
		{TokenFilter{Integration: "App"}, []int64{1, 2, 3}},
		{TokenFilter{Integration: "Blocked App"}, nil},
		{TokenFilter{Employee: "bob@example.com"}, nil},
		{TokenFilter{Employee: "Ada Admin", ActiveOnly: true}, []int64{3}},
	}
	for _, tt := range filters {
		got, err := s.Tokens(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, tok := range got {
			ids = append(ids, tok.ID)
		}
		if len(ids) != len(tt.want) || (len(ids) > 0 && !equalIDs(ids, tt.want)) {
			t.Errorf("Tokens(%+v) = %v, want %v", tt.f, ids, tt.want)
		}
	}
	_, err = s.Tokens(ctx, TokenFilter{Integration: "Nope"})
	mustErr(t, err, ErrNotFound)

	all, _ := s.Tokens(ctx, TokenFilter{})
	one, _ := s.Token(ctx, "3")
	for _, v := range []any{all, one} {
		js, _ := json.Marshal(v)
		for _, secret := range []string{a.TokenID, a.TokenSecret.Reveal(), b.TokenSecret.Reveal(), fixedID, fixedSecret} {
			if strings.Contains(string(js), secret) {
				t.Errorf("list/get JSON contains a credential: %s", js)
			}
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
