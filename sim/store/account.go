package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// ParseServiceTier parses a tier name case-insensitively.
func ParseServiceTier(s string) (vocab.ServiceTier, error) {
	t, err := vocab.ParseServiceTier(s)
	if err != nil {
		return "", newErr(ErrInvalid, "%s", err)
	}
	return t, nil
}

// ParseFeature accepts a feature key ("tba") or its UI label ("Token-Based
// Authentication", also without hyphens), case-insensitively.
func ParseFeature(s string) (vocab.Feature, error) {
	n := normalizeFeature(s)
	for _, f := range vocab.Features() {
		if n == string(f) || n == normalizeFeature(f.Name()) {
			return f, nil
		}
	}
	var known []string
	for _, f := range vocab.Features() {
		known = append(known, fmt.Sprintf("%s (%s)", f, f.Name()))
	}
	return "", newErr(ErrInvalid, "unknown feature %q; known features: %s", s, strings.Join(known, ", "))
}

func normalizeFeature(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "-", " "))
	return strings.Join(strings.Fields(s), " ")
}

// Features is the on/off state of every account feature.
type Features struct {
	TBA         bool `json:"tba"`
	SOAP        bool `json:"soap"`
	REST        bool `json:"rest"`
	SuiteQL     bool `json:"suiteql"`
	SuiteScript bool `json:"suitescript"`
}

// Enabled reports the state of f.
func (fs Features) Enabled(f vocab.Feature) bool {
	switch f {
	case vocab.FeatureTBA:
		return fs.TBA
	case vocab.FeatureSOAP:
		return fs.SOAP
	case vocab.FeatureREST:
		return fs.REST
	case vocab.FeatureSuiteQL:
		return fs.SuiteQL
	case vocab.FeatureSuiteScript:
		return fs.SuiteScript
	}
	return false
}

func (fs *Features) set(f vocab.Feature, on bool) {
	switch f {
	case vocab.FeatureTBA:
		fs.TBA = on
	case vocab.FeatureSOAP:
		fs.SOAP = on
	case vocab.FeatureREST:
		fs.REST = on
	case vocab.FeatureSuiteQL:
		fs.SuiteQL = on
	case vocab.FeatureSuiteScript:
		fs.SuiteScript = on
	}
}

// FeatureState is one feature for listings.
type FeatureState struct {
	Key     vocab.Feature `json:"key"`
	Name    string        `json:"name"`
	Enabled bool          `json:"enabled"`
	Changed time.Time     `json:"changed"`
}

// Account is the account's settings.
type Account struct {
	// ID is the realm, e.g. TSTDRV1234567 or 1234567_SB1.
	ID                     string            `json:"id"`
	CompanyName            string            `json:"companyName"`
	ServiceTier            vocab.ServiceTier `json:"serviceTier"`
	SuiteCloudPlusLicenses int               `json:"suiteCloudPlusLicenses"`
	Features               Features          `json:"features"`
	Created                time.Time         `json:"created"`
}

// ConcurrencyLimit returns the account concurrency limit: the tier's base
// plus 10 per SuiteCloud Plus licence.
func (a Account) ConcurrencyLimit() int {
	return concurrencyLimit(a.ServiceTier, a.SuiteCloudPlusLicenses)
}

func concurrencyLimit(t vocab.ServiceTier, licences int) int {
	return t.ConcurrencyLimit(licences)
}

var accountIDPattern = regexp.MustCompile(`^[A-Z]*[0-9]+(_(SB[0-9]+|RP))?$`)

// NormalizeAccountID returns the realm form of an account id: upper case
// with "_" before a sandbox/release-preview suffix ("1234567-sb1" →
// "1234567_SB1"). It accepts digits with an optional letter prefix
// (TSTDRV1234567) and an optional _SB<n> or _RP suffix.
func NormalizeAccountID(s string) (string, error) {
	id := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_"))
	if !accountIDPattern.MatchString(id) {
		return "", newErr(ErrInvalid, "invalid account id %q (want a realm such as TSTDRV1234567, 1234567 or 1234567_SB1)", s)
	}
	return id, nil
}

// Account returns the account settings and features.
func (s *Store) Account(ctx context.Context) (Account, error) { return readAccount(ctx, s.db) }

func readAccount(ctx context.Context, q querier) (Account, error) {
	var a Account
	var tier, created string
	err := q.QueryRowContext(ctx,
		`SELECT account_id, company_name, service_tier, suitecloud_plus, created FROM acct_account WHERE singleton = 1`).
		Scan(&a.ID, &a.CompanyName, &tier, &a.SuiteCloudPlusLicenses, &created)
	if err != nil {
		return Account{}, fmt.Errorf("store: read account: %w", err)
	}
	a.ServiceTier = vocab.ServiceTier(tier)
	if a.Created, err = parseTime(created); err != nil {
		return Account{}, err
	}
	fs, err := readFeatures(ctx, q)
	if err != nil {
		return Account{}, err
	}
	for _, f := range fs {
		a.Features.set(f.Key, f.Enabled)
	}
	return a, nil
}

// AccountUpdate names the account settings to change; nil fields are kept.
type AccountUpdate struct {
	// ID changes the realm. Existing clients must then use the new realm.
	ID                     *string
	CompanyName            *string
	ServiceTier            *vocab.ServiceTier
	SuiteCloudPlusLicenses *int
}

// UpdateAccount changes account settings. Lowering the concurrency limit
// (tier or licences) below what integrations have allocated plus 1 fails
// with [ErrConcurrencyAllocation].
func (s *Store) UpdateAccount(ctx context.Context, u AccountUpdate) (Account, error) {
	var out Account
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.updateAccountTx(ctx, tx, u)
		return err
	})
	return out, err
}

func (s *Store) updateAccountTx(ctx context.Context, tx *sql.Tx, u AccountUpdate) (Account, error) {
	a, err := readAccount(ctx, tx)
	if err != nil {
		return Account{}, err
	}
	if u.ID != nil {
		if a.ID, err = NormalizeAccountID(*u.ID); err != nil {
			return Account{}, err
		}
	}
	if u.CompanyName != nil {
		name := strings.TrimSpace(*u.CompanyName)
		if name == "" {
			return Account{}, newErr(ErrInvalid, "company name is empty")
		}
		a.CompanyName = name
	}
	if u.ServiceTier != nil {
		if a.ServiceTier, err = ParseServiceTier(string(*u.ServiceTier)); err != nil {
			return Account{}, err
		}
	}
	if u.SuiteCloudPlusLicenses != nil {
		if *u.SuiteCloudPlusLicenses < 0 {
			return Account{}, newErr(ErrInvalid, "SuiteCloud Plus licences must not be negative (got %d)", *u.SuiteCloudPlusLicenses)
		}
		a.SuiteCloudPlusLicenses = *u.SuiteCloudPlusLicenses
	}
	allocated, err := allocatedConcurrency(ctx, tx, 0)
	if err != nil {
		return Account{}, err
	}
	if limit := a.ConcurrencyLimit(); allocated > 0 && allocated > limit-1 {
		return Account{}, newErr(ErrConcurrencyAllocation,
			"the account concurrency limit would be %d but integrations have %d allocated; at least 1 must stay unallocated",
			limit, allocated)
	}
	_, err = tx.ExecContext(ctx,
		`UPDATE acct_account SET account_id = ?, company_name = ?, service_tier = ?, suitecloud_plus = ? WHERE singleton = 1`,
		a.ID, a.CompanyName, string(a.ServiceTier), a.SuiteCloudPlusLicenses)
	if err != nil {
		return Account{}, fmt.Errorf("store: update account: %w", err)
	}
	return a, nil
}

// Features lists every feature with its state, in display order.
func (s *Store) Features(ctx context.Context) ([]FeatureState, error) { return readFeatures(ctx, s.db) }

func readFeatures(ctx context.Context, q querier) ([]FeatureState, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, enabled, changed FROM acct_feature`)
	if err != nil {
		return nil, fmt.Errorf("store: read features: %w", err)
	}
	defer rows.Close()
	got := map[vocab.Feature]FeatureState{}
	for rows.Next() {
		var k, changed string
		var on bool
		if err := rows.Scan(&k, &on, &changed); err != nil {
			return nil, fmt.Errorf("store: read features: %w", err)
		}
		t, err := parseTime(changed)
		if err != nil {
			return nil, err
		}
		got[vocab.Feature(k)] = FeatureState{Key: vocab.Feature(k), Name: vocab.Feature(k).Name(), Enabled: on, Changed: t}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read features: %w", err)
	}
	out := make([]FeatureState, 0, len(got))
	for _, key := range vocab.Features() {
		if f, ok := got[key]; ok {
			out = append(out, f)
		}
	}
	return out, nil
}

// FeatureEnabled reports whether a feature is on.
func (s *Store) FeatureEnabled(ctx context.Context, f vocab.Feature) (bool, error) {
	var on bool
	err := s.db.QueryRowContext(ctx, `SELECT enabled FROM acct_feature WHERE key = ?`, string(f)).Scan(&on)
	if err != nil {
		return false, fmt.Errorf("store: read feature %s: %w", f, err)
	}
	return on, nil
}

// SetFeature enables or disables a feature given by key or UI label (see
// [ParseFeature]).
func (s *Store) SetFeature(ctx context.Context, feature string, enabled bool) error {
	f, err := ParseFeature(feature)
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *sql.Tx) error { return s.setFeatureTx(ctx, tx, f, enabled) })
}

func (s *Store) setFeatureTx(ctx context.Context, tx *sql.Tx, f vocab.Feature, enabled bool) error {
	_, err := tx.ExecContext(ctx, `UPDATE acct_feature SET enabled = ?, changed = ? WHERE key = ? AND enabled != ?`,
		boolInt(enabled), s.nowText(), string(f), boolInt(enabled))
	if err != nil {
		return fmt.Errorf("store: set feature %s: %w", f, err)
	}
	return nil
}

// Governance is the account's concurrency governance, as Setup >
// Integration > Integration Governance and the governanceLimits endpoint show.
type Governance struct {
	AccountLimit int `json:"accountConcurrencyLimit"`
	// Allocated is the sum of integration-specific limits.
	Allocated int `json:"allocatedConcurrencyLimit"`
	// Unallocated is AccountLimit − Allocated, the pool shared by
	// integrations without a specific limit (always ≥ 1 when allocations exist).
	Unallocated  int                     `json:"unallocatedConcurrencyLimit"`
	Integrations []IntegrationGovernance `json:"integrations"`
}

// IntegrationGovernance is one integration's concurrency setting.
type IntegrationGovernance struct {
	IntegrationID   int64  `json:"integrationId"`
	IntegrationName string `json:"integrationName"`
	// Limit is the integration-specific limit, 0 when it shares the
	// unallocated pool.
	Limit int `json:"concurrencyLimit"`
}

// Governance returns the account and integration concurrency limits.
func (s *Store) Governance(ctx context.Context) (Governance, error) {
	a, err := readAccount(ctx, s.db)
	if err != nil {
		return Governance{}, err
	}
	g := Governance{AccountLimit: a.ConcurrencyLimit()}
	g.Integrations, err = queryRows(ctx, s.db, "read governance", func(rows *sql.Rows) (IntegrationGovernance, error) {
		var ig IntegrationGovernance
		err := rows.Scan(&ig.IntegrationID, &ig.IntegrationName, &ig.Limit)
		return ig, err
	}, `SELECT id, name, COALESCE(concurrency_limit, 0) FROM acct_integration ORDER BY id`)
	if err != nil {
		return Governance{}, err
	}
	for _, ig := range g.Integrations {
		g.Allocated += ig.Limit
	}
	g.Unallocated = g.AccountLimit - g.Allocated
	return g, nil
}

// allocatedConcurrency sums the integration-specific limits, leaving out
// integration except (0 leaves out none).
func allocatedConcurrency(ctx context.Context, q querier, except int64) (int, error) {
	var sum int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(concurrency_limit), 0) FROM acct_integration WHERE id != ?`, except).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("store: sum concurrency allocations: %w", err)
	}
	return sum, nil
}
