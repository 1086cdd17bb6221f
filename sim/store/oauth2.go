package store

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// OAuth 2.0 scopes of an integration record (Help Center section
// 162790605110, The Request Token Structure: "restlets, rest_webservices,
// suite_analytics, or all of them").
const (
	ScopeRESTlets        = "restlets"
	ScopeRESTWebServices = "rest_webservices"
	ScopeSuiteAnalytics  = "suite_analytics"
)

// KnownScopes are the scopes an integration record can tick.
var KnownScopes = []string{ScopeRESTlets, ScopeRESTWebServices, ScopeSuiteAnalytics}

// ScopeFor is the scope a token needs on surface: REST web services (records
// and SuiteQL) need rest_webservices, RESTlets need restlets; SOAP has none
// (SOAP web services accept no OAuth 2.0, Help Center section 157780312610).
func ScopeFor(surface vocab.Surface) string {
	switch surface {
	case vocab.SurfaceREST:
		return ScopeRESTWebServices
	case vocab.SurfaceRESTlet:
		return ScopeRESTlets
	}
	return ""
}

// ErrOAuth2 marks a refused OAuth 2.0 set-up operation (certificate checks,
// settings); see the message.
var ErrOAuth2 = errors.New("oauth 2.0")

// Refresh token validity (Help Center section 158081952044, Refresh Token
// POST Request to the Token Endpoint): confidential clients 7 days (168 h)
// by default, public clients 3 hours; configurable per integration record
// from 1 to 720 hours.
const (
	DefaultRefreshHours       = 168
	DefaultPublicRefreshHours = 3
	MaxRefreshHours           = 720
)

// OAuth2Client is an integration record's OAuth 2.0 section.
type OAuth2Client struct {
	IntegrationID int64 `json:"integrationId"`
	// ClientCredentials is the "Client Credentials (Machine to Machine)
	// Grant" box.
	ClientCredentials bool `json:"clientCredentials"`
	// CodeGrant is the "Authorization Code Grant" box.
	CodeGrant bool `json:"authorizationCodeGrant"`
	// Public is the "Public Client" box: no client secret, refresh tokens
	// single-use.
	Public bool `json:"publicClient"`
	// RedirectURIs are the allowed redirect URIs (https or a custom scheme).
	RedirectURIs []string `json:"redirectUris"`
	// Scopes are the ticked scopes (KnownScopes).
	Scopes []string `json:"scopes"`
	// RefreshHours is the refresh token validity; 0 means the default.
	RefreshHours int `json:"refreshTokenHours,omitempty"`
}

// RefreshValidity is how long a refresh token of this client is valid.
func (c OAuth2Client) RefreshValidity() time.Duration {
	h := c.RefreshHours
	if h == 0 {
		h = DefaultRefreshHours
		if c.Public {
			h = DefaultPublicRefreshHours
		}
	}
	return time.Duration(h) * time.Hour
}

// HasScope reports whether the integration record ticks scope.
func (c OAuth2Client) HasScope(scope string) bool { return slices.Contains(c.Scopes, scope) }

// ParseScopes splits a scope list separated by commas and/or spaces, checks
// each against KnownScopes and drops duplicates.
func ParseScopes(s string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !slices.Contains(KnownScopes, f) {
			return nil, newErr(ErrInvalid, "unknown OAuth 2.0 scope %q (want %s)", f, strings.Join(KnownScopes, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func (c OAuth2Client) validate() error {
	for _, sc := range c.Scopes {
		if !slices.Contains(KnownScopes, sc) {
			return newErr(ErrInvalid, "unknown OAuth 2.0 scope %q (want %s)", sc, strings.Join(KnownScopes, ", "))
		}
	}
	if c.RefreshHours < 0 || c.RefreshHours > MaxRefreshHours {
		return newErr(ErrInvalid, "refresh token validity must be 1 to %d hours (got %d)", MaxRefreshHours, c.RefreshHours)
	}
	if c.Public && c.ClientCredentials {
		// The client credentials grant authenticates the client by its
		// certificate; a public client cannot hold one. NetSuite's exact
		// rule is not documented; this is the OAuth 2.0 one (RFC 6749 4.4).
		return newErr(ErrInvalid, "a public client cannot use the client credentials grant")
	}
	for _, u := range c.RedirectURIs {
		if err := checkRedirectURI(u); err != nil {
			return err
		}
	}
	return nil
}

// checkRedirectURI: https or a custom scheme (Help Center section
// 158081944642: the redirect URI "must use the https protocol or a custom
// URL scheme"); plain http is refused, as NetSuite does.
func checkRedirectURI(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return newErr(ErrInvalid, "redirect URI %q is not an absolute URI", s)
	}
	if strings.EqualFold(u.Scheme, "http") {
		return newErr(ErrInvalid, "redirect URI %q uses http: use https or a custom scheme", s)
	}
	return nil
}

// SetOAuth2Client sets an integration record's OAuth 2.0 section (found by
// internal id or name).
func (s *Store) SetOAuth2Client(ctx context.Context, ref string, c OAuth2Client) (OAuth2Client, error) {
	if err := c.validate(); err != nil {
		return OAuth2Client{}, err
	}
	var out OAuth2Client
	err := s.update(ctx, func(tx *sql.Tx) error {
		id, err := resolveIntegration(ctx, tx, ref)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO acct_oauth2_client
			(integration_id, client_credentials, code_grant, public_client, redirect_uris, scopes, refresh_hours)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (integration_id) DO UPDATE SET client_credentials = excluded.client_credentials,
			code_grant = excluded.code_grant, public_client = excluded.public_client, redirect_uris = excluded.redirect_uris,
			scopes = excluded.scopes, refresh_hours = excluded.refresh_hours`,
			id, boolInt(c.ClientCredentials), boolInt(c.CodeGrant), boolInt(c.Public),
			strings.Join(c.RedirectURIs, " "), strings.Join(c.Scopes, ","), c.RefreshHours)
		if err != nil {
			return fmt.Errorf("store: set oauth 2.0 settings: %w", err)
		}
		out, err = oauth2ClientByID(ctx, tx, id)
		return err
	})
	return out, err
}

// OAuth2Client returns an integration record's OAuth 2.0 section (all boxes
// unticked when never set).
func (s *Store) OAuth2Client(ctx context.Context, ref string) (OAuth2Client, error) {
	id, err := resolveIntegration(ctx, s.db, ref)
	if err != nil {
		return OAuth2Client{}, err
	}
	return oauth2ClientByID(ctx, s.db, id)
}

func oauth2ClientByID(ctx context.Context, q querier, id int64) (OAuth2Client, error) {
	c := OAuth2Client{IntegrationID: id}
	var redirects, scopes string
	err := q.QueryRowContext(ctx, `SELECT client_credentials, code_grant, public_client, redirect_uris, scopes, refresh_hours
		FROM acct_oauth2_client WHERE integration_id = ?`, id).Scan(&c.ClientCredentials, &c.CodeGrant, &c.Public, &redirects, &scopes, &c.RefreshHours)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return OAuth2Client{}, fmt.Errorf("store: read oauth 2.0 settings: %w", err)
	}
	c.RedirectURIs = strings.Fields(redirects)
	c.Scopes = strings.FieldsFunc(scopes, func(r rune) bool { return r == ',' })
	return c, nil
}

// Certificate rules (Help Center subsection 162755332391, OAuth 2.0 Client
// Credentials Setup): an x.509 certificate with an RSA key of 3072 or 4096
// bits or an EC key on P-256, P-384 or P-521; valid at most two years
// (a longer validity is shortened); from 2026.1 at most five active
// certificates per integration record.
const (
	MaxCertificateValidity        = 2 * 365 * 24 * time.Hour
	MaxActiveCertificates         = 5
	certificateIDBytes            = 32
	CertificateKeyRSA             = "RSA"
	CertificateKeyEC              = "EC"
	maxCertificatePEM             = 64 << 10
	certificateNotYetValidMessage = "the certificate is not valid yet"
)

// Certificate is a certificate mapped in OAuth 2.0 Client Credentials
// (M2M) Setup.
type Certificate struct {
	// ID is the certificate id, the kid of the client's JWT assertions.
	ID            string     `json:"id"`
	IntegrationID int64      `json:"integrationId"`
	Integration   string     `json:"integration"`
	EmployeeID    int64      `json:"employeeId"`
	Employee      string     `json:"employee"`
	RoleID        int64      `json:"roleId"`
	Role          string     `json:"role"`
	KeyType       string     `json:"keyType"`
	KeyBits       int        `json:"keyBits"`
	ValidFrom     time.Time  `json:"validFrom"`
	ValidUntil    time.Time  `json:"validUntil"`
	Created       time.Time  `json:"created"`
	Revoked       *time.Time `json:"revoked,omitempty"`
	// PEM is the certificate (public, not a secret).
	PEM string `json:"certificate"`
}

// Active reports whether the certificate can sign assertions at t.
func (c Certificate) Active(t time.Time) bool {
	return c.Revoked == nil && !t.Before(c.ValidFrom) && t.Before(c.ValidUntil)
}

// PublicKey parses the certificate's public key.
func (c Certificate) PublicKey() (any, error) {
	cert, err := parseCertificatePEM(c.PEM)
	if err != nil {
		return nil, err
	}
	return cert.PublicKey, nil
}

// CertificateInput maps a certificate to integration + entity + role
// (references: internal id or name; employee also by email).
type CertificateInput struct {
	Integration string
	Employee    string
	Role        string
	// PEM is the x.509 certificate, PEM-encoded.
	PEM string
	// ID fixes the certificate id for reproducible tests; empty: random.
	ID string
}

func parseCertificatePEM(s string) (*x509.Certificate, error) {
	if len(s) > maxCertificatePEM {
		return nil, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate file is larger than %d bytes", maxCertificatePEM)
	}
	b, _ := pem.Decode([]byte(s))
	if b == nil || b.Type != "CERTIFICATE" {
		return nil, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate is not a PEM \"CERTIFICATE\" block (give the x.509 certificate, not the private key)")
	}
	cert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return nil, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate cannot be parsed: %v", err)
	}
	return cert, nil
}

// CertificateKey checks a certificate's public key against NetSuite's rules
// and returns its type and size.
func CertificateKey(pub any) (keyType string, bits int, err error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		bits = k.N.BitLen()
		if bits != 3072 && bits != 4096 {
			return "", 0, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate's RSA key has %d bits: NetSuite accepts RSA keys of 3072 or 4096 bits, or EC keys on P-256, P-384 or P-521", bits)
		}
		return CertificateKeyRSA, bits, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
			return CertificateKeyEC, k.Curve.Params().BitSize, nil
		}
		return "", 0, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate's EC key is on %s: NetSuite accepts P-256, P-384 or P-521", k.Curve.Params().Name)
	}
	return "", 0, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate's key is a %T: NetSuite accepts RSA (3072 or 4096 bits) or EC (P-256, P-384, P-521) keys", pub)
}

// MapCertificate maps a certificate (OAuth 2.0 Client Credentials (M2M)
// Setup) and returns it with its new certificate id. The integration must
// have the client credentials grant ticked.
func (s *Store) MapCertificate(ctx context.Context, in CertificateInput) (Certificate, error) {
	cert, err := parseCertificatePEM(in.PEM)
	if err != nil {
		return Certificate{}, err
	}
	keyType, bits, err := CertificateKey(cert.PublicKey)
	if err != nil {
		return Certificate{}, err
	}
	now := s.now()
	if !now.Before(cert.NotAfter) {
		return Certificate{}, loginErr(ErrOAuth2, DetailInvalidCertificate, "the certificate expired on %s: create a new one", cert.NotAfter.UTC().Format(time.DateOnly))
	}
	from := cert.NotBefore
	if from.After(now) {
		return Certificate{}, loginErr(ErrOAuth2, DetailInvalidCertificate, "%s (from %s)", certificateNotYetValidMessage, from.UTC().Format(time.RFC3339))
	}
	// "Longer is shortened": counted from the mapping.
	until := cert.NotAfter
	if limit := now.Add(MaxCertificateValidity); until.After(limit) {
		until = limit
	}
	id := in.ID
	if id == "" {
		b := make([]byte, certificateIDBytes)
		_, _ = rand.Read(b)
		id = base64.RawURLEncoding.EncodeToString(b)
	}
	var out Certificate
	err = s.update(ctx, func(tx *sql.Tx) error {
		iid, err := resolveIntegration(ctx, tx, in.Integration)
		if err != nil {
			return err
		}
		c, err := oauth2ClientByID(ctx, tx, iid)
		if err != nil {
			return err
		}
		if !c.ClientCredentials {
			return loginErr(ErrOAuth2, DetailClientCredentialsGrantRequired, "the integration record does not have the Client Credentials (Machine to Machine) Grant box ticked (sim admin integration oauth2 --client-credentials)")
		}
		eid, err := resolveEmployee(ctx, tx, in.Employee)
		if err != nil {
			return err
		}
		rid, err := resolveRole(ctx, tx, in.Role)
		if err != nil {
			return err
		}
		var has int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM acct_employee_role WHERE employee_id = ? AND role_id = ?`, eid, rid).Scan(&has); err != nil {
			return fmt.Errorf("store: map certificate: %w", err)
		}
		if has == 0 {
			return newErr(ErrRoleNotAssigned, "the employee does not hold that role: assign it first")
		}
		var active int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM acct_oauth2_certificate
			WHERE integration_id = ? AND revoked IS NULL AND valid_until > ?`, iid, fmtTime(now)).Scan(&active); err != nil {
			return fmt.Errorf("store: map certificate: %w", err)
		}
		if active >= MaxActiveCertificates {
			return loginErr(ErrOAuth2, DetailCertificateLimit, "the integration record already has %d active certificates (the limit): revoke one first", active)
		}
		if err := checkCertificateNew(ctx, tx, iid, cert); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO acct_oauth2_certificate
			(id, integration_id, employee_id, role_id, certificate, key_type, key_bits, valid_from, valid_until, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, iid, eid, rid, in.PEM, keyType, bits, fmtTime(from), fmtTime(until), fmtTime(now))
		if isUniqueViolation(err) {
			return newErr(ErrDuplicate, "a certificate with that id already exists")
		}
		if err != nil {
			return fmt.Errorf("store: map certificate: %w", err)
		}
		out, err = certificateByID(ctx, tx, id)
		return err
	})
	return out, err
}

// checkCertificateNew refuses a certificate already mapped to the
// integration: NetSuite "creates a record for every unique combination of
// application and certificate" (Help Center section 162686838198), so the
// same certificate twice on one integration record is a duplicate, and a
// revoked one stays revoked (uploading it again does not bring it back:
// revoking "is irreversible"; a new key pair is needed).
func checkCertificateNew(ctx context.Context, tx *sql.Tx, iid int64, cert *x509.Certificate) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, certificate, revoked IS NOT NULL FROM acct_oauth2_certificate WHERE integration_id = ?`, iid)
	if err != nil {
		return fmt.Errorf("store: map certificate: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		var revoked bool
		if err := rows.Scan(&id, &text, &revoked); err != nil {
			return fmt.Errorf("store: map certificate: %w", err)
		}
		old, err := parseCertificatePEM(text)
		if err != nil || !old.Equal(cert) {
			continue
		}
		if revoked {
			return loginErr(ErrOAuth2, DetailCertificateRevoked, "this certificate was mapped as %q and revoked: a revoked certificate stays revoked; create a new key pair and certificate", id)
		}
		return loginErr(ErrDuplicate, DetailInvalidCertificate, "this certificate is already mapped to the integration record as %q", id)
	}
	return rows.Err()
}

const certificateSelect = `SELECT c.id, c.integration_id, i.name, c.employee_id, e.email, c.role_id, r.name,
	c.key_type, c.key_bits, c.valid_from, c.valid_until, c.created, c.revoked, c.certificate
	FROM acct_oauth2_certificate c
	JOIN acct_integration i ON i.id = c.integration_id
	JOIN acct_employee e ON e.id = c.employee_id
	JOIN acct_role r ON r.id = c.role_id`

func scanCertificate(sc interface{ Scan(...any) error }) (Certificate, error) {
	var c Certificate
	var from, until, created string
	var revoked sql.NullString
	if err := sc.Scan(&c.ID, &c.IntegrationID, &c.Integration, &c.EmployeeID, &c.Employee, &c.RoleID, &c.Role,
		&c.KeyType, &c.KeyBits, &from, &until, &created, &revoked, &c.PEM); err != nil {
		return Certificate{}, err
	}
	var err error
	if c.ValidFrom, err = parseTime(from); err != nil {
		return Certificate{}, err
	}
	if c.ValidUntil, err = parseTime(until); err != nil {
		return Certificate{}, err
	}
	if c.Created, err = parseTime(created); err != nil {
		return Certificate{}, err
	}
	if c.Revoked, err = parseNullTime(revoked); err != nil {
		return Certificate{}, err
	}
	return c, nil
}

func certificateByID(ctx context.Context, q querier, id string) (Certificate, error) {
	c, err := scanCertificate(q.QueryRowContext(ctx, certificateSelect+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, newErr(ErrNotFound, "certificate %q not found", id)
	}
	if err != nil {
		return Certificate{}, fmt.Errorf("store: read certificate: %w", err)
	}
	return c, nil
}

// CertificateByID returns a mapped certificate by its id (the kid).
func (s *Store) CertificateByID(ctx context.Context, id string) (Certificate, error) {
	return certificateByID(ctx, s.db, id)
}

// Certificates lists the mapped certificates, of one integration when ref
// is not empty.
func (s *Store) Certificates(ctx context.Context, ref string) ([]Certificate, error) {
	var iid int64
	if ref != "" {
		var err error
		if iid, err = resolveIntegration(ctx, s.db, ref); err != nil {
			return nil, err
		}
	}
	return queryRows(ctx, s.db, "list certificates", func(r *sql.Rows) (Certificate, error) { return scanCertificate(r) },
		certificateSelect+` WHERE (?1 = 0 OR c.integration_id = ?1) ORDER BY c.created, c.id`, iid)
}

// RevokeCertificate revokes a mapped certificate: assertions signed with it
// are refused from then on.
func (s *Store) RevokeCertificate(ctx context.Context, id string) (Certificate, error) {
	var out Certificate
	err := s.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE acct_oauth2_certificate SET revoked = ? WHERE id = ? AND revoked IS NULL`, s.nowText(), id)
		if err != nil {
			return fmt.Errorf("store: revoke certificate: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := certificateByID(ctx, tx, id); err != nil {
				return err
			}
			return loginErr(ErrInvalid, DetailCertificateRevoked, "certificate %q is already revoked: a revoked certificate stays revoked", id)
		}
		out, err = certificateByID(ctx, tx, id)
		return err
	})
	return out, err
}

// OAuth2Login is what verifying an OAuth 2.0 login needs: the account
// state as for a token login (Verification, Token left zero) plus the
// integration's client id, secret and OAuth 2.0 settings.
type OAuth2Login struct {
	V        *Verification
	ClientID string
	Client   OAuth2Client
}

const oauth2LoginSQL = `SELECT a.account_id, a.service_tier, a.suitecloud_plus,
	(SELECT enabled FROM acct_feature WHERE key = 'tba'),
	(SELECT enabled FROM acct_feature WHERE key = 'soap'),
	(SELECT enabled FROM acct_feature WHERE key = 'rest'),
	(SELECT enabled FROM acct_feature WHERE key = 'suiteql'),
	(SELECT enabled FROM acct_feature WHERE key = 'suitescript'),
	i.id, i.name, i.state, i.tba, i.consumer_key, i.consumer_secret, i.concurrency_limit,
	e.id, e.entity_id, e.email, e.give_access,
	r.id, r.name,
	(SELECT COUNT(*) FROM acct_employee_role er WHERE er.employee_id = e.id AND er.role_id = r.id)
FROM acct_account a
LEFT JOIN acct_integration i ON (?1 <> 0 AND i.id = ?1) OR (?1 = 0 AND i.consumer_key = ?2)
LEFT JOIN acct_employee e ON e.id = ?3
LEFT JOIN acct_role r ON r.id = ?4
WHERE a.singleton = 1`

// LookupOAuth2 reads the account state for an OAuth 2.0 login of the
// integration (by internal id, or by client id when integrationID is 0),
// employee and role (0: unknown yet). Verification.ConsumerKeyKnown reports
// whether the integration exists; TokenKnown whether employee and role do.
func (s *Store) LookupOAuth2(ctx context.Context, integrationID int64, clientID string, employeeID, roleID int64) (*OAuth2Login, error) {
	s.checkChanges(ctx)
	var (
		v                                 Verification
		tier                              string
		licences                          int
		fTBA, fSOAP, fREST, fSQL, fScript sql.NullBool
		iID                               sql.NullInt64
		iName, iState, iKey, iSecret      sql.NullString
		iTBA                              sql.NullBool
		iLimit                            sql.NullInt64
		eID                               sql.NullInt64
		eEntity, eEmail                   sql.NullString
		eAccess                           sql.NullBool
		rID                               sql.NullInt64
		rName                             sql.NullString
		hasRole                           int
	)
	err := s.db.QueryRowContext(ctx, oauth2LoginSQL, integrationID, clientID, employeeID, roleID).Scan(
		&v.AccountID, &tier, &licences, &fTBA, &fSOAP, &fREST, &fSQL, &fScript,
		&iID, &iName, &iState, &iTBA, &iKey, &iSecret, &iLimit,
		&eID, &eEntity, &eEmail, &eAccess, &rID, &rName, &hasRole)
	if err != nil {
		return nil, fmt.Errorf("store: oauth 2.0 lookup: %w", err)
	}
	v.ConcurrencyLimit = concurrencyLimit(vocab.ServiceTier(tier), licences)
	v.Features = Features{TBA: fTBA.Bool, SOAP: fSOAP.Bool, REST: fREST.Bool, SuiteQL: fSQL.Bool, SuiteScript: fScript.Bool}
	out := &OAuth2Login{V: &v}
	if iID.Valid {
		v.ConsumerKeyKnown = true
		v.Integration = VerifiedIntegration{ID: iID.Int64, Name: iName.String, State: vocab.IntegrationState(iState.String),
			TBA: iTBA.Bool, ConsumerSecret: NewSecret(iSecret.String), ConcurrencyLimit: int(iLimit.Int64)}
		out.ClientID = iKey.String
		if out.Client, err = oauth2ClientByID(ctx, s.db, iID.Int64); err != nil {
			return nil, err
		}
	}
	if eID.Valid && rID.Valid {
		v.TokenKnown, v.TokenMatchesIntegration = true, true
		v.Employee = VerifiedEmployee{ID: eID.Int64, EntityID: eEntity.String, Email: eEmail.String,
			GiveAccess: eAccess.Bool, HasRole: hasRole > 0}
		v.Role = RoleRef{ID: rID.Int64, Name: rName.String}
	}
	return out, nil
}

// CheckOAuth2 applies the account-state checks of an OAuth 2.0 login on
// surface and returns nil or an [*Error] whose Detail is the Login Audit
// Trail value (Help Center subsection 158324637123, RESTlets and REST Web
// Services Error Messages in the Login Audit Trail): FeatureDisabled (the
// surface's feature), InvalidIntegration (unknown or blocked integration),
// EntityOrRoleDisabled (entity or role unknown, employee without access or
// no longer holding the role). The emulator has no separate OAuth 2.0
// feature switch; NetSuite's "OAuth 2.0" feature is taken as on.
func (l *OAuth2Login) CheckOAuth2(surface vocab.Surface) error {
	v := l.V
	if f, ok := surfaceFeature[surface]; ok && !v.Features.Enabled(f) {
		return loginErr(ErrFeatureDisabled, vocab.DetailFeatureDisabled, "the %s feature is not enabled", f.Name())
	}
	if !v.ConsumerKeyKnown {
		return loginErr(ErrConsumerKeyUnknown, DetailInvalidIntegration, "the integration is unknown")
	}
	if v.Integration.State != vocab.StateEnabled {
		return loginErr(ErrIntegrationBlocked, DetailInvalidIntegration, "the integration %q is blocked", v.Integration.Name)
	}
	if !v.TokenKnown || !v.Employee.GiveAccess || !v.Employee.HasRole {
		return loginErr(ErrLoginDisabled, vocab.DetailEntityOrRoleDisabled, "the entity or role is disabled or unknown")
	}
	return nil
}

// Login Audit Trail details of OAuth 2.0 refusals (Help Center subsections
// 158324637123, 158711892221 and 158711928134). Where NetSuite documents no
// value for a client credentials refusal (unknown kid, RS256, assertion
// lifetime), the emulator records the closest documented one and says so
// at the refusal.
const (
	DetailInvalidIntegration             = "InvalidIntegration"
	DetailAccessTokenExpired             = "AccessTokenExpired"
	DetailRefreshTokenExpired            = "RefreshTokenExpired"
	DetailTokenRejected                  = "TokenRejected"
	DetailScopeMismatched                = "ScopeMismatched"
	DetailInvalidScope                   = "InvalidScope"
	DetailClientAuthenticationFailed     = "ClientAuthenticationFailed"
	DetailAuthorizationCodeGrantRequired = "AuthorizationCodeGrantRequired"
	DetailInvalidState                   = "InvalidState"
	DetailInvalidRedirectURI             = "InvalidRedirectUri"
	DetailInvalidRequest                 = "InvalidRequest"
	DetailInvalidCode                    = "InvalidCode"
	DetailRefreshTokenRevoked            = "RefreshTokenRevoked"
	DetailClientCredentialsGrantRequired = "ClientCredentialsGrantRequired"
	DetailInvalidCertificate             = "InvalidCertificate"
	DetailInvalidAlgorithm               = "InvalidAlgorithm"
	// DetailCertificateLimit (a sixth active certificate) and
	// DetailCertificateRevoked (revoking or uploading again a revoked
	// certificate) are the emulator's: NetSuite documents no Login Audit
	// Trail value for certificate set-up refusals.
	DetailCertificateLimit   = "CertificateLimitExceeded"
	DetailCertificateRevoked = "CertificateRevoked"
)

// SigningKey returns the emulator's token-signing key (RSA 2048, PS256 as
// NetSuite signs its tokens: Help Center section 158255317571), creating
// it on first use.
func (s *Store) SigningKey(ctx context.Context) (*rsa.PrivateKey, error) {
	if k := s.signingKey.Load(); k != nil {
		return k, nil
	}
	var pemText string
	err := s.db.QueryRowContext(ctx, `SELECT private_key FROM acct_oauth2_signing WHERE singleton = 1`).Scan(&pemText)
	if errors.Is(err, sql.ErrNoRows) {
		k, gerr := rsa.GenerateKey(rand.Reader, 2048)
		if gerr != nil {
			return nil, fmt.Errorf("store: signing key: %w", gerr)
		}
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		text := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
		err = s.update(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO acct_oauth2_signing (singleton, private_key) VALUES (1, ?)`, text)
			return err
		})
		if err == nil {
			err = s.db.QueryRowContext(ctx, `SELECT private_key FROM acct_oauth2_signing WHERE singleton = 1`).Scan(&pemText)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: signing key: %w", err)
	}
	b, _ := pem.Decode([]byte(pemText))
	if b == nil {
		return nil, errors.New("store: signing key: stored key is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("store: signing key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("store: signing key: stored key is not RSA")
	}
	s.signingKey.Store(rk)
	return rk, nil
}

// RefreshToken is a refresh token of the authorization code grant, by its
// jti (the token itself is a JWT the emulator signs).
type RefreshToken struct {
	JTI           string
	IntegrationID int64
	EmployeeID    int64
	RoleID        int64
	Scopes        []string
	ChainStart    time.Time
	Issued        time.Time
	Expires       time.Time
	Used          *time.Time
	Revoked       *time.Time
}

// SaveRefreshToken records a new refresh token.
func (s *Store) SaveRefreshToken(ctx context.Context, t RefreshToken) error {
	return s.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO acct_oauth2_refresh
			(jti, integration_id, employee_id, role_id, scopes, chain_start, issued, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.JTI, t.IntegrationID, t.EmployeeID, t.RoleID, strings.Join(t.Scopes, ","), fmtTime(t.ChainStart), fmtTime(t.Issued), fmtTime(t.Expires))
		if err != nil {
			return fmt.Errorf("store: save refresh token: %w", err)
		}
		return nil
	})
}

// RefreshTokenByJTI reads a refresh token.
func (s *Store) RefreshTokenByJTI(ctx context.Context, jti string) (RefreshToken, error) {
	var t RefreshToken
	var scopes, chain, issued, expires string
	var used, revoked sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT jti, integration_id, employee_id, role_id, scopes, chain_start, issued, expires, used, revoked
		FROM acct_oauth2_refresh WHERE jti = ?`, jti).Scan(&t.JTI, &t.IntegrationID, &t.EmployeeID, &t.RoleID, &scopes, &chain, &issued, &expires, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return RefreshToken{}, newErr(ErrNotFound, "refresh token not found")
	}
	if err != nil {
		return RefreshToken{}, fmt.Errorf("store: read refresh token: %w", err)
	}
	t.Scopes = strings.FieldsFunc(scopes, func(r rune) bool { return r == ',' })
	for _, p := range []struct {
		s   string
		dst *time.Time
	}{{chain, &t.ChainStart}, {issued, &t.Issued}, {expires, &t.Expires}} {
		if *p.dst, err = parseTime(p.s); err != nil {
			return RefreshToken{}, err
		}
	}
	if t.Used, err = parseNullTime(used); err != nil {
		return RefreshToken{}, err
	}
	if t.Revoked, err = parseNullTime(revoked); err != nil {
		return RefreshToken{}, err
	}
	return t, nil
}

// UseRefreshToken marks a refresh token used (public clients: single use)
// and reports whether it was unused before; atomic across callers.
func (s *Store) UseRefreshToken(ctx context.Context, jti string) (bool, error) {
	var fresh bool
	err := s.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE acct_oauth2_refresh SET used = ? WHERE jti = ? AND used IS NULL`, s.nowText(), jti)
		if err != nil {
			return fmt.Errorf("store: use refresh token: %w", err)
		}
		n, _ := res.RowsAffected()
		fresh = n == 1
		return nil
	})
	return fresh, err
}

// RevokeRefreshToken revokes a refresh token (the revoke endpoint).
func (s *Store) RevokeRefreshToken(ctx context.Context, jti string) error {
	return s.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE acct_oauth2_refresh SET revoked = COALESCE(revoked, ?) WHERE jti = ?`, s.nowText(), jti)
		if err != nil {
			return fmt.Errorf("store: revoke refresh token: %w", err)
		}
		return nil
	})
}

// M2MResult is the client credentials set-up ProvisionM2M made: the
// client id, the mapped certificate's id and its private key (a secret:
// prints as [REDACTED], hand it over with Reveal).
type M2MResult struct {
	ClientID      string `json:"clientId"`
	CertificateID string `json:"certificateId"`
	PrivateKeyPEM Secret `json:"privateKeyPem"`
}

// ProvisionM2M sets up the client credentials flow on the guide's
// integration (client credentials grant; restlets, rest_webservices and
// suite_analytics scopes) and maps a new certificate, whose key is made by
// newKey (PEM private key and PEM certificate), to the guide's employee and
// role: the OAuth 2.0 Client Credentials Setup a NetSuite administrator
// does by hand (subsection 162755332391).
func (s *Store) ProvisionM2M(ctx context.Context, g *GuideResult, newKey func(now time.Time) (keyPEM, certPEM []byte, err error)) (*M2MResult, error) {
	ref := fmt.Sprint(g.IntegrationID)
	cur, err := s.OAuth2Client(ctx, ref)
	if err != nil {
		return nil, err
	}
	cur.ClientCredentials = true
	for _, sc := range KnownScopes {
		if !cur.HasScope(sc) {
			cur.Scopes = append(cur.Scopes, sc)
		}
	}
	if _, err := s.SetOAuth2Client(ctx, ref, cur); err != nil {
		return nil, err
	}
	keyPEM, certPEM, err := newKey(s.now())
	if err != nil {
		return nil, err
	}
	c, err := s.MapCertificate(ctx, CertificateInput{Integration: ref, Employee: fmt.Sprint(g.EmployeeID), Role: fmt.Sprint(g.RoleID), PEM: string(certPEM)})
	if err != nil {
		return nil, err
	}
	return &M2MResult{ClientID: g.ConsumerKey, CertificateID: c.ID, PrivateKeyPEM: NewSecret(string(keyPEM))}, nil
}

// SurfacePermission is the permission a login on surface needs besides the
// login permission: Web Services for SOAP, REST Web Services for REST web
// services, none for RESTlets (as in [Permissions.CheckLogin]).
func SurfacePermission(surface vocab.Surface) string {
	switch surface {
	case vocab.SurfaceSOAP:
		return vocab.PermWebServices
	case vocab.SurfaceREST:
		return vocab.PermRESTWebServices
	}
	return ""
}

// SetRelease makes the account behave as of NetSuite release r ("2027.1";
// "" for the current behaviour). From 2027.1 no new integrations using
// Token-Based Authentication can be created for SOAP web services, REST
// web services and RESTlets; existing ones keep working (Help Center
// section 1534941295). Whether new access tokens for existing TBA
// integrations are still allowed is not documented: they are.
func (s *Store) SetRelease(r string) error {
	r = strings.TrimSpace(r)
	if r != "" {
		if _, _, err := parseRelease(r); err != nil {
			return err
		}
	}
	s.release.Store(&r)
	return nil
}

func parseRelease(r string) (year, n int, err error) {
	if _, err := fmt.Sscanf(r, "%d.%d", &year, &n); err != nil || year < 2000 || (n != 1 && n != 2) || fmt.Sprintf("%d.%d", year, n) != r {
		return 0, 0, newErr(ErrInvalid, "release %q is not a NetSuite release such as 2026.2 or 2027.1", r)
	}
	return year, n, nil
}

// tbaCreationClosed reports whether new TBA integrations are refused.
func (s *Store) tbaCreationClosed() bool {
	p := s.release.Load()
	if p == nil || *p == "" {
		return false
	}
	y, n, err := parseRelease(*p)
	return err == nil && (y > 2027 || y == 2027 && n >= 1)
}

// ErrTBAClosed: from 2027.1 no new TBA integrations can be created.
var ErrTBAClosed = errors.New("new TBA integrations closed")

func tbaClosedErr() error {
	return newErr(ErrTBAClosed, "As of NetSuite 2027.1, no new integrations using Token-Based Authentication can be created (Help Center section 1534941295): use OAuth 2.0 for new REST web services and RESTlets integrations (docs/oauth2.md); existing TBA integrations keep working")
}
