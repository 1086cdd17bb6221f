package store

import (
	"errors"
	"fmt"
	"regexp"
)

// Sentinel errors. Every error the store returns for a refused operation is an
// [*Error] whose Code is one of these, so callers branch with errors.Is and
// show Error() (the user-facing message) as it is.
var (
	// ErrNotFound: the referenced object (integration, role, employee, token)
	// does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: an object with that name (or key) already exists.
	ErrDuplicate = errors.New("already exists")
	// ErrInvalid: an argument failed validation (empty name, malformed
	// account id, bad level, ...).
	ErrInvalid = errors.New("invalid value")
	// ErrUnknownPermission: a permission name is not one of [KnownPermissions].
	ErrUnknownPermission = errors.New("unknown permission")
	// ErrFeatureDisabled: the operation needs an account feature that is off
	// (for tokens: Token-Based Authentication).
	ErrFeatureDisabled = errors.New("feature disabled")
	// ErrBuiltinRole: the built-in Administrator role cannot be edited.
	ErrBuiltinRole = errors.New("built-in role")
	// ErrIntegrationBlocked: the integration record's state is Blocked.
	ErrIntegrationBlocked = errors.New("integration blocked")
	// ErrIntegrationTBADisabled: the integration record does not have the
	// Token-Based Authentication checkbox ticked.
	ErrIntegrationTBADisabled = errors.New("integration token-based authentication disabled")
	// ErrEmployeeNoAccess: the employee record does not have Give Access ticked.
	ErrEmployeeNoAccess = errors.New("employee has no access")
	// ErrRoleNotAssigned: the employee does not hold the role.
	ErrRoleNotAssigned = errors.New("role not assigned to employee")
	// ErrLoginDisabled: the role lacks the token permissions. Its message is
	// NetSuite's: "Login access has been disabled for this role."
	ErrLoginDisabled = errors.New("login disabled for role")
	// ErrConcurrencyAllocation: integration concurrency allocations would not
	// leave at least 1 unallocated in the account limit.
	ErrConcurrencyAllocation = errors.New("concurrency allocation exceeds account limit")
	// ErrConsumerKeyUnknown: no integration has this consumer key.
	ErrConsumerKeyUnknown = errors.New("consumer key unknown")
	// ErrTokenUnknown: no access token has this token id.
	ErrTokenUnknown = errors.New("token unknown")
	// ErrTokenIntegrationMismatch: the token exists but was issued to another
	// integration than the one owning the consumer key.
	ErrTokenIntegrationMismatch = errors.New("token belongs to another integration")
	// ErrTokenRevoked: the access token has been revoked.
	ErrTokenRevoked = errors.New("token revoked")
	// ErrPermissionMissing: a role lacks a permission a login or request needs.
	ErrPermissionMissing = errors.New("permission missing")
	// ErrSchemaTooNew: the database was written by a newer build.
	ErrSchemaTooNew = errors.New("database schema is newer than this build")
)

// LoginDisabledMessage is NetSuite's message when a token is created for a
// role without the token permissions, quoted by the TBA setup guide.
const LoginDisabledMessage = "Login access has been disabled for this role."

// Error is the error type of every refused store operation. Error() returns
// only Message, the user-facing text (NetSuite's wording where NetSuite has
// one); Code is the sentinel for errors.Is. Messages never contain secrets.
type Error struct {
	// Code is one of the Err* sentinels of this package.
	Code error
	// Message is the user-facing text.
	Message string
	// Detail is the Login Audit Trail "Detail" value for login refusals
	// (for example "consumer_key_unknown"); empty for admin errors.
	Detail string
}

// Error returns the user-facing message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the sentinel Code.
func (e *Error) Unwrap() error { return e.Code }

func newErr(code error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func loginErr(code error, detail, format string, args ...any) *Error {
	return &Error{Code: code, Detail: detail, Message: fmt.Sprintf(format, args...)}
}

// AuditDetail returns the Login Audit Trail "Detail" value carried by err (an
// [*Error] from [Verification.Check] or [Permissions.CheckLogin]), or "" if
// err carries none.
func AuditDetail(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return ""
}

var hex64 = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

// redactRef shortens references that look like 64-hex credentials so that
// a credential pasted into the wrong place is not echoed back in full.
func redactRef(ref string) string {
	if hex64.MatchString(ref) {
		return ref[:8] + "…"
	}
	return ref
}
