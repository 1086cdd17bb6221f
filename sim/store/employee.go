package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Employee is an employee record with its Access tab: Give Access and the
// assigned roles.
type Employee struct {
	ID int64 `json:"id"`
	// EntityID is the employee's name/ID as lists show it ("Ada Admin").
	EntityID   string    `json:"entityId"`
	Email      string    `json:"email"`
	GiveAccess bool      `json:"giveAccess"`
	Roles      []RoleRef `json:"roles"`
	Created    time.Time `json:"created"`
}

// HasRole reports whether the employee holds the role with that id.
func (e Employee) HasRole(roleID int64) bool {
	for _, r := range e.Roles {
		if r.ID == roleID {
			return true
		}
	}
	return false
}

// EmployeeInput describes a new employee.
type EmployeeInput struct {
	EntityID string
	Email    string
	// GiveAccess is the Give Access checkbox; nil means on.
	GiveAccess *bool
	// Roles are role references (internal id or name) to assign.
	Roles []string
}

func resolveEmployee(ctx context.Context, q querier, ref string) (int64, error) {
	return resolve(ctx, q, "employee", "acct_employee", []string{"email", "entity_id"}, ref)
}

// Employees lists employees with their roles, by internal id.
func (s *Store) Employees(ctx context.Context) ([]Employee, error) {
	return readEmployees(ctx, s.db, 0)
}

// Employee returns one employee by internal id, email or entity id.
func (s *Store) Employee(ctx context.Context, ref string) (Employee, error) {
	return getEmployee(ctx, s.db, ref)
}

func getEmployee(ctx context.Context, q querier, ref string) (Employee, error) {
	id, err := resolveEmployee(ctx, q, ref)
	if err != nil {
		return Employee{}, err
	}
	es, err := readEmployees(ctx, q, id)
	if err != nil {
		return Employee{}, err
	}
	if len(es) == 0 {
		return Employee{}, newErr(ErrNotFound, "employee %d not found", id)
	}
	return es[0], nil
}

func readEmployees(ctx context.Context, q querier, id int64) ([]Employee, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, entity_id, email, give_access, created FROM acct_employee WHERE ? = 0 OR id = ? ORDER BY id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("store: read employees: %w", err)
	}
	var out []Employee
	idx := map[int64]int{}
	for rows.Next() {
		var e Employee
		var created string
		if err := rows.Scan(&e.ID, &e.EntityID, &e.Email, &e.GiveAccess, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: read employees: %w", err)
		}
		if e.Created, err = parseTime(created); err != nil {
			rows.Close()
			return nil, err
		}
		e.Roles = []RoleRef{}
		idx[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read employees: %w", err)
	}
	rows, err = q.QueryContext(ctx,
		`SELECT er.employee_id, r.id, r.name FROM acct_employee_role er JOIN acct_role r ON r.id = er.role_id
		 WHERE ? = 0 OR er.employee_id = ? ORDER BY er.employee_id, r.id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("store: read employee roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var eid int64
		var r RoleRef
		if err := rows.Scan(&eid, &r.ID, &r.Name); err != nil {
			return nil, fmt.Errorf("store: read employee roles: %w", err)
		}
		if i, ok := idx[eid]; ok {
			out[i].Roles = append(out[i].Roles, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read employee roles: %w", err)
	}
	return out, nil
}

// CreateEmployee creates an employee and assigns the given roles.
func (s *Store) CreateEmployee(ctx context.Context, in EmployeeInput) (Employee, error) {
	var out Employee
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.createEmployeeTx(ctx, tx, in)
		return err
	})
	return out, err
}

func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n") && strings.Count(s, "@") == 1
}

func (s *Store) createEmployeeTx(ctx context.Context, tx *sql.Tx, in EmployeeInput) (Employee, error) {
	entity := strings.TrimSpace(in.EntityID)
	email := strings.TrimSpace(in.Email)
	if entity == "" {
		return Employee{}, newErr(ErrInvalid, "employee entity id (name) is empty")
	}
	if !validEmail(email) {
		return Employee{}, newErr(ErrInvalid, "employee email %q is not a valid address", in.Email)
	}
	access := in.GiveAccess == nil || *in.GiveAccess
	id, err := nextID(ctx, tx, "acct_employee")
	if err != nil {
		return Employee{}, err
	}
	now := s.nowText()
	_, err = tx.ExecContext(ctx, `INSERT INTO acct_employee (id, entity_id, email, give_access, created) VALUES (?, ?, ?, ?, ?)`,
		id, entity, email, boolInt(access), now)
	if isUniqueViolation(err) {
		if strings.Contains(err.Error(), "email") {
			return Employee{}, newErr(ErrDuplicate, "an employee with email %q already exists", email)
		}
		return Employee{}, newErr(ErrDuplicate, "an employee named %q already exists", entity)
	}
	if err != nil {
		return Employee{}, fmt.Errorf("store: create employee: %w", err)
	}
	for _, r := range in.Roles {
		if err := s.addRoleTx(ctx, tx, fmt.Sprint(id), r); err != nil {
			return Employee{}, err
		}
	}
	return getEmployee(ctx, tx, fmt.Sprint(id))
}

// EmployeeUpdate names the employee fields to change; nil fields are kept.
type EmployeeUpdate struct {
	EntityID   *string
	Email      *string
	GiveAccess *bool
}

// UpdateEmployee edits an employee found by internal id, email or entity id.
func (s *Store) UpdateEmployee(ctx context.Context, ref string, u EmployeeUpdate) (Employee, error) {
	var out Employee
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.updateEmployeeTx(ctx, tx, ref, u)
		return err
	})
	return out, err
}

func (s *Store) updateEmployeeTx(ctx context.Context, tx *sql.Tx, ref string, u EmployeeUpdate) (Employee, error) {
	e, err := getEmployee(ctx, tx, ref)
	if err != nil {
		return Employee{}, err
	}
	if u.EntityID != nil {
		if e.EntityID = strings.TrimSpace(*u.EntityID); e.EntityID == "" {
			return Employee{}, newErr(ErrInvalid, "employee entity id (name) is empty")
		}
	}
	if u.Email != nil {
		if e.Email = strings.TrimSpace(*u.Email); !validEmail(e.Email) {
			return Employee{}, newErr(ErrInvalid, "employee email %q is not a valid address", *u.Email)
		}
	}
	if u.GiveAccess != nil {
		e.GiveAccess = *u.GiveAccess
	}
	_, err = tx.ExecContext(ctx, `UPDATE acct_employee SET entity_id = ?, email = ?, give_access = ? WHERE id = ?`,
		e.EntityID, e.Email, boolInt(e.GiveAccess), e.ID)
	if isUniqueViolation(err) {
		return Employee{}, newErr(ErrDuplicate, "another employee already has that name or email")
	}
	if err != nil {
		return Employee{}, fmt.Errorf("store: update employee: %w", err)
	}
	return getEmployee(ctx, tx, fmt.Sprint(e.ID))
}

// SetGiveAccess sets an employee's Give Access checkbox.
func (s *Store) SetGiveAccess(ctx context.Context, employee string, access bool) (Employee, error) {
	return s.UpdateEmployee(ctx, employee, EmployeeUpdate{GiveAccess: &access})
}

// AddRole assigns a role to an employee (the guide's step 4). Adding a role
// the employee already holds is not an error.
func (s *Store) AddRole(ctx context.Context, employee, role string) (Employee, error) {
	var out Employee
	err := s.update(ctx, func(tx *sql.Tx) error {
		if err := s.addRoleTx(ctx, tx, employee, role); err != nil {
			return err
		}
		var err error
		out, err = getEmployee(ctx, tx, employee)
		return err
	})
	return out, err
}

func (s *Store) addRoleTx(ctx context.Context, tx *sql.Tx, employee, role string) error {
	eid, err := resolveEmployee(ctx, tx, employee)
	if err != nil {
		return err
	}
	rid, err := resolveRole(ctx, tx, role)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO acct_employee_role (employee_id, role_id, added) VALUES (?, ?, ?)
		ON CONFLICT (employee_id, role_id) DO NOTHING`, eid, rid, s.nowText())
	if err != nil {
		return fmt.Errorf("store: add role: %w", err)
	}
	return nil
}

// RemoveRole takes a role away from an employee. Tokens issued for that
// employee and role then fail verification (see [Verification.Check]).
func (s *Store) RemoveRole(ctx context.Context, employee, role string) (Employee, error) {
	var out Employee
	err := s.update(ctx, func(tx *sql.Tx) error {
		eid, err := resolveEmployee(ctx, tx, employee)
		if err != nil {
			return err
		}
		rid, err := resolveRole(ctx, tx, role)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM acct_employee_role WHERE employee_id = ? AND role_id = ?`, eid, rid)
		if err != nil {
			return fmt.Errorf("store: remove role: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			e, _ := getEmployee(ctx, tx, fmt.Sprint(eid))
			r, _ := getRole(ctx, tx, fmt.Sprint(rid))
			return newErr(ErrRoleNotAssigned, "employee %s does not have the %s role", e.EntityID, r.Name)
		}
		out, err = getEmployee(ctx, tx, fmt.Sprint(eid))
		return err
	})
	return out, err
}
