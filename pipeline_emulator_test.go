package netsuite_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/record"
	"github.com/go-netsuite/netsuite/restlet"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/suiteql"
)

// pipelineWitness is a middleware and a proxy in front of the emulator:
// the middleware stamps every attempt with a serial number, the proxy
// checks that every request reaching the server carries exactly one stamp
// never seen before, and refuses every fifth with a 503 so that attempts
// are repeated by the test's retryer.
type pipelineWitness struct {
	stamped  atomic.Int64 // attempts seen by the middleware
	mu       sync.Mutex
	arrived  map[string]int // stamp → arrivals at the server
	bypassed []string       // requests that reached the server unstamped
	refused  int
}

const stampHeader = "X-Pipeline-Stamp"

func (w *pipelineWitness) middleware(next http.RoundTripper) http.RoundTripper {
	return netsuite.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
		r.Header.Set(stampHeader, strconv.FormatInt(w.stamped.Add(1), 10))
		return next.RoundTrip(r)
	})
}

func (w *pipelineWitness) proxy(target string) http.Handler {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		stamp := r.Header.Get(stampHeader)
		w.mu.Lock()
		if stamp == "" {
			w.bypassed = append(w.bypassed, r.Method+" "+r.URL.Path)
		}
		w.arrived[stamp]++
		n, _ := strconv.Atoi(stamp)
		refuse := n%5 == 0
		if refuse {
			w.refused++
		}
		w.mu.Unlock()
		if refuse {
			rw.Header().Set("Content-Type", "application/json")
			rw.WriteHeader(http.StatusServiceUnavailable)
			rw.Write([]byte(`{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4","title":"Service Unavailable","status":503}`))
			return
		}
		rp.ServeHTTP(rw, r)
	})
}

func (w *pipelineWitness) refusals() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.refused
}

// retry503 repeats an attempt refused with 503, up to 3 attempts.
type retry503 struct{ attempts *atomic.Int64 }

func (r retry503) Do(ctx context.Context, _ *netsuite.Request, attempt func(context.Context) (*http.Response, error)) (*http.Response, error) {
	for i := 0; ; i++ {
		r.attempts.Add(1)
		resp, err := attempt(ctx)
		var e *netsuite.Error
		if i < 2 && errors.As(err, &e) && e.StatusCode == http.StatusServiceUnavailable {
			continue
		}
		return resp, err
	}
}

// TestEveryRequestPassesThePipeline drives every client package and the
// doctor against the emulator behind a witness proxy: each request that
// reaches the server went through the client's pipeline, once per attempt.
func TestEveryRequestPassesThePipeline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	emu, err := sim.Start(ctx, sim.Config{Provision: true, Demo: true, DemoSize: 300})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	w := &pipelineWitness{arrived: map[string]int{}}
	front := httptest.NewServer(w.proxy(emu.URL))
	defer front.Close()
	var attempts atomic.Int64
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(front.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}),
		netsuite.WithMiddleware(w.middleware), netsuite.WithRetryer(retry503{&attempts}))
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		pkg string
		run func() error
	}{
		{"suiteql Query", func() error {
			_, err := suiteql.New(c).Query(ctx, "SELECT id FROM customer ORDER BY id", &suiteql.PageOptions{Limit: 5})
			return err
		}},
		{"suiteql All", func() error {
			n := 0
			for _, err := range suiteql.New(c).All(ctx, "SELECT uniquekey FROM transactionline ORDER BY uniquekey",
				&suiteql.AllOptions{Keys: []suiteql.Key{suiteql.NumberKey("uniquekey")}, PageSize: 100, Parallel: 3}) {
				if err != nil {
					return err
				}
				n++
			}
			if n != 300 {
				return fmt.Errorf("%d rows, want 300", n)
			}
			return nil
		}},
		{"record CRUD", func() error {
			rs := record.New(c)
			id, err := rs.Create(ctx, "customer", record.Record{"companyName": "Pipeline Co", "subsidiary": record.ByID("1")})
			if err != nil {
				return err
			}
			if _, err := rs.Get(ctx, "customer", id, nil); err != nil {
				return err
			}
			if err := rs.Update(ctx, "customer", id, record.Record{"phone": "555-0100"}); err != nil {
				return err
			}
			if _, err := rs.Upsert(ctx, "customer", "pipeline-ext", record.Record{"companyName": "Upserted", "subsidiary": record.ByID("1")}); err != nil {
				return err
			}
			return rs.Delete(ctx, "customer", id)
		}},
		{"record lists", func() error {
			rs := record.New(c)
			if _, err := rs.List(ctx, "customer", &record.ListOptions{Limit: 3}); err != nil {
				return err
			}
			n := 0
			for _, err := range rs.All(ctx, "customer", &record.ListOptions{Limit: 10}) {
				if err != nil {
					return err
				}
				if n++; n == 25 {
					break
				}
			}
			return nil
		}},
		{"record async", func() error {
			rs := record.New(c)
			job, err := rs.Async(ctx, "post", "customer", "", record.Record{"companyName": "Async Co", "subsidiary": record.ByID("1")})
			if err != nil {
				return err
			}
			_, err = rs.Job(ctx, job, &record.PollOptions{Initial: 5 * time.Millisecond, Max: 20 * time.Millisecond})
			return err
		}},
		{"record metadata", func() error {
			rs := record.New(c)
			if _, err := rs.Catalog(ctx); err != nil {
				return err
			}
			_, err := rs.Schema(ctx, "customer")
			return err
		}},
		{"doctor", func() error {
			// The doctor builds its own client; the witness's middleware
			// and retryer are injected the way a program would.
			cr := emu.Credentials
			cfg := &netsuite.Config{Values: netsuite.Values{Account: cr.Account, ConsumerKey: cr.ConsumerKey,
				ConsumerSecret: cr.ConsumerSecret, TokenID: cr.TokenID, TokenSecret: cr.TokenSecret, BaseURL: front.URL}}
			before, refusedBefore := w.stamped.Load(), w.refusals()
			// Two runs make at least six consecutive attempts (discovery,
			// the REST and the SOAP login, each time), so that the proxy
			// refuses one of them and the doctor's retry path is exercised.
			for range 2 {
				rep := doctor.Run(ctx, cfg, doctor.Options{Timeout: 10 * time.Second,
					ClientOptions: []netsuite.Option{netsuite.WithMiddleware(w.middleware), netsuite.WithRetryer(retry503{&attempts})}})
				for _, id := range []string{doctor.CheckReachability, doctor.CheckClock, doctor.CheckREST, doctor.CheckSOAP} {
					if c := rep.Check(id); c == nil || c.Status == doctor.Fail || c.Status == doctor.Skip {
						return fmt.Errorf("doctor check %s: %+v", id, c)
					}
				}
			}
			if n := w.stamped.Load() - before; n < 6 {
				return fmt.Errorf("the doctor sent %d attempts through the pipeline, want at least 6", n)
			}
			if w.refusals() == refusedBefore {
				return errors.New("no attempt of the doctor was refused: its retry path was not exercised")
			}
			return nil
		}},
		{"restlet", func() error {
			rl := restlet.New(c)
			if _, err := rl.Post(ctx, restlet.Deployment{Script: "1", Deploy: "1"}, map[string]string{"hello": "world"}); err != nil {
				return err
			}
			_, err := rl.Get(ctx, restlet.Deployment{Script: "1", Deploy: "1"}, nil)
			return err
		}},
	}
	for _, s := range steps {
		before := w.stamped.Load()
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.pkg, err)
		}
		if w.stamped.Load() == before {
			t.Errorf("%s sent nothing through the pipeline", s.pkg)
		}
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.bypassed) > 0 {
		t.Errorf("requests reached the server without passing the pipeline: %v", w.bypassed)
	}
	for stamp, n := range w.arrived {
		if n != 1 {
			t.Errorf("attempt %s reached the server %d times", stamp, n)
		}
	}
	if got, want := int64(len(w.arrived)), w.stamped.Load(); got != want {
		t.Errorf("%d attempts reached the server, the middleware saw %d", got, want)
	}
	if got, want := attempts.Load(), w.stamped.Load(); got != want {
		t.Errorf("the retry loop made %d attempts, the middleware saw %d: one pass per attempt", got, want)
	}
	if w.refused == 0 {
		t.Error("no attempt was refused: the retry path was not exercised")
	}
}
