package netsuite

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// nullTransport answers every request at once, without a network, so the
// benchmark measures the pipeline's own cost.
type nullTransport struct{}

func (nullTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// noopLimiter is a limiter that never waits, standing in for limit.Local
// when a slot is free (the limit package cannot be imported here).
type noopLimiter struct{}

func (noopLimiter) Acquire(context.Context, *Request) (func(), error) { return func() {}, nil }

// BenchmarkPipelineOverhead is the cost Client.Do adds to a request when
// nothing waits: retry policy, slot, per-attempt bookkeeping and
// classification, with a no-op authenticator and a transport that answers
// at once. "bare" is the same request straight through the transport.
func BenchmarkPipelineOverhead(b *testing.B) {
	req := &Request{Method: "GET", URL: "https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"}
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hr, _ := http.NewRequestWithContext(context.Background(), req.Method, req.URL, nil)
			resp, _ := nullTransport{}.RoundTrip(hr)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"do", nil},
		{"do+limiter", []Option{WithLimiter(noopLimiter{})}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			opts := append([]Option{WithConfig(&Config{Values: Values{Account: "1234567"}}), WithAuthenticator(noAuth{}),
				WithHTTPClient(&http.Client{Transport: nullTransport{}})}, tc.opts...)
			c, err := NewClient(opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.Do(context.Background(), req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}

type noAuth struct{}

func (noAuth) Authenticate(*http.Request) error { return nil }
