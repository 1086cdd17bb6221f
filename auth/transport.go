package auth

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Transport is an http.RoundTripper that signs every request with an OAuth
// 1.0a Authorization header (NetSuite TBA for REST web services, SuiteQL and
// RESTlets), so any *http.Client can call NetSuite:
//
//	hc := &http.Client{Transport: &auth.Transport{Signer: s}}
//
// Each attempt is signed anew (fresh nonce and timestamp), so a retry layer
// above it never replays a nonce. The caller's request is not modified.
type Transport struct {
	Signer *Signer
	Base   http.RoundTripper // http.DefaultTransport when nil
	Logger *slog.Logger      // debug lines per request; never logs secrets or the header
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	closeBody := func() {
		if req.Body != nil {
			req.Body.Close()
		}
	}
	if t.Signer == nil {
		closeBody()
		return nil, &HeaderError{"auth.Transport has no Signer"}
	}
	h, err := t.Signer.AuthorizationHeader(req.Method, req.URL)
	if err != nil {
		closeBody()
		return nil, err
	}
	r2 := req.Clone(req.Context())
	r2.Header.Set("Authorization", h)
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	start := time.Now()
	resp, err := base.RoundTrip(r2)
	if t.Logger != nil && t.Logger.Enabled(req.Context(), slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("method", req.Method),
			slog.String("url", req.URL.Redacted()),
			slog.Any("credentials", t.Signer.creds),
			slog.Duration("elapsed", time.Since(start)),
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", err.Error()))
		} else {
			attrs = append(attrs, slog.Int("status", resp.StatusCode))
		}
		t.Logger.LogAttrs(context.WithoutCancel(req.Context()), slog.LevelDebug, "netsuite request", attrs...)
	}
	return resp, err
}
