package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/doctor"
	"github.com/spf13/cobra"
)

func newAuthCheckCmd(e *env) *cobra.Command {
	var (
		asJSON, skipREST, skipSOAP bool
		records                    []string
		soapVersion                string
		timeout                    time.Duration
	)
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Diagnose the TBA set-up: configuration, clock, REST and SOAP token logins",
		Long: `check makes a few calls with the configured credentials and says in plain
words what is wrong and which step of the TBA guide fixes it:

  1. configuration: every value set and well-formed; a base URL host that
     belongs to the account (no network);
  2. reachability: GET /rest/datacenterurls (no credentials sent);
  3. clock: skew against the server's clock (NetSuite refuses more than
     5 minutes); later checks sign with the skew corrected;
  4. REST token login: GET /services/rest/system/v1/governanceLimits;
  5. SOAP token login: getServerTime with a tokenPassport;
  6. record access, for each --record TYPE[/ID];
  7. recent changes of the token's role (on the emulator).

NetSuite answers every refused token login with "Invalid login attempt.";
check lists the likely causes in order and where the real reason is (the
Login Audit Trail). Against the emulator it reads the emulator's audit trail
and names the exact reason.

The exit status is 0 when no check failed (warnings allowed), 1 otherwise.
Secrets are never printed.`,
		Example: `  netsuite auth check
  netsuite --credentials creds.json auth check --json
  netsuite auth check --skip-soap --record customer --record contact/12`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			if m := cfg.AuthMethod(); m == netsuite.AuthOAuth2M2M || m == netsuite.AuthOAuth2Code {
				return runOAuth2Doctor(cmd.Context(), e, cfg, asJSON, timeout)
			}
			return runDoctorWith(cmd.Context(), e, cfg, asJSON, doctor.Options{
				Timeout:     timeout,
				SOAPVersion: soapVersion,
				SkipREST:    skipREST,
				SkipSOAP:    skipSOAP,
				Records:     records,
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	f.BoolVar(&skipREST, "skip-rest", false, "do not check REST web services (for SOAP-only integrations)")
	f.BoolVar(&skipSOAP, "skip-soap", false, "do not check SOAP web services (for REST-only integrations)")
	f.StringArrayVar(&records, "record", nil, "also read this REST record type with the token, e.g. customer or contact/12 (repeat)")
	f.StringVar(&soapVersion, "soap-version", defaultSOAPVersion, "SuiteTalk SOAP endpoint version to log in to")
	f.DurationVar(&timeout, "timeout", 30*time.Second, "timeout of each request")
	return cmd
}

// runDoctor runs the doctor on cfg with the default options, prints the
// report (JSON with asJSON) and returns an *exitError with code 1 when a
// check failed.
func runDoctor(ctx context.Context, e *env, cfg *netsuite.Config, asJSON bool) error {
	return runDoctorWith(ctx, e, cfg, asJSON, doctor.Options{})
}

func runDoctorWith(ctx context.Context, e *env, cfg *netsuite.Config, asJSON bool, opts doctor.Options) error {
	rep := doctor.Run(ctx, cfg, doctorOptions(ctx, cfg, opts))
	if asJSON {
		if err := e.writeJSON(rep); err != nil {
			return err
		}
	} else {
		printReport(e.stdout, rep, isTerminal(e.stdout, e.getenv))
	}
	if !rep.Healthy() {
		return &exitError{code: 1}
	}
	return nil
}

// isTerminal reports whether w is a terminal that can show ✓ and ✗.
func isTerminal(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(*os.File)
	if !ok || getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// statusMark returns the mark of a status: symbols on a terminal, words
// otherwise (logs, pipes, CI).
func statusMark(s doctor.Status, fancy bool) string {
	if fancy {
		switch s {
		case doctor.OK:
			return "✓"
		case doctor.Warn:
			return "!"
		case doctor.Fail:
			return "✗"
		}
		return "-"
	}
	switch s {
	case doctor.OK:
		return "[ok]  "
	case doctor.Warn:
		return "[warn]"
	case doctor.Fail:
		return "[FAIL]"
	}
	return "[skip]"
}

const wrapWidth = 100

// printReport prints the report for people. On a terminal lines are
// wrapped and marked with symbols; elsewhere (logs, pipes, CI) each line is
// whole, for grep.
func printReport(w io.Writer, rep *doctor.Report, fancy bool) {
	width := 0
	if fancy {
		width = wrapWidth
	}
	head := "NetSuite TBA check"
	if c := rep.Check(doctor.CheckConfig); c != nil && strings.Contains(c.Name, "oauth2") {
		head = "NetSuite OAuth 2.0 check"
	}
	if rep.Account != "" {
		head += " for account " + rep.Account
	}
	if rep.BaseURL != "" {
		head += " at " + rep.BaseURL
		if rep.Emulator {
			head += " (the local emulator)"
		}
	}
	fmt.Fprintln(w, head)
	fails, warns := 0, 0
	for _, c := range rep.Checks {
		switch c.Status {
		case doctor.Fail:
			fails++
		case doctor.Warn:
			warns++
		}
		mark := statusMark(c.Status, fancy)
		indent := strings.Repeat(" ", len([]rune(mark))+1)
		fmt.Fprintln(w)
		fmt.Fprint(w, wrap(mark+" ", c.Name+": "+c.Summary, width, indent))
		for _, d := range c.Details {
			// Keep the indentation of numbered lists.
			trimmed := strings.TrimLeft(d, " ")
			pad := indent + "  " + strings.Repeat(" ", len(d)-len(trimmed))
			fmt.Fprint(w, wrap(pad, trimmed, width, pad+"  "))
		}
		if c.Fix != "" {
			fmt.Fprint(w, wrap(indent+"Fix: ", c.Fix, width, indent+"     "))
		}
	}
	fmt.Fprintln(w)
	switch {
	case fails > 0:
		fmt.Fprintf(w, "Not healthy: %s failed", countOf(fails, "check"))
		if warns > 0 {
			fmt.Fprintf(w, ", %s", countOf(warns, "warning"))
		}
		fmt.Fprintln(w, ".")
	case warns > 0:
		fmt.Fprintf(w, "Healthy, with %s.\n", countOf(warns, "warning"))
	default:
		fmt.Fprintln(w, "Healthy.")
	}
}

func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// wrap returns lead+text broken into lines of at most width columns at
// spaces (width 0: one line); lines after the first start with indent.
// Words longer than a line (URLs) stay whole.
func wrap(lead, text string, width int, indent string) string {
	if width <= 0 || len([]rune(lead+text)) <= width {
		return lead + text + "\n"
	}
	var b strings.Builder
	line, fresh := lead, true
	for _, word := range strings.Fields(text) {
		switch {
		case fresh:
			line += word
			fresh = false
		case len([]rune(line))+1+len([]rune(word)) > width:
			b.WriteString(line + "\n")
			line = indent + word
		default:
			line += " " + word
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}
