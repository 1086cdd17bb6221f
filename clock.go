package netsuite

import (
	"net/http"
	"sync/atomic"
	"time"
)

// Clock skew. NetSuite refuses a TBA signature whose timestamp is more than
// five minutes off its own clock (InvalidTimestamp, "Invalid login
// attempt."; docs/wire-notes.md, Token-based authentication). The client
// estimates how far this machine's clock is from NetSuite's from the Date
// header of every answer and signs with timestamps corrected by that
// offset, so that a machine whose clock has drifted keeps working.
//
// Date has a resolution of one second, so an offset within minSkew is
// taken as none.
const minSkew = 2 * time.Second

// SkewFromDate estimates the server's clock minus this machine's from an
// answer's Date header, for a request sent at sent and answered at
// received: the server read its clock somewhere in [Date, Date+1s) while
// this machine waited, so the middles are compared. ok is false without a
// readable Date.
func SkewFromDate(sent, received time.Time, date string) (skew time.Duration, ok bool) {
	server, err := http.ParseTime(date)
	if err != nil {
		return 0, false
	}
	mid := sent.Add(received.Sub(sent) / 2)
	return server.Add(500 * time.Millisecond).Sub(mid), true
}

// skewEstimator holds the latest estimate of NetSuite's clock minus ours.
type skewEstimator struct {
	offset atomic.Int64 // nanoseconds
	seen   atomic.Bool
}

// observe updates the estimate from an answer to a request sent at sent
// and answered at received.
func (s *skewEstimator) observe(sent, received time.Time, h http.Header) {
	off, ok := SkewFromDate(sent, received, h.Get("Date"))
	if !ok {
		return
	}
	if off.Abs() < minSkew {
		off = 0
	}
	s.offset.Store(int64(off))
	s.seen.Store(true)
}

// get returns the current offset (0 until an answer was seen).
func (s *skewEstimator) get() time.Duration { return time.Duration(s.offset.Load()) }

// ClockSkew returns how far NetSuite's clock is ahead of this machine's
// (negative: behind), as estimated from the Date headers of its answers,
// and whether any answer has been seen. TBA timestamps are corrected by it
// unless the client was built with WithClockCorrection(false).
func (c *Client) ClockSkew() (time.Duration, bool) {
	return c.skew.get(), c.skew.seen.Load()
}

// WithClockCorrection turns the correction of TBA timestamps by the
// estimated clock skew on (the default) or off.
func WithClockCorrection(on bool) Option {
	return func(o *clientOptions) { o.noClockCorrection = !on }
}
