package sim

import (
	"context"
	"errors"
	"fmt"
	"github.com/go-netsuite/netsuite/oauth2"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/go-netsuite/netsuite/sim/store"
)

// Config configures Start.
type Config struct {
	// Addr is the listen address; default "127.0.0.1:0" (a free port).
	Addr string
	// StatePath is the SQLite state file; "" keeps the account in memory.
	StatePath string
	// AccountID names a new account (default store.DefaultAccountID).
	AccountID string
	// AccountFile, when set, provisions the account from a TOML file.
	AccountFile string
	// Provision walks the TBA guide (integration, TBA feature, token role,
	// role on the employee, access token) on a new account, so the
	// emulator starts ready for token logins.
	Provision bool
	// Release makes the account behave as of a NetSuite release, e.g.
	// "2027.1": no new TBA integrations (store.Store.SetRelease).
	Release string
	// Demo generates the demo dataset into an account without records (an
	// account that holds records is kept as it is: see
	// Emulator.DemoSkipped); DemoSize is its number of transaction lines
	// (default 10,000); DemoSeed makes it reproducible.
	Demo     bool
	DemoSize int
	DemoSeed int64
	// RoleCacheDelay: see Options.RoleCacheDelay.
	RoleCacheDelay time.Duration
	// Latency and Rates inject delays and failures, deterministic under FaultSeed.
	Latency   faults.Latency
	Rates     faults.Rates
	FaultSeed uint64
	Logger    *slog.Logger
	// Now is the clock of the account and the server (default time.Now):
	// tests move it to expire tokens.
	Now func() time.Time
	// Warn, if set, is told of what the emulator changed on its own (see
	// store.Options.Warn: a state file readable by others made 0600).
	Warn func(msg string)
}

// Emulator is a running emulator: a Server on a listener.
type Emulator struct {
	*Server
	// URL is the base URL of every domain of the account, e.g.
	// "http://127.0.0.1:41234".
	URL string
	// Credentials are the token credentials the guide provisioning created,
	// with Account set; zero when nothing was provisioned in this run (a
	// state file provisioned earlier keeps its credentials where they were
	// first written).
	Credentials auth.Credentials
	// M2M is the OAuth 2.0 client credentials set-up provisioning made
	// (client id, certificate id, private key), nil when none was made.
	M2M *store.M2MResult
	// Code is the OAuth 2.0 authorization code set-up provisioning made
	// (the demo integration as a confidential client), nil when none was
	// made.
	Code *CodeGrant
	// Guide is the provisioning result (nil when none ran).
	Guide *store.GuideResult
	// Demo is what the demo generation created (nil when none ran).
	Demo *store.DemoStats
	// DemoSkipped is set when Config.Demo asked for demo data but the
	// account already held records ([store.Store.HasRecords]): demo data
	// goes only into an empty account, so everything was kept as it was.
	DemoSkipped bool

	store *store.Store
	http  *http.Server
	done  chan error
}

// DefaultDemoSize is the number of demo transaction lines when Config.DemoSize is 0.
const DefaultDemoSize = 10_000

// Start opens (or creates) the account, provisions it as cfg asks, and
// serves it on cfg.Addr until Close.
func Start(ctx context.Context, cfg Config) (*Emulator, error) {
	st, err := store.OpenWith(cfg.StatePath, store.Options{AccountID: cfg.AccountID, Warn: cfg.Warn, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	e := &Emulator{store: st, done: make(chan error, 1)}
	fail := func(err error) (*Emulator, error) {
		st.Close()
		return nil, err
	}
	if cfg.AccountFile != "" {
		if _, err := st.LoadAccountFile(ctx, cfg.AccountFile); err != nil {
			return fail(err)
		}
	}
	if cfg.Provision {
		ints, err := st.Integrations(ctx)
		if err != nil {
			return fail(err)
		}
		if !hasIntegration(ints, store.GuideIntegrationName) {
			if e.Guide, err = st.ProvisionGuide(ctx, store.GuideOptions{}); err != nil {
				return fail(fmt.Errorf("provisioning the guide's set-up: %w", err))
			}
			e.Credentials = auth.Credentials{
				Account:     e.Guide.AccountID,
				ConsumerKey: e.Guide.ConsumerKey, ConsumerSecret: auth.Secret(e.Guide.ConsumerSecret.Reveal()),
				TokenID: e.Guide.TokenID, TokenSecret: auth.Secret(e.Guide.TokenSecret.Reveal()),
			}
			// The OAuth 2.0 client credentials set-up on the same
			// integration, employee and role (EC P-256 key, ES256).
			if e.M2M, err = st.ProvisionM2M(ctx, e.Guide, NewM2MKey); err != nil {
				return fail(fmt.Errorf("provisioning the OAuth 2.0 client credentials set-up: %w", err))
			}
			if e.Code, err = provisionCodeGrant(ctx, st, e.Guide); err != nil {
				return fail(fmt.Errorf("provisioning the OAuth 2.0 authorization code set-up: %w", err))
			}
		}
	}
	// The release applies after provisioning: the guide's integration is
	// an existing one.
	if err := st.SetRelease(cfg.Release); err != nil {
		return fail(err)
	}
	if cfg.Demo {
		has, err := st.HasRecords(ctx)
		if err != nil {
			return fail(err)
		}
		e.DemoSkipped = has
	}
	if cfg.Demo && !e.DemoSkipped {
		size := cfg.DemoSize
		if size <= 0 {
			size = DefaultDemoSize
		}
		stats, err := st.GenerateDemo(ctx, store.DemoOptions{Lines: size, Seed: cfg.DemoSeed})
		if err != nil {
			return fail(fmt.Errorf("generating demo data: %w", err))
		}
		e.Demo = &stats
	}
	var inj *faults.Injector
	if cfg.Latency != nil || cfg.Rates.Active() {
		if inj, err = faults.New(faults.Config{Seed: cfg.FaultSeed, Latency: cfg.Latency, Rates: cfg.Rates}); err != nil {
			return fail(err)
		}
	}
	if e.Server, err = New(Options{Store: st, Logger: cfg.Logger, RoleCacheDelay: cfg.RoleCacheDelay, Faults: inj, Seed: cfg.FaultSeed, Now: cfg.Now}); err != nil {
		return fail(err)
	}
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return fail(err)
	}
	e.URL = "http://" + ln.Addr().String()
	e.http = &http.Server{Handler: e.Server, ReadHeaderTimeout: 30 * time.Second}
	go func() { e.done <- e.http.Serve(ln) }()
	return e, nil
}

func hasIntegration(ints []store.Integration, name string) bool {
	for _, in := range ints {
		if in.Name == name {
			return true
		}
	}
	return false
}

// Close stops accepting requests, waits up to 10 seconds for those in
// flight, and closes the store (a state file keeps everything written).
func (e *Emulator) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := e.http.Shutdown(ctx)
	if serr := <-e.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return errors.Join(err, e.Server.Close(), e.store.Close())
}

// NewM2MKey makes an EC P-256 key and a self-signed certificate valid for
// two years (NetSuite's maximum), PEM-encoded, for store.ProvisionM2M.
func NewM2MKey(now time.Time) (keyPEM, certPEM []byte, err error) {
	key, err := oauth2.GenerateKey(oauth2.KeyEC256)
	if err != nil {
		return nil, nil, err
	}
	if certPEM, err = oauth2.SelfSignedCertificate(key, "netsuite emulator demo", now, oauth2.MaxCertificateValidity); err != nil {
		return nil, nil, err
	}
	keyPEM, err = oauth2.EncodePrivateKey(key)
	return keyPEM, certPEM, err
}
