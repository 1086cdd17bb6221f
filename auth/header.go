package auth

import (
	"fmt"
	"strings"
)

// HeaderError describes why an Authorization header could not be parsed.
type HeaderError struct{ Reason string }

func (e *HeaderError) Error() string { return "malformed OAuth Authorization header: " + e.Reason }

// MaxHeaderLength bounds the Authorization headers ParseAuthorization reads.
const MaxHeaderLength = 8 << 10

// ParseAuthorization parses an OAuth 1.0a Authorization header value
// (RFC 5849 §3.5.1): the scheme "OAuth" (any case), then comma-separated
// name="value" pairs whose values are percent-decoded. realm and the oauth_*
// parameters are kept; other names are ignored; a repeated name is an error.
// Missing required parameters are reported in a *MissingFieldsError.
func ParseAuthorization(h string) (*OAuthParams, error) {
	if len(h) > MaxHeaderLength {
		return nil, &HeaderError{fmt.Sprintf("longer than %d bytes", MaxHeaderLength)}
	}
	h = strings.TrimSpace(h)
	if h == "" {
		return nil, errEmptyHeader
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "OAuth") {
		return nil, &HeaderError{"the scheme is not OAuth"}
	}
	p := &OAuthParams{}
	seen := map[string]bool{}
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			break
		}
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return nil, &HeaderError{"expected name=\"value\""}
		}
		name, err := percentDecode(strings.TrimSpace(rest[:eq]))
		if err != nil {
			return nil, &HeaderError{"a parameter name has a malformed percent-escape"}
		}
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		if !strings.HasPrefix(rest, `"`) {
			return nil, &HeaderError{fmt.Sprintf("the value of %s is not quoted", quoteName(name))}
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return nil, &HeaderError{fmt.Sprintf("the value of %s has no closing quote", quoteName(name))}
		}
		raw := rest[1 : 1+end]
		rest = rest[end+2:]
		if t := strings.TrimLeft(rest, " \t"); t != "" && t[0] != ',' {
			return nil, &HeaderError{fmt.Sprintf("expected ',' after the value of %s", quoteName(name))}
		}
		if seen[name] {
			return nil, &HeaderError{fmt.Sprintf("parameter %s appears twice", quoteName(name))}
		}
		seen[name] = true
		v, err := percentDecode(raw)
		if err != nil {
			return nil, &HeaderError{fmt.Sprintf("the value of %s: %v", quoteName(name), err)}
		}
		switch name {
		case "realm":
			p.Realm = v
		case "oauth_consumer_key":
			p.ConsumerKey = v
		case "oauth_token":
			p.Token = v
		case "oauth_signature_method":
			p.SignatureMethod = SignatureMethod(v)
		case "oauth_timestamp":
			p.Timestamp = v
		case "oauth_nonce":
			p.Nonce = v
		case "oauth_version":
			p.Version = v
		case "oauth_signature":
			p.Signature = v
		default:
			if strings.HasPrefix(name, "oauth_") {
				p.Extra = append(p.Extra, Param{name, v})
			}
		}
	}
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"oauth_consumer_key", p.ConsumerKey}, {"oauth_token", p.Token},
		{"oauth_signature_method", string(p.SignatureMethod)}, {"oauth_timestamp", p.Timestamp},
		{"oauth_nonce", p.Nonce}, {"oauth_signature", p.Signature},
	} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return p, &MissingFieldsError{Fields: missing}
	}
	return p, nil
}

// quoteName quotes a parameter name for an error message, cut short if long.
func quoteName(n string) string {
	if len(n) > 40 {
		n = n[:40] + "…"
	}
	return fmt.Sprintf("%q", n)
}

// percentDecode decodes %XX escapes (RFC 3986); '+' stays '+'.
func percentDecode(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", ErrBadEscape
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(b), nil
}
