package wire

import (
	"fmt"
	"io"
	"net/http"
)

// FaultCode is a platformFaults FaultCodeType value (platform.faultTypes.xsd).
type FaultCode string

// The 25 FaultCodeType values of the 2023_2 schema.
const (
	FaultAcctTempUnavailable     FaultCode = "ACCT_TEMP_UNAVAILABLE"
	FaultEmailAddrsReqd          FaultCode = "EMAIL_ADDRS_REQD"
	FaultInsufficientPermission  FaultCode = "INSUFFICIENT_PERMISSION"
	FaultInvalidAcct             FaultCode = "INVALID_ACCT"
	FaultInvalidJobID            FaultCode = "INVALID_JOB_ID"
	FaultInvalidLoginCredentials FaultCode = "INVALID_LOGIN_CREDENTIALS"
	FaultInvalidPageIndex        FaultCode = "INVALID_PAGE_INDEX"
	FaultInvalidRole             FaultCode = "INVALID_ROLE"
	FaultInvalidWSVersion        FaultCode = "INVALID_WS_VERSION"
	FaultJobNotComplete          FaultCode = "JOB_NOT_COMPLETE"
	FaultLoginDisabled           FaultCode = "LOGIN_DISABLED"
	FaultMaxRcrdsExceeded        FaultCode = "MAX_RCRDS_EXCEEDED"
	FaultOIFeatureReqd           FaultCode = "OI_FEATURE_REQD"
	FaultOIPermissionReqd        FaultCode = "OI_PERMISSION_REQD"
	FaultPswdReqd                FaultCode = "PSWD_REQD"
	FaultRoleRequired            FaultCode = "ROLE_REQUIRED"
	FaultSessionTimedOut         FaultCode = "SESSION_TIMED_OUT"
	FaultUnexpectedError         FaultCode = "UNEXPECTED_ERROR"
	FaultUnsupportedWSVersion    FaultCode = "UNSUPPORTED_WS_VERSION"
	FaultUserError               FaultCode = "USER_ERROR"
	FaultWSConcurSessionDisallwd FaultCode = "WS_CONCUR_SESSION_DISALLWD"
	FaultWSFeatureReqd           FaultCode = "WS_FEATURE_REQD"
	FaultWSPermissionReqd        FaultCode = "WS_PERMISSION_REQD"
	FaultWSLogInReqd             FaultCode = "WS_LOG_IN_REQD"
	FaultWSRequestBlocked        FaultCode = "WS_REQUEST_BLOCKED"
)

// FaultKind is the local name of the fault element inside soapenv:Fault/detail.
// NetSuite writes the global elements lower-camel (the types are
// upper-camel), e.g. platformFaults:invalidCredentialsFault.
type FaultKind string

// The fault elements of platform.faults.xsd.
const (
	KindInsufficientPermission         FaultKind = "insufficientPermissionFault"
	KindInvalidAccount                 FaultKind = "invalidAccountFault"
	KindInvalidCredentials             FaultKind = "invalidCredentialsFault"
	KindInvalidSession                 FaultKind = "invalidSessionFault"
	KindExceededConcurrentRequestLimit FaultKind = "exceededConcurrentRequestLimitFault"
	KindExceededRequestLimit           FaultKind = "exceededRequestLimitFault"
	KindExceededUsageLimit             FaultKind = "exceededUsageLimitFault"
	KindExceededRecordCount            FaultKind = "exceededRecordCountFault"
	KindInvalidVersion                 FaultKind = "invalidVersionFault"
	KindExceededRequestSize            FaultKind = "exceededRequestSizeFault"
	KindAsync                          FaultKind = "asyncFault"
	KindUnexpectedError                FaultKind = "unexpectedErrorFault"
)

// faultCodeServerUserException is the faultcode of every NetSuite fault.
const faultCodeServerUserException = "soapenv:Server.userException"

// SOAPFault is a SuiteTalk SOAP fault. It is sent with HTTP 500 as
//
//	<soapenv:Fault>
//	  <faultcode>soapenv:Server.userException</faultcode>
//	  <faultstring>Message</faultstring>
//	  <detail>
//	    <platformFaults:Kind xmlns:platformFaults="urn:faults_<ver>…">
//	      <platformFaults:code>Code</platformFaults:code>
//	      <platformFaults:message>Message</platformFaults:message>
//	    </platformFaults:Kind>
//	    <ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">host</ns1:hostname>
//	  </detail>
//	</soapenv:Fault>
//
// mirroring the recorded login/failure_concurrent_requests.xml. Every live
// fault seen repeats the message in faultstring.
type SOAPFault struct {
	Kind    FaultKind
	Code    FaultCode
	Message string
	// FaultString overrides the faultstring, which is Message by default.
	FaultString string
}

// Error implements error.
func (f *SOAPFault) Error() string {
	return fmt.Sprintf("netsuite soap fault %s (%s): %s", f.Kind, f.Code, f.Message)
}

func (f *SOAPFault) faultString() string {
	if f.FaultString != "" {
		return f.FaultString
	}
	return f.Message
}

// Fault returns the fault envelope. Faults carry no documentInfo header.
func (sw SOAPWriter) Fault(f *SOAPFault) []byte {
	host := sw.Hostname
	if host == "" {
		host = DefaultHostname
	}
	kind := string(f.Kind)
	l := sw.open()
	l.line(1, `<soapenv:Body>`)
	l.line(2, `<soapenv:Fault>`)
	l.line(3, `<faultcode>`, faultCodeServerUserException, `</faultcode>`)
	l.line(3, `<faultstring>`, escapeText(f.faultString()), `</faultstring>`)
	l.line(3, `<detail>`)
	l.line(4, `<platformFaults:`, kind, ` xmlns:platformFaults="`, escapeAttr(sw.Namespaces().Faults), `">`)
	l.line(5, `<platformFaults:code>`, escapeText(string(f.Code)), `</platformFaults:code>`)
	l.line(5, `<platformFaults:message>`, escapeText(f.Message), `</platformFaults:message>`)
	l.line(4, `</platformFaults:`, kind, `>`)
	l.line(4, `<ns1:hostname xmlns:ns1="`, NSAxis, `">`, escapeText(host), `</ns1:hostname>`)
	l.line(3, `</detail>`)
	l.line(2, `</soapenv:Fault>`)
	l.line(1, `</soapenv:Body>`)
	l.line(0, `</soapenv:Envelope>`)
	return l.b
}

// WriteFault writes [SOAPWriter.Fault] to w.
func (sw SOAPWriter) WriteFault(w io.Writer, f *SOAPFault) error {
	_, err := w.Write(sw.Fault(f))
	return err
}

// RespondFault sends the fault with HTTP 500, as NetSuite does.
func (sw SOAPWriter) RespondFault(w http.ResponseWriter, f *SOAPFault) {
	writeXMLResponse(w, http.StatusInternalServerError, sw.Fault(f))
}

// Fault messages seen live.
const (
	// MsgInvalidLogin is the message of a rejected login or tokenPassport.
	MsgInvalidLogin = "Invalid login attempt."
	// MsgAmbiguousAuthentication is sent when a request carries more than
	// one kind of credentials (e.g. tokenPassport plus applicationInfo).
	MsgAmbiguousAuthentication = "Ambiguous authentication"
	// MsgConcurrentRequestLimit is the message of the TBA concurrency fault;
	// public clients retry on exactly this string (NetSweet/netsuite
	// lib/netsuite/utilities.rb backoff whitelist, and others).
	MsgConcurrentRequestLimit = "SuiteTalk concurrent request limit exceeded. Request blocked."
	// MsgSessionConcurrency is the legacy per-session fault message
	// (recorded login/failure_concurrent_requests.xml).
	MsgSessionConcurrency = "Only one request may be made against a session at a time"
	// MsgWSFeatureDenied is the message seen when the account or role may
	// not use SOAP web services (netsuitephp/netsuite-php issue #13).
	MsgWSFeatureDenied = "You do not have permission to access web services feature."
)

// InvalidLoginFault is the fault for a rejected tokenPassport:
// invalidCredentialsFault, code INVALID_LOGIN_CREDENTIALS, "Invalid login
// attempt.".
//
// Partly confirmed: faultstring and message "Invalid login attempt." are
// seen in many client reports; the code follows the brief and the
// FaultCodeType enum. One public test fixture (2019_2) shows code USER_ERROR
// for the same message; its origin is unknown. Set Code to change it.
func InvalidLoginFault() *SOAPFault {
	return &SOAPFault{Kind: KindInvalidCredentials, Code: FaultInvalidLoginCredentials, Message: MsgInvalidLogin}
}

// AmbiguousAuthenticationFault is the fault for a request carrying a
// tokenPassport together with applicationInfo or a passport:
// faultstring "Ambiguous authentication", invalidCredentialsFault, code
// USER_ERROR (NetSweet/netsuite issue #368; Help Center section_1509544929;
// docs/wire-notes.md, "SOAP token passport").
func AmbiguousAuthenticationFault() *SOAPFault {
	return &SOAPFault{Kind: KindInvalidCredentials, Code: FaultUserError, Message: MsgAmbiguousAuthentication}
}

// ConcurrencyLimitFault is the fault for a TBA request over the account or
// integration concurrency limit: exceededConcurrentRequestLimitFault, code
// WS_REQUEST_BLOCKED (ns-help bridgehead_1525252812), message
// [MsgConcurrentRequestLimit].
func ConcurrencyLimitFault() *SOAPFault {
	return &SOAPFault{
		Kind:    KindExceededConcurrentRequestLimit,
		Code:    FaultWSRequestBlocked,
		Message: MsgConcurrentRequestLimit,
	}
}

// SessionConcurrencyFault is the legacy fault for a second request on one
// session (request-level credentials, login): exceededRequestLimitFault,
// code WS_CONCUR_SESSION_DISALLWD, exactly as recorded.
func SessionConcurrencyFault() *SOAPFault {
	return &SOAPFault{
		Kind:    KindExceededRequestLimit,
		Code:    FaultWSConcurSessionDisallwd,
		Message: MsgSessionConcurrency,
	}
}

// UnsupportedVersionFault is the fault for a request to an endpoint version
// NetSuite no longer serves: invalidVersionFault, code
// UNSUPPORTED_WS_VERSION, message "SuiteTalk endpoint version <v> is no
// longer supported".
//
// Partly confirmed: the message is quoted live with
// soapenv:Server.userException (NetSweet/netsuite PR #554, 2015_1;
// oracle/netsuite-suitecloud-sdk issue #779, 2017_1). The detail element and
// code follow the schema (InvalidVersionFault: "unsupported version of the
// schema", ns-help section_N3539420); no live detail was found.
func UnsupportedVersionFault(version string) *SOAPFault {
	return &SOAPFault{
		Kind:    KindInvalidVersion,
		Code:    FaultUnsupportedWSVersion,
		Message: "SuiteTalk endpoint version " + version + " is no longer supported",
	}
}

// InvalidVersionFault is the fault for an endpoint version that does not
// exist (e.g. "2031_7" or a malformed one): invalidVersionFault, code
// INVALID_WS_VERSION.
//
// Not confirmed: the wording is the emulator's; no live example was found.
func InvalidVersionFault(version string) *SOAPFault {
	return &SOAPFault{
		Kind:    KindInvalidVersion,
		Code:    FaultInvalidWSVersion,
		Message: "Invalid SuiteTalk endpoint version: " + version,
	}
}

// FeatureDisabledFault is the fault for an account whose SOAP Web Services
// feature is off: code WS_FEATURE_REQD, message [MsgWSFeatureDenied].
//
// Partly confirmed: the message is from netsuitephp/netsuite-php issue #13.
// The element is insufficientPermissionFault because a public .NET client
// tests for WS_FEATURE_REQD separately from invalidCredentialsFault, so it
// arrives in another element; which one was not found.
func FeatureDisabledFault() *SOAPFault {
	return &SOAPFault{Kind: KindInsufficientPermission, Code: FaultWSFeatureReqd, Message: MsgWSFeatureDenied}
}

// InsufficientPermissionFault is the fault-level permission error:
// insufficientPermissionFault, code INSUFFICIENT_PERMISSION, with the SOAP
// wording of [SOAPPermissionViolation].
func InsufficientPermissionFault(permission string) *SOAPFault {
	return &SOAPFault{
		Kind:    KindInsufficientPermission,
		Code:    FaultInsufficientPermission,
		Message: SOAPPermissionViolation(permission, false),
	}
}

// UnexpectedErrorFault is unexpectedErrorFault, code UNEXPECTED_ERROR,
// "An unexpected error occurred. Error ID: <errorID>" (the prefix is on
// NetSweet/netsuite's retry whitelist; the ID form is REST's, see
// [NewErrorID]). An empty errorID gives "An unexpected error occurred.".
func UnexpectedErrorFault(errorID string) *SOAPFault {
	msg := "An unexpected error occurred."
	if errorID != "" {
		msg += " Error ID: " + errorID
	}
	return &SOAPFault{Kind: KindUnexpectedError, Code: FaultUnexpectedError, Message: msg}
}
