// Package admin is the emulator's administration: the steps of NetSuite's
// TBA set-up guide (features, integration records, roles, employees, access
// tokens) and the Login Audit Trail, as operations that run the same way
// against a state file (Do) and against a running emulator (Handler and
// Client, over HTTP). It is the emulator's own API, not a NetSuite one.
package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

// Request is one admin operation. Op names it ("feature.enable",
// "integration.create", …; see Ops); the other fields are its arguments.
type Request struct {
	Op          string    `json:"op"`
	Feature     string    `json:"feature,omitempty"`
	Name        string    `json:"name,omitempty"`
	Integration string    `json:"integration,omitempty"`
	Role        string    `json:"role,omitempty"`
	Employee    string    `json:"employee,omitempty"`
	Email       string    `json:"email,omitempty"`
	Token       string    `json:"token,omitempty"`
	Permissions []string  `json:"permissions,omitempty"` // "Name=Level"
	Permission  string    `json:"permission,omitempty"`
	Level       string    `json:"level,omitempty"`
	Tier        string    `json:"tier,omitempty"`
	Licences    *int      `json:"licences,omitempty"`
	Limit       *int      `json:"limit,omitempty"`
	Status      string    `json:"status,omitempty"`
	Since       time.Time `json:"since,omitzero"`
	Count       int       `json:"count,omitempty"`
	// AccountFile is the TOML text of an account file (account.apply).
	AccountFile string `json:"account_file,omitempty"`
	// Certificate is a PEM x.509 certificate (certificate.map).
	Certificate string `json:"certificate,omitempty"`
	// OAuth2 is an integration record's OAuth 2.0 section (oauth2.set).
	OAuth2 *store.OAuth2Client `json:"oauth2,omitempty"`
}

// IntegrationCreated is what creating (or resetting) an integration record
// shows: the consumer key and secret, this once.
type IntegrationCreated struct {
	Integration    store.Integration `json:"integration"`
	ConsumerKey    string            `json:"consumer_key"`
	ConsumerSecret string            `json:"consumer_secret"`
}

// TokenCreated is what creating an access token shows: the token id and
// secret, this once.
type TokenCreated struct {
	Token       store.AccessToken `json:"token"`
	TokenID     string            `json:"token_id"`
	TokenSecret string            `json:"token_secret"`
}

// Error is an admin refusal, with the HTTP status the Handler answers.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

// Ops lists the operations Do and Handler know, with a one-line
// description (derived from the operation table; do not modify).
var Ops = func() map[string]string {
	m := make(map[string]string, len(ops))
	for name, o := range ops {
		m[name] = o.desc
	}
	return m
}()

// op is one admin operation: its description and what runs it against a
// store. A live operation (run nil) needs a running emulator: Handler
// answers it from the [Live] table the emulator gives it; Do refuses it.
type op struct {
	desc string
	run  func(ctx context.Context, st *store.Store, req Request) (any, error)
}

// ops is the one table of admin operations: dispatch and the list of what
// exists.
var ops = map[string]op{
	"account.show": {"the account: id, service tier, SuiteCloud Plus licences, features",
		func(ctx context.Context, st *store.Store, _ Request) (any, error) { return st.Account(ctx) }},
	"account.set": {"set the service tier and/or SuiteCloud Plus licences", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		var u store.AccountUpdate
		if req.Tier != "" {
			t, err := store.ParseServiceTier(req.Tier)
			if err != nil {
				return nil, err
			}
			u.ServiceTier = &t
		}
		u.SuiteCloudPlusLicenses = req.Licences
		return st.UpdateAccount(ctx, u)
	}},
	"account.apply": {"apply a TOML account file (features, integrations, roles, employees, tokens, custom record types)",
		func(ctx context.Context, st *store.Store, req Request) (any, error) {
			if err := need(req, req.AccountFile, "the account file's text"); err != nil {
				return nil, err
			}
			return st.ApplyAccountFile(ctx, strings.NewReader(req.AccountFile))
		}},
	"customrecord.list": {"list custom record types and their fields", func(ctx context.Context, st *store.Store, _ Request) (any, error) {
		types, err := st.CustomRecordTypes(ctx)
		if types == nil {
			types = []store.CustomRecordType{}
		}
		return types, err
	}},
	"feature.enable":  {"enable a feature (tba, soap, rest, suiteql, suitescript)", setFeature},
	"feature.disable": {"disable a feature", setFeature},
	"integration.create": {"create an integration record (shows its consumer key/secret once)", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Name, "a name"); err != nil {
			return nil, err
		}
		in := store.IntegrationInput{Name: req.Name}
		if req.Limit != nil {
			in.ConcurrencyLimit = *req.Limit
		}
		c, err := st.CreateIntegration(ctx, in)
		if err != nil {
			return nil, err
		}
		return IntegrationCreated{c.Integration, c.ConsumerKey, c.ConsumerSecret.Reveal()}, nil
	}},
	"integration.list": {"list integration records",
		func(ctx context.Context, st *store.Store, _ Request) (any, error) { return st.Integrations(ctx) }},
	"integration.block":  {"set an integration's state to Blocked", setIntegrationState},
	"integration.enable": {"set an integration's state to Enabled", setIntegrationState},
	"integration.reset": {"reset an integration's credentials (shows them once)", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Integration, "an integration"); err != nil {
			return nil, err
		}
		c, err := st.ResetCredentials(ctx, req.Integration)
		if err != nil {
			return nil, err
		}
		return IntegrationCreated{c.Integration, c.ConsumerKey, c.ConsumerSecret.Reveal()}, nil
	}},
	"integration.concurrency": {"allocate a concurrency limit to an integration (0 removes it)", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Integration, "an integration"); err != nil {
			return nil, err
		}
		if req.Limit == nil {
			return nil, &Error{http.StatusBadRequest, "integration.concurrency needs a limit"}
		}
		return st.SetIntegrationConcurrency(ctx, req.Integration, *req.Limit)
	}},
	"role.create": {"create a role with permissions", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Name, "a name"); err != nil {
			return nil, err
		}
		perms, err := parsePermissions(req.Permissions)
		if err != nil {
			return nil, err
		}
		return st.CreateRole(ctx, store.RoleInput{Name: req.Name, Permissions: perms})
	}},
	"role.list": {"list roles and their permissions",
		func(ctx context.Context, st *store.Store, _ Request) (any, error) { return st.Roles(ctx) }},
	"role.set-permission": {"set one permission level on a role", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Role, "a role"); err != nil {
			return nil, err
		}
		if err := need(req, req.Permission, "a permission"); err != nil {
			return nil, err
		}
		lvl, err := store.ParseLevel(req.Level)
		if err != nil {
			return nil, err
		}
		return st.SetPermission(ctx, req.Role, req.Permission, lvl)
	}},
	"role.history": {"a role's permission changes", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Role, "a role"); err != nil {
			return nil, err
		}
		return st.PermissionHistory(ctx, req.Role)
	}},
	"employee.create": {"create an employee", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Name, "a name"); err != nil {
			return nil, err
		}
		return st.CreateEmployee(ctx, store.EmployeeInput{EntityID: req.Name, Email: req.Email})
	}},
	"employee.list": {"list employees and their roles",
		func(ctx context.Context, st *store.Store, _ Request) (any, error) { return st.Employees(ctx) }},
	"employee.add-role":    {"give an employee a role", employeeRole},
	"employee.remove-role": {"take a role from an employee", employeeRole},
	"token.create": {"create an access token (shows its token id/secret once)", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		for _, f := range []struct{ v, what string }{{req.Integration, "an integration"}, {req.Employee, "an employee"}, {req.Role, "a role"}} {
			if err := need(req, f.v, f.what); err != nil {
				return nil, err
			}
		}
		c, err := st.CreateTokenWith(ctx, store.TokenInput{Integration: req.Integration, Employee: req.Employee, Role: req.Role, Name: req.Name})
		if err != nil {
			return nil, err
		}
		return TokenCreated{c.Token, c.TokenID, c.TokenSecret.Reveal()}, nil
	}},
	"token.list": {"list access tokens", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		return st.Tokens(ctx, store.TokenFilter{Integration: req.Integration, Employee: req.Employee})
	}},
	"token.revoke": {"revoke an access token", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		if err := need(req, req.Token, "a token (name or internal id)"); err != nil {
			return nil, err
		}
		return st.RevokeToken(ctx, req.Token)
	}},
	"audit": {"the Login Audit Trail, newest first", func(ctx context.Context, st *store.Store, req Request) (any, error) {
		limit := req.Count
		if limit <= 0 {
			limit = 20
		}
		return st.Audit(ctx, store.AuditFilter{Since: req.Since, Status: req.Status, Limit: limit})
	}},
	"oauth2.set":         {"set an integration record's OAuth 2.0 grants, scopes, redirect URIs", oauth2Set},
	"oauth2.show":        {"an integration record's OAuth 2.0 settings", oauth2Show},
	"certificate.map":    {"map a certificate to integration + employee + role (OAuth 2.0 M2M)", certificateMap},
	"certificate.list":   {"list mapped OAuth 2.0 certificates", certificateList},
	"certificate.revoke": {"revoke a mapped OAuth 2.0 certificate", certificateRevoke},
	"governance": {"concurrency limits and allocations",
		func(ctx context.Context, st *store.Store, _ Request) (any, error) { return st.Governance(ctx) }},
	OpGovernanceLive:      {desc: "in-flight requests and peak concurrency per pool (running emulator only)"},
	OpGovernanceResetPeak: {desc: "reset the peak concurrency counters (running emulator only)"},
}

// The live operations: only a running emulator can answer them.
const (
	OpGovernanceLive      = "governance.live"
	OpGovernanceResetPeak = "governance.reset-peak"
)

// IsLive reports whether op needs a running emulator.
func IsLive(op string) bool {
	o, ok := ops[op]
	return ok && o.run == nil
}

// Do runs req against st. Refusals are *Error (NetSuite's messages where
// NetSuite has them, such as "Login access has been disabled for this role.").
func Do(ctx context.Context, st *store.Store, req Request) (any, error) {
	o, ok := ops[req.Op]
	switch {
	case !ok:
		return nil, &Error{http.StatusNotFound, fmt.Sprintf("unknown admin operation %q", req.Op)}
	case o.run == nil:
		return nil, &Error{http.StatusNotFound, fmt.Sprintf("admin operation %q needs a running emulator", req.Op)}
	}
	out, err := o.run(ctx, st, req)
	if err != nil {
		return nil, classify(err)
	}
	return out, nil
}

// need refuses req when the value v it needs is empty.
func need(req Request, v, what string) error {
	if strings.TrimSpace(v) == "" {
		return &Error{http.StatusBadRequest, req.Op + " needs " + what}
	}
	return nil
}

func setFeature(ctx context.Context, st *store.Store, req Request) (any, error) {
	if err := need(req, req.Feature, "a feature"); err != nil {
		return nil, err
	}
	if err := st.SetFeature(ctx, req.Feature, req.Op == "feature.enable"); err != nil {
		return nil, err
	}
	return st.Account(ctx)
}

func setIntegrationState(ctx context.Context, st *store.Store, req Request) (any, error) {
	if err := need(req, req.Integration, "an integration"); err != nil {
		return nil, err
	}
	state := vocab.StateEnabled
	if req.Op == "integration.block" {
		state = vocab.StateBlocked
	}
	return st.SetIntegrationState(ctx, req.Integration, state)
}

func employeeRole(ctx context.Context, st *store.Store, req Request) (any, error) {
	if err := need(req, req.Employee, "an employee"); err != nil {
		return nil, err
	}
	if err := need(req, req.Role, "a role"); err != nil {
		return nil, err
	}
	if req.Op == "employee.add-role" {
		return st.AddRole(ctx, req.Employee, req.Role)
	}
	return st.RemoveRole(ctx, req.Employee, req.Role)
}

// parsePermissions reads "User Access Token=Full" pairs.
func parsePermissions(ps []string) (map[string]vocab.Level, error) {
	m := map[string]vocab.Level{}
	for _, p := range ps {
		name, lvl, ok := strings.Cut(p, "=")
		if !ok {
			return nil, &Error{http.StatusBadRequest, fmt.Sprintf("permission %q: write it as \"Name=Level\", e.g. \"User Access Token=Full\"", p)}
		}
		l, err := store.ParseLevel(lvl)
		if err != nil {
			return nil, err
		}
		m[strings.TrimSpace(name)] = l
	}
	return m, nil
}

// classify maps store errors to admin errors with an HTTP status.
func classify(err error) error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var se *store.Error
	if !errors.As(err, &se) {
		return err
	}
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, store.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, store.ErrDuplicate):
		status = http.StatusConflict
	}
	// The whole message: an account file's error keeps its line and key.
	return &Error{status, err.Error()}
}
