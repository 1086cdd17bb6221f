package suiteqlengine

import (
	"errors"
	"testing"
)

// TestErrorWording checks the details against the live NetSuite bodies
// recorded in docs/wire-notes.md ("SuiteQL") and the emulator's own choices.
func TestErrorWording(t *testing.T) {
	db := testDB(t)
	tests := []struct {
		q, detail string
	}{
		// Observed live, exact.
		{"SELECT subsidiary FROM transaction",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'subsidiary'. Available identifiers are: {transaction=transaction}."},
		{"SELECT not_existing_field FROM customer",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'not_existing_field'. Available identifiers are: {customer=customer}."},
		{"SELECT id FROM transactiontablethatdoesnotexist",
			"Invalid search query. Detailed unprocessed description follows. Invalid search type: transactiontablethatdoesnotexist."},
		{"SELECT id FROM Email",
			"Invalid search query. Detailed unprocessed description follows. Invalid search type: Email."},
		{"SELEC id FROM customer",
			"Invalid search query. Detailed unprocessed description follows. Invalid or unsupported search."},
		// The identifier list names the FROM aliases in order; the
		// identifier is quoted as written.
		{"SELECT t.id FROM transaction t JOIN customer c ON c.id = t.entity WHERE t.Bogus = 1",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 't.Bogus'. Available identifiers are: {t=transaction, c=customer}."},
		{"SELECT x.id FROM customer c",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'x.id'. Available identifiers are: {c=customer}."},
		{"SELECT id FROM customer ORDER BY nope",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'nope'. Available identifiers are: {customer=customer}."},
		{"SELECT d.id FROM (SELECT id FROM customer) d WHERE d.email IS NULL",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Unknown identifier 'd.email'. Available identifiers are: {d=d}."},
		// The emulator's wording (not observed).
		{"SELECT id FROM customer c, transaction t",
			"Invalid search query. Detailed unprocessed description follows. Search error occurred: Ambiguous identifier 'id'. Available identifiers are: {c=customer, t=transaction}."},
	}
	for _, tc := range tests {
		_, err := Execute(t.Context(), db, tc.q, ExecOptions{})
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %T %v, want *Error", tc.q, err, err)
			continue
		}
		if e.Detail != tc.detail || e.Param != "q" || e.Error() != tc.detail {
			t.Errorf("%s:\n got %q (param %q)\nwant %q", tc.q, e.Detail, e.Param, tc.detail)
		}
	}
}

func TestPagingErrors(t *testing.T) {
	db := testDB(t)
	const (
		limitDetail    = "Invalid 'limit' parameter value. The value must be an integer from 1 to 1000."
		offsetDetail   = "Invalid 'offset' parameter value. The value must be a non-negative integer."
		multipleDetail = "Invalid 'offset' parameter value. The value must be a multiple of the 'limit' parameter value."
		capDetail      = "Invalid 'offset' parameter value. The sum of the 'offset' and 'limit' parameter values must not exceed 100000."
	)
	tests := []struct {
		offset, limit int
		param, detail string
	}{
		{0, -1, "limit", limitDetail},
		{0, 1001, "limit", limitDetail},
		{-5, 5, "offset", offsetDetail},
		{5, 10, "offset", multipleDetail},
		{99_500, 1000, "offset", multipleDetail},
		{100_000, 1000, "offset", capDetail},
		{99_900, 300, "offset", capDetail},
		{100_000, 0, "offset", capDetail},
	}
	for _, tc := range tests {
		// Paging is checked before the query, as a bad query shows.
		_, err := Execute(t.Context(), db, "SELEC nonsense", ExecOptions{Offset: tc.offset, Limit: tc.limit})
		var e *Error
		if !errors.As(err, &e) || e.Param != tc.param || e.Detail != tc.detail {
			t.Errorf("offset %d limit %d: got %#v", tc.offset, tc.limit, err)
		}
	}
	for _, ok := range []struct{ offset, limit int }{{0, 0}, {0, 1}, {0, 1000}, {99_000, 1000}, {99_999, 1}, {99_750, 250}} {
		if _, err := Execute(t.Context(), db, "SELECT id FROM customer", ExecOptions{Offset: ok.offset, Limit: ok.limit}); err != nil {
			t.Errorf("offset %d limit %d: %v", ok.offset, ok.limit, err)
		}
	}
}

func TestPermissions(t *testing.T) {
	db := testDB(t)
	only := func(perms ...string) func(string) bool {
		return func(p string) bool {
			for _, q := range perms {
				if p == q {
					return true
				}
			}
			return false
		}
	}
	tests := []struct {
		q       string
		allowed []string
		missing string // "" means the query runs
	}{
		{"SELECT id FROM customer", []string{PermCustomers}, ""},
		{"SELECT id FROM customer", []string{PermVendors}, PermCustomers},
		{"SELECT id FROM contact", nil, PermContacts},
		{"SELECT id FROM vendor", nil, PermVendors},
		{"SELECT id FROM employee", nil, PermEmployees},
		{"SELECT id FROM item", nil, PermItems},
		// Any one transaction permission opens both transaction tables.
		{"SELECT t.id FROM transaction t JOIN transactionline l ON l.transaction = t.id", []string{PermInvoice}, ""},
		{"SELECT id FROM transaction", []string{PermCustomers}, PermSalesOrder},
		// Tables in subqueries count; dual needs nothing.
		{"SELECT id FROM customer WHERE id IN (SELECT entity FROM transaction)", []string{PermCustomers}, PermSalesOrder},
		{"SELECT 1 FROM dual", nil, ""},
		// BUILTIN.DF reads the customer table without the customer permission.
		{"SELECT BUILTIN.DF(entity) FROM transaction", []string{PermCustomerPayment}, ""},
	}
	for _, tc := range tests {
		_, err := Execute(t.Context(), db, tc.q, ExecOptions{Allowed: only(tc.allowed...)})
		if tc.missing == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.q, err)
			}
			continue
		}
		var pe *PermissionError
		if !errors.As(err, &pe) || pe.Permission != tc.missing {
			t.Errorf("%s: got %v, want missing %q", tc.q, err, tc.missing)
		}
	}
	pe := &PermissionError{Permission: PermCustomers, Table: "customer"}
	if got, want := pe.Error(), "Permission Violation: You need the 'Lists -> Customers' permission to access this page."; got != want {
		t.Errorf("Error() = %q", got)
	}
	if got, want := pe.SearchError().Detail, "Invalid search query. Detailed unprocessed description follows. Search error occurred: Record 'customer' was not found."; got != want {
		t.Errorf("SearchError() = %q", got)
	}
	// An unknown table is reported before permissions are looked at.
	_, err := Execute(t.Context(), db, "SELECT id FROM customer, nosuchtable", ExecOptions{Allowed: only()})
	var e *Error
	if !errors.As(err, &e) || e.Detail != DetailPrefix+"Invalid search type: nosuchtable." {
		t.Errorf("got %v", err)
	}
}
