package doctor

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/store"
)

// The emulator's admin API is best-effort: every helper here returns
// nothing when the base URL is not the emulator or the call fails, and the
// checks fall back to what they would say about a real account.

// adminDo runs one admin operation and decodes its result into out.
func (r *run) adminDo(ctx context.Context, req admin.Request, out any) bool {
	if r.emu == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	raw, err := r.emu.Do(ctx, req)
	if err != nil {
		return false
	}
	return json.Unmarshal(raw, out) == nil
}

// auditSince is the server time the doctor started, less a little for the
// Date header's whole seconds.
func (r *run) auditSince() time.Time {
	return r.startLocal.Add(r.skew).Add(-3 * time.Second)
}

// auditRow returns the newest failed login on surface since the doctor
// started.
func (r *run) auditRow(ctx context.Context, surface store.Surface) *store.LoginEntry {
	var rows []store.LoginEntry
	if !r.adminDo(ctx, admin.Request{Op: "audit", Status: store.StatusFailure, Since: r.auditSince(), Count: 50}, &rows) {
		return nil
	}
	for i := range rows {
		if rows[i].Surface == surface {
			return &rows[i]
		}
	}
	return nil
}

// token returns the emulator's access token whose token id is the
// configured one (matched on the 8-character prefix it lists).
func (r *run) token(ctx context.Context) *store.AccessToken {
	if r.tokenDone {
		return r.emuToken
	}
	r.tokenDone = true
	if len(r.cfg.TokenID) < 8 {
		return nil
	}
	var toks []store.AccessToken
	if !r.adminDo(ctx, admin.Request{Op: "token.list"}, &toks) {
		return nil
	}
	prefix := r.cfg.TokenID[:8]
	for i := range toks {
		if strings.EqualFold(toks[i].TokenIDPrefix, prefix) {
			r.emuToken = &toks[i]
			// A non-revoked token wins over a revoked one with the same prefix.
			if !toks[i].IsRevoked() {
				break
			}
		}
	}
	return r.emuToken
}

// integration returns the emulator's integration record by name, or by
// the configured consumer key's prefix when name is "".
func (r *run) integration(ctx context.Context, name string) *store.Integration {
	var ints []store.Integration
	if !r.adminDo(ctx, admin.Request{Op: "integration.list"}, &ints) {
		return nil
	}
	for i := range ints {
		if name != "" && strings.EqualFold(ints[i].Name, name) {
			return &ints[i]
		}
		if name == "" && len(r.cfg.ConsumerKey) >= 8 && strings.EqualFold(ints[i].ConsumerKeyPrefix, r.cfg.ConsumerKey[:8]) {
			return &ints[i]
		}
	}
	return nil
}

func (r *run) integrationNames(ctx context.Context) []string {
	var ints []store.Integration
	if !r.adminDo(ctx, admin.Request{Op: "integration.list"}, &ints) {
		return nil
	}
	var out []string
	for _, in := range ints {
		out = append(out, "'"+in.Name+"'")
	}
	return out
}

func (r *run) role(ctx context.Context, name string) *store.Role {
	var roles []store.Role
	if !r.adminDo(ctx, admin.Request{Op: "role.list"}, &roles) {
		return nil
	}
	for i := range roles {
		if strings.EqualFold(roles[i].Name, name) {
			return &roles[i]
		}
	}
	return nil
}

func (r *run) employee(ctx context.Context, email string) *store.Employee {
	var emps []store.Employee
	if !r.adminDo(ctx, admin.Request{Op: "employee.list"}, &emps) {
		return nil
	}
	for i := range emps {
		if strings.EqualFold(emps[i].Email, email) || strings.EqualFold(emps[i].EntityID, email) {
			return &emps[i]
		}
	}
	return nil
}

func (r *run) account(ctx context.Context) *store.Account {
	var a store.Account
	if !r.adminDo(ctx, admin.Request{Op: "account.show"}, &a) {
		return nil
	}
	return &a
}

// governanceLive describes the emulator's concurrency pools.
func (r *run) governanceLive(ctx context.Context) []string {
	var snap governor.Snapshot
	if !r.adminDo(ctx, admin.Request{Op: "governance.live"}, &snap) {
		return nil
	}
	out := []string{
		"emulator, in flight now: " + itoa(snap.Account.InFlight) + " of the account limit " + itoa(snap.Account.Limit) +
			" (peak " + itoa(snap.Account.Peak) + "); unallocated pool " + itoa(snap.Unallocated.InFlight) + " of " + itoa(snap.Unallocated.Limit),
	}
	if in := r.integration(ctx, ""); in != nil {
		key := itoa(int(in.ID))
		if p, ok := snap.Integrations[key]; ok {
			out = append(out, "integration '"+in.Name+"' has its own limit: "+itoa(p.InFlight)+" of "+itoa(p.Limit)+" in flight")
		} else {
			out = append(out, "integration '"+in.Name+"' shares the unallocated pool ("+itoa(snap.InFlightByKey[key])+" of its requests in flight)")
		}
	}
	return append(out, "watch it with: netsuite sim admin governance --live")
}

// roleHistory returns a role's permission changes, oldest first.
func (r *run) roleHistory(ctx context.Context, role string) ([]store.PermissionChange, bool) {
	var h []store.PermissionChange
	ok := r.adminDo(ctx, admin.Request{Op: "role.history", Role: role}, &h)
	return h, ok
}
