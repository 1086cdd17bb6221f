package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-netsuite/netsuite/vocab"
)

// Default names ProvisionGuide uses.
const (
	GuideIntegrationName = "Demo Integration"
	GuideRoleName        = "TBA Role"
)

// GuideRolePermissions returns the permissions of the guide's token role:
// the guide's User Access Token, Access Token Management and Web Services at
// Full, plus Log in using Access Tokens, REST Web Services, SuiteAnalytics
// Workbook, the OAuth 2.0 permissions (Log in using OAuth 2.0 Access
// Tokens, Manage own OAuth 2.0 Client Credentials certificates) and every
// record permission at Full so that all emulated surfaces work with it.
func GuideRolePermissions() Permissions {
	p := Permissions{}
	for _, n := range knownPermissions {
		p[n] = vocab.LevelFull
	}
	return p
}

// GuideOptions configure [Store.ProvisionGuide]; zero fields take defaults.
type GuideOptions struct {
	// IntegrationName defaults to "Demo Integration".
	IntegrationName string
	// RoleName defaults to "TBA Role".
	RoleName string
	// Employee is the employee to give the role and the token (reference);
	// defaults to the administrator employee.
	Employee string
	// TokenName defaults to NetSuite's "<integration> - <employee> - <role>".
	TokenName string
}

// GuideResult is what a user of the guide copies into their secrets file,
// plus the names and ids created. ConsumerSecret and TokenSecret print and
// marshal as [REDACTED]; use Reveal or [GuideResult.Env].
type GuideResult struct {
	AccountID        string `json:"accountId"`
	IntegrationID    int64  `json:"integrationId"`
	IntegrationName  string `json:"integrationName"`
	ConsumerKey      string `json:"consumerKey"`
	ConsumerSecret   Secret `json:"consumerSecret"`
	RoleID           int64  `json:"roleId"`
	RoleName         string `json:"roleName"`
	EmployeeID       int64  `json:"employeeId"`
	EmployeeEntityID string `json:"employeeEntityId"`
	EmployeeEmail    string `json:"employeeEmail"`
	TokenInternalID  int64  `json:"tokenInternalId"`
	TokenName        string `json:"tokenName"`
	TokenID          string `json:"tokenId"`
	TokenSecret      Secret `json:"tokenSecret"`
	// Steps describes what each guide step did.
	Steps []string `json:"steps"`
}

// Env returns the guide's step 6 client configuration as environment
// variables: NETSUITE_ACCOUNT, NETSUITE_CONSUMER_KEY,
// NETSUITE_CONSUMER_SECRET, NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET. The
// map holds the revealed secrets.
func (g *GuideResult) Env() map[string]string {
	return map[string]string{
		"NETSUITE_ACCOUNT":         g.AccountID,
		"NETSUITE_CONSUMER_KEY":    g.ConsumerKey,
		"NETSUITE_CONSUMER_SECRET": g.ConsumerSecret.Reveal(),
		"NETSUITE_TOKEN_ID":        g.TokenID,
		"NETSUITE_TOKEN_SECRET":    g.TokenSecret.Reveal(),
	}
}

// ProvisionGuide walks the TBA setup guide in order, through the same
// exported admin methods a user's commands use:
//
//  1. create the integration record (Token-Based Authentication on, State
//     Enabled) — or, if it exists, "Reset Credentials" on it as the guide
//     says, and make sure it is enabled with TBA on;
//  2. enable the Token-Based Authentication feature;
//  3. create the token role with [GuideRolePermissions] plus Full on every
//     custom record type that takes a permission (or bring an
//     existing role of that name up to them);
//  4. add the role to the employee;
//  5. create an access token for integration, employee and role.
//
// Running it again on the same store therefore succeeds and yields fresh
// consumer credentials and a new token.
func (s *Store) ProvisionGuide(ctx context.Context, opts GuideOptions) (*GuideResult, error) {
	if opts.IntegrationName == "" {
		opts.IntegrationName = GuideIntegrationName
	}
	if opts.RoleName == "" {
		opts.RoleName = GuideRoleName
	}
	if opts.Employee == "" {
		opts.Employee = AdminEmail
	}
	res := &GuideResult{}
	step := func(format string, args ...any) { res.Steps = append(res.Steps, fmt.Sprintf(format, args...)) }

	// 1. Create an integration record.
	var creds IntegrationCredentials
	existing, err := s.Integration(ctx, opts.IntegrationName)
	switch {
	case err == nil:
		enabled, on := vocab.StateEnabled, true
		if _, err := s.UpdateIntegration(ctx, fmt.Sprint(existing.ID), IntegrationUpdate{State: &enabled, TBA: &on}); err != nil {
			return nil, fmt.Errorf("guide step 1: %w", err)
		}
		if creds, err = s.ResetCredentials(ctx, fmt.Sprint(existing.ID)); err != nil {
			return nil, fmt.Errorf("guide step 1: %w", err)
		}
		step("1. integration %q existed: credentials reset", creds.Integration.Name)
	case errors.Is(err, ErrNotFound):
		if creds, err = s.CreateIntegration(ctx, IntegrationInput{Name: opts.IntegrationName, State: vocab.StateEnabled}); err != nil {
			return nil, fmt.Errorf("guide step 1: %w", err)
		}
		step("1. integration %q created (Token-Based Authentication, Enabled)", creds.Integration.Name)
	default:
		return nil, fmt.Errorf("guide step 1: %w", err)
	}
	res.IntegrationID, res.IntegrationName = creds.Integration.ID, creds.Integration.Name
	res.ConsumerKey, res.ConsumerSecret = creds.ConsumerKey, creds.ConsumerSecret

	// 2. Enable Token Based Authentication.
	if err := s.SetFeature(ctx, string(vocab.FeatureTBA), true); err != nil {
		return nil, fmt.Errorf("guide step 2: %w", err)
	}
	step("2. feature %q enabled", vocab.FeatureTBA.Name())

	// 3. Create a token role.
	perms := map[string]vocab.Level(GuideRolePermissions())
	// ...and the account's custom record types (an account file may have
	// declared some before the guide runs).
	types, err := s.CustomRecordTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide step 3: %w", err)
	}
	for _, t := range types {
		if p := t.Permission(); p != "" {
			perms[p] = vocab.LevelFull
		}
	}
	var role Role
	if r, err := s.Role(ctx, opts.RoleName); err == nil {
		if role, err = s.SetPermissions(ctx, fmt.Sprint(r.ID), perms); err != nil {
			return nil, fmt.Errorf("guide step 3: %w", err)
		}
		step("3. role %q existed: permissions set", role.Name)
	} else if errors.Is(err, ErrNotFound) {
		if role, err = s.CreateRole(ctx, RoleInput{Name: opts.RoleName, Permissions: perms}); err != nil {
			return nil, fmt.Errorf("guide step 3: %w", err)
		}
		step("3. role %q created with %d permissions", role.Name, len(role.Permissions))
	} else {
		return nil, fmt.Errorf("guide step 3: %w", err)
	}
	res.RoleID, res.RoleName = role.ID, role.Name

	// 4. Add the role to the employee.
	emp, err := s.AddRole(ctx, opts.Employee, fmt.Sprint(role.ID))
	if err != nil {
		return nil, fmt.Errorf("guide step 4: %w", err)
	}
	res.EmployeeID, res.EmployeeEntityID, res.EmployeeEmail = emp.ID, emp.EntityID, emp.Email
	step("4. role %q added to employee %s", role.Name, emp.EntityID)

	// 5. Create an access token.
	tok, err := s.CreateTokenWith(ctx, TokenInput{Integration: fmt.Sprint(res.IntegrationID),
		Employee: fmt.Sprint(emp.ID), Role: fmt.Sprint(role.ID), Name: opts.TokenName})
	if err != nil {
		return nil, fmt.Errorf("guide step 5: %w", err)
	}
	res.TokenInternalID, res.TokenName = tok.Token.ID, tok.Token.Name
	res.TokenID, res.TokenSecret = tok.TokenID, tok.TokenSecret
	step("5. access token %q created", tok.Token.Name)

	a, err := s.Account(ctx)
	if err != nil {
		return nil, err
	}
	res.AccountID = a.ID
	return res, nil
}
