package store

import "github.com/go-netsuite/netsuite/vocab"

// transitional: removed once sim/*.go uses vocab directly.
//
// The names below were defined here before package vocab held them; each is
// the vocab name of the same spelling, kept so that callers compile until
// they import vocab themselves.

// Level is [vocab.Level].
type Level = vocab.Level

// Permission levels: [vocab.LevelNone] and the others.
const (
	LevelNone   = vocab.LevelNone
	LevelView   = vocab.LevelView
	LevelCreate = vocab.LevelCreate
	LevelEdit   = vocab.LevelEdit
	LevelFull   = vocab.LevelFull
)

// Permission names: [vocab.PermUserAccessToken] and the others.
const (
	PermUserAccessToken             = vocab.PermUserAccessToken
	PermAccessTokenManagement       = vocab.PermAccessTokenManagement
	PermLoginUsingAccessTokens      = vocab.PermLoginUsingAccessTokens
	PermWebServices                 = vocab.PermWebServices
	PermRESTWebServices             = vocab.PermRESTWebServices
	PermSuiteAnalyticsWorkbook      = vocab.PermSuiteAnalyticsWorkbook
	PermListsCustomers              = vocab.PermListsCustomers
	PermListsContacts               = vocab.PermListsContacts
	PermListsVendors                = vocab.PermListsVendors
	PermListsEmployees              = vocab.PermListsEmployees
	PermListsItems                  = vocab.PermListsItems
	PermTransactionsSalesOrder      = vocab.PermTransactionsSalesOrder
	PermTransactionsInvoice         = vocab.PermTransactionsInvoice
	PermTransactionsCustomerPayment = vocab.PermTransactionsCustomerPayment
	PermTransactionsFindTransaction = vocab.PermTransactionsFindTransaction
)

// Feature is [vocab.Feature].
type Feature = vocab.Feature

// Account features: [vocab.FeatureTBA] and the others.
const (
	FeatureTBA         = vocab.FeatureTBA
	FeatureSOAP        = vocab.FeatureSOAP
	FeatureREST        = vocab.FeatureREST
	FeatureSuiteQL     = vocab.FeatureSuiteQL
	FeatureSuiteScript = vocab.FeatureSuiteScript
)

// ServiceTier is [vocab.ServiceTier].
type ServiceTier = vocab.ServiceTier

// Service tiers: [vocab.TierStandard] and the others.
const (
	TierStandard   = vocab.TierStandard
	TierPremium    = vocab.TierPremium
	TierEnterprise = vocab.TierEnterprise
	TierUltimate   = vocab.TierUltimate
)

// ConcurrencyPerLicense is [vocab.ConcurrencyPerLicense].
const ConcurrencyPerLicense = vocab.ConcurrencyPerLicense

// IntegrationState is [vocab.IntegrationState].
type IntegrationState = vocab.IntegrationState

// Integration states: [vocab.StateEnabled] and [vocab.StateBlocked].
const (
	StateEnabled = vocab.StateEnabled
	StateBlocked = vocab.StateBlocked
)

// Surface is [vocab.Surface].
type Surface = vocab.Surface

// Surfaces: [vocab.SurfaceSOAP] and the others.
const (
	SurfaceSOAP    = vocab.SurfaceSOAP
	SurfaceREST    = vocab.SurfaceREST
	SurfaceRESTlet = vocab.SurfaceRESTlet
)

// Login statuses: [vocab.StatusSuccess] and [vocab.StatusFailure].
const (
	StatusSuccess = vocab.StatusSuccess
	StatusFailure = vocab.StatusFailure
)

// Login Audit Trail details: [vocab.DetailInvalidSignature] and the others.
const (
	DetailInvalidSignature       = vocab.DetailInvalidSignature
	DetailInvalidTimestamp       = vocab.DetailInvalidTimestamp
	DetailNonceRejected          = vocab.DetailNonceRejected
	DetailConsumerKeyUnknown     = vocab.DetailConsumerKeyUnknown
	DetailConsumerKeyRefused     = vocab.DetailConsumerKeyRefused
	DetailFeatureDisabled        = vocab.DetailFeatureDisabled
	DetailTokenRevoked           = vocab.DetailTokenRevoked
	DetailInvalidToken           = vocab.DetailInvalidToken
	DetailLoginDisabled          = vocab.DetailLoginDisabled
	DetailInsufficientPermission = vocab.DetailInsufficientPermission
	DetailMissingPassportFields  = vocab.DetailMissingPassportFields
	DetailInvalidAccount         = vocab.DetailInvalidAccount
)
