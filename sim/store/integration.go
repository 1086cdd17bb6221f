package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// ParseIntegrationState parses "Enabled" or "Blocked" case-insensitively.
func ParseIntegrationState(s string) (vocab.IntegrationState, error) {
	st, err := vocab.ParseIntegrationState(s)
	if err != nil {
		return "", newErr(ErrInvalid, "%s", err)
	}
	return st, nil
}

// Integration is an integration record (Setup > Integration > Manage
// Integrations) as list/get calls return it: without the consumer key and
// secret, which only [Store.CreateIntegration] and [Store.ResetCredentials]
// return.
type Integration struct {
	ID    int64                  `json:"id"`
	Name  string                 `json:"name"`
	State vocab.IntegrationState `json:"state"`
	// TBA is the Token-Based Authentication checkbox.
	TBA bool `json:"tokenBasedAuthentication"`
	// ConcurrencyLimit is the integration-specific concurrency limit; 0
	// means none (the integration shares the unallocated pool).
	ConcurrencyLimit int `json:"concurrencyLimit,omitempty"`
	// ConsumerKeyPrefix is the first 8 characters of the consumer key, to
	// tell integrations apart; it is not a credential.
	ConsumerKeyPrefix string    `json:"consumerKeyPrefix"`
	Created           time.Time `json:"created"`
	Updated           time.Time `json:"updated"`
}

// IntegrationCredentials is what creating an integration or resetting its
// credentials shows once: the record plus consumer key and secret. The
// secret prints and marshals as [REDACTED]; hand it over with Reveal.
type IntegrationCredentials struct {
	Integration    Integration `json:"integration"`
	ConsumerKey    string      `json:"consumerKey"`
	ConsumerSecret Secret      `json:"consumerSecret"`
}

// IntegrationInput describes a new integration record.
type IntegrationInput struct {
	Name string
	// TBA is the Token-Based Authentication checkbox; nil means on.
	TBA *bool
	// State defaults to Enabled.
	State vocab.IntegrationState
	// ConcurrencyLimit is an optional integration-specific limit (0: none).
	ConcurrencyLimit int
	// ConsumerKey and ConsumerSecret fix the credentials (64 lowercase hex
	// each) for reproducible tests; empty means generate from crypto/rand.
	ConsumerKey    string
	ConsumerSecret string
}

const integrationCols = `id, name, state, tba, COALESCE(concurrency_limit, 0), consumer_key, created, updated`

func scanIntegration(sc interface{ Scan(...any) error }) (Integration, error) {
	var in Integration
	var state, key, created, updated string
	if err := sc.Scan(&in.ID, &in.Name, &state, &in.TBA, &in.ConcurrencyLimit, &key, &created, &updated); err != nil {
		return Integration{}, err
	}
	in.State = vocab.IntegrationState(state)
	in.ConsumerKeyPrefix = credentialPrefix(key)
	var err error
	if in.Created, err = parseTime(created); err != nil {
		return Integration{}, err
	}
	if in.Updated, err = parseTime(updated); err != nil {
		return Integration{}, err
	}
	return in, nil
}

func resolveIntegration(ctx context.Context, q querier, ref string) (int64, error) {
	return resolve(ctx, q, "integration", "acct_integration", []string{"name"}, ref)
}

// Integrations lists the integration records by internal id.
func (s *Store) Integrations(ctx context.Context) ([]Integration, error) {
	return queryRows(ctx, s.db, "list integrations", func(r *sql.Rows) (Integration, error) { return scanIntegration(r) },
		`SELECT `+integrationCols+` FROM acct_integration ORDER BY id`)
}

// Integration returns one integration record by internal id or name.
func (s *Store) Integration(ctx context.Context, ref string) (Integration, error) {
	return getIntegration(ctx, s.db, ref)
}

func getIntegration(ctx context.Context, q querier, ref string) (Integration, error) {
	id, err := resolveIntegration(ctx, q, ref)
	if err != nil {
		return Integration{}, err
	}
	return integrationByID(ctx, q, id)
}

func integrationByID(ctx context.Context, q querier, id int64) (Integration, error) {
	in, err := scanIntegration(q.QueryRowContext(ctx, `SELECT `+integrationCols+` FROM acct_integration WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Integration{}, newErr(ErrNotFound, "integration %d not found", id)
	}
	if err != nil {
		return Integration{}, fmt.Errorf("store: read integration: %w", err)
	}
	return in, nil
}

// CreateIntegration creates an integration record (the guide's step 1) and
// returns it with its consumer key and secret, which are shown only here and
// by [Store.ResetCredentials].
func (s *Store) CreateIntegration(ctx context.Context, in IntegrationInput) (IntegrationCredentials, error) {
	var out IntegrationCredentials
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.createIntegrationTx(ctx, tx, in)
		return err
	})
	return out, err
}

func (s *Store) createIntegrationTx(ctx context.Context, tx *sql.Tx, in IntegrationInput) (IntegrationCredentials, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return IntegrationCredentials{}, newErr(ErrInvalid, "integration name is empty")
	}
	state := vocab.StateEnabled
	if in.State != "" {
		var err error
		if state, err = ParseIntegrationState(string(in.State)); err != nil {
			return IntegrationCredentials{}, err
		}
	}
	tba := in.TBA == nil || *in.TBA
	if tba && s.tbaCreationClosed() {
		return IntegrationCredentials{}, tbaClosedErr()
	}
	key, secret := in.ConsumerKey, in.ConsumerSecret
	if key == "" {
		key = newCredential()
	} else if !validCredential(key) {
		return IntegrationCredentials{}, newErr(ErrInvalid, "consumer key must be 64 lowercase hex characters")
	}
	if secret == "" {
		secret = newCredential()
	} else if !validCredential(secret) {
		return IntegrationCredentials{}, newErr(ErrInvalid, "consumer secret must be 64 lowercase hex characters")
	}
	if err := checkAllocation(ctx, tx, 0, in.ConcurrencyLimit); err != nil {
		return IntegrationCredentials{}, err
	}
	id, err := nextID(ctx, tx, "acct_integration")
	if err != nil {
		return IntegrationCredentials{}, err
	}
	now := s.nowText()
	_, err = tx.ExecContext(ctx,
		`INSERT INTO acct_integration (id, name, consumer_key, consumer_secret, tba, state, concurrency_limit, created, updated)
		 VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)`,
		id, name, key, secret, boolInt(tba), string(state), in.ConcurrencyLimit, now, now)
	if isUniqueViolation(err) {
		if strings.Contains(err.Error(), "consumer_key") {
			return IntegrationCredentials{}, newErr(ErrDuplicate, "another integration already uses that consumer key")
		}
		return IntegrationCredentials{}, newErr(ErrDuplicate, "an integration named %q already exists", name)
	}
	if err != nil {
		return IntegrationCredentials{}, fmt.Errorf("store: create integration: %w", err)
	}
	rec, err := integrationByID(ctx, tx, id)
	if err != nil {
		return IntegrationCredentials{}, err
	}
	return IntegrationCredentials{Integration: rec, ConsumerKey: key, ConsumerSecret: NewSecret(secret)}, nil
}

// checkAllocation validates giving integration id (0 for a new one) the
// integration-specific limit (0: none): the allocations of all integrations
// must leave at least 1 of the account limit unallocated.
func checkAllocation(ctx context.Context, q querier, id int64, limit int) error {
	if limit < 0 {
		return newErr(ErrInvalid, "concurrency limit must not be negative (got %d)", limit)
	}
	if limit == 0 {
		return nil
	}
	a, err := readAccount(ctx, q)
	if err != nil {
		return err
	}
	others, err := allocatedConcurrency(ctx, q, id)
	if err != nil {
		return err
	}
	accountLimit := a.ConcurrencyLimit()
	if others+limit > accountLimit-1 {
		return newErr(ErrConcurrencyAllocation,
			"concurrency limit %d is too high: the account limit is %d, other integrations have %d allocated, and at least 1 must stay unallocated (at most %d available)",
			limit, accountLimit, others, max(accountLimit-1-others, 0))
	}
	return nil
}

// IntegrationUpdate names the fields to change; nil fields are kept.
type IntegrationUpdate struct {
	Name  *string
	State *vocab.IntegrationState
	TBA   *bool
	// ConcurrencyLimit sets the integration-specific limit; 0 removes it.
	ConcurrencyLimit *int
}

// UpdateIntegration edits an integration record found by internal id or
// name.
func (s *Store) UpdateIntegration(ctx context.Context, ref string, u IntegrationUpdate) (Integration, error) {
	var out Integration
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.updateIntegrationTx(ctx, tx, ref, u)
		return err
	})
	return out, err
}

func (s *Store) updateIntegrationTx(ctx context.Context, tx *sql.Tx, ref string, u IntegrationUpdate) (Integration, error) {
	cur, err := getIntegration(ctx, tx, ref)
	if err != nil {
		return Integration{}, err
	}
	if u.Name != nil {
		n := strings.TrimSpace(*u.Name)
		if n == "" {
			return Integration{}, newErr(ErrInvalid, "integration name is empty")
		}
		cur.Name = n
	}
	if u.State != nil {
		if cur.State, err = ParseIntegrationState(string(*u.State)); err != nil {
			return Integration{}, err
		}
	}
	if u.TBA != nil {
		if *u.TBA && !cur.TBA && s.tbaCreationClosed() {
			return Integration{}, tbaClosedErr()
		}
		cur.TBA = *u.TBA
	}
	if u.ConcurrencyLimit != nil {
		if err := checkAllocation(ctx, tx, cur.ID, *u.ConcurrencyLimit); err != nil {
			return Integration{}, err
		}
		cur.ConcurrencyLimit = *u.ConcurrencyLimit
	}
	_, err = tx.ExecContext(ctx,
		`UPDATE acct_integration SET name = ?, state = ?, tba = ?, concurrency_limit = NULLIF(?, 0), updated = ? WHERE id = ?`,
		cur.Name, string(cur.State), boolInt(cur.TBA), cur.ConcurrencyLimit, s.nowText(), cur.ID)
	if isUniqueViolation(err) {
		return Integration{}, newErr(ErrDuplicate, "an integration named %q already exists", cur.Name)
	}
	if err != nil {
		return Integration{}, fmt.Errorf("store: update integration: %w", err)
	}
	return integrationByID(ctx, tx, cur.ID)
}

// SetIntegrationState sets an integration's State (Enabled or Blocked).
func (s *Store) SetIntegrationState(ctx context.Context, ref string, state vocab.IntegrationState) (Integration, error) {
	return s.UpdateIntegration(ctx, ref, IntegrationUpdate{State: &state})
}

// SetIntegrationConcurrency sets an integration's specific concurrency
// limit; 0 removes it. See [ErrConcurrencyAllocation].
func (s *Store) SetIntegrationConcurrency(ctx context.Context, ref string, limit int) (Integration, error) {
	return s.UpdateIntegration(ctx, ref, IntegrationUpdate{ConcurrencyLimit: &limit})
}

// ResetCredentials replaces an integration's consumer key and secret with
// new random ones ("Reset Credentials" on the record) and returns them.
// Existing access tokens stay valid with the new consumer key.
func (s *Store) ResetCredentials(ctx context.Context, ref string) (IntegrationCredentials, error) {
	var out IntegrationCredentials
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.setCredentialsTx(ctx, tx, ref, newCredential(), newCredential())
		return err
	})
	return out, err
}

func (s *Store) setCredentialsTx(ctx context.Context, tx *sql.Tx, ref, key, secret string) (IntegrationCredentials, error) {
	id, err := resolveIntegration(ctx, tx, ref)
	if err != nil {
		return IntegrationCredentials{}, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE acct_integration SET consumer_key = ?, consumer_secret = ?, updated = ? WHERE id = ?`,
		key, secret, s.nowText(), id)
	if isUniqueViolation(err) {
		return IntegrationCredentials{}, newErr(ErrDuplicate, "another integration already uses that consumer key")
	}
	if err != nil {
		return IntegrationCredentials{}, fmt.Errorf("store: reset credentials: %w", err)
	}
	rec, err := integrationByID(ctx, tx, id)
	if err != nil {
		return IntegrationCredentials{}, err
	}
	return IntegrationCredentials{Integration: rec, ConsumerKey: key, ConsumerSecret: NewSecret(secret)}, nil
}
