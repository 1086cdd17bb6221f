package restlet_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/restlet"
	"github.com/go-netsuite/netsuite/sim"
)

func newClient(t *testing.T) (*restlet.Service, *sim.Emulator) {
	t.Helper()
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	return restlet.New(c), emu
}

func TestRESTletsAgainstEmulator(t *testing.T) {
	svc, emu := newClient(t)
	ctx := context.Background()
	echo := restlet.Deployment{Script: "1", Deploy: "1"}

	resp, err := svc.Post(ctx, echo, map[string]any{"q": `it's "quoted" \ and ünïcode`})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Method string         `json:"method"`
		Body   map[string]any `json:"body"`
	}
	if err := resp.JSON(&got); err != nil || got.Method != "POST" || got.Body["q"] != `it's "quoted" \ and ünïcode` {
		t.Errorf("echo: %+v %v", got, err)
	}
	resp, err = svc.Call(ctx, "PUT", echo, nil, "plain text", "")
	if err != nil || string(resp.Body) != "plain text" {
		t.Errorf("text: %+v %v", resp, err)
	}
	resp, err = svc.Get(ctx, echo, url.Values{"a": {"1 2"}})
	if err != nil || !strings.Contains(string(resp.Body), `"a":"1 2"`) {
		t.Errorf("get: %s %v", resp.Body, err)
	}
	// Errors are decoded from {"error": {...}}.
	_, err = svc.Get(ctx, restlet.Deployment{Script: "999", Deploy: "1"}, nil)
	var ne *netsuite.Error
	if !errorsAs(err, &ne) || ne.Code() != "SSS_INVALID_SCRIPTLET_ID" {
		t.Errorf("unknown script: %v", err)
	}
	// Concurrency refusals are recognised.
	var rels []func()
	for range 5 {
		rel, err := emu.Governor().TryAcquire("1")
		if err != nil {
			t.Fatal(err)
		}
		rels = append(rels, rel)
	}
	_, err = svc.Get(ctx, echo, nil)
	if !netsuite.IsConcurrencyLimit(err) {
		t.Errorf("over the limit: %v", err)
	}
	for _, r := range rels {
		r()
	}
}

func TestRedirects(t *testing.T) {
	var hops int
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			t.Error("unsigned request")
		}
		switch r.URL.Query().Get("hop") {
		case "":
			hops++
			http.Redirect(w, r, srv.URL+r.URL.Path+"?"+r.URL.RawQuery+"&hop=1", http.StatusFound)
		case "1":
			hops++
			w.Write([]byte("arrived"))
		}
	}))
	defer srv.Close()
	c, _ := netsuite.NewClient(netsuite.WithCredentials(credsFor()), netsuite.WithBaseURL(srv.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	resp, err := restlet.New(c).Get(context.Background(), restlet.Deployment{Script: "1", Deploy: "1"}, nil)
	if err != nil || string(resp.Body) != "arrived" || hops != 2 {
		t.Fatalf("%v %v %d", resp, err, hops)
	}
	// A redirect to a foreign host is refused, not followed with a signature.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://attacker.example/x", http.StatusFound)
	}))
	defer evil.Close()
	c2, _ := netsuite.NewClient(netsuite.WithCredentials(credsFor()), netsuite.WithBaseURL(evil.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if _, err := restlet.New(c2).Get(context.Background(), restlet.Deployment{Script: "1", Deploy: "1"}, nil); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("foreign redirect: %v", err)
	}
}
