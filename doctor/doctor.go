// Package doctor diagnoses a NetSuite Token-Based Authentication set-up: it
// makes a few calls with the configured credentials and says, in plain
// words, what is wrong and which step of the TBA guide fixes it.
//
// NetSuite answers every refused token login with the same "Invalid login
// attempt."; the reason is only in the account's Login Audit Trail. Run
// therefore lists the likely causes in order and says where to look. Given
// an Inspector (Options.Inspector: an emulator's view of its account, such
// as package sim/doctorview's) it reads the audit trail and role history
// and names the exact reason.
//
// Every request Run sends goes through a netsuite.Client's request pipeline
// (Client.Do): the unauthenticated discovery GET with AuthNone, the REST
// probes with the TBA Authorization header, and the SOAP probe with its
// tokenPassport built in the body for each attempt.
//
// The checks, in order:
//
//  1. configuration: every value set and well-formed, and a base URL whose
//     host belongs to the configured account (no network);
//  2. reachability: an unauthenticated GET of /rest/datacenterurls, and the
//     account domains it names;
//  3. clock: the skew between this machine and the server's Date header
//     (NetSuite refuses timestamps more than five minutes off); later checks
//     sign with the measured offset so other problems are still found;
//  4. REST token login: GET /services/rest/system/v1/governanceLimits;
//  5. SOAP token login: getServerTime with a tokenPassport;
//  6. record access (only for Options.Records): a REST read per record type;
//  7. role changes: recent permission changes of the token's role, which
//     token logins can take hours to see (with an Inspector only; on a real
//     account a hint when a permission was refused).
//
// Run never prints or returns a secret.
package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-netsuite/netsuite"
)

// Status is the outcome of one check.
type Status string

// Check outcomes. Warn does not make a report unhealthy; Fail does.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// rank orders statuses by severity.
func (s Status) rank() int {
	switch s {
	case Fail:
		return 3
	case Warn:
		return 2
	case OK:
		return 1
	}
	return 0
}

// worse returns the more severe of a and b.
func worse(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Check IDs, stable for programs reading the JSON report.
const (
	CheckConfig       = "config"
	CheckReachability = "reachability"
	CheckClock        = "clock"
	CheckREST         = "rest"
	CheckSOAP         = "soap"
	CheckRecords      = "records"
	CheckRoleChanges  = "role"
)

// Check is one diagnosis.
type Check struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Status  Status `json:"status"`
	Summary string `json:"summary"`
	// Details are supporting facts and, for refusals, the likely causes in
	// order.
	Details []string `json:"details,omitempty"`
	// Fix says which step of the TBA guide fixes the problem, with the
	// NetSuite UI path (and, with an Inspector, the emulator's command).
	Fix string `json:"fix,omitempty"`
}

// Report is the ordered list of checks of one Run.
type Report struct {
	Account string `json:"account,omitempty"` // realm form, when it parses
	BaseURL string `json:"base_url,omitempty"`
	// Emulator is true when the run had an Inspector (the base URL is an
	// emulator), which lets the report name exact reasons.
	Emulator bool `json:"emulator"`
	// ClockSkewSeconds is the server clock minus this machine's, when
	// measured.
	ClockSkewSeconds *float64 `json:"clock_skew_seconds,omitempty"`
	// ClockOffsetApplied is true when the later checks signed with the
	// measured skew corrected.
	ClockOffsetApplied bool      `json:"clock_offset_applied,omitempty"`
	Started            time.Time `json:"started"`
	Checks             []Check   `json:"checks"`
}

// Healthy reports whether no check failed (warnings are allowed).
func (r *Report) Healthy() bool {
	for _, c := range r.Checks {
		if c.Status == Fail {
			return false
		}
	}
	return true
}

// Check returns the check with id, or nil.
func (r *Report) Check(id string) *Check {
	for i := range r.Checks {
		if r.Checks[i].ID == id {
			return &r.Checks[i]
		}
	}
	return nil
}

// Options configure Run. The zero value is ready to use.
type Options struct {
	// HTTPClient is the base transport of the pipeline every request goes
	// through (see netsuite.WithHTTPClient; the client is not modified).
	// Default: the netsuite package's.
	HTTPClient *http.Client
	// Timeout bounds each attempt of a request; default 30s.
	Timeout time.Duration
	// ClientOptions are added to the options of the netsuite.Client that
	// sends every request, after the doctor's own (e.g. WithMiddleware,
	// WithRetryer, WithLogger).
	ClientOptions []netsuite.Option
	// Inspector, when not nil, reads the account's state (Login Audit
	// Trail, tokens, roles, …) so that the report names exact reasons. Set
	// it only when the base URL is the inspected emulator.
	Inspector Inspector
	// Commands returns the command line to suggest for a Command, or "" for
	// none (nil: no commands are suggested). The netsuite CLI supplies its
	// own.
	Commands func(Command) string
	// Now is this machine's clock, used to sign and to measure skew
	// (default time.Now). Tests set it to a clock that is off.
	Now func() time.Time
	// DiscoveryURL is where /rest/datacenterurls is asked when no base URL
	// override points elsewhere; default https://rest.netsuite.com.
	DiscoveryURL string
	// SOAPVersion is the SuiteTalk endpoint version for the SOAP check,
	// e.g. "2023_2" (the default).
	SOAPVersion string
	// SkipREST and SkipSOAP leave out a surface the integration does not
	// use.
	SkipREST, SkipSOAP bool
	// Records are REST record types to read with the token, e.g.
	// "customer" or "contact/12" (a type and an internal id). A
	// "Permission Violation" on one of them is reported with the role it
	// points to. None by default.
	Records []string
	// RoleChangeWindow is how recent a role permission change must be to be
	// reported (with an Inspector); default 24h.
	RoleChangeWindow time.Duration
}

// DefaultDiscoveryURL is NetSuite's data-center discovery host.
const DefaultDiscoveryURL = "https://rest.netsuite.com"

// DefaultSOAPVersion is the SOAP endpoint version the project's schema is for.
const DefaultSOAPVersion = "2023_2"

// Thresholds for the clock check: NetSuite refuses timestamps more than
// five minutes from its own clock (InvalidTimestamp).
const (
	SkewFail = 5 * time.Minute
	SkewWarn = time.Minute
)

// outcome is how a token login went, for the cross-surface notes.
type outcome int

const (
	notRun outcome = iota
	loginOK
	loginRefused
	loginBusy  // concurrency limit
	loginOther // unreachable, unexpected answer
)

// run is the state of one Run.
type run struct {
	cfg  *netsuite.Config
	opts Options
	rep  *Report
	now  func() time.Time

	acct       netsuite.Account
	base       string // validated base-URL override, "" for NetSuite's domains
	startLocal time.Time

	skew      time.Duration
	skewKnown bool
	offset    time.Duration // applied to signatures

	client    *netsuite.Client // sends every request; nil when clientErr
	clientErr error
	// lastHeader is the header of the newest answer the pipeline received,
	// for answers returned as *netsuite.Error (which keep no headers).
	lastHeader atomic.Pointer[http.Header]

	insp      Inspector // nil unless Options.Inspector
	insToken  *Token
	tokenDone bool

	rest, soap           outcome
	restDetail           string // audit detail of a refused REST login (emulator)
	soapDetail           string
	permissionViolations []string // "Permission Violation" texts from data reads
	// cacheSeen is set when the Inspector showed a role holding a permission
	// that token logins do not see yet.
	cacheSeen bool
}

// Run diagnoses cfg. It never fails: every problem, including one in
// reaching NetSuite, is a check in the report.
func Run(ctx context.Context, cfg *netsuite.Config, opts Options) *Report {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.DiscoveryURL == "" {
		opts.DiscoveryURL = DefaultDiscoveryURL
	}
	opts.DiscoveryURL = strings.TrimRight(opts.DiscoveryURL, "/")
	if opts.SOAPVersion == "" {
		opts.SOAPVersion = DefaultSOAPVersion
	}
	if opts.RoleChangeWindow <= 0 {
		opts.RoleChangeWindow = 24 * time.Hour
	}
	if cfg == nil {
		cfg = &netsuite.Config{}
	}
	r := &run{cfg: cfg, opts: opts, now: opts.Now, insp: opts.Inspector,
		rep: &Report{Started: opts.Now()}}
	r.startLocal = r.rep.Started
	r.do(ctx)
	return r.rep
}

func (r *run) add(c Check) { r.rep.Checks = append(r.rep.Checks, c) }

func (r *run) do(ctx context.Context) {
	ready := r.checkConfig()
	later := []struct{ id, name string }{
		{CheckReachability, "Reachability"},
		{CheckClock, "Clock"},
		{CheckREST, "REST token login"},
		{CheckSOAP, "SOAP token login"},
		{CheckRecords, "Record access"},
		{CheckRoleChanges, "Role changes"},
	}
	if !ready {
		for _, l := range later {
			if l.id == CheckRecords && len(r.opts.Records) == 0 {
				continue
			}
			r.add(Check{ID: l.id, Name: l.name, Status: Skip, Summary: "not run: fix the configuration first"})
		}
		return
	}
	r.rep.Emulator = r.insp != nil
	r.client, r.clientErr = r.makeClient()
	r.checkReachability(ctx)
	r.checkREST(ctx)
	r.checkSOAP(ctx)
	r.crossSurfaceNotes()
	if len(r.opts.Records) > 0 {
		r.checkRecords(ctx)
	}
	r.checkRoleChanges(ctx)
}

// serverNow estimates the server's clock.
func (r *run) serverNow() time.Time { return r.now().Add(r.skew) }

// readBody reads at most 1 MiB of a response body and closes it.
func readBody(resp *http.Response) []byte {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return b
}

// answer is a server's answer to one request, whatever its status.
type answer struct {
	status  int
	header  http.Header
	body    []byte
	elapsed time.Duration // from sending to the answer, retries included
}

// send sends req through the client's pipeline. An answer NetSuite refused
// (a *netsuite.Error) is an answer too: the checks read its status and
// body. The error is a transport or context error only.
func (r *run) send(ctx context.Context, req *netsuite.Request) (*answer, error) {
	if r.client == nil {
		return nil, r.clientErr
	}
	start := time.Now()
	resp, err := r.client.Do(ctx, req)
	elapsed := time.Since(start)
	if err != nil {
		var e *netsuite.Error
		if !errors.As(err, &e) {
			return nil, err
		}
		h := http.Header{}
		if p := r.lastHeader.Load(); p != nil {
			h = *p
		}
		if e.Authenticate != "" {
			h.Set("WWW-Authenticate", e.Authenticate)
		}
		return &answer{status: e.StatusCode, header: h, body: e.Body, elapsed: elapsed}, nil
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: readBody(resp), elapsed: elapsed}, nil
}

// recordHeaders is the innermost middleware: it keeps the header of every
// answer, for those the pipeline turns into a *netsuite.Error.
func (r *run) recordHeaders(next http.RoundTripper) http.RoundTripper {
	return netsuite.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		if err == nil {
			h := resp.Header.Clone()
			r.lastHeader.Store(&h)
		}
		return resp, err
	})
}

// restErrorDetail returns the first o:errorDetails detail and code of a
// NetSuite REST error body.
func restErrorDetail(body []byte) (detail, code string) {
	var e struct {
		Details []struct {
			Detail string `json:"detail"`
			Code   string `json:"o:errorCode"`
		} `json:"o:errorDetails"`
	}
	if json.Unmarshal(body, &e) == nil && len(e.Details) > 0 {
		return e.Details[0].Detail, e.Details[0].Code
	}
	return "", ""
}

// plural returns "n thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return itoa(n) + " " + thing + "s"
}
