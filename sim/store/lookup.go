package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// Verification is everything the emulator's auth check needs about one
// (consumer key, token id) pair, read in one consistent snapshot. Secrets are
// excluded from JSON and print as [REDACTED].
type Verification struct {
	AccountID string `json:"accountId"`
	// ConcurrencyLimit is the account concurrency limit.
	ConcurrencyLimit int      `json:"concurrencyLimit"`
	Features         Features `json:"features"`

	// ConsumerKeyKnown reports whether an integration has the consumer key;
	// Integration is zero otherwise.
	ConsumerKeyKnown bool                `json:"consumerKeyKnown"`
	Integration      VerifiedIntegration `json:"integration"`

	// TokenKnown reports whether an access token has the token id; Token,
	// Employee and Role are zero otherwise.
	TokenKnown bool             `json:"tokenKnown"`
	Token      VerifiedToken    `json:"token"`
	Employee   VerifiedEmployee `json:"employee"`
	Role       RoleRef          `json:"role"`

	// TokenMatchesIntegration reports whether the token was issued to the
	// integration that has the consumer key.
	TokenMatchesIntegration bool `json:"tokenMatchesIntegration"`
}

// VerifiedIntegration is the integration part of a [Verification].
type VerifiedIntegration struct {
	ID             int64                  `json:"id"`
	Name           string                 `json:"name"`
	State          vocab.IntegrationState `json:"state"`
	TBA            bool                   `json:"tokenBasedAuthentication"`
	ConsumerSecret Secret                 `json:"-"`
	// ConcurrencyLimit is the integration-specific limit (0: none).
	ConcurrencyLimit int `json:"concurrencyLimit"`
}

// VerifiedToken is the token part of a [Verification].
type VerifiedToken struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Secret  Secret    `json:"-"`
	Created time.Time `json:"created"`
	Revoked bool      `json:"revoked"`
	// RevokedAt is zero unless Revoked.
	RevokedAt time.Time `json:"revokedAt"`
	// IntegrationID and IntegrationName are the integration the token was
	// issued to.
	IntegrationID   int64  `json:"integrationId"`
	IntegrationName string `json:"integrationName"`
}

// VerifiedEmployee is the token owner in a [Verification].
type VerifiedEmployee struct {
	ID         int64  `json:"id"`
	EntityID   string `json:"entityId"`
	Email      string `json:"email"`
	GiveAccess bool   `json:"giveAccess"`
	// HasRole reports whether the employee still holds the token's role.
	HasRole bool `json:"hasRole"`
}

// Check applies the account-state checks of a token login on surface, in
// NetSuite's order, and returns nil or an [*Error] whose Detail is the Login
// Audit Trail value to record: FeatureDisabled (TBA feature, or the
// surface's feature: SOAP/REST Web Services, Server SuiteScript for
// RESTlets), consumer_key_unknown, consumer_key_refused (integration Blocked
// or its TBA box unticked), InvalidToken (unknown, or issued to another
// integration), TokenRevoked, LoginDisabled (employee without access or no
// longer holding the role). Signature, timestamp, nonce and the time-delayed
// role permissions ([Store.EffectivePermissions], [Permissions.CheckLogin])
// are the caller's to check.
func (v *Verification) Check(surface vocab.Surface) error {
	if !v.Features.TBA {
		return loginErr(ErrFeatureDisabled, vocab.DetailFeatureDisabled, "the Token-Based Authentication feature is not enabled")
	}
	if f, ok := surfaceFeature[surface]; ok && !v.Features.Enabled(f) {
		return loginErr(ErrFeatureDisabled, vocab.DetailFeatureDisabled, "the %s feature is not enabled", f.Name())
	}
	if !v.ConsumerKeyKnown {
		return loginErr(ErrConsumerKeyUnknown, vocab.DetailConsumerKeyUnknown, "the consumer key is unknown")
	}
	if v.Integration.State != vocab.StateEnabled {
		return loginErr(ErrIntegrationBlocked, vocab.DetailConsumerKeyRefused, "the integration %q is blocked", v.Integration.Name)
	}
	if !v.Integration.TBA {
		return loginErr(ErrIntegrationTBADisabled, vocab.DetailConsumerKeyRefused,
			"the integration %q does not have Token-Based Authentication enabled", v.Integration.Name)
	}
	if !v.TokenKnown {
		return loginErr(ErrTokenUnknown, vocab.DetailInvalidToken, "the token is unknown")
	}
	if !v.TokenMatchesIntegration {
		return loginErr(ErrTokenIntegrationMismatch, vocab.DetailInvalidToken,
			"the token %q was issued to the integration %q, not %q", v.Token.Name, v.Token.IntegrationName, v.Integration.Name)
	}
	if v.Token.Revoked {
		return loginErr(ErrTokenRevoked, vocab.DetailTokenRevoked, "the token %q has been revoked", v.Token.Name)
	}
	if !v.Employee.GiveAccess {
		return loginErr(ErrEmployeeNoAccess, vocab.DetailLoginDisabled, "the employee %s does not have access", v.Employee.EntityID)
	}
	if !v.Employee.HasRole {
		return loginErr(ErrRoleNotAssigned, vocab.DetailLoginDisabled, "the employee %s no longer has the %s role", v.Employee.EntityID, v.Role.Name)
	}
	return nil
}

var surfaceFeature = map[vocab.Surface]vocab.Feature{
	vocab.SurfaceSOAP:    vocab.FeatureSOAP,
	vocab.SurfaceREST:    vocab.FeatureREST,
	vocab.SurfaceRESTlet: vocab.FeatureSuiteScript,
}

const lookupSQL = `SELECT a.account_id, a.service_tier, a.suitecloud_plus,
	(SELECT enabled FROM acct_feature WHERE key = 'tba'),
	(SELECT enabled FROM acct_feature WHERE key = 'soap'),
	(SELECT enabled FROM acct_feature WHERE key = 'rest'),
	(SELECT enabled FROM acct_feature WHERE key = 'suiteql'),
	(SELECT enabled FROM acct_feature WHERE key = 'suitescript'),
	i.id, i.name, i.state, i.tba, i.consumer_secret, i.concurrency_limit,
	t.id, t.name, t.token_secret, t.created, t.revoked, t.integration_id, ti.name,
	e.id, e.entity_id, e.email, e.give_access,
	r.id, r.name,
	(SELECT COUNT(*) FROM acct_employee_role er WHERE er.employee_id = t.employee_id AND er.role_id = t.role_id)
FROM acct_account a
LEFT JOIN acct_integration i ON i.consumer_key = ?1
LEFT JOIN acct_token t ON t.token_id = ?2
LEFT JOIN acct_integration ti ON ti.id = t.integration_id
LEFT JOIN acct_employee e ON e.id = t.employee_id
LEFT JOIN acct_role r ON r.id = t.role_id
WHERE a.singleton = 1`

// Lookup returns what verifying a request signed with consumerKey and
// tokenID needs. It always returns a non-nil *Verification (partially
// filled when something is unknown) and, when the pair does not fit, an
// [*Error] whose Code is [ErrConsumerKeyUnknown], [ErrTokenUnknown] or
// [ErrTokenIntegrationMismatch], checked in that order. Other account-state
// refusals are left to [Verification.Check].
//
// Lookup is the emulator's hot path: results are cached in memory and the
// cache is invalidated by every account-model write, so a write is visible
// to every Lookup that starts after the write returned (a write by another
// process on the same file: within [ChangeCheckInterval], see changes.go).
func (s *Store) Lookup(ctx context.Context, consumerKey, tokenID string) (*Verification, error) {
	s.checkChanges(ctx)
	key := lookupKey{consumerKey, tokenID}
	v, ok := s.cache.lookup(key)
	if !ok {
		gen := s.cache.generation()
		var err error
		if v, err = s.lookupDB(ctx, consumerKey, tokenID); err != nil {
			return &Verification{}, err
		}
		s.cache.putLookup(gen, key, v)
	}
	out := *v
	switch {
	case !out.ConsumerKeyKnown:
		return &out, loginErr(ErrConsumerKeyUnknown, vocab.DetailConsumerKeyUnknown, "the consumer key is unknown")
	case !out.TokenKnown:
		return &out, loginErr(ErrTokenUnknown, vocab.DetailInvalidToken, "the token is unknown")
	case !out.TokenMatchesIntegration:
		return &out, loginErr(ErrTokenIntegrationMismatch, vocab.DetailInvalidToken,
			"the token %q was issued to the integration %q, not %q", out.Token.Name, out.Token.IntegrationName, out.Integration.Name)
	}
	return &out, nil
}

func (s *Store) lookupDB(ctx context.Context, consumerKey, tokenID string) (*Verification, error) {
	var (
		v                                 Verification
		tier                              string
		licences                          int
		fTBA, fSOAP, fREST, fSQL, fScript sql.NullBool
		iID                               sql.NullInt64
		iName, iState, iSecret            sql.NullString
		iTBA                              sql.NullBool
		iLimit                            sql.NullInt64
		tID                               sql.NullInt64
		tName, tSecret, tCreated          sql.NullString
		tRevoked                          sql.NullString
		tIntegration                      sql.NullInt64
		tiName                            sql.NullString
		eID                               sql.NullInt64
		eEntity, eEmail                   sql.NullString
		eAccess                           sql.NullBool
		rID                               sql.NullInt64
		rName                             sql.NullString
		hasRole                           int
	)
	err := s.lookupStmt.QueryRowContext(ctx, consumerKey, tokenID).Scan(
		&v.AccountID, &tier, &licences,
		&fTBA, &fSOAP, &fREST, &fSQL, &fScript,
		&iID, &iName, &iState, &iTBA, &iSecret, &iLimit,
		&tID, &tName, &tSecret, &tCreated, &tRevoked, &tIntegration, &tiName,
		&eID, &eEntity, &eEmail, &eAccess,
		&rID, &rName, &hasRole)
	if err != nil {
		return nil, fmt.Errorf("store: lookup: %w", err)
	}
	v.ConcurrencyLimit = concurrencyLimit(vocab.ServiceTier(tier), licences)
	v.Features = Features{TBA: fTBA.Bool, SOAP: fSOAP.Bool, REST: fREST.Bool, SuiteQL: fSQL.Bool, SuiteScript: fScript.Bool}
	if iID.Valid {
		v.ConsumerKeyKnown = true
		v.Integration = VerifiedIntegration{ID: iID.Int64, Name: iName.String, State: vocab.IntegrationState(iState.String),
			TBA: iTBA.Bool, ConsumerSecret: NewSecret(iSecret.String), ConcurrencyLimit: int(iLimit.Int64)}
	}
	if tID.Valid {
		v.TokenKnown = true
		v.Token = VerifiedToken{ID: tID.Int64, Name: tName.String, Secret: NewSecret(tSecret.String),
			IntegrationID: tIntegration.Int64, IntegrationName: tiName.String}
		if v.Token.Created, err = parseTime(tCreated.String); err != nil {
			return nil, err
		}
		if tRevoked.Valid {
			v.Token.Revoked = true
			if v.Token.RevokedAt, err = parseTime(tRevoked.String); err != nil {
				return nil, err
			}
		}
		v.Employee = VerifiedEmployee{ID: eID.Int64, EntityID: eEntity.String, Email: eEmail.String,
			GiveAccess: eAccess.Bool, HasRole: hasRole > 0}
		v.Role = RoleRef{ID: rID.Int64, Name: rName.String}
		v.TokenMatchesIntegration = v.ConsumerKeyKnown && v.Token.IntegrationID == v.Integration.ID
	}
	return &v, nil
}

// maxCachedLookups bounds the lookup cache, which also holds negative
// results (unknown keys) and so could otherwise be grown by junk requests.
const maxCachedLookups = 50_000

// cache holds the hot-path read caches. Every committed account-model write
// calls invalidate, which bumps the generation and swaps in empty maps; a
// reader that loaded from the database stores its result only if the
// generation has not moved since before its read, so a stale result is
// never cached. Reads are lock-free (sync.Map behind an atomic pointer).
type cache struct {
	mu      sync.Mutex // serialises invalidate and puts
	gen     atomic.Uint64
	size    int // entries in lookups, under mu
	lookups atomic.Pointer[sync.Map]
	roles   atomic.Pointer[sync.Map]
}

type lookupKey struct{ consumerKey, tokenID string }

func (c *cache) init() {
	c.mu.Lock()
	c.lookups.Store(new(sync.Map))
	c.roles.Store(new(sync.Map))
	c.mu.Unlock()
}

func (c *cache) invalidate() {
	c.mu.Lock()
	c.gen.Add(1)
	c.lookups.Store(new(sync.Map))
	c.roles.Store(new(sync.Map))
	c.size = 0
	c.mu.Unlock()
}

func (c *cache) generation() uint64 { return c.gen.Load() }

func (c *cache) lookup(key lookupKey) (*Verification, bool) {
	v, ok := c.lookups.Load().Load(key)
	if !ok {
		return nil, false
	}
	return v.(*Verification), true
}

func (c *cache) putLookup(gen uint64, key lookupKey, v *Verification) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen {
		return
	}
	if c.size >= maxCachedLookups {
		c.lookups.Store(new(sync.Map))
		c.size = 0
	}
	if _, loaded := c.lookups.Load().Swap(key, v); !loaded {
		c.size++
	}
}

func (c *cache) role(id int64) (*roleHistory, bool) {
	h, ok := c.roles.Load().Load(id)
	if !ok {
		return nil, false
	}
	return h.(*roleHistory), true
}

func (c *cache) putRole(gen uint64, h *roleHistory) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen {
		return
	}
	c.roles.Load().Store(h.id, h)
}
