package oauth2

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/go-netsuite/netsuite"
)

// CertificatesPath is the path of the OAuth 2.0 client credentials
// certificate rotation endpoint for clientID (NetSuite 2023.1 hotfix; Help
// Center article_92130837826), on the account's restlets.api domain:
//
//	GET  …/clients/<ClientID>/certificates                        (article_11111634165)
//	POST …/clients/<ClientID>/certificates                        (article_0209112025)
//	POST …/clients/<ClientID>/certificates/<CertificateID>/revoke (article_0209112818)
func CertificatesPath(clientID string) string {
	return "/services/rest/auth/oauth2/v1/clients/" + url.PathEscape(clientID) + "/certificates"
}

// M2MCertificate is a certificate mapped for the client credentials flow,
// as the rotation endpoint answers it.
//
// NetSuite documents the requests but not the answers' bodies: these field
// names are the emulator's (netsuite sim) guess, after the columns of the
// OAuth 2.0 Client Credentials (M2M) Setup page. Against NetSuite, check
// Raw when a field is empty.
type M2MCertificate struct {
	// CertificateID is the id to use as the JWT kid.
	CertificateID string     `json:"certificateId"`
	ClientID      string     `json:"clientId"`
	Application   string     `json:"application"`
	Entity        int64      `json:"entity"`
	Role          int64      `json:"role"`
	KeyType       string     `json:"keyType"`
	KeyBits       int        `json:"keyBits"`
	ValidFrom     time.Time  `json:"validFrom"`
	ValidUntil    time.Time  `json:"validUntil"`
	Revoked       bool       `json:"revoked"`
	RevokedDate   *time.Time `json:"revokedDate,omitempty"`
	// Raw is the certificate's JSON object as answered.
	Raw json.RawMessage `json:"-"`
}

// NewM2MCertificate is what setting up a certificate sends: the x.509
// certificate in PEM (public: never the private key) and the internal ids
// of the role and entity it logs in as.
type NewM2MCertificate struct {
	PEM    string
	Role   int64
	Entity int64
}

// Certificates calls the certificate rotation endpoint through the
// client's request pipeline. The client must authenticate with an OAuth 2.0
// access token issued for the rest_webservices scope (an [Authenticator]),
// whose role has "Manage own OAuth 2.0 Client Credentials certificates".
type Certificates struct {
	c *netsuite.Client
}

// NewCertificates returns the rotation endpoint's service over c.
func NewCertificates(c *netsuite.Client) *Certificates { return &Certificates{c: c} }

// List returns the certificates of the integration record whose client id
// is clientID.
func (s *Certificates) List(ctx context.Context, clientID string) ([]M2MCertificate, error) {
	body, err := s.do(ctx, http.MethodGet, CertificatesPath(clientID), nil)
	if err != nil {
		return nil, err
	}
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("oauth2: certificates list: the answer is not {\"items\":[…]}: %w", err)
	}
	out := make([]M2MCertificate, 0, len(list.Items))
	for _, raw := range list.Items {
		c, err := decodeCertificate(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

// Add sets up a new certificate for the integration record whose client id
// is clientID and returns it with its certificate id. NetSuite applies the
// rules of OAuth 2.0 Client Credentials Setup: RSA 3072/4096 or EC
// P-256/384/521, at most two years (longer is shortened), at most five
// active certificates per integration record.
func (s *Certificates) Add(ctx context.Context, clientID string, in NewM2MCertificate) (*M2MCertificate, error) {
	if in.PEM == "" || in.Role == 0 || in.Entity == 0 {
		return nil, errors.New("oauth2: a new certificate needs its PEM, role and entity")
	}
	// "As of version 2023.2, … the payload is expected to be in JSON string
	// format" (Oracle developers blog, 2023-10-11).
	payload, err := json.Marshal(map[string]any{"fileContent": in.PEM, "role": in.Role, "entity": in.Entity})
	if err != nil {
		return nil, err
	}
	body, err := s.do(ctx, http.MethodPost, CertificatesPath(clientID), payload)
	if err != nil {
		return nil, err
	}
	return decodeCertificate(body)
}

// Revoke revokes a certificate (for good: a revoked certificate cannot be
// made active again).
func (s *Certificates) Revoke(ctx context.Context, clientID, certificateID string) (*M2MCertificate, error) {
	if certificateID == "" {
		return nil, errors.New("oauth2: revoke needs a certificate id")
	}
	body, err := s.do(ctx, http.MethodPost, CertificatesPath(clientID)+"/"+url.PathEscape(certificateID)+"/revoke", nil)
	if err != nil {
		return nil, err
	}
	return decodeCertificate(body)
}

func decodeCertificate(raw []byte) (*M2MCertificate, error) {
	var c M2MCertificate
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("oauth2: the certificate endpoint's answer is not a certificate object: %w", err)
	}
	c.Raw = append(json.RawMessage(nil), raw...)
	return &c, nil
}

// do sends one request; refusals are the pipeline's *netsuite.Error (or
// *TokenRejectedError with the Authenticator's classifier).
func (s *Certificates) do(ctx context.Context, method, path string, payload []byte) ([]byte, error) {
	h := http.Header{"Accept": {"application/json"}}
	if payload != nil {
		h.Set("Content-Type", "application/json")
	}
	resp, err := s.c.Do(ctx, &netsuite.Request{Method: method, URL: s.c.URL(netsuite.RESTlets, path), Header: h, Body: payload,
		Idempotency: idempotency(method)})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("oauth2: certificate endpoint: %w", err)
	}
	return b, nil
}

// idempotency: listing may be repeated; setting up twice would map the
// certificate twice (the second refused as a duplicate), revoking twice
// answers "already revoked": neither is retried after it may have run.
func idempotency(method string) netsuite.Idempotency {
	if method == http.MethodGet {
		return netsuite.Idempotent
	}
	return netsuite.NotIdempotent
}
