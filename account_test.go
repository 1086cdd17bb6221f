package netsuite

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAccount(t *testing.T) {
	tests := []struct {
		in, id, slug  string
		sandbox       int
		rp, testDrive bool
	}{
		{"1234567", "1234567", "1234567", 0, false, false},
		{"1234567_SB1", "1234567_SB1", "1234567-sb1", 1, false, false},
		{"1234567-sb1", "1234567_SB1", "1234567-sb1", 1, false, false},
		{"1234567_sb1", "1234567_SB1", "1234567-sb1", 1, false, false},
		{"1234567-SB1", "1234567_SB1", "1234567-sb1", 1, false, false},
		{"1234567_SB2", "1234567_SB2", "1234567-sb2", 2, false, false},
		{"1234567_SB12", "1234567_SB12", "1234567-sb12", 12, false, false},
		{"1234567_SB01", "1234567_SB1", "1234567-sb1", 1, false, false},
		{"1234567_RP", "1234567_RP", "1234567-rp", 0, true, false},
		{"1234567-rp", "1234567_RP", "1234567-rp", 0, true, false},
		{"TSTDRV1234567", "TSTDRV1234567", "tstdrv1234567", 0, false, true},
		{"tstdrv1234567", "TSTDRV1234567", "tstdrv1234567", 0, false, true},
		{"  1234567_SB1\n", "1234567_SB1", "1234567-sb1", 1, false, false},
		{"\t123456 ", "123456", "123456", 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAccount(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if a.ID() != tt.id || a.Realm() != tt.id || a.String() != tt.id || a.HostSlug() != tt.slug {
				t.Errorf("got id %q slug %q, want %q %q", a.ID(), a.HostSlug(), tt.id, tt.slug)
			}
			if a.Sandbox() != tt.sandbox || a.IsSandbox() != (tt.sandbox > 0) || a.IsReleasePreview() != tt.rp || a.IsTestDrive() != tt.testDrive {
				t.Errorf("flags: sandbox %d rp %v td %v", a.Sandbox(), a.IsReleasePreview(), a.IsTestDrive())
			}
			if a.SuiteTalkDomain() != tt.slug+".suitetalk.api.netsuite.com" ||
				a.RESTletsDomain() != tt.slug+".restlets.api.netsuite.com" ||
				a.SystemDomain() != tt.slug+".app.netsuite.com" {
				t.Errorf("domains: %s %s %s", a.SuiteTalkDomain(), a.RESTletsDomain(), a.SystemDomain())
			}
			// Parsing any output form again gives the same account.
			for _, f := range []string{a.ID(), a.HostSlug()} {
				if b, err := ParseAccount(f); err != nil || b != a {
					t.Errorf("re-parse %q: %v %v", f, b, err)
				}
			}
		})
	}
}

func TestParseAccountRejects(t *testing.T) {
	tests := []struct{ in, reason, hint string }{
		{"", "empty", ""},
		{"   ", "empty", ""},
		{"1234567.suitetalk.api.netsuite.com", "host name", "1234567"},
		{"1234567-sb1.suitetalk.api.netsuite.com", "host name", "1234567_SB1"},
		{"https://1234567-sb1.app.netsuite.com/app/center", "host name", "1234567_SB1"},
		{"1234567:443", `':'`, ""},
		{"1234567/x", `'/'`, ""},
		{"admin@1234567", `'@'`, ""},
		{"evil.com", `'.'`, ""},
		{"1234567_SB", "unknown suffix", ""},
		{"1234567_SB0", "1 to 99", ""},
		{"1234567_SB100", "1 to 99", ""},
		{"1234567_XX", "unknown suffix", ""},
		{"1234567_SB1_RP", "unknown suffix", ""},
		{"abc", "starts with its number", ""},
		{"TSTDRV", "TSTDRV followed by digits", ""},
		{"TSTDRVabc", "TSTDRV followed by digits", ""},
		{"12 34", `' '`, ""},
		{strings.Repeat("1", 65), "too long", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseAccount(tt.in)
			var ae *AccountError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *AccountError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.reason) || !strings.Contains(msg, `"1234567_SB1"`) {
				t.Errorf("message %q should give the reason %q and show a valid id", msg, tt.reason)
			}
			if ae.Hint != tt.hint {
				t.Errorf("hint = %q, want %q", ae.Hint, tt.hint)
			}
		})
	}
}

func FuzzParseAccount(f *testing.F) {
	for _, s := range []string{"1234567", "1234567_SB1", "1234567-sb1", "TSTDRV1", "1234567_RP", "a.b", "", "1_SB99", "x://1.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAccount(s)
		if err != nil {
			return
		}
		// Whatever is accepted yields a safe host label and is stable.
		slug := a.HostSlug()
		for i := 0; i < len(slug); i++ {
			c := slug[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				t.Fatalf("ParseAccount(%q) gave host slug %q", s, slug)
			}
		}
		if b, err := ParseAccount(a.ID()); err != nil || b != a {
			t.Fatalf("not stable: %q -> %q -> %v, %v", s, a.ID(), b, err)
		}
		if b, err := ParseAccount(slug); err != nil || b != a {
			t.Fatalf("slug not stable: %q -> %q -> %v, %v", s, slug, b, err)
		}
	})
}
