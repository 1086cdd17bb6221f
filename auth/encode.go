package auth

import "errors"

// PercentEncode encodes s as RFC 5849 §3.6 requires (RFC 3986 percent-encoding):
// every byte except the unreserved characters ALPHA, DIGIT, '-', '.', '_' and '~'
// becomes %XX with upper-case hex digits. Multi-byte UTF-8 characters are encoded
// byte by byte. Unlike url.QueryEscape it never turns a space into '+'.
func PercentEncode(s string) string {
	if !needsEncoding(s) {
		return s
	}
	return string(appendEncoded(make([]byte, 0, len(s)+16), s))
}

func needsEncoding(s string) bool {
	for i := 0; i < len(s); i++ {
		if !unreservedTab[s[i]] {
			return true
		}
	}
	return false
}

// unreservedTab marks the RFC 3986 unreserved bytes.
var unreservedTab = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
	}
	return t
}()

func unreserved(c byte) bool { return unreservedTab[c] }

const upperHex = "0123456789ABCDEF"

// appendEncoded appends the RFC 3986 encoding of s to dst, copying runs of
// unreserved bytes at once (this is the signer's hot loop).
func appendEncoded(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && unreservedTab[s[j]] {
			j++
		}
		dst = append(dst, s[i:j]...)
		if j == len(s) {
			break
		}
		c := s[j]
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		i = j + 1
	}
	return dst
}

// ErrBadEscape reports a malformed %-escape in a query string.
var ErrBadEscape = errors.New("malformed percent-escape")

// formUnescape decodes one application/x-www-form-urlencoded component:
// '+' is a space and %XX a byte (RFC 5849 §3.4.1.3.1 decodes query components
// this way). A '%' not followed by two hex digits is an error.
func formUnescape(s string) (string, error) {
	plain := true
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || s[i] == '+' {
			plain = false
			break
		}
	}
	if plain {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				end := min(i+3, len(s))
				return "", &EscapeError{Text: s[i:end]}
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

// EscapeError is returned for a query string holding a '%' that does not start a
// valid %XX escape. Such a URL cannot be signed unambiguously.
type EscapeError struct{ Text string }

func (e *EscapeError) Error() string {
	return "malformed percent-escape " + `"` + e.Text + `"` + " in the query string: encode a literal '%' as %25"
}

func (e *EscapeError) Unwrap() error { return ErrBadEscape }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
