package redislimit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// These tests run against a real redis-server (Debian's package), started
// here on a free loopback port. scripts/test.sh installs it and sets
// NETSUITE_TEST_REQUIRE_REDIS=1, so that CI fails rather than skips when it
// is missing.

func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("NETSUITE_TEST_REQUIRE_REDIS") != "" {
			t.Fatal("redis-server is not installed (apt-get install redis-server), and NETSUITE_TEST_REQUIRE_REDIS is set")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	opts, _ := redis.ParseURL(url)
	c := redis.NewClient(opts)
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for c.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not answer within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return url
}

func open(t *testing.T, url string, o Options) *Limiter {
	t.Helper()
	if o.Pool == "" {
		o.Pool = "TSTDRV1"
	}
	l, err := Open(url, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// TestSharedLimit: three limiters (as three processes would) with ten
// callers each never hold more than the capacity between them.
func TestSharedLimit(t *testing.T) {
	url := startRedis(t)
	const capacity = 3
	var cur, peak atomic.Int64
	var wg sync.WaitGroup
	for p := range 3 {
		l := open(t, url, Options{Capacity: capacity, Poll: 50 * time.Millisecond})
		for range 10 {
			wg.Go(func() {
				for range 5 {
					release, err := l.Acquire(context.Background(), nil)
					if err != nil {
						t.Errorf("process %d: %v", p, err)
						return
					}
					n := cur.Add(1)
					for q := peak.Load(); n > q && !peak.CompareAndSwap(q, n); q = peak.Load() {
					}
					time.Sleep(2 * time.Millisecond)
					cur.Add(-1)
					release()
				}
			})
		}
	}
	wg.Wait()
	if p := peak.Load(); p > capacity || p < 2 {
		t.Errorf("peak %d, want 2..%d", p, capacity)
	}
	st, err := open(t, url, Options{Capacity: capacity}).Status(context.Background())
	if err != nil || st.InUse != 0 || st.Waiting != 0 {
		t.Errorf("status after the run: %+v %v", st, err)
	}
}

// TestFIFOAcrossProcesses: waiters of different limiters get the slot in
// the order they asked.
func TestFIFOAcrossProcesses(t *testing.T) {
	url := startRedis(t)
	holder := open(t, url, Options{Capacity: 1})
	release, err := holder.Acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var order []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 4 {
		l := open(t, url, Options{Capacity: 1, Poll: 20 * time.Millisecond})
		wg.Go(func() {
			r, err := l.Acquire(context.Background(), nil)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			r()
		})
		waitStatus(t, holder, func(s Status) bool { return s.Waiting == i+1 })
	}
	release()
	wg.Wait()
	if fmt.Sprint(order) != "[0 1 2 3]" {
		t.Errorf("order %v, want [0 1 2 3]", order)
	}
}

// TestRenewal: a lease held longer than its TTL is renewed and keeps the
// slot.
func TestRenewal(t *testing.T) {
	url := startRedis(t)
	l := open(t, url, Options{Capacity: 1, TTL: time.Second})
	release, err := l.Acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond)
	other := open(t, url, Options{Capacity: 1, TTL: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := other.Acquire(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second caller got the slot of a lease being renewed: %v", err)
	}
	// The caller that gave up left the queue.
	waitStatus(t, l, func(s Status) bool { return s.InUse == 1 && s.Waiting == 0 })
	release()
	waitStatus(t, l, func(s Status) bool { return s.InUse == 0 })
	if l.Stats().Lost != 0 {
		t.Errorf("stats %+v", l.Stats())
	}
}

// TestCrashedProcessSlotsReturn: a process killed with SIGKILL while holding
// every slot; its leases expire within the TTL and another process gets a
// slot.
func TestCrashedProcessSlotsReturn(t *testing.T) {
	url := startRedis(t)
	const ttl = 2 * time.Second
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldSlots$")
	cmd.Env = append(os.Environ(), "REDISLIMIT_HELPER_URL="+url, "REDISLIMIT_HELPER_TTL="+ttl.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "held") {
		cmd.Process.Kill()
		t.Fatalf("helper: %q %v", line, err)
	}
	l := open(t, url, Options{Capacity: 2, TTL: ttl, Poll: 20 * time.Millisecond})
	if st, _ := l.Status(context.Background()); st.InUse != 2 {
		t.Fatalf("the helper holds %d slots, want 2", st.InUse)
	}
	killed := time.Now()
	cmd.Process.Kill()
	cmd.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 3*ttl)
	defer cancel()
	release, err := l.Acquire(ctx, nil)
	if err != nil {
		t.Fatalf("the crashed process's slots did not come back: %v", err)
	}
	release()
	back := time.Since(killed)
	t.Logf("slots back %v after kill -9 (TTL %v)", back.Round(time.Millisecond), ttl)
	if back > ttl+time.Second {
		t.Errorf("slots came back after %v, more than the TTL %v (+1 s of polling)", back, ttl)
	}
}

// TestHelperHoldSlots is run as a child process by
// TestCrashedProcessSlotsReturn: it takes two slots and waits to be killed.
func TestHelperHoldSlots(t *testing.T) {
	url := os.Getenv("REDISLIMIT_HELPER_URL")
	if url == "" {
		t.Skip("helper process only")
	}
	ttl, _ := time.ParseDuration(os.Getenv("REDISLIMIT_HELPER_TTL"))
	l, err := Open(url, Options{Pool: "TSTDRV1", Capacity: 2, TTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := l.Acquire(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Println("held")
	time.Sleep(time.Minute)
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	l := open(t, "redis://:hunter2@"+addr+"/0", Options{Capacity: 1})
	_, err = l.Acquire(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "Redis at "+addr+" is unreachable") || !strings.Contains(err.Error(), "NETSUITE_REDIS_URL") {
		t.Errorf("err = %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestOptionsChecked(t *testing.T) {
	tests := []struct {
		url  string
		o    Options
		want string
	}{
		{"redis://127.0.0.1:6379", Options{Capacity: 1}, "Pool is empty"},
		{"redis://127.0.0.1:6379", Options{Pool: "X"}, "at least 1"},
		{"redis://127.0.0.1:6379", Options{Pool: "X", Capacity: 1, TTL: time.Millisecond}, "shorter than a second"},
		{"http://:secret@127.0.0.1:6379", Options{Pool: "X", Capacity: 1}, "expected redis://"},
	}
	for _, tt := range tests {
		_, err := Open(tt.url, tt.o)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q, %+v) = %v, want %q", tt.url, tt.o, err, tt.want)
		}
	}
}

func waitStatus(t *testing.T, l *Limiter, cond func(Status) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := l.Status(context.Background())
		if err == nil && cond(st) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("status %+v %v: condition not reached", st, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
