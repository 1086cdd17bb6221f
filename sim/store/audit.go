package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// LoginEntry is one Login Audit Trail row.
type LoginEntry struct {
	ID   int64     `json:"id"`
	Time time.Time `json:"time"`
	// User is the employee's email ("" when unknown).
	User string `json:"user"`
	Role string `json:"role"`
	// Integration is the Token-based Application Name.
	Integration string `json:"integration"`
	// TokenName is the Token-based Access Token Name.
	TokenName string        `json:"tokenName"`
	Surface   vocab.Surface `json:"surface"`
	IP        string        `json:"ip"`
	// Status is "Success" or "Failure".
	Status string `json:"status"`
	Detail string `json:"detail"`
}

// AuditFilter selects Login Audit Trail rows; zero fields match all.
type AuditFilter struct {
	// Since keeps rows at or after this time.
	Since time.Time
	// Status keeps rows with this status ("Success" or "Failure",
	// case-insensitive).
	Status string
	// User keeps rows of this email (case-insensitive).
	User string
	// Integration keeps rows of this application name (case-insensitive).
	Integration string
	// Limit caps the number of rows (0: no cap).
	Limit int
}

const auditInsertSQL = `INSERT INTO acct_login_audit (time, email, role, integration, token_name, surface, ip, status, detail)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

func normalizeStatus(s string) (string, error) {
	switch {
	case strings.EqualFold(s, vocab.StatusSuccess):
		return vocab.StatusSuccess, nil
	case strings.EqualFold(s, vocab.StatusFailure):
		return vocab.StatusFailure, nil
	}
	return "", newErr(ErrInvalid, "unknown login status %q (want Success or Failure)", s)
}

// RecordLogin appends a row to the Login Audit Trail. A zero Time means
// now. Old rows beyond [Options.AuditRetention] are pruned. Recording does
// not invalidate the lookup cache.
func (s *Store) RecordLogin(ctx context.Context, e LoginEntry) error {
	status, err := normalizeStatus(e.Status)
	if err != nil {
		return err
	}
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.auditStmt.ExecContext(ctx, fmtTime(e.Time), e.User, e.Role, e.Integration, e.TokenName,
		string(e.Surface), e.IP, status, e.Detail); err != nil {
		return fmt.Errorf("store: record login: %w", err)
	}
	if s.auditRetention > 0 && s.auditInserts.Add(1)%1000 == 0 {
		if _, err := s.db.ExecContext(ctx,
			`DELETE FROM acct_login_audit WHERE id <= (SELECT MAX(id) FROM acct_login_audit) - ?`, s.auditRetention); err != nil {
			return fmt.Errorf("store: prune login audit trail: %w", err)
		}
	}
	return nil
}

// Audit returns Login Audit Trail rows matching f, newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]LoginEntry, error) {
	var where []string
	var args []any
	if !f.Since.IsZero() {
		where = append(where, "time >= ?")
		args = append(args, fmtTime(f.Since))
	}
	if f.Status != "" {
		st, err := normalizeStatus(f.Status)
		if err != nil {
			return nil, err
		}
		where = append(where, "status = ?")
		args = append(args, st)
	}
	if f.User != "" {
		where = append(where, "email = ? COLLATE NOCASE")
		args = append(args, f.User)
	}
	if f.Integration != "" {
		where = append(where, "integration = ? COLLATE NOCASE")
		args = append(args, f.Integration)
	}
	if f.Limit < 0 {
		return nil, newErr(ErrInvalid, "audit limit must not be negative (got %d)", f.Limit)
	}
	q := `SELECT id, time, email, role, integration, token_name, surface, ip, status, detail FROM acct_login_audit`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY time DESC, id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return queryRows(ctx, s.db, "read login audit trail", func(rows *sql.Rows) (LoginEntry, error) {
		var e LoginEntry
		var t, surface string
		err := rows.Scan(&e.ID, &t, &e.User, &e.Role, &e.Integration, &e.TokenName, &surface, &e.IP, &e.Status, &e.Detail)
		if err != nil {
			return e, err
		}
		e.Surface = vocab.Surface(surface)
		e.Time, err = parseTime(t)
		return e, err
	}, q, args...)
}

// ParseSurface parses "SOAP", "REST" or "RESTLET" (also "RESTlet")
// case-insensitively.
func ParseSurface(s string) (vocab.Surface, error) {
	for _, v := range []vocab.Surface{vocab.SurfaceSOAP, vocab.SurfaceREST, vocab.SurfaceRESTlet} {
		if strings.EqualFold(strings.TrimSpace(s), string(v)) {
			return v, nil
		}
	}
	return "", newErr(ErrInvalid, "unknown surface %q (want SOAP, REST or RESTLET)", s)
}
