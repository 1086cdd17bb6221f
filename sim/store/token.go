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

// AccessToken is an access token (Setup > Users/Roles > Access Tokens) as
// list/get calls return it: without the token id and secret, which only
// [Store.CreateToken] returns.
type AccessToken struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// TokenIDPrefix is the first 8 characters of the token id, to tell
	// tokens apart; it is not a credential.
	TokenIDPrefix    string     `json:"tokenIdPrefix"`
	IntegrationID    int64      `json:"integrationId"`
	IntegrationName  string     `json:"integrationName"`
	EmployeeID       int64      `json:"employeeId"`
	EmployeeEntityID string     `json:"employeeEntityId"`
	EmployeeEmail    string     `json:"employeeEmail"`
	RoleID           int64      `json:"roleId"`
	RoleName         string     `json:"roleName"`
	Created          time.Time  `json:"created"`
	Revoked          *time.Time `json:"revoked,omitempty"`
}

// IsRevoked reports whether the token has been revoked.
func (t AccessToken) IsRevoked() bool { return t.Revoked != nil }

// TokenCredentials is what creating a token shows once: the token record
// plus token id and secret. The secret prints and marshals as [REDACTED];
// hand it over with Reveal.
type TokenCredentials struct {
	Token       AccessToken `json:"token"`
	TokenID     string      `json:"tokenId"`
	TokenSecret Secret      `json:"tokenSecret"`
}

// TokenInput describes a new access token. Integration, Employee and Role
// are references (internal id or name; employee also by email).
type TokenInput struct {
	Integration string
	Employee    string
	Role        string
	// Name defaults to "<integration> - <employee> - <role>" (with " (2)",
	// " (3)", ... appended when that name is taken).
	Name string
	// TokenID and TokenSecret fix the credentials (64 lowercase hex each)
	// for reproducible tests; empty means generate from crypto/rand.
	TokenID     string
	TokenSecret string
}

// TokenFilter selects tokens for [Store.Tokens]; zero fields match all.
type TokenFilter struct {
	Integration string // reference
	Employee    string // reference
	ActiveOnly  bool   // leave out revoked tokens
}

const tokenSelect = `SELECT t.id, t.name, t.token_id, t.integration_id, i.name, t.employee_id, e.entity_id, e.email,
	t.role_id, r.name, t.created, t.revoked
	FROM acct_token t
	JOIN acct_integration i ON i.id = t.integration_id
	JOIN acct_employee e ON e.id = t.employee_id
	JOIN acct_role r ON r.id = t.role_id`

func scanToken(sc interface{ Scan(...any) error }) (AccessToken, error) {
	var t AccessToken
	var tokenID, created string
	var revoked sql.NullString
	if err := sc.Scan(&t.ID, &t.Name, &tokenID, &t.IntegrationID, &t.IntegrationName, &t.EmployeeID,
		&t.EmployeeEntityID, &t.EmployeeEmail, &t.RoleID, &t.RoleName, &created, &revoked); err != nil {
		return AccessToken{}, err
	}
	t.TokenIDPrefix = credentialPrefix(tokenID)
	var err error
	if t.Created, err = parseTime(created); err != nil {
		return AccessToken{}, err
	}
	if t.Revoked, err = parseNullTime(revoked); err != nil {
		return AccessToken{}, err
	}
	return t, nil
}

func resolveToken(ctx context.Context, q querier, ref string) (int64, error) {
	return resolve(ctx, q, "access token", "acct_token", []string{"name", "token_id"}, ref)
}

// Tokens lists access tokens by internal id.
func (s *Store) Tokens(ctx context.Context, f TokenFilter) ([]AccessToken, error) {
	var iid, eid int64
	var err error
	if f.Integration != "" {
		if iid, err = resolveIntegration(ctx, s.db, f.Integration); err != nil {
			return nil, err
		}
	}
	if f.Employee != "" {
		if eid, err = resolveEmployee(ctx, s.db, f.Employee); err != nil {
			return nil, err
		}
	}
	return queryRows(ctx, s.db, "list tokens", func(r *sql.Rows) (AccessToken, error) { return scanToken(r) }, tokenSelect+`
		WHERE (?1 = 0 OR t.integration_id = ?1) AND (?2 = 0 OR t.employee_id = ?2) AND (?3 = 0 OR t.revoked IS NULL)
		ORDER BY t.id`, iid, eid, boolInt(f.ActiveOnly))
}

// Token returns one access token by internal id, name or token id.
func (s *Store) Token(ctx context.Context, ref string) (AccessToken, error) {
	return getToken(ctx, s.db, ref)
}

func getToken(ctx context.Context, q querier, ref string) (AccessToken, error) {
	id, err := resolveToken(ctx, q, ref)
	if err != nil {
		return AccessToken{}, err
	}
	t, err := scanToken(q.QueryRowContext(ctx, tokenSelect+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return AccessToken{}, newErr(ErrNotFound, "access token %d not found", id)
	}
	if err != nil {
		return AccessToken{}, fmt.Errorf("store: read token: %w", err)
	}
	return t, nil
}

// CreateToken creates an access token for employee with role in
// integration (the guide's step 5); see [Store.CreateTokenWith].
func (s *Store) CreateToken(ctx context.Context, integration, employee, role string) (TokenCredentials, error) {
	return s.CreateTokenWith(ctx, TokenInput{Integration: integration, Employee: employee, Role: role})
}

// CreateTokenWith creates an access token and returns it with its token id
// and secret, which are shown only here. Like NetSuite it refuses when a
// guide step was skipped, checking in this order:
//   - the Token-Based Authentication feature is off ([ErrFeatureDisabled]);
//   - the integration is missing ([ErrNotFound]), Blocked
//     ([ErrIntegrationBlocked]) or has TBA unticked ([ErrIntegrationTBADisabled]);
//   - the employee is missing or lacks Give Access ([ErrEmployeeNoAccess]);
//   - the role is missing or not assigned to the employee ([ErrRoleNotAssigned]);
//   - the role has neither "User Access Token" nor "Access Token
//     Management": [ErrLoginDisabled] with the message "Login access has been
//     disabled for this role."
func (s *Store) CreateTokenWith(ctx context.Context, in TokenInput) (TokenCredentials, error) {
	var out TokenCredentials
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.createTokenTx(ctx, tx, in)
		return err
	})
	return out, err
}

func (s *Store) createTokenTx(ctx context.Context, tx *sql.Tx, in TokenInput) (TokenCredentials, error) {
	var tba bool
	if err := tx.QueryRowContext(ctx, `SELECT enabled FROM acct_feature WHERE key = ?`, string(vocab.FeatureTBA)).Scan(&tba); err != nil {
		return TokenCredentials{}, fmt.Errorf("store: read feature: %w", err)
	}
	if !tba {
		return TokenCredentials{}, newErr(ErrFeatureDisabled,
			"the Token-Based Authentication feature is not enabled (Setup > Company > Enable Features > SuiteCloud > Manage Authentication)")
	}
	integ, err := getIntegration(ctx, tx, in.Integration)
	if err != nil {
		return TokenCredentials{}, err
	}
	if integ.State != vocab.StateEnabled {
		return TokenCredentials{}, newErr(ErrIntegrationBlocked, "the integration %q is blocked; set its State to Enabled", integ.Name)
	}
	if !integ.TBA {
		return TokenCredentials{}, newErr(ErrIntegrationTBADisabled,
			"the integration %q does not have Token-Based Authentication enabled", integ.Name)
	}
	emp, err := getEmployee(ctx, tx, in.Employee)
	if err != nil {
		return TokenCredentials{}, err
	}
	if !emp.GiveAccess {
		return TokenCredentials{}, newErr(ErrEmployeeNoAccess, "the employee %s does not have access (Give Access is not checked)", emp.EntityID)
	}
	role, err := getRole(ctx, tx, in.Role)
	if err != nil {
		return TokenCredentials{}, err
	}
	if !emp.HasRole(role.ID) {
		return TokenCredentials{}, newErr(ErrRoleNotAssigned, "the employee %s does not have the %s role", emp.EntityID, role.Name)
	}
	if !role.Permissions.Has(vocab.PermUserAccessToken, vocab.LevelView) && !role.Permissions.Has(vocab.PermAccessTokenManagement, vocab.LevelView) {
		return TokenCredentials{}, &Error{Code: ErrLoginDisabled, Message: LoginDisabledMessage}
	}

	tokenID, secret := in.TokenID, in.TokenSecret
	if tokenID == "" {
		tokenID = newCredential()
	} else if !validCredential(tokenID) {
		return TokenCredentials{}, newErr(ErrInvalid, "token id must be 64 lowercase hex characters")
	}
	if secret == "" {
		secret = newCredential()
	} else if !validCredential(secret) {
		return TokenCredentials{}, newErr(ErrInvalid, "token secret must be 64 lowercase hex characters")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		if name, err = freeTokenName(ctx, tx, integ.Name+" - "+emp.EntityID+" - "+role.Name); err != nil {
			return TokenCredentials{}, err
		}
	}
	id, err := nextID(ctx, tx, "acct_token")
	if err != nil {
		return TokenCredentials{}, err
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO acct_token (id, name, token_id, token_secret, integration_id, employee_id, role_id, created)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, name, tokenID, secret, integ.ID, emp.ID, role.ID, s.nowText())
	if isUniqueViolation(err) {
		if strings.Contains(err.Error(), "token_id") {
			return TokenCredentials{}, newErr(ErrDuplicate, "another access token already uses that token id")
		}
		return TokenCredentials{}, newErr(ErrDuplicate, "an access token named %q already exists", name)
	}
	if err != nil {
		return TokenCredentials{}, fmt.Errorf("store: create token: %w", err)
	}
	t, err := getToken(ctx, tx, fmt.Sprint(id))
	if err != nil {
		return TokenCredentials{}, err
	}
	return TokenCredentials{Token: t, TokenID: tokenID, TokenSecret: NewSecret(secret)}, nil
}

// freeTokenName returns base, or base with " (n)" appended, whichever is
// the first not taken.
func freeTokenName(ctx context.Context, q querier, base string) (string, error) {
	name := base
	for n := 2; ; n++ {
		var c int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM acct_token WHERE name = ?`, name).Scan(&c); err != nil {
			return "", fmt.Errorf("store: token name: %w", err)
		}
		if c == 0 {
			return name, nil
		}
		name = fmt.Sprintf("%s (%d)", base, n)
	}
}

// RevokeToken revokes an access token given by internal id, name or token
// id. Revoking a revoked token keeps its first revocation time.
func (s *Store) RevokeToken(ctx context.Context, ref string) (AccessToken, error) {
	var out AccessToken
	err := s.update(ctx, func(tx *sql.Tx) error {
		id, err := resolveToken(ctx, tx, ref)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE acct_token SET revoked = ? WHERE id = ? AND revoked IS NULL`, s.nowText(), id); err != nil {
			return fmt.Errorf("store: revoke token: %w", err)
		}
		out, err = getToken(ctx, tx, fmt.Sprint(id))
		return err
	})
	return out, err
}
