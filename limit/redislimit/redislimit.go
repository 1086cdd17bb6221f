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
// processes too. The braces make every key of a pool hash to one Redis
// Cluster slot.
package redislimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/go-netsuite/netsuite"
)

// script is the one Lua script: ARGV[1] is the operation.
//
//	acquire <id> <capacity> <ttl ms>  → 1 when the lease is taken, else 0
//	renew   <id> <ttl ms>             → 1 when the lease was still held, else 0
//	release <id>                      → number of leases removed (0 or 1)
//	leave   <id>                      → leaves the queue (a waiter that gives up)
//	status                            → {leases in use, waiters}
var script = redis.NewScript(`
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

// Limiter is a netsuite.Limiter whose slots are leases in Redis, shared by
// every process that uses the same Redis and pool name.
type Limiter struct {
	rdb      redis.UniversalClient
	keys     []string
	capacity atomic.Int64
	ttl      time.Duration
	poll     time.Duration
	prefix   string // this process's part of lease ids
	seq      atomic.Int64
	logger   *slog.Logger
	addr     string // for errors, without credentials

	acquired, lost atomic.Int64
	waitedNanos    atomic.Int64

	subOnce sync.Once
	wakeMu  sync.Mutex
	wake    chan struct{} // closed and replaced on every "free" message
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

// New returns a limiter over rdb. It does not contact Redis; the first
// Acquire does, and fails with an error naming Redis when it is
// unreachable (there is no silent fallback to a local limit).
func New(rdb redis.UniversalClient, o Options) (*Limiter, error) {
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
	l := &Limiter{rdb: rdb, ttl: o.TTL, poll: o.Poll, logger: o.Logger,
		keys:   []string{base + "leases", base + "queue", base + "seen", base + "ticket", base + "free"},
		prefix: hex.EncodeToString(b[:]), wake: make(chan struct{})}
	l.capacity.Store(int64(o.Capacity))
	if c, ok := rdb.(*redis.Client); ok {
		l.addr = c.Options().Addr
	}
	return l, nil
}

// Open parses a redis:// or rediss:// URL (NETSUITE_REDIS_URL) and returns
// a limiter over a new client.
func Open(rawURL string, o Options) (*Limiter, error) {
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redislimit: Redis URL %s: %w (expected redis://[user:password@]host:port[/db])", Redact(rawURL), err)
	}
	return New(redis.NewClient(opts), o)
}

// Redact hides a Redis URL's password.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
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

// Acquire takes a lease, waiting in FIFO order, until ctx ends.
func (l *Limiter) Acquire(ctx context.Context, _ *netsuite.Request) (func(), error) {
	l.subOnce.Do(l.subscribe)
	id := fmt.Sprintf("%s-%d", l.prefix, l.seq.Add(1))
	ttl := l.ttl.Milliseconds()
	start := time.Now()
	for {
		wake := l.wakeChan()
		n, err := script.Run(ctx, l.rdb, l.keys, "acquire", id, l.capacity.Load(), ttl).Int()
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
	script.Run(ctx, l.rdb, l.keys, "leave", id)
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
				n, err := script.Run(ctx, l.rdb, l.keys, "renew", id, l.ttl.Milliseconds()).Int()
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
			if _, err := script.Run(ctx, l.rdb, l.keys, "release", id).Result(); err != nil && l.logger != nil {
				l.logger.Warn("netsuite: releasing a concurrency lease failed; it expires by itself", "ttl", l.ttl, "error", err)
			}
		})
	}
}

// subscribe listens for "a slot was given back" so waiters try at once
// rather than at their next poll.
func (l *Limiter) subscribe() {
	ps := l.rdb.Subscribe(context.Background(), l.keys[4])
	go func() {
		for range ps.Channel() {
			l.wakeMu.Lock()
			close(l.wake)
			l.wake = make(chan struct{})
			l.wakeMu.Unlock()
		}
	}()
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
	v, err := script.Run(ctx, l.rdb, l.keys, "status").Int64Slice()
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

// Close closes the Redis client.
func (l *Limiter) Close() error { return l.rdb.Close() }

// PoolName returns the pool name for an account id in any form
// ("1234567_sb1" and "1234567_SB1" share a pool).
func PoolName(account string) string { return strings.ToUpper(account) }
