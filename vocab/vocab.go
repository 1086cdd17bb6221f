// Package vocab holds the names NetSuite uses for the objects of a
// Token-Based Authentication set-up, shared by the client, the doctor and the
// emulator: role permission names and levels, account features, service
// tiers and their concurrency limits, integration states, and the fields of
// the Login Audit Trail (surfaces, statuses and "Detail" values).
//
// The values are NetSuite's spellings, as its UI and Help Center write them;
// groups cite the Help Center section they come from where one is known. The package
// imports only the standard library, so any package may use it.
package vocab

import (
	"fmt"
	"strings"
)

// Role permission names, canonical spelling. The record permissions use
// NetSuite's "Category -> Record" spelling with an ASCII arrow; the others
// are spelled as the role form's Permissions > Setup subtab lists them
// (the token permissions are listed only while Token-Based Authentication
// is enabled).
const (
	PermUserAccessToken             = "User Access Token"
	PermAccessTokenManagement       = "Access Token Management"
	PermLoginUsingAccessTokens      = "Log in using Access Tokens"
	PermWebServices                 = "Web Services"
	PermRESTWebServices             = "REST Web Services"
	PermSuiteAnalyticsWorkbook      = "SuiteAnalytics Workbook"
	PermListsCustomers              = "Lists -> Customers"
	PermListsContacts               = "Lists -> Contacts"
	PermListsVendors                = "Lists -> Vendors"
	PermListsEmployees              = "Lists -> Employees"
	PermListsItems                  = "Lists -> Items"
	PermTransactionsSalesOrder      = "Transactions -> Sales Order"
	PermTransactionsInvoice         = "Transactions -> Invoice"
	PermTransactionsCustomerPayment = "Transactions -> Customer Payment"
	PermTransactionsFindTransaction = "Transactions -> Find Transaction"
	PermListsCurrency               = "Lists -> Currency"
	PermListsSubsidiaries           = "Lists -> Subsidiaries"
	PermSetupCustomerStatus         = "Setup -> Customer Status"
)

// OAuth 2.0 permissions of the role form's Setup subtab (Help Center
// section 157771510070, Set Up OAuth 2.0 Roles; article_92130837826, the
// certificate rotation endpoint).
const (
	// PermLoginUsingOAuth2 lets a role access REST web services, RESTlets
	// and SuiteAnalytics Connect with OAuth 2.0 access tokens.
	PermLoginUsingOAuth2 = "Log in using OAuth 2.0 Access Tokens"
	// PermManageOwnM2MCertificates lets a role use the OAuth 2.0 client
	// credentials certificate rotation endpoint.
	PermManageOwnM2MCertificates = "Manage own OAuth 2.0 Client Credentials certificates"
)

// Permissions returns the canonical permission names above, in display
// order (a new slice on every call).
func Permissions() []string {
	return []string{
		PermUserAccessToken,
		PermAccessTokenManagement,
		PermLoginUsingAccessTokens,
		PermWebServices,
		PermRESTWebServices,
		PermSuiteAnalyticsWorkbook,
		PermListsCustomers,
		PermListsContacts,
		PermListsVendors,
		PermListsEmployees,
		PermListsItems,
		PermTransactionsSalesOrder,
		PermTransactionsInvoice,
		PermTransactionsCustomerPayment,
		PermTransactionsFindTransaction,
		PermListsCurrency,
		PermListsSubsidiaries,
		PermSetupCustomerStatus,
		PermLoginUsingOAuth2,
		PermManageOwnM2MCertificates,
	}
}

// Level is a NetSuite permission level. Levels are ordered: a higher level
// includes the lower ones (Full ⊇ Edit ⊇ Create ⊇ View ⊇ None).
type Level int

// Permission levels, in NetSuite's order.
const (
	LevelNone Level = iota
	LevelView
	LevelCreate
	LevelEdit
	LevelFull
)

var levelNames = [...]string{"None", "View", "Create", "Edit", "Full"}

// String returns the level as the NetSuite UI shows it ("Full").
func (l Level) String() string {
	if l < LevelNone || l > LevelFull {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel parses a level name case-insensitively ("full", "View").
func ParseLevel(s string) (Level, error) {
	t := strings.TrimSpace(s)
	for i, n := range levelNames {
		if strings.EqualFold(t, n) {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown permission level %q (want one of None, View, Create, Edit, Full)", s)
}

// MarshalText encodes the level by name.
func (l Level) MarshalText() ([]byte, error) {
	if l < LevelNone || l > LevelFull {
		return nil, fmt.Errorf("invalid permission level %d", int(l))
	}
	return []byte(l.String()), nil
}

// UnmarshalText decodes a level name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Feature is the key of an account feature (Setup > Company > Setup Tasks >
// Enable Features).
type Feature string

// Account features.
const (
	// FeatureTBA is "Token-Based Authentication" (SuiteCloud > Manage
	// Authentication). Off in a fresh account; the TBA set-up turns it on.
	FeatureTBA Feature = "tba"
	// FeatureSOAP is "SOAP Web Services". On by default.
	FeatureSOAP Feature = "soap"
	// FeatureREST is "REST Web Services". On by default.
	FeatureREST Feature = "rest"
	// FeatureSuiteQL is "SuiteAnalytics Workbook", which SuiteQL needs. On by
	// default.
	FeatureSuiteQL Feature = "suiteql"
	// FeatureSuiteScript is "Server SuiteScript", which RESTlets need. On by
	// default.
	FeatureSuiteScript Feature = "suitescript"
)

// Features returns every feature key, in display order.
func Features() []Feature {
	return []Feature{FeatureTBA, FeatureSOAP, FeatureREST, FeatureSuiteQL, FeatureSuiteScript}
}

// Name returns the feature's label in the NetSuite UI, or the key for an
// unknown feature.
func (f Feature) Name() string {
	switch f {
	case FeatureTBA:
		return "Token-Based Authentication"
	case FeatureSOAP:
		return "SOAP Web Services"
	case FeatureREST:
		return "REST Web Services"
	case FeatureSuiteQL:
		return "SuiteAnalytics Workbook"
	case FeatureSuiteScript:
		return "Server SuiteScript"
	}
	return string(f)
}

// DefaultOn reports whether a fresh account has the feature enabled: all
// but Token-Based Authentication.
func (f Feature) DefaultOn() bool {
	switch f {
	case FeatureSOAP, FeatureREST, FeatureSuiteQL, FeatureSuiteScript:
		return true
	}
	return false
}

// ServiceTier is an account's NetSuite service tier, which sets the base
// concurrency limit (Help Center bridgehead_1500275603).
type ServiceTier string

// Service tiers sold since June 2020.
const (
	TierStandard   ServiceTier = "Standard"
	TierPremium    ServiceTier = "Premium"
	TierEnterprise ServiceTier = "Enterprise"
	TierUltimate   ServiceTier = "Ultimate"
)

// ConcurrencyPerLicense is what each SuiteCloud Plus licence adds to the
// account concurrency limit.
const ConcurrencyPerLicense = 10

// ServiceTiers returns the service tiers, smallest first.
func ServiceTiers() []ServiceTier {
	return []ServiceTier{TierStandard, TierPremium, TierEnterprise, TierUltimate}
}

// ParseServiceTier parses a tier name case-insensitively, ignoring
// surrounding space.
func ParseServiceTier(s string) (ServiceTier, error) {
	for _, t := range ServiceTiers() {
		if strings.EqualFold(strings.TrimSpace(s), string(t)) {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown service tier %q (want Standard, Premium, Enterprise or Ultimate)", s)
}

// BaseConcurrency returns the tier's base concurrency limit: Standard 5,
// Premium 15, Enterprise 20, Ultimate 20 (0 for an unknown tier).
func (t ServiceTier) BaseConcurrency() int {
	switch t {
	case TierStandard:
		return 5
	case TierPremium:
		return 15
	case TierEnterprise, TierUltimate:
		return 20
	}
	return 0
}

// ConcurrencyLimit returns the account concurrency limit of the tier with
// licences SuiteCloud Plus licences: the base plus 10 per licence (Standard
// with 1 licence is 15, Premium with 5 is 65).
func (t ServiceTier) ConcurrencyLimit(licences int) int {
	return t.BaseConcurrency() + ConcurrencyPerLicense*licences
}

// IntegrationState is an integration record's State field.
type IntegrationState string

// Integration states.
const (
	StateEnabled IntegrationState = "Enabled"
	StateBlocked IntegrationState = "Blocked"
)

// ParseIntegrationState parses "Enabled" or "Blocked" case-insensitively.
func ParseIntegrationState(s string) (IntegrationState, error) {
	switch {
	case strings.EqualFold(strings.TrimSpace(s), string(StateEnabled)):
		return StateEnabled, nil
	case strings.EqualFold(strings.TrimSpace(s), string(StateBlocked)):
		return StateBlocked, nil
	}
	return "", fmt.Errorf("unknown integration state %q (want Enabled or Blocked)", s)
}

// EmulatorNotImplemented begins the message of every fault the emulator
// answers for something of NetSuite's that it does not implement (an
// operation, a search feature, a customization type). Such a fault is
// final: the client does not retry it as it retries NetSuite's own
// unexpected errors.
const EmulatorNotImplemented = "The NetSuite emulator does not implement "
