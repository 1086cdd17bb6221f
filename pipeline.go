package netsuite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/auth"
)

// The request pipeline. Every request of every service (suiteql, record,
// restlet, doctor, and the SOAP client to come) goes through Client.Do, whose
// stages run in this order:
//
//	retry loop  →  concurrency slot  →  authenticate  →  user middleware  →  base transport
//	                                                                       → classify into *Error
//
// The retry loop (Retryer) repeats whole attempts; each attempt takes a slot
// (Limiter) before it is authenticated, so time spent waiting never ages a
// signature, and is authenticated afresh (a new nonce and timestamp, a new
// SOAP tokenPassport). User middleware sees the authenticated request as it
// goes on the wire; the base transport sends it; the answer is classified
// (Classifier) into a response or an *Error. Each stage is replaced through
// an option: WithRetryer, WithLimiter, WithAuthenticator, WithMiddleware,
// WithHTTPClient (the base transport), WithClassifier.

// Request is one logical call to NetSuite. Client.Do may send it more than
// once (one attempt per retry); it is not modified.
type Request struct {
	// Method and URL (absolute, e.g. from Client.URL).
	Method, URL string
	// Header is copied into every attempt. Authentication headers are set by
	// the pipeline, never here.
	Header http.Header
	// Body is sent as is on every attempt (nil: no body).
	Body []byte
	// Auth selects how the request is authenticated; the default is the
	// client's Authenticator on the request's headers.
	Auth AuthMode
	// BuildBody, with Auth == AuthInBody, builds the body of one attempt
	// after its slot is taken: a SOAP envelope carries its credentials (a
	// single-use tokenPassport) in the body, so each attempt needs a new one.
	// a is the client's Authenticator (see PassportSigner).
	BuildBody func(ctx context.Context, a Authenticator) ([]byte, error)
	// Idempotency tells the retry policy whether the request may run twice;
	// the default decides from the method, path and SOAP action
	// (RequestIdempotent).
	Idempotency Idempotency
	// Redirects returns 3xx answers to the caller instead of classifying
	// them as errors; the pipeline never follows a redirect by itself (a
	// RESTlet redirect must be authenticated anew for its new URL).
	Redirects bool
}

// AuthMode is how a request is authenticated.
type AuthMode int

const (
	// AuthHeader: the client's Authenticator sets the request's headers (TBA's
	// OAuth 1.0a Authorization header).
	AuthHeader AuthMode = iota
	// AuthNone: sent without credentials (e.g. /rest/datacenterurls).
	AuthNone
	// AuthInBody: Request.BuildBody puts the credentials into the body (SOAP
	// tokenPassport); no Authorization header is sent.
	AuthInBody
)

// Authenticator adds credentials to one attempt of a request. It is called
// once per attempt, after the attempt's concurrency slot is taken, and must
// produce fresh credentials every time (TBA: a new nonce and timestamp).
// It may use req.Context() (e.g. to fetch a token).
type Authenticator interface {
	Authenticate(req *http.Request) error
}

// PassportSigner is implemented by authenticators that can sign SOAP
// tokenPassports (TBA: NetSuite's SOAP web services accept no OAuth 2.0).
type PassportSigner interface {
	Passport(alg auth.PassportAlgorithm) (*auth.Passport, error)
}

// ResponseChecker is implemented by authenticators that read a refused
// answer after the classifier: Check gets the response and the
// classifier's error and returns the error to use. OAuth 2.0's
// authenticator drops a token NetSuite refused (401) and returns an
// oauth2.TokenRejectedError, which RetryPolicy retries once with a new
// token. The pipeline calls it for every request it authenticated.
type ResponseChecker interface {
	Check(resp *http.Response, err error) error
}

// TBA authenticates with Token-Based Authentication: an OAuth 1.0a
// Authorization header per attempt, and tokenPassports for SOAP bodies.
type TBA struct{ *auth.Signer }

// Authenticate sets req's Authorization header with a fresh nonce and
// timestamp.
func (t TBA) Authenticate(req *http.Request) error { return t.SignRequest(req) }

// Retryer runs the attempts of one request. attempt sends the request once
// (through the slot, authentication, middleware and transport) and returns
// a 2xx (or, with Request.Redirects, 3xx) response or an error, an *Error for
// a refusal. A Retryer may call attempt again; it must close the body of a
// response it does not return.
type Retryer interface {
	Do(ctx context.Context, req *Request, attempt func(context.Context) (*http.Response, error)) (*http.Response, error)
}

// Limiter hands out concurrency slots. Acquire waits for one (or fails when
// ctx ends); the pipeline calls release exactly once, when the attempt's
// response body is read to its end or closed, or when the attempt fails.
type Limiter interface {
	Acquire(ctx context.Context, req *Request) (release func(), err error)
}

// Observer is implemented by limiters that learn from answers (an adaptive
// limiter shrinks on concurrency refusals). The pipeline calls Observe once
// per attempt, with nil for an answer returned to the caller, the *Error of
// a refusal, or the transport error.
type Observer interface {
	Observe(req *Request, err error)
}

// Middleware wraps the transport below authentication: it sees each attempt
// as sent, credentials included (never log the Authorization header).
// The first middleware given is the outermost.
type Middleware func(next http.RoundTripper) http.RoundTripper

// RoundTripperFunc adapts a function to http.RoundTripper.
type RoundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(req).
func (f RoundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// Classifier turns an answer into an error, or nil to return it to the
// caller. A classifier that returns an error closes the body.
type Classifier func(req *Request, resp *http.Response) error

// Classify is the default Classifier: a 2xx answer is returned (and a 3xx
// when req.Redirects), anything else becomes an *Error (CheckResponse).
func Classify(req *Request, resp *http.Response) error {
	if req.Redirects && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil
	}
	return CheckResponse(resp)
}

// NoRetry is the Retryer that sends every request once (for diagnostics
// that must see each refusal, such as the doctor). The default is a
// RetryPolicy.
var NoRetry Retryer = noRetry{}

// noRetry is the pass-through Retryer: one attempt.
type noRetry struct{}

func (noRetry) Do(ctx context.Context, _ *Request, attempt func(context.Context) (*http.Response, error)) (*http.Response, error) {
	return attempt(ctx)
}

// unlimited is the pass-through Limiter.
type unlimited struct{}

func (unlimited) Acquire(context.Context, *Request) (func(), error) { return func() {}, nil }

// WithRetryer replaces the retry loop (default: one attempt, no retry).
func WithRetryer(r Retryer) Option { return func(o *clientOptions) { o.retryer = r } }

// WithLimiter replaces the concurrency slot stage (default: no limit).
func WithLimiter(l Limiter) Option { return func(o *clientOptions) { o.limiter = l } }

// WithAuthenticator replaces Token-Based Authentication. The configuration
// then needs only the account (and optionally a base URL): no TBA
// credentials are required and Client.Signer returns nil.
func WithAuthenticator(a Authenticator) Option {
	return func(o *clientOptions) { o.authenticator = a }
}

// WithMiddleware adds middleware between authentication and the base
// transport, the first given outermost.
func WithMiddleware(m ...Middleware) Option {
	return func(o *clientOptions) { o.middleware = append(o.middleware, m...) }
}

// WithClassifier replaces the classification of answers (default Classify).
func WithClassifier(f Classifier) Option { return func(o *clientOptions) { o.classifier = f } }

// Authenticator returns the client's authenticator.
func (c *Client) Authenticator() Authenticator { return c.auth }

// Do sends req through the pipeline. It returns the answer of the last
// attempt with its body open (the caller closes it; reading it to the end
// also frees the attempt's concurrency slot), or an error: an *Error when
// NetSuite refused the request, a context or transport error otherwise.
func (c *Client) Do(ctx context.Context, req *Request) (*http.Response, error) {
	if req == nil {
		return nil, errors.New("netsuite: Do: nil request")
	}
	if req.Auth == AuthInBody && req.BuildBody == nil {
		return nil, errors.New("netsuite: Do: AuthInBody needs Request.BuildBody")
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("netsuite: Do: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("netsuite: Do: %q is not an absolute http(s) URL", req.URL)
	}
	attempt, reSigned := 0, false
	return c.retryer.Do(ctx, req, func(ctx context.Context) (*http.Response, error) {
		attempt++
		before := c.skew.get()
		resp, err := c.attempt(ctx, req, attempt)
		// A login refused while the clock estimate moved by more than a
		// minute was most likely signed with a timestamp off NetSuite's
		// clock (InvalidTimestamp): sign it again, once, with the new one.
		if err != nil && c.correctClock && !reSigned && IsInvalidLogin(err) && (c.skew.get()-before).Abs() > time.Minute {
			reSigned = true
			attempt++
			return c.attempt(ctx, req, attempt)
		}
		return resp, err
	})
}

// attempt is one pass through slot → authenticate → middleware → transport
// → classification.
func (c *Client) attempt(ctx context.Context, req *Request, n int) (*http.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	release, err := c.limiter.Acquire(ctx, req)
	if err != nil {
		return nil, err
	}
	cancel := context.CancelFunc(func() {})
	if c.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	done := sync.OnceFunc(func() { cancel(); release() })

	body := req.Body
	if req.Auth == AuthInBody {
		if body, err = req.BuildBody(ctx, c.auth); err != nil {
			done()
			return nil, err
		}
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, rd)
	if err != nil {
		done()
		return nil, fmt.Errorf("netsuite: Do: %w", err)
	}
	switch hr.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		// net/http sends such a request again by itself when a reused
		// connection breaks before the answer (Transport.roundTrip's
		// "replayable" requests): the same bytes, so the same OAuth nonce,
		// which NetSuite refuses as a replay — the soak run saw the
		// emulator do so, when the first send had run and only its answer
		// was lost. A body without GetBody makes the request not
		// replayable, so the error comes back and the retry policy sends
		// the request again, signed afresh. (An empty body of these
		// methods is probed by the transport and sent as no body.)
		if hr.Body == nil || hr.Body == http.NoBody {
			hr.Body = noReplay{}
		}
		hr.GetBody = nil
	}
	for k, v := range req.Header {
		hr.Header[k] = append([]string(nil), v...)
	}
	resp, err := c.send(hr, req.Auth == AuthHeader, n, done)
	if err == nil {
		if resp.Request == nil {
			resp.Request = hr
		}
		err = c.classifier(req, resp)
		if rc, ok := c.auth.(ResponseChecker); ok && err != nil && req.Auth == AuthHeader {
			err = rc.Check(resp, err)
		}
		if err != nil {
			resp.Body.Close()
			resp = nil
		}
	}
	if o, ok := c.limiter.(Observer); ok && ctx.Err() == nil {
		o.Observe(req, err)
	}
	return resp, err
}

// send authenticates hr (when authenticate is set) and sends it through the
// middleware and the base transport; done (the slot's release) runs when
// the answer's body ends or is closed, or at once on failure.
func (c *Client) send(hr *http.Request, authenticate bool, n int, done func()) (*http.Response, error) {
	if authenticate {
		if err := c.auth.Authenticate(hr); err != nil {
			done()
			return nil, fmt.Errorf("netsuite: authenticating %s %s: %w", hr.Method, hr.URL.Redacted(), err)
		}
	}
	start := time.Now()
	resp, err := c.transport.RoundTrip(hr)
	c.logAttempt(hr, n, resp, err, time.Since(start))
	if err == nil {
		c.skew.observe(start, time.Now(), resp.Header)
	}
	if err != nil {
		done()
		return nil, err
	}
	resp.Body = &slotBody{rc: resp.Body, done: done}
	return resp, nil
}

func (c *Client) logAttempt(hr *http.Request, n int, resp *http.Response, err error, elapsed time.Duration) {
	ctx := hr.Context()
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", hr.Method),
		slog.String("url", hr.URL.Redacted()),
		slog.Int("attempt", n),
		slog.Duration("elapsed", elapsed),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	c.logger.LogAttrs(context.WithoutCancel(ctx), slog.LevelDebug, "netsuite request", attrs...)
}

// noReplay is an empty request body that net/http cannot rewind (see
// Client.attempt).
type noReplay struct{}

func (noReplay) Read([]byte) (int, error) { return 0, io.EOF }
func (noReplay) Close() error             { return nil }

// slotBody frees the attempt's slot (and its timeout) when the body is read
// to its end or closed, whichever comes first.
type slotBody struct {
	rc   io.ReadCloser
	done func()
}

func (b *slotBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err == io.EOF {
		b.done()
	}
	return n, err
}

func (b *slotBody) Close() error {
	err := b.rc.Close()
	b.done()
	return err
}

// pipelineTransport is the RoundTripper of HTTPClient: slot → authenticate
// → middleware → base transport for each request it is given (an
// http.Client follows redirects by calling it again, so every hop is
// authenticated anew). It neither retries nor classifies: callers of the
// plain client read status codes themselves.
type pipelineTransport struct{ c *Client }

func (t pipelineTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	closeBody := func() {
		if r.Body != nil {
			r.Body.Close()
		}
	}
	release, err := t.c.limiter.Acquire(r.Context(), &Request{Method: r.Method, URL: r.URL.String(), Header: r.Header})
	if err != nil {
		closeBody()
		return nil, err
	}
	return t.c.send(r.Clone(r.Context()), true, 1, sync.OnceFunc(release))
}
