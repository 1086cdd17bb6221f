package redislimit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gomodule/redigo/redis"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url  string
		want dialConfig
	}{
		{"redis://127.0.0.1:6379", dialConfig{addr: "127.0.0.1:6379"}},
		{"redis://127.0.0.1:6379/", dialConfig{addr: "127.0.0.1:6379"}},
		{"redis://cache.internal", dialConfig{addr: "cache.internal:6379"}},
		{"redis://", dialConfig{addr: "localhost:6379"}},
		{"redis://:s3cret@10.0.0.5:7000/3", dialConfig{addr: "10.0.0.5:7000", password: "s3cret", db: 3}},
		{"redis://alice:s%40cret@10.0.0.5/2", dialConfig{addr: "10.0.0.5:6379", user: "alice", password: "s@cret", db: 2}},
		{"rediss://redis.example.com:6380/1", dialConfig{addr: "redis.example.com:6380", db: 1, tls: true}},
		{"rediss://:s3cret@redis.example.com", dialConfig{addr: "redis.example.com:6379", password: "s3cret", tls: true}},
		{"redis://[::1]:6379/0", dialConfig{addr: "[::1]:6379"}},
	}
	for _, tt := range tests {
		got, err := parseURL(tt.url)
		if err != nil || got != tt.want {
			t.Errorf("parseURL(%q) = %+v, %v; want %+v", tt.url, got, err, tt.want)
		}
	}
	bad := []struct{ url, want string }{
		{"http://:s3cret@127.0.0.1:6379", "neither redis nor rediss"},
		{"redis:s3cret", "no // before the host"},
		{"redis://s3cret@127.0.0.1:6379", "a user without a password"},
		{"redis://:s3cret@127.0.0.1:6379/zero", `database "zero" is not a number`},
		{"redis://:s3cret@127.0.0.1:6379/-1", "is not a number"},
		{"redis://:s3cret@127.0.0.1:6379/0?password=s3cret&dial_timeout=1s", "not supported: dial_timeout, password"},
		{"redis://:s3cret@127.0.0.1:bad/0", "not a URL"},
	}
	for _, tt := range bad {
		_, err := parseURL(tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("parseURL(%q) = %v, want an error with %q and no password", tt.url, err, tt.want)
		}
		_, err = Open(tt.url, Options{Pool: "X", Capacity: 1})
		if err == nil || !strings.Contains(err.Error(), "expected redis://") || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) = %v, want an error with the expected form and no password", tt.url, err)
		}
	}
}

// admin runs a command on the test server as its administrator.
func admin(t *testing.T, rawURL string, args ...any) any {
	t.Helper()
	c, err := redis.DialURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	v, err := c.Do(args[0].(string), args[1:]...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return v
}

// withAuth returns rawURL with the user and password and the database.
func withAuth(t *testing.T, rawURL, user, password string, db int) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(user, password)
	u.Path = fmt.Sprintf("/%d", db)
	return u.String()
}

// TestURLAuthAndDatabase: user:password (ACL), :password (requirepass) and
// /db from the URL reach the server: the keys land in that database, and a
// wrong password is an error that does not show it.
func TestURLAuthAndDatabase(t *testing.T) {
	plain := startRedis(t)
	admin(t, plain, "ACL", "SETUSER", "alice", "on", ">al1ce-pw", "~*", "&*", "+@all")
	admin(t, plain, "CONFIG", "SET", "requirepass", "def4ult-pw")
	root := withAuth(t, plain, "", "def4ult-pw", 0)
	leases := "netsuite:limit:{TSTDRV1}:leases"
	for _, tt := range []struct {
		url string
		db  int
	}{
		{withAuth(t, plain, "alice", "al1ce-pw", 5), 5},
		{withAuth(t, plain, "", "def4ult-pw", 3), 3},
	} {
		l := open(t, tt.url, Options{Capacity: 1})
		release, err := l.Acquire(context.Background(), nil)
		if err != nil {
			t.Fatalf("%s: %v", Redact(tt.url), err)
		}
		if n := admin(t, withAuth(t, plain, "", "def4ult-pw", tt.db), "EXISTS", leases); n != int64(1) {
			t.Errorf("%s: the lease is not in database %d (EXISTS = %v)", Redact(tt.url), tt.db, n)
		}
		if n := admin(t, root, "EXISTS", leases); n != int64(0) {
			t.Errorf("%s: the lease is in database 0", Redact(tt.url))
		}
		release()
		admin(t, withAuth(t, plain, "", "def4ult-pw", tt.db), "FLUSHDB")
	}
	for _, u := range []string{withAuth(t, plain, "alice", "n0t-her-pw", 0), withAuth(t, plain, "", "n0t-her-pw", 0)} {
		l := open(t, u, Options{Capacity: 1})
		_, err := l.Acquire(context.Background(), nil)
		if err == nil || !strings.Contains(err.Error(), "WRONGPASS") || strings.Contains(err.Error(), "n0t-her-pw") {
			t.Errorf("%s: err = %v, want WRONGPASS without the password", Redact(u), err)
		}
	}
}

// TestUnreachableStatus: Status's error names the address, not the
// password, like Acquire's (TestUnreachable).
func TestUnreachableStatus(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	l := open(t, "redis://alice:hunter2@"+addr+"/4", Options{Capacity: 1})
	_, err = l.Status(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Redis at "+addr+" is unreachable") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v", err)
	}
}

// TestSubscriptionReestablished: the server kills the subscription
// connection (CLIENT KILL TYPE pubsub); the limiter subscribes again, and a
// waiter still gets its slot as soon as it is given back, not at its next
// poll (a minute away).
func TestSubscriptionReestablished(t *testing.T) {
	url := startRedis(t)
	l := open(t, url, Options{Capacity: 1, Poll: time.Minute})
	release, err := l.Acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	subscribers := func() int64 {
		v, err := redis.Values(admin(t, url, "PUBSUB", "NUMSUB", "netsuite:limit:{TSTDRV1}:free"), nil)
		if err != nil || len(v) != 2 {
			t.Fatalf("PUBSUB NUMSUB: %v %v", v, err)
		}
		return v[1].(int64)
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 10 s", what)
			}
		}
	}
	waitFor("the first subscription", func() bool { return subscribers() == 1 })
	type result struct {
		release func()
		err     error
		after   time.Duration
	}
	got := make(chan result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		r, err := l.Acquire(ctx, nil)
		got <- result{r, err, 0}
	}()
	waitStatus(t, l, func(s Status) bool { return s.Waiting == 1 })
	for range 2 { // twice: the second kill hits the re-established connection
		if n := admin(t, url, "CLIENT", "KILL", "TYPE", "pubsub"); n != int64(1) {
			t.Fatalf("CLIENT KILL TYPE pubsub killed %v connections, want 1", n)
		}
		waitFor("the subscription after CLIENT KILL", func() bool { return subscribers() == 1 })
	}
	released := time.Now()
	release()
	select {
	case r := <-got:
		if r.err != nil {
			t.Fatal(r.err)
		}
		t.Logf("the waiter got the slot %v after the release", time.Since(released).Round(time.Millisecond))
		r.release()
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter did not get the slot within 5 s of its release: no release message reached it")
	}
}

// TestNoScriptFallback: after SCRIPT FLUSH (a restarted or failed-over
// Redis) the limiter loads the script again (EVALSHA → NOSCRIPT → EVAL).
func TestNoScriptFallback(t *testing.T) {
	url := startRedis(t)
	l := open(t, url, Options{Capacity: 1})
	loaded := func() int64 {
		v, err := redis.Int64s(admin(t, url, "SCRIPT", "EXISTS", script.Hash()), nil)
		if err != nil || len(v) != 1 {
			t.Fatalf("SCRIPT EXISTS: %v %v", v, err)
		}
		return v[0]
	}
	if _, err := l.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	if loaded() != 1 {
		t.Fatal("the script is not loaded after the first call")
	}
	admin(t, url, "SCRIPT", "FLUSH")
	if loaded() != 0 {
		t.Fatal("SCRIPT FLUSH left the script")
	}
	release, err := l.Acquire(context.Background(), nil)
	if err != nil {
		t.Fatalf("after SCRIPT FLUSH: %v", err)
	}
	release()
	if loaded() != 1 {
		t.Error("the script was not loaded again")
	}
	if st, err := l.Status(context.Background()); err != nil || st.InUse != 0 {
		t.Errorf("status %+v %v", st, err)
	}
}

// TestNewWithPool: New over a caller's pool (Dial only) takes slots and
// subscribes through the pool's Dial; Close closes the pool.
func TestNewWithPool(t *testing.T) {
	url := startRedis(t)
	pool := &redis.Pool{Dial: func() (redis.Conn, error) { return redis.DialURL(url) }, MaxActive: 4, Wait: true}
	l, err := New(pool, Options{Pool: "TSTDRV1", Capacity: 1, Poll: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	release, err := l.Acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		r, err := l.Acquire(context.Background(), nil)
		if err == nil {
			r()
		}
		done <- err
	}()
	waitStatus(t, l, func(s Status) bool { return s.Waiting == 1 })
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter was not woken by the release message")
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.GetContext(context.Background()); err == nil {
		t.Error("Close left the pool open")
	}
	if _, err := New(nil, Options{Pool: "X", Capacity: 1}); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := New(&redis.Pool{}, Options{Pool: "X", Capacity: 1}); err == nil || !strings.Contains(err.Error(), "Dial") {
		t.Errorf("New without Dial: %v", err)
	}
}

// TestAcquireCancelled: a context that has ended is the context's error,
// not "Redis is unreachable".
func TestAcquireCancelled(t *testing.T) {
	url := startRedis(t)
	l := open(t, url, Options{Capacity: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Acquire(ctx, nil); !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "unreachable") {
		t.Errorf("err = %v", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"redis://10.0.0.5:6379/0":                   "redis://10.0.0.5:6379/0",
		"redis://:s3cret@10.0.0.5:6379/0":           "redis://:xxxxx@10.0.0.5:6379/0",
		"rediss://alice:s3cret@10.0.0.5/2":          "rediss://alice:xxxxx@10.0.0.5/2",
		"redis://s3cret@10.0.0.5":                   "redis://xxxxx@10.0.0.5",
		"redis://10.0.0.5/0?password=s3cret#s3cret": "redis://10.0.0.5/0?password=xxxxx",
		"redis:s3cret":                              "(unparsable URL)",
		"redis://:s3cret@10.0.0.5:bad":              "(unparsable URL)",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
