package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

// demoOAuth2 continues "netsuite demo --oauth2" after the TBA guide: the
// move to OAuth 2.0 with the CLI's own commands (migrate oauth2, auth login,
// query, auth logout) on profiles in a temporary config file, each proved
// with a SuiteQL query.
func demoOAuth2(ctx context.Context, e *env, baseURL string, tba *netsuite.Config, appName, roleName string) error {
	w := e.stdout
	dir, err := os.MkdirTemp("", "netsuite-demo-oauth2-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	config := filepath.Join(dir, "config.toml")
	var b strings.Builder
	fmt.Fprintf(&b, "[demo]\n")
	for _, kv := range [][2]string{{"account", tba.Account}, {"base_url", baseURL}, {"consumer_key", tba.ConsumerKey},
		{"consumer_secret", tba.ConsumerSecret.Reveal()}, {"token_id", tba.TokenID}, {"token_secret", tba.TokenSecret.Reveal()}} {
		fmt.Fprintf(&b, "%s = %s\n", kv[0], strconv.Quote(kv[1]))
	}
	if err := os.WriteFile(config, []byte(b.String()), 0o600); err != nil {
		return err
	}
	// cli runs a netsuite command on the temporary config file, with no
	// NETSUITE_* variable of the caller's environment.
	cli := func(stdout *bytes.Buffer, args ...string) error {
		sub := &env{stdin: strings.NewReader(""), stdout: w, stderr: e.stderr, args: args,
			getenv: func(k string) string {
				if strings.HasPrefix(k, "NETSUITE_") {
					return ""
				}
				return e.getenv(k)
			}}
		if stdout != nil {
			sub.stdout, sub.stderr = stdout, io.Discard
		}
		root := newRoot(sub)
		root.SetArgs(sub.protectArgs(append([]string{"--config", config}, args...)))
		return root.ExecuteContext(ctx)
	}
	step := func(n, title string) { fmt.Fprintf(w, "\nStep %s. %s\n", n, title) }
	const q = "SELECT id, companyname FROM customer ORDER BY id FETCH FIRST 3 ROWS ONLY"

	fmt.Fprintf(w, "\nFrom NetSuite 2027.1 no new TBA integrations can be created for REST and RESTlets: the move to OAuth 2.0.\n(Profiles in a temporary config file %s; profile \"demo\" holds the TBA token.)\n", config)

	step("9", "Give the role the '"+vocab.PermLoginUsingOAuth2+"' permission (Setup > Users/Roles > Manage Roles)")
	ac := &admin.Client{BaseURL: baseURL}
	if _, err := ac.Do(ctx, admin.Request{Op: "role.set-permission", Role: roleName, Permission: vocab.PermLoginUsingOAuth2, Level: "Full"}); err != nil {
		return err
	}
	fmt.Fprintf(w, "   role %q: %s = Full (OAuth 2.0 token requests of a role without it are refused)\n", roleName, vocab.PermLoginUsingOAuth2)

	step("10", "Client credentials (M2M): netsuite --profile demo migrate oauth2")
	if err := cli(nil, "--profile", "demo", "migrate", "oauth2"); err != nil {
		return fmt.Errorf("migrate oauth2: %w", err)
	}
	step("11", "Prove it: netsuite --profile demo-oauth2 query \""+q+"\"")
	if err := cli(nil, "--profile", "demo-oauth2", "query", q); err != nil {
		return err
	}

	step("12", "Authorization code: tick Authorization Code Grant on the integration, redirect URI "+sim.DemoRedirectURI)
	raw, err := ac.Do(ctx, admin.Request{Op: "oauth2.show", Integration: appName})
	if err != nil {
		return err
	}
	var oc store.OAuth2Client
	if err := json.Unmarshal(raw, &oc); err != nil {
		return err
	}
	oc.CodeGrant, oc.RedirectURIs = true, append(oc.RedirectURIs, sim.DemoRedirectURI)
	if _, err := ac.Do(ctx, admin.Request{Op: "oauth2.set", Integration: appName, OAuth2: &oc}); err != nil {
		return err
	}
	v := netsuite.Values{Auth: netsuite.AuthOAuth2Code, Account: tba.Account, BaseURL: baseURL, ClientID: tba.ConsumerKey,
		ClientSecret: tba.ConsumerSecret, RedirectURI: sim.DemoRedirectURI, Scopes: "rest_webservices,restlets"}
	if err := addProfile(config, "demo-code", v); err != nil {
		return err
	}
	fmt.Fprintln(w, "   profile \"demo-code\": auth = \"oauth2-code\", client_id (the integration's), client_secret, redirect_uri, scopes")

	step("13", "netsuite --profile demo-code auth login --print-url: the authorize URL (PKCE S256, a fresh state)")
	var urlOut bytes.Buffer
	if err := cli(&urlOut, "--profile", "demo-code", "auth", "login", "--print-url"); err != nil {
		return err
	}
	authorize := strings.TrimSpace(urlOut.String())
	fmt.Fprintf(w, "   %s\n", authorize)
	// The browser: the emulator's authorize page consents at once as the
	// administrator (NetSuite shows its login and consent pages) and
	// redirects to the redirect URI.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(authorize)
	if err != nil {
		return err
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, sim.DemoRedirectURI) {
		return fmt.Errorf("the authorize page answered %d %q, not a redirect to %s", resp.StatusCode, loc, sim.DemoRedirectURI)
	}
	fmt.Fprintf(w, "   the browser: log in, allow (the emulator consents at once as the administrator); NetSuite redirects to\n   %s?code=…&state=…\n", sim.DemoRedirectURI)

	step("14", "netsuite --profile demo-code auth login --redirect-url URL: state checked, code exchanged, tokens stored 0600")
	if err := cli(nil, "--profile", "demo-code", "auth", "login", "--redirect-url", loc); err != nil {
		return err
	}
	step("15", "Prove it: netsuite --profile demo-code query \""+q+"\"")
	if err := cli(nil, "--profile", "demo-code", "query", q); err != nil {
		return err
	}

	step("16", "netsuite --profile demo-code auth logout: the refresh token revoked, the token file deleted")
	if err := cli(nil, "--profile", "demo-code", "auth", "logout"); err != nil {
		return err
	}
	err = cli(&bytes.Buffer{}, "--profile", "demo-code", "query", q)
	if err == nil {
		return errors.New("a query after logout succeeded")
	}
	fmt.Fprintf(w, "   a query now answers: %s\n", strings.ReplaceAll(errorText(err, e), "\n", "\n   "))

	fmt.Fprint(w, `
Done: TBA, client credentials and the authorization code flow on one integration. For your own account:
  netsuite migrate oauth2                      # servers and jobs (client credentials)
  netsuite --profile NAME auth login           # a user, in a browser, once (auth = "oauth2-code")
docs/oauth2.md has the steps.
`)
	return nil
}
