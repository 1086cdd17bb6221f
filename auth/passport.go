package auth

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// PassportAlgorithm is the algorithm attribute of a tokenPassport signature.
type PassportAlgorithm string

const (
	// PassportHMACSHA256 is the algorithm NetSuite recommends.
	PassportHMACSHA256 PassportAlgorithm = "HMAC_SHA256"
	// PassportHMACSHA1 is still in the SignatureAlgorithm enum of the XSD.
	PassportHMACSHA1 PassportAlgorithm = "HMAC_SHA1"
)

// ParsePassportAlgorithm accepts HMAC_SHA256 or HMAC_SHA1, with '_' or '-'
// (NetSuite's SOAP accepts both spellings) in any case.
func ParsePassportAlgorithm(s string) (PassportAlgorithm, error) {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_")) {
	case "HMAC_SHA256":
		return PassportHMACSHA256, nil
	case "HMAC_SHA1":
		return PassportHMACSHA1, nil
	}
	return "", fmt.Errorf("unknown tokenPassport algorithm %q: use HMAC_SHA256", s)
}

func (a PassportAlgorithm) method() (SignatureMethod, error) {
	switch a {
	case PassportHMACSHA256:
		return HMACSHA256, nil
	case PassportHMACSHA1:
		return HMACSHA1, nil
	}
	return "", fmt.Errorf("unknown tokenPassport algorithm %q: use HMAC_SHA256", string(a))
}

// Passport is a SOAP tokenPassport (platformCore:TokenPassport). Its fields are
// in the XSD's order.
type Passport struct {
	Account     string
	ConsumerKey string
	Token       string
	Nonce       string
	Timestamp   int64
	Algorithm   PassportAlgorithm
	Signature   string // base64
}

// BaseString returns account&consumerKey&token&nonce&timestamp: NetSuite's
// passport base string, with nothing percent-encoded.
func (p *Passport) BaseString() string {
	return p.Account + "&" + p.ConsumerKey + "&" + p.Token + "&" + p.Nonce + "&" + strconv.FormatInt(p.Timestamp, 10)
}

// PassportKey returns consumerSecret&tokenSecret, the passport HMAC key
// (neither part is percent-encoded, unlike the OAuth 1.0a key).
func PassportKey(consumerSecret, tokenSecret Secret) string {
	return consumerSecret.Reveal() + "&" + tokenSecret.Reveal()
}

// Passport builds a tokenPassport with a fresh nonce and timestamp, signed
// with alg (PassportHMACSHA256 unless you have a reason). A passport is
// single-use: build a new one for every SOAP request, retries included.
func (s *Signer) Passport(alg PassportAlgorithm) (*Passport, error) {
	if alg == "" {
		alg = PassportHMACSHA256
	}
	mp, err := s.passportMAC(alg)
	if err != nil {
		return nil, err
	}
	p := &Passport{
		Account:     s.creds.Account,
		ConsumerKey: s.creds.ConsumerKey,
		Token:       s.creds.TokenID,
		Nonce:       s.nonce(),
		Timestamp:   s.timestamp().Unix(),
		Algorithm:   alg,
	}
	p.Signature = string(mp.appendSum(nil, []byte(p.BaseString())))
	return p, nil
}

func (s *Signer) passportMAC(alg PassportAlgorithm) (*macPool, error) {
	m, err := alg.method()
	if err != nil {
		return nil, err
	}
	nh, _ := m.newHash()
	s.passportMu.Lock()
	defer s.passportMu.Unlock()
	if mp := s.passportKeys[alg]; mp != nil {
		return mp, nil
	}
	if s.passportKeys == nil {
		s.passportKeys = map[PassportAlgorithm]*macPool{}
	}
	mp := newMACPool(nh, PassportKey(s.creds.ConsumerSecret, s.creds.TokenSecret))
	s.passportKeys[alg] = mp
	return mp, nil
}

// VerifyPassport recomputes p's signature with the secrets the server holds
// and compares it in constant time.
func VerifyPassport(p *Passport, consumerSecret, tokenSecret Secret) error {
	m, err := p.Algorithm.method()
	if err != nil {
		return err
	}
	want, err := Sign(m, PassportKey(consumerSecret, tokenSecret), p.BaseString())
	if err != nil {
		return err
	}
	a, err1 := base64.StdEncoding.DecodeString(p.Signature)
	b, _ := base64.StdEncoding.DecodeString(want)
	if err1 != nil || !hmac.Equal(a, b) {
		return ErrSignatureMismatch
	}
	return nil
}

// Namespaces of a SuiteTalk endpoint version such as "2023_2".
func messagesNS(version string) string {
	return "urn:messages_" + version + ".platform.webservices.netsuite.com"
}

func coreNS(version string) string {
	return "urn:core_" + version + ".platform.webservices.netsuite.com"
}

// XML returns the passport as the SOAP header element
// platformMsgs:tokenPassport, its children in the platformCore namespace and
// in the XSD's order, for endpoint version such as "2023_2".
func (p *Passport) XML(version string) string {
	var b strings.Builder
	b.WriteString(`<platformMsgs:tokenPassport xmlns:platformMsgs="` + messagesNS(version) +
		`" xmlns:platformCore="` + coreNS(version) + `">`)
	elem := func(name, v string) {
		b.WriteString("<platformCore:" + name + ">")
		xml.EscapeText(&b, []byte(v))
		b.WriteString("</platformCore:" + name + ">")
	}
	elem("account", p.Account)
	elem("consumerKey", p.ConsumerKey)
	elem("token", p.Token)
	elem("nonce", p.Nonce)
	elem("timestamp", strconv.FormatInt(p.Timestamp, 10))
	b.WriteString(`<platformCore:signature algorithm="`)
	xml.EscapeText(&b, []byte(p.Algorithm))
	b.WriteString(`">`)
	xml.EscapeText(&b, []byte(p.Signature))
	b.WriteString("</platformCore:signature></platformMsgs:tokenPassport>")
	return b.String()
}

// passportXML is the decoding shape of a tokenPassport element. Namespaces
// are not checked: NetSuite's own documentation puts the children in the
// messages namespace while clients use platformCore.
type passportXML struct {
	Account     string `xml:"account"`
	ConsumerKey string `xml:"consumerKey"`
	Token       string `xml:"token"`
	Nonce       string `xml:"nonce"`
	Timestamp   string `xml:"timestamp"`
	Signature   struct {
		Algorithm string `xml:"algorithm,attr"`
		Value     string `xml:",chardata"`
	} `xml:"signature"`
}

// ParsePassportXML decodes a tokenPassport element (as found in a SOAP header).
// Missing children are reported by name, as NetSuite's audit trail does
// (MissingTokenPassportRequiredFields).
func ParsePassportXML(data []byte) (*Passport, error) {
	var x passportXML
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, fmt.Errorf("malformed tokenPassport: %w", err)
	}
	return x.passport()
}

// DecodePassport decodes a tokenPassport from d, whose next token is start.
func DecodePassport(d *xml.Decoder, start *xml.StartElement) (*Passport, error) {
	var x passportXML
	if err := d.DecodeElement(&x, start); err != nil {
		return nil, fmt.Errorf("malformed tokenPassport: %w", err)
	}
	return x.passport()
}

func (x *passportXML) passport() (*Passport, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"account", x.Account}, {"consumerKey", x.ConsumerKey}, {"token", x.Token},
		{"nonce", x.Nonce}, {"timestamp", x.Timestamp}, {"signature", x.Signature.Value},
		{"signature/@algorithm", x.Signature.Algorithm},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, &MissingFieldsError{Fields: missing}
	}
	ts, err := strconv.ParseInt(strings.TrimSpace(x.Timestamp), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: tokenPassport timestamp %q is not an integer", ErrPassportTimestamp, x.Timestamp)
	}
	alg, err := ParsePassportAlgorithm(x.Signature.Algorithm)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPassportAlgorithm, err)
	}
	return &Passport{
		Account:     strings.TrimSpace(x.Account),
		ConsumerKey: strings.TrimSpace(x.ConsumerKey),
		Token:       strings.TrimSpace(x.Token),
		Nonce:       strings.TrimSpace(x.Nonce),
		Timestamp:   ts,
		Algorithm:   alg,
		Signature:   strings.TrimSpace(x.Signature.Value),
	}, nil
}

// Errors of a tokenPassport that cannot be verified at all (besides
// *MissingFieldsError), for errors.Is.
var (
	ErrPassportTimestamp = errors.New("bad tokenPassport timestamp")
	ErrPassportAlgorithm = errors.New("bad tokenPassport algorithm")
)

// MissingFieldsError lists the required fields a tokenPassport or OAuth
// header lacks.
type MissingFieldsError struct{ Fields []string }

func (e *MissingFieldsError) Error() string {
	return "missing required fields: " + strings.Join(e.Fields, ", ")
}
