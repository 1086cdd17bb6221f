package store

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
)

// redacted is what every formatting path prints instead of a secret.
const redacted = "[REDACTED]"

// Secret holds a credential secret (consumer secret, token secret). The
// value is only available through Reveal: Secret prints as [REDACTED]
// through fmt (every verb, also nested in structs and slices, and even in
// fmt's bad-verb fallback, which bypasses formatting methods and would print
// a plain string field raw: the value sits behind a pointer, so only an
// address could show there), through Stringer, log/slog, and JSON/text
// marshalling. Callers that must hand a secret over (a CLI's create
// command, an admin API) call Reveal explicitly. The zero Secret is empty.
type Secret struct{ p *string }

// NewSecret wraps a secret value.
func NewSecret(v string) Secret { return Secret{p: &v} }

// Reveal returns the secret value ("" for the zero Secret).
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.Reveal() == "" }

// Equal reports whether two secrets hold the same value (go-cmp uses it).
func (s Secret) Equal(o Secret) bool { return s.Reveal() == o.Reveal() }

// String returns [REDACTED].
func (s Secret) String() string { return redacted }

// GoString returns [REDACTED].
func (s Secret) GoString() string { return redacted }

// Format prints [REDACTED] for every verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue returns [REDACTED] for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns [REDACTED], so JSON, TOML and XML encoders never emit
// the value; use Reveal.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// newCredential returns 64 lowercase hex characters from crypto/rand, the
// shape of NetSuite's consumer keys/secrets and token ids/secrets.
func newCredential() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+).
	return hex.EncodeToString(b[:])
}

// validCredential reports whether s is 64 lowercase hex characters.
func validCredential(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// credentialPrefix is the non-secret hint shown by list/get calls.
func credentialPrefix(s string) string {
	if len(s) < 8 {
		return s
	}
	return s[:8]
}
