package netsuite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Retries: one policy for every surface (REST records, SuiteQL, RESTlets,
// SOAP), the pipeline's outermost stage. docs/retries.md has the rule for
// each operation as a table.
//
// What is transient: a refusal for the account's concurrency limit (REST
// 429 CONCURRENCY_LIMIT_EXCEEDED, RESTlet SSS_REQUEST_LIMIT_EXCEEDED, SOAP
// ExceededConcurrentRequestLimitFault / ExceededRequestLimitFault /
// WS_REQUEST_BLOCKED / WS_CONCUR_SESSION_DISALLWD — Help Center
// subsect_1559222360 and section_1525253248: such a request is refused, not
// executed), a 5xx, a connection reset or refused, a timeout, and — bounded,
// and only while concurrency refusals are being seen — a 401 "Invalid login
// attempt.", which NetSuite is reported to send instead of 429 when over
// the limit (docs/retries.md); "under load" also when other requests of the
// same policy are in flight, as the first refusal of a burst may be a 401.
//
// What may be repeated: a read (GET, SuiteQL, SOAP get/search) always; a
// write only when a second execution cannot create a second record: a
// refusal that was not executed (concurrency, invalid login, a connection
// that was never made), an upsert by external id (REST PUT …/eid:X, SOAP
// upsert), an update (PATCH, SOAP update), a delete, and an asynchronous
// request carrying NetSuite's idempotency key (Help Center
// subsect_164494900632). A plain create whose outcome is unknown (the
// request went out, no answer came back, or a 5xx) is not repeated: Do
// returns an *UnknownOutcomeError.

// Idempotency tells the retry policy whether a request may run twice.
type Idempotency int

const (
	// IdempotencyAuto decides from the method, the path and the SOAP action
	// (see RequestIdempotent).
	IdempotencyAuto Idempotency = iota
	// Idempotent: a second execution has the same effect as one (the caller
	// knows, e.g. a RESTlet that upserts).
	Idempotent
	// NotIdempotent: a second execution may create a second record.
	NotIdempotent
)

// soapIdempotent are the SOAP operations that may be sent twice: reads, and
// writes a second execution of which cannot create a second record (the
// operations: Help Center section_N3478008, "SOAP Web Services Standard
// Operations"; upsert identifies the record by external id and is what
// NetSuite recommends against duplicates, section_N3533243).
var soapIdempotent = map[string]bool{
	// reads
	"get": true, "getList": true, "getAll": true, "search": true, "searchMore": true, "searchMoreWithId": true,
	"searchNext": true, "getServerTime": true, "getSelectValue": true, "getCustomizationId": true,
	"getDeleted": true, "getItemAvailability": true, "getBudgetExchangeRate": true,
	"getConsolidatedExchangeRate": true, "getCurrencyRate": true, "getDataCenterUrls": true,
	"getPostingTransactionSummary": true, "getSavedSearch": true, "getAccountGovernanceInfo": true,
	"getIntegrationGovernanceInfo": true, "getAsyncResult": true, "checkAsyncStatus": true,
	"initialize": true, "initializeList": true,
	// writes that cannot create a second record
	"upsert": true, "upsertList": true, "update": true, "updateList": true, "delete": true, "deleteList": true,
	"attach": true, "detach": true, "updateInviteeStatus": true, "updateInviteeStatusList": true,
}

// RequestIdempotent reports whether req may be sent a second time without
// the risk of a second record.
func RequestIdempotent(req *Request) bool {
	switch req.Idempotency {
	case Idempotent:
		return true
	case NotIdempotent:
		return false
	}
	if action := strings.Trim(headerValue(req.Header, "SOAPAction"), `"`); action != "" {
		return soapIdempotent[action]
	}
	path := ""
	if u, err := url.Parse(req.URL); err == nil {
		path = u.Path
	}
	if strings.Contains(path, "/app/site/hosting/restlet.nl") {
		// A RESTlet does what its script does: only GET is taken as a read.
		return req.Method == http.MethodGet || req.Method == http.MethodHead
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodDelete, http.MethodPut, http.MethodPatch:
		// PUT is REST's upsert by external id; PATCH an update.
		return true
	case http.MethodPost:
		if strings.HasSuffix(path, "/query/v1/suiteql") {
			return true
		}
		// An asynchronous request with NetSuite's idempotency key: a second
		// submission is refused with IDEMPOTENCY_ERROR and the first job's
		// Location (Help Center subsect_164494900632).
		return headerValue(req.Header, "X-NetSuite-Idempotency-Key") != ""
	}
	return false
}

// UnknownOutcomeError is returned for a request that is not idempotent when
// it was sent and no answer says whether it ran (the connection broke after
// sending, the attempt timed out, or NetSuite answered 5xx). It was not
// repeated: a second execution could create a second record. Look the
// record up (for instance by its external id) before sending it again.
type UnknownOutcomeError struct {
	Method, URL string
	Attempts    int
	Err         error // the last attempt's error
}

func (e *UnknownOutcomeError) Error() string {
	cause := e.Err.Error()
	var ne *Error
	if errors.As(e.Err, &ne) {
		// Its message names the request already.
		return fmt.Sprintf("%s (the outcome is unknown: it may or may not have run, and it was not retried, as running it twice could create a second record)", cause)
	}
	return fmt.Sprintf("netsuite: %s %s: %s (the outcome is unknown: it may or may not have run, and it was not retried, as running it twice could create a second record)",
		e.Method, e.URL, strings.TrimPrefix(cause, "netsuite: "))
}

// RetriesExhaustedError is returned when every attempt the policy allows
// failed with a transient error; it wraps the last one (errors.As finds
// the *Error of a refusal).
type RetriesExhaustedError struct {
	Attempts int
	Err      error
}

func (e *RetriesExhaustedError) Error() string {
	return fmt.Sprintf("%v (gave up after %d attempts)", e.Err, e.Attempts)
}

func (e *RetriesExhaustedError) Unwrap() error { return e.Err }

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// RetryPolicy is the pipeline's Retryer: exponential backoff with full
// jitter, Retry-After honoured, the context's deadline respected, every
// attempt authenticated afresh by the pipeline. The zero value is usable
// (the defaults below); it is safe for concurrent use.
type RetryPolicy struct {
	// MaxAttempts bounds the attempts of one request (default 6).
	MaxAttempts int
	// BaseDelay and MaxDelay shape the backoff: the n-th retry waits a
	// random time in [0, min(MaxDelay, BaseDelay·2ⁿ)] (defaults 250 ms, 20 s).
	BaseDelay, MaxDelay time.Duration
	// InvalidLoginRetries bounds the retries of a 401 "Invalid login
	// attempt." while concurrency refusals are being seen (default 2; -1
	// for none).
	InvalidLoginRetries int
	// Logger receives one event per retry (secrets are never in it).
	Logger *slog.Logger

	// sleep waits d or until ctx ends (tests replace it).
	sleep func(ctx context.Context, d time.Duration) error

	lastConcurrency                                atomic.Int64 // unix nanos of the last concurrency refusal seen
	inFlight                                       atomic.Int64 // requests in Do now
	lastOK                                         atomic.Int64 // unix nanos of the last answer that was not an error
	requests, attempts, retries, refusals, unknown atomic.Int64
	waitedNanos                                    atomic.Int64
}

// RetryStats are a policy's counters since it was made.
type RetryStats struct {
	Requests, Attempts, Retries int64
	// Refusals counts concurrency refusals (and overload 401s) seen.
	Refusals int64
	// Unknown counts requests given up with an UnknownOutcomeError.
	Unknown int64
	// Backoff is the total time spent waiting between attempts.
	Backoff time.Duration
}

// Stats returns the policy's counters.
func (p *RetryPolicy) Stats() RetryStats {
	return RetryStats{Requests: p.requests.Load(), Attempts: p.attempts.Load(), Retries: p.retries.Load(),
		Refusals: p.refusals.Load(), Unknown: p.unknown.Load(), Backoff: time.Duration(p.waitedNanos.Load())}
}

func (p *RetryPolicy) maxAttempts() int {
	if p.MaxAttempts > 0 {
		return p.MaxAttempts
	}
	return 6
}

// backoff is the full-jitter delay before retry n (1-based).
func (p *RetryPolicy) backoff(n int) time.Duration {
	base, max := p.BaseDelay, p.MaxDelay
	if base <= 0 {
		base = 250 * time.Millisecond
	}
	if max <= 0 {
		max = 20 * time.Second
	}
	ceil := max
	if n < 30 && base<<n < max && base<<n > 0 {
		ceil = base << n
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// verdict is what the policy makes of one attempt's failure.
type verdict int

const (
	giveUp        verdict = iota // return the error
	retryAny                     // not executed: retry whatever the request
	retryRefused                 // refused for the concurrency limit: retryAny, and counted
	retryIfSafe                  // transient, maybe executed: retry an idempotent request only
	retryOverload                // 401 while over the limit: bounded retries
	retryNewToken                // a bearer token refused: once more with a new token
)

// classify tells transient failures from final ones.
func (p *RetryPolicy) classify(err error) (verdict, string) {
	// An OAuth 2.0 access token refused (oauth2.TokenRejectedError, which
	// wraps the 401's *Error, so this comes first): not executed.
	var tr interface{ TokenRejected() bool }
	if errors.As(err, &tr) && tr.TokenRejected() {
		return retryNewToken, "access token rejected"
	}
	var e *Error
	if errors.As(err, &e) {
		switch {
		case isConcurrency(e):
			return retryRefused, "concurrency limit"
		case e.SOAPFault != "":
			// SOAP faults come as HTTP 500 whatever they are: the fault type
			// says. unexpectedErrorFault is NetSuite's own failure.
			switch {
			case strings.EqualFold(e.SOAPFault, "invalidCredentialsFault"):
				return retryOverload, "invalid login while over the concurrency limit"
			case strings.EqualFold(e.SOAPFault, "unexpectedErrorFault") && e.emulatorNotImplemented():
				return giveUp, "" // the emulator's "not implemented": retrying cannot help
			case strings.EqualFold(e.SOAPFault, "unexpectedErrorFault"):
				return retryIfSafe, "SOAP unexpectedErrorFault"
			}
			return giveUp, ""
		case e.StatusCode == http.StatusUnauthorized:
			return retryOverload, "invalid login while over the concurrency limit"
		case e.StatusCode >= 500:
			return retryIfSafe, fmt.Sprintf("HTTP %d", e.StatusCode)
		}
		return giveUp, ""
	}
	if errors.Is(err, context.Canceled) {
		return giveUp, ""
	}
	if notSent(err) {
		return retryAny, "connection not made"
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return retryIfSafe, "timeout"
	}
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.EPIPE) || strings.Contains(err.Error(), "server closed idle connection") {
		return retryIfSafe, "connection broken"
	}
	return giveUp, ""
}

// isConcurrency reports a refusal for the concurrency limit on any surface.
func isConcurrency(e *Error) bool {
	return e.StatusCode == http.StatusTooManyRequests ||
		e.hasCode("CONCURRENCY_LIMIT_EXCEEDED", "SSS_REQUEST_LIMIT_EXCEEDED", "WS_REQUEST_BLOCKED", "WS_CONCUR_SESSION_DISALLWD") ||
		strings.EqualFold(e.SOAPFault, "exceededConcurrentRequestLimitFault") || strings.EqualFold(e.SOAPFault, "exceededRequestLimitFault")
}

// notSent reports a failure before the request left: the connection was
// refused or never made, so NetSuite cannot have run it.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED)
}

// Do runs attempt until it succeeds, fails for good, the attempts run out
// or ctx ends (netsuite.Retryer).
func (p *RetryPolicy) Do(ctx context.Context, req *Request, attempt func(context.Context) (*http.Response, error)) (*http.Response, error) {
	p.requests.Add(1)
	p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	safe := RequestIdempotent(req)
	overloadRetries := 0
	newToken := false
	var last401 int64 // unix nanos of this request's last overload 401
	var lastErr error
	for n := 1; ; n++ {
		p.attempts.Add(1)
		resp, err := attempt(ctx)
		if err == nil {
			p.lastOK.Store(time.Now().UnixNano())
			return resp, nil
		}
		lastErr = err
		v, reason := p.classify(err)
		if v == retryRefused {
			p.refusals.Add(1)
			p.lastConcurrency.Store(time.Now().UnixNano())
		}
		if v == retryNewToken && newToken {
			// A fresh token refused too: not about the token's age. Under
			// load it is the overload 401; otherwise (scope, role, revoked
			// integration) the overload rule below gives up at once.
			v = retryOverload
		}
		switch v {
		case giveUp:
			return nil, err
		case retryIfSafe:
			if !safe {
				p.unknown.Add(1)
				return nil, &UnknownOutcomeError{Method: req.Method, URL: redactURL(req.URL), Attempts: n, Err: err}
			}
		case retryNewToken:
			newToken = true // once: the authenticator dropped the refused token
		case retryOverload:
			// Only under load — concurrency refusals seen within the last
			// two minutes, or other requests of this policy in flight (the
			// first refusal of a burst may itself come as a 401, before
			// any 429 was seen) — and a bounded number of times: a real
			// bad login must not be hammered (NetSuite may lock the user).
			limit := p.InvalidLoginRetries
			if limit == 0 {
				limit = 2
			}
			seen := p.lastConcurrency.Load()
			refused := seen != 0 && time.Since(time.Unix(0, seen)) <= 2*time.Minute
			if last401 != 0 && p.lastOK.Load() > last401 {
				// Another request of this policy was answered since this
				// one's last 401: the credentials work, so that 401 was
				// the overload, not a bad login. The bound starts again;
				// MaxAttempts still ends the request.
				overloadRetries = 0
			}
			if limit < 0 || overloadRetries >= limit || !refused && p.inFlight.Load() < 2 {
				return nil, err
			}
			overloadRetries++
			last401 = time.Now().UnixNano()
			p.refusals.Add(1)
		}
		if n >= p.maxAttempts() {
			return nil, &RetriesExhaustedError{Attempts: n, Err: lastErr}
		}
		delay := p.backoff(n)
		var e *Error
		if errors.As(err, &e) && e.RetryAfter > delay {
			delay = e.RetryAfter
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			return nil, fmt.Errorf("%w (not retried after a %s: the next attempt would start after the context's deadline)", lastErr, reason)
		}
		p.retries.Add(1)
		if p.Logger != nil {
			p.Logger.LogAttrs(context.WithoutCancel(ctx), slog.LevelInfo, "netsuite retry",
				slog.String("method", req.Method), slog.String("url", redactURL(req.URL)),
				slog.Int("attempt", n), slog.String("reason", reason), slog.Duration("delay", delay),
				slog.String("error", err.Error()))
		}
		sleep := p.sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		start := time.Now()
		if err := sleep(ctx, delay); err != nil {
			p.waitedNanos.Add(int64(time.Since(start)))
			return nil, fmt.Errorf("%w while waiting to retry after a %s (last answer: %v)", err, reason, lastErr)
		}
		p.waitedNanos.Add(int64(time.Since(start)))
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// redactURL drops the query (it may carry a RESTlet's parameters).
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "?"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// headerValue is h.Get(name), also for keys written in a map literal
// without canonical case (http.Header{"SOAPAction": …}), which the
// transport sends as they are.
func headerValue(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}
