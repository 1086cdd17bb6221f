package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/limit"
	"github.com/go-netsuite/netsuite/limit/redislimit"
)

// defaultConcurrency is the limit used when none is configured: every
// NetSuite account allows at least 5 concurrent requests (a Standard
// account without SuiteCloud Plus; Help Center section_1525253248). It is
// never read from the account implicitly: that request would itself need a
// slot, and 20 processes starting at once would exceed the limit doing so.
const defaultConcurrency = 5

// govern holds what a command's clients share: the retry policy and the
// concurrency limiter, and their counters for --verbose.
type govern struct {
	once     sync.Once
	err      error
	policy   *netsuite.RetryPolicy
	local    *limit.Local
	redis    *redislimit.Limiter
	capacity int
	source   string // where the capacity came from
}

// clientOptions returns the options every command's client is built with:
// the logger, the retry policy and the shared limiter.
func (e *env) clientOptions(cfg *netsuite.Config) ([]netsuite.Option, error) {
	g := &e.gov
	g.once.Do(func() {
		g.policy = &netsuite.RetryPolicy{Logger: e.logger()}
		g.capacity, g.source = defaultConcurrency, "default: the smallest limit of any account; set concurrency to your account's"
		if cfg.Concurrency > 0 {
			g.capacity, g.source = cfg.Concurrency, cfg.Sources["concurrency"]
		}
		if cfg.RedisURL != "" {
			g.redis, g.err = redislimit.Open(cfg.RedisURL, redislimit.Options{
				Pool: redislimit.PoolName(cfg.Account), Capacity: g.capacity, Logger: e.logger()})
			return
		}
		g.local = limit.ForAccount(cfg.Account, g.capacity, limit.Adaptive())
	})
	if g.err != nil {
		return nil, g.err
	}
	opts := []netsuite.Option{netsuite.WithConfig(cfg), netsuite.WithLogger(e.logger()), netsuite.WithRetryer(g.policy)}
	if g.redis != nil {
		opts = append(opts, netsuite.WithLimiter(g.redis))
	} else {
		opts = append(opts, netsuite.WithLimiter(g.local))
	}
	return e.oauth2Options(cfg, opts)
}

// newClient builds a client for cfg through the shared retry policy and
// limiter.
func (e *env) newClient(cfg *netsuite.Config) (*netsuite.Client, error) {
	opts, err := e.clientOptions(cfg)
	if err != nil {
		return nil, err
	}
	return netsuite.NewClient(opts...)
}

// summary prints the governance counters (--verbose).
func (e *env) summary(w io.Writer) {
	g := &e.gov
	if g.policy == nil {
		return
	}
	s := g.policy.Stats()
	fmt.Fprintf(w, "netsuite: %d requests, %d attempts, %d retries, %d concurrency refusals, %s backing off",
		s.Requests, s.Attempts, s.Retries, s.Refusals, s.Backoff.Round(time.Millisecond))
	if s.Unknown > 0 {
		fmt.Fprintf(w, ", %d writes with an unknown outcome", s.Unknown)
	}
	fmt.Fprintln(w)
	switch {
	case g.local != nil:
		l := g.local.Stats()
		fmt.Fprintf(w, "netsuite: concurrency limit %d (%s), at most %d in flight, %s waiting for a slot",
			l.Capacity, g.source, l.Peak, l.Waited.Round(time.Millisecond))
		if l.Limit < l.Capacity || l.Cuts > 0 {
			fmt.Fprintf(w, "; lowered %d times for refusals (now %d)", l.Cuts, l.Limit)
		}
		fmt.Fprintln(w)
	case g.redis != nil:
		r := g.redis.Stats()
		fmt.Fprintf(w, "netsuite: concurrency limit %d shared through Redis (%s), %d slots taken, %s waiting for a slot",
			g.capacity, g.source, r.Acquired, r.Waited.Round(time.Millisecond))
		if r.Lost > 0 {
			fmt.Fprintf(w, ", %d leases expired while their request ran", r.Lost)
		}
		fmt.Fprintln(w)
	}
}

// governanceView is what "netsuite governance" shows (-o json as is).
type governanceView struct {
	Concurrency       int                        `json:"concurrency"`
	ConcurrencySource string                     `json:"concurrency_source"`
	Account           *netsuite.GovernanceLimits `json:"account,omitempty"`
	AccountError      string                     `json:"account_error,omitempty"`
	Redis             *redisView                 `json:"redis,omitempty"`
}

type redisView struct {
	URL     string `json:"url"`
	InUse   int    `json:"in_use"`
	Waiting int    `json:"waiting"`
}

func newGovernanceCmd(e *env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "governance",
		Short: "Show the account's concurrency limits and the slots in use",
		Long: `governance reads the account's concurrency limits (REST governanceLimits,
which answers administrators only) and shows the limit this machine uses
(concurrency in the profile, NETSUITE_CONCURRENCY or --concurrency) and,
with a Redis URL (redis_url, NETSUITE_REDIS_URL or --redis), the slots in
use and the callers waiting across every process sharing it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			c, err := e.newClient(cfg)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			out := governanceView{Concurrency: e.gov.capacity, ConcurrencySource: e.gov.source}
			g, err := c.GovernanceLimits(ctx)
			switch {
			case err == nil:
				out.Account = g
			case netsuite.IsPermission(err):
				out.AccountError = "governanceLimits answers administrators only: the token's role is not one"
			default:
				return err
			}
			if e.gov.redis != nil {
				st, err := e.gov.redis.Status(ctx)
				if err != nil {
					return err
				}
				out.Redis = &redisView{URL: redislimit.Redact(cfg.RedisURL), InUse: st.InUse, Waiting: st.Waiting}
			}
			if output == "json" {
				return writeJSON(e.stdout, out)
			}
			w := e.stdout
			if g := out.Account; g != nil {
				show := func(label string, v *int) {
					if v != nil {
						fmt.Fprintf(w, "%-40s %d\n", label, *v)
					}
				}
				show("account concurrency limit", g.AccountConcurrencyLimit)
				show("unallocated (integrations without a share)", g.AccountUnallocatedConcurrencyLimit)
				if g.IntegrationLimitType != "" {
					fmt.Fprintf(w, "%-40s %s\n", "this integration's limit type", g.IntegrationLimitType)
				}
				show("this integration's limit", g.IntegrationConcurrencyLimit)
				if lim := g.Usable(); lim > 0 && lim != e.gov.capacity {
					fmt.Fprintf(w, "\nthis machine uses %d (%s); NetSuite allows this integration %d: set concurrency = %d in the profile or NETSUITE_CONCURRENCY=%d\n\n",
						e.gov.capacity, e.gov.source, lim, lim, lim)
				}
			} else {
				fmt.Fprintln(w, out.AccountError)
			}
			fmt.Fprintf(w, "%-40s %d (%s)\n", "limit used by this machine", e.gov.capacity, e.gov.source)
			if r := out.Redis; r != nil {
				fmt.Fprintf(w, "%-40s %s\n", "shared through Redis", r.URL)
				fmt.Fprintf(w, "%-40s %d\n", "slots in use (all processes)", r.InUse)
				fmt.Fprintf(w, "%-40s %d\n", "callers waiting (all processes)", r.Waiting)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "table or json")
	return cmd
}
