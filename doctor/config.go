package doctor

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
)

// Fixes for configuration problems, by configuration key.
var configFixes = map[string]string{
	"account": "Set NETSUITE_ACCOUNT to the Account ID shown at Setup > Company > Company Information " +
		"(sandbox ids end in _SB1, _SB2, …; release previews in _RP).",
	"consumer": "Copy the consumer key and secret of the integration record into NETSUITE_CONSUMER_KEY and " +
		"NETSUITE_CONSUMER_SECRET (guide step 1: Setup > Integration > Manage Integrations > your integration; " +
		"NetSuite shows them once, when the record is saved — if they are lost, edit the record and press Reset Credentials).",
	"token": "Copy the token id and secret of the access token into NETSUITE_TOKEN_ID and NETSUITE_TOKEN_SECRET " +
		"(guide step 5: Setup > Users/Roles > Access Tokens > New; NetSuite shows them once — if they are lost, " +
		"revoke the token and create a new one).",
	"host": hostFix,
	"base_url": "Set NETSUITE_BASE_URL to a scheme and host only (e.g. http://127.0.0.1:8080 for the emulator), " +
		"or unset it to use NetSuite's own domains, which the client builds from the account id.",
}

func fixGroup(key string) string {
	switch key {
	case "consumer_key", "consumer_secret":
		return "consumer"
	case "token_id", "token_secret":
		return "token"
	}
	return key
}

// source says where a configuration value came from, e.g. " (from env
// NETSUITE_ACCOUNT)".
func (r *run) source(key string) string {
	if s := r.cfg.Sources[key]; s != "" {
		return " (from " + s + ")"
	}
	return ""
}

// checkConfig is check 1; it reports whether the network checks may run.
func (r *run) checkConfig() bool {
	c := Check{ID: CheckConfig, Name: "Configuration", Status: OK}
	var problems, warnings []string
	var fixes []string
	addFix := func(group string) {
		f := configFixes[group]
		for _, x := range fixes {
			if x == f {
				return
			}
		}
		fixes = append(fixes, f)
	}

	if err := r.cfg.Validate(); err != nil {
		for _, e := range splitJoined(err) {
			problems = append(problems, e.Error())
			var ce *netsuite.ConfigError
			if errors.As(e, &ce) {
				addFix(fixGroup(ce.Key))
			}
		}
	}
	if a, err := netsuite.ParseAccount(r.cfg.Account); err == nil {
		r.acct = a
		r.rep.Account = a.ID()
	}
	if r.cfg.BaseURL != "" {
		if u, err := netsuite.ParseBaseURL(r.cfg.BaseURL); err == nil {
			r.base = u.String()
			r.rep.BaseURL = r.base
			p, w := r.hostProblems(u)
			if len(p) > 0 {
				addFix("host")
			}
			problems = append(problems, p...)
			warnings = append(warnings, w...)
		}
	}

	switch {
	case len(problems) == 1:
		c.Status, c.Summary = Fail, problems[0]
		c.Details = warnings
	case len(problems) > 1:
		c.Status, c.Summary = Fail, plural(len(problems), "problem")+" in the configuration"
		c.Details = append(problems, warnings...)
	default:
		c.Summary = "account " + r.acct.ID() + " (" + accountKind(r.acct) + "); all four credentials are set and well-formed"
		if len(warnings) > 0 {
			c.Status = Warn
			c.Summary = warnings[0]
			c.Details = append(c.Details, warnings[1:]...)
		}
		c.Details = append(c.Details, r.configSources()...)
	}
	for _, f := range fixes {
		if c.Fix != "" {
			c.Fix += " "
		}
		c.Fix += f
	}
	if c.Status == Warn && c.Fix == "" {
		c.Fix = configFixes["base_url"]
	}
	r.add(c)
	return c.Status != Fail
}

const hostFix = "Make the account id and the base URL agree: the account id is at Setup > Company > Company Information " +
	"> Account ID (sandbox ids end in _SB1, and their hosts in -sb1); or unset NETSUITE_BASE_URL so that the client " +
	"builds each host from the account id."

// configSources lists where each value came from, keys masked, secrets
// never shown.
func (r *run) configSources() []string {
	var out []string
	red := r.cfg.Redacted()
	for _, k := range netsuite.ConfigKeys() {
		v := red[k]
		if v == "" {
			continue
		}
		from := r.cfg.Sources[k]
		if from == "" {
			from = "set by the program"
		}
		out = append(out, fmt.Sprintf("%s = %s (%s)", k, v, from))
	}
	return out
}

func accountKind(a netsuite.Account) string {
	switch {
	case a.IsSandbox():
		return fmt.Sprintf("sandbox %d", a.Sandbox())
	case a.IsReleasePreview():
		return "release preview"
	case a.IsTestDrive():
		return "test drive"
	}
	return "production"
}

// splitJoined undoes errors.Join.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// Account-specific NetSuite domains, after "<account slug>.".
var accountDomains = map[string]string{
	"suitetalk.api.netsuite.com": "SOAP and REST web services",
	"restlets.api.netsuite.com":  "RESTlet",
	"app.netsuite.com":           "UI",
	"extforms.netsuite.com":      "online forms",
}

// hostProblems compares a base URL pointing at a NetSuite domain with the
// configured account: problems are failures, warnings are not.
func (r *run) hostProblems(u *url.URL) (problems, warnings []string) {
	if u.Path != "" {
		warnings = append(warnings, fmt.Sprintf("the base URL%s has the path %q: requests go to %s/services/…; give only the scheme and host",
			r.source("base_url"), u.Path, u.String()))
	}
	host := strings.ToLower(u.Hostname())
	if host != "netsuite.com" && !strings.HasSuffix(host, ".netsuite.com") {
		return problems, warnings
	}
	label, domain, _ := strings.Cut(host, ".")
	what, accountSpecific := accountDomains[domain]
	if !accountSpecific {
		want := "<account>.suitetalk.api.netsuite.com"
		if !r.acct.IsZero() {
			want = r.acct.SuiteTalkDomain()
		}
		problems = append(problems, fmt.Sprintf("the base URL%s points at %s, which is not an account's domain: SOAP (since the 2019.1 endpoint) and REST web services are served on %s",
			r.source("base_url"), host, want))
		return problems, warnings
	}
	if u.Scheme != "https" {
		warnings = append(warnings, fmt.Sprintf("the base URL %s uses %s: NetSuite is served over https only", u.String(), u.Scheme))
	}
	hostAcct, err := netsuite.ParseAccount(label)
	if err != nil {
		problems = append(problems, fmt.Sprintf("the base URL's host %s does not start with an account id", host))
		return problems, warnings
	}
	if strings.Contains(label, "_") {
		problems = append(problems, fmt.Sprintf("the base URL's host %s has '_': NetSuite host names write the account in lower case with '-': the host is %s.%s",
			host, hostAcct.HostSlug(), domain))
		return problems, warnings
	}
	if r.acct.IsZero() {
		return problems, warnings
	}
	if hostAcct.ID() != r.acct.ID() {
		problems = append(problems, r.mismatch(host, domain, hostAcct))
		return problems, warnings
	}
	if domain != "suitetalk.api.netsuite.com" {
		warnings = append(warnings, fmt.Sprintf("the base URL is the account's %s domain (%s): REST web services and SOAP are served on %s; unset NETSUITE_BASE_URL and the client picks each domain",
			what, host, r.acct.SuiteTalkDomain()))
	}
	return problems, warnings
}

// mismatch explains a base URL host that belongs to another account than
// the configured one.
func (r *run) mismatch(host, domain string, hostAcct netsuite.Account) string {
	want := r.acct.HostSlug() + "." + domain
	baseOf := func(a netsuite.Account) string { b, _, _ := strings.Cut(a.ID(), "_"); return b }
	sameNumber := baseOf(hostAcct) == baseOf(r.acct)
	switch {
	case sameNumber && r.acct.IsSandbox() && !hostAcct.IsSandbox():
		return fmt.Sprintf("realm/host mismatch: the account id%s is %s (sandbox %d) but the base URL's host %s is the production account %s's: sandbox ids end in _SB%d; the host is %s",
			r.source("account"), r.acct.ID(), r.acct.Sandbox(), host, hostAcct.ID(), r.acct.Sandbox(), want)
	case sameNumber && hostAcct.IsSandbox() && !r.acct.IsSandbox():
		return fmt.Sprintf("realm/host mismatch: the base URL's host %s is sandbox %s's, but the account id%s is %s: sandbox ids end in _SB%d, so for the sandbox the account id is %s (for %s the host is %s)",
			host, hostAcct.ID(), r.source("account"), r.acct.ID(), hostAcct.Sandbox(), hostAcct.ID(), r.acct.ID(), want)
	}
	return fmt.Sprintf("realm/host mismatch: the base URL's host %s belongs to account %s, but the account id%s is %s, whose host is %s",
		host, hostAcct.ID(), r.source("account"), r.acct.ID(), want)
}

// maskedToken is the token id as it may be shown.
func (r *run) maskedToken() string { return auth.Mask(r.cfg.TokenID) }
