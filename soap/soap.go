// Package soap is the SuiteTalk SOAP web services client: the 42 operations
// of NetSuite's WSDL as typed methods of Service, with the request and
// response types generated from the XSDs into soap/types/... (one package
// per NetSuite namespace: platform/core, platform/common, platform/messages,
// lists/relationships, transactions/sales, …).
//
// Every request goes through the client's pipeline (netsuite.Client.Do):
// SOAP 1.1 over POST to the account's SuiteTalk domain
// (/services/NetSuitePort_<version>), a SOAPAction header (which the retry
// policy reads to know whether the operation may run twice), and a
// tokenPassport header signed afresh for every attempt, since NetSuite
// accepts a passport nonce once. No applicationInfo header is ever sent:
// with token-based authentication the integration record is known from the
// token, and NetSuite refuses a request carrying both.
//
//	svc := soap.New(client)
//	rec, err := svc.GetRecord(ctx, &core.RecordRef{InternalId: "42", Type: core.RecordTypeCustomer})
//	cust := rec.(*relationships.Customer)
//
// Responses decode in one streaming pass; elements the client does not
// know are skipped, and the version in the response's namespaces is
// ignored, so responses of any endpoint version decode.
package soap

//go:generate go run ../internal/soapgen -root ..

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/internal/nsschema"
	"github.com/go-netsuite/netsuite/soap/internal/wire"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// DefaultVersion is the endpoint version used unless WithVersion names
// another: 2025_2, the last SOAP endpoint NetSuite plans.
const DefaultVersion = nsschema.Default

// Service calls SuiteTalk SOAP operations through a netsuite.Client.
type Service struct {
	client      *netsuite.Client
	version     string
	url         string
	alg         auth.PassportAlgorithm
	prefs       *messages.Preferences
	searchPrefs *messages.SearchPreferences
}

// Option configures a Service.
type Option func(*Service)

// WithVersion sets the endpoint version (such as "2025_2"): the URL and the
// namespaces of every request.
func WithVersion(v string) Option { return func(s *Service) { s.version = v } }

// WithEndpoint replaces the endpoint URL (default: the account's SuiteTalk
// domain with /services/NetSuitePort_<version>, or the client's base URL).
func WithEndpoint(url string) Option { return func(s *Service) { s.url = url } }

// WithPassportAlgorithm sets the tokenPassport signature algorithm
// (default HMAC_SHA256).
func WithPassportAlgorithm(a auth.PassportAlgorithm) Option {
	return func(s *Service) { s.alg = a }
}

// WithPreferences sets the preferences header sent with every request
// (a call's Preferences option replaces it).
func WithPreferences(p *messages.Preferences) Option { return func(s *Service) { s.prefs = p } }

// WithSearchPreferences sets the searchPreferences header sent with every
// search request (a call's SearchPreferences option replaces it).
func WithSearchPreferences(p *messages.SearchPreferences) Option {
	return func(s *Service) { s.searchPrefs = p }
}

// New returns a Service calling through c.
func New(c *netsuite.Client, opts ...Option) *Service {
	s := &Service{client: c, version: DefaultVersion, alg: auth.PassportHMACSHA256}
	for _, o := range opts {
		o(s)
	}
	if s.url == "" {
		s.url = c.URL(netsuite.SuiteTalk, "/services/NetSuitePort_"+s.version)
	}
	return s
}

// Version returns the endpoint version.
func (s *Service) Version() string { return s.version }

// URL returns the endpoint URL.
func (s *Service) URL() string { return s.url }

// opSpec is one WSDL operation (operations_gen.go).
type opSpec struct {
	action, in, out string
	searchPrefs     bool
}

// CallOption adjusts one call.
type CallOption func(*callOptions)

type callOptions struct {
	prefs       *messages.Preferences
	searchPrefs *messages.SearchPreferences
	info        *ResponseInfo
}

// Preferences sets the call's preferences header.
func Preferences(p *messages.Preferences) CallOption {
	return func(o *callOptions) { o.prefs = p }
}

// SearchPreferences sets the call's searchPreferences header (pageSize,
// bodyFieldsOnly, returnSearchColumns); only search operations send it.
func SearchPreferences(p *messages.SearchPreferences) CallOption {
	return func(o *callOptions) { o.searchPrefs = p }
}

// ResponseInfo receives what the response's SOAP header says.
type ResponseInfo struct {
	// NSID is platformMsgs:documentInfo/nsId: NetSuite's id of the request,
	// which NetSuite Support asks for.
	NSID string
}

// Info fills info from the call's response.
func Info(info *ResponseInfo) CallOption { return func(o *callOptions) { o.info = info } }

// Envelope namespaces (SOAP 1.1).
const (
	envNS = "http://schemas.xmlsoap.org/soap/envelope/"
	xsiNS = "http://www.w3.org/2001/XMLSchema-instance"
)

// Call sends the request of the WSDL operation op (such as "get"), req a
// pointer to its request type (messages.GetRequest), and decodes the
// response body element into resp (a pointer to messages.GetResponse). A
// refused request (an HTTP error or a SOAP fault) is a *netsuite.Error;
// its NSID is set when the fault carried one.
func (s *Service) Call(ctx context.Context, op string, req, resp any, opts ...CallOption) error {
	spec, ok := operations[op]
	if !ok {
		return fmt.Errorf("soap: no operation %q in the WSDL", op)
	}
	enc := wire.NewEncoder(s.version)
	if err := enc.EncodeElement("messages.platform", spec.in, req); err != nil {
		return err
	}
	return s.roundTrip(ctx, spec, enc.Buf.Bytes(), opts, func(r io.Reader) (string, *netsuite.Error, error) {
		return decodeEnvelope(r, spec.out, resp)
	})
}

// roundTrip sends body (the operation's element) with the call's
// preferences headers and decodes the answer with decode, which returns
// the nsId, a fault in a 2xx answer, and its error. The body and the
// preferences are the same for every attempt; only the passport is new
// each time.
func (s *Service) roundTrip(ctx context.Context, spec opSpec, body []byte, opts []CallOption,
	decode func(io.Reader) (nsID string, fault *netsuite.Error, err error)) error {
	co := callOptions{prefs: s.prefs, searchPrefs: s.searchPrefs}
	for _, o := range opts {
		o(&co)
	}
	headers, err := s.headers(spec, co)
	if err != nil {
		return err
	}
	httpResp, err := s.send(ctx, spec, headers, body)
	if err != nil {
		return err
	}
	defer httpResp.Body.Close()
	nsID, fault, err := decode(httpResp.Body)
	if co.info != nil {
		co.info.NSID = nsID
	}
	if fault != nil {
		fault.Method, fault.URL, fault.StatusCode = http.MethodPost, s.url, httpResp.StatusCode
		fault.NSID = nsID
		return fault
	}
	return err
}

// headers encodes the call's preferences headers.
func (s *Service) headers(spec opSpec, co callOptions) ([]byte, error) {
	enc := wire.NewEncoder(s.version)
	if co.prefs != nil {
		if err := enc.EncodeElement("messages.platform", "preferences", co.prefs); err != nil {
			return nil, err
		}
	}
	if spec.searchPrefs && co.searchPrefs != nil {
		if err := enc.EncodeElement("messages.platform", "searchPreferences", co.searchPrefs); err != nil {
			return nil, err
		}
	}
	return bytes.Clone(enc.Buf.Bytes()), nil
}

// send posts the envelope of headers and body (signed afresh for every
// attempt) through the client's pipeline. A refused request is a
// *netsuite.Error with the fault's nsId.
func (s *Service) send(ctx context.Context, spec opSpec, headers, body []byte) (*http.Response, error) {
	r := &netsuite.Request{
		Method: http.MethodPost,
		URL:    s.url,
		Header: http.Header{
			"Content-Type": {"text/xml; charset=utf-8"},
			"Soapaction":   {`"` + spec.action + `"`},
		},
		Auth: netsuite.AuthInBody,
		BuildBody: func(ctx context.Context, a netsuite.Authenticator) ([]byte, error) {
			return s.envelope(a, headers, body)
		},
	}
	// A fault (HTTP 500) comes back as a *netsuite.Error with its type,
	// code, message and nsId read by netsuite.CheckResponse.
	return s.client.Do(ctx, r)
}

// envelope builds one attempt's request: a fresh tokenPassport, then the
// call's headers and body.
func (s *Service) envelope(a netsuite.Authenticator, headers, body []byte) ([]byte, error) {
	ps, ok := a.(netsuite.PassportSigner)
	if !ok || ps == nil {
		return nil, errors.New("soap: the client's authenticator cannot sign a tokenPassport: SuiteTalk SOAP needs token-based authentication (TBA)")
	}
	p, err := ps.Passport(s.alg)
	if err != nil {
		return nil, fmt.Errorf("soap: signing the tokenPassport: %w", err)
	}
	tp := &core.TokenPassport{Account: p.Account, ConsumerKey: p.ConsumerKey, Token: p.Token, Nonce: p.Nonce,
		Timestamp: p.Timestamp, Signature: &core.TokenPassportSignature{Value: p.Signature, Algorithm: string(p.Algorithm)}}
	enc := wire.NewEncoder(s.version)
	enc.Buf.Grow(len(body) + len(headers) + 1024)
	enc.Buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="` + envNS + `" xmlns:xsi="` + xsiNS + `"><soapenv:Header>`)
	if err := enc.EncodeElement("messages.platform", "tokenPassport", tp); err != nil {
		return nil, err
	}
	enc.Buf.Write(headers)
	enc.Buf.WriteString("</soapenv:Header><soapenv:Body>")
	enc.Buf.Write(body)
	enc.Buf.WriteString("</soapenv:Body></soapenv:Envelope>")
	return enc.Buf.Bytes(), nil
}

// decodeEnvelope reads a SOAP response: the header's nsId, and the body's
// element, which must be named out (decoded into resp) or be a Fault
// (returned as *netsuite.Error). With resp nil only the nsId is read.
func decodeEnvelope(r io.Reader, out string, resp any) (nsID string, fault *netsuite.Error, err error) {
	var pick func(string) (any, error)
	found := false
	if resp != nil {
		pick = func(local string) (any, error) {
			if local != out {
				return nil, fmt.Errorf("soap: the response's body is %s, not %s", local, out)
			}
			found = true
			return resp, nil
		}
	}
	nsID, fault, err = decodeResponseBody(r, pick)
	if err == nil && fault == nil && resp != nil && !found {
		return nsID, nil, fmt.Errorf("soap: the response has no %s element", out)
	}
	return nsID, fault, err
}

// decodeResponseBody reads a SOAP response: the header's nsId, and the body's
// element: a Fault (returned as *netsuite.Error), or an element decoded into
// what pick returns for its local name (skipped when pick returns nil).
// With pick nil only the nsId is read.
func decodeResponseBody(r io.Reader, pick func(local string) (any, error)) (nsID string, fault *netsuite.Error, err error) {
	d := wire.NewDecoder(r)
	section := ""
	for {
		k, err := d.Next()
		if err != nil {
			return nsID, nil, fmt.Errorf("soap: decoding the response: %w", err)
		}
		switch k {
		case wire.EOF:
			return nsID, nil, nil
		case wire.Start:
			local := string(d.Local())
			depth := d.Depth()
			switch {
			case depth == 1 && local != "Envelope":
				return nsID, nil, fmt.Errorf("soap: the response is not a SOAP envelope (root element %s)", local)
			case depth == 2:
				section = local
			case section != "Body" && section != "Header" && depth > 2:
				if err := d.Skip(); err != nil {
					return nsID, nil, err
				}
			case local == "nsId" && depth == 4 && section == "Header":
				k, err := d.Next()
				if err != nil {
					return nsID, nil, err
				}
				if k == wire.Text {
					nsID = strings.TrimSpace(string(d.Text()))
				}
				if k == wire.Start {
					if err := d.Skip(); err != nil {
						return nsID, nil, err
					}
				}
			case depth == 3 && section == "Header":
			case depth == 3 && local == "Fault":
				f, err := decodeFault(d)
				return nsID, f, err
			case depth == 3 && pick != nil:
				resp, err := pick(local)
				if err != nil || resp == nil {
					return nsID, nil, err
				}
				if err := d.DecodeElement(resp); err != nil {
					return nsID, nil, fmt.Errorf("soap: decoding %s: %w", local, err)
				}
				return nsID, nil, nil
			case depth == 3:
				return nsID, nil, nil
			}
		}
	}
}

// decodeFault reads a Fault element (its Start just read) into an Error:
// faultstring, and detail's first element (the fault type) with its code
// and message.
func decodeFault(d *wire.Decoder) (*netsuite.Error, error) {
	e := &netsuite.Error{}
	var code, msg string
	base := d.Depth()
	var path []string
	for {
		k, err := d.Next()
		if err != nil {
			return e, err
		}
		switch k {
		case wire.EOF:
			return e, nil
		case wire.Start:
			path = append(path, string(d.Local()))
			if len(path) == 2 && path[0] == "detail" && e.SOAPFault == "" {
				e.SOAPFault = path[1]
			}
		case wire.End:
			if d.Depth() < base {
				if code != "" || msg != "" {
					e.Details = []netsuite.ErrorDetail{{Code: code, Detail: msg}}
				}
				return e, nil
			}
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case wire.Text:
			t := strings.TrimSpace(string(d.Text()))
			switch {
			case len(path) == 1 && path[0] == "faultstring":
				e.Title = t
			case len(path) == 3 && path[0] == "detail" && path[1] == e.SOAPFault && path[2] == "code":
				code = t
			case len(path) == 3 && path[0] == "detail" && path[1] == e.SOAPFault && path[2] == "message":
				msg = t
			}
		}
	}
}

// StatusError returns nil for a successful status (or none), and otherwise
// a *netsuite.Error whose Details are the status details (code and
// message), so that errors.As and the predicates (netsuite.IsPermission,
// IsNotFound, …) apply to a record that failed inside a 200 answer.
func StatusError(st *core.Status) error { return statusError("", st) }

// statusError is StatusError naming the operation (in the error's URL
// field, with Method "SOAP": "netsuite: SOAP get: 200 …").
func statusError(op string, st *core.Status) error {
	if st == nil || st.IsSuccess == nil || *st.IsSuccess {
		return nil
	}
	e := &netsuite.Error{StatusCode: http.StatusOK, Method: "SOAP", URL: op, Title: "record status isSuccess=false"}
	for _, sd := range st.StatusDetail {
		if sd == nil || sd.Type == "WARNING" {
			continue
		}
		var det netsuite.ErrorDetail
		if sd.Code != nil {
			det.Code = string(*sd.Code)
		}
		if sd.Message != nil {
			det.Detail = *sd.Message
		}
		e.Details = append(e.Details, det)
	}
	return e
}
