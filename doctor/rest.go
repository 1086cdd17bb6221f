package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/vocab"
)

const concurrencyFix = "Run fewer requests in parallel: one account limit counts the SOAP, REST and RESTlet requests of every " +
	"integration together, so look for other integrations or stuck jobs using it too. Raise the limit with SuiteCloud Plus " +
	"licences (+10 concurrent requests each), or give this integration its own share at Setup > Integration > Integration " +
	"Management > Integration Governance so that others cannot use it up."

// skipped returns a Skip check when the surface is not checked.
func (r *run) skipped(c *Check, skip bool, flag string) bool {
	switch {
	case skip:
		c.Status, c.Summary = Skip, "skipped ("+flag+")"
	case r.client == nil:
		c.Status, c.Summary = Fail, "cannot build a signing client: "+r.clientErr.Error()
	default:
		return false
	}
	r.add(*c)
	return true
}

// checkREST is check 4: a signed GET of governanceLimits.
func (r *run) checkREST(ctx context.Context) {
	c := Check{ID: CheckREST, Name: "REST token login"}
	if r.skipped(&c, r.opts.SkipREST, "--skip-rest") {
		return
	}
	target := r.client.URL(netsuite.SuiteTalk, netsuite.GovernanceLimitsPath)
	resp, err := r.send(ctx, &netsuite.Request{Method: http.MethodGet, URL: target, Header: http.Header{"Accept": {"application/json"}}})
	if err != nil {
		c.Status, c.Summary = Fail, fmt.Sprintf("cannot reach %s: %v", hostOf(target), unwrapURLError(err))
		c.Fix = "Check the network, proxy and firewall; the reachability check above says whether the server answers at all."
		r.add(c)
		r.rest = loginOther
		return
	}
	body := resp.body
	c.Details = []string{fmt.Sprintf("GET %s → HTTP %d", target, resp.status)}
	if r.rep.ClockOffsetApplied {
		c.Details = append(c.Details, "signed with timestamps corrected by "+signed(r.offset.Round(1e9))+" (see the clock check)")
	}
	detail, code := restErrorDetail(body)
	switch {
	case notJSON(resp) != "":
		// A 2xx that is not JSON did not come from NetSuite's REST web
		// services, whatever its status says: an HTML page from a proxy,
		// a captive portal or a wrong base URL. Nothing shows that the
		// token login works.
		r.rest = loginOther
		c.Status = Fail
		c.Summary = "the answer is not NetSuite's: " + notJSON(resp)
		c.Fix = notNetSuiteFix
	case resp.status == http.StatusOK:
		r.rest = loginOK
		c.Status, c.Summary = OK, "token login works (REST web services)"
		var g netsuite.GovernanceLimits
		if json.Unmarshal(body, &g) == nil {
			c.Details = append(c.Details, describeLimits(g)...)
		}
	case resp.status == http.StatusForbidden:
		r.rest = loginOK
		c.Status = OK
		c.Summary = "token login works; governanceLimits is for administrators only, so its 403 means the token's role is not one"
		if detail != "" {
			c.Details = append(c.Details, "answer: "+detail)
		}
	case resp.status == http.StatusTooManyRequests || code == "CONCURRENCY_LIMIT_EXCEEDED":
		r.rest = loginBusy
		if code != "" {
			detail = code + ": " + detail
		}
		r.concurrency(ctx, &c, detail)
	case resp.status == http.StatusUnauthorized:
		r.rest = loginRefused
		c.Status = Fail
		www := resp.header.Get("WWW-Authenticate")
		if www != "" {
			c.Details = append(c.Details, "WWW-Authenticate: "+www)
		}
		if realm := headerParam(www, "realm"); realm != "" && r.acct.ID() != "" && !strings.EqualFold(realm, r.acct.ID()) {
			c.Details = append(c.Details, "the server answered for realm "+realm+", but the configured account id is "+r.acct.ID())
		}
		r.restDetail = r.explainRefusal(ctx, &c, vocab.SurfaceREST)
		if resp.elapsed > 30*time.Second {
			c.Details = append(c.Details, fmt.Sprintf("the refusal took %s: NetSuite has been seen answering over-concurrency with this same 401 after about a minute, so check how many requests run at once too",
				resp.elapsed.Round(time.Second)))
		}
	case resp.status >= 500:
		r.rest = loginOther
		c.Status = Fail
		c.Summary = fmt.Sprintf("the server failed with HTTP %d", resp.status)
		if detail != "" {
			c.Summary += ": " + detail
		}
		c.Fix = "Retry later; if it persists, NetSuite's status page (status.netsuite.com) or support."
	case resp.status == http.StatusNotFound && r.base != "" && detail == "":
		r.rest = loginOther
		c.Status = Fail
		c.Summary = "the base URL " + r.base + " does not serve NetSuite's REST web services (HTTP 404)"
		c.Fix = configFixes["base_url"]
	default:
		// Any other answer comes after the login was accepted.
		r.rest = loginOK
		c.Status = Warn
		c.Summary = fmt.Sprintf("token login accepted, but governanceLimits answered HTTP %d", resp.status)
		if detail != "" {
			c.Summary += ": " + detail
		}
	}
	r.add(c)
}

func describeLimits(g netsuite.GovernanceLimits) []string {
	var out []string
	if g.AccountConcurrencyLimit != nil {
		out = append(out, fmt.Sprintf("accountConcurrencyLimit: %d concurrent requests, shared by SOAP, REST and RESTlets", *g.AccountConcurrencyLimit))
	}
	if g.AccountUnallocatedConcurrencyLimit != nil {
		out = append(out, fmt.Sprintf("accountUnallocatedConcurrencyLimit: %d (the pool shared by integrations without their own limit)", *g.AccountUnallocatedConcurrencyLimit))
	}
	if g.IntegrationLimitType != "" {
		s := "integrationLimitType: " + g.IntegrationLimitType
		if g.IntegrationConcurrencyLimit != nil {
			s += fmt.Sprintf(" (integrationConcurrencyLimit: %d)", *g.IntegrationConcurrencyLimit)
		}
		out = append(out, s)
	}
	return out
}

// concurrency fills a check for a request refused by the concurrency limit.
func (r *run) concurrency(ctx context.Context, c *Check, detail string) {
	c.Status = Fail
	c.Summary = "concurrency limit reached: the account (or this integration) already has as many requests in flight as it may"
	if detail != "" {
		c.Details = append(c.Details, "answer: "+detail)
	}
	c.Details = append(c.Details, "the credentials were not judged: the request was turned away first")
	c.Details = append(c.Details, r.concurrencyNow(ctx)...)
	c.Fix = concurrencyFix + r.onEmulator(Command{Kind: CommandEmulatorLicences}, Command{Kind: CommandEmulatorIntegrationConcurrency})
}

// explainRefusal fills a check for a refused token login: the exact reason
// from the emulator's Login Audit Trail, or the likely causes in order.
// It returns the audit detail, or "" when unknown.
func (r *run) explainRefusal(ctx context.Context, c *Check, surface vocab.Surface) string {
	if row := r.auditRow(ctx, surface); row != nil {
		e := r.explainAudit(ctx, *row, surface)
		c.Summary = "Invalid login attempt.: " + e.summary + " (Login Audit Trail detail: " + row.Detail + ")"
		c.Details = append(c.Details, fmt.Sprintf("emulator Login Audit Trail: %s %s %s, token %s, application %s, role %s, user %s",
			row.Time.UTC().Format("2006-01-02 15:04:05"), row.Status, row.Detail, quoted(row.TokenName), quoted(row.Integration), quoted(row.Role), quoted(row.User)))
		c.Details = append(c.Details, e.details...)
		trail := "the emulator's Login Audit Trail"
		if cmd := r.cmd(Command{Kind: CommandAudit}); cmd != "" {
			trail += ": " + cmd
		}
		c.Details = append(c.Details, trail+" (NetSuite's: "+auditTrailPath+")")
		c.Fix = e.fix
		return row.Detail
	}
	c.Summary = "Invalid login attempt.: NetSuite does not say why; the reason is in the account's Login Audit Trail"
	c.Details = append(c.Details, r.genericCauses(surface)...)
	c.Fix = "Read the Detail of the newest failed login in " + auditTrailHow + ", then follow the guide step for it: " +
		"TokenRevoked/InvalidToken: step 5 (new token); InvalidSignature: copy the secrets again; consumer_key_refused: step 1; " +
		"FeatureDisabled: step 2; LoginDisabled/InsufficientPermission: steps 3–4; InvalidTimestamp: the clock."
	return ""
}

var headerParamRE = regexp.MustCompile(`([A-Za-z_]+)="([^"]*)"`)

// headerParam returns a name="value" parameter of a WWW-Authenticate header.
func headerParam(h, name string) string {
	for _, m := range headerParamRE.FindAllStringSubmatch(h, -1) {
		if strings.EqualFold(m[1], name) {
			return m[2]
		}
	}
	return ""
}

var permissionRE = regexp.MustCompile(`You need (?:a higher level of )?the '([^']+)' permission`)

// checkRecords is check 6: a signed read of each record type asked for.
func (r *run) checkRecords(ctx context.Context) {
	c := Check{ID: CheckRecords, Name: "Record access", Status: OK}
	if r.client == nil || r.rest == loginRefused || r.rest == loginBusy || r.opts.SkipREST {
		c.Status, c.Summary = Skip, "not run: the REST token login did not work"
		if r.opts.SkipREST {
			c.Summary = "skipped (--skip-rest)"
		}
		r.add(c)
		return
	}
	var ok, bad, fixes []string
	for _, rec := range r.opts.Records {
		typ, id, _ := strings.Cut(strings.Trim(rec, "/"), "/")
		path := "/services/rest/record/v1/" + url.PathEscape(typ)
		if id != "" {
			path += "/" + url.PathEscape(id)
		} else {
			path += "?limit=1"
		}
		target := r.client.URL(netsuite.SuiteTalk, path)
		resp, err := r.send(ctx, &netsuite.Request{Method: http.MethodGet, URL: target, Header: http.Header{"Accept": {"application/json"}}})
		if err != nil {
			c.Status = worse(c.Status, Fail)
			bad = append(bad, rec+": "+unwrapURLError(err).Error())
			continue
		}
		detail, _ := restErrorDetail(resp.body)
		line := fmt.Sprintf("GET %s → HTTP %d", target, resp.status)
		if detail != "" {
			line += ": " + detail
		}
		switch {
		case notJSON(resp) != "":
			c.Status = worse(c.Status, Fail)
			bad = append(bad, typ)
			c.Details = append(c.Details, line+": the answer is not NetSuite's: "+notJSON(resp))
			if !slices.Contains(fixes, notNetSuiteFix) {
				fixes = append(fixes, notNetSuiteFix)
			}
		case resp.status == http.StatusOK:
			ok = append(ok, typ)
			c.Details = append(c.Details, line)
		case resp.status == http.StatusNotFound && id != "":
			ok = append(ok, typ)
			c.Details = append(c.Details, line+" (no permission error: the role may read "+typ+" records)")
		case strings.Contains(detail, "Permission Violation") || resp.status == http.StatusForbidden:
			c.Status = worse(c.Status, Fail)
			bad = append(bad, typ)
			c.Details = append(c.Details, line)
			r.permissionViolations = append(r.permissionViolations, detail)
			perm, name := "the permission it names", ""
			if m := permissionRE.FindStringSubmatch(detail); m != nil {
				name = m[1]
				perm = "'" + name + "'"
			}
			fix := "Add " + perm + " (View or higher) to the token's role (Setup > Users/Roles > Manage Roles > the role > Permissions). " +
				"If you added it already: " + roleCacheNote + "; NetSuite offers no way to clear it, so wait and retry."
			if d, efix := r.emulatorPermission(ctx, name); d != "" {
				c.Details = append(c.Details, d)
				fix = efix
			}
			if !slices.Contains(fixes, fix) {
				fixes = append(fixes, fix)
			}
		default:
			c.Status = worse(c.Status, Warn)
			bad = append(bad, typ)
			c.Details = append(c.Details, line)
		}
	}
	switch {
	case len(bad) == 0:
		c.Summary = "the token's role may read " + strings.Join(ok, ", ") + " records"
	case c.Status == Fail && len(r.permissionViolations) > 0:
		c.Summary = "Permission Violation reading " + strings.Join(bad, ", ") + ": the token's role lacks a permission — or has it, and token logins do not see it yet"
	default:
		c.Summary = "could not read " + strings.Join(bad, ", ")
	}
	c.Fix = strings.Join(fixes, " ")
	r.add(c)
}

// emulatorPermission says whether the token's role holds a permission now,
// with an Inspector: if it does, token logins do not see it yet.
func (r *run) emulatorPermission(ctx context.Context, perm string) (detail, fix string) {
	if r.insp == nil || perm == "" {
		return "", ""
	}
	t := r.token(ctx)
	if t == nil {
		return "", ""
	}
	rl := r.role(ctx, t.RoleName)
	if rl == nil {
		return "", ""
	}
	if rl.Has(perm, vocab.LevelView) {
		r.cacheSeen = true
		return "the role " + quoted(rl.Name) + " has '" + perm + "' now, but token logins still see its permissions from before a recent change: " + roleCacheNote,
			"Wait and retry: NetSuite offers no way to clear the cache (see the role changes check)." + r.cacheDelayNote()
	}
	return "the role " + quoted(rl.Name) + " lacks '" + perm + "'",
		"Add '" + perm + "' (View or higher) to the role " + quoted(rl.Name) + " (Setup > Users/Roles > Manage Roles > the role > Permissions); token logins may take minutes to hours to see it." +
			r.onEmulator(Command{Kind: CommandEmulatorRoleSetPermission, Role: rl.Name, Permission: perm, Level: vocab.LevelFull})
}

// notNetSuiteFix is the hint for an answer that did not come from NetSuite.
const notNetSuiteFix = "The server that answered is not NetSuite's REST web services: check the base URL " +
	"(NETSUITE_BASE_URL, base_url in the profile or --base-url), any proxy between this machine and NetSuite " +
	"(HTTPS_PROXY), and whether the network sends requests to a captive portal or login page."

// notJSON describes a successful (2xx) answer that is not JSON, which
// NetSuite's REST web services never send ("" when the answer is JSON or
// not a 2xx). NetSuite answers application/json or
// application/vnd.oracle.resource+json; type=singular|collection|error
// (Help Center section_1545141500, section_1540810951); an answer is
// taken as JSON when its media type is JSON and its body parses; a 204 has
// no body.
func notJSON(a *answer) string {
	if a.status < 200 || a.status > 299 {
		return ""
	}
	ct := a.header.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	body := bytes.TrimSpace(a.body)
	switch {
	case a.status == http.StatusNoContent:
		return ""
	case ct == "":
		return fmt.Sprintf("HTTP %d without a Content-Type (%s)", a.status, netsuite.SniffBody(body))
	case media != "application/json" && !strings.HasSuffix(media, "+json"):
		return fmt.Sprintf("HTTP %d with Content-Type %s (%s)", a.status, ct, netsuite.SniffBody(body))
	case !json.Valid(body):
		return fmt.Sprintf("HTTP %d with Content-Type %s but a body that is not JSON (%s)", a.status, ct, netsuite.SniffBody(body))
	}
	return ""
}
