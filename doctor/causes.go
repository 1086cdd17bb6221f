package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim/store"
)

// Where NetSuite keeps the reason of a refused token login.
const (
	auditTrailPath = "Setup > Users/Roles > User Management > View Login Audit Trail"
	auditTrailHow  = "the Login Audit Trail at " + auditTrailPath + " (tick Use Advanced Search, add the result columns " +
		"Detail, Token-based Access Token Name and Token-based Application Name, and read the newest Failure rows)"
	emulatorAudit = "netsuite sim admin audit"
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

// cmdArg quotes an argument for the emulator commands shown to the user.
func cmdArg(s string) string {
	if s == "" {
		return "NAME"
	}
	if strings.ContainsAny(s, " '\"") {
		return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
	}
	return s
}

// onEmulator returns " On the emulator: <cmd>." when running against it.
func (r *run) onEmulator(cmds ...string) string {
	if r.emu == nil || len(cmds) == 0 {
		return ""
	}
	return " On the emulator: " + strings.Join(cmds, "; ") + "."
}

func surfacePermission(s store.Surface) string {
	if s == store.SurfaceSOAP {
		return store.PermWebServices
	}
	return store.PermRESTWebServices
}

func surfaceFeature(s store.Surface) (key, name string) {
	if s == store.SurfaceSOAP {
		return string(store.FeatureSOAP), "SOAP Web Services"
	}
	return string(store.FeatureREST), "REST Web Services"
}

func surfaceName(s store.Surface) string {
	if s == store.SurfaceSOAP {
		return "SOAP"
	}
	return "REST"
}

// Audit details the emulator records beyond NetSuite's documented ones
// (sim/authn.go).
const (
	detailMissingHeader   = "MissingRequiredParameter"
	detailBadSigMethod    = "UnsupportedSignatureMethod"
	detailBadVersion      = "InvalidVersion"
	detailAmbiguousAuth   = "AmbiguousAuthentication"
	detailNoTokenPassport = "MissingTokenPassport"
)

// KnownDetails lists every Login Audit Trail detail the doctor explains.
var KnownDetails = []string{
	store.DetailInvalidSignature, store.DetailInvalidTimestamp, store.DetailNonceRejected,
	store.DetailConsumerKeyUnknown, store.DetailConsumerKeyRefused, store.DetailFeatureDisabled,
	store.DetailTokenRevoked, store.DetailInvalidToken, store.DetailLoginDisabled,
	store.DetailInsufficientPermission, store.DetailMissingPassportFields, store.DetailInvalidAccount,
	detailMissingHeader, detailBadSigMethod, detailBadVersion, detailAmbiguousAuth, detailNoTokenPassport,
}

// explainAudit turns a failed Login Audit Trail row into the reason and
// its fix, looking up the emulator's account objects for specifics.
func (r *run) explainAudit(ctx context.Context, row store.LoginEntry, surface store.Surface) explanation {
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
	newToken := fmt.Sprintf("netsuite sim admin token create --integration %s --employee %s --role %s",
		cmdArg(app), cmdArg(user), cmdArg(role))
	perm := surfacePermission(surface)

	switch row.Detail {
	case store.DetailTokenRevoked:
		return explanation{
			summary: "the access token " + quoted(tokenName) + " was revoked",
			fix: fmt.Sprintf("Create a new access token (%s; Application Name %s, User %s, Role %s) and put its token id and secret in NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET.",
				guideStep5, quoted(app), quoted(user), quoted(role)) + r.onEmulator(newToken),
		}

	case store.DetailInvalidSignature:
		return explanation{
			summary: "the signature does not match: the consumer secret or the token secret is not the one NetSuite holds for this consumer key and token",
			details: []string{
				"likely: a secret copied with a character missing or added; the consumer key and secret taken from two different integration records, or from before a Reset Credentials; the token secret of another token",
			},
			fix: "Copy NETSUITE_CONSUMER_SECRET again from the same integration record as NETSUITE_CONSUMER_KEY (" + guideStep1 +
				"; if it is lost, press Reset Credentials on the record, which changes the key too) and NETSUITE_TOKEN_SECRET from the same access token as NETSUITE_TOKEN_ID " +
				"(shown once: if it is lost, create a new token, " + guideStep5 + "). To compare with another program's signature: netsuite auth sign (REST) or netsuite auth passport (SOAP) with its --nonce and --timestamp." +
				r.onEmulator("netsuite sim admin integration reset "+cmdArg(app), newToken),
		}

	case store.DetailInvalidTimestamp:
		e := explanation{summary: "the request's timestamp was more than 5 minutes away from the server's clock", fix: clockFix}
		if r.skewKnown {
			e.details = []string{"the clock check measured this machine's clock " + describeSkew(r.skew)}
		}
		return e

	case store.DetailNonceRejected:
		return explanation{
			summary: "the nonce was refused: used before, or not 6 to 64 letters and digits",
			fix: "Send a fresh random nonce (6 to 64 letters and digits) with every request and never resend an Authorization header or tokenPassport, " +
				"retries included (this library's signer does both).",
		}

	case store.DetailConsumerKeyUnknown:
		e := explanation{
			summary: "no integration record in this account has the consumer key " + auth.Mask(r.cfg.ConsumerKey),
			details: []string{"likely: the key was mistyped or cut short; the integration's credentials were reset (Reset Credentials gives a new key and secret); the integration was deleted; or the key is another account's (production and sandboxes have their own)"},
			fix: "Copy the consumer key and secret of the integration record into NETSUITE_CONSUMER_KEY and NETSUITE_CONSUMER_SECRET, from the account you call (" +
				guideStep1 + "; if they are lost, edit the record and press Reset Credentials)." +
				r.onEmulator("netsuite sim admin integration list", "netsuite sim admin integration reset NAME"),
		}
		if names := r.integrationNames(ctx); len(names) > 0 {
			e.details = append(e.details, "the emulator's integration records are "+strings.Join(names, ", ")+"; none has a consumer key starting like the configured one")
		}
		return e

	case store.DetailConsumerKeyRefused:
		e := explanation{
			summary: "the integration record " + quoted(app) + " refuses token logins: it is Blocked or its Token-Based Authentication box is unticked",
			fix: "Edit the integration record (" + guideStep1 + " > " + quoted(app) + "): set State to Enabled and tick Token-Based Authentication under Authentication, then Save." +
				r.onEmulator("netsuite sim admin integration enable "+cmdArg(app)),
		}
		if in := r.integration(ctx, app); in != nil {
			switch {
			case in.State == store.StateBlocked:
				e.summary = "the integration record " + quoted(app) + " is Blocked"
			case !in.TBA:
				e.summary = "the integration record " + quoted(app) + " does not have its Token-Based Authentication box ticked"
			}
		}
		return e

	case store.DetailFeatureDisabled:
		key, name := surfaceFeature(surface)
		e := explanation{
			summary: "a feature the login needs is disabled: Token-Based Authentication, or " + name,
			fix: "Enable Token-Based Authentication (" + guideStep2 + "; Save) and, on the same SuiteCloud subtab under SuiteTalk (Web Services), " + name + "." +
				r.onEmulator("netsuite sim admin feature enable tba", "netsuite sim admin feature enable "+key),
		}
		if a := r.account(ctx); a != nil {
			switch {
			case !a.Features.TBA:
				e.summary = "the account's Token-Based Authentication feature is disabled"
				e.fix = "Enable it (" + guideStep2 + "; Save). Without it the role permissions of guide step 3 are not even listed." +
					r.onEmulator("netsuite sim admin feature enable tba")
			case !a.Features.Enabled(store.Feature(key)):
				e.summary = "the account's " + name + " feature is disabled"
				e.fix = "Enable it: Setup > Company > Setup Tasks > Enable Features > SuiteCloud > SuiteTalk (Web Services) > " + name + "; Save." +
					r.onEmulator("netsuite sim admin feature enable "+key)
			}
		}
		return e

	case store.DetailInvalidToken:
		e := explanation{
			summary: "the token id " + r.maskedToken() + " is unknown to this account, or its token was created for another integration than the consumer key's",
			details: []string{"likely: the token and the consumer key come from different integration records (a token is created for one application); the token is another account's — tokens are not copied to sandboxes or release previews, so every sandbox refresh needs new tokens; or the token id was mistyped"},
			fix: "Create an access token for the same application as the consumer key, in the account you call (" + guideStep5 +
				"; Application Name = your integration), and update NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET." + r.onEmulator(newToken),
		}
		if r.emu != nil {
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

	case store.DetailLoginDisabled:
		e := explanation{
			summary: "the token's user or role may not log in with tokens",
			details: []string{
				"likely, in order: the role " + quoted(role) + " lacks 'Log in using Access Tokens' (older accounts: 'User Access Token') (" + guideStep3 +
					"); the employee lost the role or access (" + guideStep4 + "); or the role was changed recently and " + roleCacheNote,
			},
			fix: "Give the role the token permission (" + guideStep3 + ": User Access Token or Log in using Access Tokens at Full) and the employee the role (" +
				guideStep4 + "; tick Give Access)." +
				r.onEmulator("netsuite sim admin role set-permission "+cmdArg(role)+" \"User Access Token\" Full",
					"netsuite sim admin employee add-role "+cmdArg(user)+" "+cmdArg(role)),
		}
		r.refineLoginDisabled(ctx, &e, role, user)
		return e

	case store.DetailInsufficientPermission:
		e := explanation{
			summary: "the role " + quoted(role) + " lacks the '" + perm + "' permission that " + surfaceName(surface) + " token logins need",
			fix: "Add '" + perm + "' at Full to the role (" + guideStep3 + "). If you added it recently: " + roleCacheNote + "." +
				r.onEmulator("netsuite sim admin role set-permission "+cmdArg(role)+" "+cmdArg(perm)+" Full"),
		}
		if rl := r.role(ctx, role); rl != nil && rl.Permissions.Has(perm, store.LevelView) {
			r.cacheSeen = true
			e.summary = "the role " + quoted(role) + " has '" + perm + "' now, but token logins still see its permissions from before a recent change: " + roleCacheNote
			e.fix = "Wait and retry: NetSuite offers no way to clear the cache (see the role changes check)." +
				r.onEmulator("the emulator's delay is netsuite sim serve --role-cache-delay")
		}
		return e

	case store.DetailMissingPassportFields:
		return explanation{
			summary: "the tokenPassport lacks a required element (account, consumerKey, token, nonce, timestamp, or signature with its algorithm)",
			fix:     "Send all six tokenPassport elements; netsuite auth passport prints a correct one.",
		}

	case store.DetailInvalidAccount:
		e := explanation{
			summary: "the account in the request (OAuth realm or tokenPassport account) " + quoted(r.acct.ID()) + " is not this account's id",
			fix:     configFixes["account"] + " Keys and tokens belong to one account: a sandbox (_SB1) has its own.",
		}
		if a := r.account(ctx); a != nil && !strings.EqualFold(a.ID, r.acct.ID()) {
			e.summary = "the account id is " + r.acct.ID() + ", but the emulator's account is " + a.ID
			e.fix = "Set NETSUITE_ACCOUNT=" + a.ID + "."
		}
		return e

	case detailMissingHeader:
		return explanation{summary: "the Authorization header was missing or malformed",
			fix: "Send an OAuth 1.0a Authorization header with realm and the oauth_* parameters; netsuite auth sign prints a correct one."}
	case detailBadSigMethod:
		return explanation{summary: "the signature method was not HMAC-SHA256: NetSuite refuses HMAC-SHA1 since 2023.1",
			fix: "Sign with HMAC-SHA256."}
	case detailBadVersion:
		return explanation{summary: "oauth_version was not 1.0", fix: "Send oauth_version=\"1.0\" or leave it out."}
	case detailAmbiguousAuth:
		return explanation{summary: "the SOAP request carried a tokenPassport together with applicationInfo or a passport (\"Ambiguous authentication\")",
			fix: "Send only the tokenPassport header."}
	case detailNoTokenPassport:
		return explanation{summary: "the SOAP request had no tokenPassport header",
			fix: "Send a tokenPassport header; netsuite auth passport prints one."}
	}
	return explanation{
		summary: "the Login Audit Trail says " + quoted(row.Detail),
		fix:     "Look the detail up in NetSuite's help (Login Audit Trail details for token-based authentication).",
	}
}

// refineLoginDisabled names the exact LoginDisabled reason from the
// emulator's employee and role.
func (r *run) refineLoginDisabled(ctx context.Context, e *explanation, role, user string) {
	if r.emu == nil {
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
				r.onEmulator("netsuite sim admin employee add-role "+cmdArg(user)+" "+cmdArg(role))
			return
		}
	}
	if rl == nil {
		return
	}
	if rl.Permissions.Has(store.PermLoginUsingAccessTokens, store.LevelView) || rl.Permissions.Has(store.PermUserAccessToken, store.LevelView) {
		r.cacheSeen = true
		e.summary = "the role " + quoted(role) + " has the token permission now, but token logins still see its permissions from before a recent change: " + roleCacheNote
		e.fix = "Wait and retry: NetSuite offers no way to clear the cache (see the role changes check)." +
			r.onEmulator("the emulator's delay is netsuite sim serve --role-cache-delay")
		return
	}
	e.summary = "the role " + quoted(role) + " lacks 'Log in using Access Tokens' (older accounts: 'User Access Token')"
	e.fix = "Add User Access Token (or Log in using Access Tokens) at Full to the role (" + guideStep3 + "). Until then NetSuite also refuses new tokens for it: \"Login access has been disabled for this role.\"" +
		r.onEmulator("netsuite sim admin role set-permission "+cmdArg(role)+" \"User Access Token\" Full")
}

const genericCausesHead = "likely causes, most frequent first:"

// genericCauses lists the likely causes of "Invalid login attempt." in
// order, when the Login Audit Trail cannot be read.
func (r *run) genericCauses(surface store.Surface) []string {
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
	return append(out,
		"the real reason is in "+auditTrailHow,
		"on the emulator the same trail is: "+emulatorAudit)
}
