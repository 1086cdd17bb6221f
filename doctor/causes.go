package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/vocab"
)

// Where NetSuite keeps the reason of a refused token login.
const (
	auditTrailPath = "Setup > Users/Roles > User Management > View Login Audit Trail"
	auditTrailHow  = "the Login Audit Trail at " + auditTrailPath + " (tick Use Advanced Search, add the result columns " +
		"Detail, Token-based Access Token Name and Token-based Application Name, and read the newest Failure rows)"
)

// Guide steps, with their NetSuite UI paths.
const (
	guideStep1 = "guide step 1: Setup > Integration > Manage Integrations"
	guideStep2 = "guide step 2: Setup > Company > Setup Tasks > Enable Features > SuiteCloud > Manage Authentication > Token Based Authentication"
	guideStep3 = "guide step 3: Setup > Users/Roles > Manage Roles > your token role > Permissions > Setup"
	guideStep4 = "guide step 4: Lists > Employees > the employee > Access > Roles"
	guideStep5 = "guide step 5: Setup > Users/Roles > Access Tokens > New"
)

// Role-cache wording, shared by the login and role-change checks.
const roleCacheNote = "token logins can take minutes to hours to see role changes " +
	"(NetSuite caches role permissions; readers of the guide saw 8+ hours)"

// explanation is what a Login Audit Trail detail means for the user.
type explanation struct {
	summary string
	details []string
	fix     string
}

func quoted(s string) string {
	if s == "" {
		return "?"
	}
	return "'" + s + "'"
}

// cmd returns the command line Options.Commands gives for c, or "".
func (r *run) cmd(c Command) string {
	if r.opts.Commands == nil {
		return ""
	}
	return r.opts.Commands(c)
}

// onEmulator returns " On the emulator: <cmd>; <cmd>." when an Inspector
// looks at the account and Options.Commands has a line for the commands.
func (r *run) onEmulator(cmds ...Command) string {
	if r.insp == nil {
		return ""
	}
	var lines []string
	for _, c := range cmds {
		if l := r.cmd(c); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return " On the emulator: " + strings.Join(lines, "; ") + "."
}

// compareNote says how to compare signatures with another program's.
func (r *run) compareNote() string {
	sign, pass := r.cmd(Command{Kind: CommandSign}), r.cmd(Command{Kind: CommandPassport})
	if sign == "" || pass == "" {
		return ""
	}
	return " To compare with another program's signature: " + sign + " (REST) or " + pass + " (SOAP) with its nonce and timestamp."
}

// printsOne returns " <cmd> prints a correct one." for a printing command.
func (r *run) printsOne(k CommandKind) string {
	if l := r.cmd(Command{Kind: k}); l != "" {
		return " " + l + " prints a correct one."
	}
	return ""
}

// cacheDelayNote says how the emulator's role cache delay is set.
func (r *run) cacheDelayNote() string {
	if l := r.cmd(Command{Kind: CommandRoleCacheDelay}); l != "" && r.insp != nil {
		return " On the emulator: the delay is set with " + l + "."
	}
	return ""
}

func surfacePermission(s vocab.Surface) string {
	if s == vocab.SurfaceSOAP {
		return vocab.PermWebServices
	}
	return vocab.PermRESTWebServices
}

func surfaceFeature(s vocab.Surface) (key vocab.Feature, name string) {
	if s == vocab.SurfaceSOAP {
		return vocab.FeatureSOAP, vocab.FeatureSOAP.Name()
	}
	return vocab.FeatureREST, vocab.FeatureREST.Name()
}

func surfaceName(s vocab.Surface) string {
	if s == vocab.SurfaceSOAP {
		return "SOAP"
	}
	return "REST"
}

// KnownDetails lists every Login Audit Trail detail the doctor explains.
var KnownDetails = []string{
	vocab.DetailInvalidSignature, vocab.DetailInvalidTimestamp, vocab.DetailNonceRejected,
	vocab.DetailConsumerKeyUnknown, vocab.DetailConsumerKeyRefused, vocab.DetailFeatureDisabled,
	vocab.DetailTokenRevoked, vocab.DetailInvalidToken, vocab.DetailLoginDisabled,
	vocab.DetailInsufficientPermission, vocab.DetailMissingPassportFields, vocab.DetailInvalidAccount,
	vocab.DetailMissingRequiredParameter, vocab.DetailEntityOrRoleDisabled, vocab.DetailUnsupportedSignatureMethod,
	vocab.DetailInvalidVersion, vocab.DetailAmbiguousAuthentication, vocab.DetailMissingTokenPassport,
}

// explainAudit turns a failed Login Audit Trail row into the reason and
// its fix, looking up the emulator's account objects for specifics.
func (r *run) explainAudit(ctx context.Context, row Login, surface vocab.Surface) explanation {
	tokenName, app, role, user := row.TokenName, row.Integration, row.Role, row.User
	if t := r.token(ctx); t != nil {
		if tokenName == "" {
			tokenName = t.Name
		}
		if role == "" {
			role = t.RoleName
		}
		if user == "" {
			user = t.EmployeeEmail
		}
		if app == "" {
			app = t.IntegrationName
		}
	}
	newToken := Command{Kind: CommandEmulatorTokenCreate, Integration: app, Employee: user, Role: role}
	perm := surfacePermission(surface)

	switch row.Detail {
	case vocab.DetailTokenRevoked:
		return explanation{
			summary: "the access token " + quoted(tokenName) + " was revoked",
			fix: fmt.Sprintf("Create a new access token (%s; Application Name %s, User %s, Role %s) and put its token id and secret in NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET.",
				guideStep5, quoted(app), quoted(user), quoted(role)) + r.onEmulator(newToken),
		}

	case vocab.DetailInvalidSignature:
		return explanation{
			summary: "the signature does not match: the consumer secret or the token secret is not the one NetSuite holds for this consumer key and token",
			details: []string{
				"likely: a secret copied with a character missing or added; the consumer key and secret taken from two different integration records, or from before a Reset Credentials; the token secret of another token",
			},
			fix: "Copy NETSUITE_CONSUMER_SECRET again from the same integration record as NETSUITE_CONSUMER_KEY (" + guideStep1 +
				"; if it is lost, press Reset Credentials on the record, which changes the key too) and NETSUITE_TOKEN_SECRET from the same access token as NETSUITE_TOKEN_ID " +
				"(shown once: if it is lost, create a new token, " + guideStep5 + ")." + r.compareNote() +
				r.onEmulator(Command{Kind: CommandEmulatorIntegrationReset, Integration: app}, newToken),
		}

	case vocab.DetailInvalidTimestamp:
		e := explanation{summary: "the request's timestamp was more than 5 minutes away from the server's clock", fix: clockFix}
		if r.skewKnown {
			e.details = []string{"the clock check measured this machine's clock " + describeSkew(r.skew)}
		}
		return e

	case vocab.DetailNonceRejected:
		return explanation{
			summary: "the nonce was refused: used before, or not 6 to 64 letters and digits",
			fix: "Send a fresh random nonce (6 to 64 letters and digits) with every request and never resend an Authorization header or tokenPassport, " +
				"retries included (this library's signer does both).",
		}

	case vocab.DetailConsumerKeyUnknown:
		e := explanation{
			summary: "no integration record in this account has the consumer key " + auth.Mask(r.cfg.ConsumerKey),
			details: []string{"likely: the key was mistyped or cut short; the integration's credentials were reset (Reset Credentials gives a new key and secret); the integration was deleted; or the key is another account's (production and sandboxes have their own)"},
			fix: "Copy the consumer key and secret of the integration record into NETSUITE_CONSUMER_KEY and NETSUITE_CONSUMER_SECRET, from the account you call (" +
				guideStep1 + "; if they are lost, edit the record and press Reset Credentials)." +
				r.onEmulator(Command{Kind: CommandEmulatorIntegrationList}, Command{Kind: CommandEmulatorIntegrationReset}),
		}
		if names := r.integrationNames(ctx); len(names) > 0 {
			e.details = append(e.details, "the emulator's integration records are "+strings.Join(names, ", ")+"; none has a consumer key starting like the configured one")
		}
		return e

	case vocab.DetailConsumerKeyRefused:
		e := explanation{
			summary: "the integration record " + quoted(app) + " refuses token logins: it is Blocked or its Token-Based Authentication box is unticked",
			fix: "Edit the integration record (" + guideStep1 + " > " + quoted(app) + "): set State to Enabled and tick Token-Based Authentication under Authentication, then Save." +
				r.onEmulator(Command{Kind: CommandEmulatorIntegrationEnable, Integration: app}),
		}
		if in := r.integration(ctx, app); in != nil {
			switch {
			case in.State == vocab.StateBlocked:
				e.summary = "the integration record " + quoted(app) + " is Blocked"
			case !in.TBA:
				e.summary = "the integration record " + quoted(app) + " does not have its Token-Based Authentication box ticked"
			}
		}
		return e

	case vocab.DetailFeatureDisabled:
		key, name := surfaceFeature(surface)
		e := explanation{
			summary: "a feature the login needs is disabled: Token-Based Authentication, or " + name,
			fix: "Enable Token-Based Authentication (" + guideStep2 + "; Save) and, on the same SuiteCloud subtab under SuiteTalk (Web Services), " + name + "." +
				r.onEmulator(Command{Kind: CommandEmulatorFeatureEnable, Feature: vocab.FeatureTBA}, Command{Kind: CommandEmulatorFeatureEnable, Feature: key}),
		}
		if a := r.account(ctx); a != nil {
			switch {
			case !a.Features[vocab.FeatureTBA]:
				e.summary = "the account's Token-Based Authentication feature is disabled"
				e.fix = "Enable it (" + guideStep2 + "; Save). Without it the role permissions of guide step 3 are not even listed." +
					r.onEmulator(Command{Kind: CommandEmulatorFeatureEnable, Feature: vocab.FeatureTBA})
			case !a.Features[key]:
				e.summary = "the account's " + name + " feature is disabled"
				e.fix = "Enable it: Setup > Company > Setup Tasks > Enable Features > SuiteCloud > SuiteTalk (Web Services) > " + name + "; Save." +
					r.onEmulator(Command{Kind: CommandEmulatorFeatureEnable, Feature: key})
			}
		}
		return e

	case vocab.DetailInvalidToken:
		e := explanation{
			summary: "the token id " + r.maskedToken() + " is unknown to this account, or its token was created for another integration than the consumer key's",
			details: []string{"likely: the token and the consumer key come from different integration records (a token is created for one application); the token is another account's — tokens are not copied to sandboxes or release previews, so every sandbox refresh needs new tokens; or the token id was mistyped"},
			fix: "Create an access token for the same application as the consumer key, in the account you call (" + guideStep5 +
				"; Application Name = your integration), and update NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET." + r.onEmulator(newToken),
		}
		if r.insp != nil {
			t := r.token(ctx)
			in := r.integration(ctx, "")
			switch {
			case t == nil:
				e.summary = "no access token in the emulator has the token id " + r.maskedToken()
			case in != nil && t.IntegrationID != in.ID:
				e.summary = fmt.Sprintf("the token %s was created for the integration %s, but the consumer key is the integration %s's: key, secret and token must come from the same integration",
					quoted(t.Name), quoted(t.IntegrationName), quoted(in.Name))
			}
		}
		return e

	case vocab.DetailLoginDisabled:
		e := explanation{
			summary: "the token's user or role may not log in with tokens",
			details: []string{
				"likely, in order: the role " + quoted(role) + " lacks 'Log in using Access Tokens' (older accounts: 'User Access Token') (" + guideStep3 +
					"); the employee lost the role or access (" + guideStep4 + "); or the role was changed recently and " + roleCacheNote,
			},
			fix: "Give the role the token permission (" + guideStep3 + ": User Access Token or Log in using Access Tokens at Full) and the employee the role (" +
				guideStep4 + "; tick Give Access)." +
				r.onEmulator(Command{Kind: CommandEmulatorRoleSetPermission, Role: role, Permission: vocab.PermUserAccessToken, Level: vocab.LevelFull},
					Command{Kind: CommandEmulatorEmployeeAddRole, Employee: user, Role: role}),
		}
		r.refineLoginDisabled(ctx, &e, role, user)
		return e

	case vocab.DetailInsufficientPermission:
		e := explanation{
			summary: "the role " + quoted(role) + " lacks the '" + perm + "' permission that " + surfaceName(surface) + " token logins need",
			fix: "Add '" + perm + "' at Full to the role (" + guideStep3 + "). If you added it recently: " + roleCacheNote + "." +
				r.onEmulator(Command{Kind: CommandEmulatorRoleSetPermission, Role: role, Permission: perm, Level: vocab.LevelFull}),
		}
		if rl := r.role(ctx, role); rl != nil && rl.Has(perm, vocab.LevelView) {
			r.cacheSeen = true
			e.summary = "the role " + quoted(role) + " has '" + perm + "' now, but token logins still see its permissions from before a recent change: " + roleCacheNote
			e.fix = "Wait and retry: NetSuite offers no way to clear the cache (see the role changes check)." + r.cacheDelayNote()
		}
		return e

	case vocab.DetailMissingPassportFields:
		return explanation{
			summary: "the tokenPassport lacks a required element (account, consumerKey, token, nonce, timestamp, or signature with its algorithm)",
			fix:     "Send all six tokenPassport elements." + r.printsOne(CommandPassport),
		}

	case vocab.DetailInvalidAccount:
		e := explanation{
			summary: "the account in the request (OAuth realm or tokenPassport account) " + quoted(r.acct.ID()) + " is not this account's id",
			fix:     configFixes["account"] + " Keys and tokens belong to one account: a sandbox (_SB1) has its own.",
		}
		if a := r.account(ctx); a != nil && !strings.EqualFold(a.ID, r.acct.ID()) {
			e.summary = "the account id is " + r.acct.ID() + ", but the emulator's account is " + a.ID
			e.fix = "Set NETSUITE_ACCOUNT=" + a.ID + "."
		}
		return e

	case vocab.DetailEntityOrRoleDisabled:
		return explanation{
			summary: "the user or the role may not log in: the employee's access or the role is disabled",
			fix: "Check the employee's Access subtab (Give Access ticked, the role listed: " + guideStep4 +
				") and that the role is not inactive (Setup > Users/Roles > Manage Roles).",
		}

	case vocab.DetailMissingRequiredParameter:
		return explanation{summary: "the Authorization header was missing or malformed",
			fix: "Send an OAuth 1.0a Authorization header with realm and the oauth_* parameters." + r.printsOne(CommandSign)}
	case vocab.DetailUnsupportedSignatureMethod:
		return explanation{summary: "the signature method was not HMAC-SHA256: NetSuite refuses HMAC-SHA1 since 2023.1",
			fix: "Sign with HMAC-SHA256."}
	case vocab.DetailInvalidVersion:
		return explanation{summary: "oauth_version was not 1.0", fix: "Send oauth_version=\"1.0\" or leave it out."}
	case vocab.DetailAmbiguousAuthentication:
		return explanation{summary: "the SOAP request carried a tokenPassport together with applicationInfo or a passport (\"Ambiguous authentication\")",
			fix: "Send only the tokenPassport header."}
	case vocab.DetailMissingTokenPassport:
		return explanation{summary: "the SOAP request had no tokenPassport header",
			fix: "Send a tokenPassport header." + r.printsOne(CommandPassport)}
	}
	return explanation{
		summary: "the Login Audit Trail says " + quoted(row.Detail),
		fix:     "Look the detail up in NetSuite's help (Login Audit Trail details for token-based authentication).",
	}
}

// refineLoginDisabled names the exact LoginDisabled reason from the
// emulator's employee and role.
func (r *run) refineLoginDisabled(ctx context.Context, e *explanation, role, user string) {
	if r.insp == nil {
		return
	}
	rl := r.role(ctx, role)
	if emp := r.employee(ctx, user); emp != nil {
		switch {
		case !emp.GiveAccess:
			e.summary = "the employee " + emp.EntityID + " does not have access (Give Access is unticked)"
			e.fix = "Tick Give Access on the employee (" + guideStep4 + ")."
			return
		case rl != nil && !emp.HasRole(rl.ID):
			e.summary = "the employee " + emp.EntityID + " no longer has the role " + quoted(role)
			e.fix = "Add the role back to the employee (" + guideStep4 + ")." +
				r.onEmulator(Command{Kind: CommandEmulatorEmployeeAddRole, Employee: user, Role: role})
			return
		}
	}
	if rl == nil {
		return
	}
	if rl.Has(vocab.PermLoginUsingAccessTokens, vocab.LevelView) || rl.Has(vocab.PermUserAccessToken, vocab.LevelView) {
		r.cacheSeen = true
		e.summary = "the role " + quoted(role) + " has the token permission now, but token logins still see its permissions from before a recent change: " + roleCacheNote
		e.fix = "Wait and retry: NetSuite offers no way to clear the cache (see the role changes check)." + r.cacheDelayNote()
		return
	}
	e.summary = "the role " + quoted(role) + " lacks 'Log in using Access Tokens' (older accounts: 'User Access Token')"
	e.fix = "Add User Access Token (or Log in using Access Tokens) at Full to the role (" + guideStep3 + "). Until then NetSuite also refuses new tokens for it: \"Login access has been disabled for this role.\"" +
		r.onEmulator(Command{Kind: CommandEmulatorRoleSetPermission, Role: role, Permission: vocab.PermUserAccessToken, Level: vocab.LevelFull})
}

const genericCausesHead = "likely causes, most frequent first:"

// genericCauses lists the likely causes of "Invalid login attempt." in
// order, when the Login Audit Trail cannot be read.
func (r *run) genericCauses(surface vocab.Surface) []string {
	perm := surfacePermission(surface)
	clock := "clock skew beyond 5 minutes (InvalidTimestamp)"
	switch {
	case r.rep.ClockOffsetApplied:
		clock += ": the clock check found this machine " + describeSkew(r.skew) + " and these requests were corrected, so not here — but it is for your programs"
	case r.skewKnown:
		clock += ": the clock check found this machine " + describeSkew(r.skew) + ", so unlikely"
	}
	acct := "the account id (realm) is wrong: it is " + r.acct.ID() + ", whose host is " + r.acct.SuiteTalkDomain() +
		"; sandbox ids end in _SB1 (their hosts in -sb1), and tokens are not copied to sandboxes: each sandbox refresh needs new tokens"
	causes := []string{
		"the access token was revoked, or belongs to another integration: the consumer key and secret and the token must all come from the same integration record (" + guideStep5 + ")",
		acct,
		clock,
		"the integration record is Blocked or its Token-Based Authentication box is unticked (" + guideStep1 + ")",
		"the Token-Based Authentication feature is disabled (" + guideStep2 + ")",
		"the role lacks 'Log in using Access Tokens' / 'User Access Token', or '" + perm + "' (" + guideStep3 + "), or the employee lost the role (" + guideStep4 + ")",
		"a recent role change is not yet visible to token logins: " + roleCacheNote,
	}
	out := []string{genericCausesHead}
	for i, c := range causes {
		out = append(out, fmt.Sprintf("  %d. %s", i+1, c))
	}
	out = append(out, "the real reason is in "+auditTrailHow)
	if cmd := r.cmd(Command{Kind: CommandAudit}); cmd != "" {
		out = append(out, "on the emulator the same trail is: "+cmd)
	}
	return out
}
