package doctor

import (
	"context"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// Inspector reads the state of the account behind the base URL: what a
// NetSuite administrator would look up in the UI (the Login Audit Trail,
// access tokens, integration records, roles and their history, employees,
// features, concurrency). NetSuite offers no API for most of it, so on a
// real account Options.Inspector is nil and the doctor lists likely causes;
// an emulator can offer one (package sim/doctorview implements it for the
// project's emulator), and the doctor then names the exact reason.
//
// Every method may fail; the doctor then says what it would say about a
// real account. Results carry no secrets.
type Inspector interface {
	// FailedLogins returns the refused logins at or after since, newest
	// first.
	FailedLogins(ctx context.Context, since time.Time) ([]Login, error)
	// Tokens returns the access tokens, revoked ones included.
	Tokens(ctx context.Context) ([]Token, error)
	// Integrations returns the integration records.
	Integrations(ctx context.Context) ([]Integration, error)
	// Roles returns the roles with their current permissions.
	Roles(ctx context.Context) ([]Role, error)
	// RoleHistory returns the permission changes of the role with that
	// internal id, oldest first, including the permissions it was created
	// with (at its creation time).
	RoleHistory(ctx context.Context, roleID int64) ([]PermissionChange, error)
	// Employees returns the employees with the ids of their roles.
	Employees(ctx context.Context) ([]Employee, error)
	// Account returns the account's id and features.
	Account(ctx context.Context) (*Account, error)
	// Concurrency returns the requests in flight against each concurrency
	// limit now.
	Concurrency(ctx context.Context) (*Concurrency, error)
}

// Login is one row of the Login Audit Trail.
type Login struct {
	Time    time.Time
	Surface vocab.Surface
	// Status is vocab.StatusSuccess or vocab.StatusFailure.
	Status string
	// Detail is the reason of a refusal, e.g. vocab.DetailTokenRevoked.
	Detail string
	// TokenName and Integration are the Token-based Access Token Name and
	// Token-based Application Name columns; Role and User (the employee's
	// email) whom the token logs in as. Any may be "" when unknown.
	TokenName, Integration, Role, User string
}

// Token is an access token, without its secret.
type Token struct {
	Name string
	// TokenIDPrefix is the first 8 characters of the token id: it tells
	// tokens apart and is not a credential.
	TokenIDPrefix   string
	IntegrationID   int64
	IntegrationName string
	RoleID          int64
	RoleName        string
	EmployeeEmail   string
	Revoked         bool
}

// Integration is an integration record, without its consumer secret.
type Integration struct {
	ID    int64
	Name  string
	State vocab.IntegrationState
	// TBA is the record's Token-Based Authentication box.
	TBA bool
	// ConsumerKeyPrefix is the first 8 characters of the consumer key.
	ConsumerKeyPrefix string
}

// Role is a role with its current permissions.
type Role struct {
	ID      int64
	Name    string
	Created time.Time
	// Permissions maps canonical permission names (vocab.Perm…) to levels.
	Permissions map[string]vocab.Level
}

// Has reports whether the role holds perm at min or higher. perm is
// matched case-insensitively.
func (r Role) Has(perm string, min vocab.Level) bool {
	if l, ok := r.Permissions[perm]; ok {
		return l >= min
	}
	for name, l := range r.Permissions {
		if strings.EqualFold(name, perm) {
			return l >= min
		}
	}
	return false
}

// PermissionChange is one change of a role's permission.
type PermissionChange struct {
	Time       time.Time
	Permission string
	Level      vocab.Level
}

// Employee is an employee, with the ids of the roles it holds.
type Employee struct {
	// EntityID is the employee's name as lists show it.
	EntityID   string
	Email      string
	GiveAccess bool
	RoleIDs    []int64
}

// HasRole reports whether the employee holds the role with that id.
func (e Employee) HasRole(id int64) bool {
	for _, r := range e.RoleIDs {
		if r == id {
			return true
		}
	}
	return false
}

// Account is the account's id (realm form) and the state of its features.
type Account struct {
	ID       string
	Features map[vocab.Feature]bool
}

// Pool is one concurrency limit and the requests in flight against it.
type Pool struct {
	Limit, InFlight, Peak int
}

// Concurrency is the state of the account's concurrency governance.
type Concurrency struct {
	// Account is the account-wide limit, which every request counts
	// against; Unallocated the share of integrations without their own.
	Account, Unallocated Pool
	// Allocated holds the pools of integrations with their own limit, by
	// integration internal id.
	Allocated map[int64]Pool
	// InFlight counts the requests in flight per integration internal id.
	InFlight map[int64]int
}

// CommandKind is a kind of command the doctor suggests.
type CommandKind int

// The commands the doctor suggests. Those named Emulator… change the
// emulator's account and are only suggested with an Inspector.
const (
	// CommandAudit shows the Login Audit Trail.
	CommandAudit CommandKind = iota + 1
	// CommandSign prints a REST Authorization header for given nonce and
	// timestamp, to compare with another program's.
	CommandSign
	// CommandPassport prints a SOAP tokenPassport likewise.
	CommandPassport
	// CommandServe starts the emulator (the base URL did not answer).
	CommandServe
	// CommandRoleCacheDelay sets how long the emulator's token logins take
	// to see role changes.
	CommandRoleCacheDelay
	// CommandGovernanceLive watches the emulator's concurrency pools.
	CommandGovernanceLive
	// CommandRoleHistory lists Role's permission changes.
	CommandRoleHistory
	// CommandEmulatorTokenCreate creates a token for Integration, Employee
	// and Role.
	CommandEmulatorTokenCreate
	// CommandEmulatorIntegrationList lists the integration records.
	CommandEmulatorIntegrationList
	// CommandEmulatorIntegrationReset gives Integration a new consumer key
	// and secret.
	CommandEmulatorIntegrationReset
	// CommandEmulatorIntegrationEnable sets Integration's State to Enabled
	// and ticks its Token-Based Authentication box.
	CommandEmulatorIntegrationEnable
	// CommandEmulatorIntegrationConcurrency gives Integration its own
	// concurrency limit.
	CommandEmulatorIntegrationConcurrency
	// CommandEmulatorFeatureEnable enables Feature.
	CommandEmulatorFeatureEnable
	// CommandEmulatorRoleSetPermission sets Role's Permission to Level.
	CommandEmulatorRoleSetPermission
	// CommandEmulatorEmployeeAddRole gives Employee the Role.
	CommandEmulatorEmployeeAddRole
	// CommandEmulatorLicences sets the account's SuiteCloud Plus licences.
	CommandEmulatorLicences
)

var commandNames = [...]string{"", "audit", "sign", "passport", "serve", "role-cache-delay", "governance-live", "role-history",
	"emulator-token-create", "emulator-integration-list", "emulator-integration-reset", "emulator-integration-enable",
	"emulator-integration-concurrency", "emulator-feature-enable", "emulator-role-set-permission",
	"emulator-employee-add-role", "emulator-licences"}

// String names the kind, e.g. "emulator-token-create".
func (k CommandKind) String() string {
	if k > 0 && int(k) < len(commandNames) {
		return commandNames[k]
	}
	return "CommandKind(" + itoa(int(k)) + ")"
}

// Command is a command the doctor suggests, with its arguments; an empty
// argument means "a value the user chooses" (the command line shows a
// placeholder).
type Command struct {
	Kind CommandKind
	// Integration is an integration record's name, Employee an employee's
	// email or name, Role a role's name, Permission a permission name and
	// Level a permission level.
	Integration, Employee, Role, Permission string
	Level                                   vocab.Level
	Feature                                 vocab.Feature
}
