package doctor

import (
	"context"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// oauth2PermissionCause reads the Login Audit Trail's last refusal since
// since: when it is InsufficientPermission and the role it names lacks
// "Log in using OAuth 2.0 Access Tokens" (Help Center section 157771510070),
// it returns the summary and the fix naming that permission (with the
// emulator's command when o.Commands gives one); ok is false otherwise.
func oauth2PermissionCause(ctx context.Context, o OAuth2Options, since time.Time) (summary, fix string, ok bool) {
	if o.Inspector == nil {
		return "", "", false
	}
	rows, err := o.Inspector.FailedLogins(ctx, since)
	if err != nil || len(rows) == 0 || rows[0].Status != vocab.StatusFailure || rows[0].Detail != vocab.DetailInsufficientPermission {
		return "", "", false
	}
	roles, err := o.Inspector.Roles(ctx)
	if err != nil {
		return "", "", false
	}
	for _, r := range roles {
		if r.Name != rows[0].Role || r.Has(vocab.PermLoginUsingOAuth2, vocab.LevelView) {
			continue
		}
		fix = "Give role \"" + r.Name + "\" the '" + vocab.PermLoginUsingOAuth2 + "' permission: Setup > Users/Roles > Manage Roles > " +
			r.Name + " > Permissions > Setup, add it, save (Help Center section 157771510070)."
		if o.Commands != nil {
			if c := o.Commands(Command{Kind: CommandEmulatorRoleSetPermission, Role: r.Name, Permission: vocab.PermLoginUsingOAuth2, Level: vocab.LevelFull}); c != "" {
				fix += " On the emulator: " + c
			}
		}
		return "role \"" + r.Name + "\" lacks the '" + vocab.PermLoginUsingOAuth2 + "' permission (InsufficientPermission)", fix, true
	}
	return "", "", false
}
