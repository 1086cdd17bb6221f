package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/spf13/cobra"
)

// adminTarget is where "sim admin" sends its operations.
type adminTarget struct {
	url, state string
	asJSON     bool
}

func (t *adminTarget) do(ctx context.Context, e *env, req admin.Request) (json.RawMessage, error) {
	if t.state != "" {
		st, err := store.OpenWith(t.state, store.Options{Warn: e.warn})
		if err != nil {
			return nil, err
		}
		defer st.Close()
		out, err := admin.Do(ctx, st, req)
		if err != nil {
			return nil, err
		}
		return json.Marshal(out)
	}
	url := t.url
	if url == "" {
		url = e.getenv("NETSUITE_SIM_URL")
	}
	if url == "" {
		if cfg, err := e.loadConfig(); err == nil && cfg.BaseURL != "" {
			url = cfg.BaseURL
		}
	}
	if url == "" {
		url = "http://127.0.0.1:8080"
	}
	return (&admin.Client{BaseURL: strings.TrimRight(url, "/")}).Do(ctx, req)
}

func newSimAdminCmd(e *env) *cobra.Command {
	t := &adminTarget{}
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Administer the emulated account: the TBA guide's steps and the Login Audit Trail",
		Long: `admin changes the emulated account the way NetSuite's UI does, and refuses
the way NetSuite does when a step of the TBA guide was skipped. It works
against a running emulator (--url, $NETSUITE_SIM_URL, the configured base
URL, else http://127.0.0.1:8080) or directly on a state file (--state).

The guide, step by step:
  netsuite sim admin integration create --name "My App"
  netsuite sim admin feature enable tba
  netsuite sim admin role create --name "TBA Role" --permission "User Access Token=Full" \
      --permission "Access Token Management=Full" --permission "Web Services=Full"
  netsuite sim admin employee add-role admin@example.com "TBA Role"
  netsuite sim admin token create --integration "My App" --employee admin@example.com --role "TBA Role"`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&t.url, "url", "", "URL of a running emulator")
	pf.StringVar(&t.state, "state", "", "operate on this state file instead of a running emulator")
	pf.BoolVar(&t.asJSON, "json", false, "print JSON")

	run := func(build func(args []string) admin.Request) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, args []string) error {
			req := build(args)
			out, err := t.do(c.Context(), e, req)
			if err != nil {
				return err
			}
			return printAdmin(e, t.asJSON, req.Op, out)
		}
	}
	leaf := func(use, short string, nargs int, build func(args []string) admin.Request) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(nargs), RunE: run(build)}
	}
	group := func(use, short string, subs ...*cobra.Command) *cobra.Command {
		g := &cobra.Command{Use: use, Short: short}
		g.AddCommand(subs...)
		if slices.Contains([]string{"integration", "role", "employee", "token"}, use) {
			// "token revoke <TAB>" offers the emulator's token names, etc.
			for _, s := range subs {
				if strings.Contains(s.Use, " "+strings.ToUpper(use)) {
					s.ValidArgsFunction = adminNames(e, t, use)
				}
			}
		}
		return g
	}

	// account
	var tier string
	var licences int
	accountSet := leaf("set", "Set the service tier and SuiteCloud Plus licences", 0, func([]string) admin.Request {
		r := admin.Request{Op: "account.set", Tier: tier}
		if licences >= 0 {
			r.Licences = &licences
		}
		return r
	})
	accountApply := &cobra.Command{Use: "apply FILE", Short: "Apply a TOML account file (see sim/store/testdata/*.toml)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			return run(func([]string) admin.Request { return admin.Request{Op: "account.apply", AccountFile: string(b)} })(cmd, args)
		}}
	accountSet.Flags().StringVar(&tier, "tier", "", "Standard, Premium, Enterprise or Ultimate")
	accountSet.Flags().IntVar(&licences, "licences", -1, "SuiteCloud Plus licences (each adds 10 concurrent requests)")

	// integration
	var intName string
	var intLimit int
	intCreate := leaf("create", "Create an integration record (prints its consumer key and secret once)", 0, func([]string) admin.Request {
		r := admin.Request{Op: "integration.create", Name: intName}
		if intLimit > 0 {
			r.Limit = &intLimit
		}
		return r
	})
	intCreate.Flags().StringVar(&intName, "name", "", "integration name")
	intCreate.Flags().IntVar(&intLimit, "concurrency", 0, "integration-specific concurrency limit")
	intCreate.MarkFlagRequired("name")

	// role
	var roleName string
	var perms []string
	roleCreate := leaf("create", "Create a role with permissions", 0, func([]string) admin.Request {
		return admin.Request{Op: "role.create", Name: roleName, Permissions: perms}
	})
	roleCreate.Flags().StringVar(&roleName, "name", "", "role name")
	roleCreate.Flags().StringArrayVar(&perms, "permission", nil, `permission and level, e.g. "User Access Token=Full" (repeat)`)
	roleCreate.MarkFlagRequired("name")

	// employee
	var empName, empEmail string
	empCreate := leaf("create", "Create an employee", 0, func([]string) admin.Request {
		return admin.Request{Op: "employee.create", Name: empName, Email: empEmail}
	})
	empCreate.Flags().StringVar(&empName, "name", "", "entity id (name)")
	empCreate.Flags().StringVar(&empEmail, "email", "", "email")
	empCreate.MarkFlagRequired("name")

	// token
	var tokInt, tokEmp, tokRole, tokName string
	tokCreate := leaf("create", "Create an access token (prints its token id and secret once)", 0, func([]string) admin.Request {
		return admin.Request{Op: "token.create", Integration: tokInt, Employee: tokEmp, Role: tokRole, Name: tokName}
	})
	tf := tokCreate.Flags()
	tf.StringVar(&tokInt, "integration", "", "integration record (name or id)")
	tf.StringVar(&tokEmp, "employee", "", "employee (email, name or id)")
	tf.StringVar(&tokRole, "role", "", "role (name or id)")
	tf.StringVar(&tokName, "name", "", "token name (default: integration - employee - role)")
	for _, f := range []string{"integration", "employee", "role"} {
		tokCreate.MarkFlagRequired(f)
	}

	// audit
	var auditLimit int
	var auditStatus string
	var auditSince time.Duration
	audit := leaf("audit", "Show the Login Audit Trail, newest first (the real reason behind \"Invalid login attempt.\")", 0, func([]string) admin.Request {
		r := admin.Request{Op: "audit", Count: auditLimit, Status: auditStatus}
		if auditSince > 0 {
			r.Since = time.Now().Add(-auditSince)
		}
		return r
	})
	audit.Flags().IntVar(&auditLimit, "limit", 20, "rows")
	audit.Flags().StringVar(&auditStatus, "status", "", "Success or Failure")
	audit.Flags().DurationVar(&auditSince, "since", 0, "only rows newer than this, e.g. 10m")

	var live, resetPeak bool
	gov := leaf("governance", "Concurrency limits; --live adds in-flight and peak counts of a running emulator", 0, func([]string) admin.Request {
		switch {
		case resetPeak:
			return admin.Request{Op: "governance.reset-peak"}
		case live:
			return admin.Request{Op: "governance.live"}
		}
		return admin.Request{Op: "governance"}
	})
	gov.Flags().BoolVar(&live, "live", false, "in-flight requests and peak concurrency (running emulator)")
	gov.Flags().BoolVar(&resetPeak, "reset-peak", false, "reset the peak counters (running emulator)")

	cmd.AddCommand(
		group("account", "The account: tier, licences, features",
			leaf("show", "Show the account", 0, func([]string) admin.Request { return admin.Request{Op: "account.show"} }),
			accountSet, accountApply),
		group("customrecord", "Custom record types (define them with an account file: account apply FILE)",
			leaf("list", "List custom record types and their fields", 0, func([]string) admin.Request { return admin.Request{Op: "customrecord.list"} })),
		group("feature", "Enable or disable features (tba, soap, rest, suiteql, suitescript)",
			leaf("enable FEATURE", "Enable a feature", 1, func(a []string) admin.Request { return admin.Request{Op: "feature.enable", Feature: a[0]} }),
			leaf("disable FEATURE", "Disable a feature", 1, func(a []string) admin.Request { return admin.Request{Op: "feature.disable", Feature: a[0]} })),
		group("integration", "Integration records",
			intCreate,
			leaf("list", "List integration records", 0, func([]string) admin.Request { return admin.Request{Op: "integration.list"} }),
			leaf("block INTEGRATION", "Set the state to Blocked", 1, func(a []string) admin.Request { return admin.Request{Op: "integration.block", Integration: a[0]} }),
			leaf("enable INTEGRATION", "Set the state to Enabled", 1, func(a []string) admin.Request { return admin.Request{Op: "integration.enable", Integration: a[0]} }),
			leaf("reset INTEGRATION", "Reset the credentials (prints them once)", 1, func(a []string) admin.Request { return admin.Request{Op: "integration.reset", Integration: a[0]} }),
			leaf("concurrency INTEGRATION LIMIT", "Allocate a concurrency limit (0 removes it)", 2, func(a []string) admin.Request {
				n := atoiOr(a[1], -1)
				return admin.Request{Op: "integration.concurrency", Integration: a[0], Limit: &n}
			})),
		group("role", "Roles and permissions",
			roleCreate,
			leaf("list", "List roles", 0, func([]string) admin.Request { return admin.Request{Op: "role.list"} }),
			leaf("set-permission ROLE PERMISSION LEVEL", "Set a permission level (token logins see it after --role-cache-delay)", 3, func(a []string) admin.Request {
				return admin.Request{Op: "role.set-permission", Role: a[0], Permission: a[1], Level: a[2]}
			}),
			leaf("history ROLE", "A role's permission changes", 1, func(a []string) admin.Request { return admin.Request{Op: "role.history", Role: a[0]} })),
		group("employee", "Employees and their roles",
			empCreate,
			leaf("list", "List employees", 0, func([]string) admin.Request { return admin.Request{Op: "employee.list"} }),
			leaf("add-role EMPLOYEE ROLE", "Give an employee a role", 2, func(a []string) admin.Request {
				return admin.Request{Op: "employee.add-role", Employee: a[0], Role: a[1]}
			}),
			leaf("remove-role EMPLOYEE ROLE", "Take a role from an employee", 2, func(a []string) admin.Request {
				return admin.Request{Op: "employee.remove-role", Employee: a[0], Role: a[1]}
			})),
		group("token", "Access tokens",
			tokCreate,
			leaf("list", "List access tokens", 0, func([]string) admin.Request { return admin.Request{Op: "token.list"} }),
			leaf("revoke TOKEN", "Revoke an access token (name or internal id)", 1, func(a []string) admin.Request { return admin.Request{Op: "token.revoke", Token: a[0]} })),
		audit, gov,
	)
	cmd.AddCommand(oauth2AdminCmds(run)...)
	return cmd
}

func atoiOr(s string, def int) int {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil {
		return def
	}
	return n
}

// printAdmin prints an admin result: JSON with --json, otherwise a short
// human form for the operations that show credentials or lists.
func printAdmin(e *env, asJSON bool, op string, out json.RawMessage) error {
	if asJSON {
		var buf bytes.Buffer
		json.Indent(&buf, out, "", "  ")
		fmt.Fprintln(e.stdout, buf.String())
		return nil
	}
	w := e.stdout
	switch op {
	case "integration.create", "integration.reset":
		var c admin.IntegrationCreated
		json.Unmarshal(out, &c)
		fmt.Fprintf(w, "Integration %q (id %d, %s).\nConsumer key and secret, shown this once (NetSuite shows them once too):\n  NETSUITE_CONSUMER_KEY=%s\n  NETSUITE_CONSUMER_SECRET=%s\n",
			c.Integration.Name, c.Integration.ID, c.Integration.State, c.ConsumerKey, c.ConsumerSecret)
		return nil
	case "token.create":
		var c admin.TokenCreated
		json.Unmarshal(out, &c)
		fmt.Fprintf(w, "Access token %q (id %d).\nToken id and secret, shown this once:\n  NETSUITE_TOKEN_ID=%s\n  NETSUITE_TOKEN_SECRET=%s\n",
			c.Token.Name, c.Token.ID, c.TokenID, c.TokenSecret)
		return nil
	case "audit":
		var rows []store.LoginEntry
		json.Unmarshal(out, &rows)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME\tSTATUS\tDETAIL\tSURFACE\tUSER\tROLE\tAPPLICATION\tTOKEN\tIP")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Time.Format(time.RFC3339), r.Status, dash(r.Detail), r.Surface,
				dash(r.User), dash(r.Role), dash(r.Integration), dash(r.TokenName), r.IP)
		}
		return tw.Flush()
	case "token.revoke":
		var t store.AccessToken
		json.Unmarshal(out, &t)
		fmt.Fprintf(w, "Access token %q (id %d) revoked.\n", t.Name, t.ID)
		return nil
	}
	if strings.HasSuffix(op, ".list") {
		if ok, err := printTable(w, out); ok || err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	json.Indent(&buf, out, "", "  ")
	fmt.Fprintln(w, buf.String())
	return nil
}

// printTable prints a JSON array of objects as a table: one column per key
// of the first object, in its order; nested values as compact JSON, cut
// at 60 characters (--json prints them whole). ok is false for other JSON.
func printTable(w io.Writer, raw json.RawMessage) (ok bool, err error) {
	var rows []map[string]json.RawMessage
	if json.Unmarshal(raw, &rows) != nil {
		return false, nil
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "(none)")
		return true, err
	}
	// The first object's keys in their order.
	dec := json.NewDecoder(bytes.NewReader(raw))
	var cols []string
	dec.Token() // [
	dec.Token() // {
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false, nil
		}
		cols = append(cols, t.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false, nil
		}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(cols, "\t")))
	for _, r := range rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = cell(r[c])
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return true, tw.Flush()
}

func cell(v json.RawMessage) string {
	var s string
	switch {
	case len(v) == 0 || string(v) == "null":
		return "-"
	case json.Unmarshal(v, &s) == nil:
		if s == "" {
			return "-"
		}
	default:
		var buf bytes.Buffer
		json.Compact(&buf, v)
		s = buf.String()
	}
	s = strings.ReplaceAll(s, "\t", " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
