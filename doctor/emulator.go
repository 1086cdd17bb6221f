package doctor

import (
	"context"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// The Inspector is best-effort: every helper here returns nothing when
// there is none or a call fails, and the checks fall back to what they
// would say about a real account.

// inspect runs one Inspector call with a deadline.
func inspect[T any](ctx context.Context, r *run, f func(context.Context) (T, error)) (T, bool) {
	var zero T
	if r.insp == nil {
		return zero, false
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := f(ctx)
	if err != nil {
		return zero, false
	}
	return v, true
}

// auditSince is the server time the doctor started, less a little for the
// Date header's whole seconds.
func (r *run) auditSince() time.Time {
	return r.startLocal.Add(r.skew).Add(-3 * time.Second)
}

// auditRow returns the newest failed login on surface since the doctor
// started.
func (r *run) auditRow(ctx context.Context, surface vocab.Surface) *Login {
	rows, ok := inspect(ctx, r, func(ctx context.Context) ([]Login, error) { return r.insp.FailedLogins(ctx, r.auditSince()) })
	if !ok {
		return nil
	}
	for i := range rows {
		if rows[i].Surface == surface {
			return &rows[i]
		}
	}
	return nil
}

// token returns the access token whose token id is the configured one
// (matched on the 8-character prefix it lists).
func (r *run) token(ctx context.Context) *Token {
	if r.tokenDone {
		return r.insToken
	}
	r.tokenDone = true
	if len(r.cfg.TokenID) < 8 {
		return nil
	}
	toks, ok := inspect(ctx, r, func(ctx context.Context) ([]Token, error) { return r.insp.Tokens(ctx) })
	if !ok {
		return nil
	}
	prefix := r.cfg.TokenID[:8]
	for i := range toks {
		if strings.EqualFold(toks[i].TokenIDPrefix, prefix) {
			r.insToken = &toks[i]
			// A non-revoked token wins over a revoked one with the same prefix.
			if !toks[i].Revoked {
				break
			}
		}
	}
	return r.insToken
}

// integration returns the integration record by name, or by the configured
// consumer key's prefix when name is "".
func (r *run) integration(ctx context.Context, name string) *Integration {
	ints, ok := inspect(ctx, r, func(ctx context.Context) ([]Integration, error) { return r.insp.Integrations(ctx) })
	if !ok {
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
	ints, _ := inspect(ctx, r, func(ctx context.Context) ([]Integration, error) { return r.insp.Integrations(ctx) })
	var out []string
	for _, in := range ints {
		out = append(out, "'"+in.Name+"'")
	}
	return out
}

func (r *run) role(ctx context.Context, name string) *Role {
	roles, _ := inspect(ctx, r, func(ctx context.Context) ([]Role, error) { return r.insp.Roles(ctx) })
	for i := range roles {
		if strings.EqualFold(roles[i].Name, name) {
			return &roles[i]
		}
	}
	return nil
}

func (r *run) employee(ctx context.Context, email string) *Employee {
	emps, _ := inspect(ctx, r, func(ctx context.Context) ([]Employee, error) { return r.insp.Employees(ctx) })
	for i := range emps {
		if strings.EqualFold(emps[i].Email, email) || strings.EqualFold(emps[i].EntityID, email) {
			return &emps[i]
		}
	}
	return nil
}

func (r *run) account(ctx context.Context) *Account {
	a, _ := inspect(ctx, r, func(ctx context.Context) (*Account, error) { return r.insp.Account(ctx) })
	return a
}

// concurrencyNow describes the concurrency pools.
func (r *run) concurrencyNow(ctx context.Context) []string {
	snap, ok := inspect(ctx, r, func(ctx context.Context) (*Concurrency, error) { return r.insp.Concurrency(ctx) })
	if !ok || snap == nil {
		return nil
	}
	out := []string{
		"emulator, in flight now: " + itoa(snap.Account.InFlight) + " of the account limit " + itoa(snap.Account.Limit) +
			" (peak " + itoa(snap.Account.Peak) + "); unallocated pool " + itoa(snap.Unallocated.InFlight) + " of " + itoa(snap.Unallocated.Limit),
	}
	if in := r.integration(ctx, ""); in != nil {
		if p, ok := snap.Allocated[in.ID]; ok {
			out = append(out, "integration '"+in.Name+"' has its own limit: "+itoa(p.InFlight)+" of "+itoa(p.Limit)+" in flight")
		} else {
			out = append(out, "integration '"+in.Name+"' shares the unallocated pool ("+itoa(snap.InFlight[in.ID])+" of its requests in flight)")
		}
	}
	if cmd := r.cmd(Command{Kind: CommandGovernanceLive}); cmd != "" {
		out = append(out, "watch it with: "+cmd)
	}
	return out
}

// roleHistory returns a role's permission changes, oldest first.
func (r *run) roleHistory(ctx context.Context, roleID int64) ([]PermissionChange, bool) {
	return inspect(ctx, r, func(ctx context.Context) ([]PermissionChange, error) { return r.insp.RoleHistory(ctx, roleID) })
}
