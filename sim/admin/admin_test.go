package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
)

// TestGuideSteps walks the guide through Do, checking each skipped step's refusal.
func TestGuideSteps(t *testing.T) {
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(admin.Handler(st, nil))
	defer srv.Close()
	ctx := context.Background()
	cl := &admin.Client{BaseURL: srv.URL}
	// Both paths run the same operations.
	for _, via := range []string{"direct", "http"} {
		do := func(req admin.Request) error {
			if via == "direct" {
				_, err := admin.Do(ctx, st, req)
				return err
			}
			_, err := cl.Do(ctx, req)
			return err
		}
		app := "App " + via
		steps := []struct {
			req    admin.Request
			status int // 0: success
			msg    string
		}{
			{admin.Request{Op: "integration.create", Name: app}, 0, ""},
			{admin.Request{Op: "integration.create", Name: app}, http.StatusConflict, ""},
			{admin.Request{Op: "role.create", Name: "Role " + via, Permissions: []string{"User Access Token=Full", "Web Services=Full"}}, 0, ""},
			{admin.Request{Op: "token.create", Integration: app, Employee: store.AdminEmail, Role: store.AdministratorRoleName}, http.StatusBadRequest, "Login access has been disabled for this role."},
			{admin.Request{Op: "token.create", Integration: app, Employee: store.AdminEmail, Role: "Role " + via}, http.StatusBadRequest, ""},
			{admin.Request{Op: "employee.add-role", Employee: store.AdminEmail, Role: "Role " + via}, 0, ""},
			{admin.Request{Op: "token.create", Integration: app, Employee: store.AdminEmail, Role: "Role " + via}, 0, ""},
			{admin.Request{Op: "token.revoke", Token: "nope"}, http.StatusNotFound, ""},
			{admin.Request{Op: "role.create", Name: "Bad", Permissions: []string{"User Access Token"}}, http.StatusBadRequest, "Name=Level"},
			{admin.Request{Op: "nope"}, http.StatusNotFound, "unknown admin operation"},
			{admin.Request{Op: "audit"}, 0, ""},
		}
		if via == "direct" {
			// The feature is off in a new account: role creation with token permissions is refused first.
			if err := do(admin.Request{Op: "role.create", Name: "Early", Permissions: []string{"User Access Token=Full"}}); err == nil {
				t.Fatal("token permissions granted while the TBA feature is off")
			}
			if err := do(admin.Request{Op: "feature.enable", Feature: "tba"}); err != nil {
				t.Fatal(err)
			}
		}
		for i, s := range steps {
			err := do(s.req)
			var ae *admin.Error
			switch {
			case s.status == 0 && err != nil:
				t.Fatalf("%s step %d %s: %v", via, i, s.req.Op, err)
			case s.status != 0 && (!errors.As(err, &ae) || ae.Status != s.status || !strings.Contains(ae.Message, s.msg)):
				t.Errorf("%s step %d %s: got %v, want %d %q", via, i, s.req.Op, err, s.status, s.msg)
			}
		}
	}
	// The credentials of a created integration are shown; listings never show the secret.
	out, err := admin.Do(ctx, st, admin.Request{Op: "integration.create", Name: "Shown"})
	if err != nil {
		t.Fatal(err)
	}
	created := out.(admin.IntegrationCreated)
	if len(created.ConsumerSecret) != 64 {
		t.Errorf("secret %q", created.ConsumerSecret)
	}
	raw, err := cl.Do(ctx, admin.Request{Op: "integration.list"})
	if err != nil || strings.Contains(string(raw), created.ConsumerSecret) || strings.Contains(string(raw), created.ConsumerKey) {
		t.Errorf("listing leaks credentials: %s %v", raw, err)
	}
	// A non-emulator answers clearly.
	bad := httptest.NewServer(http.NotFoundHandler())
	defer bad.Close()
	if _, err := (&admin.Client{BaseURL: bad.URL}).Do(ctx, admin.Request{Op: "audit"}); err == nil || !strings.Contains(err.Error(), "did not answer like the emulator") {
		t.Errorf("err = %v", err)
	}
}

// TestOpsTable: every operation of the table is either run by Do or live
// (answered by a running emulator only), and Do refuses the live ones.
func TestOpsTable(t *testing.T) {
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(admin.Ops) != 32 { // 27 + the 5 OAuth 2.0 operations (oauth2.go)
		t.Errorf("%d operations, want 32", len(admin.Ops))
	}
	for op := range admin.Ops {
		_, err := admin.Do(context.Background(), st, admin.Request{Op: op})
		var ae *admin.Error
		switch {
		case admin.IsLive(op):
			if !errors.As(err, &ae) || !strings.Contains(ae.Message, "needs a running emulator") {
				t.Errorf("Do(%s) = %v, want a refusal", op, err)
			}
		case errors.As(err, &ae) && ae.Status == http.StatusNotFound && strings.Contains(ae.Message, "unknown admin operation"):
			t.Errorf("Do(%s): %v", op, err)
		}
	}
	if !admin.IsLive(admin.OpGovernanceLive) || !admin.IsLive(admin.OpGovernanceResetPeak) || admin.IsLive("governance") {
		t.Error("IsLive")
	}
}
