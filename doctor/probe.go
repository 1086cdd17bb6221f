package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
)

func itoa(n int) string { return strconv.Itoa(n) }

// isNetSuiteHost reports whether rawURL's host is under netsuite.com.
func isNetSuiteHost(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "netsuite.com" || strings.HasSuffix(h, ".netsuite.com")
}

// dataCenterURLs is the answer of /rest/datacenterurls.
type dataCenterURLs struct {
	WebservicesDomain string `json:"webservicesDomain"`
	RestDomain        string `json:"restDomain"`
	SystemDomain      string `json:"systemDomain"`
}

// checkReachability is checks 2 and 3: an unauthenticated GET of
// /rest/datacenterurls, its domains, and the clock skew from its Date
// header.
func (r *run) checkReachability(ctx context.Context) {
	reach := Check{ID: CheckReachability, Name: "Reachability"}
	clock := Check{ID: CheckClock, Name: "Clock"}
	discovery := r.opts.DiscoveryURL
	if r.base != "" && !isNetSuiteHost(r.base) {
		discovery = r.base
	}
	target := discovery + "/rest/datacenterurls?account=" + url.QueryEscape(r.acct.ID())
	if r.client == nil {
		reach.Status, reach.Summary = Fail, "cannot build the client: "+r.clientErr.Error()
		r.add(reach)
		clock.Status, clock.Summary = Skip, "not measured: the server could not be asked"
		r.add(clock)
		return
	}
	t0 := r.now()
	resp, err := r.send(ctx, &netsuite.Request{Method: http.MethodGet, URL: target, Auth: netsuite.AuthNone,
		Header: http.Header{"Accept": {"application/json"}}})
	t1 := r.now()
	if err != nil {
		reach.Status = Fail
		reach.Summary = fmt.Sprintf("cannot reach %s: %v", hostOf(discovery), unwrapURLError(err))
		reach.Details = []string{"GET " + target + " (no credentials are sent)"}
		reach.Fix = "Check the network, any proxy (HTTPS_PROXY) and firewall between this machine and " + hostOf(discovery) + "."
		if r.base != "" && !isNetSuiteHost(r.base) {
			reach.Fix = "Check that the server at " + r.base + " is running"
			if cmd := r.cmd(Command{Kind: CommandServe}); cmd != "" {
				reach.Fix += " (for the emulator: " + cmd + ")"
			}
			reach.Fix += " and that NETSUITE_BASE_URL points at it."
		}
		r.add(reach)
		clock.Status, clock.Summary = Skip, "not measured: the server could not be reached"
		r.add(clock)
		return
	}
	body := resp.body
	reach.Status = OK
	reach.Summary = fmt.Sprintf("%s answered in %s", hostOf(discovery), max(resp.elapsed.Round(time.Millisecond), time.Millisecond))
	reach.Details = []string{fmt.Sprintf("GET %s → HTTP %d (no credentials are sent)", target, resp.status)}
	if r.insp != nil {
		reach.Summary += " (the local emulator)"
		reach.Details = append(reach.Details, "the emulator shows its account: its Login Audit Trail and role history will name exact reasons")
	}
	if resp.status == http.StatusOK {
		var d dataCenterURLs
		if err := json.Unmarshal(body, &d); err != nil || d.WebservicesDomain == "" {
			reach.Status = Warn
			reach.Summary += ", but not with NetSuite's data-center URLs: domains not checked"
		} else {
			r.compareDomains(&reach, d)
		}
	} else {
		reach.Status = Warn
		reach.Summary += fmt.Sprintf(", but with HTTP %d to /rest/datacenterurls: the account's domains were not checked", resp.status)
		if detail, _ := restErrorDetail(body); detail != "" {
			reach.Details = append(reach.Details, "answer: "+detail)
		}
	}
	r.add(reach)

	// Clock: the server's Date header against this machine's clock at the
	// middle of the exchange. Date has whole seconds, so add half of one.
	date, err := http.ParseTime(resp.header.Get("Date"))
	if err != nil {
		clock.Status, clock.Summary = Warn, "not measured: the answer has no Date header"
		r.add(clock)
		return
	}
	local := t0.Add(t1.Sub(t0) / 2)
	skew, _ := netsuite.SkewFromDate(t0, t1, resp.header.Get("Date"))
	r.setSkew(skew)
	clock = r.clockCheck(date, local)
	r.add(clock)
}

func (r *run) setSkew(d time.Duration) {
	r.skew, r.skewKnown = d, true
	s := d.Round(time.Second).Seconds()
	r.rep.ClockSkewSeconds = &s
}

// describeSkew says "3m12s behind" or "ahead of" the server.
func describeSkew(skew time.Duration) string {
	d := skew.Round(time.Second)
	switch {
	case d > 0:
		return d.String() + " behind the server's"
	case d < 0:
		return (-d).String() + " ahead of the server's"
	}
	return "within a second of the server's"
}

const clockFix = "Synchronise this machine's clock with a time server (Linux: timedatectl set-ntp true; macOS: " +
	"System Settings > General > Date & Time > Set time and date automatically; Windows: Settings > Time & language > " +
	"Date & time > Sync now). Programs that cannot fix the clock can sign with a correction: in Go, " +
	"netsuite.WithSignerOptions(auth.WithClockOffset(…))."

func (r *run) clockCheck(server, local time.Time) Check {
	c := Check{ID: CheckClock, Name: "Clock"}
	abs := r.skew
	if abs < 0 {
		abs = -abs
	}
	c.Details = []string{
		"server time (HTTP Date header): " + server.UTC().Format(time.RFC3339),
		"this machine's time:            " + local.UTC().Format(time.RFC3339),
	}
	switch {
	case abs > SkewFail:
		c.Status = Fail
		c.Summary = "this machine's clock is " + describeSkew(r.skew) + ": NetSuite refuses timestamps more than 5 minutes off, so every token login fails (Login Audit Trail detail InvalidTimestamp)"
		c.Fix = clockFix
	case abs > SkewWarn:
		c.Status = Warn
		c.Summary = "this machine's clock is " + describeSkew(r.skew) + ": NetSuite allows 5 minutes, so logins still work, but not for long if it drifts further"
		c.Fix = clockFix
	default:
		c.Status = OK
		c.Summary = "this machine's clock is " + describeSkew(r.skew)
		return c
	}
	r.offset = r.skew
	r.rep.ClockOffsetApplied = true
	c.Details = append(c.Details, fmt.Sprintf("the remaining checks sign with timestamps corrected by %s so that they can find any other problem; your programs are not corrected",
		signed(r.skew.Round(time.Second))))
	return c
}

func signed(d time.Duration) string {
	if d >= 0 {
		return "+" + d.String()
	}
	return d.String()
}

// compareDomains checks the discovered domains against the ones requests
// go to.
func (r *run) compareDomains(c *Check, d dataCenterURLs) {
	norm := func(s string) string { return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), "/")) }
	c.Details = append(c.Details,
		"webservicesDomain (SOAP, REST): "+d.WebservicesDomain,
		"restDomain (RESTlets):          "+d.RestDomain,
		"systemDomain (UI):              "+d.SystemDomain)
	if r.base != "" && !isNetSuiteHost(r.base) {
		// The emulator or a proxy: it serves every domain itself.
		if norm(d.WebservicesDomain) != norm(r.base) {
			c.Status = Warn
			c.Summary += "; it names " + d.WebservicesDomain + " as the web services domain, but requests go to " + r.base
		}
		return
	}
	want := "https://" + r.acct.SuiteTalkDomain()
	if !strings.Contains(norm(d.WebservicesDomain), strings.ToLower(r.acct.HostSlug())+".") {
		c.Status = Warn
		c.Summary += "; NetSuite answered with generic domains, not account " + r.acct.ID() + "'s: it probably does not know this account id"
		c.Fix = configFixes["account"]
		return
	}
	used := want
	if r.base != "" {
		used = r.base
	}
	if norm(d.WebservicesDomain) != norm(used) {
		c.Status = Warn
		c.Summary += "; NetSuite says account " + r.acct.ID() + "'s web services domain is " + d.WebservicesDomain + ", but requests go to " + used
		c.Fix = configFixes["base_url"]
		return
	}
	c.Summary += "; account " + r.acct.ID() + "'s domains are the ones the client uses"
}

func hostOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return u.Host
	}
	return rawURL
}

// unwrapURLError drops the "Get <url>:" prefix of a *url.Error.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// makeClient builds the client every request goes through. It signs with
// this machine's clock (Options.Now) corrected by the offset the clock
// check applies, read at each signature.
func (r *run) makeClient() (*netsuite.Client, error) {
	// One attempt per request by default: each check reports what NetSuite
	// answered (a 429 is a finding), not what a retry made of it.
	opts := []netsuite.Option{netsuite.WithConfig(r.cfg), netsuite.WithTimeout(r.opts.Timeout), netsuite.WithRetryer(netsuite.NoRetry),
		netsuite.WithSignerOptions(auth.WithClock(r.now), auth.WithClockOffset(func() time.Duration { return r.offset }))}
	if r.opts.HTTPClient != nil {
		opts = append(opts, netsuite.WithHTTPClient(r.opts.HTTPClient))
	}
	opts = append(opts, r.opts.ClientOptions...)
	// Innermost, after any middleware of ClientOptions.
	opts = append(opts, netsuite.WithMiddleware(r.recordHeaders))
	return netsuite.NewClient(opts...)
}
