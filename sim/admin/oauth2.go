package admin

import (
	"context"
	"net/http"

	"github.com/go-netsuite/netsuite/sim/store"
)

// OAuth 2.0 admin operations: an integration record's OAuth 2.0 section
// and the certificates of OAuth 2.0 Client Credentials (M2M) Setup (Help
// Center subsection 162755332391).

func oauth2Set(ctx context.Context, st *store.Store, req Request) (any, error) {
	if err := need(req, req.Integration, "an integration"); err != nil {
		return nil, err
	}
	if req.OAuth2 == nil {
		return nil, &Error{http.StatusBadRequest, "oauth2.set needs the OAuth 2.0 settings"}
	}
	return st.SetOAuth2Client(ctx, req.Integration, *req.OAuth2)
}

func oauth2Show(ctx context.Context, st *store.Store, req Request) (any, error) {
	if err := need(req, req.Integration, "an integration"); err != nil {
		return nil, err
	}
	return st.OAuth2Client(ctx, req.Integration)
}

func certificateMap(ctx context.Context, st *store.Store, req Request) (any, error) {
	for _, f := range []struct{ v, what string }{{req.Integration, "an integration"}, {req.Employee, "an employee"},
		{req.Role, "a role"}, {req.Certificate, "a PEM certificate"}} {
		if err := need(req, f.v, f.what); err != nil {
			return nil, err
		}
	}
	return st.MapCertificate(ctx, store.CertificateInput{Integration: req.Integration, Employee: req.Employee, Role: req.Role, PEM: req.Certificate})
}

func certificateList(ctx context.Context, st *store.Store, req Request) (any, error) {
	return st.Certificates(ctx, req.Integration)
}

func certificateRevoke(ctx context.Context, st *store.Store, req Request) (any, error) {
	if err := need(req, req.Name, "a certificate id"); err != nil {
		return nil, err
	}
	return st.RevokeCertificate(ctx, req.Name)
}
