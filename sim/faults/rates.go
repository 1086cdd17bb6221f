package faults

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rates are the per-request probabilities of each fault. The faults are
// mutually exclusive: one uniform draw picks at most one of them, so the sum
// must not exceed 1.
type Rates struct {
	Error500 float64 // answer 500 through the fault callback
	Error503 float64 // answer 503 through the fault callback
	Drop     float64 // close the connection without answering
	Slow     float64 // delay by an extra SlowDelay sample, then serve normally
	// SlowDelay is the extra delay of a slow response; it must be set when
	// Slow > 0.
	SlowDelay Latency
	// BadLogin answers through the fault callback as NetSuite answers a
	// bad login ("Invalid login attempt.").
	BadLogin float64
	// DropAfter serves the request, then closes the connection without
	// sending the answer (the request's effects stay).
	DropAfter float64
	// LimitBadLogin is not drawn with the others: of the requests the
	// concurrency governor refuses, this fraction is answered as a bad
	// login instead of the limit error (see [OverLimitAsBadLogin]).
	LimitBadLogin float64
}

// Total returns the probability that a request gets any fault (besides
// LimitBadLogin, which applies only to requests over the concurrency limit).
func (r Rates) Total() float64 {
	return r.Error500 + r.Error503 + r.Drop + r.Slow + r.BadLogin + r.DropAfter
}

// Active reports whether any fault may be injected.
func (r Rates) Active() bool { return r.Total() > 0 || r.LimitBadLogin > 0 }

// Validate checks that every probability is in [0, 1], that they sum to at
// most 1, and that a slow rate has a delay.
func (r Rates) Validate() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"500", r.Error500}, {"503", r.Error503}, {"drop", r.Drop}, {"slow", r.Slow}, {"badlogin", r.BadLogin}, {"drop-after", r.DropAfter}, {"limit-badlogin", r.LimitBadLogin}} {
		if math.IsNaN(p.v) || p.v < 0 || p.v > 1 {
			return fmt.Errorf("faults: %s rate %v is not a probability in [0, 1]", p.name, p.v)
		}
	}
	if t := r.Total(); t > 1+1e-12 {
		return fmt.Errorf("faults: fault rates sum to %v, more than 1", t)
	}
	if r.Slow > 0 && r.SlowDelay == nil {
		return errNoDelay
	}
	return nil
}

// String returns the rates in flag form; ParseRates accepts it. Equal 500
// and 503 rates are written as one 5xx rate of their sum.
func (r Rates) String() string {
	var parts []string
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch {
	case r.Error500 > 0 && r.Error500 == r.Error503:
		parts = append(parts, "5xx="+f(r.Error500+r.Error503))
	default:
		if r.Error500 > 0 {
			parts = append(parts, "500="+f(r.Error500))
		}
		if r.Error503 > 0 {
			parts = append(parts, "503="+f(r.Error503))
		}
	}
	if r.Drop > 0 {
		parts = append(parts, "drop="+f(r.Drop))
	}
	if r.DropAfter > 0 {
		parts = append(parts, "drop-after="+f(r.DropAfter))
	}
	if r.Slow > 0 {
		delay := "none"
		if r.SlowDelay != nil {
			delay = r.SlowDelay.String()
		}
		parts = append(parts, "slow="+f(r.Slow)+":"+delay)
	}
	if r.BadLogin > 0 {
		parts = append(parts, "badlogin="+f(r.BadLogin))
	}
	if r.LimitBadLogin > 0 {
		parts = append(parts, "limit-badlogin="+f(r.LimitBadLogin))
	}
	return strings.Join(parts, ",")
}

// ParseRates parses a rates flag such as "5xx=0.01,drop=0.005,slow=0.02:2s";
// see the package documentation for the grammar. The empty string gives no
// faults.
func ParseRates(s string) (Rates, error) {
	var r Rates
	s = strings.TrimSpace(s)
	if s == "" {
		return r, nil
	}
	// Split on commas that start a new key=value pair, so that a slow
	// delay may itself contain a comma ("slow=0.1:lognormal:1s,0.5").
	var items []string
	for _, piece := range strings.Split(s, ",") {
		if len(items) > 0 && !strings.Contains(piece, "=") {
			items[len(items)-1] += "," + piece
			continue
		}
		items = append(items, piece)
	}
	seen := map[string]bool{}
	mark := func(keys ...string) error {
		for _, k := range keys {
			if seen[k] {
				return fmt.Errorf("faults: rates %q: %s rate given twice", s, k)
			}
			seen[k] = true
		}
		return nil
	}
	for _, item := range items {
		key, val, ok := strings.Cut(item, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return Rates{}, fmt.Errorf("faults: rates %q: %q is not key=value", s, item)
		}
		var err error
		switch key {
		case "5xx":
			if err = mark("500", "503"); err != nil {
				return Rates{}, err
			}
			var p float64
			if p, err = parseProb(key, val); err == nil {
				r.Error500, r.Error503 = p/2, p/2
			}
		case "500":
			if err = mark("500"); err != nil {
				return Rates{}, err
			}
			r.Error500, err = parseProb(key, val)
		case "503":
			if err = mark("503"); err != nil {
				return Rates{}, err
			}
			r.Error503, err = parseProb(key, val)
		case "drop":
			if err = mark("drop"); err != nil {
				return Rates{}, err
			}
			r.Drop, err = parseProb(key, val)
		case "drop-after":
			if err = mark("drop-after"); err != nil {
				return Rates{}, err
			}
			r.DropAfter, err = parseProb(key, val)
		case "slow":
			if err = mark("slow"); err != nil {
				return Rates{}, err
			}
			p, delay, ok := strings.Cut(val, ":")
			if !ok || strings.TrimSpace(delay) == "" {
				return Rates{}, errNoDelay
			}
			if r.Slow, err = parseProb(key, p); err != nil {
				break
			}
			if r.SlowDelay, err = ParseLatency(delay); err == nil && r.SlowDelay == nil {
				err = errNoDelay
			}
		case "badlogin":
			if err = mark("badlogin"); err != nil {
				return Rates{}, err
			}
			r.BadLogin, err = parseProb(key, val)
		case "limit-badlogin":
			if err = mark("limit-badlogin"); err != nil {
				return Rates{}, err
			}
			r.LimitBadLogin, err = parseProb(key, val)
		default:
			return Rates{}, fmt.Errorf("faults: rates %q: unknown fault %q (want 5xx, 500, 503, drop, drop-after, slow, badlogin or limit-badlogin)", s, key)
		}
		if err != nil {
			return Rates{}, err
		}
	}
	if err := r.Validate(); err != nil {
		return Rates{}, err
	}
	return r, nil
}

func parseProb(key, val string) (float64, error) {
	p, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil || math.IsNaN(p) || p < 0 || p > 1 {
		return 0, fmt.Errorf("faults: %s rate %q is not a probability in [0, 1]", key, val)
	}
	return p, nil
}
