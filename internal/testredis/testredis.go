// Package testredis starts a real redis-server (Debian's package) for
// tests, on a free loopback port, stopped when the test ends.
// scripts/test.sh installs it and sets NETSUITE_TEST_REQUIRE_REDIS=1, so
// that CI fails rather than skips when it is missing.
package testredis

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/gomodule/redigo/redis"
)

// Start runs redis-server and returns its URL (redis://127.0.0.1:PORT/0).
// Without redis-server it skips the test, or fails it when
// NETSUITE_TEST_REQUIRE_REDIS is set.
func Start(tb testing.TB) string {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("NETSUITE_TEST_REQUIRE_REDIS") != "" {
			tb.Fatal("redis-server is not installed (apt-get install redis-server), and NETSUITE_TEST_REQUIRE_REDIS is set")
		}
		tb.Skip("redis-server is not installed (apt-get install redis-server)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tb.TempDir())
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	deadline := time.Now().Add(10 * time.Second)
	for ping(url) != nil {
		if time.Now().After(deadline) {
			tb.Fatal("redis-server did not answer within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return url
}

func ping(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c, err := redis.DialURLContext(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = redis.DoContext(c, ctx, "PING")
	return err
}
