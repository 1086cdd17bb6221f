package doctor

import (
	"context"
	"fmt"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// checkRoleChanges is check 7: recent permission changes of the token's
// role, which token logins may not see yet.
func (r *run) checkRoleChanges(ctx context.Context) {
	c := Check{ID: CheckRoleChanges, Name: "Role changes"}
	if r.insp == nil {
		r.roleChangesRemote(&c)
		r.add(c)
		return
	}
	t := r.token(ctx)
	if t == nil {
		c.Status, c.Summary = Skip, "the emulator has no access token with the token id "+r.maskedToken()
		r.add(c)
		return
	}
	hist, ok := r.roleHistory(ctx, t.RoleID)
	if !ok {
		c.Status, c.Summary = Skip, "the emulator did not return the history of role "+quoted(t.RoleName)
		r.add(c)
		return
	}
	now := r.serverNow()
	var created time.Time
	if rl := r.role(ctx, t.RoleName); rl != nil {
		created = rl.Created
	}
	// The permissions a role is created with are recorded at its creation
	// time; only later edits are changes.
	var recent []PermissionChange
	atCreation := 0
	for _, h := range hist {
		switch {
		case !created.IsZero() && h.Time.Equal(created):
			atCreation++
		case now.Sub(h.Time) <= r.opts.RoleChangeWindow:
			recent = append(recent, h)
		}
	}
	if len(recent) == 0 {
		c.Status = OK
		c.Summary = fmt.Sprintf("the token's role %s has not changed in the last %s", quoted(t.RoleName), fmtDuration(r.opts.RoleChangeWindow))
		if !created.IsZero() && now.Sub(created) <= r.opts.RoleChangeWindow {
			c.Summary = fmt.Sprintf("the token's role %s was created %s ago with %s and has not changed since", quoted(t.RoleName),
				fmtDuration(now.Sub(created)), plural(atCreation, "permission"))
		}
		r.add(c)
		return
	}
	newest := recent[len(recent)-1]
	c.Status = Warn
	c.Summary = fmt.Sprintf("role %s changed %s ago: %s", quoted(t.RoleName), fmtDuration(now.Sub(newest.Time)), roleCacheNote)
	const maxLines = 8
	for i := len(recent) - 1; i >= 0 && len(recent)-i <= maxLines; i-- {
		h := recent[i]
		c.Details = append(c.Details, fmt.Sprintf("%s  %s → %s (%s ago)", h.Time.UTC().Format("2006-01-02 15:04:05"), quoted(h.Permission), h.Level, fmtDuration(now.Sub(h.Time))))
	}
	if len(recent) > maxLines {
		more := fmt.Sprintf("… and %d earlier changes", len(recent)-maxLines)
		if cmd := r.cmd(Command{Kind: CommandRoleHistory, Role: t.RoleName}); cmd != "" {
			more += " (" + cmd + ")"
		}
		c.Details = append(c.Details, more)
	}
	refused := false
	for _, d := range []string{r.restDetail, r.soapDetail} {
		refused = refused || d == vocab.DetailLoginDisabled || d == vocab.DetailInsufficientPermission
	}
	refused = refused || len(r.permissionViolations) > 0
	switch {
	case r.cacheSeen:
		c.Details = append(c.Details, "this is why a check above was refused: the role has the permission now, but token logins do not see it yet")
		c.Fix = "Wait and retry: NetSuite offers no way to clear the cache." + r.cacheDelayNote()
	case refused:
		c.Details = append(c.Details, "a check above was refused for a permission the role lacks now: see its fix")
		c.Fix = "Give the role back what it needs (" + guideStep3 + "); token logins can take minutes to hours to see that change too."
	default:
		c.Fix = "Nothing to do if logins and reads work. If one fails after this change: token logins may not see it yet; wait and retry, " +
			"NetSuite offers no way to clear the cache."
	}
	r.add(c)
}

// roleChangesRemote is the role check on a real account, which has no API
// for a role's history.
func (r *run) roleChangesRemote(c *Check) {
	if len(r.permissionViolations) > 0 {
		c.Status = Warn
		c.Summary = "a read was refused with \"Permission Violation\": if you changed the token's role recently, that may be why: " + roleCacheNote
		c.Details = r.permissionViolations
		c.Fix = "If the role has the permission now, wait and retry: NetSuite offers no way to clear the cache. Otherwise add it (Setup > Users/Roles > Manage Roles > the role > Permissions)."
		return
	}
	c.Status = Skip
	c.Summary = "not checked: NetSuite has no API for a role's change history; if you changed the token's role recently, " + roleCacheNote
	if r.rest == loginRefused || r.soap == loginRefused {
		c.Details = []string{"a token login was refused above: a recent role change is one of the possible causes"}
	}
}

// fmtDuration prints a duration for people: 3s, 4m10s, 2h5m, 3d4h.
func fmtDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < 48*time.Hour:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	d = d.Round(time.Hour)
	return fmt.Sprintf("%dd%dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
}
