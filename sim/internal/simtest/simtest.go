// Package simtest holds the test fixture the emulator's surface tests
// share: an account provisioned by the guide, served by httptest, on a
// settable clock. Only tests import it.
package simtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
)

// FakeClock is a settable clock shared by the store, the server and signers.
type FakeClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock by d.
func (c *FakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Fixture is an emulated account provisioned by the guide, served by httptest.
type Fixture struct {
	T     *testing.T
	Clock *FakeClock
	St    *store.Store
	Srv   *sim.Server
	TS    *httptest.Server
	Guide *store.GuideResult
	Creds auth.Credentials
}

// NewFixture provisions an in-memory account (with demoLines demo
// transaction lines when > 0) and serves it with opts.
func NewFixture(t *testing.T, opts sim.Options, demoLines int) *Fixture {
	t.Helper()
	clock := &FakeClock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
	st, err := store.OpenWith("", store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	g, err := st.ProvisionGuide(ctx, store.GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if demoLines > 0 {
		if _, err := st.GenerateDemo(ctx, store.DemoOptions{Lines: demoLines, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	opts.Store, opts.Now = st, clock.Now
	srv, err := sim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Fixture{T: t, Clock: clock, St: st, Srv: srv, TS: ts, Guide: g, Creds: auth.Credentials{
		Account: g.AccountID, ConsumerKey: g.ConsumerKey, ConsumerSecret: auth.Secret(g.ConsumerSecret.Reveal()),
		TokenID: g.TokenID, TokenSecret: auth.Secret(g.TokenSecret.Reveal())}}
}

// Admin runs an admin operation on the fixture's store.
func (f *Fixture) Admin(req admin.Request) any {
	f.T.Helper()
	out, err := admin.Do(context.Background(), f.St, req)
	if err != nil {
		f.T.Fatalf("admin %s: %v", req.Op, err)
	}
	return out
}

// Signer returns a signer for c on the fixture's clock.
func (f *Fixture) Signer(c auth.Credentials, opts ...auth.SignerOption) *auth.Signer {
	f.T.Helper()
	s, err := auth.NewSigner(c, append([]auth.SignerOption{auth.WithClock(f.Clock.Now)}, opts...)...)
	if err != nil {
		f.T.Fatal(err)
	}
	return s
}

// Do sends a request signed by s (nil: unsigned) with an optional fixed
// header; an empty header value removes the header (e.g. Content-Type,
// which Do sets for a body).
func (f *Fixture) Do(s *auth.Signer, method, path, body string, header map[string]string) (*http.Response, []byte) {
	f.T.Helper()
	req, _ := http.NewRequest(method, f.TS.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s != nil {
		if err := s.SignRequest(req); err != nil {
			f.T.Fatal(err)
		}
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.T.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, b
}

// DoDeclared sends a request signed by s that declares a Content-Length
// of length bytes but sends none of them (the server must answer from the
// headers alone), for the request-size checks.
func (f *Fixture) DoDeclared(s *auth.Signer, method, path string, length int64, header map[string]string) (*http.Response, []byte) {
	f.T.Helper()
	req, _ := http.NewRequest(method, f.TS.URL+path, nil)
	if s != nil {
		if err := s.SignRequest(req); err != nil {
			f.T.Fatal(err)
		}
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	conn, err := net.Dial("tcp", f.TS.Listener.Addr().String())
	if err != nil {
		f.T.Fatal(err)
	}
	defer conn.Close()
	// A server that waits for the declared bytes would hang the test.
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", method, req.URL.RequestURI(), req.URL.Host, length)
	if err := req.Header.Write(&b); err != nil {
		f.T.Fatal(err)
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		f.T.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		f.T.Fatalf("%s %s declaring %d bytes: no answer: %v", method, path, length, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}

// FirstID returns the smallest id of a demo table.
func (f *Fixture) FirstID(table string) string {
	f.T.Helper()
	var id string
	if err := f.St.DB().QueryRow(`SELECT MIN(id) FROM "` + table + `"`).Scan(&id); err != nil {
		f.T.Fatal(err)
	}
	return id
}

// LastAudit returns the newest Login Audit Trail row.
func (f *Fixture) LastAudit() store.LoginEntry {
	f.T.Helper()
	rows, err := f.St.Audit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil || len(rows) == 0 {
		f.T.Fatalf("audit: %v %v", rows, err)
	}
	return rows[0]
}

// SuiteQL runs one query page and returns the status and decoded body.
func (f *Fixture) SuiteQL(q string) (int, map[string]any) {
	f.T.Helper()
	b, _ := json.Marshal(map[string]string{"q": q})
	resp, body := f.Do(f.Signer(f.Creds), "POST", "/services/rest/query/v1/suiteql", string(b), map[string]string{"Prefer": "transient"})
	return resp.StatusCode, DecodeJSON(f.T, body)
}

// DecodeJSON decodes a JSON object or fails the test.
func DecodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return m
}
