package netsuite

import (
	"fmt"
	"strconv"
	"strings"
)

// Account is a NetSuite account id in canonical form. Parse one with
// ParseAccount; the zero Account is "no account".
//
// NetSuite writes one account in two ways: the account id (realm) form used in
// OAuth realms and the SOAP tokenPassport, upper case with '_' ("1234567_SB1"),
// and the host form used in domain names, lower case with '-' ("1234567-sb1").
// Account gives both, so they are never mixed up.
type Account struct {
	id string // realm form: 1234567, 1234567_SB1, 1234567_RP, TSTDRV1234567
}

// AccountError reports an account id that is not in any form NetSuite uses.
type AccountError struct {
	Input  string
	Reason string
	Hint   string // a corrected id, when one can be guessed
}

func (e *AccountError) Error() string {
	msg := fmt.Sprintf("invalid NetSuite account id %q: %s", e.Input, e.Reason)
	if e.Hint != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Hint)
	}
	return msg + `; valid ids look like "1234567", "1234567_SB1" (sandbox 1), "1234567_RP" (release preview) or "TSTDRV1234567"; find yours at Setup > Company > Company Information > Account ID`
}

// ParseAccount parses an account id in any form users paste: "1234567",
// "1234567_SB1", "1234567-sb1", "1234567_SB2", "1234567_RP", "TSTDRV1234567",
// with surrounding spaces and in any case. Anything else — dots, slashes, '@',
// ports, host names, an empty string — is an error, so that a signed request
// never goes to a host built from a bad id.
func ParseAccount(s string) (Account, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "" {
		return Account{}, &AccountError{Input: in, Reason: "it is empty"}
	}
	if len(s) > 64 {
		return Account{}, &AccountError{Input: in, Reason: "it is too long"}
	}
	if i := strings.IndexAny(s, "./:@ \t?#\\"); i >= 0 {
		e := &AccountError{Input: in, Reason: fmt.Sprintf("it contains %q, which no account id has", s[i])}
		// A pasted host name or URL: offer the id inside it.
		host := s
		if _, after, ok := strings.Cut(host, "://"); ok {
			host = after
		}
		if label, _, ok := strings.Cut(host, "."); ok {
			if a, err := ParseAccount(label); err == nil {
				e.Reason = "it is a host name or URL, not an account id"
				e.Hint = a.ID()
			}
		}
		return Account{}, e
	}
	u := strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
	if rest, ok := strings.CutPrefix(u, "TSTDRV"); ok {
		if !allDigits(rest) {
			return Account{}, &AccountError{Input: in, Reason: "a test-drive id is TSTDRV followed by digits"}
		}
		return Account{id: u}, nil
	}
	base, suffix, hasSuffix := strings.Cut(u, "_")
	if !allDigits(base) {
		return Account{}, &AccountError{Input: in, Reason: "an account id starts with its number (or TSTDRV)"}
	}
	if !hasSuffix {
		return Account{id: base}, nil
	}
	switch {
	case suffix == "RP":
		return Account{id: base + "_RP"}, nil
	case strings.HasPrefix(suffix, "SB") && allDigits(suffix[2:]):
		n, err := strconv.Atoi(suffix[2:])
		if err != nil || n < 1 || n > 99 {
			return Account{}, &AccountError{Input: in, Reason: "the sandbox number must be 1 to 99"}
		}
		return Account{id: base + "_SB" + strconv.Itoa(n)}, nil
	}
	return Account{}, &AccountError{Input: in, Reason: fmt.Sprintf("unknown suffix %q: only _SB<n> (sandbox) and _RP (release preview) exist", suffix)}
}

// MustParseAccount is ParseAccount for ids known to be valid; it panics otherwise.
func MustParseAccount(s string) Account {
	a, err := ParseAccount(s)
	if err != nil {
		panic(err)
	}
	return a
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsZero reports whether a is the zero Account.
func (a Account) IsZero() bool { return a.id == "" }

// ID returns the account id in NetSuite's realm form, e.g. "1234567_SB1".
func (a Account) ID() string { return a.id }

// Realm returns the OAuth realm for the account: its id, e.g. "1234567_SB1".
func (a Account) Realm() string { return a.id }

// String returns the realm form.
func (a Account) String() string { return a.id }

// HostSlug returns the account as it appears in domain names: lower case with
// '-', e.g. "1234567-sb1".
func (a Account) HostSlug() string { return strings.ToLower(strings.ReplaceAll(a.id, "_", "-")) }

// SuiteTalkDomain returns the SOAP and REST web services host,
// "<slug>.suitetalk.api.netsuite.com".
func (a Account) SuiteTalkDomain() string { return a.HostSlug() + ".suitetalk.api.netsuite.com" }

// RESTletsDomain returns the RESTlet host, "<slug>.restlets.api.netsuite.com".
func (a Account) RESTletsDomain() string { return a.HostSlug() + ".restlets.api.netsuite.com" }

// SystemDomain returns the UI host, "<slug>.app.netsuite.com".
func (a Account) SystemDomain() string { return a.HostSlug() + ".app.netsuite.com" }

// IsSandbox reports whether the account is a sandbox (suffix _SB<n>).
func (a Account) IsSandbox() bool { return a.Sandbox() > 0 }

// Sandbox returns the sandbox number (1 for "_SB1"), or 0 when not a sandbox.
func (a Account) Sandbox() int {
	_, s, ok := strings.Cut(a.id, "_SB")
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(s)
	return n
}

// IsReleasePreview reports whether the account is a release preview (_RP).
func (a Account) IsReleasePreview() bool { return strings.HasSuffix(a.id, "_RP") }

// IsTestDrive reports whether the account is a TSTDRV test-drive account.
func (a Account) IsTestDrive() bool { return strings.HasPrefix(a.id, "TSTDRV") }

// MarshalText implements encoding.TextMarshaler with the realm form.
func (a Account) MarshalText() ([]byte, error) { return []byte(a.id), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseAccount.
func (a *Account) UnmarshalText(b []byte) error {
	p, err := ParseAccount(string(b))
	if err != nil {
		return err
	}
	*a = p
	return nil
}
