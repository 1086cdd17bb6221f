package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-netsuite/netsuite/vocab"
)

// Account-model schema, version 2. All tables are prefixed acct_ so that
// they never collide with the SuiteQL-shaped demo tables. Times are
// fixed-width ISO-8601 UTC text (see timeLayout); booleans are 0/1.
//
//	acct_account                 one row: realm, company, service tier, SuiteCloud Plus licences
//	acct_feature                 key → enabled (tba, soap, rest, suiteql, suitescript)
//	acct_integration             integration records with consumer key/secret, TBA flag, state, concurrency limit
//	acct_role                    roles (Administrator is built in, id 3)
//	acct_role_permission_change  every permission change with its time; the current and the
//	                             as-of permission sets are folds of this history
//	acct_employee                employees (entity id, email, give access)
//	acct_employee_role           employee ↔ role
//	acct_token                   access tokens with token id/secret, integration, employee, role, revoked time
//	acct_login_audit             Login Audit Trail
//
// Version 2 adds:
//
//	acct_custom_record_type      custom record type definitions (JSON); each type's records are in
//	                             a table named by its script id (see customrecord.go)
//
// Version 3 adds:
//
//	acct_change                  one row counting write transactions, so that every process on a
//	                             state file sees the others' writes (see changes.go)
//
// Version 4 adds:
//
//	acct_sequence                the next internal id of each id space, so that a deleted
//	                             record's id is never given out again (see sequence.go);
//	                             migrating initialises it from the ids in use
//
// Version 5 adds OAuth 2.0 (oauth2.go):
//
//	acct_oauth2_client           an integration record's OAuth 2.0 settings (grants, public client,
//	                             redirect URIs, scopes, refresh token validity)
//	acct_oauth2_certificate      certificates mapped for the client credentials grant
//	                             (integration + entity + role), id = the JWT kid
//	acct_oauth2_refresh          refresh tokens of the authorization code grant (by jti)
//	acct_oauth2_signing          the emulator's own token-signing key
var migrations = []string{
	1: `
CREATE TABLE acct_account (
	singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
	account_id      TEXT NOT NULL,
	company_name    TEXT NOT NULL,
	service_tier    TEXT NOT NULL,
	suitecloud_plus INTEGER NOT NULL DEFAULT 0 CHECK (suitecloud_plus >= 0),
	created         TEXT NOT NULL
);
CREATE TABLE acct_feature (
	key     TEXT PRIMARY KEY,
	enabled INTEGER NOT NULL,
	changed TEXT NOT NULL
);
CREATE TABLE acct_integration (
	id                INTEGER PRIMARY KEY,
	name              TEXT NOT NULL COLLATE NOCASE UNIQUE,
	consumer_key      TEXT NOT NULL UNIQUE,
	consumer_secret   TEXT NOT NULL,
	tba               INTEGER NOT NULL,
	state             TEXT NOT NULL CHECK (state IN ('Enabled', 'Blocked')),
	concurrency_limit INTEGER CHECK (concurrency_limit IS NULL OR concurrency_limit >= 1),
	created           TEXT NOT NULL,
	updated           TEXT NOT NULL
);
CREATE TABLE acct_role (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL COLLATE NOCASE UNIQUE,
	builtin INTEGER NOT NULL DEFAULT 0,
	created TEXT NOT NULL
);
CREATE TABLE acct_role_permission_change (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	role_id    INTEGER NOT NULL REFERENCES acct_role(id) ON DELETE CASCADE,
	permission TEXT NOT NULL,
	level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
	changed    TEXT NOT NULL
);
CREATE INDEX acct_role_permission_change_role ON acct_role_permission_change(role_id, seq);
CREATE TABLE acct_employee (
	id          INTEGER PRIMARY KEY,
	entity_id   TEXT NOT NULL COLLATE NOCASE UNIQUE,
	email       TEXT NOT NULL COLLATE NOCASE UNIQUE,
	give_access INTEGER NOT NULL,
	created     TEXT NOT NULL
);
CREATE TABLE acct_employee_role (
	employee_id INTEGER NOT NULL REFERENCES acct_employee(id) ON DELETE CASCADE,
	role_id     INTEGER NOT NULL REFERENCES acct_role(id) ON DELETE CASCADE,
	added       TEXT NOT NULL,
	PRIMARY KEY (employee_id, role_id)
) WITHOUT ROWID;
CREATE TABLE acct_token (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL COLLATE NOCASE UNIQUE,
	token_id       TEXT NOT NULL UNIQUE,
	token_secret   TEXT NOT NULL,
	integration_id INTEGER NOT NULL REFERENCES acct_integration(id),
	employee_id    INTEGER NOT NULL REFERENCES acct_employee(id),
	role_id        INTEGER NOT NULL REFERENCES acct_role(id),
	created        TEXT NOT NULL,
	revoked        TEXT
);
CREATE INDEX acct_token_integration ON acct_token(integration_id);
CREATE INDEX acct_token_employee ON acct_token(employee_id);
CREATE TABLE acct_login_audit (
	id          INTEGER PRIMARY KEY,
	time        TEXT NOT NULL,
	email       TEXT NOT NULL DEFAULT '',
	role        TEXT NOT NULL DEFAULT '',
	integration TEXT NOT NULL DEFAULT '',
	token_name  TEXT NOT NULL DEFAULT '',
	surface     TEXT NOT NULL DEFAULT '',
	ip          TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL CHECK (status IN ('Success', 'Failure')),
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX acct_login_audit_time ON acct_login_audit(time, id);
`,
	2: `
CREATE TABLE acct_custom_record_type (
	script_id   TEXT PRIMARY KEY,
	definition  TEXT NOT NULL,  -- JSON of CustomRecordType
	created     TEXT NOT NULL,
	changed     TEXT NOT NULL
);
`,
	3: `
CREATE TABLE acct_change (
	singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
	gen         INTEGER NOT NULL,  -- account-model write transactions (changes.go)
	custom_gen  INTEGER NOT NULL   -- of which changed custom record types
);
INSERT INTO acct_change (singleton, gen, custom_gen) VALUES (1, 0, 0);
`,
	4: `
CREATE TABLE acct_sequence (
	name TEXT PRIMARY KEY,      -- a table, "entity", or "transactionline.id/<transaction id>"
	next INTEGER NOT NULL       -- the next id to give out
) WITHOUT ROWID;
`,
	5: `
CREATE TABLE IF NOT EXISTS acct_oauth2_client (
	integration_id     INTEGER PRIMARY KEY REFERENCES acct_integration(id) ON DELETE CASCADE,
	client_credentials INTEGER NOT NULL DEFAULT 0,
	code_grant         INTEGER NOT NULL DEFAULT 0,
	public_client      INTEGER NOT NULL DEFAULT 0,
	redirect_uris      TEXT NOT NULL DEFAULT '',  -- space-separated
	scopes             TEXT NOT NULL DEFAULT '',  -- comma-separated
	refresh_hours      INTEGER NOT NULL DEFAULT 0 -- 0: the default (168, public clients 3)
);
CREATE TABLE IF NOT EXISTS acct_oauth2_certificate (
	id             TEXT PRIMARY KEY,
	integration_id INTEGER NOT NULL REFERENCES acct_integration(id) ON DELETE CASCADE,
	employee_id    INTEGER NOT NULL REFERENCES acct_employee(id),
	role_id        INTEGER NOT NULL REFERENCES acct_role(id),
	certificate    TEXT NOT NULL,  -- PEM
	key_type       TEXT NOT NULL,
	key_bits       INTEGER NOT NULL,
	valid_from     TEXT NOT NULL,
	valid_until    TEXT NOT NULL,
	created        TEXT NOT NULL,
	revoked        TEXT
);
CREATE INDEX IF NOT EXISTS acct_oauth2_certificate_integration ON acct_oauth2_certificate(integration_id);
CREATE TABLE IF NOT EXISTS acct_oauth2_refresh (
	jti            TEXT PRIMARY KEY,
	integration_id INTEGER NOT NULL REFERENCES acct_integration(id) ON DELETE CASCADE,
	employee_id    INTEGER NOT NULL,
	role_id        INTEGER NOT NULL,
	scopes         TEXT NOT NULL,
	chain_start    TEXT NOT NULL,
	issued         TEXT NOT NULL,
	expires        TEXT NOT NULL,
	used           TEXT,
	revoked        TEXT
);
CREATE TABLE IF NOT EXISTS acct_oauth2_signing (
	singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
	private_key TEXT NOT NULL  -- PKCS#8 PEM
);
`,
}

// migrate brings the schema to schemaVersion inside one write transaction,
// so that concurrent openers of the same file do not both migrate, and
// seeds a fresh account.
func (s *Store) migrate(ctx context.Context, accountID string) error {
	if accountID == "" {
		accountID = DefaultAccountID
	}
	id, err := NormalizeAccountID(accountID)
	if err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin migration: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if v > schemaVersion {
		return newErr(ErrSchemaTooNew, "store: database schema version %d is newer than this build supports (%d)", v, schemaVersion)
	}
	if v == schemaVersion {
		return nil
	}
	for n := v + 1; n <= schemaVersion; n++ {
		if _, err := tx.ExecContext(ctx, migrations[n]); err != nil {
			return fmt.Errorf("store: migrate to schema %d: %w", n, err)
		}
		if n == 1 {
			if err := s.seed(ctx, tx, id); err != nil {
				return err
			}
		}
		if n == 4 {
			if err := initSequences(ctx, tx); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return fmt.Errorf("store: set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit migration: %w", err)
	}
	return nil
}

// seed creates the fresh account: default settings and features, the
// Administrator role and the administrator employee holding it.
func (s *Store) seed(ctx context.Context, tx *sql.Tx, accountID string) error {
	now := s.nowText()
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO acct_account (singleton, account_id, company_name, service_tier, suitecloud_plus, created)
		 VALUES (1, ?, ?, ?, 0, ?)`, accountID, DefaultCompanyName, string(vocab.TierStandard), now); err != nil {
		return fmt.Errorf("store: seed account: %w", err)
	}
	for _, f := range vocab.Features() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO acct_feature (key, enabled, changed) VALUES (?, ?, ?)`,
			string(f), boolInt(f.DefaultOn()), now); err != nil {
			return fmt.Errorf("store: seed features: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO acct_role (id, name, builtin, created) VALUES (?, ?, 1, ?)`,
		AdministratorRoleID, AdministratorRoleName, now); err != nil {
		return fmt.Errorf("store: seed administrator role: %w", err)
	}
	admin := administratorPermissions()
	for _, p := range admin.Names() {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO acct_role_permission_change (role_id, permission, level, changed) VALUES (?, ?, ?, ?)`,
			AdministratorRoleID, p, int(admin[p]), now); err != nil {
			return fmt.Errorf("store: seed administrator permissions: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO acct_employee (id, entity_id, email, give_access, created) VALUES (1, ?, ?, 1, ?)`,
		AdminEntityID, AdminEmail, now); err != nil {
		return fmt.Errorf("store: seed administrator employee: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO acct_employee_role (employee_id, role_id, added) VALUES (1, ?, ?)`,
		AdministratorRoleID, now); err != nil {
		return fmt.Errorf("store: seed administrator employee role: %w", err)
	}
	return nil
}
