package store

import (
	"context"
	"crypto/rsa"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

// DefaultAccountID is the account id of a fresh store.
const DefaultAccountID = "TSTDRV1234567"

// Default names of the objects a fresh account has.
const (
	AdministratorRoleName = "Administrator"
	AdminEntityID         = "Ada Admin"
	AdminEmail            = "admin@example.com"
	DefaultCompanyName    = "Emulated Company"
)

// AdministratorRoleID is the internal id of the built-in Administrator role
// (NetSuite's own id for it). Custom roles get ids from 1001 up.
const AdministratorRoleID = 3

// schemaVersion is the account-model schema version kept in PRAGMA
// user_version.
const schemaVersion = 5

// Options configure [OpenWith].
type Options struct {
	// Now is the clock; nil means time.Now. Every stored time (creation,
	// permission changes, revocation, audit) comes from it.
	Now func() time.Time
	// AccountID is the realm of a newly created account (default
	// [DefaultAccountID]). It is ignored when the database already exists.
	AccountID string
	// AuditRetention caps the number of Login Audit Trail rows kept; older
	// rows are pruned. 0 means 100,000; negative means unlimited.
	AuditRetention int
	// MaxOpenConns caps the connection pool (default 8).
	MaxOpenConns int
	// Warn, if set, is told of what the store changed on its own: a state
	// file (or its -wal or -shm file) readable by others, tightened to
	// mode 0600.
	Warn func(msg string)
}

// Store is the emulator's account: account settings, features,
// integrations, roles, employees, access tokens and the Login Audit Trail,
// plus the demo tables of [Store.GenerateDemo]. It is safe for concurrent use
// by many goroutines.
type Store struct {
	db   *sql.DB
	keep *sql.Conn // pins a shared-cache in-memory database
	now  func() time.Time
	path string

	writeMu sync.Mutex // serialises this process's account-model writes

	lookupStmt *sql.Stmt
	auditStmt  *sql.Stmt

	auditRetention int
	auditInserts   atomic.Int64

	cache   cache
	changes changeWatch // writes by other processes (changes.go)

	signingKey atomic.Pointer[rsa.PrivateKey] // OAuth 2.0 token signing (oauth2.go)
	release    atomic.Pointer[string]         // NetSuite release emulated (oauth2.go, SetRelease)

	closeOnce sync.Once
	closeErr  error
}

var memSeq atomic.Int64

// Open opens (creating if needed) the store at path with default [Options].
// An empty path (or ":memory:") opens a private in-memory store.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith opens (creating if needed) the store at path. An empty path opens
// a private in-memory database (a uniquely named shared-cache database kept
// alive by a pinned connection, so every pooled connection sees the same
// data). A file is opened in WAL mode with a busy timeout and foreign keys
// on; it is created with mode 0600, as are the -wal and -shm files SQLite
// keeps beside it, and an existing one readable by others is tightened to
// 0600 (see [Options.Warn]), since it holds token secrets. Errors about the
// file name it. The account-model schema is created or migrated
// idempotently and its version kept in PRAGMA user_version; a fresh account
// is seeded with the built-in Administrator role and administrator employee.
func OpenWith(path string, opts Options) (*Store, error) {
	if path == ":memory:" {
		path = ""
	}
	s := &Store{now: opts.Now, path: path}
	if s.now == nil {
		s.now = time.Now
	}
	switch {
	case opts.AuditRetention == 0:
		s.auditRetention = 100_000
	case opts.AuditRetention < 0:
		s.auditRetention = 0
	default:
		s.auditRetention = opts.AuditRetention
	}
	maxConns := opts.MaxOpenConns
	if maxConns <= 0 {
		maxConns = 8
	}

	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	var dsn string
	if path == "" {
		q.Set("mode", "memory")
		q.Set("cache", "shared")
		dsn = fmt.Sprintf("file:nsstore-%d-%s?%s", memSeq.Add(1), newCredential()[:12], q.Encode())
	} else {
		if err := prepareStateFile(path, opts.Warn); err != nil {
			return nil, err
		}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		dsn = "file:" + escapeURIPath(path) + "?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", describePath(path), err)
	}
	s.db = db
	db.SetMaxOpenConns(maxConns + 1)
	db.SetMaxIdleConns(maxConns + 1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)

	ctx := context.Background()
	if path == "" {
		if s.keep, err = db.Conn(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open in-memory database: %w", err)
		}
	}
	// Several processes may open a new state file at once (an emulator and
	// an admin command): switching it to WAL or migrating it can then meet
	// SQLITE_BUSY before the busy timeout applies, so retry a little.
	for attempt := 0; ; attempt++ {
		err = s.migrate(ctx, opts.AccountID)
		if err == nil {
			err = s.ensureDemoShape(ctx) // demo tables are not versioned (demo_more.go)
		}
		if err == nil || attempt == 20 || !isBusy(err) {
			break
		}
		time.Sleep(time.Duration(10+attempt*10) * time.Millisecond)
	}
	if err == nil && path != "" {
		err = tightenSidecars(path, opts.Warn)
	}
	if err != nil {
		s.Close()
		if path != "" {
			err = describeSQLiteError(path, err)
		}
		return nil, err
	}
	if s.lookupStmt, err = db.PrepareContext(ctx, lookupSQL); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: prepare lookup: %w", err)
	}
	if s.auditStmt, err = db.PrepareContext(ctx, auditInsertSQL); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: prepare audit: %w", err)
	}
	s.cache.init()
	if err := s.readChanges(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.changes.lastCheck.Store(time.Now().UnixNano())
	return s, nil
}

// isBusy reports SQLite's "database is locked" (SQLITE_BUSY).
func isBusy(err error) bool {
	m := err.Error()
	return strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked")
}

func describePath(path string) string {
	if path == "" {
		return "in-memory database"
	}
	return path
}

// escapeURIPath escapes the characters that would end or corrupt the path
// part of an SQLite URI filename.
func escapeURIPath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

// Close closes the database; an in-memory store's data is gone afterwards.
// The Store must not be used after Close; calling Close again is a no-op.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	var errs []error
	for _, st := range []*sql.Stmt{s.lookupStmt, s.auditStmt} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if s.keep != nil {
		errs = append(errs, s.keep.Close())
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	return errors.Join(errs...)
}

// DB returns the underlying database, for the SuiteQL layer that queries the
// demo tables (see [Store.GenerateDemo]). Account-model tables are prefixed
// acct_ and must not be exposed through SuiteQL.
func (s *Store) DB() *sql.DB { return s.db }

// Now returns the store clock's current time.
func (s *Store) Now() time.Time { return s.now() }

// Path returns the database file path ("" for in-memory).
func (s *Store) Path() string { return s.path }

// querier is satisfied by *sql.DB, *sql.Tx and *sql.Conn.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// update runs fn in a write transaction (BEGIN IMMEDIATE), counts the
// change for other processes (changes.go), commits, and then invalidates
// the lookup caches.
func (s *Store) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := bumpChangeTx(ctx, tx, false); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	s.cache.invalidate()
	// Take in the new counters at once (this Store's own custom record
	// changes must show in CustomRecordGeneration before update returns).
	if err := s.readChanges(ctx); err != nil {
		s.changes.lastCheck.Store(0) // read again on the next cached read
	}
	return nil
}

// Stored times are fixed-width UTC text with nanoseconds, so that text order
// is time order and SQLite's date functions understand them.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad stored time %q: %w", s, err)
	}
	return t, nil
}

func parseNullTime(ns sql.NullString) (*time.Time, error) {
	if !ns.Valid {
		return nil, nil
	}
	t, err := parseTime(ns.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (s *Store) nowText() string { return fmtTime(s.now()) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// resolve finds the internal id of an object of kind in table by internal
// id or by any of the unique text columns cols (declared COLLATE NOCASE, so
// names match case-insensitively). A numeric reference is tried as an
// internal id first.
func resolve(ctx context.Context, q querier, kind, table string, cols []string, ref string) (int64, error) {
	r := strings.TrimSpace(ref)
	if r == "" {
		return 0, newErr(ErrInvalid, "%s reference is empty", kind)
	}
	var id int64
	if n, err := strconv.ParseInt(r, 10, 64); err == nil {
		err := q.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE id = ?", n).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("store: resolve %s: %w", kind, err)
		}
	}
	for _, c := range cols {
		err := q.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE "+c+" = ?", r).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("store: resolve %s: %w", kind, err)
		}
	}
	return 0, newErr(ErrNotFound, "%s %q not found", kind, redactRef(r))
}

// queryRows runs query and returns scan's value for each row; errors say
// what was being read.
func queryRows[T any](ctx context.Context, q querier, what string, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// isUniqueViolation reports whether err is an SQLite UNIQUE constraint error.
func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
