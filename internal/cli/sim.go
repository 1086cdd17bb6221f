package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/faults"
	"github.com/spf13/cobra"
)

func newSimCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run and administer the local NetSuite emulator",
		Long: `sim is a local NetSuite account: SOAP, REST web services, SuiteQL and RESTlets
on one address, with NetSuite's Token-Based Authentication set-up, refusals,
Login Audit Trail and concurrency governance, stored in SQLite.`,
	}
	cmd.AddCommand(newSimServeCmd(e), newSimSoakCmd(e))
	if c := newSimAdminCmd(e); c != nil {
		cmd.AddCommand(c)
	}
	return cmd
}

// credentialsFile is the JSON written by --credentials-out and read by
// --credentials.
type credentialsFile struct {
	Account        string `json:"account"`
	ConsumerKey    string `json:"consumer_key"`
	ConsumerSecret string `json:"consumer_secret"`
	TokenID        string `json:"token_id"`
	TokenSecret    string `json:"token_secret"`
	BaseURL        string `json:"base_url"`
}

// credentialsFileM2M adds the OAuth 2.0 client credentials set-up (use
// with --auth oauth2-m2m) and the authorization code one (--auth
// oauth2-code: the same client id, its secret and the redirect URI).
type credentialsFileM2M struct {
	credentialsFile
	ClientID       string `json:"client_id,omitempty"`
	CertificateID  string `json:"certificate_id,omitempty"`
	PrivateKeyFile string `json:"private_key_file,omitempty"`
	ClientSecret   string `json:"client_secret,omitempty"`
	RedirectURI    string `json:"redirect_uri,omitempty"`
}

func writeCredentialsFile(path string, c any) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil { // an existing file keeps its mode otherwise
		f.Close()
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func newSimServeCmd(e *env) *cobra.Command {
	var cfg sim.Config
	var credsOut string
	var latency faults.LatencyValue
	var rates faults.RatesValue
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve an emulated NetSuite account until interrupted",
		Long: `serve answers every domain of the account on one address: SOAP at
/services/NetSuitePort_<version>, REST at /services/rest/..., RESTlets at
/app/site/hosting/restlet.nl, and /rest/datacenterurls. Without --state the
account lives in memory; with it, SIGINT or SIGTERM shut down cleanly and the
state is kept for the next run.

--demo walks the TBA guide (integration, feature, token role, role on the
employee, access token) and generates a demo dataset into an account without
records (a state file that already holds records is kept as it is, with a
notice on stderr); --credentials-out
writes the token credentials (mode 0600) for "netsuite --credentials FILE".
Without --demo (or --provision) the account is bare: walk the guide yourself
with "netsuite sim admin".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.Latency, cfg.Rates, cfg.Logger = latency.Latency, rates.Rates, e.logger()
			cfg.Warn = e.warn
			cfg.Provision = cfg.Provision || cfg.Demo
			ctx := cmd.Context()
			emu, err := sim.Start(ctx, cfg)
			if err != nil {
				return err
			}
			w := e.stdout
			fmt.Fprintf(w, "NetSuite emulator for account %s listening on %s\n", emu.Server.AccountID(), emu.URL)
			if cfg.StatePath != "" {
				fmt.Fprintf(w, "state: %s\n", cfg.StatePath)
			} else {
				fmt.Fprintln(w, "state: in memory (use --state FILE to keep it)")
			}
			if emu.DemoSkipped {
				fmt.Fprintf(e.stderr, "netsuite: demo data not loaded: the state file %s already holds records (kept as they are)\n", cfg.StatePath)
			}
			if emu.Demo != nil {
				fmt.Fprintf(w, "demo data: %d customers, %d transactions, %d transaction lines (%s)\n",
					emu.Demo.Customers, emu.Demo.Transactions, emu.Demo.Lines, emu.Demo.Elapsed.Round(time.Millisecond))
			}
			if c := emu.Credentials; c.TokenID != "" {
				if credsOut != "" {
					cf := credentialsFileM2M{credentialsFile: credentialsFile{Account: c.Account, ConsumerKey: c.ConsumerKey, ConsumerSecret: c.ConsumerSecret.Reveal(),
						TokenID: c.TokenID, TokenSecret: c.TokenSecret.Reveal(), BaseURL: emu.URL}}
					if err := addM2MCredentials(&cf, credsOut, emu.M2M); err != nil {
						emu.Close()
						return fmt.Errorf("--credentials-out: %w", err)
					}
					if emu.Code != nil {
						cf.ClientID, cf.ClientSecret, cf.RedirectURI = emu.Code.ClientID, emu.Code.ClientSecret.Reveal(), emu.Code.RedirectURI
					}
					if err := writeCredentialsFile(credsOut, cf); err != nil {
						emu.Close()
						return fmt.Errorf("--credentials-out: %w", err)
					}
					fmt.Fprintf(w, "credentials written to %s (use: netsuite --credentials %s auth check)\n", credsOut, credsOut)
				} else {
					fmt.Fprintf(w, "\nToken credentials (shown once):\n  export NETSUITE_ACCOUNT=%s NETSUITE_BASE_URL=%s\n  export NETSUITE_CONSUMER_KEY=%s NETSUITE_CONSUMER_SECRET=%s\n  export NETSUITE_TOKEN_ID=%s NETSUITE_TOKEN_SECRET=%s\n",
						c.Account, emu.URL, c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal())
				}
			} else if cfg.Provision || cfg.Demo {
				fmt.Fprintln(w, "the account was provisioned in an earlier run: its credentials are where they were written then")
			}
			fmt.Fprintln(w, "Ctrl-C to stop")
			<-ctx.Done()
			fmt.Fprintln(w, "shutting down")
			return emu.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "listen address")
	f.StringVar(&cfg.StatePath, "state", "", "SQLite state file (default: in memory)")
	f.StringVar(&cfg.AccountID, "account-id", "", "account id of a new account (default TSTDRV1234567)")
	f.StringVar(&cfg.AccountFile, "account-file", "", "provision the account from a TOML account file")
	f.BoolVar(&cfg.Provision, "provision", false, "walk the TBA guide on a new account so it is ready for token logins")
	f.StringVar(&cfg.Release, "release", "", "behave as of this NetSuite release, e.g. 2027.1: new TBA integrations are refused (existing ones keep working)")
	f.BoolVar(&cfg.Demo, "demo", false, "provision the guide's set-up and generate demo data")
	f.IntVar(&cfg.DemoSize, "demo-size", sim.DefaultDemoSize, "demo transaction lines")
	f.Int64Var(&cfg.DemoSeed, "demo-seed", 1, "demo data seed")
	f.StringVar(&credsOut, "credentials-out", "", "write the provisioned credentials to this JSON file (mode 0600)")
	f.Var(&latency, "latency", "added latency: 100ms, fixed:100ms, uniform:50ms-150ms or lognormal:100ms,0.5")
	f.Var(&rates, "fault-rate", "fault rates, e.g. 5xx=0.01,drop=0.005,slow=0.02:2s; drop-after=P runs the request and then drops the answer; badlogin=P answers as a bad login, limit-badlogin=P answers that fraction of the requests over the concurrency limit as a bad login")
	f.Uint64Var(&cfg.FaultSeed, "fault-seed", 1, "seed for latency and fault decisions")
	f.DurationVar(&cfg.RoleCacheDelay, "role-cache-delay", 0, "how long role permission changes take to reach token logins (e.g. 10m)")
	return cmd
}
