package wire

import "strings"

// Status detail types (platformCore StatusDetail/@type).
const (
	StatusError = "ERROR"
	StatusWarn  = "WARN"
	StatusInfo  = "INFO"
)

// StatusDetail is one platformCore:statusDetail.
type StatusDetail struct {
	Type    string // StatusError (default when empty), StatusWarn or StatusInfo
	Code    string // StatusDetailCodeType, e.g. INSUFFICIENT_PERMISSION
	Message string
	// AfterSubmitFailed, when set, is written as platformCore:afterSubmitFailed.
	AfterSubmitFailed *bool
}

// Status is a platformCore:status, the per-operation outcome inside
// writeResponse, readResponse, searchResult and the like.
type Status struct {
	IsSuccess bool
	Details   []StatusDetail
}

// ErrorStatus returns a failed status with one ERROR detail.
func ErrorStatus(code, message string) Status {
	return Status{Details: []StatusDetail{{Type: StatusError, Code: code, Message: message}}}
}

// XML returns the status element as the recorded add and delete error
// responses show it:
//
//	<platformCore:status xmlns:platformCore="urn:core_<ver>…" isSuccess="false">
//	  <platformCore:statusDetail type="ERROR">
//	    <platformCore:code>INSUFFICIENT_PERMISSION</platformCore:code>
//	    <platformCore:message>…</platformCore:message>
//	  </platformCore:statusDetail>
//	</platformCore:status>
//
// A status without details is self-closing. coreNS is the platformCore
// namespace to declare on the element (NetSuite declares it there); pass ""
// when an enclosing element already declares platformCore, as inside
// searchResult. As with json.MarshalIndent, every line after the first
// starts with prefix followed by indent per level; an empty indent writes
// everything on one line.
func (s Status) XML(coreNS, prefix, indent string) []byte {
	var b strings.Builder
	nl := func(depth int) {
		if indent == "" {
			return
		}
		b.WriteByte('\n')
		b.WriteString(prefix)
		for range depth {
			b.WriteString(indent)
		}
	}
	b.WriteString("<platformCore:status")
	if coreNS != "" {
		b.WriteString(` xmlns:platformCore="`)
		b.WriteString(escapeAttr(coreNS))
		b.WriteByte('"')
	}
	if s.IsSuccess {
		b.WriteString(` isSuccess="true"`)
	} else {
		b.WriteString(` isSuccess="false"`)
	}
	if len(s.Details) == 0 {
		b.WriteString("/>")
		return []byte(b.String())
	}
	b.WriteByte('>')
	for _, d := range s.Details {
		typ := d.Type
		if typ == "" {
			typ = StatusError
		}
		nl(1)
		b.WriteString(`<platformCore:statusDetail type="`)
		b.WriteString(escapeAttr(typ))
		b.WriteString(`">`)
		nl(2)
		b.WriteString("<platformCore:code>")
		b.WriteString(escapeText(d.Code))
		b.WriteString("</platformCore:code>")
		nl(2)
		b.WriteString("<platformCore:message>")
		b.WriteString(escapeText(d.Message))
		b.WriteString("</platformCore:message>")
		if d.AfterSubmitFailed != nil {
			nl(2)
			b.WriteString("<platformCore:afterSubmitFailed>")
			if *d.AfterSubmitFailed {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
			b.WriteString("</platformCore:afterSubmitFailed>")
		}
		nl(1)
		b.WriteString("</platformCore:statusDetail>")
	}
	nl(0)
	b.WriteString("</platformCore:status>")
	return []byte(b.String())
}

// SOAPPermissionViolation returns the SOAP wording of a missing permission.
// It differs from the REST wording ([PermissionViolation]): NetSuite puts two
// spaces in "You need  the" and appends "Please contact your account
// administrator." Sources: NetSweet/netsuite issue #249 ("You need  the
// 'Lists -> Currency' permission…", 2015_1) and
// oracle/netsuite-suitecloud-sdk issue #46 for the plain form; the recorded
// delete_customer_error.xml (2020_2) for the higher-level form.
func SOAPPermissionViolation(permission string, higher bool) string {
	if higher {
		return "Permission Violation: You need a higher level of the '" + permission +
			"' permission to access this page. Please contact your account administrator."
	}
	return "Permission Violation: You need  the '" + permission +
		"' permission to access this page. Please contact your account administrator."
}
