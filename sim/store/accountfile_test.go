package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

const (
	guideConsumerKey    = "19d881344c1be312e5a72407d4df8184e25395d9f72f886969be62cdf22e44cc"
	guideConsumerSecret = "ec1b32c88e62d06fc649fa91ea4acf3f3eeda792e59fd578feb18531511ab6d7"
	guideTokenID        = "a152763baa66053678c7b794a11ea06e76551484242087a76382b1e9bbc70db3"
	guideTokenSecret    = "fb46aa5771d227d0e675f6bc31beb33ea6a1201a1202278281842e317249d0c7"
)

func TestGuideAccountFile(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	res, err := s.LoadAccountFile(ctx, "testdata/guide.toml")
	if err != nil {
		t.Fatal(err)
	}
	if res.Account.ID != "TSTDRV1234567" || res.Account.CompanyName != "Guide Demo Company" || !res.Account.Features.TBA {
		t.Errorf("account = %+v", res.Account)
	}
	if len(res.Integrations) != 1 || res.Integrations[0].ConsumerKey != guideConsumerKey ||
		res.Integrations[0].ConsumerSecret.Reveal() != guideConsumerSecret {
		t.Errorf("integrations = %+v", res.Integrations)
	}
	if len(res.Tokens) != 1 || res.Tokens[0].TokenID != guideTokenID || res.Tokens[0].TokenSecret.Reveal() != guideTokenSecret {
		t.Errorf("tokens = %+v", res.Tokens)
	}

	v, err := s.Lookup(ctx, guideConsumerKey, guideTokenID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sf := range []vocab.Surface{vocab.SurfaceSOAP, vocab.SurfaceREST, vocab.SurfaceRESTlet} {
		if err := v.Check(sf); err != nil {
			t.Errorf("Check(%s): %v", sf, err)
		}
	}
	perms, err := s.EffectivePermissions(ctx, v.Role.ID, s.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(GuideRolePermissions(), perms); d != "" {
		t.Errorf("guide role permissions (-want +got):\n%s", d)
	}
	emp, _ := s.Employee(ctx, AdminEmail)
	if len(emp.Roles) != 2 {
		t.Errorf("admin roles = %+v", emp.Roles)
	}

	// Applying again is idempotent: nothing new is created.
	res2, err := s.LoadAccountFile(ctx, "testdata/guide.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(res2.Tokens) != 0 {
		t.Errorf("second apply created tokens: %+v", res2.Tokens)
	}
	want := []string{"integration Demo Integration", "role TBA Role", "employee admin@example.com", "token Demo Integration - Ada Admin - TBA Role"}
	if d := cmp.Diff(want, res2.Kept); d != "" {
		t.Errorf("kept (-want +got):\n%s", d)
	}
	toks, _ := s.Tokens(ctx, TokenFilter{})
	ints, _ := s.Integrations(ctx)
	roles, _ := s.Roles(ctx)
	if len(toks) != 1 || len(ints) != 1 || len(roles) != 2 {
		t.Errorf("after second apply: %d tokens, %d integrations, %d roles", len(toks), len(ints), len(roles))
	}
	h, _ := s.PermissionHistory(ctx, GuideRoleName)
	if len(h) != len(GuideRolePermissions()) {
		t.Errorf("second apply recorded permission changes: %d entries", len(h))
	}
}

func TestAccountFileDeclarative(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	first := `
[account]
tier = "premium"
suitecloud_plus = 1
[features]
"Token-Based Authentication" = true
[[integrations]]
name = "App"
concurrency_limit = 10
[[roles]]
name = "R"
permissions = { "Web Services" = "full", "Lists → Contacts" = "view" }
[[employees]]
entity_id = "Bob"
email = "bob@example.com"
roles = ["R"]
[[tokens]]
integration = "App"
employee = "Bob"
role = "R"
`
	_, err := s.ApplyAccountFile(ctx, strings.NewReader(first))
	if !errors.Is(err, ErrLoginDisabled) || !strings.Contains(err.Error(), "tokens[0]") || !strings.Contains(err.Error(), LoginDisabledMessage) {
		t.Fatalf("token for a role without token permissions: %v", err)
	}
	// A failing file changes nothing.
	if a, _ := s.Account(ctx); a.ServiceTier != vocab.TierStandard || a.Features.TBA {
		t.Errorf("failed apply changed the account: %+v", a)
	}
	if _, err := s.Integration(ctx, "App"); !errors.Is(err, ErrNotFound) {
		t.Errorf("failed apply created an integration: %v", err)
	}

	fixed := strings.Replace(first, `"Web Services" = "full"`, `"Web Services" = "full", "User Access Token" = "Full"`, 1)
	res, err := s.ApplyAccountFile(ctx, strings.NewReader(fixed))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Integrations) != 1 || len(res.Tokens) != 1 || res.Tokens[0].Token.Name != "App - Bob - R" {
		t.Errorf("result = %+v", res)
	}
	if res.Account.ConcurrencyLimit() != 25 {
		t.Errorf("limit = %d", res.Account.ConcurrencyLimit())
	}
	// A nameless token without a fixed id is created on every apply.
	res, err = s.ApplyAccountFile(ctx, strings.NewReader(fixed))
	if err != nil || len(res.Tokens) != 1 || res.Tokens[0].Token.Name != "App - Bob - R (2)" {
		t.Errorf("second apply: %+v, %v", res, err)
	}
	// Role permissions are exact: a permission left out is removed.
	second := `
[[roles]]
name = "R"
[roles.permissions]
"User Access Token" = "Full"
[[integrations]]
name = "App"
state = "Blocked"
concurrency_limit = 0
[[employees]]
email = "BOB@example.com"
give_access = false
`
	if _, err := s.ApplyAccountFile(ctx, strings.NewReader(second)); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Role(ctx, "R")
	if d := cmp.Diff(Permissions{vocab.PermUserAccessToken: vocab.LevelFull}, r.Permissions); d != "" {
		t.Errorf("role after exact apply (-want +got):\n%s", d)
	}
	in, _ := s.Integration(ctx, "App")
	if in.State != vocab.StateBlocked || in.ConcurrencyLimit != 0 {
		t.Errorf("integration = %+v", in)
	}
	bob, _ := s.Employee(ctx, "Bob")
	if bob.GiveAccess || len(bob.Roles) != 1 {
		t.Errorf("employee = %+v", bob)
	}
	// Fixed credentials on an existing integration replace its credentials.
	third := `
[[integrations]]
name = "App"
consumer_key = "` + guideConsumerKey + `"
consumer_secret = "` + guideConsumerSecret + `"
`
	res, err = s.ApplyAccountFile(ctx, strings.NewReader(third))
	if err != nil || len(res.Integrations) != 1 || res.Integrations[0].ConsumerKey != guideConsumerKey {
		t.Errorf("fixed credentials on existing integration: %+v, %v", res, err)
	}
	// An employee given only by email gets the email as entity id.
	if _, err := s.ApplyAccountFile(ctx, strings.NewReader("[[employees]]\nemail = \"zed@example.com\"\n")); err != nil {
		t.Fatal(err)
	}
	if e, err := s.Employee(ctx, "zed@example.com"); err != nil || e.EntityID != "zed@example.com" || !e.GiveAccess {
		t.Errorf("email-only employee = %+v, %v", e, err)
	}
}

func TestAccountFileErrors(t *testing.T) {
	hex := strings.Repeat("a", 64)
	rec := func(body string) string {
		return "[[custom_records]]\nscript_id = \"customrecord_x\"\nname = \"X\"\n" + body
	}
	field := func(lines string) string { return rec("[[custom_records.fields]]\n" + lines) }
	tests := []struct {
		name     string
		file     string
		wantLine int
		wantKey  string // substring of the key part of the message
		wantErr  error
		wantMsg  string // substring of the message
	}{
		{"syntax", "[account\nid = 1\n", 1, "", nil, "expected ']'"},
		{"unknown top-level key", "colour = \"blue\"\n", 1, "colour", ErrInvalid, "unknown key"},
		{"unknown nested key", "[account]\nid = \"123\"\ntierr = \"Premium\"\n", 3, "account.tierr", ErrInvalid, "unknown key"},
		{"wrong type", "[account]\n\nsuitecloud_plus = \"two\"\n", 3, "account.suitecloud_plus", ErrInvalid, "expected an integer, got a TOML string"},
		{"wrong type bool", "[features]\ntba = \"yes\"\n", 2, "features.tba", ErrInvalid, "expected a boolean"},
		{"wrong type array", "[[employees]]\nemail = \"x@example.com\"\nroles = \"Administrator\"\n", 3, "employees.roles", ErrInvalid, "expected an array"},
		{"bad account id", "[account]\nid = \"TST DRV\"\n", 2, "account.id", ErrInvalid, "invalid account id"},
		{"bad tier", "[account]\ntier = \"Gold\"\n", 2, "account.tier", ErrInvalid, "unknown service tier"},
		{"negative licences", "[account]\nsuitecloud_plus = -1\n", 2, "account.suitecloud_plus", ErrInvalid, "negative"},
		{"unknown feature", "[features]\ntba = true\n\"OAuth 3\" = true\n", 3, `features."OAuth 3"`, ErrInvalid, "unknown feature"},
		{"integration without name", "[[integrations]]\nstate = \"Enabled\"\n", 1, "integrations[0].name", ErrInvalid, "missing"},
		{"duplicate integration", "[[integrations]]\nname = \"A\"\n[[integrations]]\nname = \"a\"\n", 4, "integrations[1].name", ErrDuplicate, "integrations[0].name"},
		{"bad state", "[[integrations]]\nname = \"A\"\nstate = \"Paused\"\n", 3, "integrations[0].state", ErrInvalid, "Enabled or Blocked"},
		{"key without secret", "[[integrations]]\nname = \"A\"\nconsumer_key = \"" + hex + "\"\n", 1, "integrations[0].consumer_secret", ErrInvalid, "together"},
		{"bad key", "[[integrations]]\nname = \"A\"\nconsumer_key = \"XYZ\"\nconsumer_secret = \"" + hex + "\"\n", 3, "integrations[0].consumer_key", ErrInvalid, "64 lowercase hex"},
		{"negative limit", "[[integrations]]\nname = \"A\"\nconcurrency_limit = -2\n", 3, "integrations[0].concurrency_limit", ErrInvalid, "negative"},
		{"allocation too high", "[[integrations]]\nname = \"A\"\nconcurrency_limit = 5\n", 1, "integrations[0]", ErrConcurrencyAllocation, "at least 1"},
		{"unknown permission", "[[roles]]\nname = \"R\"\n\n[roles.permissions]\n\"Web Services\" = \"Full\"\n\"Lists -> Widgets\" = \"Full\"\n", 6,
			`roles[0].permissions."Lists -> Widgets"`, ErrUnknownPermission, "known permissions: User Access Token"},
		{"unknown permission inline", "[[roles]]\nname = \"A\"\n[[roles]]\nname = \"R\"\npermissions = { \"Web Servics\" = \"Full\" }\n", 5,
			`roles[1].permissions."Web Servics"`, ErrUnknownPermission, "Web Servics"},
		{"bad level", "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"Web Services\" = \"Admin\"\n", 4, `roles[0].permissions."Web Services"`, ErrInvalid, "permission level"},
		{"same permission twice", "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"Web Services\" = \"Full\"\n\"web services\" = \"View\"\n", 5, `roles[0].permissions."web services"`, ErrDuplicate, "also given"},
		{"token permission without TBA", "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"User Access Token\" = \"Full\"\n", 1, "roles[0]", ErrFeatureDisabled, "Token-Based Authentication"},
		{"administrator read-only", "[[roles]]\nname = \"Administrator\"\n[roles.permissions]\n\"Web Services\" = \"Full\"\n", 1, "roles[0]", ErrBuiltinRole, "cannot be edited"},
		{"employee without email", "[[employees]]\nentity_id = \"X\"\n", 1, "employees[0].email", ErrInvalid, "missing"},
		{"employee bad email", "[[employees]]\nentity_id = \"X\"\nemail = \"x\"\n", 3, "employees[0].email", ErrInvalid, "valid address"},
		{"employee unknown role", "[[employees]]\nemail = \"x@example.com\"\nroles = [\"Administrator\", \"Ghost\"]\n", 3, "employees[0].roles[1]", ErrNotFound, `role "Ghost" not found`},
		{"employee empty role", "[[employees]]\nemail = \"x@example.com\"\nroles = [\"\"]\n", 3, "employees[0].roles[0]", ErrInvalid, "empty"},
		{"token missing role", "[[tokens]]\nintegration = \"A\"\nemployee = \"admin@example.com\"\n", 1, "tokens[0].role", ErrInvalid, "role is missing"},
		{"token half credentials", "[[tokens]]\nintegration = \"A\"\nemployee = \"e\"\nrole = \"r\"\ntoken_secret = \"" + hex + "\"\n", 1, "tokens[0].token_id", ErrInvalid, "together"},
		{"token TBA feature off", "[[integrations]]\nname = \"A\"\n[[tokens]]\nintegration = \"A\"\nemployee = \"admin@example.com\"\nrole = \"Administrator\"\n", 3, "tokens[0]", ErrFeatureDisabled, "not enabled"},
		{"token unknown integration", "[features]\ntba = true\n[[tokens]]\nintegration = \"Ghost\"\nemployee = \"admin@example.com\"\nrole = \"Administrator\"\n", 3, "tokens[0]", ErrNotFound, `integration "Ghost"`},
		{"token administrator role", "[features]\ntba = true\n[[integrations]]\nname = \"A\"\n[[tokens]]\nintegration = \"A\"\nemployee = \"admin@example.com\"\nrole = \"Administrator\"\n", 5, "tokens[0]", ErrLoginDisabled, LoginDisabledMessage},
		{"duplicate token name", "[[tokens]]\nname = \"t\"\nintegration = \"A\"\nemployee = \"e\"\nrole = \"r\"\n[[tokens]]\nname = \"T\"\nintegration = \"A\"\nemployee = \"e\"\nrole = \"r\"\n", 7, "tokens[1].name", ErrDuplicate, "tokens[0].name"},
		{"bad type id", "[[custom_records]]\nscript_id = \"shipment\"\nname = \"S\"\n", 1, "custom_records[0]", ErrInvalid, `must start with "customrecord"`},
		{"upper case is lowered, space is not", "[[custom_records]]\nscript_id = \"CustomRecord_A B\"\nname = \"S\"\n", 1, "custom_records[0]", ErrInvalid, "customrecord_a b"},
		{"no name", "[[custom_records]]\nscript_id = \"customrecord_x\"\n", 1, "custom_records[0]", ErrInvalid, "has no name"},
		{"bad access", rec("access = \"public\"\n"), 1, "custom_records[0]", ErrInvalid, "No Permission Required"},
		{"duplicate type", rec("") + "[[custom_records]]\nscript_id = \"CUSTOMRECORD_X\"\nname = \"Y\"\n", 5, "custom_records[1].script_id", ErrDuplicate, "custom_records[0].script_id"},
		{"bad field id", field("script_id = \"custentity_x\"\ntype = \"text\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, `must start with "custrecord"`},
		{"unknown field type", field("script_id = \"custrecord_a\"\ntype = \"Rich Text\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, "known types: text (Free-Form Text)"},
		{"select without ref", field("script_id = \"custrecord_a\"\ntype = \"List/Record\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, `set ref, e.g. ref = "customer"`},
		{"ref on text", field("script_id = \"custrecord_a\"\ntype = \"text\"\nref = \"customer\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, "not a List/Record field"},
		{"unknown ref", field("script_id = \"custrecord_a\"\ntype = \"select\"\nref = \"widget\"\n"), 4, "custom_records[0].fields[0]", ErrInvalid, "unknown record type \"widget\"; known: customer"},
		{"field twice", field("script_id = \"custrecord_a\"\ntype = \"text\"\n[[custom_records.fields]]\nscript_id = \"custrecord_A\"\ntype = \"text\"\n"), 7, "custom_records[0].fields[1]", ErrDuplicate, "defined twice"},
		{"permission of an unknown type", "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"Custom Record -> Ghost\" = \"Full\"\n", 1, "roles[0]", ErrUnknownPermission, "no custom record type named \"Ghost\""},
		{"permission of a no-permission type", rec("access = \"none\"\n") + "[[roles]]\nname = \"R\"\n[roles.permissions]\n\"Custom Record -> X\" = \"Full\"\n", 5, "roles[0]", ErrUnknownPermission, "none is defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			_, err := s.ApplyAccountFile(t.Context(), strings.NewReader(tt.file))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (%T), want *FileError", err, err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if fe.Line != tt.wantLine {
				t.Errorf("line = %d, want %d (%v)", fe.Line, tt.wantLine, err)
			}
			if !strings.Contains(fe.Key, tt.wantKey) {
				t.Errorf("key = %q, want %q (%v)", fe.Key, tt.wantKey, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("message %q does not contain %q", err, tt.wantMsg)
			}
			if !strings.HasPrefix(err.Error(), "account file:") {
				t.Errorf("message %q does not name the file", err)
			}
			// Nothing was applied.
			ints, _ := s.Integrations(t.Context())
			roles, _ := s.Roles(t.Context())
			if len(ints) != 0 || len(roles) != 1 {
				t.Errorf("failed file left %d integrations, %d roles", len(ints), len(roles))
			}
			var tables int
			_ = s.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'customrecord%'`).Scan(&tables)
			if types, _ := s.CustomRecordTypes(t.Context()); len(types) != 0 || tables != 0 {
				t.Errorf("failed file left custom record types %v, %d tables", types, tables)
			}
		})
	}
	s, _ := newStore(t)
	if _, err := s.LoadAccountFile(t.Context(), "testdata/missing.toml"); err == nil {
		t.Error("missing file loaded")
	}
	_, err := s.LoadAccountFile(t.Context(), "testdata/guide.toml")
	if err != nil {
		t.Fatal(err)
	}
}

func TestFileErrorFormat(t *testing.T) {
	e := &FileError{File: "a.toml", Line: 3, Key: "roles[0].name", Err: errors.New("boom")}
	if e.Error() != "a.toml:3: roles[0].name: boom" {
		t.Errorf("%q", e.Error())
	}
	e = &FileError{File: "a.toml", Err: errors.New("boom")}
	if e.Error() != "a.toml: boom" {
		t.Errorf("%q", e.Error())
	}
	if got := displayKey(kp("roles[2]", "permissions", "Lists -> Items")); got != `roles[2].permissions."Lists -> Items"` {
		t.Errorf("displayKey = %q", got)
	}
}
