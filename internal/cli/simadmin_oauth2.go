package cli

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite/sim/admin"
	"github.com/go-netsuite/netsuite/sim/store"
)

// oauth2AdminCmds are "sim admin oauth2" (an integration record's OAuth
// 2.0 section) and "sim admin certificate" (OAuth 2.0 Client Credentials
// (M2M) Setup: map, list, revoke).
func oauth2AdminCmds(run func(func([]string) admin.Request) func(*cobra.Command, []string) error) []*cobra.Command {
	var s store.OAuth2Client
	var scopes, redirects string
	set := &cobra.Command{Use: "set INTEGRATION", Short: "Set the OAuth 2.0 grants, scopes, redirect URIs and refresh token validity", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := s
			var err error
			if c.Scopes, err = store.ParseScopes(scopes); err != nil {
				return err
			}
			c.RedirectURIs = strings.Fields(strings.ReplaceAll(redirects, ",", " "))
			return run(func(a []string) admin.Request {
				return admin.Request{Op: "oauth2.set", Integration: a[0], OAuth2: &c}
			})(cmd, args)
		}}
	f := set.Flags()
	f.BoolVar(&s.ClientCredentials, "client-credentials", false, "Client Credentials (Machine to Machine) Grant")
	f.BoolVar(&s.CodeGrant, "code-grant", false, "Authorization Code Grant")
	f.BoolVar(&s.Public, "public", false, "Public Client (no secret; single-use refresh tokens)")
	f.StringVar(&scopes, "scopes", "rest_webservices", "scopes: restlets, rest_webservices, suite_analytics (comma-separated)")
	f.StringVar(&redirects, "redirect-uri", "", "redirect URIs (https or a custom scheme; comma-separated)")
	f.IntVar(&s.RefreshHours, "refresh-hours", 0, "refresh token validity, 1-720 hours (default 168, public clients 3)")
	show := &cobra.Command{Use: "show INTEGRATION", Short: "Show the OAuth 2.0 settings", Args: cobra.ExactArgs(1),
		RunE: run(func(a []string) admin.Request { return admin.Request{Op: "oauth2.show", Integration: a[0]} })}
	oauth := &cobra.Command{Use: "oauth2", Short: "An integration record's OAuth 2.0 section"}
	oauth.AddCommand(set, show)

	mapCmd := &cobra.Command{Use: "map INTEGRATION EMPLOYEE ROLE CERTIFICATE.pem",
		Short: "Map a certificate (x.509, RSA 3072/4096 or EC P-256/384/521; at most two years; at most 5 active per integration); prints its certificate id",
		Args:  cobra.ExactArgs(4),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[3])
			if err != nil {
				return err
			}
			return run(func(a []string) admin.Request {
				return admin.Request{Op: "certificate.map", Integration: a[0], Employee: a[1], Role: a[2], Certificate: string(b)}
			})(cmd, args)
		}}
	list := &cobra.Command{Use: "list [INTEGRATION]", Short: "List mapped certificates", Args: cobra.MaximumNArgs(1),
		RunE: run(func(a []string) admin.Request {
			r := admin.Request{Op: "certificate.list"}
			if len(a) == 1 {
				r.Integration = a[0]
			}
			return r
		})}
	revoke := &cobra.Command{Use: "revoke CERTIFICATE-ID", Short: "Revoke a mapped certificate", Args: cobra.ExactArgs(1),
		RunE: run(func(a []string) admin.Request { return admin.Request{Op: "certificate.revoke", Name: a[0]} })}
	cert := &cobra.Command{Use: "certificate", Short: "OAuth 2.0 Client Credentials (M2M) Setup: certificates"}
	cert.AddCommand(mapCmd, list, revoke)
	return []*cobra.Command{oauth, cert}
}
