// Package redislimit shares an account's concurrency limit between
// processes on any number of hosts through Redis: a counting semaphore of
// leases, kept by one Lua script so that every step is atomic and every
// time is Redis's own (callers' clocks do not matter).
//
// Keys, for a pool named P (the account id by default):
//
//	netsuite:limit:{P}:leases  sorted set: member = lease id, score = expiry (ms, Redis time)
//	netsuite:limit:{P}:queue   sorted set: member = waiter id, score = ticket (arrival order)
//	netsuite:limit:{P}:seen    sorted set: member = waiter id, score = expiry of its place in the queue
//	netsuite:limit:{P}:ticket  counter of tickets
//	netsuite:limit:{P}:free    pub/sub channel: a slot was given back
//
// A lease expires TTL after it was taken or last renewed; the holder renews
// it every TTL/3 while its request runs, so the slots of a process that
// died (kill -9, a lost host) come back within TTL. Waiters queue by
// ticket: a slot goes to the oldest waiter that is still asking (a waiter
// that stopped asking drops out after TTL), so the pool is FIFO across
// processes too. A waiter tries again as soon as a "free" message arrives
// (one subscription per Limiter, re-established with backoff when its
// connection drops) and at the latest every Options.Poll.
//
// The client is redigo (github.com/gomodule/redigo): it talks to one Redis
// server (or to a proxy in front of one), with AUTH, SELECT and TLS from
// the URL. Redis Cluster and Redis Sentinel are not supported by this
// client; the go-redis client used before offered both, and was replaced
// because it alone took a quarter of a cold build. The braces in the key
// names are kept: they put every key of a pool in one Cluster hash slot, so
// that a cluster-aware client can be put behind New later.
package redislimit

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gomodule/redigo/redis"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/limit"
)

// script is the one Lua script: ARGV[1] is the operation.
//
//	acquire <id> <capacity> <ttl ms>  → 1 when the lease is taken, else 0
//	renew   <id> <ttl ms>             → 1 when the lease was still held, else 0
//	release <id>                      → number of leases removed (0 or 1)
//	leave   <id>                      → leaves the queue (a waiter that gives up)
//	status                            → {leases in use, waiters}
var script = redis.NewScript(5, `
local leases, queue, seen, ticket, chan = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local op = ARGV[1]
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', seen, '-inf', now)
for _, w in ipairs(gone) do
  redis.call('ZREM', queue, w)
  redis.call('ZREM', seen, w)
end
if op == 'acquire' then
  local id, cap, ttl = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
  if redis.call('ZSCORE', leases, id) then
    redis.call('ZADD', leases, now + ttl, id)
    return 1
  end
  if not redis.call('ZSCORE', queue, id) then
    redis.call('ZADD', queue, redis.call('INCR', ticket), id)
  end
  redis.call('ZADD', seen, now + ttl, id)
  local free = cap - redis.call('ZCARD', leases)
  if free > 0 and redis.call('ZRANK', queue, id) < free then
    redis.call('ZADD', leases, now + ttl, id)
    redis.call('ZREM', queue, id)
    redis.call('ZREM', seen, id)
    redis.call('PEXPIRE', leases, ttl * 4)
    redis.call('PEXPIRE', ticket, ttl * 1000)
    return 1
  end
  redis.call('PEXPIRE', queue, ttl * 4)
  redis.call('PEXPIRE', seen, ttl * 4)
  return 0
elseif op == 'renew' then
  local id, ttl = ARGV[2], tonumber(ARGV[3])
  if redis.call('ZSCORE', leases, id) then
    redis.call('ZADD', leases, now + ttl, id)
    redis.call('PEXPIRE', leases, ttl * 4)
    return 1
  end
  return 0
elseif op == 'release' then
  local n = redis.call('ZREM', leases, ARGV[2])
  if n > 0 then redis.call('PUBLISH', chan, '1') end
  return n
elseif op == 'leave' then
  redis.call('ZREM', queue, ARGV[2])
  redis.call('ZREM', seen, ARGV[2])
  redis.call('PUBLISH', chan, '1')
  return 1
elseif op == 'status' then
  return {redis.call('ZCARD', leases), redis.call('ZCARD', queue)}
end
return redis.error_reply('redislimit: unknown operation ' .. tostring(op))
`)

// Connection settings of the pool Open builds.
const (
	dialTimeout  = 5 * time.Second
	readTimeout  = 3 * time.Second
	writeTimeout = 3 * time.Second
	// idleTimeout closes pooled connections unused this long (below the
	// usual server and load-balancer idle timeouts of 5 minutes).
	idleTimeout = 4 * time.Minute
	// pingAfter: a pooled connection idle longer than this is checked
	// with PING before it is used.
	pingAfter = time.Minute
)

// The subscription connection.
const (
	// subPing is how often the subscription connection is checked with
	// PING; a connection that answers nothing for 1.5×subPing is dropped
	// and dialled again.
	subPing = 30 * time.Second
	// The wait before dialling again after the subscription dropped: it
	// starts at subBackoffMin, doubles up to subBackoffMax and starts again
	// once a subscription was confirmed.
	subBackoffMin = 50 * time.Millisecond
	subBackoffMax = 5 * time.Second
)

// Limiter is a netsuite.Limiter whose slots are leases in Redis, shared by
// every process that uses the same Redis and pool name.
type Limiter struct {
	pool     *redis.Pool
	dialSub  func(context.Context) (redis.Conn, error) // the subscription's own connection
	keys     []any
	capacity atomic.Int64
	ttl      time.Duration
	poll     time.Duration
	prefix   string // this process's part of lease ids
	seq      atomic.Int64
	logger   *slog.Logger
	addr     string // for errors, without credentials

	acquired, lost atomic.Int64
	waitedNanos    atomic.Int64

	subOnce    sync.Once
	subStarted bool // set inside subOnce
	subCtx     context.Context
	subStop    context.CancelFunc
	subDone    chan struct{} // closed when the subscriber has ended
	wakeMu     sync.Mutex
	wake       chan struct{} // closed and replaced on every "free" message
}

// Options configure New.
type Options struct {
	// Pool names the shared pool; use the account id (realm form) so that
	// every integration of the account shares it. Required.
	Pool string
	// Capacity is the number of slots (the account's or the integration's
	// concurrency limit). Required, at least 1.
	Capacity int
	// TTL is how long a lease lives without renewal: the time within which
	// a crashed process's slots come back (default 15 s; at least 1 s).
	TTL time.Duration
	// Poll bounds how long a waiter sleeps between tries when no release
	// message arrives (default 200 ms).
	Poll   time.Duration
	Logger *slog.Logger
}

// New returns a limiter over a redigo connection pool. The pool must not
// be shared with code that leaves connections in a special state, and its
// Dial or DialContext (DialContext first) also opens the one connection
// that subscribes to the pool's "free" channel, outside the pool's count
// of active connections. Close closes the pool.
//
// New does not contact Redis; the first Acquire does, and fails with an
// error naming Redis when it is unreachable (there is no silent fallback to
// a local limit). Most callers want Open, which builds the pool from a URL
// with timeouts and bounds.
func New(pool *redis.Pool, o Options) (*Limiter, error) {
	if pool == nil {
		return nil, errors.New("redislimit: the pool is nil")
	}
	var dialSub func(context.Context) (redis.Conn, error)
	switch {
	case pool.DialContext != nil:
		dialSub = pool.DialContext
	case pool.Dial != nil:
		dialSub = func(context.Context) (redis.Conn, error) { return pool.Dial() }
	default:
		return nil, errors.New("redislimit: the pool has neither Dial nor DialContext")
	}
	if o.Pool == "" {
		return nil, errors.New("redislimit: Options.Pool is empty: name the pool after the account id")
	}
	if o.Capacity < 1 {
		return nil, fmt.Errorf("redislimit: capacity %d: it must be at least 1", o.Capacity)
	}
	if o.TTL == 0 {
		o.TTL = 15 * time.Second
	}
	if o.TTL < time.Second {
		return nil, fmt.Errorf("redislimit: TTL %v is shorter than a second", o.TTL)
	}
	if o.Poll <= 0 {
		o.Poll = 200 * time.Millisecond
	}
	var b [8]byte
	rand.Read(b[:])
	base := "netsuite:limit:{" + o.Pool + "}:"
	l := &Limiter{pool: pool, dialSub: dialSub, ttl: o.TTL, poll: o.Poll, logger: o.Logger,
		keys:   []any{base + "leases", base + "queue", base + "seen", base + "ticket", base + "free"},
		prefix: hex.EncodeToString(b[:]), wake: make(chan struct{}), subDone: make(chan struct{})}
	l.subCtx, l.subStop = context.WithCancel(context.Background())
	l.capacity.Store(int64(o.Capacity))
	return l, nil
}

// Open parses a redis:// or rediss:// URL (NETSUITE_REDIS_URL),
//
//	redis://[[user]:password@]host[:port][/db]
//	rediss://…   the same over TLS (certificate checked against the system's roots)
//
// (host defaults to localhost, port to 6379, db to 0), and returns a
// limiter over a new pool to that server. The pool holds at most
// 2×Capacity+8 connections (a waiter runs one script call at a time, a
// held lease one renewal every TTL/3; callers beyond that wait their turn
// for a connection, within their context), keeps at most Capacity+4 idle
// for 4 minutes and checks with PING one idle for over a minute. Dialling
// times out after 5 s, reads and writes after 3 s.
func Open(rawURL string, o Options) (*Limiter, error) {
	cfg, err := parseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redislimit: Redis URL %s: %w (expected redis://[user:password@]host:port[/db])", Redact(rawURL), err)
	}
	maxActive := 2*o.Capacity + 8
	pool := &redis.Pool{
		DialContext: cfg.dial,
		TestOnBorrowContext: func(ctx context.Context, c redis.Conn, lastUsed time.Time) error {
			if time.Since(lastUsed) < pingAfter {
				return nil
			}
			_, err := redis.DoContext(c, ctx, "PING")
			return err
		},
		MaxActive:   maxActive,
		MaxIdle:     min(o.Capacity+4, maxActive),
		IdleTimeout: idleTimeout,
		Wait:        true,
	}
	l, err := New(pool, o)
	if err != nil {
		pool.Close()
		return nil, err
	}
	l.addr = cfg.addr
	return l, nil
}

// dialConfig is a parsed Redis URL.
type dialConfig struct {
	addr           string // host:port
	user, password string
	db             int
	tls            bool
}

// parseURL reads redis://[[user]:password@]host[:port][/db] and rediss://.
// Its errors never contain the URL (it may hold a password).
func parseURL(rawURL string) (dialConfig, error) {
	var c dialConfig
	u, err := url.Parse(rawURL)
	if err != nil {
		return c, errors.New("not a URL")
	}
	switch u.Scheme {
	case "redis":
	case "rediss":
		c.tls = true
	default:
		return c, fmt.Errorf("scheme %q is neither redis nor rediss", u.Scheme)
	}
	if u.Opaque != "" {
		return c, errors.New("no // before the host")
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "localhost"
	}
	if port == "" {
		port = "6379"
	}
	c.addr = net.JoinHostPort(host, port)
	if u.User != nil {
		c.user = u.User.Username()
		p, ok := u.User.Password()
		if !ok {
			return c, errors.New("a user without a password (write user:password@ or :password@)")
		}
		c.password = p
	}
	if db := strings.TrimPrefix(u.Path, "/"); db != "" {
		n, err := strconv.Atoi(db)
		if err != nil || n < 0 {
			return c, fmt.Errorf("database %q is not a number", db)
		}
		c.db = n
	}
	if u.RawQuery != "" {
		q, _ := url.ParseQuery(u.RawQuery)
		return c, fmt.Errorf("options in the URL's query are not supported: %s", strings.Join(slices.Sorted(maps.Keys(q)), ", "))
	}
	return c, nil
}

// dial opens a connection: TLS for rediss, then AUTH and SELECT.
func (c dialConfig) dial(ctx context.Context) (redis.Conn, error) {
	opts := []redis.DialOption{
		redis.DialConnectTimeout(dialTimeout),
		redis.DialReadTimeout(readTimeout),
		redis.DialWriteTimeout(writeTimeout),
		redis.DialDatabase(c.db),
	}
	if c.password != "" {
		opts = append(opts, redis.DialUsername(c.user), redis.DialPassword(c.password))
	}
	if c.tls {
		host, _, _ := net.SplitHostPort(c.addr)
		opts = append(opts, redis.DialUseTLS(true), redis.DialTLSConfig(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}))
	}
	return redis.DialContext(ctx, "tcp", c.addr, opts...)
}

// Redact hides a Redis URL's password: also a user given alone (Redis's
// own tools read it as the password) and the values of query options.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Opaque != "" {
		return "(unparsable URL)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		} else {
			u.User = url.User("xxxxx")
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{"xxxxx"}
		}
		u.RawQuery = q.Encode()
	}
	u.Fragment = ""
	return u.String()
}

// SetCapacity changes the number of slots for this process's next
// acquisitions (every process should use the same value).
func (l *Limiter) SetCapacity(n int) {
	if n >= 1 {
		l.capacity.Store(int64(n))
	}
}

func (l *Limiter) unreachable(err error) error {
	where := "Redis"
	if l.addr != "" {
		where += " at " + l.addr
	}
	return fmt.Errorf("redislimit: %s is unreachable, so no concurrency slot can be taken (unset NETSUITE_REDIS_URL / --redis to keep the limit in this process only): %w", where, err)
}

// run runs the script with the pool's keys and args on a pooled
// connection, within ctx (EVALSHA, then EVAL when Redis answers NOSCRIPT).
func (l *Limiter) run(ctx context.Context, args ...any) (any, error) {
	c, err := l.pool.GetContext(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return script.DoContext(ctx, c, append(slices.Clip(l.keys), args...)...)
}

// Acquire takes a lease, waiting in FIFO order, until ctx ends.
func (l *Limiter) Acquire(ctx context.Context, _ *netsuite.Request) (func(), error) {
	l.subOnce.Do(l.subscribe)
	id := fmt.Sprintf("%s-%d", l.prefix, l.seq.Add(1))
	ttl := l.ttl.Milliseconds()
	start := time.Now()
	for {
		wake := l.wakeChan()
		n, err := redis.Int(l.run(ctx, "acquire", id, l.capacity.Load(), ttl))
		if err != nil {
			if ctx.Err() != nil {
				l.leave(id)
				return nil, fmt.Errorf("redislimit: waiting for a concurrency slot: %w", ctx.Err())
			}
			return nil, l.unreachable(err)
		}
		if n == 1 {
			l.acquired.Add(1)
			l.waitedNanos.Add(int64(time.Since(start)))
			return l.hold(id), nil
		}
		t := time.NewTimer(l.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			l.leave(id)
			l.waitedNanos.Add(int64(time.Since(start)))
			return nil, fmt.Errorf("redislimit: waiting for a concurrency slot: %w", ctx.Err())
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// leave takes a waiter that gave up out of the queue (best effort: if it
// fails, the place expires after TTL).
func (l *Limiter) leave(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	l.run(ctx, "leave", id)
}

// hold renews the lease while the request runs and returns its release.
func (l *Limiter) hold(id string) func() {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(l.ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				ctx, cancel := context.WithTimeout(context.Background(), l.ttl/3)
				n, err := redis.Int(l.run(ctx, "renew", id, l.ttl.Milliseconds()))
				cancel()
				if err == nil && n == 0 {
					// The lease expired (Redis unreachable for longer than
					// the TTL, or the process was paused): another caller
					// may have the slot now.
					l.lost.Add(1)
					if l.logger != nil {
						l.logger.Warn("netsuite: a concurrency lease expired while its request ran; the shared limit may be exceeded briefly", "lease", id)
					}
					return
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-done
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if _, err := l.run(ctx, "release", id); err != nil && l.logger != nil {
				l.logger.Warn("netsuite: releasing a concurrency lease failed; it expires by itself", "ttl", l.ttl, "error", err)
			}
		})
	}
}

// subscribe starts listening for "a slot was given back" so waiters try at
// once rather than at their next poll.
func (l *Limiter) subscribe() {
	l.subStarted = true
	go l.listen()
}

// listen keeps a subscription to the "free" channel until Close, dialling
// again with backoff whenever its connection drops. Waiters poll meanwhile.
func (l *Limiter) listen() {
	defer close(l.subDone)
	backoff := subBackoffMin
	for {
		subscribed, err := l.listenOnce()
		if l.subCtx.Err() != nil {
			return
		}
		if subscribed {
			backoff = subBackoffMin
		}
		if l.logger != nil {
			l.logger.Debug("netsuite: the Redis subscription for released slots dropped; waiters poll until it is back",
				"retry_in", backoff, "error", err)
		}
		t := time.NewTimer(backoff)
		select {
		case <-l.subCtx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(2*backoff, subBackoffMax)
	}
}

// listenOnce subscribes on a new connection and wakes the waiters on every
// message, until the connection fails or Close. subscribed tells whether
// Redis confirmed the subscription.
func (l *Limiter) listenOnce() (subscribed bool, err error) {
	c, err := l.dialSub(l.subCtx)
	if err != nil {
		return false, err
	}
	defer c.Close()
	// Close unblocks the Receive below by closing the connection.
	defer context.AfterFunc(l.subCtx, func() { c.Close() })()
	psc := redis.PubSubConn{Conn: c}
	if err := psc.Subscribe(l.keys[4]); err != nil {
		return false, err
	}
	stopPing := make(chan struct{})
	var pinger sync.WaitGroup
	pinger.Go(func() {
		t := time.NewTicker(subPing)
		defer t.Stop()
		for {
			select {
			case <-stopPing:
				return
			case <-t.C:
				if psc.Ping("") != nil {
					return
				}
			}
		}
	})
	defer pinger.Wait()
	defer close(stopPing)
	for {
		switch v := psc.ReceiveWithTimeout(subPing + subPing/2).(type) {
		case redis.Message:
			l.wakeAll()
		case redis.Subscription:
			if v.Kind == "subscribe" {
				subscribed = true
				// A release may have been published while there was no
				// subscription: every waiter tries once now.
				l.wakeAll()
			}
		case error:
			return subscribed, v
		}
	}
}

func (l *Limiter) wakeAll() {
	l.wakeMu.Lock()
	close(l.wake)
	l.wake = make(chan struct{})
	l.wakeMu.Unlock()
}

func (l *Limiter) wakeChan() chan struct{} {
	l.wakeMu.Lock()
	defer l.wakeMu.Unlock()
	return l.wake
}

// Status is the pool as Redis holds it now.
type Status struct {
	InUse, Waiting int
}

// Status reads the pool's leases in use and waiters (all processes).
func (l *Limiter) Status(ctx context.Context) (Status, error) {
	v, err := redis.Int64s(l.run(ctx, "status"))
	if err != nil {
		return Status{}, l.unreachable(err)
	}
	if len(v) != 2 {
		return Status{}, fmt.Errorf("redislimit: status: unexpected answer %v", v)
	}
	return Status{InUse: int(v[0]), Waiting: int(v[1])}, nil
}

// Stats are this process's counters.
type Stats struct {
	Acquired int64
	// Lost counts leases that expired while their request ran.
	Lost   int64
	Waited time.Duration
}

// Stats returns this process's counters.
func (l *Limiter) Stats() Stats {
	return Stats{Acquired: l.acquired.Load(), Lost: l.lost.Load(), Waited: time.Duration(l.waitedNanos.Load())}
}

// Close ends the subscription and closes the pool (also one given to New).
// Leases still held are not released: they expire after the TTL.
func (l *Limiter) Close() error {
	l.subOnce.Do(func() {}) // no subscription after Close
	l.subStop()
	if l.subStarted {
		<-l.subDone
	}
	return l.pool.Close()
}

// PoolName returns the pool name for an account id in any form
// ("1234567_sb1", "1234567-sb1" and "1234567_SB1" share a pool).
func PoolName(account string) string { return limit.AccountKey(account) }
