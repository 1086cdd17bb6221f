// Package faults injects latency and failures into the emulator's HTTP
// handlers, deterministically under a seed.
//
// An [Injector] draws one [Decision] per request from a seeded
// math/rand/v2 source behind a mutex: a base latency from a [Latency]
// distribution, and at most one fault chosen by [Rates]: a 5xx answer (500
// or 503, whose body the caller writes so SOAP and REST shapes stay right),
// a dropped connection, or a slow response. The same seed gives the same
// sequence of decisions for the same sequence of requests; with concurrent
// requests, "sequence" is the order in which they reach the injector.
//
// # Flag grammar
//
// Latency (see [ParseLatency]):
//
//	""  | "none"               no latency
//	<duration>                 fixed, e.g. "100ms" (Go duration syntax)
//	fixed:<duration>           the same, e.g. "fixed:100ms"
//	uniform:<min>-<max>        uniform in [min, max], e.g. "uniform:50ms-150ms"
//	lognormal:<median>,<sigma> log-normal with that median and shape σ ≥ 0,
//	                           e.g. "lognormal:100ms,0.5"
//
// Rates (see [ParseRates]) are comma-separated key=value pairs, each key at
// most once, probabilities in [0, 1] summing to at most 1:
//
//	5xx=<p>               a 5xx answer, split evenly between 500 and 503
//	500=<p>, 503=<p>      a 500 or a 503 answer
//	drop=<p>              close the connection without answering (the
//	                      request is not run)
//	drop-after=<p>        run the request, then close the connection without
//	                      sending the answer (its effects stay: the client
//	                      cannot tell it from a request never run)
//	slow=<p>:<latency>    add an extra delay drawn from <latency> (any form
//	                      above), e.g. "slow=0.02:2s" or "slow=0.02:uniform:1s-3s"
//	badlogin=<p>          answer as NetSuite answers a bad login (REST 401
//	                      INVALID_LOGIN, RESTlet 401, SOAP InvalidCredentialsFault
//	                      "Invalid login attempt.")
//	limit-badlogin=<p>    of the requests over the concurrency limit, answer this
//	                      fraction as a bad login instead of the limit error (REST
//	                      429, RESTlet SSS_REQUEST_LIMIT_EXCEEDED, SOAP
//	                      ExceededConcurrentRequestLimitFault); not part of the sum
//
// Example: "5xx=0.01,drop=0.005,slow=0.02:2s".
//
// NetSuite is reported to answer some requests over the concurrency limit
// with its bad-login answer rather than the limit error (public client
// issue julbrs/netsuite-api-client#26, "Concurrent Requests Cause 'Invalid
// Login Attempt' Errors": REST requests over the limit got "Invalid login
// attempt. For more details, see the Login Audit Trail …"). badlogin and
// limit-badlogin let retry code be tested against it. Whether NetSuite
// records such a request in the Login Audit Trail is not known; the
// emulator does not.
package faults

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// MaxLatency caps every sampled delay, so that a heavy log-normal tail
// cannot overflow time.Duration or stall the emulator for days.
const MaxLatency = time.Hour

// Latency is a delay distribution.
type Latency interface {
	// Sample draws one delay from r, in [0, MaxLatency].
	Sample(r *rand.Rand) time.Duration
	// String returns the distribution in flag form; ParseLatency accepts it.
	String() string
}

// Fixed is a constant delay.
type Fixed time.Duration

// Sample returns the delay itself.
func (f Fixed) Sample(*rand.Rand) time.Duration { return clampLatency(time.Duration(f)) }

// String returns "fixed:<d>".
func (f Fixed) String() string { return "fixed:" + time.Duration(f).String() }

// Uniform is a delay uniform in [Min, Max].
type Uniform struct{ Min, Max time.Duration }

// Sample returns a delay uniform in [Min, Max].
func (u Uniform) Sample(r *rand.Rand) time.Duration {
	if u.Max <= u.Min {
		return clampLatency(u.Min)
	}
	return clampLatency(u.Min + time.Duration(r.Int64N(int64(u.Max-u.Min)+1)))
}

// String returns "uniform:<min>-<max>".
func (u Uniform) String() string { return "uniform:" + u.Min.String() + "-" + u.Max.String() }

// LogNormal is a log-normal delay: Median·exp(Sigma·Z) with Z standard
// normal, so half the delays are below Median and Sigma sets the tail
// (0.5 gives a 95th percentile of about 2.3 × Median).
type LogNormal struct {
	Median time.Duration
	Sigma  float64
}

// Sample draws one log-normal delay, capped at MaxLatency.
func (l LogNormal) Sample(r *rand.Rand) time.Duration {
	v := float64(l.Median) * math.Exp(l.Sigma*r.NormFloat64())
	if v >= float64(MaxLatency) || math.IsNaN(v) {
		return MaxLatency
	}
	return clampLatency(time.Duration(v))
}

// String returns "lognormal:<median>,<sigma>".
func (l LogNormal) String() string {
	return "lognormal:" + l.Median.String() + "," + strconv.FormatFloat(l.Sigma, 'g', -1, 64)
}

func clampLatency(d time.Duration) time.Duration {
	return min(max(d, 0), MaxLatency)
}

// ParseLatency parses a latency flag; see the package documentation for the
// grammar. The empty string and "none" give nil (no latency).
func ParseLatency(s string) (Latency, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return nil, nil
	}
	kind, arg, hasKind := strings.Cut(s, ":")
	if !hasKind {
		kind, arg = "fixed", s
	}
	switch kind {
	case "fixed":
		d, err := parseDuration(arg, "fixed latency")
		if err != nil {
			return nil, err
		}
		return Fixed(d), nil
	case "uniform":
		lo, hi, ok := strings.Cut(arg, "-")
		if !ok {
			return nil, fmt.Errorf("faults: uniform latency %q: want uniform:<min>-<max>, e.g. uniform:50ms-150ms", s)
		}
		lower, err := parseDuration(lo, "uniform minimum")
		if err != nil {
			return nil, err
		}
		upper, err := parseDuration(hi, "uniform maximum")
		if err != nil {
			return nil, err
		}
		if upper < lower {
			return nil, fmt.Errorf("faults: uniform latency %q: maximum %v is below minimum %v", s, upper, lower)
		}
		return Uniform{Min: lower, Max: upper}, nil
	case "lognormal":
		med, sig, ok := strings.Cut(arg, ",")
		if !ok {
			return nil, fmt.Errorf("faults: log-normal latency %q: want lognormal:<median>,<sigma>, e.g. lognormal:100ms,0.5", s)
		}
		median, err := parseDuration(med, "log-normal median")
		if err != nil {
			return nil, err
		}
		sigma, err := strconv.ParseFloat(strings.TrimSpace(sig), 64)
		if err != nil || math.IsNaN(sigma) || math.IsInf(sigma, 0) || sigma < 0 {
			return nil, fmt.Errorf("faults: log-normal latency %q: sigma %q must be a number ≥ 0", s, sig)
		}
		return LogNormal{Median: median, Sigma: sigma}, nil
	}
	return nil, fmt.Errorf("faults: latency %q: unknown distribution %q (want fixed, uniform or lognormal)", s, kind)
}

// parseDuration parses a non-negative Go duration no larger than MaxLatency.
func parseDuration(s, what string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("faults: %s is missing", what)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("faults: %s %q is not a duration such as 100ms or 2s", what, s)
	}
	if d < 0 {
		return 0, fmt.Errorf("faults: %s %q is negative", what, s)
	}
	if d > MaxLatency {
		return 0, fmt.Errorf("faults: %s %q is over the %v cap", what, s, MaxLatency)
	}
	return d, nil
}

// errNoDelay is returned for a slow fault without a delay.
var errNoDelay = errors.New("faults: slow needs a delay, e.g. slow=0.02:2s")
