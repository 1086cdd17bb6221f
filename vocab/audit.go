package vocab

// The Login Audit Trail (Setup > Users/Roles > User Management > View Login
// Audit Trail, with Use Advanced Search and the result fields Detail,
// Token-based Access Token Name and Token-based Application Name: Help
// Center section_1534941538) records every login with its surface, status
// and, for a refused one, a "Detail" naming the reason. NetSuite's answer to
// the client never says why ("Invalid login attempt.").

// Surface is the web services surface a login came through.
type Surface string

// Surfaces, as the Login Audit Trail names them.
const (
	SurfaceSOAP    Surface = "SOAP"
	SurfaceREST    Surface = "REST"
	SurfaceRESTlet Surface = "RESTLET"
)

// Login statuses, the Login Audit Trail's Status column.
const (
	StatusSuccess = "Success"
	StatusFailure = "Failure"
)

// Login Audit Trail "Detail" values of refused token logins. The field is
// free text; these are NetSuite's spellings: for TBA logins (Help Center
// subsect_156935170194), the TBA authorization flow (subsect_156934879823)
// and OAuth 2.0 (subsect_158324637123).
const (
	DetailInvalidSignature       = "InvalidSignature"
	DetailInvalidTimestamp       = "InvalidTimestamp"
	DetailNonceRejected          = "NonceRejected"
	DetailConsumerKeyUnknown     = "consumer_key_unknown"
	DetailConsumerKeyRefused     = "consumer_key_refused"
	DetailFeatureDisabled        = "FeatureDisabled"
	DetailTokenRevoked           = "TokenRevoked"
	DetailInvalidToken           = "InvalidToken"
	DetailLoginDisabled          = "LoginDisabled"
	DetailInsufficientPermission = "InsufficientPermission"
	DetailMissingPassportFields  = "MissingTokenPassportRequiredFields"
	DetailInvalidAccount         = "InvalidAccount"
	// DetailMissingRequiredParameter is a request without the OAuth
	// parameters it needs (no or a malformed Authorization header).
	DetailMissingRequiredParameter = "MissingRequiredParameter"
	// DetailEntityOrRoleDisabled is an OAuth 2.0 login whose user or role
	// may not log in.
	DetailEntityOrRoleDisabled = "EntityOrRoleDisabled"
)

// Details the emulator records where NetSuite's tables name none.
const (
	// DetailUnsupportedSignatureMethod is a signature method other than
	// HMAC-SHA256 (NetSuite refuses HMAC-SHA1 since 2023.1).
	DetailUnsupportedSignatureMethod = "UnsupportedSignatureMethod"
	// DetailInvalidVersion is an oauth_version other than "1.0".
	DetailInvalidVersion = "InvalidVersion"
	// DetailAmbiguousAuthentication is a SOAP request with a tokenPassport
	// and another kind of credentials ("Ambiguous authentication").
	DetailAmbiguousAuthentication = "AmbiguousAuthentication"
	// DetailMissingTokenPassport is a SOAP request without a tokenPassport.
	DetailMissingTokenPassport = "MissingTokenPassport"
)
