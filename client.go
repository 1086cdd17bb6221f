// Package netsuite is a client for Oracle NetSuite's SuiteTalk web services:
// REST web services, SuiteQL, RESTlets and SOAP, with Token-Based
// Authentication.
//
// A Client is built from a Config resolved through a documented chain
// (explicit options, then NETSUITE_* environment variables, then a profile in
// $XDG_CONFIG_HOME/netsuite/config.toml):
//
//	c, err := netsuite.NewClient()
//	if err != nil { ... }
//	resp, err := c.Do(ctx, &netsuite.Request{Method: "GET",
//		URL: c.URL(netsuite.SuiteTalk, "/services/rest/record/v1/customer?limit=5")})
//
// Client.Do is the one request pipeline every service sends through (retry
// loop → concurrency slot → authenticate → middleware → transport →
// classification into *Error); see Request and the With* options.
// Signing lives in package auth and is shared with the emulator (package sim).
package netsuite

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/auth"
)

// Version is the library and CLI version.
const Version = "0.1.0-dev"

// Domain names one of an account's hosts.
type Domain int

const (
	// SuiteTalk is <account>.suitetalk.api.netsuite.com: SOAP, REST records, SuiteQL.
	SuiteTalk Domain = iota
	// RESTlets is <account>.restlets.api.netsuite.com.
	RESTlets
	// System is <account>.app.netsuite.com, the UI host.
	System
)

// Client talks to one NetSuite account. It is safe for concurrent use.
type Client struct {
	account Account
	baseURL string       // override for every domain, or ""
	signer  *auth.Signer // nil with WithAuthenticator
	logger  *slog.Logger
	config  *Config

	// The pipeline's stages (pipeline.go).
	retryer    Retryer
	limiter    Limiter
	auth       Authenticator
	transport  http.RoundTripper // user middleware over the base transport
	classifier Classifier
	timeout    time.Duration // per attempt, 0 for none

	http *http.Client // HTTPClient: slot → authenticate → middleware → base

	skew         skewEstimator // NetSuite's clock minus ours (clock.go)
	correctClock bool          // sign with timestamps corrected by skew
}

// Option configures NewClient.
type Option func(*clientOptions)

type clientOptions struct {
	config     *Config
	load       LoadOptions
	explicit   Values // from WithCredentials and WithBaseURL; wins over load.Explicit
	httpClient *http.Client
	logger     *slog.Logger
	signerOpts []auth.SignerOption
	timeout    time.Duration

	retryer       Retryer
	limiter       Limiter
	authenticator Authenticator
	middleware    []Middleware
	classifier    Classifier

	noClockCorrection bool
}

// WithConfig uses c instead of resolving the configuration chain.
func WithConfig(c *Config) Option { return func(o *clientOptions) { o.config = c } }

// WithLoadOptions resolves the configuration chain with these options
// (explicit values, profile, file).
func WithLoadOptions(l LoadOptions) Option { return func(o *clientOptions) { o.load = l } }

// WithCredentials sets explicit credentials, which win over the environment
// and the profile.
func WithCredentials(c auth.Credentials) Option {
	return func(o *clientOptions) {
		o.explicit.Account = c.Account
		o.explicit.ConsumerKey = c.ConsumerKey
		o.explicit.ConsumerSecret = c.ConsumerSecret
		o.explicit.TokenID = c.TokenID
		o.explicit.TokenSecret = c.TokenSecret
	}
}

// WithBaseURL sends every request to base instead of NetSuite's domains (for
// the emulator or a proxy).
func WithBaseURL(base string) Option {
	return func(o *clientOptions) { o.explicit.BaseURL = base }
}

// WithHTTPClient sets the pipeline's base transport (hc.Transport) and
// per-attempt timeout (hc.Timeout). Requests never go through hc itself:
// the pipeline does not follow redirects, and authentication happens above
// the transport. The client is not modified.
func WithHTTPClient(hc *http.Client) Option { return func(o *clientOptions) { o.httpClient = hc } }

// WithTimeout bounds each attempt, from sending to reading the answer's end
// (default none: use contexts).
func WithTimeout(d time.Duration) Option { return func(o *clientOptions) { o.timeout = d } }

// WithLogger sets a logger for debug lines; it never receives secrets.
func WithLogger(l *slog.Logger) Option { return func(o *clientOptions) { o.logger = l } }

// WithSignerOptions passes options to the TBA signer (clock, nonce source,
// clock offset, signature method).
func WithSignerOptions(opts ...auth.SignerOption) Option {
	return func(o *clientOptions) { o.signerOpts = append(o.signerOpts, opts...) }
}

// NewClient returns a Client for the configured account. It fails with every
// missing or malformed configuration value named (see Config.Validate).
func NewClient(opts ...Option) (*Client, error) {
	var o clientOptions
	for _, f := range opts {
		f(&o)
	}
	cfg := o.config
	if cfg == nil {
		for _, f := range fields {
			if v := f.get(&o.explicit); v != "" {
				f.set(&o.load.Explicit, v)
			}
		}
		var err error
		if cfg, err = LoadConfig(o.load); err != nil {
			return nil, err
		}
	}
	c := &Client{config: cfg, logger: o.logger}
	if o.authenticator != nil {
		if err := cfg.validate("account", "base_url"); err != nil {
			return nil, fmt.Errorf("netsuite: %w", err)
		}
		c.auth = o.authenticator
	} else {
		creds, err := cfg.Credentials()
		if err != nil {
			return nil, fmt.Errorf("netsuite: %w", err)
		}
		signerOpts := o.signerOpts
		if !o.noClockCorrection {
			// First, so that a WithSignerOptions(auth.WithClockOffset(…))
			// of the caller's wins.
			c.correctClock = true
			signerOpts = append([]auth.SignerOption{auth.WithClockOffset(c.skew.get)}, signerOpts...)
		}
		if c.signer, err = auth.NewSigner(creds, signerOpts...); err != nil {
			return nil, fmt.Errorf("netsuite: %w", err)
		}
		c.auth = TBA{c.signer}
	}
	c.account, _ = ParseAccount(cfg.Account) // validated above
	if cfg.BaseURL != "" {
		u, _ := ParseBaseURL(cfg.BaseURL) // validated above
		c.baseURL = u.String()
	}
	var base http.RoundTripper
	if o.httpClient != nil {
		base, c.timeout = o.httpClient.Transport, o.httpClient.Timeout
	}
	if o.timeout > 0 {
		c.timeout = o.timeout
	}
	if base == nil {
		// NetSuite traffic goes to one or two hosts with several requests in
		// flight (parallel pages); the default keeps only 2 idle connections
		// per host and would reconnect for every other request.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 32
		base = t
	}
	for i := len(o.middleware) - 1; i >= 0; i-- {
		base = o.middleware[i](base)
	}
	c.transport = base
	c.retryer, c.limiter, c.classifier = o.retryer, o.limiter, o.classifier
	if c.retryer == nil {
		c.retryer = &RetryPolicy{Logger: c.logger}
	}
	if c.limiter == nil {
		c.limiter = unlimited{}
	}
	if c.classifier == nil {
		c.classifier = Classify
	}
	c.http = &http.Client{Transport: pipelineTransport{c}, Timeout: c.timeout}
	return c, nil
}

// Account returns the client's account.
func (c *Client) Account() Account { return c.account }

// Config returns the resolved configuration.
func (c *Client) Config() *Config { return c.config }

// Signer returns the TBA signer, or nil when the client was built
// WithAuthenticator.
func (c *Client) Signer() *auth.Signer { return c.signer }

// HTTPClient returns a plain *http.Client over the pipeline's lower stages:
// each request (and each redirect hop) takes a concurrency slot, is
// authenticated afresh and passes the middleware and base transport. It
// does not retry and does not turn refusals into errors: use Do for that.
func (c *Client) HTTPClient() *http.Client { return c.http }

// BaseURL returns the scheme and host for d, e.g.
// "https://1234567-sb1.suitetalk.api.netsuite.com", or the base-URL override.
func (c *Client) BaseURL(d Domain) string {
	if c.baseURL != "" {
		return c.baseURL
	}
	switch d {
	case RESTlets:
		return "https://" + c.account.RESTletsDomain()
	case System:
		return "https://" + c.account.SystemDomain()
	default:
		return "https://" + c.account.SuiteTalkDomain()
	}
}

// URL joins BaseURL(d) and a path such as "/services/rest/record/v1/customer".
func (c *Client) URL(d Domain, path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return c.BaseURL(d) + path
}
