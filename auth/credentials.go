package auth

import (
	"fmt"
	"log/slog"
)

// Secret is a string that never prints itself: String, GoString, every fmt verb,
// slog and encoding/json all show "[redacted]". Call Reveal to get the value.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret's value. Use it only where the value must go on the wire.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer with a redacted value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer with a redacted value.
func (s Secret) GoString() string { return `auth.Secret("` + s.String() + `")` }

// Format implements fmt.Formatter so that %v, %+v, %#v, %s, %q and %x never
// print the value.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, s.GoString())
			return
		}
		fmt.Fprint(f, s.String())
	case 'q':
		fmt.Fprintf(f, "%q", s.String())
	default:
		fmt.Fprint(f, s.String())
	}
}

// LogValue implements slog.LogValuer with a redacted value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes the redacted form, so a Secret never leaks through JSON.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// Credentials are the four values of NetSuite Token-Based Authentication plus
// the account they belong to:
//   - ConsumerKey and ConsumerSecret come from the integration record
//     (Setup > Integration > Manage Integrations), shown once when it is saved.
//   - TokenID and TokenSecret come from the access token
//     (Setup > Users/Roles > Access Tokens), shown once when it is created.
//
// Account is the account id in its realm form, for example "1234567_SB1".
// Printing Credentials in any way shows the identifiers shortened and the
// secrets redacted.
type Credentials struct {
	Account        string
	ConsumerKey    string
	ConsumerSecret Secret
	TokenID        string
	TokenSecret    Secret
}

// Mask shortens an identifier such as a consumer key or token id to its first
// and last four characters, enough to tell two apart without revealing one.
func Mask(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) <= 12:
		return "****"
	default:
		return s[:4] + "…" + s[len(s)-4:]
	}
}

// String implements fmt.Stringer; secrets are redacted and ids masked.
func (c Credentials) String() string {
	return fmt.Sprintf("{Account:%s ConsumerKey:%s ConsumerSecret:%s TokenID:%s TokenSecret:%s}",
		c.Account, Mask(c.ConsumerKey), c.ConsumerSecret, Mask(c.TokenID), c.TokenSecret)
}

// GoString implements fmt.GoStringer with the same redaction as String.
func (c Credentials) GoString() string { return "auth.Credentials" + c.String() }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

// LogValue implements slog.LogValuer; secrets are redacted and ids masked.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("account", c.Account),
		slog.String("consumer_key", Mask(c.ConsumerKey)),
		slog.Any("consumer_secret", c.ConsumerSecret),
		slog.String("token_id", Mask(c.TokenID)),
		slog.Any("token_secret", c.TokenSecret),
	)
}

// MissingFields names the credential fields that are empty, in the order the
// guide creates them; nil when all are set.
func (c Credentials) MissingFields() []string {
	var m []string
	for _, f := range []struct{ name, v string }{
		{"account", c.Account},
		{"consumer key", c.ConsumerKey},
		{"consumer secret", string(c.ConsumerSecret)},
		{"token id", c.TokenID},
		{"token secret", string(c.TokenSecret)},
	} {
		if f.v == "" {
			m = append(m, f.name)
		}
	}
	return m
}
