package wire

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ContentTypeSOAP is the Content-Type of SOAP 1.1 responses.
const ContentTypeSOAP = "text/xml; charset=utf-8"

// DefaultHostname is written in the Axis ns1:hostname element of faults when
// [SOAPWriter.Hostname] is empty. Real values look like
// "partners-java10003.bos.netledger.com" (2011, recorded) or
// "partners133.prod-lhr-eu4.core.ns.internal" (2021, netsuitephp/netsuite-php
// issue #171); this one has the modern form and says it is the emulator.
const DefaultHostname = "partners001.emulator.core.ns.internal"

// BodyIndent is the indentation of the first line of the body content in a
// pretty-printed envelope. A [BodyFunc] writing several lines indents the
// following ones itself (nested elements by two more spaces each), as the
// recorded responses do.
const BodyIndent = "    "

// BodyFunc writes the content of soapenv:Body, e.g. a <getResponse> element.
type BodyFunc func(w io.Writer) error

// RawBody returns a BodyFunc writing xml unchanged.
func RawBody(xml string) BodyFunc {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, xml)
		return err
	}
}

// EncodeBody returns a BodyFunc writing v with encoding/xml.
func EncodeBody(v any) BodyFunc {
	return func(w io.Writer) error { return xml.NewEncoder(w).Encode(v) }
}

// SOAPWriter writes SuiteTalk SOAP 1.1 envelopes and faults for one endpoint
// version. Its zero value is not useful; set at least Version. A SOAPWriter
// is a value and safe for concurrent use.
//
// The layout mirrors the recorded responses: an XML declaration (present on
// the 2020_2 and 2021_1 responses, absent on some 2011_2 ones), the envelope
// declaring soapenv, xsd and xsi in that order, two-space indentation, and
// no newline after the closing tag.
type SOAPWriter struct {
	Version         string // endpoint version, e.g. "2023_2"
	Hostname        string // ns1:hostname in faults; empty means DefaultHostname
	OmitDeclaration bool   // leave out <?xml version="1.0" encoding="UTF-8"?>
	Compact         bool   // no whitespace between elements
}

// Namespaces returns the namespaces of the writer's version.
func (sw SOAPWriter) Namespaces() Namespaces { return NamespacesFor(sw.Version) }

// layout appends markup with NetSuite's indentation, or none when compact.
type layout struct {
	b       []byte
	compact bool
}

// line starts a new line at depth (two spaces per level) and appends parts.
func (l *layout) line(depth int, parts ...string) {
	if !l.compact && len(l.b) > 0 {
		l.b = append(l.b, '\n')
		for range depth {
			l.b = append(l.b, "  "...)
		}
	}
	for _, p := range parts {
		l.b = append(l.b, p...)
	}
}

func (sw SOAPWriter) open() *layout {
	l := &layout{compact: sw.Compact}
	if !sw.OmitDeclaration {
		l.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	}
	l.line(0, `<soapenv:Envelope xmlns:soapenv="`, NSSOAPEnv, `" xmlns:xsd="`, NSXSD, `" xmlns:xsi="`, NSXSI, `">`)
	return l
}

// Envelope returns a complete response envelope. When nsID is not empty the
// envelope carries the response header
//
//	<platformMsgs:documentInfo xmlns:platformMsgs="urn:messages_<ver>…"><platformMsgs:nsId>nsID</platformMsgs:nsId></platformMsgs:documentInfo>
//
// body writes the content of soapenv:Body; nil leaves the body empty.
func (sw SOAPWriter) Envelope(nsID string, body BodyFunc) ([]byte, error) {
	l := sw.open()
	if nsID != "" {
		msgs := sw.Namespaces().Messages
		l.line(1, `<soapenv:Header>`)
		l.line(2, `<platformMsgs:documentInfo xmlns:platformMsgs="`, escapeAttr(msgs), `">`)
		l.line(3, `<platformMsgs:nsId>`, escapeText(nsID), `</platformMsgs:nsId>`)
		l.line(2, `</platformMsgs:documentInfo>`)
		l.line(1, `</soapenv:Header>`)
	}
	l.line(1, `<soapenv:Body>`)
	if body != nil {
		l.line(2)
		buf := bytes.NewBuffer(l.b)
		if err := body(buf); err != nil {
			return nil, fmt.Errorf("wire: writing SOAP body: %w", err)
		}
		l.b = buf.Bytes()
	}
	l.line(1, `</soapenv:Body>`)
	l.line(0, `</soapenv:Envelope>`)
	return l.b, nil
}

// WriteEnvelope writes [SOAPWriter.Envelope] to w.
func (sw SOAPWriter) WriteEnvelope(w io.Writer, nsID string, body BodyFunc) error {
	b, err := sw.Envelope(nsID, body)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Respond sends an envelope with the given HTTP status (200 for operation
// responses, including ones whose status says isSuccess="false"). If the
// body fails to encode nothing is sent and the error is returned.
func (sw SOAPWriter) Respond(w http.ResponseWriter, status int, nsID string, body BodyFunc) error {
	b, err := sw.Envelope(nsID, body)
	if err != nil {
		return err
	}
	writeXMLResponse(w, status, b)
	return nil
}

func writeXMLResponse(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentTypeSOAP)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// NsIDPattern matches NetSuite's documentInfo nsId, derived from the recorded
// responses, e.g. WEBSERVICES_3603434_082920139095115881624678969_4586850fc2d6:
// the account (upper case), then the date month first as MMDDYYYY
// (08292013 is 29 August 2013 and 11172014 17 November 2014, so it cannot be
// day first), 19 or 20 more digits, and a lower-case hexadecimal suffix of
// up to 12 digits (5 to 12 seen). Submatches: account, date, digits, hex.
var NsIDPattern = regexp.MustCompile(`^WEBSERVICES_([A-Z0-9_]+)_((?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{4})([0-9]{19,20})_([0-9a-f]{1,16})$`)

// FormatNsID builds an nsId from its parts: the account, the date of t (in
// t's location; NetSuite's servers run on Pacific time), serial printed
// with at least 19 digits, and suffix in lower-case hexadecimal.
func FormatNsID(account string, t time.Time, serial, suffix uint64) string {
	return fmt.Sprintf("WEBSERVICES_%s_%02d%02d%04d%019d_%x",
		strings.ToUpper(account), int(t.Month()), t.Day(), t.Year(), serial, suffix)
}

// NsIDSource makes nsIds that are deterministic under a seed. It is safe for
// concurrent use.
type NsIDSource struct {
	mu  sync.Mutex
	rng *rand.Rand
	now func() time.Time
}

// NewNsIDSource returns a source seeded with seed; now may be nil for
// time.Now.
func NewNsIDSource(seed uint64, now func() time.Time) *NsIDSource {
	if now == nil {
		now = time.Now
	}
	return &NsIDSource{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now}
}

// Next returns a new nsId for account: 19 or 20 digits after the date and a
// hexadecimal suffix of at most 12 digits, as in the recorded responses.
func (s *NsIDSource) Next(account string) string {
	s.mu.Lock()
	serial := 1e18 + s.rng.Uint64N(^uint64(0)-1e18)
	suffix := s.rng.Uint64N(1 << 48)
	s.mu.Unlock()
	return FormatNsID(account, s.now(), serial, suffix)
}

// escapeText escapes character data the way NetSuite's Axis does: '&', '<'
// and '>' only (recorded: "'Lists -&gt; Documents and Files'", apostrophes
// kept).
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return textEscaper.Replace(s)
}

// escapeAttr escapes an attribute value written in double quotes.
func escapeAttr(s string) string {
	if !strings.ContainsAny(s, "&<>\"") {
		return s
	}
	return attrEscaper.Replace(s)
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)
