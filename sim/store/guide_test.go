package store

import (
	"errors"
	"testing"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

func TestProvisionGuide(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := GuideResult{
		AccountID: DefaultAccountID, IntegrationID: 1, IntegrationName: "Demo Integration",
		RoleID: 1001, RoleName: "TBA Role", EmployeeID: 1, EmployeeEntityID: AdminEntityID, EmployeeEmail: AdminEmail,
		TokenInternalID: 1, TokenName: "Demo Integration - Ada Admin - TBA Role",
		Steps: []string{
			`1. integration "Demo Integration" created (Token-Based Authentication, Enabled)`,
			`2. feature "Token-Based Authentication" enabled`,
			`3. role "TBA Role" created with 20 permissions`,
			`4. role "TBA Role" added to employee Ada Admin`,
			`5. access token "Demo Integration - Ada Admin - TBA Role" created`,
		},
	}
	got := *g
	got.ConsumerKey, got.ConsumerSecret, got.TokenID, got.TokenSecret = "", Secret{}, "", Secret{}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("guide result (-want +got):\n%s", d)
	}
	for _, c := range []string{g.ConsumerKey, g.ConsumerSecret.Reveal(), g.TokenID, g.TokenSecret.Reveal()} {
		if !validCredential(c) {
			t.Errorf("credential %q is not 64 lowercase hex", c[:min(8, len(c))])
		}
	}

	// The objects are those of the guide.
	in, _ := s.Integration(ctx, "Demo Integration")
	if in.State != vocab.StateEnabled || !in.TBA {
		t.Errorf("integration = %+v", in)
	}
	if on, _ := s.FeatureEnabled(ctx, vocab.FeatureTBA); !on {
		t.Error("TBA feature not enabled")
	}
	r, _ := s.Role(ctx, "TBA Role")
	for _, p := range []string{vocab.PermUserAccessToken, vocab.PermAccessTokenManagement, vocab.PermWebServices, vocab.PermLoginUsingAccessTokens,
		vocab.PermRESTWebServices, vocab.PermSuiteAnalyticsWorkbook, vocab.PermListsContacts, vocab.PermTransactionsInvoice} {
		if r.Permissions.Level(p) != vocab.LevelFull {
			t.Errorf("TBA Role %q = %v", p, r.Permissions.Level(p))
		}
	}
	emp, _ := s.Employee(ctx, AdminEmail)
	if !emp.HasRole(AdministratorRoleID) || !emp.HasRole(r.ID) {
		t.Errorf("admin roles = %+v", emp.Roles)
	}
	v, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Check(vocab.SurfaceSOAP); err != nil {
		t.Error(err)
	}
	perms, _ := s.EffectivePermissions(ctx, v.Role.ID, s.Now())
	for _, sf := range []vocab.Surface{vocab.SurfaceSOAP, vocab.SurfaceREST, vocab.SurfaceRESTlet} {
		if err := perms.CheckLogin(sf); err != nil {
			t.Errorf("CheckLogin(%s): %v", sf, err)
		}
	}

	// Running it again follows the guide's "Reset Credentials" advice and
	// issues another token.
	g2, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g2.ConsumerKey == g.ConsumerKey || g2.TokenID == g.TokenID || g2.IntegrationID != g.IntegrationID || g2.RoleID != g.RoleID {
		t.Errorf("second run = %+v", g2)
	}
	if g2.Steps[0] != `1. integration "Demo Integration" existed: credentials reset` || g2.Steps[2] != `3. role "TBA Role" existed: permissions set` {
		t.Errorf("second run steps = %q", g2.Steps)
	}
	if _, err := s.Lookup(ctx, g2.ConsumerKey, g.TokenID); err != nil {
		t.Errorf("first token with the new consumer key: %v", err)
	}
	if _, err := s.Lookup(ctx, g2.ConsumerKey, g2.TokenID); err != nil {
		t.Errorf("second token: %v", err)
	}

	// A re-run repairs a blocked integration and a stripped role.
	if _, err := s.SetIntegrationState(ctx, "Demo Integration", vocab.StateBlocked); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPermission(ctx, "TBA Role", "User Access Token", vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProvisionGuide(ctx, GuideOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestProvisionGuideOptions(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateEmployee(ctx, EmployeeInput{EntityID: "Bob", Email: "bob@example.com"}); err != nil {
		t.Fatal(err)
	}
	g, err := s.ProvisionGuide(ctx, GuideOptions{IntegrationName: "My App", RoleName: "Token Role", Employee: "Bob", TokenName: "bob's token"})
	if err != nil {
		t.Fatal(err)
	}
	if g.IntegrationName != "My App" || g.RoleName != "Token Role" || g.EmployeeEmail != "bob@example.com" || g.TokenName != "bob's token" {
		t.Errorf("result = %+v", g)
	}
	_, err = s.ProvisionGuide(ctx, GuideOptions{Employee: "ghost"})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown employee: %v", err)
	}
}

// TestGuideStepsOutOfOrder reproduces what happens to a user who skips or
// reorders the guide's steps.
func TestGuideStepsOutOfOrder(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	// Step 3 before step 2: the token permissions are not available.
	_, err := s.CreateRole(ctx, RoleInput{Name: "TBA Role", Permissions: map[string]vocab.Level{"User Access Token": vocab.LevelFull}})
	mustErr(t, err, ErrFeatureDisabled)
	// Steps 1 and 2 only, then a token for the administrator's own role:
	// the guide's error.
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "Demo Integration"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeature(ctx, "tba", true); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateToken(ctx, "Demo Integration", AdminEmail, AdministratorRoleName)
	if err == nil || err.Error() != "Login access has been disabled for this role." {
		t.Fatalf("token for the Administrator role: %v", err)
	}
	// Step 3 without step 4: the role is not the employee's.
	if _, err := s.CreateRole(ctx, RoleInput{Name: "TBA Role", Permissions: map[string]vocab.Level(GuideRolePermissions())}); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateToken(ctx, "Demo Integration", AdminEmail, "TBA Role")
	mustErr(t, err, ErrRoleNotAssigned)
	// Step 4, then step 5 works.
	if _, err := s.AddRole(ctx, AdminEmail, "TBA Role"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, "Demo Integration", AdminEmail, "TBA Role"); err != nil {
		t.Fatal(err)
	}
}
