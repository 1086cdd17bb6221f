package core_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim/internal/core"
)

// TestReadBody: a body up to the limit is read whole; one over it, by its
// Content-Length or as it is read, is the too-large error (never a body
// cut at the limit), answered 413 with the limit in the detail.
func TestReadBody(t *testing.T) {
	const limit = 1 << 10
	tests := []struct {
		name     string
		body     string
		declared int64 // Content-Length; -1: unknown (chunked)
		tooLarge bool
	}{
		{"empty", "", 0, false},
		{"under the limit", strings.Repeat("a", limit-1), limit - 1, false},
		{"at the limit", strings.Repeat("a", limit), limit, false},
		{"at the limit, chunked", strings.Repeat("a", limit), -1, false},
		{"one byte over, declared", strings.Repeat("a", limit+1), limit + 1, true},
		{"one byte over, chunked", strings.Repeat("a", limit+1), -1, true},
		{"declared over, nothing sent", "", 1 << 30, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", io.NopCloser(strings.NewReader(tc.body)))
			r.ContentLength = tc.declared
			w := httptest.NewRecorder()
			got, err := core.ReadBody(w, r, limit)
			e, tooLarge := core.TooLarge(err)
			if tooLarge != tc.tooLarge {
				t.Fatalf("too large = %v (err %v), want %v", tooLarge, err, tc.tooLarge)
			}
			if !tc.tooLarge {
				if err != nil || string(got) != tc.body {
					t.Fatalf("read %d bytes, %v; want all %d", len(got), err, len(tc.body))
				}
				return
			}
			e.Write(w)
			want := `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.14","title":"Request Entity Too Large","status":413,"o:errorDetails":[{"detail":"The request body exceeds the 1 KB size limit of REST web services requests.","o:errorCode":"INVALID_REQUEST"}]}`
			if w.Code != http.StatusRequestEntityTooLarge || w.Body.String() != want {
				t.Errorf("%d %s\nwant %s", w.Code, w.Body, want)
			}
		})
	}
}
