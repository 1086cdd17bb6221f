package jsonstr

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAppend(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{"Setup > Users/Roles & <x>", `"Setup > Users/Roles & <x>"`},
		{`quote " and \ backslash`, `"quote \" and \\ backslash"`},
		{"tab\tnl\ncr\r", `"tab\tnl\ncr\r"`},
		{"\x00\x1f", `"\u0000\u001f"`},
		{"é ü 日本", `"é ü 日本"`},
		{"bad \xff utf8", `"bad \ufffd utf8"`},
		{"\u2028\u2029", `"\u2028\u2029"`},
	}
	for _, tt := range tests {
		got := string(Append(nil, tt.in))
		if got != tt.want {
			t.Errorf("Append(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%s does not decode: %v", got, err)
		}
		if invalidToReplacement(tt.in) != back {
			t.Errorf("round trip of %q gave %q", tt.in, back)
		}
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "a>b", "\x00", "\xff", "\u2028", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal(Append(nil, s), &back); err != nil {
			t.Fatalf("invalid JSON for %q: %v", s, err)
		}
		if back != invalidToReplacement(s) {
			t.Fatalf("round trip %q -> %q", s, back)
		}
	})
}

// invalidToReplacement replaces each invalid byte with U+FFFD, as
// Append does (unlike strings.ToValidUTF8, which collapses runs).
func invalidToReplacement(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}
