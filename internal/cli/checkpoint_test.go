package cli

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
)

// TestInterruptAndResume: an export interrupted with SIGINT at random
// points exits 130 and says how to continue; the resumed run appends
// exactly the missing rows, so the two outputs together equal an
// uninterrupted export, byte for byte.
func TestInterruptAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command as separate processes")
	}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 20_000, DemoSeed: 5,
		Latency: faults.Fixed(40 * time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	env := simEnv(emu)
	const q = `SELECT "transaction" AS tran, linesequencenumber AS seq, netamount FROM transactionline ORDER BY tran, seq`
	for _, format := range []string{"csv", "ndjson"} {
		full := runProcess(t, env, nil, "query", "--all", "--parallel", "1", "-o", format, q)
		if full.code != 0 || strings.Count(full.stdout, "\n") < 20_000 {
			t.Fatalf("uninterrupted %s export: exit %d, %d lines: %s", format, full.code, strings.Count(full.stdout, "\n"), full.stderr)
		}
		for i := range 3 {
			cp := filepath.Join(t.TempDir(), "export.checkpoint")
			delay := time.Duration(150+rand.IntN(500)) * time.Millisecond
			first := runProcess(t, env, &delay, "query", "--all", "--parallel", "1", "-o", format, "--checkpoint", cp, q)
			if first.code == 0 {
				t.Logf("%s run %d finished before the interrupt at %v", format, i, delay)
				continue
			}
			if first.code != 130 || !strings.Contains(first.stderr, "--resume "+cp) {
				t.Fatalf("%s run %d: interrupted export: exit %d, stderr %q", format, i, first.code, first.stderr)
			}
			rest := runProcess(t, env, nil, "query", "--all", "--parallel", "1", "-o", format, "--resume", cp, q)
			if rest.code != 0 {
				t.Fatalf("%s run %d: resume: exit %d: %s", format, i, rest.code, rest.stderr)
			}
			if got := first.stdout + rest.stdout; got != full.stdout {
				t.Fatalf("%s run %d (interrupted at %v after %d lines): interrupted + resumed has %d lines, the uninterrupted export %d",
					format, i, delay, strings.Count(first.stdout, "\n"), strings.Count(got, "\n"), strings.Count(full.stdout, "\n"))
			}
			again := runProcess(t, env, nil, "query", "--all", "-o", format, "--resume", cp, q)
			if again.code == 0 || !strings.Contains(again.stderr, "complete") {
				t.Errorf("resuming a complete export: exit %d %q", again.code, again.stderr)
			}
		}
	}
	// Checkpoints need a resumable export.
	if r := runProcess(t, env, nil, "query", "--all", "-o", "table", "--checkpoint", filepath.Join(t.TempDir(), "x"), q); r.code == 0 || !strings.Contains(r.stderr, "-o csv or -o ndjson") {
		t.Errorf("checkpoint with -o table: exit %d %q", r.code, r.stderr)
	}
}

type processResult struct {
	stdout, stderr string
	code           int
}

// runProcess runs the command as a separate process; with interrupt, it
// sends SIGINT after that delay.
func runProcess(t *testing.T, env map[string]string, interrupt *time.Duration, args ...string) processResult {
	t.Helper()
	cmd := cliProcess(t, env, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if interrupt != nil {
		timer := time.AfterFunc(*interrupt, func() { cmd.Process.Signal(syscall.SIGINT) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return processResult{out.String(), errb.String(), code}
}

// TestResumeCommand: the resume hint repeats the command without
// --checkpoint/--resume and without secrets (both flag forms), naming the
// secret flags it left out.
func TestResumeCommand(t *testing.T) {
	tests := []struct {
		args        []string
		want        string
		wantDropped []string
	}{
		{[]string{"query", "--all", "--checkpoint", "a.cp", "SELECT id FROM customer ORDER BY id"},
			"netsuite query --all 'SELECT id FROM customer ORDER BY id' --resume b.cp", nil},
		{[]string{"--token-secret", "s3cret", "--consumer-secret=c0nsumer", "query", "--resume=a.cp", "--redis", "redis://:pw@h:6379", "--client-secret=x", "q"},
			"netsuite query q --resume b.cp", []string{"--token-secret", "--consumer-secret", "--redis", "--client-secret"}},
	}
	for _, tt := range tests {
		got, dropped := resumeCommand(tt.args, "b.cp")
		if got != tt.want || !slices.Equal(dropped, tt.wantDropped) {
			t.Errorf("resumeCommand(%q) = %q, %q; want %q, %q", tt.args, got, dropped, tt.want, tt.wantDropped)
		}
		for _, secret := range []string{"s3cret", "c0nsumer", "pw@"} {
			if strings.Contains(got, secret) {
				t.Errorf("the hint shows a secret: %s", got)
			}
		}
	}
}
