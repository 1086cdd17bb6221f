package admin_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
)

// TestHandlerRequestSize: an admin request over the Handler's 1 MiB limit
// is refused as too large, not cut at the limit and called malformed.
func TestHandlerRequestSize(t *testing.T) {
	st, err := store.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(admin.Handler(st, nil))
	defer srv.Close()
	for _, tc := range []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"over the limit", `{"op":"integration.create","name":"` + strings.Repeat("x", 1<<20) + `"}`, 413,
			`{"error":"admin request too large: the limit is 1048576 bytes"}`},
		{"malformed", `{"op":`, 400, `{"error":"malformed admin request: unexpected EOF"}`},
	} {
		resp, err := http.Post(srv.URL+admin.Path, "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || strings.TrimSpace(string(b)) != tc.want {
			t.Errorf("%s: %d %s, want %d %s", tc.name, resp.StatusCode, b, tc.status, tc.want)
		}
	}
}
