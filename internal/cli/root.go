// Package cli implements the netsuite command line. Commands hold no protocol
// logic of their own: they parse flags, call the library and format output.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/spf13/cobra"
)

// env is what a command run sees of its process: streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	// Global flags.
	profile, configFile string
	credentialsFile     string
	debug               bool
	values              netsuite.Values
	consumerSecret      string
	tokenSecret         string
	clientSecret        string
	verbose             bool
	hidden              []string // arguments protectArgs kept from the flag parser
	args                []string // the command line as given, for the commands printed to continue

	gov govern // the retry policy and limiter every client shares

	oauth2 oauth2State // the OAuth 2.0 token source every client shares (oauth2.go)

	soapVersion string // soap --wsdl-version
}

// exitError carries a process exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// Main runs the CLI with args and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, args: args}
	root := newRoot(e)
	root.SetArgs(e.protectArgs(args))
	err := root.ExecuteContext(ctx)
	if e.verbose {
		e.summary(stderr)
	}
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, errorText(ee.err, e))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, errorText(err, e))
	return 1
}

// errorText is an error as the CLI prints it: one "netsuite:" prefix
// (the library's errors carry their own), and a hint saying what to do for
// the failures people meet most.
func errorText(err error, e *env) string {
	msg := err.Error()
	for {
		trimmed := strings.TrimPrefix(msg, "netsuite: ")
		if trimmed == msg {
			break
		}
		msg = trimmed
	}
	msg = "netsuite: " + msg
	var op *net.OpError
	switch {
	case errors.Is(err, oauth2.ErrLoginRequired):
		msg += "\n  run \"netsuite auth login\" again" + e.sameProfile()
	case oauth2.IsTokenRejected(err):
		msg += "\n  the access token was refused, not the login, and a new one was refused too: \"netsuite auth check\" checks the scopes and the role"
	case netsuite.IsInvalidLogin(err):
		msg += "\n  NetSuite refused the login; \"netsuite auth check\" finds out why (revoked token, wrong account, clock, role, permissions)"
	case errors.As(err, &op) && op.Op == "dial":
		host := ""
		if op.Addr != nil {
			host = op.Addr.String()
		}
		msg += fmt.Sprintf("\n  nothing answers at %s: check the base URL or account id%s", host, e.baseURLSource())
	}
	return msg
}

// sameProfile repeats the flags that chose the profile, for hints.
func (e *env) sameProfile() string {
	var b strings.Builder
	for _, f := range [][2]string{{"--config", e.configFile}, {"--profile", e.profile}, {"--credentials", e.credentialsFile}} {
		if f[1] != "" {
			b.WriteString(" " + f[0] + " " + f[1])
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return " (with" + b.String() + ")"
}

// baseURLSource says where the base URL came from, for hints.
func (e *env) baseURLSource() string {
	switch {
	case e.values.BaseURL != "":
		return " (from --base-url; is \"netsuite sim serve\" running?)"
	case e.getenv != nil && e.getenv(netsuite.EnvBaseURL) != "":
		return " (from " + netsuite.EnvBaseURL + "; is \"netsuite sim serve\" running?)"
	case e.credentialsFile != "":
		return " (base_url in the credentials file " + e.credentialsFile + "; is \"netsuite sim serve\" running?)"
	}
	return ""
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "netsuite",
		Short: "NetSuite SuiteTalk client: TBA diagnostics, signing, queries and a local emulator",
		Long: `netsuite talks to Oracle NetSuite with Token-Based Authentication.

Credentials come from, in order: flags, the environment variables
NETSUITE_ACCOUNT, NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET,
NETSUITE_TOKEN_ID, NETSUITE_TOKEN_SECRET (and NETSUITE_BASE_URL), then a
profile in $XDG_CONFIG_HOME/netsuite/config.toml (--profile or
NETSUITE_PROFILE, default "default"). "netsuite config show" tells which
source each value came from.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&e.profile, "profile", "", "config profile to use (default $NETSUITE_PROFILE or \"default\")")
	pf.StringVar(&e.configFile, "config", "", "config file (default $NETSUITE_CONFIG or $XDG_CONFIG_HOME/netsuite/config.toml)")
	pf.StringVar(&e.credentialsFile, "credentials", "", "JSON credentials file, e.g. from \"netsuite sim serve --credentials-out\" (default $NETSUITE_CREDENTIALS_FILE)")
	pf.BoolVar(&e.debug, "debug", false, "log requests at debug level to stderr (secrets are never logged)")
	pf.StringVar(&e.values.Account, "account", "", "NetSuite account id, e.g. 1234567 or 1234567_SB1")
	pf.StringVar(&e.values.ConsumerKey, "consumer-key", "", "consumer key of the integration record")
	pf.StringVar(&e.consumerSecret, "consumer-secret", "", "consumer secret of the integration record (prefer the environment: flags show in ps and shell history)")
	pf.StringVar(&e.values.TokenID, "token-id", "", "token id of the access token")
	pf.StringVar(&e.tokenSecret, "token-secret", "", "token secret of the access token (prefer the environment)")
	pf.StringVar(&e.values.BaseURL, "base-url", "", "send requests here instead of NetSuite's domains (emulator, proxy)")
	pf.IntVar(&e.values.Concurrency, "concurrency", 0, "concurrent requests allowed (default $NETSUITE_CONCURRENCY, the profile's concurrency, or 5)")
	pf.StringVar(&e.values.RedisURL, "redis", "", "share the concurrency limit with other processes through this Redis URL (default $NETSUITE_REDIS_URL)")
	addOAuth2Flags(pf, &e.values, &e.clientSecret)
	pf.BoolVarP(&e.verbose, "verbose", "v", false, "print a summary of requests, retries and time waited for a slot to stderr")

	root.AddCommand(newMigrateCmd(e))
	root.AddCommand(newVersionCmd(e), newConfigCmd(e), newAuthCmd(e), newSimCmd(e), newDemoCmd(e), newQueryCmd(e), newRESTletCmd(e), newRecordCmd(e), newSOAPCmd(e), newMetadataCmd(e), newGovernanceCmd(e), newConfigureCmd(e))
	addCompletions(e, root)
	return root
}

// argMark starts a placeholder for an argument that looks like a flag but
// cannot be one (see protectArgs).
const argMark = "\x00arg:"

// protectArgs hides from the flag parser the arguments that begin with "-"
// but cannot be flags because their name would hold white space: a query
// pasted with a leading "-- comment" line is an argument, not the flag
// "-- comment…" (which cobra would refuse as unknown). Commands read them
// back with e.arg.
func (e *env) protectArgs(args []string) []string {
	out := make([]string, len(args))
	query := false // only the query command reads hidden arguments back
	for i, a := range args {
		query = query || a == "query"
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if query && strings.HasPrefix(a, "-") && a != "-" && a != "--" && (name == "" && len(a) > 2 || strings.ContainsAny(name, " \t\r\n")) {
			e.hidden = append(e.hidden, a)
			out[i] = argMark + strconv.Itoa(len(e.hidden)-1)
			continue
		}
		out[i] = a
	}
	return out
}

// arg returns a positional argument as the user wrote it.
func (e *env) arg(a string) string {
	if n, ok := strings.CutPrefix(a, argMark); ok {
		if i, err := strconv.Atoi(n); err == nil && i < len(e.hidden) {
			return e.hidden[i]
		}
	}
	return a
}

// loadConfig resolves the configuration chain with the global flags.
func (e *env) loadConfig() (*netsuite.Config, error) {
	v := e.values
	v.ConsumerSecret = auth.Secret(e.consumerSecret)
	v.TokenSecret = auth.Secret(e.tokenSecret)
	v.ClientSecret = auth.Secret(e.clientSecret)
	return netsuite.LoadConfig(netsuite.LoadOptions{
		Explicit:        v,
		ExplicitSource:  "flag",
		Profile:         e.profile,
		ConfigFile:      e.configFile,
		CredentialsFile: e.credentialsFile,
		Getenv:          e.getenv,
		Warn:            func(s string) { fmt.Fprintln(e.stderr, "netsuite: warning:", s) },
	})
}

// warn prints a warning on stderr.
func (e *env) warn(msg string) { fmt.Fprintln(e.stderr, "netsuite: warning:", msg) }

// logger returns the debug logger (nil unless --debug).
func (e *env) logger() *slog.Logger {
	if !e.debug {
		return nil
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
