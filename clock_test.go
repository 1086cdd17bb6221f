package netsuite

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
)

// TestClockSkewCorrected: a server whose clock is ten minutes ahead refuses
// the first signature (its timestamp is out of NetSuite's five-minute
// window); the client learns the offset from the answer's Date header and
// signs again, and every later request is signed right the first time.
func TestClockSkewCorrected(t *testing.T) {
	for _, ahead := range []time.Duration{10 * time.Minute, -7 * time.Minute} {
		t.Run(ahead.String(), func(t *testing.T) {
			var hits, refused atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				now := time.Now().Add(ahead)
				w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
				p, err := auth.ParseAuthorization(r.Header.Get("Authorization"))
				ts, _ := strconv.ParseInt(p.Timestamp, 10, 64)
				if err != nil || time.Unix(ts, 0).Sub(now).Abs() > 5*time.Minute {
					refused.Add(1)
					w.Header().Set("WWW-Authenticate", `OAuth realm="1234567", error="token_rejected", error_description="Invalid login attempt."`)
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				w.Write([]byte(`{}`))
			}))
			defer srv.Close()
			c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv())
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL + "/x"})
				if err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
				resp.Body.Close()
			}
			if hits.Load() != 4 || refused.Load() != 1 {
				t.Errorf("%d requests, %d refused; want 4 and 1", hits.Load(), refused.Load())
			}
			skew, seen := c.ClockSkew()
			if !seen || (skew-ahead).Abs() > 2*time.Second {
				t.Errorf("ClockSkew = %v %v, want about %v", skew, seen, ahead)
			}
		})
	}
}

// TestClockCorrectionOff: without correction the refusal stands.
func TestClockCorrectionOff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	c, err := NewClient(WithCredentials(testCreds()), WithBaseURL(srv.URL), noEnv(), WithClockCorrection(false))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL + "/x"})
	if !IsInvalidLogin(err) {
		t.Errorf("err = %v", err)
	}
}

func TestSkewEstimate(t *testing.T) {
	sent := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		rtt      time.Duration
		date     string
		want     time.Duration
		wantSeen bool
	}{
		{"no Date", 100 * time.Millisecond, "", 0, false},
		{"bad Date", 100 * time.Millisecond, "yesterday", 0, false},
		{"in sync", 200 * time.Millisecond, "Tue, 01 Dec 2026 12:00:00 GMT", 0, true},
		{"one second is noise", 0, "Tue, 01 Dec 2026 12:00:01 GMT", 0, true},
		{"ten minutes ahead", 0, "Tue, 01 Dec 2026 12:10:00 GMT", 10 * time.Minute, true},
		{"an hour behind", 0, "Tue, 01 Dec 2026 11:00:00 GMT", -time.Hour, true},
	}
	for _, tt := range tests {
		var s skewEstimator
		h := http.Header{}
		if tt.date != "" {
			h.Set("Date", tt.date)
		}
		s.observe(sent, sent.Add(tt.rtt), h)
		if (s.get()-tt.want).Abs() > time.Second || s.seen.Load() != tt.wantSeen {
			t.Errorf("%s: offset %v seen %v, want %v %v", tt.name, s.get(), s.seen.Load(), tt.want, tt.wantSeen)
		}
	}
}
