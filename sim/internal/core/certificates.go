package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// OAuth2ClientsPath prefixes the OAuth 2.0 client credentials certificate
// rotation endpoint (NetSuite 2023.1 hotfix; Help Center article_92130837826):
//
//	GET  …/clients/<ClientID>/certificates                        list (article_11111634165)
//	POST …/clients/<ClientID>/certificates                        set up a new one (article_0209112025)
//	POST …/clients/<ClientID>/certificates/<CertificateID>/revoke revoke (article_0209112818)
//
// NetSuite documents it on the account's restlets.api domain; the emulator
// serves every domain on one address.
const OAuth2ClientsPath = "/services/rest/auth/oauth2/v1/clients/"

// Login Audit Trail details of the certificate endpoint's own refusals.
// NetSuite documents none for this endpoint; these are the emulator's.
const (
	// DetailBearerRequired: the request carries no OAuth 2.0 access token
	// ("For every request you must provide a valid access token",
	// article_92130837826); a TBA header is not one.
	DetailBearerRequired = "AccessTokenRequired"
	// DetailUnknownClient: no integration record has the client id of the
	// URL.
	DetailUnknownClient = "InvalidIntegration"
)

// M2MCertificate is a certificate as the rotation endpoint shows it.
//
// NetSuite's Help Center shows the requests (URL, headers, the POST body
// {"fileContent","role","entity"}) but not the bodies of the answers, and
// no public recording of them was found. The field names and types below
// are the emulator's guess, after the columns of the OAuth 2.0 Client
// Credentials (M2M) Setup page (section 162686838198: entity, role,
// application, certificate id, valid from/until, revoked) and the request's
// own names (role, entity as internal ids): "certificateId" is the id to
// use as the JWT kid.
type M2MCertificate struct {
	CertificateID string    `json:"certificateId"`
	ClientID      string    `json:"clientId"`
	Application   string    `json:"application"`
	Entity        int64     `json:"entity"`
	Role          int64     `json:"role"`
	KeyType       string    `json:"keyType"`
	KeyBits       int       `json:"keyBits"`
	ValidFrom     time.Time `json:"validFrom"`
	ValidUntil    time.Time `json:"validUntil"`
	Revoked       bool      `json:"revoked"`
	// RevokedDate is set once revoked.
	RevokedDate *time.Time `json:"revokedDate,omitempty"`
}

// M2MCertificateList is the answer of the GET request: {"items":[…]} as
// REST web services collections are (a guess, see M2MCertificate).
type M2MCertificateList struct {
	Items []M2MCertificate `json:"items"`
}

func m2mView(c store.Certificate, clientID string) M2MCertificate {
	return M2MCertificate{CertificateID: c.ID, ClientID: clientID, Application: c.Integration, Entity: c.EmployeeID, Role: c.RoleID,
		KeyType: c.KeyType, KeyBits: c.KeyBits, ValidFrom: c.ValidFrom.UTC(), ValidUntil: c.ValidUntil.UTC(),
		Revoked: c.Revoked != nil, RevokedDate: c.Revoked}
}

// certRefusal is a refused certificate request after the token was
// accepted: the REST error the client sees and the audit detail.
type certRefusal struct {
	err    *wire.RESTError
	detail string
}

// ServeM2MCertificates answers the certificate rotation endpoint.
//
// The rules are those of OAuth 2.0 Client Credentials (M2M) Setup (the
// store's MapCertificate and RevokeCertificate, as `sim admin certificate`
// uses): RSA 3072/4096 or EC P-256/384/521, validity shortened to two
// years, at most five active certificates per integration record, a
// revoked certificate stays revoked.
//
// Access: a valid OAuth 2.0 access token (either grant) issued for the
// rest_webservices scope, whose role has "Manage own OAuth 2.0 Client
// Credentials certificates" (article_92130837826). What "own" covers is
// not documented; the emulator reads it as the token's entity: the list
// shows the integration's certificates mapped to that entity, a new one
// must name that entity, and only those can be revoked. Whether the token
// must have been issued to the integration of the URL is not documented
// either: it need not be.
//
// Error shape: NetSuite documents none for this endpoint. It lives under
// /services/rest/ and is called like REST web services (bearer token, JSON
// body), so its refusals use REST web services' error JSON
// ({"type","title","status","o:errorDetails":[{"detail","o:errorCode"}]})
// and a rejected token its 401 "Invalid login attempt." — not the token
// endpoint's {"error":"…"} (RFC 6749 section 5.2), which is for token
// requests. Each refusal is recorded in the Login Audit Trail with its
// reason, as the emulator does for logins; a success records one success
// row.
func (s *Core) ServeM2MCertificates(w http.ResponseWriter, r *http.Request) {
	clientID, certID, ok := parseCertificatesPath(r.URL.Path)
	if !ok {
		wire.RecordNotFound().Write(w)
		return
	}
	switch {
	case certID == "" && r.Method != http.MethodGet && r.Method != http.MethodPost:
		wire.MethodNotAllowed(r.Method, http.MethodGet, http.MethodPost).Write(w)
		return
	case certID != "" && r.Method != http.MethodPost:
		wire.MethodNotAllowed(r.Method, http.MethodPost).Write(w)
		return
	}
	raw, bearer := bearerToken(r)
	if !bearer {
		reason := "no Authorization header"
		if r.Header.Get("Authorization") != "" {
			reason = "the certificate endpoint takes only OAuth 2.0 access tokens (Authorization: Bearer)"
		}
		_ = s.Refuse(r, vocab.SurfaceREST, nil, &LoginFailure{DetailBearerRequired, reason})
		wire.InvalidLogin(s.AccountID()).Write(w)
		return
	}
	l, err := s.checkBearer(r, vocab.SurfaceREST, raw)
	if err != nil {
		if IsLoginFailure(err) {
			wire.InvalidLoginBearer(s.AccountID()).Write(w)
			return
		}
		s.InternalError(w, err)
		return
	}
	var out any
	var f *certRefusal
	switch {
	case !l.Perms.Has(vocab.PermManageOwnM2MCertificates, vocab.LevelView):
		f = &certRefusal{&wire.RESTError{Status: http.StatusForbidden, Code: wire.CodeInsufficientPermission,
			Detail: "Permission Violation: You need the '" + vocab.PermManageOwnM2MCertificates + "' permission to access this page."},
			vocab.DetailInsufficientPermission}
	default:
		out, f, err = s.certificatesFor(r, l, clientID, certID)
	}
	if err != nil {
		s.InternalError(w, err)
		return
	}
	if f != nil {
		s.audit(r, vocab.SurfaceREST, l.V, vocab.StatusFailure, f.detail)
		s.Log.Debug("certificate request refused", "detail", f.detail, "reason", f.err.Detail)
		f.err.Write(w)
		return
	}
	s.audit(r, vocab.SurfaceREST, l.V, vocab.StatusSuccess, "")
	// 200 with the JSON for all three requests: NetSuite's status codes
	// are not documented (a guess, as the bodies).
	WriteJSON(w, http.StatusOK, "application/json; charset=UTF-8", out)
}

// parseCertificatesPath splits …/clients/<id>/certificates[/<cert>/revoke].
func parseCertificatesPath(p string) (clientID, certID string, ok bool) {
	parts := strings.Split(strings.TrimPrefix(p, OAuth2ClientsPath), "/")
	switch {
	case len(parts) == 2 && parts[0] != "" && parts[1] == "certificates":
		return parts[0], "", true
	case len(parts) == 4 && parts[0] != "" && parts[1] == "certificates" && parts[2] != "" && parts[3] == "revoke":
		return parts[0], parts[2], true
	}
	return "", "", false
}

func badCertRequest(status int, code, detail, path, audit string) *certRefusal {
	return &certRefusal{&wire.RESTError{Status: status, Code: code, Detail: detail, Path: path}, audit}
}

// certificatesFor runs one request for the integration whose client id is
// clientID, as the token's entity.
func (s *Core) certificatesFor(r *http.Request, l *Login, clientID, certID string) (any, *certRefusal, error) {
	ctx := r.Context()
	ol, err := s.Store.LookupOAuth2(ctx, 0, clientID, 0, 0)
	if err != nil {
		return nil, nil, err
	}
	if !ol.V.ConsumerKeyKnown {
		return nil, badCertRequest(http.StatusNotFound, wire.CodeNonexistentID,
			"No integration record has the client ID of the URL.", "", DetailUnknownClient), nil
	}
	iid := strconv.FormatInt(ol.V.Integration.ID, 10)
	own := l.V.Employee.ID
	switch {
	case certID != "":
		return s.revokeOwnCertificate(ctx, ol, own, certID)
	case r.Method == http.MethodGet:
		all, err := s.Store.Certificates(ctx, iid)
		if err != nil {
			return nil, nil, err
		}
		list := M2MCertificateList{Items: []M2MCertificate{}}
		for _, c := range all {
			if c.EmployeeID == own {
				list.Items = append(list.Items, m2mView(c, ol.ClientID))
			}
		}
		return list, nil, nil
	}
	in, f := readNewCertificate(r)
	if f != nil {
		return nil, f, nil
	}
	if in.entity != own {
		return nil, badCertRequest(http.StatusForbidden, wire.CodeInsufficientPermission,
			fmt.Sprintf("The '%s' permission covers your own certificates: entity must be %d, the entity of the access token.", vocab.PermManageOwnM2MCertificates, own),
			"entity", vocab.DetailInsufficientPermission), nil
	}
	c, err := s.Store.MapCertificate(ctx, store.CertificateInput{Integration: iid, Employee: strconv.FormatInt(in.entity, 10),
		Role: strconv.FormatInt(in.role, 10), PEM: in.pem})
	if err != nil {
		if f := certStoreRefusal(err, "fileContent"); f != nil {
			return nil, f, nil
		}
		return nil, nil, err
	}
	return m2mView(c, ol.ClientID), nil, nil
}

func (s *Core) revokeOwnCertificate(ctx context.Context, ol *store.OAuth2Login, own int64, certID string) (any, *certRefusal, error) {
	c, err := s.Store.CertificateByID(ctx, certID)
	switch {
	case errors.Is(err, store.ErrNotFound) || err == nil && c.IntegrationID != ol.V.Integration.ID:
		return nil, badCertRequest(http.StatusNotFound, wire.CodeNonexistentID,
			"No certificate of this integration record has the certificate ID of the URL.", "", store.DetailInvalidCertificate), nil
	case err != nil:
		return nil, nil, err
	case c.EmployeeID != own:
		return nil, badCertRequest(http.StatusForbidden, wire.CodeInsufficientPermission,
			fmt.Sprintf("The '%s' permission covers your own certificates: this one is mapped to another entity.", vocab.PermManageOwnM2MCertificates),
			"", vocab.DetailInsufficientPermission), nil
	}
	c, err = s.Store.RevokeCertificate(ctx, certID)
	if err != nil {
		if f := certStoreRefusal(err, ""); f != nil {
			return nil, f, nil
		}
		return nil, nil, err
	}
	return m2mView(c, ol.ClientID), nil, nil
}

// certStoreRefusal turns a store refusal into the endpoint's 400 (nil for
// an internal error).
func certStoreRefusal(err error, path string) *certRefusal {
	var se *store.Error
	if !errors.As(err, &se) {
		return nil
	}
	detail := store.AuditDetail(err)
	code := wire.CodeInvalidParameter
	switch {
	case detail == "":
		detail = store.DetailInvalidRequest
		path = ""
	case detail != store.DetailInvalidCertificate:
		code, path = wire.CodeInvalidRequest, ""
	}
	return badCertRequest(http.StatusBadRequest, code, se.Message, path, detail)
}

type newCertificate struct {
	pem          string
	role, entity int64
}

// readNewCertificate reads the POST body {"fileContent": "-----BEGIN
// CERTIFICATE-----\n…", "role": <id>, "entity": <id>} (article_0209112025;
// "as of version 2023.2 … the payload is expected to be in JSON string
// format", Oracle developers blog, 2023-10-11). role and entity are
// accepted as numbers or as strings of digits.
func readNewCertificate(r *http.Request) (newCertificate, *certRefusal) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 256<<10))
	if err != nil {
		return newCertificate{}, badCertRequest(http.StatusBadRequest, wire.CodeInvalidRequest, "The request body cannot be read.", "", store.DetailInvalidRequest)
	}
	var in struct {
		FileContent *string         `json:"fileContent"`
		Role        json.RawMessage `json:"role"`
		Entity      json.RawMessage `json:"entity"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return newCertificate{}, badCertRequest(http.StatusBadRequest, wire.CodeInvalidRequest,
			"The request body must be a JSON object {\"fileContent\", \"role\", \"entity\"}: "+err.Error(), "", store.DetailInvalidRequest)
	}
	if in.FileContent == nil || strings.TrimSpace(*in.FileContent) == "" {
		return newCertificate{}, badCertRequest(http.StatusBadRequest, wire.CodeInvalidParameter,
			"fileContent is missing: give the x.509 certificate in PEM.", "fileContent", store.DetailInvalidRequest)
	}
	out := newCertificate{pem: *in.FileContent}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  *int64
	}{{"role", in.Role, &out.role}, {"entity", in.Entity, &out.entity}} {
		v := strings.Trim(string(f.raw), `"`)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return newCertificate{}, badCertRequest(http.StatusBadRequest, wire.CodeInvalidParameter,
				f.name+" must be the internal id of the "+f.name+" (a number).", f.name, store.DetailInvalidRequest)
		}
		*f.dst = n
	}
	return out, nil
}

// tokenPermission checks "Log in using OAuth 2.0 Access Tokens" on the
// role of a token request, as the role's permissions were RoleCacheDelay
// ago (as for token logins).
func (s *Core) tokenPermission(ctx context.Context, v *store.Verification, now time.Time) (*oauth2Refusal, error) {
	perms, err := s.Store.EffectivePermissions(ctx, v.Role.ID, now.Add(-s.roleCacheDelay))
	if err != nil {
		return nil, err
	}
	if lf := oauth2LoginPermission(perms); lf != nil {
		// NetSuite's answer to a token request from a role without the
		// permission is not documented: the emulator answers invalid_grant
		// 400 (the grant — entity and role — is not allowed to log in, as
		// for a disabled entity or role) with the audit detail
		// InsufficientPermission. Both are guesses.
		return badGrant(lf.Detail, lf.Reason), nil
	}
	return nil, nil
}

func (s *Core) refuseTokenPermission(w http.ResponseWriter, r *http.Request, v *store.Verification, f *oauth2Refusal, err error) {
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	s.refuseOAuth2(w, r, v, f)
}

// oauth2LoginPermission: an OAuth 2.0 login needs "Log in using OAuth 2.0
// Access Tokens" (section 157771510070, Set Up OAuth 2.0 Roles).
func oauth2LoginPermission(perms store.Permissions) *LoginFailure {
	if perms.Has(vocab.PermLoginUsingOAuth2, vocab.LevelView) {
		return nil
	}
	return &LoginFailure{vocab.DetailInsufficientPermission, "the role lacks the '" + vocab.PermLoginUsingOAuth2 + "' permission"}
}
