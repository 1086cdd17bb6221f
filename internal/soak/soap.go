package soak

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
)

// soapVersion is the SOAP endpoint the soak's SOAP reads use (the
// emulator's newest).
const soapVersion = "2025_2"

// soapGetEnvelope is a SOAP get of a customer by internal id, with the
// attempt's tokenPassport in the header (SOAP carries its credentials in
// the envelope; Help Center section_4489734402, token-based
// authentication for SOAP web services).
func soapGetEnvelope(p *auth.Passport, id string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xmlns:platformMsgs="urn:messages_` + soapVersion + `.platform.webservices.netsuite.com"` +
		` xmlns:platformCore="urn:core_` + soapVersion + `.platform.webservices.netsuite.com">` +
		`<soapenv:Header>` + p.XML(soapVersion) + `</soapenv:Header><soapenv:Body><platformMsgs:get>` +
		`<platformMsgs:baseRef xsi:type="platformCore:RecordRef" type="customer" internalId="`)
	xml.EscapeText(&b, []byte(id))
	b.WriteString(`"/></platformMsgs:get></soapenv:Body></soapenv:Envelope>`)
	return b.Bytes()
}

// soapGet reads a customer's companyName with SOAP get. Faults (HTTP 500:
// over the limit, unexpected errors, bad logins) come back from the
// pipeline as *netsuite.Error and are retried by the policy; a get that
// NetSuite answers with isSuccess="false" is an error here.
func (r *run) soapGet(ctx context.Context, id string) (string, error) {
	req := &netsuite.Request{Method: http.MethodPost, URL: r.c.URL(netsuite.SuiteTalk, "/services/NetSuitePort_"+soapVersion),
		Auth:   netsuite.AuthInBody,
		Header: http.Header{"Content-Type": {"text/xml; charset=utf-8"}, "SOAPAction": {"get"}},
		BuildBody: func(_ context.Context, a netsuite.Authenticator) ([]byte, error) {
			ps, ok := a.(netsuite.PassportSigner)
			if !ok {
				return nil, errors.New("soak: the client's authenticator cannot sign a tokenPassport")
			}
			p, err := ps.Passport(auth.PassportHMACSHA256)
			if err != nil {
				return nil, err
			}
			return soapGetEnvelope(p, id), nil
		}}
	resp, err := r.c.Do(ctx, req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return "", fmt.Errorf("soak: reading the SOAP answer: %w", err)
	}
	return parseSOAPGet(body)
}

// parseSOAPGet returns the companyName of a getResponse, or the status
// detail of a refused get as an error.
func parseSOAPGet(body []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var success, code, message, name, cur string
	var sawStatus bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("soak: the SOAP answer is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			cur = t.Name.Local
			if cur == "status" && !sawStatus {
				sawStatus = true
				for _, a := range t.Attr {
					if a.Name.Local == "isSuccess" {
						success = a.Value
					}
				}
			}
		case xml.CharData:
			switch cur {
			case "companyName":
				name += string(t)
			case "code":
				code += string(t)
			case "message":
				message += string(t)
			}
		case xml.EndElement:
			cur = ""
		}
	}
	switch {
	case !sawStatus:
		return "", errors.New("soak: the SOAP answer has no status")
	case success != "true":
		return "", fmt.Errorf("soak: SOAP get refused: %s %s", code, message)
	}
	return name, nil
}
