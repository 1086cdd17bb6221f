package oauth2_test

import (
	"context"
	"crypto"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/vocab"
)

// certificatesClient is the rotation endpoint's service over a client
// authenticating with certID and key on the emulator.
func certificatesClient(t *testing.T, emu *sim.Emulator, certID string, key crypto.Signer, scope string) *oauth2.Certificates {
	t.Helper()
	cc := &oauth2.ClientCredentials{TokenURL: oauth2.TokenURL(emu.Credentials.Account, emu.URL), ClientID: emu.M2M.ClientID,
		CertificateID: certID, Key: key, Scopes: []string{scope}}
	a := &oauth2.Authenticator{Source: cc.TokenSource()}
	c, err := netsuite.NewClient(
		netsuite.WithLoadOptions(netsuite.LoadOptions{Explicit: netsuite.Values{Account: emu.Credentials.Account, BaseURL: emu.URL},
			Getenv: func(string) string { return "" }}),
		netsuite.WithAuthenticator(a),
		netsuite.WithRetryer(netsuite.NoRetry),
		netsuite.WithClassifier(func(req *netsuite.Request, resp *http.Response) error {
			return a.Check(resp, netsuite.Classify(req, resp))
		}))
	if err != nil {
		t.Fatal(err)
	}
	return oauth2.NewCertificates(c)
}

func TestCertificatesOnEmulator(t *testing.T) {
	ctx := context.Background()
	emu, err := sim.Start(ctx, sim.Config{Provision: true})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	key, err := oauth2.ParsePrivateKey([]byte(emu.M2M.PrivateKeyPEM.Reveal()))
	if err != nil {
		t.Fatal(err)
	}
	oldID := emu.M2M.CertificateID
	s := certificatesClient(t, emu, oldID, key, oauth2.ScopeRESTWebServices)
	list, err := s.List(ctx, emu.M2M.ClientID)
	if err != nil || len(list) != 1 || list[0].CertificateID != oldID || list[0].Revoked || len(list[0].Raw) == 0 {
		t.Fatalf("list: %+v %v", list, err)
	}
	nk, _ := oauth2.GenerateKey(oauth2.KeyRSA3072)
	certPEM, err := oauth2.SelfSignedCertificate(nk, "t", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Add(ctx, emu.M2M.ClientID, oauth2.NewM2MCertificate{PEM: string(certPEM), Role: list[0].Role, Entity: list[0].Entity})
	if err != nil || c.CertificateID == "" || c.KeyType != "RSA" || c.KeyBits != 3072 {
		t.Fatalf("add: %+v %v", c, err)
	}
	// Revoke the old certificate with the new one's token.
	ns := certificatesClient(t, emu, c.CertificateID, nk, oauth2.ScopeRESTWebServices)
	r, err := ns.Revoke(ctx, emu.M2M.ClientID, oldID)
	if err != nil || !r.Revoked || r.RevokedDate == nil {
		t.Fatalf("revoke: %+v %v", r, err)
	}
	// Revoking it again: NetSuite's REST error, not retried.
	_, err = ns.Revoke(ctx, emu.M2M.ClientID, oldID)
	var ne *netsuite.Error
	if !errors.As(err, &ne) || ne.StatusCode != 400 || ne.Code() != "INVALID_REQUEST" {
		t.Errorf("revoke twice: %v", err)
	}
	// A token without rest_webservices is rejected as such.
	rs := certificatesClient(t, emu, c.CertificateID, nk, oauth2.ScopeRESTlets)
	if _, err := rs.List(ctx, emu.M2M.ClientID); !oauth2.IsTokenRejected(err) {
		t.Errorf("restlets-only token: %v", err)
	}
	// The role without the permission: 403 INSUFFICIENT_PERMISSION.
	if _, err := emu.Store().SetPermission(ctx, emu.Guide.RoleName, vocab.PermManageOwnM2MCertificates, vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	if _, err := ns.List(ctx, emu.M2M.ClientID); !errors.As(err, &ne) || ne.StatusCode != 403 || ne.Code() != "INSUFFICIENT_PERMISSION" {
		t.Errorf("without the permission: %v", err)
	}
	if _, err := ns.Add(ctx, emu.M2M.ClientID, oauth2.NewM2MCertificate{}); err == nil {
		t.Error("an empty certificate was sent")
	}
}
