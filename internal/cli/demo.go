package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/suiteql"
	"github.com/spf13/cobra"
)

func newDemoCmd(e *env) *cobra.Command {
	var size int
	var withOAuth2 bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Walk NetSuite's TBA guide on an in-process emulator, diagnose it and run a query — no account needed",
		Long: `demo starts the emulator in-process, walks the Token-Based Authentication
guide step by step through the emulator's admin API (showing the refusals a
skipped step earns, as NetSuite answers them), runs "netsuite auth check"
with the new token, runs a SuiteQL query over REST, and prints the Login
Audit Trail.

With --oauth2 it then moves off TBA as from NetSuite 2027.1: "netsuite
migrate oauth2" to client credentials (M2M), and an authorization code login
("netsuite auth login" with PKCE, the emulator's consent page standing in for
the browser), each proved with a SuiteQL query, then "netsuite auth logout".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), e, size, withOAuth2)
		},
	}
	cmd.Flags().BoolVar(&withOAuth2, "oauth2", false, "then move to OAuth 2.0: client credentials (migrate oauth2) and an authorization code login")
	cmd.Flags().IntVar(&size, "demo-size", sim.DefaultDemoSize, "demo transaction lines (the same flag and default as sim serve)")
	cmd.Flags().IntVar(&size, "size", sim.DefaultDemoSize, "")
	cmd.Flags().MarkDeprecated("size", "use --demo-size, as for sim serve")
	return cmd
}

func runDemo(ctx context.Context, e *env, size int, withOAuth2 bool) error {
	w := e.stdout
	emu, err := sim.Start(ctx, sim.Config{Demo: true, DemoSize: size, DemoSeed: 1, Logger: e.logger()})
	if err != nil {
		return err
	}
	defer emu.Close()
	fmt.Fprintf(w, "Emulated NetSuite account %s at %s (%d customers, %d transaction lines)\n\n",
		emu.AccountID(), emu.URL, emu.Demo.Customers, emu.Demo.Lines)

	ac := &admin.Client{BaseURL: emu.URL}
	call := func(req admin.Request, out any) error {
		raw, err := ac.Do(ctx, req)
		if err != nil {
			return err
		}
		if out != nil {
			return json.Unmarshal(raw, out)
		}
		return nil
	}
	step := func(n, title string) { fmt.Fprintf(w, "Step %s. %s\n", n, title) }
	refused := func(what string, err error) error {
		var ae *admin.Error
		if !errors.As(err, &ae) {
			return fmt.Errorf("%s: expected NetSuite's refusal, got %v", what, err)
		}
		fmt.Fprintf(w, "   %s -> refused: %q\n", what, ae.Message)
		return nil
	}
	const appName, roleName = "Demo App", "TBA Role"
	employee := store.AdminEmail

	step("1", "Create an integration record with Token-Based Authentication")
	var integ admin.IntegrationCreated
	if err := call(admin.Request{Op: "integration.create", Name: appName}, &integ); err != nil {
		return err
	}
	fmt.Fprintf(w, "   consumer key %s, consumer secret shown once\n", auth.Mask(integ.ConsumerKey))

	step("2", "Enable the Token-Based Authentication feature")
	if err := refused("creating a token before the feature is on", call(admin.Request{Op: "token.create", Integration: appName, Employee: employee, Role: store.AdministratorRoleName}, nil)); err != nil {
		return err
	}
	if err := call(admin.Request{Op: "feature.enable", Feature: "tba"}, nil); err != nil {
		return err
	}

	step("3", "Create a token role (the Administrator role has no token permissions)")
	if err := refused("creating a token for the Administrator role", call(admin.Request{Op: "token.create", Integration: appName, Employee: employee, Role: store.AdministratorRoleName}, nil)); err != nil {
		return err
	}
	perms := []string{"User Access Token=Full", "Access Token Management=Full", "Web Services=Full",
		"Log in using Access Tokens=Full", "REST Web Services=Full", "SuiteAnalytics Workbook=Full",
		"Lists -> Customers=View", "Lists -> Contacts=View", "Transactions -> Sales Order=View", "Transactions -> Invoice=View"}
	if err := call(admin.Request{Op: "role.create", Name: roleName, Permissions: perms}, nil); err != nil {
		return err
	}

	step("4", "Add the role to your employee record")
	if err := refused("creating a token before the employee has the role", call(admin.Request{Op: "token.create", Integration: appName, Employee: employee, Role: roleName}, nil)); err != nil {
		return err
	}
	if err := call(admin.Request{Op: "employee.add-role", Employee: employee, Role: roleName}, nil); err != nil {
		return err
	}

	step("5", "Create an access token")
	var tok admin.TokenCreated
	if err := call(admin.Request{Op: "token.create", Integration: appName, Employee: employee, Role: roleName}, &tok); err != nil {
		return err
	}
	fmt.Fprintf(w, "   token %q: token id %s, token secret shown once\n\n", tok.Token.Name, auth.Mask(tok.TokenID))

	cfg := &netsuite.Config{Values: netsuite.Values{Account: emu.AccountID(), ConsumerKey: integ.ConsumerKey,
		ConsumerSecret: auth.Secret(integ.ConsumerSecret), TokenID: tok.TokenID, TokenSecret: auth.Secret(tok.TokenSecret),
		BaseURL: emu.URL}, Sources: map[string]string{}}

	step("6", "Configure the client and diagnose the set-up (netsuite auth check)")
	if err := runDoctor(ctx, e, cfg, false); err != nil {
		var ee *exitError
		if !errors.As(err, &ee) {
			return err
		}
		fmt.Fprintln(w, "   the doctor found problems (see above)")
	}
	fmt.Fprintln(w)

	step("7", "Run a SuiteQL query over REST")
	client, err := e.newClient(cfg)
	if err != nil {
		return err
	}
	const q = "SELECT id, entityid, companyname, email FROM customer WHERE isinactive = 'F' ORDER BY id FETCH FIRST 5 ROWS ONLY"
	fmt.Fprintf(w, "   %s\n", q)
	if err := demoQuery(ctx, w, client, q); err != nil {
		return err
	}
	fmt.Fprintln(w)

	step("8", "The Login Audit Trail (netsuite sim admin audit)")
	var rows []store.LoginEntry
	if err := call(admin.Request{Op: "audit", Count: 5}, &rows); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "   STATUS\tDETAIL\tSURFACE\tUSER\tTOKEN")
	for _, r := range rows {
		fmt.Fprintf(tw, "   %s\t%s\t%s\t%s\t%s\n", r.Status, dash(r.Detail), r.Surface, r.User, r.TokenName)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if withOAuth2 {
		return demoOAuth2(ctx, e, emu.URL, cfg, appName, roleName)
	}
	fmt.Fprint(w, `
Next, with an emulator that keeps running:
  netsuite sim serve --demo --credentials-out creds.json &
  netsuite --credentials creds.json query --all -o csv "SELECT id, entityid, email FROM customer ORDER BY id"
  netsuite --credentials creds.json record get customer 6
And for your own account: netsuite configure, then netsuite auth check.
`)
	return nil
}

// demoQuery runs one SuiteQL page and prints it as a table.
func demoQuery(ctx context.Context, w io.Writer, c *netsuite.Client, q string) error {
	page, err := suiteql.New(c).Query(ctx, q, nil)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "   ID\tENTITYID\tCOMPANYNAME\tEMAIL")
	for _, it := range page.Items {
		cell := func(k string) string {
			if v, ok := it[k]; ok {
				return v
			}
			return "-" // NULL: NetSuite leaves the column out
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\t%s\n", cell("id"), cell("entityid"), cell("companyname"), cell("email"))
	}
	tw.Flush()
	fmt.Fprintf(w, "   (%d rows; every value arrives as a string, as NetSuite sends it)\n", len(page.Items))
	return nil
}
