package cli

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite"
)

// TestErrorText: one "netsuite:" prefix whatever the library's errors
// carry, and hints that say what to do.
func TestErrorText(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, Err: errors.New("connect: connection refused")}
	tests := []struct {
		name string
		err  error
		e    *env
		want []string
		not  []string
	}{
		{"doubled prefixes", fmt.Errorf("netsuite: %w", &netsuite.Error{StatusCode: 400, Method: "POST", URL: "https://x/y"}),
			&env{}, []string{"netsuite: POST https://x/y: 400"}, []string{"netsuite: netsuite:"}},
		{"bad login", &netsuite.Error{StatusCode: 401, Method: "GET", URL: "https://x/y"}, &env{},
			[]string{`"netsuite auth check" finds out why`}, nil},
		{"connection refused, base URL from a flag", &netsuite.RetriesExhaustedError{Attempts: 6, Err: dial},
			&env{values: netsuite.Values{BaseURL: "http://127.0.0.1:1"}},
			[]string{"nothing answers at 127.0.0.1:1", "from --base-url", "gave up after 6 attempts"}, nil},
		{"connection refused, base URL from the environment", dial,
			&env{getenv: func(k string) string { return map[string]string{netsuite.EnvBaseURL: "http://127.0.0.1:1"}[k] }},
			[]string{"from NETSUITE_BASE_URL"}, nil},
		{"connection refused, credentials file", dial, &env{credentialsFile: "creds.json", getenv: func(string) string { return "" }},
			[]string{"base_url in the credentials file creds.json"}, nil},
	}
	for _, tt := range tests {
		got := errorText(tt.err, tt.e)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q has %q", tt.name, got, n)
			}
		}
		if strings.Count(got, "netsuite:") != 1 {
			t.Errorf("%s: %q: want exactly one prefix", tt.name, got)
		}
	}
}
