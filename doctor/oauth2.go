package doctor

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/oauth2"
	"github.com/go-netsuite/netsuite/vocab"
)

// OAuth 2.0 check IDs.
const (
	CheckOAuth2Key          = "oauth2-key"
	CheckOAuth2Certificate  = "oauth2-certificate"
	CheckOAuth2Token        = "oauth2-token"
	CheckOAuth2Scope        = "oauth2-scope"
	CheckOAuth2RefreshToken = "oauth2-refresh-token"
)

// MappedCertificate is a certificate mapped in OAuth 2.0 Client
// Credentials (M2M) Setup, as an emulator can show it.
type MappedCertificate struct {
	ID         string
	PEM        string // the x.509 certificate
	ValidUntil time.Time
	Revoked    bool
}

// OAuth2Options configure RunOAuth2.
type OAuth2Options struct {
	// HTTPClient sends the token and REST requests (default: one with
	// Timeout).
	HTTPClient *http.Client
	Timeout    time.Duration
	// Now is this machine's clock (default time.Now).
	Now func() time.Time
	// Inspector (an emulator's view) names the exact reason of a refusal
	// from its Login Audit Trail.
	Inspector Inspector
	// Certificates lists the mapped certificates (an emulator only; on
	// NetSuite they are at Setup > Integration > Manage Authentication >
	// OAuth 2.0 Client Credentials (M2M) Setup).
	Certificates func(ctx context.Context) ([]MappedCertificate, error)
	// RefreshTokenFile is the refresh token of an oauth2-code profile.
	RefreshTokenFile string
	// CodeTokens hands out the access token of an oauth2-code profile,
	// refreshing (and storing a rotated refresh token) as every command
	// does; nil: the doctor only reads the stored refresh token.
	CodeTokens oauth2.TokenSource
	// Commands returns the command line to suggest for a Command (an
	// emulator's), or "" (as Options.Commands).
	Commands func(Command) string
}

// RunOAuth2 diagnoses an OAuth 2.0 profile (auth = oauth2-m2m or
// oauth2-code): configuration, private key, certificate mapping (with an
// emulator), clock, token request, the scope for REST web services; for
// oauth2-code the stored refresh token, then an access token got as
// commands get it (CodeTokens) and a REST call with it. Every failure says
// the step that fixes it. Secrets are never printed.
func RunOAuth2(ctx context.Context, cfg *netsuite.Config, o OAuth2Options) *Report {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: o.Timeout}
	}
	rep := &Report{BaseURL: cfg.BaseURL, Started: o.Now(), Emulator: o.Inspector != nil}
	if a, err := netsuite.ParseAccount(cfg.Account); err == nil {
		rep.Account = a.ID()
	}
	add := func(c Check) { rep.Checks = append(rep.Checks, c) }
	method := cfg.AuthMethod()

	// 1. configuration
	c := Check{ID: CheckConfig, Name: "configuration (" + method + ")", Status: OK, Summary: "every value " + method + " needs is set"}
	if err := cfg.Validate(); err != nil {
		c.Status, c.Summary = Fail, "the configuration is incomplete or malformed"
		c.Details = splitErrors(err)
		c.Fix = "Set the values named above (\"netsuite config show\" shows where each comes from)."
		add(c)
		return rep
	}
	add(c)
	if method == netsuite.AuthOAuth2Code {
		rc := refreshTokenCheck(o)
		add(rc)
		if rc.Status != Fail && o.CodeTokens != nil {
			a, _ := netsuite.ParseAccount(cfg.Account)
			since := o.Now().Add(-time.Second)
			tc := Check{ID: CheckOAuth2Token, Name: "access token (stored, or refreshed with the refresh token)", Status: OK}
			tok, err := o.CodeTokens.Token(ctx)
			if err != nil {
				tc.Status, tc.Summary = Fail, err.Error()
				var lr *oauth2.LoginRequiredError
				if errors.As(err, &lr) {
					tc.Summary = "NetSuite refused the refresh token: " + lr.Reason
					tc.Fix = "Log in again with the authorization code flow (netsuite auth login)."
				}
				explainAudit(ctx, o, since, &tc)
				add(tc)
			} else {
				tc.Summary = "an access token valid until " + tok.Expiry.UTC().Format(time.RFC3339)
				add(tc)
				add(restScopeCheck(ctx, cfg, o, a.ID(), tok.AccessToken))
			}
		}
		add(Check{ID: CheckSOAP, Name: "SOAP", Status: Skip, Summary: soapNote})
		return rep
	}

	// 2. private key
	kc := Check{ID: CheckOAuth2Key, Name: "private key", Status: OK}
	key, err := oauth2.LoadPrivateKeyFile(cfg.PrivateKeyFile)
	var alg string
	if err == nil {
		alg, err = oauth2.Algorithm(key)
	}
	if err != nil {
		kc.Status, kc.Summary = Fail, err.Error()
		kc.Fix = "Point private_key_file at the PEM private key of the certificate you mapped (\"netsuite migrate oauth2\" creates a key pair: EC P-256 by default, RSA 3072 with --key rsa3072)."
		add(kc)
		return rep
	}
	kc.Summary = "the key signs " + alg + " assertions"
	if fi, err := os.Stat(cfg.PrivateKeyFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
		kc.Status = Warn
		kc.Details = append(kc.Details, fmt.Sprintf("%s can be read by group or others (mode %04o): run chmod 600 %s", cfg.PrivateKeyFile, fi.Mode().Perm(), cfg.PrivateKeyFile))
	}
	add(kc)

	// 3. certificate mapping (emulator)
	if o.Certificates != nil {
		add(certificateCheck(ctx, cfg, key, o))
	}

	// 4. clock and 5. token
	a, _ := netsuite.ParseAccount(cfg.Account)
	cc := &oauth2.ClientCredentials{TokenURL: oauth2.TokenURL(a.ID(), cfg.BaseURL), ClientID: cfg.ClientID, CertificateID: cfg.CertificateID,
		Key: key, Scopes: cfg.ScopeList(), HTTPClient: o.HTTPClient, Now: o.Now}
	skewSeen := &skewRecorder{base: o.HTTPClient.Transport, now: o.Now}
	hc := *o.HTTPClient
	hc.Transport = skewSeen
	cc.HTTPClient = &hc
	since := o.Now().Add(-time.Second)
	tok, terr := cc.Token(ctx)
	clock := Check{ID: CheckClock, Name: "clock", Status: Skip, Summary: "no Date header from the token endpoint"}
	if skewSeen.ok {
		s := skewSeen.skew
		secs := s.Seconds()
		rep.ClockSkewSeconds = &secs
		clock.Status, clock.Summary = OK, fmt.Sprintf("this machine is %s off the server's clock", s.Round(time.Second).Abs())
		switch {
		case s.Abs() >= SkewFail:
			clock.Status = Fail
			clock.Details = []string{"an assertion's iat and exp are read against NetSuite's clock: one from the future, or already expired, is refused (invalid_grant)"}
			clock.Fix = "Synchronise this machine's clock (NTP: timedatectl set-ntp true)."
		case s.Abs() >= SkewWarn:
			clock.Status = Warn
			clock.Fix = "Synchronise this machine's clock (NTP) before it drifts further."
		}
	}
	add(clock)
	tc := Check{ID: CheckOAuth2Token, Name: "token request (client credentials)", Status: OK}
	if terr != nil {
		tc.Status, tc.Summary = Fail, terr.Error()
		var oe *oauth2.Error
		if errors.As(terr, &oe) {
			tc.Summary = fmt.Sprintf("the token endpoint refused: %d %s", oe.StatusCode, oe.Code)
			tc.Details, tc.Fix = tokenCauses(oe.Code)
		}
		explainAudit(ctx, o, since, &tc)
		add(tc)
		add(Check{ID: CheckSOAP, Name: "SOAP", Status: Skip, Summary: soapNote})
		return rep
	}
	tc.Summary = fmt.Sprintf("got a %s token valid until %s", tok.TokenType, tok.Expiry.UTC().Format(time.RFC3339))
	add(tc)

	// 6. scope for REST web services
	add(restScopeCheck(ctx, cfg, o, a.ID(), tok.AccessToken))
	add(Check{ID: CheckSOAP, Name: "SOAP", Status: Skip, Summary: soapNote})
	return rep
}

// restScopeCheck calls REST web services with an access token: the scope
// (rest_webservices) and the role's REST Web Services permission.
func restScopeCheck(ctx context.Context, cfg *netsuite.Config, o OAuth2Options, account, access string) Check {
	sc := Check{ID: CheckOAuth2Scope, Name: "REST web services with the token", Status: OK}
	if !slices.Contains(cfg.ScopeList(), oauth2.ScopeRESTWebServices) {
		sc.Status, sc.Summary = Warn, "the scopes ("+strings.Join(cfg.ScopeList(), ",")+") lack rest_webservices: REST records and SuiteQL will refuse the token"
		sc.Fix = "Add rest_webservices to scopes (and tick REST Web Services on the integration record's OAuth 2.0 scopes)."
		return sc
	}
	u := strings.TrimRight(cfg.BaseURL, "/")
	if a, err := netsuite.ParseAccount(account); u == "" && err == nil {
		u = "https://" + a.SuiteTalkDomain()
	}
	since := o.Now().Add(-time.Second)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u+netsuite.GovernanceLimitsPath, nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := o.HTTPClient.Do(req)
	switch {
	case err != nil:
		sc.Status, sc.Summary = Fail, "cannot reach REST web services: "+err.Error()
	case resp.StatusCode == http.StatusOK:
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if why := notJSON(&answer{status: resp.StatusCode, header: resp.Header, body: body}); why != "" {
			// Not REST web services' answer (a proxy, a captive portal, a
			// wrong base URL): nothing shows that the token works.
			sc.Status, sc.Summary, sc.Fix = Fail, "the answer is not NetSuite's: "+why, notNetSuiteFix
			break
		}
		sc.Summary = "GET /services/rest/system/v1/governanceLimits answered 200"
	default:
		sc.Status, sc.Summary = Fail, fmt.Sprintf("GET /services/rest/system/v1/governanceLimits answered %d", resp.StatusCode)
		sc.Details = []string{"the token's scope lacks rest_webservices (ScopeMismatched)", "the role lacks REST Web Services (InsufficientPermission)",
			"the entity or role is inactive (EntityOrRoleDisabled)"}
		sc.Fix = "Tick rest_webservices on the integration record and in scopes; give the role REST Web Services; check the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail)."
		explainAudit(ctx, o, since, &sc)
	}
	if resp != nil {
		resp.Body.Close()
	}
	return sc
}

const soapNote = "SOAP web services accept only TBA (Help Center section 157780312610): keep a TBA profile for SOAP"

func splitErrors(err error) []string {
	var je interface{ Unwrap() []error }
	if errors.As(err, &je) {
		var out []string
		for _, e := range je.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// tokenCauses lists the likely causes of a token endpoint refusal in order,
// and the fix (subsection 158521832417: the reason is only in the Login
// Audit Trail).
func tokenCauses(code string) ([]string, string) {
	switch code {
	case "invalid_client":
		return []string{
				"certificate_id (the kid) is not the id shown when the certificate was mapped (InvalidCertificate / unknown kid)",
				"the private key does not belong to the mapped certificate (InvalidSignature)",
				"the certificate expired, was revoked, or is not mapped yet",
				"client_id is not the integration record's client id (iss)",
				"the algorithm is RS256 (RSA PKCS#1 v1.5), which NetSuite no longer accepts",
			}, "Open Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup: check the certificate id, its validity, " +
				"and that it was uploaded from the same key pair as private_key_file; map a new one if in doubt (\"netsuite migrate oauth2\")."
	case "invalid_grant":
		return []string{"the assertion expired or is dated in the future: clock skew",
				"the entity or role is inactive, or the employee no longer holds the role (EntityOrRoleDisabled)",
				"the role lacks the '" + vocab.PermLoginUsingOAuth2 + "' permission (InsufficientPermission)"},
			"Synchronise the clock (NTP); check the entity and role of the certificate's mapping, and that the role has '" + vocab.PermLoginUsingOAuth2 + "'."
	case "invalid_scope":
		return []string{"a scope in scopes is not ticked on the integration record (ScopeMismatched)"},
			"Tick the scopes on the integration record (Setup > Integration > Manage Integrations > OAuth 2.0), or remove them from scopes."
	case "unauthorized_client":
		return []string{"the integration record does not have the Client Credentials (Machine to Machine) Grant box ticked"},
			"Tick Client Credentials (Machine to Machine) Grant on the integration record."
	}
	return nil, "Read the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail)."
}

// explainAudit puts the Login Audit Trail's reason for a refusal since
// since (an emulator's; NetSuite shows it only in its UI) first in c's
// details, and for a role lacking the OAuth 2.0 login permission the fix.
// The trail is read once.
func explainAudit(ctx context.Context, o OAuth2Options, since time.Time, c *Check) {
	if o.Inspector == nil {
		return
	}
	rows, err := o.Inspector.FailedLogins(ctx, since)
	if err != nil || len(rows) == 0 || rows[0].Status != vocab.StatusFailure {
		return
	}
	c.Details = append([]string{"the Login Audit Trail says: " + rows[0].Detail}, c.Details...)
	if rows[0].Detail != vocab.DetailInsufficientPermission {
		return
	}
	if sum, fix, ok := oauth2PermissionCause(ctx, o, rows[0].Role); ok {
		c.Details, c.Fix = append([]string{sum}, c.Details...), fix
	}
}

func publicKeyEqual(a, b crypto.PublicKey) bool {
	e, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && e.Equal(b)
}

func certificateCheck(ctx context.Context, cfg *netsuite.Config, key crypto.Signer, o OAuth2Options) Check {
	c := Check{ID: CheckOAuth2Certificate, Name: "certificate mapping", Status: OK}
	certs, err := o.Certificates(ctx)
	if err != nil {
		c.Status, c.Summary = Skip, "cannot list the mapped certificates: "+err.Error()
		return c
	}
	now := o.Now()
	var byKey *MappedCertificate
	for i := range certs {
		m := &certs[i]
		b, _ := pem.Decode([]byte(m.PEM))
		if b == nil {
			continue
		}
		x, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			continue
		}
		if publicKeyEqual(x.PublicKey, key.Public()) && (byKey == nil || !m.Revoked) {
			byKey = m
		}
		if m.ID != cfg.CertificateID {
			continue
		}
		switch {
		case !publicKeyEqual(x.PublicKey, key.Public()):
			c.Status, c.Summary = Fail, "the private key does not belong to the certificate mapped as "+m.ID
			if byKey != nil {
				c.Details = []string{"the key belongs to certificate " + byKey.ID}
			}
			c.Fix = "Set private_key_file to the key the certificate was made from, or map a certificate made from this key and use its id."
		case m.Revoked:
			c.Status, c.Summary = Fail, "certificate "+m.ID+" was revoked"
			c.Fix = "Map a new certificate (\"netsuite migrate oauth2\") and set certificate_id to its id."
		case !now.Before(m.ValidUntil):
			c.Status, c.Summary = Fail, "certificate "+m.ID+" expired on "+m.ValidUntil.UTC().Format(time.DateOnly)
			c.Fix = "Map a new certificate (valid at most two years) and set certificate_id to its id."
		default:
			c.Summary = "certificate " + m.ID + " is mapped, matches the key and is valid until " + m.ValidUntil.UTC().Format(time.DateOnly)
			if m.ValidUntil.Sub(now) < 30*24*time.Hour {
				c.Status = Warn
				c.Fix = "It expires within 30 days: map a new certificate now (up to 5 may be active at once) and switch certificate_id."
			}
		}
		return c
	}
	c.Status, c.Summary = Fail, "certificate_id "+cfg.CertificateID+" is not a mapped certificate (wrong kid, or not mapped yet)"
	if byKey != nil {
		c.Details = []string{"the private key belongs to the mapped certificate " + byKey.ID}
		c.Fix = "Set certificate_id to " + byKey.ID + "."
	} else {
		c.Fix = "Map the certificate in OAuth 2.0 Client Credentials (M2M) Setup and set certificate_id to the id NetSuite shows."
	}
	return c
}

// refreshTokenCheck reads the refresh token of an oauth2-code profile:
// present, mode 0600, not expired (its exp claim; the token is a JWT:
// section 158255317571).
func refreshTokenCheck(o OAuth2Options) Check {
	c := Check{ID: CheckOAuth2RefreshToken, Name: "refresh token", Status: OK}
	if o.RefreshTokenFile == "" {
		c.Status, c.Summary = Skip, "no refresh token file known"
		return c
	}
	fi, err := os.Stat(o.RefreshTokenFile)
	if err != nil {
		c.Status, c.Summary = Fail, "no refresh token at "+o.RefreshTokenFile
		c.Fix = "Log in with the authorization code flow to get one."
		return c
	}
	if fi.Mode().Perm()&0o077 != 0 {
		c.Status = Warn
		c.Details = append(c.Details, fmt.Sprintf("mode %04o: run chmod 600 %s", fi.Mode().Perm(), o.RefreshTokenFile))
	}
	tok, err := oauth2.RefreshTokenFile{Path: o.RefreshTokenFile}.Load()
	if err != nil {
		c.Status, c.Summary = Fail, err.Error()
		return c
	}
	exp, ok := oauth2.TokenExpiry(tok)
	switch {
	case !ok:
		c.Summary = "a refresh token is stored (its expiry cannot be read)"
	case !o.Now().Before(exp):
		c.Status, c.Summary = Fail, "the refresh token expired at "+exp.UTC().Format(time.RFC3339)+" (RefreshTokenExpired)"
		c.Fix = "Log in again with the authorization code flow; confidential clients' refresh tokens last 7 days by default, public clients' 3 hours (1-720 hours on the integration record)."
	default:
		c.Summary = "the refresh token is valid until " + exp.UTC().Format(time.RFC3339)
		c.Details = append(c.Details, "a public client's refresh token is single-use: if another process refreshed with it, it was rotated away and the next refresh is refused (invalid_grant): log in again then")
	}
	return c
}

// skewRecorder measures the server clock from the Date header of an answer
// (the midpoint of the request).
type skewRecorder struct {
	base http.RoundTripper
	now  func() time.Time
	skew time.Duration
	ok   bool
}

func (s *skewRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	base := s.base
	if base == nil {
		base = http.DefaultTransport
	}
	t0 := s.now()
	resp, err := base.RoundTrip(r)
	t1 := s.now()
	if err == nil {
		s.skew, s.ok = netsuite.SkewFromDate(t0, t1, resp.Header.Get("Date"))
	}
	return resp, err
}
