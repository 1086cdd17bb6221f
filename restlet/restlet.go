// Package restlet calls NetSuite RESTlets: custom SuiteScript endpoints
// deployed at /app/site/hosting/restlet.nl?script=…&deploy=… on the
// account's RESTlet domain, signed with Token-Based Authentication.
package restlet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-netsuite/netsuite"
)

// Service calls RESTlets with a Client.
type Service struct{ c *netsuite.Client }

// New returns a Service over c.
func New(c *netsuite.Client) *Service { return &Service{c: c} }

// Deployment names a RESTlet deployment by script and deploy id (numbers or
// script ids such as "customscript_orders").
type Deployment struct {
	Script, Deploy string
}

// Response is a RESTlet's answer.
type Response struct {
	StatusCode  int
	ContentType string
	Body        []byte
}

// JSON decodes the body into v.
func (r *Response) JSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("restlet: the response is not JSON (%s): %w", r.ContentType, err)
	}
	return nil
}

// maxRedirects bounds how many data-centre redirects Call follows.
const maxRedirects = 3

// Call sends method to the deployment with extra query parameters and a
// body (nil for none; []byte or string is sent as text/plain unless
// contentType says otherwise; anything else is encoded as JSON).
//
// NetSuite: GET|POST|PUT|DELETE /app/site/hosting/restlet.nl?script=&deploy=.
// A 302 to another NetSuite data centre is followed (re-signed for the new
// URL, method and body kept) only to an https netsuite.com host — or the
// configured base URL's host — so a redirect never carries a signed request
// elsewhere. Errors are *netsuite.Error with the RESTlet's code and message.
func (s *Service) Call(ctx context.Context, method string, d Deployment, params url.Values, body any, contentType string) (*Response, error) {
	if d.Script == "" || d.Deploy == "" {
		return nil, errors.New("restlet: the deployment needs both a script and a deploy id")
	}
	q := url.Values{}
	for k, v := range params {
		q[k] = v
	}
	q.Set("script", d.Script)
	q.Set("deploy", d.Deploy)
	var payload []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		payload = b
		if contentType == "" {
			contentType = "text/plain"
		}
	case string:
		payload = []byte(b)
		if contentType == "" {
			contentType = "text/plain"
		}
	default:
		var err error
		if payload, err = json.Marshal(b); err != nil {
			return nil, fmt.Errorf("restlet: encoding the body: %w", err)
		}
		if contentType == "" {
			contentType = "application/json"
		}
	}
	if method == http.MethodGet && payload != nil {
		return nil, errors.New("restlet: a GET cannot have a body (NetSuite answers 400)")
	}
	target := s.c.URL(netsuite.RESTlets, "/app/site/hosting/restlet.nl?"+q.Encode())
	h := http.Header{"Accept": {"application/json, text/plain, */*"}}
	if payload != nil {
		h.Set("Content-Type", contentType)
	}
	// The pipeline follows no redirect by itself: each hop is a new request,
	// authenticated for its own URL.
	for hop := 0; ; hop++ {
		resp, err := s.c.Do(ctx, &netsuite.Request{Method: method, URL: target, Header: h, Body: payload, Redirects: true})
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusFound || resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusMovedPermanently {
			resp.Body.Close()
			loc, err := resp.Location()
			if err != nil {
				return nil, fmt.Errorf("restlet: redirect without a Location: %w", err)
			}
			if hop >= maxRedirects {
				return nil, fmt.Errorf("restlet: more than %d redirects", maxRedirects)
			}
			if !s.safeRedirect(loc) {
				return nil, fmt.Errorf("restlet: refusing to follow a redirect to %s: only NetSuite hosts over https are followed", loc.Redacted())
			}
			target = loc.String()
			continue
		}
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			return nil, netsuite.CheckResponse(resp) // another 3xx: an *Error, as before
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		return &Response{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: b}, nil
	}
}

func (s *Service) safeRedirect(u *url.URL) bool {
	base, _ := url.Parse(s.c.BaseURL(netsuite.RESTlets))
	if base != nil && strings.EqualFold(u.Host, base.Host) && u.Scheme == base.Scheme {
		return true
	}
	h := strings.ToLower(u.Hostname())
	return u.Scheme == "https" && (h == "netsuite.com" || strings.HasSuffix(h, ".netsuite.com"))
}

// Get calls the deployment's get entry point.
func (s *Service) Get(ctx context.Context, d Deployment, params url.Values) (*Response, error) {
	return s.Call(ctx, http.MethodGet, d, params, nil, "")
}

// Post calls the post entry point with body (see Call for encoding).
func (s *Service) Post(ctx context.Context, d Deployment, body any) (*Response, error) {
	return s.Call(ctx, http.MethodPost, d, nil, body, "")
}

// Put calls the put entry point with body.
func (s *Service) Put(ctx context.Context, d Deployment, body any) (*Response, error) {
	return s.Call(ctx, http.MethodPut, d, nil, body, "")
}

// Delete calls the delete entry point.
func (s *Service) Delete(ctx context.Context, d Deployment, params url.Values) (*Response, error) {
	return s.Call(ctx, http.MethodDelete, d, params, nil, "")
}
