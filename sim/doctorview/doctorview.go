// Package doctorview shows the emulator's account to the doctor: it
// implements doctor.Inspector over the emulator's admin API (package
// sim/admin), so that `netsuite auth check` against the emulator names the
// exact reason of a refused login, and Detect tells whether a base URL is
// the emulator at all.
//
// The doctor itself imports nothing of the emulator; this package is the
// only bridge, and the CLI wires it in.
package doctorview

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

// auditRows is how many of the newest failed logins FailedLogins reads.
const auditRows = 50

// Inspector is a doctor.Inspector reading a running emulator through its
// admin client.
type Inspector struct {
	c *admin.Client
}

var _ doctor.Inspector = (*Inspector)(nil)

// New returns an Inspector over c.
func New(c *admin.Client) *Inspector { return &Inspector{c: c} }

// IsNetSuiteHost reports whether rawURL's host is under netsuite.com: such
// a base URL is never asked for the emulator's admin API.
func IsNetSuiteHost(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "netsuite.com" || strings.HasSuffix(h, ".netsuite.com")
}

// Detect returns an Inspector when baseURL is the emulator (its admin API
// answers within 5 seconds), and nil otherwise. It never asks NetSuite's
// own domains, nor anything when baseURL is "". hc sends the request
// (nil: http.DefaultClient).
func Detect(ctx context.Context, baseURL string, hc *http.Client) *Inspector {
	baseURL = strings.TrimRight(baseURL, "/")
	if baseURL == "" || IsNetSuiteHost(baseURL) {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c := &admin.Client{BaseURL: baseURL, HTTP: hc}
	if _, err := c.Do(ctx, admin.Request{Op: "governance"}); err != nil {
		return nil
	}
	return New(c)
}

// do runs one admin operation and decodes its result into out.
func (in *Inspector) do(ctx context.Context, req admin.Request, out any) error {
	raw, err := in.c.Do(ctx, req)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// FailedLogins returns the newest failed logins since since, newest first.
func (in *Inspector) FailedLogins(ctx context.Context, since time.Time) ([]doctor.Login, error) {
	var rows []store.LoginEntry
	if err := in.do(ctx, admin.Request{Op: "audit", Status: vocab.StatusFailure, Since: since, Count: auditRows}, &rows); err != nil {
		return nil, err
	}
	out := make([]doctor.Login, len(rows))
	for i, e := range rows {
		out[i] = doctor.Login{Time: e.Time, Surface: e.Surface, Status: e.Status, Detail: e.Detail,
			TokenName: e.TokenName, Integration: e.Integration, Role: e.Role, User: e.User}
	}
	return out, nil
}

// Tokens returns the access tokens.
func (in *Inspector) Tokens(ctx context.Context) ([]doctor.Token, error) {
	var toks []store.AccessToken
	if err := in.do(ctx, admin.Request{Op: "token.list"}, &toks); err != nil {
		return nil, err
	}
	out := make([]doctor.Token, len(toks))
	for i, t := range toks {
		out[i] = doctor.Token{Name: t.Name, TokenIDPrefix: t.TokenIDPrefix, IntegrationID: t.IntegrationID,
			IntegrationName: t.IntegrationName, RoleID: t.RoleID, RoleName: t.RoleName, EmployeeEmail: t.EmployeeEmail,
			Revoked: t.IsRevoked()}
	}
	return out, nil
}

// Integrations returns the integration records.
func (in *Inspector) Integrations(ctx context.Context) ([]doctor.Integration, error) {
	var ints []store.Integration
	if err := in.do(ctx, admin.Request{Op: "integration.list"}, &ints); err != nil {
		return nil, err
	}
	out := make([]doctor.Integration, len(ints))
	for i, n := range ints {
		out[i] = doctor.Integration{ID: n.ID, Name: n.Name, State: n.State, TBA: n.TBA, ConsumerKeyPrefix: n.ConsumerKeyPrefix}
	}
	return out, nil
}

// Roles returns the roles with their current permissions.
func (in *Inspector) Roles(ctx context.Context) ([]doctor.Role, error) {
	var roles []store.Role
	if err := in.do(ctx, admin.Request{Op: "role.list"}, &roles); err != nil {
		return nil, err
	}
	out := make([]doctor.Role, len(roles))
	for i, r := range roles {
		out[i] = doctor.Role{ID: r.ID, Name: r.Name, Created: r.Created, Permissions: map[string]vocab.Level(r.Permissions)}
	}
	return out, nil
}

// RoleHistory returns the permission changes of a role, oldest first.
func (in *Inspector) RoleHistory(ctx context.Context, roleID int64) ([]doctor.PermissionChange, error) {
	var hist []store.PermissionChange
	if err := in.do(ctx, admin.Request{Op: "role.history", Role: strconv.FormatInt(roleID, 10)}, &hist); err != nil {
		return nil, err
	}
	out := make([]doctor.PermissionChange, len(hist))
	for i, h := range hist {
		out[i] = doctor.PermissionChange{Time: h.Time, Permission: h.Permission, Level: h.Level}
	}
	return out, nil
}

// Employees returns the employees and the ids of their roles.
func (in *Inspector) Employees(ctx context.Context) ([]doctor.Employee, error) {
	var emps []store.Employee
	if err := in.do(ctx, admin.Request{Op: "employee.list"}, &emps); err != nil {
		return nil, err
	}
	out := make([]doctor.Employee, len(emps))
	for i, e := range emps {
		v := doctor.Employee{EntityID: e.EntityID, Email: e.Email, GiveAccess: e.GiveAccess}
		for _, r := range e.Roles {
			v.RoleIDs = append(v.RoleIDs, r.ID)
		}
		out[i] = v
	}
	return out, nil
}

// Account returns the account's id and features.
func (in *Inspector) Account(ctx context.Context) (*doctor.Account, error) {
	var a store.Account
	if err := in.do(ctx, admin.Request{Op: "account.show"}, &a); err != nil {
		return nil, err
	}
	out := &doctor.Account{ID: a.ID, Features: map[vocab.Feature]bool{}}
	for _, f := range vocab.Features() {
		out.Features[f] = a.Features.Enabled(f)
	}
	return out, nil
}

// Concurrency returns the emulator's concurrency pools now. The governor
// keys integrations by their internal id; other keys are left out.
func (in *Inspector) Concurrency(ctx context.Context) (*doctor.Concurrency, error) {
	var snap governor.Snapshot
	if err := in.do(ctx, admin.Request{Op: "governance.live"}, &snap); err != nil {
		return nil, err
	}
	pool := func(p governor.PoolStats) doctor.Pool {
		return doctor.Pool{Limit: p.Limit, InFlight: p.InFlight, Peak: p.Peak}
	}
	out := &doctor.Concurrency{Account: pool(snap.Account), Unallocated: pool(snap.Unallocated),
		Allocated: map[int64]doctor.Pool{}, InFlight: map[int64]int{}}
	for k, p := range snap.Integrations {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			out.Allocated[id] = pool(p)
		}
	}
	for k, n := range snap.InFlightByKey {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			out.InFlight[id] = n
		}
	}
	return out, nil
}
