package sim

import (
	"context"
	"fmt"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/sim/store"
)

// DemoRedirectURI is the redirect URI of the provisioned authorization code
// set-up. NetSuite accepts only https or a custom URL scheme (Help Center
// section 158081944642); nothing needs to answer there: the CLI's
// "auth login" reads the redirect back from the pasted URL.
const DemoRedirectURI = "https://localhost/netsuite-cli/callback"

// CodeGrant is what an authorization code (oauth2-code) profile needs to
// log in to the emulator's provisioned integration.
type CodeGrant struct {
	ClientID     string
	ClientSecret auth.Secret
	RedirectURI  string
	Scopes       []string
}

// provisionCodeGrant ticks the Authorization Code Grant on the guide's
// integration (a confidential client: Public Client unticked), with
// DemoRedirectURI and the scopes rest_webservices and restlets. On NetSuite
// an integration record's client id and secret are its consumer key and
// secret. Who consents on the emulator's authorize page: see
// core.ServeOAuth2Authorize.
func provisionCodeGrant(ctx context.Context, st *store.Store, g *store.GuideResult) (*CodeGrant, error) {
	ref := fmt.Sprint(g.IntegrationID)
	cur, err := st.OAuth2Client(ctx, ref)
	if err != nil {
		return nil, err
	}
	cur.CodeGrant, cur.Public = true, false
	scopes := []string{store.ScopeRESTWebServices, store.ScopeRESTlets}
	for _, sc := range scopes {
		if !cur.HasScope(sc) {
			cur.Scopes = append(cur.Scopes, sc)
		}
	}
	has := false
	for _, u := range cur.RedirectURIs {
		has = has || u == DemoRedirectURI
	}
	if !has {
		cur.RedirectURIs = append(cur.RedirectURIs, DemoRedirectURI)
	}
	if _, err := st.SetOAuth2Client(ctx, ref, cur); err != nil {
		return nil, err
	}
	return &CodeGrant{ClientID: g.ConsumerKey, ClientSecret: auth.Secret(g.ConsumerSecret.Reveal()), RedirectURI: DemoRedirectURI, Scopes: scopes}, nil
}
