package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/store"
)

// cancelOn is a stdout that cancels the command's context once marker has
// been written, so that "sim serve" returns as soon as it is up.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.buf.Write(p)
	if strings.Contains(c.buf.String(), c.marker) {
		c.cancel()
	}
	return n, err
}

// serveOnce runs "netsuite sim serve --addr 127.0.0.1:0 args…" in-process
// until it is listening, then stops it as Ctrl-C would.
func serveOnce(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancelOn{marker: "Ctrl-C to stop", cancel: cancel}
	var errb bytes.Buffer
	root := newRoot(&env{stdin: strings.NewReader(""), stdout: out, stderr: &errb, getenv: func(string) string { return "" }})
	root.SetArgs(append([]string{"sim", "serve", "--addr", "127.0.0.1:0"}, args...))
	if err := root.ExecuteContext(ctx); err != nil {
		t.Fatalf("sim serve %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out.buf.String(), errb.String())
	}
	return out.buf.String(), errb.String()
}

// TestSimServeDemoKeepsExistingRecords: "sim serve --state FILE --demo" run
// a second time on a state file that holds records keeps every record (the
// ones created in between too) and says on stderr that demo data was not
// loaded, naming the file.
func TestSimServeDemoKeepsExistingRecords(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.db")
	countCustomers := func() int {
		t.Helper()
		st, err := store.Open(state)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM customer`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	tests := []struct {
		name       string
		args       []string
		addRecords bool // create a customer before the run, as a user would between runs
		wantDemo   bool // stdout reports demo data
		wantNotice bool
	}{
		{"empty state file gets demo data", []string{"--demo", "--demo-size", "200"}, false, true, false},
		{"second run keeps records created in between", []string{"--demo", "--demo-size", "300", "--demo-seed", "2"}, true, false, true},
		{"third run, same", []string{"--demo", "--demo-size", "200"}, false, false, true},
		{"without --demo nothing is said", nil, false, false, false},
	}
	before := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.addRecords {
				st, err := store.Open(state)
				if err != nil {
					t.Fatal(err)
				}
				// A copy of a demo customer under a new id, whatever the columns.
				_, err = st.DB().Exec(`CREATE TEMP TABLE kept AS SELECT * FROM customer LIMIT 1;
					UPDATE kept SET id = 999999, entityid = 'Kept Customer';
					INSERT INTO customer SELECT * FROM kept; DROP TABLE kept`)
				st.Close()
				if err != nil {
					t.Fatal(err)
				}
				before++
			}
			stdout, stderr := serveOnce(t, append([]string{"--state", state}, tc.args...)...)
			if got := strings.Contains(stdout, "demo data:"); got != tc.wantDemo {
				t.Errorf("stdout reports demo data = %v, want %v:\n%s", got, tc.wantDemo, stdout)
			}
			notice := "netsuite: demo data not loaded: the state file " + state + " already holds records (kept as they are)\n"
			if got := strings.Contains(stderr, notice); got != tc.wantNotice {
				t.Errorf("stderr has the notice = %v, want %v:\n%s", got, tc.wantNotice, stderr)
			}
			if tc.wantNotice && strings.Count(stderr, "\n") != 1 {
				t.Errorf("the notice should be one line; stderr:\n%s", stderr)
			}
			got := countCustomers()
			if tc.wantDemo {
				if got == 0 {
					t.Fatal("no customers after the demo run")
				}
			} else if got != before {
				t.Errorf("customers: %d after the run, %d before", got, before)
			}
			before = got
		})
	}
	st, err := store.Open(state)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var name string
	if err := st.DB().QueryRow(`SELECT entityid FROM customer WHERE id = 999999`).Scan(&name); err != nil || name != "Kept Customer" {
		t.Errorf("the customer created between runs: %q, %v", name, err)
	}
}

// TestSimStateFileErrors: an unusable --state names the file and says what
// to do, for "sim serve" and "sim admin"; a state file readable by others is
// made 0600 with a warning on stderr.
func TestSimStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nonexistent", "dir", "s.db")
	for _, args := range [][]string{
		{"sim", "serve", "--addr", "127.0.0.1:0", "--state", missing},
		{"sim", "admin", "--state", missing, "integration", "list"},
	} {
		_, stderr, code := run(t, nil, args...)
		want := "netsuite: store: cannot open state file " + missing + ": directory " + filepath.Dir(missing) + " does not exist (create it, or choose another path)\n"
		if code != 1 || stderr != want {
			t.Errorf("%v: exit %d, stderr %q, want %q", args, code, stderr, want)
		}
	}

	if runtime.GOOS == "windows" {
		return // file modes are not enforced there
	}
	state := filepath.Join(dir, "s.db")
	if _, _, code := run(t, nil, "sim", "admin", "--state", state, "integration", "list"); code != 0 {
		t.Fatalf("creating the state file: exit %d", code)
	}
	if err := os.Chmod(state, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, nil, "sim", "admin", "--state", state, "integration", "list")
	want := "netsuite: warning: " + state + " was mode 0644, readable by others, and holds token secrets: changed it to 0600\n"
	if code != 0 || stderr != want {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
	if fi, err := os.Stat(state); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file after the run: %v %v", fi.Mode(), err)
	}
}

// TestSimServeLimitBadLoginFlag: "--fault-rate limit-badlogin=1" alone (no
// other fault) reaches the running emulator: a request over the
// concurrency limit gets the bad-login 401 instead of the 429.
func TestSimServeLimitBadLoginFlag(t *testing.T) {
	for _, tc := range []struct {
		rates string
		want  int
	}{
		{"limit-badlogin=1", http.StatusUnauthorized},
		{"limit-badlogin=0", http.StatusTooManyRequests},
	} {
		t.Run(tc.rates, func(t *testing.T) {
			var rates faults.RatesValue
			if err := rates.Set(tc.rates); err != nil {
				t.Fatal(err)
			}
			// The flag's value reaches sim.Start as the serve command passes it.
			root := newRoot(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }})
			serve, _, err := root.Find([]string{"sim", "serve"})
			if err != nil {
				t.Fatal(err)
			}
			if err := serve.Flags().Set("fault-rate", tc.rates); err != nil {
				t.Fatal(err)
			}
			if got := serve.Flags().Lookup("fault-rate").Value.String(); got != rates.String() {
				t.Fatalf("--fault-rate %s reads back as %q", tc.rates, got)
			}
			emu, err := sim.Start(t.Context(), sim.Config{Provision: true, Rates: rates.Rates})
			if err != nil {
				t.Fatal(err)
			}
			defer emu.Close()
			for range 5 { // the guide account's limit: Standard tier, no SuiteCloud Plus
				rel, err := emu.Governor().TryAcquire(strconv.FormatInt(emu.Guide.IntegrationID, 10))
				if err != nil {
					t.Fatal(err)
				}
				defer rel()
			}
			signer, err := auth.NewSigner(emu.Credentials)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", emu.URL+"/services/rest/system/v1/governanceLimits", nil)
			if err := signer.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("over the limit: HTTP %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}
