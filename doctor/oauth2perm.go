package doctor

import (
	"context"

	"github.com/go-netsuite/netsuite/vocab"
)

// oauth2PermissionCause explains an InsufficientPermission refusal of
// role: when the role lacks "Log in using OAuth 2.0 Access Tokens" (Help
// Center section 157771510070), it returns the summary and the fix naming
// that permission (with the emulator's command when o.Commands gives one);
// ok is false otherwise. o.Inspector is set.
func oauth2PermissionCause(ctx context.Context, o OAuth2Options, role string) (summary, fix string, ok bool) {
	roles, err := o.Inspector.Roles(ctx)
	if err != nil {
		return "", "", false
	}
	for _, r := range roles {
		if r.Name != role || r.Has(vocab.PermLoginUsingOAuth2, vocab.LevelView) {
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
