package cli

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
)

// runCLIEnv makes the test binary act as the netsuite command (see
// TestMain), so that a test can run it as a separate OS process.
const runCLIEnv = "NETSUITE_CLI_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runCLIEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
	}
	os.Exit(m.Run())
}

// TestSimAdminRevokeReachesRunningServer: a token revoked by
// "netsuite sim admin --state FILE token revoke …", run as another OS
// process, is refused by a server already running on FILE within a second.
func TestSimAdminRevokeReachesRunningServer(t *testing.T) {
	ctx := context.Background()
	state := filepath.Join(t.TempDir(), "state.db")
	emu, err := sim.Start(ctx, sim.Config{StatePath: state, Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	signer, err := auth.NewSigner(emu.Credentials)
	if err != nil {
		t.Fatal(err)
	}
	status := func() int {
		t.Helper()
		req, _ := http.NewRequest("GET", emu.URL+"/services/rest/system/v1/governanceLimits", nil)
		if err := signer.SignRequest(req); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(); got != http.StatusOK {
		t.Fatalf("before the revocation: HTTP %d", got) // the lookup is now cached
	}

	cmd := exec.Command(os.Args[0], "sim", "admin", "--state", state, "token", "revoke", emu.Credentials.TokenID)
	cmd.Env = append(os.Environ(), runCLIEnv+"=1", "XDG_CONFIG_HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sim admin token revoke: %v\n%s", err, out)
	}
	revoked := time.Now()
	for {
		got := status()
		if got == http.StatusUnauthorized {
			t.Logf("refused %v after the revocation", time.Since(revoked).Round(time.Millisecond))
			return
		}
		if time.Since(revoked) > time.Second {
			t.Fatalf("1s after the revocation the running server still answers HTTP %d", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
