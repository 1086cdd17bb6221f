package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/vocab"
)

// OAuth 2.0 endpoints. Token and revoke are on the account's
// suitetalk.api domain (Help Center sections 162755359851 and 158081952044);
// authorize is on its app domain (section 158081944642).
const (
	OAuth2TokenPath     = "/services/rest/auth/oauth2/v1/token"
	OAuth2RevokePath    = "/services/rest/auth/oauth2/v1/revoke"
	OAuth2AuthorizePath = "/app/login/oauth2/authorize.nl"
)

// Client credentials (M2M) facts, Help Center section 162790605110 (The
// Request Token Structure) and 162755359851 (POST Request to the Token
// Endpoint and the Access Token Response).
const (
	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// AccessTokenLifetime: "expires_in": "3600".
	AccessTokenLifetime = time.Hour
	// MaxAssertionLifetime: exp "must be less than 60 minutes greater than
	// the value of the iat parameter".
	MaxAssertionLifetime = 60 * time.Minute
	// assertionLeeway is how far an assertion's iat may be ahead of the
	// emulator's clock. NetSuite's leeway is not documented; the TBA
	// timestamp window is five minutes and the same is used here.
	assertionLeeway = TimestampWindow
	// codeLifetime: authorization codes are short-lived; NetSuite documents
	// no value, RFC 6749 4.1.2 recommends at most ten minutes.
	codeLifetime = 10 * time.Minute
	// accessIssuer is the iss of NetSuite's tokens (Help Center section
	// 158255317571, OAuth 2.0 Access and Refresh Token Structure).
	accessIssuer = "https://system.netsuite.com"
	signingKID   = "sim-token-signing-1"
)

// assertionAlgs are the accepted assertion algorithms: PS256, PS384, PS512,
// ES256, ES384, ES512 (section 162790605110). RS256 (RSA PKCS#1 v1.5) is no
// longer accepted (section 162755359851, note on the RSA PKCS#1 v1.5
// deprecation).
var assertionAlgs = []string{"PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}

// oauth2Refusal is a refused OAuth 2.0 token, authorize or revoke request:
// the JSON error code and status the client sees, the Login Audit Trail
// detail, and the reason for the emulator's debug log.
type oauth2Refusal struct {
	code   string // invalid_request, invalid_client, invalid_grant, ...
	status int
	detail string
	reason string
}

func (f *oauth2Refusal) Error() string { return f.code + " (" + f.detail + "): " + f.reason }

// OAuth 2.0 error answers, Help Center subsection 158521832417 (Response
// Errors in Step Two and in the Refresh Token Response): the body is
// {"error":"<value>"} only; invalid_client is 401 with WWW-Authenticate:
// Basic realm="<account>"; the reason is only in the Login Audit Trail.
func badRequest(detail, reason string) *oauth2Refusal {
	return &oauth2Refusal{"invalid_request", http.StatusBadRequest, detail, reason}
}
func badClient(detail, reason string) *oauth2Refusal {
	return &oauth2Refusal{"invalid_client", http.StatusUnauthorized, detail, reason}
}
func badGrant(detail, reason string) *oauth2Refusal {
	return &oauth2Refusal{"invalid_grant", http.StatusBadRequest, detail, reason}
}

func (s *Core) writeOAuth2Error(w http.ResponseWriter, f *oauth2Refusal) {
	h := w.Header()
	if f.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Basic realm="`+s.AccountID()+`"`)
	}
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(f.status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": f.code})
}

// refuseOAuth2 records the refusal in the Login Audit Trail and answers it.
func (s *Core) refuseOAuth2(w http.ResponseWriter, r *http.Request, v *store.Verification, f *oauth2Refusal) {
	s.audit(r, vocab.SurfaceREST, v, vocab.StatusFailure, f.detail)
	s.Log.Debug("oauth 2.0 request refused", "error", f.code, "detail", f.detail, "reason", f.reason)
	s.writeOAuth2Error(w, f)
}

// tokenResponse is the token endpoint's answer.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    string `json:"expires_in"`
	TokenType    string `json:"token_type"`
}

func writeToken(w http.ResponseWriter, t tokenResponse) {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	_ = json.NewEncoder(w).Encode(t)
}

// ServeOAuth2Token answers POST /services/rest/auth/oauth2/v1/token for the
// client_credentials, authorization_code and refresh_token grants.
func (s *Core) ServeOAuth2Token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		// Only POST is documented; what NetSuite answers to other methods
		// is not recorded publicly.
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "method "+r.Method))
		return
	}
	if mt := strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0]); !strings.EqualFold(mt, "application/x-www-form-urlencoded") {
		// "Request parameters must be encoded based on the HTML
		// specification for the application/x-www-form-urlencoded media
		// type" (section 162755359851).
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "content type "+quote(mt)))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "form: "+err.Error()))
		return
	}
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "client_credentials":
		s.clientCredentials(w, r)
	case "authorization_code":
		s.authorizationCode(w, r)
	case "refresh_token":
		s.refreshGrant(w, r)
	case "":
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "grant_type is missing"))
	default:
		s.refuseOAuth2(w, r, nil, &oauth2Refusal{"unsupported_grant_type", http.StatusBadRequest, store.DetailInvalidRequest, "grant_type " + quote(gt)})
	}
}

// tokenURL is the aud an assertion must carry: the token endpoint as the
// client addressed it. On NetSuite that is
// https://<accountID>.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token;
// the emulator, served on its own address, accepts its own URL and
// NetSuite's form for its account id.
func (s *Core) tokenAudiences(r *http.Request) []string {
	u := RequestURL(r)
	u.RawQuery = ""
	host := strings.ToLower(strings.ReplaceAll(s.AccountID(), "_", "-"))
	return []string{u.String(), "https://" + host + ".suitetalk.api.netsuite.com" + OAuth2TokenPath}
}

// assertionClaims are the client credentials assertion's claims. scope is
// a comma-separated string or an array: NetSuite's samples show both
// (section 162790605110 "separated by a comma"; SuiteScript sample in
// section 0312092247 sends an array).
type assertionClaims struct {
	Scope any `json:"scope"`
	jwt.RegisteredClaims
}

func scopeList(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == ' ' }), true
	case []any:
		var out []string
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, strings.TrimSpace(s))
		}
		return out, true
	}
	return nil, false
}

// clientCredentials verifies a client credentials (M2M) request, in this
// order (ours; NetSuite documents none): parameters, JWT form, alg, kid
// (a mapped certificate), signature, iss (the integration's client id),
// aud, iat/exp, the integration's grant and state, entity and role, scope.
func (s *Core) clientCredentials(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := r.PostForm
	if f.Get("client_assertion_type") != clientAssertionType {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "client_assertion_type is not "+clientAssertionType))
		return
	}
	raw := f.Get("client_assertion")
	if raw == "" {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "client_assertion is missing"))
		return
	}
	var claims assertionClaims
	tok, _, err := jwt.NewParser().ParseUnverified(raw, &claims)
	if err != nil {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "client_assertion is not a JWT: "+err.Error()))
		return
	}
	alg, _ := tok.Header["alg"].(string)
	if !slices.Contains(assertionAlgs, alg) {
		// NetSuite documents no audit detail for a refused algorithm;
		// "InvalidAlgorithm" is the emulator's. The answer is invalid_client
		// (the client failed to authenticate, RFC 7523 3.2).
		s.refuseOAuth2(w, r, nil, badClient(store.DetailInvalidAlgorithm, "alg "+quote(alg)+" is not one of "+strings.Join(assertionAlgs, ", ")))
		return
	}
	if typ, ok := tok.Header["typ"].(string); ok && !strings.EqualFold(typ, "JWT") {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "typ "+quote(typ)+" is not JWT"))
		return
	}
	kid, _ := tok.Header["kid"].(string)
	cert, err := s.Store.CertificateByID(ctx, kid)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.InternalErrorOAuth2(w, err)
			return
		}
		// No documented audit detail for an unknown certificate id;
		// "InvalidCertificate" is the emulator's.
		s.refuseOAuth2(w, r, nil, badClient(store.DetailInvalidCertificate, "kid "+quote(kid)+" is not a mapped certificate id"))
		return
	}
	ol, err := s.Store.LookupOAuth2(ctx, cert.IntegrationID, "", cert.EmployeeID, cert.RoleID)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	v := ol.V
	pub, err := cert.PublicKey()
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	if _, err := jwt.NewParser(jwt.WithValidMethods([]string{alg}), jwt.WithoutClaimsValidation()).ParseWithClaims(raw, &assertionClaims{},
		func(*jwt.Token) (any, error) { return pub, nil }); err != nil {
		s.refuseOAuth2(w, r, v, badClient(vocab.DetailInvalidSignature, "signature does not verify with certificate "+quote(kid)+": "+err.Error()))
		return
	}
	now := s.Now()
	if !cert.Active(now) {
		why := "revoked"
		if cert.Revoked == nil {
			why = "valid " + cert.ValidFrom.Format(time.RFC3339) + " to " + cert.ValidUntil.Format(time.RFC3339)
		}
		s.refuseOAuth2(w, r, v, badClient(store.DetailInvalidCertificate, "certificate "+quote(kid)+" is not active: "+why))
		return
	}
	if claims.Issuer != ol.ClientID {
		s.refuseOAuth2(w, r, v, badClient(store.DetailClientAuthenticationFailed, "iss is not the client id of the certificate's integration"))
		return
	}
	auds := s.tokenAudiences(r)
	if !slices.ContainsFunc(claims.Audience, func(a string) bool { return slices.Contains(auds, a) }) {
		s.refuseOAuth2(w, r, v, badClient(store.DetailClientAuthenticationFailed, "aud "+quote(strings.Join(claims.Audience, " "))+" is not the token endpoint "+auds[0]))
		return
	}
	if claims.IssuedAt == nil || claims.ExpiresAt == nil {
		s.refuseOAuth2(w, r, v, badRequest(store.DetailInvalidRequest, "iat and exp are required"))
		return
	}
	iat, exp := claims.IssuedAt.Time, claims.ExpiresAt.Time
	switch {
	case !exp.After(iat) || exp.Sub(iat) >= MaxAssertionLifetime:
		s.refuseOAuth2(w, r, v, badGrant(store.DetailInvalidRequest, "exp must be after iat and less than 60 minutes after it (got "+exp.Sub(iat).String()+")"))
		return
	case !now.Before(exp):
		// No documented audit detail for an expired assertion.
		s.refuseOAuth2(w, r, v, badGrant(DetailAssertionExpired, "the assertion expired at "+exp.UTC().Format(time.RFC3339)))
		return
	case iat.After(now.Add(assertionLeeway)):
		s.refuseOAuth2(w, r, v, badGrant(DetailAssertionExpired, "iat "+iat.UTC().Format(time.RFC3339)+" is in the future (clock skew?)"))
		return
	}
	// jti is neither required nor remembered. NetSuite's request token
	// structure (section 162790605110) lists the header's typ, alg and kid
	// and the claims iss, scope, aud, exp and iat, and no jti; whether
	// NetSuite refuses an assertion sent a second time within its exp is
	// not documented, so the emulator does not refuse it (each answer is a
	// new access token). Our client sends a fresh assertion with a random
	// jti on every token request anyway.
	if !ol.Client.ClientCredentials {
		s.refuseOAuth2(w, r, v, &oauth2Refusal{"unauthorized_client", http.StatusBadRequest, store.DetailClientCredentialsGrantRequired,
			"the integration does not have the client credentials grant"})
		return
	}
	if err := ol.CheckOAuth2(vocab.SurfaceREST); err != nil && store.AuditDetail(err) != vocab.DetailFeatureDisabled {
		s.refuseOAuth2(w, r, v, badGrant(store.AuditDetail(err), err.Error()))
		return
	}
	if f, err := s.tokenPermission(ctx, v, now); err != nil || f != nil {
		s.refuseTokenPermission(w, r, v, f, err)
		return
	}
	scopes, ok := scopeList(claims.Scope)
	if !ok || len(scopes) == 0 {
		s.refuseOAuth2(w, r, v, &oauth2Refusal{"invalid_scope", http.StatusBadRequest, store.DetailInvalidScope, "scope is missing or not a string or array of strings"})
		return
	}
	for _, sc := range scopes {
		if !ol.Client.HasScope(sc) {
			s.refuseOAuth2(w, r, v, &oauth2Refusal{"invalid_scope", http.StatusBadRequest, store.DetailScopeMismatched,
				"scope " + quote(sc) + " is not ticked on the integration record"})
			return
		}
	}
	at, err := s.signAccessToken(r, ol, scopes, "", now)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	s.audit(r, vocab.SurfaceREST, v, vocab.StatusSuccess, "")
	writeToken(w, tokenResponse{AccessToken: at, ExpiresIn: strconv.Itoa(int(AccessTokenLifetime / time.Second)), TokenType: "bearer"})
}

// DetailAssertionExpired is the emulator's audit detail for an expired or
// future-dated assertion (NetSuite documents none for the M2M flow).
const DetailAssertionExpired = "AssertionExpired"

// InternalErrorOAuth2 answers an internal error in the OAuth 2.0 error shape.
func (s *Core) InternalErrorOAuth2(w http.ResponseWriter, err error) {
	s.Log.Error("oauth 2.0 internal error", "err", err)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": "server_error"})
}

// nsTokenClaims are the claims of the tokens the emulator issues, after
// section 158255317571: sub "<role>;<entity>", aud "<integration>;<account>"
// and the client id, scope comma-separated, iss https://system.netsuite.com,
// oit for public clients' chains. use ("access" or "refresh") is the
// emulator's own, to refuse a refresh token presented as an access token
// (audit TokenRejected).
type nsTokenClaims struct {
	Scope string `json:"scope"`
	OIT   int64  `json:"oit,omitempty"`
	Use   string `json:"use"`
	jwt.RegisteredClaims
}

func (s *Core) signToken(c nsTokenClaims) (string, error) {
	key, err := s.Store.SigningKey(context.Background())
	if err != nil {
		return "", err
	}
	t := jwt.NewWithClaims(jwt.SigningMethodPS256, c)
	t.Header["kid"] = signingKID
	return t.SignedString(key)
}

func (s *Core) signAccessToken(r *http.Request, ol *store.OAuth2Login, scopes []string, _ string, now time.Time) (string, error) {
	v := ol.V
	return s.signToken(nsTokenClaims{Scope: strings.Join(scopes, ","), Use: "access", RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    accessIssuer,
		Subject:   strconv.FormatInt(v.Role.ID, 10) + ";" + strconv.FormatInt(v.Employee.ID, 10),
		Audience:  jwt.ClaimStrings{strconv.FormatInt(v.Integration.ID, 10) + ";" + s.AccountID(), ol.ClientID},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(AccessTokenLifetime)),
		ID:        newID(),
	}})
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseNSToken verifies a token the emulator issued and returns its claims
// and who it names.
func (s *Core) parseNSToken(raw string) (*nsTokenClaims, int64, int64, int64, error) {
	key, err := s.Store.SigningKey(context.Background())
	if err != nil {
		return nil, 0, 0, 0, err
	}
	var c nsTokenClaims
	_, err = jwt.NewParser(jwt.WithValidMethods([]string{"PS256"}), jwt.WithoutClaimsValidation()).ParseWithClaims(raw, &c,
		func(*jwt.Token) (any, error) { return &key.PublicKey, nil })
	if err != nil {
		return nil, 0, 0, 0, &LoginFailure{vocab.DetailInvalidSignature, "token signature: " + err.Error()}
	}
	role, entity, ok1 := strings.Cut(c.Subject, ";")
	var integration string
	if len(c.Audience) > 0 {
		integration, _, _ = strings.Cut(c.Audience[0], ";")
	}
	rid, e1 := strconv.ParseInt(role, 10, 64)
	eid, e2 := strconv.ParseInt(entity, 10, 64)
	iid, e3 := strconv.ParseInt(integration, 10, 64)
	if !ok1 || e1 != nil || e2 != nil || e3 != nil || c.ExpiresAt == nil {
		return nil, 0, 0, 0, &LoginFailure{store.DetailInvalidIntegration, "token claims sub/aud/exp malformed"}
	}
	return &c, iid, eid, rid, nil
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// IsBearer reports whether r carries an OAuth 2.0 bearer token.
func IsBearer(r *http.Request) bool {
	_, ok := bearerToken(r)
	return ok
}

// verifyBearer checks an OAuth 2.0 access token on a REST web services or
// RESTlet request: the emulator's signature, expiry (AccessTokenExpired),
// an access not a refresh token (TokenRejected), the account state
// (store.OAuth2Login.CheckOAuth2), the scope the surface needs
// (ScopeMismatched: REST web services and SuiteQL need rest_webservices,
// RESTlets restlets), then the role's permissions as for a token login.
// Audit details: Help Center subsection 158324637123.
func (s *Core) verifyBearer(r *http.Request, surface vocab.Surface, raw string) (*Login, error) {
	l, err := s.checkBearer(r, surface, raw)
	if err != nil {
		return nil, err
	}
	s.audit(r, surface, l.V, vocab.StatusSuccess, "")
	return l, nil
}

// checkBearer is verifyBearer without the success row of the Login Audit
// Trail (refusals are recorded): the certificate rotation endpoint records
// one row per request, after its own checks.
func (s *Core) checkBearer(r *http.Request, surface vocab.Surface, raw string) (*Login, error) {
	ctx := r.Context()
	c, iid, eid, rid, err := s.parseNSToken(raw)
	if err != nil {
		return nil, s.Refuse(r, surface, nil, err)
	}
	ol, err := s.Store.LookupOAuth2(ctx, iid, "", eid, rid)
	if err != nil {
		return nil, err
	}
	v := ol.V
	now := s.Now()
	if c.Use != "access" {
		return nil, s.Refuse(r, surface, v, &LoginFailure{store.DetailTokenRejected, "a refresh token was sent as an access token"})
	}
	if !now.Before(c.ExpiresAt.Time) {
		return nil, s.Refuse(r, surface, v, &LoginFailure{store.DetailAccessTokenExpired, "the access token expired at " + c.ExpiresAt.UTC().Format(time.RFC3339)})
	}
	if err := ol.CheckOAuth2(surface); err != nil {
		return nil, s.Refuse(r, surface, v, failureFrom(err))
	}
	need := store.ScopeFor(surface)
	if !slices.Contains(strings.Split(c.Scope, ","), need) {
		return nil, s.Refuse(r, surface, v, &LoginFailure{store.DetailScopeMismatched, "the token's scope " + quote(c.Scope) + " lacks " + need})
	}
	perms, err := s.Store.EffectivePermissions(ctx, v.Role.ID, now.Add(-s.roleCacheDelay))
	if err != nil {
		return nil, err
	}
	// The TBA permissions (Log in using Access Tokens, User Access Tokens)
	// are not what an OAuth 2.0 login needs: "Log in using OAuth 2.0 Access
	// Tokens" is (section 157771510070), then the surface's permission
	// (REST Web Services) as for a token login.
	if f := oauth2LoginPermission(perms); f != nil {
		return nil, s.Refuse(r, surface, v, f)
	}
	if need := store.SurfacePermission(surface); need != "" && !perms.Has(need, vocab.LevelView) {
		return nil, s.Refuse(r, surface, v, &LoginFailure{vocab.DetailInsufficientPermission, "the role lacks the '" + need + "' permission"})
	}
	return &Login{V: v, Perms: perms, Surface: surface}, nil
}

// codes holds issued authorization codes (one use each), in memory: a code
// lives ten minutes at most.
type codeStore struct {
	mu    sync.Mutex
	codes map[string]*authCode
}

type authCode struct {
	integrationID, employeeID, roleID int64
	redirectURI, challenge            string
	scopes                            []string
	expires                           time.Time
}

func (c *codeStore) put(code string, a *authCode, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.codes == nil {
		c.codes = map[string]*authCode{}
	}
	for k, v := range c.codes {
		if now.After(v.expires) {
			delete(c.codes, k)
		}
	}
	c.codes[code] = a
}

func (c *codeStore) take(code string) *authCode {
	c.mu.Lock()
	defer c.mu.Unlock()
	a := c.codes[code]
	delete(c.codes, code)
	return a
}

// pkceS256 is the S256 code challenge of verifier (RFC 7636 4.2).
func pkceS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// validState: 22 to 1024 printable ASCII characters (Help Center
// subsection 158711892221, InvalidState).
func validState(s string) bool {
	if len(s) < 22 || len(s) > 1024 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// ServeOAuth2Authorize answers GET /app/login/oauth2/authorize.nl (Help
// Center section 158081944642, Step One GET Request to the Authorization
// Endpoint). NetSuite shows a login and consent page; the emulator has no
// browser session, so it consents at once for the entity and role given by
// the emulator-only query parameters "entity" and "role" (default: the
// administrator with the Administrator role) and redirects with code and
// state. Errors are redirected with error=<value> except when the client or
// redirect URI is unknown, which are shown (here: 400 with the JSON
// error), as NetSuite does (subsection 158711892221).
func (s *Core) ServeOAuth2Authorize(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	ol, err := s.Store.LookupOAuth2(ctx, 0, q.Get("client_id"), 0, 0)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	if !ol.V.ConsumerKeyKnown || q.Get("client_id") == "" {
		s.refuseOAuth2(w, r, ol.V, &oauth2Refusal{"unauthorized_client", http.StatusBadRequest, "UnknownIntegration", "client_id is unknown"})
		return
	}
	redirect := q.Get("redirect_uri")
	if !slices.Contains(ol.Client.RedirectURIs, redirect) {
		s.refuseOAuth2(w, r, ol.V, badRequest(store.DetailInvalidRedirectURI, "redirect_uri "+quote(redirect)+" is not on the integration record"))
		return
	}
	back := func(detail, code, reason string) {
		s.audit(r, vocab.SurfaceREST, ol.V, vocab.StatusFailure, detail)
		s.Log.Debug("oauth 2.0 authorize refused", "error", code, "detail", detail, "reason", reason)
		u, _ := url.Parse(redirect)
		rq := u.Query()
		rq.Set("error", code)
		if st := q.Get("state"); st != "" {
			rq.Set("state", st)
		}
		u.RawQuery = rq.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(store.DetailInvalidRequest, "unsupported_response_type", "response_type "+quote(q.Get("response_type")))
		return
	}
	if !ol.Client.CodeGrant {
		back(store.DetailAuthorizationCodeGrantRequired, "unauthorized_client", "the integration does not have the authorization code grant")
		return
	}
	if !validState(q.Get("state")) {
		back(store.DetailInvalidState, "invalid_request", "state must be 22 to 1024 printable ASCII characters")
		return
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		// PKCE with S256 (section 158081944642: code_challenge_method
		// "S256"); plain is not accepted.
		back(store.DetailInvalidRequest, "invalid_request", "code_challenge with code_challenge_method=S256 is required")
		return
	}
	scopes := strings.Fields(q.Get("scope")) // space-separated in step one
	if len(scopes) == 0 {
		back(store.DetailScopeMismatched, "invalid_scope", "scope is empty")
		return
	}
	for _, sc := range scopes {
		if !ol.Client.HasScope(sc) {
			back(store.DetailScopeMismatched, "invalid_scope", "scope "+quote(sc)+" is not ticked on the integration record")
			return
		}
	}
	entity, role := q.Get("entity"), q.Get("role")
	if entity == "" {
		entity = store.AdminEmail
	}
	if role == "" {
		role = strconv.Itoa(store.AdministratorRoleID)
	}
	emp, err1 := s.Store.Employee(ctx, entity)
	rl, err2 := s.Store.Role(ctx, role)
	if err1 != nil || err2 != nil {
		back(vocab.DetailEntityOrRoleDisabled, "access_denied", "entity or role unknown")
		return
	}
	full, err := s.Store.LookupOAuth2(ctx, ol.V.Integration.ID, "", emp.ID, rl.ID)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	if err := full.CheckOAuth2(vocab.SurfaceREST); err != nil && store.AuditDetail(err) != vocab.DetailFeatureDisabled {
		back(store.AuditDetail(err), "access_denied", err.Error())
		return
	}
	code := newID()
	s.codes.put(code, &authCode{integrationID: ol.V.Integration.ID, employeeID: emp.ID, roleID: rl.ID, redirectURI: redirect,
		challenge: q.Get("code_challenge"), scopes: scopes, expires: s.Now().Add(codeLifetime)}, s.Now())
	u, _ := url.Parse(redirect)
	rq := u.Query()
	rq.Set("state", q.Get("state"))
	rq.Set("role", strconv.FormatInt(rl.ID, 10))
	rq.Set("entity", strconv.FormatInt(emp.ID, 10))
	rq.Set("company", s.AccountID())
	rq.Set("code", code)
	u.RawQuery = rq.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// clientAuth authenticates the client of a code or refresh request: HTTP
// Basic client_id:client_secret for confidential clients (section
// 158081952044), client_id in the body for public clients.
func (s *Core) clientAuth(r *http.Request) (*store.OAuth2Login, *oauth2Refusal, error) {
	ctx := r.Context()
	id, secret, basic := r.BasicAuth()
	if !basic {
		id = r.PostForm.Get("client_id")
	}
	if id == "" {
		return nil, badClient(store.DetailClientAuthenticationFailed, "no client authentication"), nil
	}
	ol, err := s.Store.LookupOAuth2(ctx, 0, id, 0, 0)
	if err != nil {
		return nil, nil, err
	}
	if !ol.V.ConsumerKeyKnown {
		return ol, badClient(store.DetailClientAuthenticationFailed, "client_id is unknown"), nil
	}
	if ol.Client.Public {
		return ol, nil, nil
	}
	if !basic || !constantTimeEqual(secret, ol.V.Integration.ConsumerSecret.Reveal()) {
		return ol, badClient(store.DetailClientAuthenticationFailed, "client secret missing or wrong (confidential clients use HTTP Basic)"), nil
	}
	return ol, nil, nil
}

// authorizationCode answers step two (section 158081952044): code,
// redirect_uri as in step one, code_verifier matching the challenge.
func (s *Core) authorizationCode(w http.ResponseWriter, r *http.Request) {
	ol, f, err := s.clientAuth(r)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	var v *store.Verification
	if ol != nil {
		v = ol.V
	}
	if f != nil {
		s.refuseOAuth2(w, r, v, f)
		return
	}
	form := r.PostForm
	a := s.codes.take(form.Get("code"))
	now := s.Now()
	switch {
	case a == nil || a.integrationID != ol.V.Integration.ID || now.After(a.expires):
		s.refuseOAuth2(w, r, v, badGrant(store.DetailInvalidCode, "code unknown, used, expired or issued to another client"))
		return
	case form.Get("redirect_uri") != a.redirectURI:
		s.refuseOAuth2(w, r, v, badGrant(store.DetailInvalidRedirectURI, "redirect_uri differs from step one"))
		return
	case form.Get("code_verifier") == "" || pkceS256(form.Get("code_verifier")) != a.challenge:
		// "If the values don't match, HTTP 400 Bad Response error is
		// returned" (section 160855590788).
		s.refuseOAuth2(w, r, v, badGrant(store.DetailInvalidRequest, "code_verifier does not match the code_challenge"))
		return
	}
	s.issuePair(w, r, ol.Client, a.integrationID, a.employeeID, a.roleID, a.scopes, now, now)
}

// issuePair answers an access token and a new refresh token.
func (s *Core) issuePair(w http.ResponseWriter, r *http.Request, client store.OAuth2Client, iid, eid, rid int64, scopes []string, chainStart, now time.Time) {
	ctx := r.Context()
	full, err := s.Store.LookupOAuth2(ctx, iid, "", eid, rid)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	if err := full.CheckOAuth2(vocab.SurfaceREST); err != nil && store.AuditDetail(err) != vocab.DetailFeatureDisabled {
		s.refuseOAuth2(w, r, full.V, badGrant(store.AuditDetail(err), err.Error()))
		return
	}
	if f, err := s.tokenPermission(ctx, full.V, now); err != nil || f != nil {
		s.refuseTokenPermission(w, r, full.V, f, err)
		return
	}
	at, err := s.signAccessToken(r, full, scopes, "", now)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	exp := now.Add(client.RefreshValidity())
	rt := store.RefreshToken{JTI: newID(), IntegrationID: iid, EmployeeID: eid, RoleID: rid, Scopes: scopes,
		ChainStart: chainStart, Issued: now, Expires: exp}
	claims := nsTokenClaims{Scope: strings.Join(scopes, ","), Use: "refresh", RegisteredClaims: jwt.RegisteredClaims{
		Issuer: accessIssuer, Subject: strconv.FormatInt(rid, 10) + ";" + strconv.FormatInt(eid, 10),
		Audience: jwt.ClaimStrings{strconv.FormatInt(iid, 10) + ";" + s.AccountID(), full.ClientID},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp), ID: rt.JTI}}
	if client.Public {
		claims.OIT = chainStart.Unix()
	}
	rts, err := s.signToken(claims)
	if err == nil {
		err = s.Store.SaveRefreshToken(ctx, rt)
	}
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	s.audit(r, vocab.SurfaceREST, full.V, vocab.StatusSuccess, "")
	writeToken(w, tokenResponse{AccessToken: at, RefreshToken: rts, ExpiresIn: strconv.Itoa(int(AccessTokenLifetime / time.Second)), TokenType: "bearer"})
}

// refreshGrant answers a refresh token request (section 158081952044).
// Confidential clients keep their refresh token until it expires; a public
// client's refresh token is single-use: each refresh answers a new one
// (rotation) and a reused one is refused (invalid_grant).
func (s *Core) refreshGrant(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ol, f, err := s.clientAuth(r)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	var v *store.Verification
	if ol != nil {
		v = ol.V
	}
	if f != nil {
		s.refuseOAuth2(w, r, v, f)
		return
	}
	c, iid, eid, rid, err := s.parseNSToken(r.PostForm.Get("refresh_token"))
	if err != nil {
		var lf *LoginFailure
		if errors.As(err, &lf) {
			s.refuseOAuth2(w, r, v, badGrant(lf.Detail, lf.Reason))
			return
		}
		s.InternalErrorOAuth2(w, err)
		return
	}
	if c.Use != "refresh" || iid != ol.V.Integration.ID {
		s.refuseOAuth2(w, r, v, badGrant(store.DetailTokenRejected, "not a refresh token of this client"))
		return
	}
	rt, err := s.Store.RefreshTokenByJTI(ctx, c.ID)
	if err != nil {
		s.refuseOAuth2(w, r, v, badGrant(store.DetailTokenRejected, "refresh token unknown"))
		return
	}
	now := s.Now()
	switch {
	case rt.Revoked != nil:
		s.refuseOAuth2(w, r, v, badGrant(store.DetailRefreshTokenRevoked, "the refresh token was revoked"))
		return
	case !now.Before(rt.Expires):
		s.refuseOAuth2(w, r, v, badGrant(store.DetailRefreshTokenExpired, "the refresh token expired at "+rt.Expires.Format(time.RFC3339)))
		return
	}
	if ol.Client.Public {
		fresh, err := s.Store.UseRefreshToken(ctx, rt.JTI)
		if err != nil {
			s.InternalErrorOAuth2(w, err)
			return
		}
		if !fresh {
			s.refuseOAuth2(w, r, v, badGrant(store.DetailRefreshTokenRevoked, "the public client's refresh token was already used (single use)"))
			return
		}
		s.issuePair(w, r, ol.Client, iid, eid, rid, rt.Scopes, rt.ChainStart, now)
		return
	}
	full, err := s.Store.LookupOAuth2(ctx, iid, "", eid, rid)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	if err := full.CheckOAuth2(vocab.SurfaceREST); err != nil && store.AuditDetail(err) != vocab.DetailFeatureDisabled {
		s.refuseOAuth2(w, r, full.V, badGrant(store.AuditDetail(err), err.Error()))
		return
	}
	if f, err := s.tokenPermission(ctx, full.V, now); err != nil || f != nil {
		s.refuseTokenPermission(w, r, full.V, f, err)
		return
	}
	at, err := s.signAccessToken(r, full, rt.Scopes, "", now)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	s.audit(r, vocab.SurfaceREST, full.V, vocab.StatusSuccess, "")
	writeToken(w, tokenResponse{AccessToken: at, ExpiresIn: strconv.Itoa(int(AccessTokenLifetime / time.Second)), TokenType: "bearer"})
}

// ServeOAuth2Revoke answers POST …/oauth2/v1/revoke: token=<refresh
// token>, client authenticated as at the token endpoint. Revoking an
// access token is not supported by NetSuite's endpoint (it revokes the
// refresh token and so the chain); 200 with an empty body on success.
func (s *Core) ServeOAuth2Revoke(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "method "+r.Method))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.refuseOAuth2(w, r, nil, badRequest(store.DetailInvalidRequest, "form: "+err.Error()))
		return
	}
	ol, f, err := s.clientAuth(r)
	if err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	if f != nil {
		var v *store.Verification
		if ol != nil {
			v = ol.V
		}
		s.refuseOAuth2(w, r, v, f)
		return
	}
	c, iid, _, _, err := s.parseNSToken(r.PostForm.Get("token"))
	if err != nil || c.Use != "refresh" || iid != ol.V.Integration.ID {
		s.refuseOAuth2(w, r, ol.V, badRequest(store.DetailInvalidRequest, "token is not a refresh token of this client"))
		return
	}
	if err := s.Store.RevokeRefreshToken(r.Context(), c.ID); err != nil {
		s.InternalErrorOAuth2(w, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
