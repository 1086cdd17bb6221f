package oauth2_test

import (
	"log"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/oauth2"
)

// The client credentials flow through the request pipeline (docs/oauth2.md).
func Example() {
	key, err := oauth2.LoadPrivateKeyFile("key.pem")
	if err != nil {
		log.Fatal(err)
	}
	cc := &oauth2.ClientCredentials{
		TokenURL: oauth2.TokenURL("1234567", ""), ClientID: "the integration record's client id", CertificateID: "the certificate id",
		Key: key, Scopes: []string{oauth2.ScopeRESTWebServices},
	}
	a := &oauth2.Authenticator{Source: cc.TokenSource()}
	client, err := netsuite.NewClient(
		netsuite.WithLoadOptions(netsuite.LoadOptions{Explicit: netsuite.Values{Account: "1234567"}}),
		netsuite.WithAuthenticator(a),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}
