package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// Role is a role (Setup > Users/Roles > Manage Roles) with its current
// permissions.
type Role struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Builtin marks the Administrator role, which cannot be edited.
	Builtin     bool        `json:"builtin"`
	Permissions Permissions `json:"permissions"`
	Created     time.Time   `json:"created"`
}

// RoleRef names a role in other objects.
type RoleRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// RoleInput describes a new role. Permission names are accepted in any
// spelling [CanonicalPermission] accepts; LevelNone entries are ignored.
type RoleInput struct {
	Name        string
	Permissions map[string]vocab.Level
}

// PermissionChange is one entry of a role's permission history.
type PermissionChange struct {
	Seq        int64       `json:"seq"`
	RoleID     int64       `json:"roleId"`
	Permission string      `json:"permission"`
	Level      vocab.Level `json:"level"`
	Time       time.Time   `json:"time"`
}

// roleHistory is a role's creation time and ordered permission history.
type roleHistory struct {
	id      int64
	name    string
	builtin bool
	created time.Time
	changes []PermissionChange
}

// asOf folds the changes made at or before t. A role is seen as created at
// once: only later edits wait for the token logins' role cache, which is
// what NetSuite's users report (edits to an existing role take hours).
func (h *roleHistory) asOf(t time.Time) Permissions {
	if t.Before(h.created) {
		t = h.created
	}
	p := Permissions{}
	for _, c := range h.changes {
		if c.Time.After(t) {
			continue
		}
		if c.Level == vocab.LevelNone {
			delete(p, c.Permission)
		} else {
			p[c.Permission] = c.Level
		}
	}
	return p
}

func (h *roleHistory) current() Permissions {
	p := Permissions{}
	for _, c := range h.changes {
		if c.Level == vocab.LevelNone {
			delete(p, c.Permission)
		} else {
			p[c.Permission] = c.Level
		}
	}
	return p
}

func (h *roleHistory) role() Role {
	return Role{ID: h.id, Name: h.name, Builtin: h.builtin, Permissions: h.current(), Created: h.created}
}

func resolveRole(ctx context.Context, q querier, ref string) (int64, error) {
	return resolve(ctx, q, "role", "acct_role", []string{"name"}, ref)
}

// loadRoleHistories reads roles with their histories; roleID 0 reads all.
func loadRoleHistories(ctx context.Context, q querier, roleID int64) ([]*roleHistory, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, builtin, created FROM acct_role WHERE ? = 0 OR id = ? ORDER BY id`, roleID, roleID)
	if err != nil {
		return nil, fmt.Errorf("store: read roles: %w", err)
	}
	var out []*roleHistory
	byID := map[int64]*roleHistory{}
	for rows.Next() {
		h := &roleHistory{}
		var created string
		if err := rows.Scan(&h.id, &h.name, &h.builtin, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: read roles: %w", err)
		}
		if h.created, err = parseTime(created); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, h)
		byID[h.id] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read roles: %w", err)
	}
	rows, err = q.QueryContext(ctx,
		`SELECT seq, role_id, permission, level, changed FROM acct_role_permission_change WHERE ? = 0 OR role_id = ? ORDER BY seq`,
		roleID, roleID)
	if err != nil {
		return nil, fmt.Errorf("store: read permission history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c PermissionChange
		var level int
		var changed string
		if err := rows.Scan(&c.Seq, &c.RoleID, &c.Permission, &level, &changed); err != nil {
			return nil, fmt.Errorf("store: read permission history: %w", err)
		}
		c.Level = vocab.Level(level)
		if c.Time, err = parseTime(changed); err != nil {
			return nil, err
		}
		if h := byID[c.RoleID]; h != nil {
			h.changes = append(h.changes, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read permission history: %w", err)
	}
	return out, nil
}

// Roles lists the roles with their current permissions, by internal id.
func (s *Store) Roles(ctx context.Context) ([]Role, error) {
	hs, err := loadRoleHistories(ctx, s.db, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Role, len(hs))
	for i, h := range hs {
		out[i] = h.role()
	}
	return out, nil
}

// Role returns one role by internal id or name.
func (s *Store) Role(ctx context.Context, ref string) (Role, error) { return getRole(ctx, s.db, ref) }

func getRole(ctx context.Context, q querier, ref string) (Role, error) {
	id, err := resolveRole(ctx, q, ref)
	if err != nil {
		return Role{}, err
	}
	hs, err := loadRoleHistories(ctx, q, id)
	if err != nil {
		return Role{}, err
	}
	if len(hs) == 0 {
		return Role{}, newErr(ErrNotFound, "role %d not found", id)
	}
	return hs[0].role(), nil
}

// PermissionHistory returns every permission change of a role, oldest
// first.
func (s *Store) PermissionHistory(ctx context.Context, ref string) ([]PermissionChange, error) {
	id, err := resolveRole(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	h, err := s.roleHistory(ctx, id)
	if err != nil {
		return nil, err
	}
	return append([]PermissionChange(nil), h.changes...), nil
}

// EffectivePermissions returns the permissions of role roleID as they were
// at asOf (changes made at or before asOf count). The emulator calls it
// with now − cacheDelay for token logins, reproducing NetSuite's delay in
// propagating role edits to token sessions. A role created after asOf is
// seen with the permissions it was created with. It is served from an in-memory cache that
// every write invalidates.
func (s *Store) EffectivePermissions(ctx context.Context, roleID int64, asOf time.Time) (Permissions, error) {
	h, err := s.roleHistory(ctx, roleID)
	if err != nil {
		return nil, err
	}
	return h.asOf(asOf), nil
}

func (s *Store) roleHistory(ctx context.Context, roleID int64) (*roleHistory, error) {
	s.checkChanges(ctx)
	if h, ok := s.cache.role(roleID); ok {
		return h, nil
	}
	gen := s.cache.generation()
	hs, err := loadRoleHistories(ctx, s.db, roleID)
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, newErr(ErrNotFound, "role %d not found", roleID)
	}
	s.cache.putRole(gen, hs[0])
	return hs[0], nil
}

// CreateRole creates a custom role (internal ids from 1001) with initial
// permissions, recorded in the history at the creation time.
func (s *Store) CreateRole(ctx context.Context, in RoleInput) (Role, error) {
	var out Role
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.createRoleTx(ctx, tx, in)
		return err
	})
	return out, err
}

func (s *Store) createRoleTx(ctx context.Context, tx *sql.Tx, in RoleInput) (Role, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return Role{}, newErr(ErrInvalid, "role name is empty")
	}
	perms, err := s.validatePermissions(ctx, tx, in.Permissions)
	if err != nil {
		return Role{}, err
	}
	id, err := nextID(ctx, tx, "acct_role")
	if err != nil {
		return Role{}, err
	}
	now := s.nowText()
	_, err = tx.ExecContext(ctx, `INSERT INTO acct_role (id, name, builtin, created) VALUES (?, ?, 0, ?)`, id, name, now)
	if isUniqueViolation(err) {
		return Role{}, newErr(ErrDuplicate, "a role named %q already exists", name)
	}
	if err != nil {
		return Role{}, fmt.Errorf("store: create role: %w", err)
	}
	if err := recordChanges(ctx, tx, id, nil, perms, now); err != nil {
		return Role{}, err
	}
	return getRole(ctx, tx, fmt.Sprint(id))
}

// validatePermissions canonicalises names and refuses token permissions
// while the TBA feature is off (the role form does not show them then).
func (s *Store) validatePermissions(ctx context.Context, q querier, in map[string]vocab.Level) (Permissions, error) {
	out := Permissions{}
	// Sorted for deterministic error reporting.
	names := make([]string, 0, len(in))
	for n := range in {
		names = append(names, n)
	}
	sort.Strings(names)
	var tbaChecked, tbaOn bool
	for _, n := range names {
		l := in[n]
		c, err := CanonicalPermission(n)
		if err != nil {
			return nil, err
		}
		if l < vocab.LevelNone || l > vocab.LevelFull {
			return nil, newErr(ErrInvalid, "invalid level %d for permission %q", int(l), c)
		}
		if typeName, custom := cutCustomRecordPermission(c); custom {
			if c, err = customRecordPermissionOf(ctx, q, typeName); err != nil {
				return nil, err
			}
		}
		if _, dup := out[c]; dup {
			return nil, newErr(ErrInvalid, "permission %q is given twice", c)
		}
		if isTokenPermission(c) && l > vocab.LevelNone {
			if !tbaChecked {
				if err := q.QueryRowContext(ctx, `SELECT enabled FROM acct_feature WHERE key = ?`, string(vocab.FeatureTBA)).Scan(&tbaOn); err != nil {
					return nil, fmt.Errorf("store: read feature: %w", err)
				}
				tbaChecked = true
			}
			if !tbaOn {
				return nil, newErr(ErrFeatureDisabled,
					"the %q permission is only available when the Token-Based Authentication feature is enabled (Setup > Company > Enable Features > SuiteCloud > Manage Authentication)", c)
			}
		}
		out[c] = l
	}
	return out, nil
}

// recordChanges appends to the history every permission whose level in
// next differs from cur (LevelNone entries of next remove a permission).
func recordChanges(ctx context.Context, tx *sql.Tx, roleID int64, cur, next Permissions, now string) error {
	for _, n := range next.ordered() {
		l := next[n]
		if cur[n] == l {
			continue
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO acct_role_permission_change (role_id, permission, level, changed) VALUES (?, ?, ?, ?)`,
			roleID, n, int(l), now); err != nil {
			return fmt.Errorf("store: record permission change: %w", err)
		}
	}
	return nil
}

// SetPermission sets one permission of a role (LevelNone removes it) and
// records the change with the current time. The built-in Administrator role
// cannot be edited ([ErrBuiltinRole]); token permissions need the TBA
// feature ([ErrFeatureDisabled]). Setting the level it already has records
// nothing.
func (s *Store) SetPermission(ctx context.Context, role, permission string, level vocab.Level) (Role, error) {
	return s.SetPermissions(ctx, role, map[string]vocab.Level{permission: level})
}

// SetPermissions sets several permissions of a role in one save, all
// recorded with the same time. See [Store.SetPermission].
func (s *Store) SetPermissions(ctx context.Context, role string, perms map[string]vocab.Level) (Role, error) {
	var out Role
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.setPermissionsTx(ctx, tx, role, perms)
		return err
	})
	return out, err
}

func (s *Store) setPermissionsTx(ctx context.Context, tx *sql.Tx, ref string, perms map[string]vocab.Level) (Role, error) {
	cur, err := getRole(ctx, tx, ref)
	if err != nil {
		return Role{}, err
	}
	if cur.Builtin {
		return Role{}, newErr(ErrBuiltinRole, "the %s role is built in and cannot be edited; create a custom role instead", cur.Name)
	}
	next, err := s.validatePermissions(ctx, tx, perms)
	if err != nil {
		return Role{}, err
	}
	if err := recordChanges(ctx, tx, cur.ID, cur.Permissions, next, s.nowText()); err != nil {
		return Role{}, err
	}
	return getRole(ctx, tx, fmt.Sprint(cur.ID))
}
