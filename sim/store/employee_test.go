package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEmployees(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateRole(ctx, RoleInput{Name: "Clerk"}); err != nil {
		t.Fatal(err)
	}
	creates := []struct {
		name    string
		in      EmployeeInput
		wantErr error
	}{
		{"basic", EmployeeInput{EntityID: "Bob Builder", Email: "bob@example.com"}, nil},
		{"with roles and no access", EmployeeInput{EntityID: "Carol", Email: "carol@example.com", GiveAccess: ptr(false), Roles: []string{"clerk", "3"}}, nil},
		{"duplicate email any case", EmployeeInput{EntityID: "Bob 2", Email: "BOB@example.com"}, ErrDuplicate},
		{"duplicate entity id", EmployeeInput{EntityID: "bob builder", Email: "b2@example.com"}, ErrDuplicate},
		{"bad email", EmployeeInput{EntityID: "Dan", Email: "dan"}, ErrInvalid},
		{"email with space", EmployeeInput{EntityID: "Dan", Email: "d an@example.com"}, ErrInvalid},
		{"empty entity id", EmployeeInput{EntityID: " ", Email: "e@example.com"}, ErrInvalid},
		{"unknown role", EmployeeInput{EntityID: "Eve", Email: "eve@example.com", Roles: []string{"Nope"}}, ErrNotFound},
	}
	for _, tt := range creates {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateEmployee(ctx, tt.in)
			mustErr(t, err, tt.wantErr)
		})
	}
	carol, err := s.Employee(ctx, "Carol")
	if err != nil {
		t.Fatal(err)
	}
	wantRoles := []RoleRef{{ID: 3, Name: "Administrator"}, {ID: 1001, Name: "Clerk"}}
	if carol.GiveAccess || !cmp.Equal(carol.Roles, wantRoles) || !carol.HasRole(1001) || carol.HasRole(5) {
		t.Errorf("carol = %+v", carol)
	}
	if _, err := s.Employee(ctx, "Eve"); err == nil {
		t.Error("failed create left an employee behind")
	}

	for _, ref := range []string{"2", "bob@example.com", "BOB@EXAMPLE.COM", "Bob Builder", "bob builder"} {
		if e, err := s.Employee(ctx, ref); err != nil || e.EntityID != "Bob Builder" {
			t.Errorf("Employee(%q) = %+v, %v", ref, e, err)
		}
	}
	_, err = s.Employee(ctx, "nobody@example.com")
	mustErr(t, err, ErrNotFound)

	steps := []struct {
		name    string
		do      func() (Employee, error)
		wantErr error
		roles   []string
	}{
		{"add", func() (Employee, error) { return s.AddRole(ctx, "bob@example.com", "Clerk") }, nil, []string{"Clerk"}},
		{"add again is fine", func() (Employee, error) { return s.AddRole(ctx, "Bob Builder", "clerk") }, nil, []string{"Clerk"}},
		{"add admin", func() (Employee, error) { return s.AddRole(ctx, "2", "Administrator") }, nil, []string{"Administrator", "Clerk"}},
		{"add unknown role", func() (Employee, error) { return s.AddRole(ctx, "2", "Nope") }, ErrNotFound, nil},
		{"add to unknown employee", func() (Employee, error) { return s.AddRole(ctx, "nobody", "Clerk") }, ErrNotFound, nil},
		{"remove", func() (Employee, error) { return s.RemoveRole(ctx, "2", "Clerk") }, nil, []string{"Administrator"}},
		{"remove unassigned", func() (Employee, error) { return s.RemoveRole(ctx, "2", "Clerk") }, ErrRoleNotAssigned, nil},
	}
	for _, st := range steps {
		e, err := st.do()
		mustErr(t, err, st.wantErr)
		if err != nil {
			continue
		}
		var names []string
		for _, r := range e.Roles {
			names = append(names, r.Name)
		}
		if !cmp.Equal(names, st.roles) {
			t.Errorf("%s: roles %v, want %v", st.name, names, st.roles)
		}
	}

	e, err := s.SetGiveAccess(ctx, "carol@example.com", true)
	if err != nil || !e.GiveAccess {
		t.Errorf("SetGiveAccess: %+v, %v", e, err)
	}
	e, err = s.UpdateEmployee(ctx, "Carol", EmployeeUpdate{EntityID: ptr("Carol C"), Email: ptr("cc@example.com")})
	if err != nil || e.EntityID != "Carol C" || e.Email != "cc@example.com" {
		t.Errorf("UpdateEmployee: %+v, %v", e, err)
	}
	_, err = s.UpdateEmployee(ctx, "Carol C", EmployeeUpdate{Email: ptr("bob@example.com")})
	mustErr(t, err, ErrDuplicate)
	_, err = s.UpdateEmployee(ctx, "Carol C", EmployeeUpdate{Email: ptr("x")})
	mustErr(t, err, ErrInvalid)
	_, err = s.UpdateEmployee(ctx, "Carol C", EmployeeUpdate{EntityID: ptr("")})
	mustErr(t, err, ErrInvalid)

	all, _ := s.Employees(ctx)
	if len(all) != 3 || all[0].EntityID != AdminEntityID {
		t.Errorf("Employees = %+v", all)
	}
}
