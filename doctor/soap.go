package doctor

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/vocab"
)

// soapEnvelope builds a getServerTime request with a fresh tokenPassport.
func soapEnvelope(p *auth.Passport, version string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
		` xmlns:platformMsgs="urn:messages_` + version + `.platform.webservices.netsuite.com">` +
		`<soapenv:Header>` + p.XML(version) + `</soapenv:Header>` +
		`<soapenv:Body><platformMsgs:getServerTime/></soapenv:Body>` +
		`</soapenv:Envelope>`
}

// passportError is a tokenPassport that could not be built.
type passportError struct{ err error }

func (e passportError) Error() string { return "cannot build a tokenPassport: " + e.err.Error() }
func (e passportError) Unwrap() error { return e.err }

// soapAnswer is what the SOAP check reads from a response.
type soapAnswer struct {
	fault        bool
	faultString  string
	faultKind    string // local name of the element in soapenv:Fault/detail
	faultCode    string
	faultMessage string

	isSuccess     string // status/@isSuccess
	statusCode    string
	statusMessage string
	serverTime    string
}

// parseSOAP reads a SOAP 1.1 response by local names, tolerant of the
// namespace prefixes and versions NetSuite uses.
func parseSOAP(body []byte) (*soapAnswer, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var a soapAnswer
	var stack []string
	sawEnvelope := false
	inside := func(name string) bool {
		for _, s := range stack {
			if s == name {
				return true
			}
		}
		return false
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(stack) == 0 {
				if name != "Envelope" {
					return nil, fmt.Errorf("the answer is <%s>, not a SOAP envelope", name)
				}
				sawEnvelope = true
			}
			if name == "Fault" {
				a.fault = true
			}
			if len(stack) > 0 && stack[len(stack)-1] == "detail" && inside("Fault") && name != "hostname" && a.faultKind == "" {
				a.faultKind = name
			}
			if name == "status" && !inside("statusDetail") {
				for _, at := range t.Attr {
					if at.Name.Local == "isSuccess" {
						a.isSuccess = at.Value
					}
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			text := strings.TrimSpace(string(t))
			if text == "" {
				continue
			}
			switch cur := stack[len(stack)-1]; {
			case cur == "faultstring":
				a.faultString += text
			case inside("Fault") && a.faultKind != "" && cur == "code":
				a.faultCode += text
			case inside("Fault") && a.faultKind != "" && cur == "message":
				a.faultMessage += text
			case inside("statusDetail") && cur == "code" && a.statusCode == "":
				a.statusCode = text
			case inside("statusDetail") && cur == "message" && a.statusMessage == "":
				a.statusMessage = text
			case cur == "serverTime":
				a.serverTime = text
			}
		}
	}
	if !sawEnvelope {
		return nil, errors.New("the answer is not XML")
	}
	return &a, nil
}

// checkSOAP is check 5: getServerTime with a tokenPassport.
func (r *run) checkSOAP(ctx context.Context) {
	c := Check{ID: CheckSOAP, Name: "SOAP token login"}
	if r.skipped(&c, r.opts.SkipSOAP, "--skip-soap") {
		return
	}
	version := r.opts.SOAPVersion
	target := r.client.URL(netsuite.SuiteTalk, "/services/NetSuitePort_"+version)
	// SOAP carries its credentials in the envelope: each attempt gets a
	// new tokenPassport from the client's authenticator.
	req := &netsuite.Request{Method: http.MethodPost, URL: target, Auth: netsuite.AuthInBody,
		Header: http.Header{"Content-Type": {"text/xml; charset=utf-8"}, "SOAPAction": {"getServerTime"}},
		BuildBody: func(_ context.Context, a netsuite.Authenticator) ([]byte, error) {
			ps, ok := a.(netsuite.PassportSigner)
			if !ok {
				return nil, passportError{errors.New("the client's authenticator cannot sign one")}
			}
			p, err := ps.Passport(auth.PassportHMACSHA256)
			if err != nil {
				return nil, passportError{err}
			}
			return []byte(soapEnvelope(p, version)), nil
		}}
	t0 := r.now()
	resp, err := r.send(ctx, req)
	t1 := r.now()
	if err != nil {
		c.Status, c.Summary = Fail, fmt.Sprintf("cannot reach %s: %v", hostOf(target), unwrapURLError(err))
		if pe := (passportError{}); errors.As(err, &pe) {
			c.Summary = "cannot build a tokenPassport: " + pe.err.Error()
		}
		r.add(c)
		r.soap = loginOther
		return
	}
	body := resp.body
	c.Details = []string{fmt.Sprintf("POST %s getServerTime → HTTP %d", target, resp.status)}
	if r.rep.ClockOffsetApplied {
		c.Details = append(c.Details, "tokenPassport timestamp corrected by "+signed(r.offset.Round(time.Second))+" (see the clock check)")
	}
	a, perr := parseSOAP(body)
	if perr != nil {
		r.soap = loginOther
		c.Status = Fail
		c.Summary = fmt.Sprintf("the endpoint did not answer with SOAP (HTTP %d): %v", resp.status, perr)
		if detail, _ := restErrorDetail(body); detail != "" {
			c.Details = append(c.Details, "answer: "+detail)
		}
		if resp.status == http.StatusNotFound {
			c.Summary = fmt.Sprintf("no SOAP endpoint at %s (HTTP 404)", target)
			c.Fix = "Check the base URL, and that SOAP endpoint " + version + " is still served (NetSuite keeps each endpoint for a limited time; SOAP ends with 2028.2)."
		}
		r.add(c)
		return
	}
	switch {
	case !a.fault && a.isSuccess == "true":
		r.soap = loginOK
		c.Status, c.Summary = OK, "token login works (SOAP web services, endpoint "+version+")"
		if st, err := parseXSDDateTime(a.serverTime); err == nil {
			local := t0.Add(t1.Sub(t0) / 2)
			skew := st.Sub(local)
			c.Details = append(c.Details, "serverTime "+st.UTC().Format(time.RFC3339)+": a second estimate puts this machine's clock "+describeSkew(skew))
		}
	case !a.fault:
		r.soap = loginOther
		c.Status = Fail
		c.Summary = "getServerTime failed: " + strings.TrimSpace(a.statusCode+" "+a.statusMessage)
	default:
		r.soapFault(ctx, &c, a)
	}
	r.add(c)
}

// soapFault fills a check from a SOAP fault.
func (r *run) soapFault(ctx context.Context, c *Check, a *soapAnswer) {
	msg := a.faultMessage
	if msg == "" {
		msg = a.faultString
	}
	c.Details = append(c.Details, fmt.Sprintf("fault: %s, code %s: %s", orDash(a.faultKind), orDash(a.faultCode), msg))
	c.Status = Fail
	kind := strings.ToLower(a.faultKind)
	switch {
	case kind == "exceededconcurrentrequestlimitfault" || a.faultCode == "WS_REQUEST_BLOCKED":
		r.soap = loginBusy
		r.concurrency(ctx, c, "") // the fault line says it
	case a.faultCode == "WS_FEATURE_REQD":
		r.soap = loginRefused
		r.soapDetail = vocab.DetailFeatureDisabled
		c.Summary = "the account's SOAP Web Services feature is disabled: " + msg
		c.Fix = "Enable it: Setup > Company > Setup Tasks > Enable Features > SuiteCloud > SuiteTalk (Web Services) > SOAP Web Services; Save." +
			r.onEmulator(Command{Kind: CommandEmulatorFeatureEnable, Feature: vocab.FeatureSOAP})
	case a.faultCode == "WS_PERMISSION_REQD" || a.faultCode == "INSUFFICIENT_PERMISSION" || kind == "insufficientpermissionfault":
		r.soap = loginRefused
		r.soapDetail = vocab.DetailInsufficientPermission
		c.Summary = "the token's role lacks the 'Web Services' permission that SOAP needs: " + msg
		c.Fix = "Add 'Web Services' at Full to the token's role (" + guideStep3 + "). If you added it recently: " + roleCacheNote + "."
	case kind == "invalidversionfault" || a.faultCode == "UNSUPPORTED_WS_VERSION" || a.faultCode == "INVALID_WS_VERSION":
		r.soap = loginOther
		c.Summary = "SOAP endpoint " + r.opts.SOAPVersion + " is not served: " + msg
		c.Fix = "Use a supported endpoint version (SOAP ends with 2028.2; 2025.2 is the last endpoint)."
	case strings.Contains(strings.ToLower(a.faultString+msg), "ambiguous authentication"):
		r.soap = loginOther
		c.Summary = "the server saw more than one kind of credentials (\"Ambiguous authentication\")"
		c.Fix = "Send only the tokenPassport header (no applicationInfo or passport)."
	case kind == "invalidcredentialsfault" || kind == "invalidaccountfault" || a.faultCode == "INVALID_LOGIN_CREDENTIALS" ||
		a.faultCode == "INVALID_LOGIN_ATTEMPT" || a.faultCode == "LOGIN_DISABLED" || strings.Contains(a.faultString+msg, "Invalid login attempt"):
		r.soap = loginRefused
		r.soapDetail = r.explainRefusal(ctx, c, vocab.SurfaceSOAP)
	default:
		r.soap = loginOther
		c.Summary = "SOAP fault: " + msg
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// parseXSDDateTime parses an xsd:dateTime such as
// 2024-05-01T10:11:12.123-07:00.
func parseXSDDateTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("serverTime %q is not an xsd:dateTime", s)
}

// crossSurfaceNotes says what it means when one surface logs in and the
// other is refused with the same token.
func (r *run) crossSurfaceNotes() {
	note := func(id string, perm, feature, flag string) {
		c := r.rep.Check(id)
		if c == nil {
			return
		}
		other := "SOAP"
		if id == CheckSOAP {
			other = "REST"
		}
		n := other + " token logins work with the same token, so the keys, secrets, account id, clock, integration record and " +
			"TBA feature are fine: this refusal points to the role's '" + perm + "' permission (" + guideStep3 +
			") or the account's " + feature + " feature"
		if r.detailFor(id) == "" {
			// The general list of causes no longer applies: keep only
			// where to read the real reason.
			kept := c.Details[:0]
			for _, d := range c.Details {
				if strings.HasPrefix(d, genericCausesHead) || strings.HasPrefix(d, "  ") {
					continue
				}
				kept = append(kept, d)
			}
			c.Details = kept
			c.Fix = "Add '" + perm + "' at Full to the token's role (" + guideStep3 + ") and check that " + feature +
				" is enabled; the Login Audit Trail says which. If you do not use this surface, run with " + flag + "."
		}
		c.Details = append([]string{n}, c.Details...)
	}
	switch {
	case r.rest == loginOK && r.soap == loginRefused:
		note(CheckSOAP, vocab.PermWebServices, "SOAP Web Services", "--skip-soap")
	case r.soap == loginOK && r.rest == loginRefused:
		note(CheckREST, vocab.PermRESTWebServices, "REST Web Services", "--skip-rest")
	}
}

func (r *run) detailFor(id string) string {
	if id == CheckSOAP {
		return r.soapDetail
	}
	return r.restDetail
}
