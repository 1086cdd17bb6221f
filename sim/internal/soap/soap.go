// Package soap is the emulator's SuiteTalk SOAP surface,
// /services/NetSuitePort_<version>. Its operations are dispatched from one
// table, which is also the list of what it implements ([Operations]).
package soap

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/go-netsuite/netsuite/internal/nsschema"
	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/governor"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// The SOAP surface: /services/NetSuitePort_<version>.
//
// A request goes through these steps, each of which can end it:
//
//  1. method: POST is served; GET and HEAD get Apache Axis's service page,
//     OPTIONS the Allow list, anything else 405 (see serveSOAPNonPost);
//  2. size: more than 100 MB is ExceededRequestSizeFault;
//  3. parse: the whole envelope is read with a streaming decoder; XML that
//     is not well-formed is answered as Axis answers a SAXParseException;
//  4. endpoint version: before 2019_1 UnsupportedVersionFault, malformed
//     InvalidVersionFault;
//  5. operation: the first element of soapenv:Body, in the messages
//     namespace of the endpoint version; an element that is no operation of
//     the WSDL gets Axis's "No such operation";
//  6. getDataCenterUrls is answered here, without authentication;
//  7. token login (tokenPassport), then a concurrency slot;
//  8. the operation, or a fault naming an operation the emulator does not
//     implement yet.
//
// Wording sources are given where each answer is built.

// maxSOAPRequest is the largest SOAP request NetSuite accepts: "The maximum
// allowed size for a SOAP request is 100MB" (Help Center section_N3418637,
// Understanding Request Limiting).
const maxSOAPRequest = 100 << 20

// minSOAPVersion is the oldest endpoint the emulator serves. In the SOAP
// Removal Plans FAQ table (Help Center article_2104046421; docs/wire-notes.md,
// "SOAP endpoint lifecycle") 2019.1 is the oldest endpoint
// still available in 2025.2 and 2018.2 is disabled; 2019.1 is also the first
// endpoint served only on account-specific domains.
const minSOAPVersion = "2019_1"

// defaultSOAPVersion names the namespaces of an answer whose path carries no
// usable version: the last SOAP endpoint NetSuite plans.
const defaultSOAPVersion = "2025_2"

// soapPathPrefix is the path of every SOAP endpoint, before the version.
const soapPathPrefix = "/services/NetSuitePort_"

// operation is how the emulator answers one operation of the WSDL.
type operation struct {
	// serve builds the answer; nil for an operation the emulator does not
	// implement yet (a fault saying so, after the token login).
	serve func(s *Service, c *opCall) (wire.BodyFunc, error)
	// anonymous operations are answered without a token login.
	anonymous bool
}

// opCall is one operation request.
type opCall struct {
	r   *http.Request
	ns  wire.Namespaces
	req *soapRequest
	l   *core.Login // nil for an anonymous operation
	// nsAccount is the account of the answer's nsId; the emulator's unless
	// the operation sets it.
	nsAccount string
}

// operations is the one table of the SOAP surface: every operation of the
// 2023_2 WSDL (netsuite.wsdl, portType NetSuitePortType, 42 operations; see
// docs/wire-notes.md, "SOAP operations"), with the emulator's handler where
// it has one. A Body element naming no operation here gets Axis's "No such
// operation"; [Operations] lists the implemented ones.
var operations = map[string]operation{
	"add": {}, "addList": {}, "asyncAddList": {}, "asyncDeleteList": {}, "asyncGetList": {},
	"asyncInitializeList": {}, "asyncSearch": {}, "asyncUpdateList": {}, "asyncUpsertList": {},
	"attach": {}, "changeEmail": {}, "changePassword": {}, "checkAsyncStatus": {}, "delete": {},
	"deleteList": {}, "detach": {},
	"get":                      {serve: (*Service).opGet},
	"getAccountGovernanceInfo": {serve: (*Service).opAccountGovernance},
	"getAll":                   {},
	"getAsyncResult":           {}, "getBudgetExchangeRate": {}, "getCurrencyRate": {},
	"getCustomizationId":           {serve: (*Service).opCustomizationID},
	"getDataCenterUrls":            {serve: (*Service).opDataCenterURLs, anonymous: true},
	"getDeleted":                   {},
	"getIntegrationGovernanceInfo": {serve: (*Service).opIntegrationGovernance},
	"getItemAvailability":          {}, "getList": {}, "getPostingTransactionSummary": {}, "getSavedSearch": {},
	"getSelectValue": {},
	"getServerTime":  {serve: (*Service).opServerTime},
	"initialize":     {}, "initializeList": {},
	"search":           {serve: (*Service).opSearch},
	"searchMoreWithId": {serve: (*Service).opSearchMore},
	"update":           {}, "updateInviteeStatus": {}, "updateInviteeStatusList": {},
	"updateList": {}, "upsert": {}, "upsertList": {},
}

// Operations returns the SOAP operations the emulator implements, sorted.
func Operations() []string {
	var ops []string
	for name, op := range operations {
		if op.serve != nil {
			ops = append(ops, name)
		}
	}
	slices.Sort(ops)
	return ops
}

// WSDLOperations returns every operation of the WSDL, sorted: the
// implemented ones and those answered with a "not implemented" fault.
func WSDLOperations() []string {
	return slices.Sorted(maps.Keys(operations))
}

// Version is soapVersion, for the server's injected-fault answers.
func Version(path string) string { return soapVersion(path) }

// soapVersion returns the endpoint version of a SOAP path, e.g. "2023_2" for
// /services/NetSuitePort_2023_2. It is used for the namespaces of the
// answer, so a version that cannot appear in a namespace URN (empty, or
// with characters other than letters, digits, '_', '.' and '-') gives
// defaultSOAPVersion.
func soapVersion(path string) string {
	v := rawSOAPVersion(path)
	if v == "" || len(v) > 32 || strings.IndexFunc(v, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '.' || r == '-')
	}) >= 0 {
		return defaultSOAPVersion
	}
	return v
}

// rawSOAPVersion is the path segment after "NetSuitePort_", as sent.
func rawSOAPVersion(path string) string {
	_, v, ok := strings.Cut(path, soapPathPrefix)
	if !ok {
		return ""
	}
	v, _, _ = strings.Cut(v, "/")
	return v
}

// legacyVersion matches the endpoint versions before 2008 (1_3 to 2_6).
var legacyVersion = regexp.MustCompile(`^[12]_[0-9]$`)

// soapVersionFault returns the fault for an endpoint version the emulator
// does not serve, or nil. Versions of the current form from 2019_1 on are
// served, including ones NetSuite has not released (the emulator cannot know
// them); older ones are UnsupportedVersionFault, anything else
// InvalidVersionFault.
func soapVersionFault(raw string) *wire.SOAPFault {
	switch {
	case wire.ValidVersion(raw):
		if raw < minSOAPVersion {
			return wire.UnsupportedVersionFault(raw)
		}
		return nil
	case legacyVersion.MatchString(raw):
		return wire.UnsupportedVersionFault(raw)
	}
	return wire.InvalidVersionFault(xmlSafe(raw))
}

// ServeHTTP answers a SuiteTalk SOAP request.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		serveSOAPNonPost(w, r)
		return
	}
	sw := wire.SOAPWriter{Version: soapVersion(r.URL.Path)}
	if r.ContentLength > maxSOAPRequest {
		sw.RespondFault(w, requestSizeFault())
		return
	}
	req, err := parseSOAPRequest(http.MaxBytesReader(w, r.Body, maxSOAPRequest))
	if err != nil {
		var tooBig *http.MaxBytesError
		var pe *soapParseError
		switch {
		case errors.As(err, &tooBig):
			sw.RespondFault(w, requestSizeFault())
		case errors.As(err, &pe):
			s.Log.Debug("SOAP request is not a well-formed envelope", "fault", pe.faultString)
			respondAxisFault(w, pe.faultString)
		default: // the client went away or the body could not be read
			sw.RespondFault(w, s.soapUnexpected(fmt.Errorf("reading SOAP request: %w", err)))
		}
		return
	}
	if f := soapVersionFault(rawSOAPVersion(r.URL.Path)); f != nil {
		sw.RespondFault(w, f)
		return
	}
	ns := sw.Namespaces()
	if !req.hasOp {
		respondAxisFault(w, faultNoBody)
		return
	}
	op, known := operations[req.op.Local]
	if req.op.Space != ns.Messages || !known {
		s.Log.Debug("unknown SOAP operation", "element", req.op.Local, "namespace", req.op.Space, "want", ns.Messages)
		respondAxisFault(w, "No such operation '"+req.op.Local+"'")
		return
	}
	c := &opCall{r: r, ns: ns, req: req, nsAccount: s.AccountID()}
	if !op.anonymous {
		l, f := s.soapLogin(r, req)
		if f != nil {
			sw.RespondFault(w, f)
			return
		}
		release, err := s.Acquire(r.Context(), l)
		if err != nil {
			if errors.Is(err, governor.ErrLimitExceeded) {
				sw.RespondFault(w, wire.ConcurrencyLimitFault())
			} else if core.IsLoginFailure(err) { // over the limit, answered as a bad login (injected)
				sw.RespondFault(w, wire.InvalidLoginFault())
			} else {
				sw.RespondFault(w, s.soapUnexpected(err))
			}
			return
		}
		defer release()
		c.l = l
	}
	if op.serve == nil {
		sw.RespondFault(w, notImplementedFault(req.op.Local))
		return
	}
	body, err := op.serve(s, c)
	var fault *wire.SOAPFault
	if errors.As(err, &fault) {
		sw.RespondFault(w, fault)
		return
	}
	if err == nil {
		err = sw.Respond(w, http.StatusOK, s.NsIDs.Next(c.nsAccount), body)
	}
	if err != nil {
		sw.RespondFault(w, s.soapUnexpected(err))
	}
}

// opServerTime answers getServerTime.
func (s *Service) opServerTime(c *opCall) (wire.BodyFunc, error) {
	return soapResult(c.ns, "getServerTime", wire.Status{IsSuccess: true},
		xmlField{name: "serverTime", value: xsdDateTime(s.Now())}), nil
}

// serveSOAPNonPost answers methods other than POST as NetSuite's Apache Axis
// 1.4 servlet does (NetSuite runs Axis: faults carry its
// http://xml.apache.org/axis/ hostname element). AxisServlet answers GET
// with its service page (the wording is Axis's, quoted by many Axis sites);
// the servlet container answers OPTIONS with the allowed methods and the
// rest with 405. GET ?wsdl gets the endpoint version's WSDL (wsdl.go).
// Not checked against NetSuite itself.
func serveSOAPNonPost(w http.ResponseWriter, r *http.Request) {
	const allow = "GET, HEAD, POST, OPTIONS"
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if wsdlQuery(r) {
			serveSchemaFile(w, r, rawSOAPVersion(r.URL.Path), nsschema.WSDLFile)
			return
		}
		name := "NetSuitePort_" + rawSOAPVersion(r.URL.Path)
		page := "<h1>" + html.EscapeString(name) + "</h1>\n" +
			"<p>Hi there, this is an AXIS service!</p>\n" +
			"<i>Perhaps there will be a form for invoking the service here...</i>\n"
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			io.WriteString(w, page)
		}
	case http.MethodOptions:
		w.Header().Set("Allow", allow)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Allow", allow)
		http.Error(w, "HTTP method "+r.Method+" is not supported by this URL", http.StatusMethodNotAllowed)
	}
}

// requestSizeFault is the fault for a request over 100 MB. NetSuite names
// ExceededRequestSizeFault for it (Help Center section_N3418637); its code
// and message were not found. The code must be a FaultCodeType value and
// none is about size, so it is USER_ERROR; the message is the emulator's.
func requestSizeFault() *wire.SOAPFault {
	return &wire.SOAPFault{Kind: wire.KindExceededRequestSize, Code: wire.FaultUserError,
		Message: "The request exceeds the maximum allowed size of 100 MB."}
}

// notImplementedFault is the emulator's own fault for an operation of the
// WSDL it does not implement yet. It says so plainly; its message does not
// start with "An unexpected error occurred", the prefix clients retry on.
func notImplementedFault(op string) *wire.SOAPFault {
	return &wire.SOAPFault{Kind: wire.KindUnexpectedError, Code: wire.FaultUnexpectedError,
		Message: vocab.EmulatorNotImplemented + "the SOAP operation '" + op + "' yet."}
}

// soapUnexpected logs an internal error under a new error id and returns
// NetSuite's unexpectedErrorFault carrying the id.
func (s *Service) soapUnexpected(err error) *wire.SOAPFault {
	id := wire.NewErrorID(nil)
	s.Log.Error("internal error", "surface", "SOAP", "error_id", id, "err", err)
	return wire.UnexpectedErrorFault(id)
}

// soapLogin checks the request's credentials: exactly one tokenPassport and
// no other kind of credentials (ns-help section_1509544929: "Ambiguous
// authentication"), complete, then verified as every token login is. Every
// refusal is recorded in the Login Audit Trail; the client sees NetSuite's
// uniform invalidCredentialsFault "Invalid login attempt.".
func (s *Service) soapLogin(r *http.Request, req *soapRequest) (*core.Login, *wire.SOAPFault) {
	refuse := func(detail, reason string) {
		s.Refuse(r, vocab.SurfaceSOAP, nil, &core.LoginFailure{Detail: detail, Reason: reason})
	}
	switch {
	case req.tokenPassports > 1 || req.tokenPassports == 1 && (req.applicationInfo || req.legacyPassport):
		refuse(vocab.DetailAmbiguousAuthentication, fmt.Sprintf("%d tokenPassport, applicationInfo %t, passport %t",
			req.tokenPassports, req.applicationInfo, req.legacyPassport))
		return nil, wire.AmbiguousAuthenticationFault()
	case req.tokenPassports == 0 && core.IsBearer(r):
		// SOAP web services accept no OAuth 2.0 (Help Center section
		// 157780312610): a bearer token is no credential here.
		refuse(vocab.DetailMissingTokenPassport, "no tokenPassport header (SOAP web services do not accept OAuth 2.0 bearer tokens)")
		return nil, wire.InvalidLoginFault()
	case req.tokenPassports == 0:
		refuse(vocab.DetailMissingTokenPassport, "no tokenPassport header")
		return nil, wire.InvalidLoginFault()
	case req.passportErr != nil:
		refuse(passportErrorDetail(req.passportErr), req.passportErr.Error())
		return nil, wire.InvalidLoginFault()
	}
	l, err := s.VerifyPassport(r, req.passport)
	if err != nil {
		if core.IsLoginFailure(err) {
			return nil, wire.InvalidLoginFault()
		}
		return nil, s.soapUnexpected(err)
	}
	return l, nil
}

// passportErrorDetail is the audit detail of a tokenPassport that cannot be
// used, from auth.DecodePassport's typed errors.
func passportErrorDetail(err error) string {
	switch {
	case errors.Is(err, auth.ErrPassportTimestamp):
		return vocab.DetailInvalidTimestamp
	case errors.Is(err, auth.ErrPassportAlgorithm):
		return vocab.DetailUnsupportedSignatureMethod
	}
	return vocab.DetailMissingPassportFields // missing fields, or XML that is not a passport
}

// opDataCenterURLs answers getDataCenterUrls, which "ignores all
// authentication data" (Help Center section_N3494684). The emulator serves
// every domain itself, so all three point at its own address. An empty
// account gives the documented DATA_REQD status; the nsId carries the
// account asked about, as in the documented samples (empty for an empty
// account: "WEBSERVICES__…").
func (s *Service) opDataCenterURLs(c *opCall) (wire.BodyFunc, error) {
	ns, r := c.ns, c.r
	acct := strings.TrimSpace(c.req.account)
	var body wire.BodyFunc
	if acct == "" {
		body = soapResult(ns, "getDataCenterUrls", wire.ErrorStatus("DATA_REQD",
			"You need to provide a proper value for the required field: account."))
	} else {
		u := core.RequestURL(r)
		base := xmlSafe(u.Scheme + "://" + u.Host)
		body = soapResult(ns, "getDataCenterUrls", wire.Status{IsSuccess: true}, xmlField{name: "dataCenterUrls", children: []xmlField{
			{name: "restDomain", value: base}, {name: "webservicesDomain", value: base}, {name: "systemDomain", value: base}}})
	}
	c.nsAccount = nsIDAccount(acct)
	return body, nil
}

// nsIDAccount is the account part of an nsId: upper case letters, digits
// and underscores.
func nsIDAccount(acct string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '_':
			return r
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r == '-':
			return '_'
		}
		return -1
	}, acct)
}

// opAccountGovernance answers getAccountGovernanceInfo.
func (s *Service) opAccountGovernance(c *opCall) (wire.BodyFunc, error) {
	ns := c.ns
	g, err := s.Store.Governance(c.r.Context())
	if err != nil {
		return nil, err
	}
	return soapResult(ns, "getAccountGovernanceInfo", wire.Status{IsSuccess: true},
		xmlField{name: "accountConcurrencyLimit", value: strconv.Itoa(g.AccountLimit)},
		xmlField{name: "unallocatedConcurrencyLimit", value: strconv.Itoa(g.Unallocated)}), nil
}

// opIntegrationGovernance answers getIntegrationGovernanceInfo from the
// same figures as REST's governanceLimits. The limit type is "_account"
// when no limit is allocated to the integration: the Help Center page
// (section_158142272877) writes "_accountLimit", but the schema's
// GetIntegrationGovernanceInfoLimitType (platform.coreTypes.xsd, 2023_2 and
// the generated 2022_x/2024_2 clients) has only _account,
// _integrationSpecific and _internal, and typed clients reject other values.
// The limit given then is the unallocated pool the integration shares.
func (s *Service) opIntegrationGovernance(c *opCall) (wire.BodyFunc, error) {
	ns := c.ns
	g, err := s.GovernanceFor(c.r.Context(), c.l)
	if err != nil {
		return nil, err
	}
	limit, typ := g.AccountUnallocatedConcurrencyLimit, "_account"
	if g.IntegrationConcurrencyLimit != nil {
		limit, typ = *g.IntegrationConcurrencyLimit, "_integrationSpecific"
	}
	return soapResult(ns, "getIntegrationGovernanceInfo", wire.Status{IsSuccess: true},
		xmlField{name: "integrationConcurrencyLimit", value: strconv.Itoa(limit)},
		xmlField{name: "limitType", value: typ}), nil
}

// msgRecordNotFound is NetSuite's RCRD_DSNT_EXIST message, as quoted for
// get by internal or external id in the elastic.io NetSuite component's
// documentation (SuiteTalk 2017.2 SDK).
const msgRecordNotFound = "That record does not exist."

// opGet answers get for the record types of the demo tables
// (core.RecordTypes): the role's permission first, as NetSuite never answers
// "not found" for a record the role may not see, then the record by
// internalId or externalId.
func (s *Service) opGet(c *opCall) (wire.BodyFunc, error) {
	ctx, ns, l, ref := c.r.Context(), c.ns, c.l, c.req.baseRef
	if ref.TypeID != "" && ref.Type == "" { // a CustomRecordRef
		return s.opGetCustomRecord(c)
	}
	rt, ok := core.RecordTypes[strings.ToLower(ref.Type)] // keyed by lower-case REST name
	def, ok2 := soapRecords[ref.Type]
	if !ok || !ok2 {
		return nil, &wire.SOAPFault{Kind: wire.KindUnexpectedError, Code: wire.FaultUnexpectedError,
			Message: vocab.EmulatorNotImplemented + "the SOAP operation 'get' for record type '" +
				ref.Type + "' yet; it serves " + servedTypes + "."}
	}
	// An empty permission: one the emulator does not model (account,
	// accountingPeriod; see sim/catalog/tables_more.go), so none to check.
	if rt.Permission != "" && !l.Perms.Has(rt.Permission, vocab.LevelView) {
		return readResponse(ns, wire.ErrorStatus(string(wire.FaultInsufficientPermission),
			wire.SOAPPermissionViolation(rt.Permission, false)), nil), nil
	}
	notFound := readResponse(ns, wire.ErrorStatus("RCRD_DSNT_EXIST", msgRecordNotFound), nil)
	id, err := s.soapRecordID(ctx, rt.Table, ref)
	if err == nil {
		var row map[string]any
		if row, err = s.ReadRow(ctx, rt.Table, id); err == nil {
			return readResponse(ns, wire.Status{IsSuccess: true}, def.recordLines(ns, id, row)), nil
		}
	}
	if errors.Is(err, sql.ErrNoRows) || core.IsNoTable(err) {
		return notFound, nil
	}
	return nil, err
}

// soapRecordID resolves a RecordRef to a row id: internalId when given,
// otherwise externalId. sql.ErrNoRows when there is none.
func (s *Service) soapRecordID(ctx context.Context, table string, ref soapRecordRef) (int64, error) {
	if id := strings.TrimSpace(ref.InternalID); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return 0, sql.ErrNoRows
		}
		return n, nil
	}
	ext := strings.TrimSpace(ref.ExternalID)
	if ext == "" {
		return 0, sql.ErrNoRows
	}
	var id int64
	err := s.Store.DB().QueryRowContext(ctx, `SELECT id FROM "`+table+`" WHERE externalid = ? ORDER BY id LIMIT 1`, ext).Scan(&id)
	return id, err
}

// --- Parsing ---------------------------------------------------------------

// soapRecordRef is the baseRef of a get request (platformCore:RecordRef).
// Its attributes are unqualified (the XSD declares no
// attributeFormDefault), so only namespace-less attributes are read: a
// `type,attr` struct tag would also match xsi:type, which zeep writes after
// type (<baseRef internalId="6" type="customer" xsi:type="ns1:RecordRef"/>)
// and which would then win.
type soapRecordRef struct {
	InternalID string
	ExternalID string
	Type       string
	TypeID     string // a CustomRecordRef's custom record type
}

// UnmarshalXML reads the RecordRef's unqualified attributes and skips its
// content (a RecordRef's name child is output only).
func (ref *soapRecordRef) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	*ref = soapRecordRef{}
	for _, a := range start.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "internalId":
			ref.InternalID = a.Value
		case "externalId":
			ref.ExternalID = a.Value
		case "type":
			ref.Type = a.Value
		case "typeId":
			ref.TypeID = a.Value
		}
	}
	return d.Skip()
}

// soapRequest is what the emulator reads from a request envelope.
type soapRequest struct {
	tokenPassports  int            // tokenPassport header elements
	passport        *auth.Passport // the first, when complete
	passportErr     error          // why the first cannot be used
	applicationInfo bool
	legacyPassport  bool // a passport header (request-level credentials)

	hasOp   bool
	op      xml.Name      // the first element of soapenv:Body
	baseRef soapRecordRef // get
	account string        // getDataCenterUrls

	customizationType string // getCustomizationId

	search    *soapSearch // search
	pageSize  int         // searchPreferences
	searchID  string      // searchMoreWithId
	pageIndex int
}

// soapParseError is an envelope that is not well-formed XML or not a SOAP 1.1
// envelope, with the faultstring Axis gives.
type soapParseError struct{ faultString string }

func (e *soapParseError) Error() string { return e.faultString }

// faultNoBody is the faultstring for an envelope without a body element:
// Axis 1.4's RPCProvider throws Exception("Body not found.") when no
// operation without parameters exists, and every NetSuite operation has one
// (its request element). From Axis's source, not seen from NetSuite.
const faultNoBody = "java.lang.Exception: Body not found."

// parseSOAPRequest reads a whole SOAP envelope with a streaming decoder:
// the headers that carry credentials, the operation (the first element of
// soapenv:Body) and what the implemented operations need of it. The rest of
// the document is read too, since Axis parses the whole envelope before
// anything runs and refuses it if any of it is not well-formed. Element
// namespaces are not checked in the header (NetSuite's samples and clients
// differ); the envelope, header and body must be SOAP 1.1's.
func parseSOAPRequest(body io.Reader) (*soapRequest, error) {
	src := &readTracker{r: body}
	d := xml.NewDecoder(src)
	d.CharsetReader = soapCharsetReader
	req := &soapRequest{}
	fail := func(err error) error {
		if src.err != nil && errors.Is(err, src.err) {
			return err // the body could not be read: not the document's fault
		}
		return saxError(d, err)
	}

	// Prolog, then the root element.
	var root xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, parseFault(d, "Premature end of file.")
		}
		if err != nil {
			return nil, fail(err)
		}
		if t, ok := tok.(xml.StartElement); ok {
			root = t
			break
		}
		if t, ok := tok.(xml.CharData); ok && len(strings.Trim(string(t), " \t\r\n\uFEFF")) > 0 {
			return nil, parseFault(d, "Content is not allowed in prolog.")
		}
	}
	if root.Name.Space != wire.NSSOAPEnv || root.Name.Local != "Envelope" {
		// Axis's EnvelopeBuilder: "Bad envelope tag:  <name>" (two spaces).
		return nil, &soapParseError{"org.xml.sax.SAXException: Bad envelope tag:  " + xmlSafe(root.Name.Local)}
	}

	// The children of the envelope.
	sawBody := false
envelope:
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var err error
			switch {
			case t.Name.Space == wire.NSSOAPEnv && t.Name.Local == "Header" && !sawBody:
				err = req.readHeader(d)
			case t.Name.Space == wire.NSSOAPEnv && t.Name.Local == "Body" && !sawBody:
				sawBody = true
				err = req.readBody(d)
			default:
				err = d.Skip()
			}
			if err != nil {
				return nil, fail(err)
			}
		case xml.EndElement:
			break envelope
		}
	}

	// Nothing but comments, processing instructions and white space may
	// follow the root element.
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return req, nil
		}
		if err != nil {
			return nil, fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return nil, parseFault(d, "The markup in the document following the root element must be well-formed.")
		case xml.CharData:
			if len(strings.TrimSpace(string(t))) > 0 {
				return nil, parseFault(d, "Content is not allowed in trailing section.")
			}
		}
	}
}

// readHeader reads soapenv:Header up to its end element.
func (req *soapRequest) readHeader(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch t.Name.Local {
			case "tokenPassport":
				req.tokenPassports++
				if req.tokenPassports > 1 {
					err = d.Skip()
					break
				}
				var p *auth.Passport
				p, err = auth.DecodePassport(d, &t)
				if unusablePassport(err) {
					// A well-formed element whose content cannot be
					// used: a login refusal, not a parse fault.
					req.passportErr, err = err, nil
				}
				req.passport = p
			case "applicationInfo":
				req.applicationInfo = true
				err = d.Skip()
			case "searchPreferences":
				var x struct {
					PageSize string `xml:"pageSize"`
				}
				if err = d.DecodeElement(&x, &t); err == nil {
					req.pageSize, _ = strconv.Atoi(strings.TrimSpace(x.PageSize))
				}
			case "passport":
				req.legacyPassport = true
				err = d.Skip()
			default:
				err = d.Skip()
			}
			if err != nil {
				return err
			}
		}
	}
}

// unusablePassport reports whether err, from auth.DecodePassport, is a
// well-formed tokenPassport whose content cannot be used (missing fields, a
// timestamp that is no integer, an algorithm that is no SignatureAlgorithm
// value): these are login refusals, audited like the others. Any other
// error is the XML itself failing and ends in a parse fault.
func unusablePassport(err error) bool {
	var missing *auth.MissingFieldsError
	return errors.As(err, &missing) || errors.Is(err, auth.ErrPassportTimestamp) || errors.Is(err, auth.ErrPassportAlgorithm)
}

// readBody reads soapenv:Body up to its end element; its first element is
// the operation.
func (req *soapRequest) readBody(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if req.hasOp {
				err = d.Skip()
			} else {
				req.hasOp, req.op = true, t.Name
				switch t.Name.Local {
				case "get":
					var x struct {
						BaseRef soapRecordRef `xml:"baseRef"`
					}
					err = d.DecodeElement(&x, &t)
					req.baseRef = x.BaseRef
				case "getDataCenterUrls":
					var x struct {
						Account string `xml:"account"`
					}
					err = d.DecodeElement(&x, &t)
					req.account = x.Account
				case "getCustomizationId":
					var x struct {
						Type struct {
							Type string `xml:"getCustomizationType,attr"`
						} `xml:"customizationType"`
					}
					err = d.DecodeElement(&x, &t)
					req.customizationType = x.Type.Type
				case "search":
					req.search, err = readSearch(d)
				case "searchMoreWithId":
					var x struct {
						SearchID  string `xml:"searchId"`
						PageIndex string `xml:"pageIndex"`
					}
					err = d.DecodeElement(&x, &t)
					req.searchID = x.SearchID
					req.pageIndex, _ = strconv.Atoi(strings.TrimSpace(x.PageIndex))
				default:
					err = d.Skip()
				}
			}
			if err != nil {
				return err
			}
		}
	}
}

// parseFault is a SAXParseException at the decoder's position, written as
// Java's SAXParseException.toString() gives it and NetSuite sends it as the
// faultstring, e.g. "org.xml.sax.SAXParseException; lineNumber: 2;
// columnNumber: 300; An invalid XML character (Unicode: 0x3) was found in
// the element content of the document." (NetSweet/netsuite issues #570 and
// #327).
func parseFault(d *xml.Decoder, msg string) *soapParseError {
	line, col := d.InputPos()
	return &soapParseError{fmt.Sprintf("org.xml.sax.SAXParseException; lineNumber: %d; columnNumber: %d; %s", line, col, xmlSafe(msg))}
}

// saxError turns a document error into a parse fault, with Xerces's
// wording for the common cases; other errors keep Go's wording.
func saxError(d *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	var ce *charsetError
	if errors.As(err, &ce) {
		return parseFault(d, `Invalid encoding name "`+ce.name+`".`)
	}
	if !errors.As(err, &se) {
		return parseFault(d, sentence(err.Error()))
	}
	msg := se.Msg
	var a, b string
	var code int
	switch {
	case msg == "unexpected EOF":
		msg = "XML document structures must start and end within the same entity."
	case scan(msg, "element <%s closed by </%s", &a, &b):
		a = strings.TrimSuffix(a, ">")
		msg = `The element type "` + a + `" must be terminated by the matching end-tag "</` + a + `>".`
	case scan(msg, "illegal character code U+%X", &code):
		msg = fmt.Sprintf("An invalid XML character (Unicode: 0x%x) was found in the element content of the document.", code)
	case scan(msg, "invalid character entity &%s", &a):
		msg = `The entity "` + strings.TrimSuffix(a, ";") + `" was referenced, but not declared.`
	default:
		msg = sentence(msg)
	}
	return parseFault(d, msg)
}

// sentence capitalises msg and ends it with a full stop.
func sentence(msg string) string {
	msg = strings.TrimPrefix(msg, "xml: ")
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// readTracker remembers the error of the reader under the decoder, to tell
// a body that could not be read from a document that is not well-formed.
type readTracker struct {
	r   io.Reader
	err error
}

func (t *readTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}

// charsetError is a declared encoding the emulator cannot read.
type charsetError struct{ name string }

func (e *charsetError) Error() string { return "unsupported encoding " + e.name }

// soapCharsetReader reads the encodings besides UTF-8 that a SOAP client
// may declare: US-ASCII and ISO-8859-1. Others are refused as Xerces
// refuses an unknown encoding name.
func soapCharsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "latin1", "l1":
		br, ok := input.(io.ByteReader)
		if !ok {
			br = bufio.NewReader(input)
		}
		return &latin1Reader{r: br}, nil
	}
	return nil, &charsetError{xmlSafe(charset)}
}

// latin1Reader decodes ISO-8859-1 to UTF-8.
type latin1Reader struct {
	r       io.ByteReader
	pending []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.pending) > 0 {
			c := copy(p[n:], l.pending)
			l.pending, n = l.pending[c:], n+c
			continue
		}
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c < utf8.RuneSelf {
			p[n] = c
			n++
			continue
		}
		l.pending = utf8.AppendRune(l.pending[:0], rune(c))
	}
	return n, nil
}

// scan reports whether s starts with format's text, filling every arg.
func scan(s, format string, args ...any) bool {
	n, err := fmt.Sscanf(s, format, args...)
	return err == nil && n == len(args)
}

// respondAxisFault sends a fault raised by Axis itself rather than by
// NetSuite's code: faultcode soapenv:Server.userException, the exception as
// faultstring, and a detail holding only Axis's hostname element (as in
// NetSweet/netsuite issue #327).
func respondAxisFault(w http.ResponseWriter, faultString string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + wire.NSSOAPEnv + `" xmlns:xsd="` + wire.NSXSD + `" xmlns:xsi="` + wire.NSXSI + `">` + "\n")
	b.WriteString("  <soapenv:Body>\n    <soapenv:Fault>\n")
	b.WriteString("      <faultcode>soapenv:Server.userException</faultcode>\n")
	b.WriteString("      <faultstring>" + xmlText(faultString) + "</faultstring>\n")
	b.WriteString("      <detail>\n")
	b.WriteString(`        <ns1:hostname xmlns:ns1="` + wire.NSAxis + `">` + wire.DefaultHostname + "</ns1:hostname>\n")
	b.WriteString("      </detail>\n    </soapenv:Fault>\n  </soapenv:Body>\n</soapenv:Envelope>")
	h := w.Header()
	h.Set("Content-Type", wire.ContentTypeSOAP)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, b.String())
}

// --- Writing ---------------------------------------------------------------

// xmlField is a platformCore (or record) element: text, or children.
type xmlField struct {
	name     string
	value    string // already XML-safe, not yet escaped
	children []xmlField
}

// bodyLines collects the lines of a response body with their depth below
// soapenv:Body, laid out as wire.SOAPWriter expects (BodyIndent, two spaces
// per level).
type bodyLines []string

func (b *bodyLines) add(depth int, parts ...string) {
	*b = append(*b, bodyIndent(depth)+strings.Join(parts, ""))
}

func bodyIndent(depth int) string { return wire.BodyIndent + strings.Repeat("  ", depth) }

// status adds a platformCore:status at depth; coreNS is declared on it when
// not empty.
func (b *bodyLines) status(depth int, st wire.Status, coreNS string) {
	b.add(depth, string(st.XML(coreNS, bodyIndent(depth), "  ")))
}

func (b *bodyLines) fields(depth int, prefix string, fs []xmlField) {
	for _, f := range fs {
		if f.children != nil {
			b.add(depth, "<", prefix, ":", f.name, ">")
			b.fields(depth+1, prefix, f.children)
			b.add(depth, "</", prefix, ":", f.name, ">")
			continue
		}
		b.add(depth, "<", prefix, ":", f.name, ">", xmlText(f.value), "</", prefix, ":", f.name, ">")
	}
}

func (b bodyLines) body() wire.BodyFunc {
	s := strings.Join(b, "\n")
	return wire.RawBody(strings.TrimPrefix(s, wire.BodyIndent))
}

// soapResult is the body of the operations whose response wraps a
// platformCore:<op>Result (getServerTime, getDataCenterUrls, the governance
// operations), in the layout of the Help Center samples and of the recorded
// searchResult: the response element in the messages namespace by default,
// platformCore declared on the result.
func soapResult(ns wire.Namespaces, op string, st wire.Status, fields ...xmlField) wire.BodyFunc {
	var b bodyLines
	b.add(0, `<`, op, `Response xmlns="`, ns.Messages, `">`)
	b.add(1, `<platformCore:`, op, `Result xmlns:platformCore="`, ns.Core, `">`)
	b.status(2, st, "")
	b.fields(2, "platformCore", fields)
	b.add(1, `</platformCore:`, op, `Result>`)
	b.add(0, `</`, op, `Response>`)
	return b.body()
}

// readResponse is a getResponse as recorded (get/get_customer.xml): the
// status declaring platformCore, then the record, if any.
func readResponse(ns wire.Namespaces, st wire.Status, record []string) wire.BodyFunc {
	var b bodyLines
	b.add(0, `<getResponse xmlns="`, ns.Messages, `">`)
	b.add(1, `<readResponse>`)
	b.status(2, st, ns.Core)
	for _, l := range record {
		b = append(b, bodyIndent(2)+l)
	}
	b.add(1, `</readResponse>`)
	b.add(0, `</getResponse>`)
	return b.body()
}

// soapFieldKind is how a demo column is written.
type soapFieldKind int

const (
	kindText soapFieldKind = iota
	kindBool
	kindDateTime
	kindDouble
)

// soapField maps a demo column to a record element.
type soapField struct {
	element, column string
	kind            soapFieldKind
}

// soapRecordDef is how a record type is written: its namespace prefix,
// xsi:type and the fields the demo table has, in the order of the type's
// sequence in the 2023_2 XSD (lists.relationships.xsd, lists.employees.xsd;
// Vendor and Employee put lastModifiedDate before dateCreated).
type soapRecordDef struct {
	prefix, typeName string
	fields           []soapField
}

// soapRecords are derived from the record catalog (sim/catalog): the SOAP
// type, namespace prefix and elements of the one-table record types that
// get and search serve (servedTypes lists them).
var soapRecords = func() map[string]soapRecordDef {
	m := map[string]soapRecordDef{}
	for _, r := range catalog.Default().Records {
		if r.Discriminator.Column != "" {
			continue
		}
		def := soapRecordDef{prefix: r.SOAPPrefix, typeName: r.SOAPType}
		for _, f := range catalog.Default().SOAPFields(r) {
			kind := kindText
			switch f.Type {
			case catalog.Boolean:
				kind = kindBool
			case catalog.DateTime:
				kind = kindDateTime
			case catalog.Float:
				kind = kindDouble
			}
			def.fields = append(def.fields, soapField{element: f.SOAP, column: f.Column, kind: kind})
		}
		m[r.REST] = def
	}
	return m
}()

// servedTypes lists soapRecords in the catalog's order, for messages:
// "customer, contact, … and customerStatus".
var servedTypes = func() string {
	var names []string
	for _, r := range catalog.Default().Records {
		if _, ok := soapRecords[r.REST]; ok {
			names = append(names, r.REST)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}()

// recordLines returns the record element's lines, relative to its own depth, as
// recorded: <record internalId="…" externalId="…" xsi:type="listRel:Customer"
// xmlns:listRel="…"> with the fields in the record's namespace.
func (def soapRecordDef) recordLines(ns wire.Namespaces, id int64, row map[string]any) []string {
	uri, _ := ns.URI(def.prefix)
	open := `<record internalId="` + strconv.FormatInt(id, 10) + `"`
	if ext, ok := row["externalid"].(string); ok && ext != "" {
		open += ` externalId="` + xmlAttr(ext) + `"`
	}
	open += ` xsi:type="` + def.prefix + `:` + def.typeName + `" xmlns:` + def.prefix + `="` + uri + `">`
	lines := []string{open}
	for _, f := range def.fields {
		v, ok := soapValue(row[f.column], f.kind)
		if !ok {
			continue
		}
		lines = append(lines, "  <"+def.prefix+":"+f.element+">"+xmlText(v)+"</"+def.prefix+":"+f.element+">")
	}
	return append(lines, "</record>")
}

// soapValue formats a demo column value for its element; false when the
// value is NULL or cannot be written as the element's type.
func soapValue(v any, kind soapFieldKind) (string, bool) {
	if v == nil {
		return "", false
	}
	switch kind {
	case kindBool:
		switch v {
		case "T", "true", int64(1):
			return "true", true
		case "F", "false", int64(0):
			return "false", true
		}
		return "", false
	case kindDateTime:
		s, _ := v.(string)
		t, err := time.ParseInLocation("2006-01-02 15:04:05", s, time.UTC)
		if err != nil {
			if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
				return "", false
			}
		}
		return xsdDateTime(t), true
	case kindDouble:
		switch n := v.(type) {
		case float64:
			return javaDouble(n), true
		case int64:
			return javaDouble(float64(n)), true
		}
		return "", false
	}
	switch s := v.(type) {
	case string:
		return xmlSafe(s), true
	default:
		return fmt.Sprint(s), true
	}
}

// javaDouble formats f as Java's Double.toString, which NetSuite's Axis
// uses for xsd:double ("100.0", recorded; "1.0E7" from 10^7 on).
func javaDouble(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if a := math.Abs(f); a == 0 || a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'E', -1, 64), "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// xsdDateTime writes t as NetSuite does: Pacific time with milliseconds,
// e.g. 2011-12-15T11:56:19.000-08:00 (recorded get_customer.xml).
func xsdDateTime(t time.Time) string {
	return pacific(t).Format("2006-01-02T15:04:05.000-07:00")
}

var (
	pst = time.FixedZone("PST", -8*3600)
	pdt = time.FixedZone("PDT", -7*3600)
)

// pacific returns t in US Pacific time by the US daylight-saving rules in
// force since 2007 (second Sunday of March, 2:00, to first Sunday of
// November, 2:00), so that answers do not depend on the host's time zone
// database.
func pacific(t time.Time) time.Time {
	u := t.UTC()
	start := nthSunday(u.Year(), time.March, 2).Add(10 * time.Hour) // 02:00 PST
	end := nthSunday(u.Year(), time.November, 1).Add(9 * time.Hour) // 02:00 PDT
	if !u.Before(start) && u.Before(end) {
		return u.In(pdt)
	}
	return u.In(pst)
}

func nthSunday(year int, month time.Month, n int) time.Time {
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	offset := (7 - int(first.Weekday())) % 7
	return first.AddDate(0, 0, offset+7*(n-1))
}

// xmlSafe replaces what XML 1.0 cannot carry (invalid UTF-8, control
// characters, U+FFFE and U+FFFF) with U+FFFD. strings.Map hands invalid
// UTF-8 to the mapping as U+FFFD, which is kept and written as valid UTF-8.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, s)
}

// xmlText escapes character data as NetSuite's Axis does ('&', '<', '>';
// apostrophes and quotes kept), after xmlSafe.
func xmlText(s string) string {
	return textReplacer.Replace(xmlSafe(s))
}

// xmlAttr escapes a double-quoted attribute value, after xmlSafe.
func xmlAttr(s string) string {
	return attrReplacer.Replace(xmlSafe(s))
}

var (
	textReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
)

// Service is one server's SOAP surface.
type Service struct {
	*core.Core
	searches searches // for searchMoreWithId
}

// New returns the SOAP surface of the server whose core is c.
func New(c *core.Core) *Service { return &Service{Core: c} }
