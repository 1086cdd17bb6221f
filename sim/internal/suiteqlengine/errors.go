package suiteqlengine

import (
	"fmt"
	"strings"
)

// DetailPrefix starts the detail of every query error NetSuite reports for
// the q parameter (observed live; docs/wire-notes.md, "SuiteQL").
const DetailPrefix = "Invalid search query. Detailed unprocessed description follows. "

// Paging limits of POST /services/rest/query/v1/suiteql.
const (
	// MaxLimit is the largest page (NetSuite Help Center section_157909186990).
	MaxLimit = 1000
	// DefaultLimit is the page size when the request gives none.
	DefaultLimit = 1000
	// MaxResults is the number of results reachable through offset paging
	// without SuiteAnalytics Connect (section_157909186990).
	MaxResults = 100_000
)

// Error is a query NetSuite would refuse with HTTP 400 INVALID_PARAMETER.
// Detail is the complete o:errorDetails[].detail text and Param the
// o:errorQueryParam ("q", "limit" or "offset"). Reason is a diagnostic for
// logs and tests; it is not part of NetSuite's wording.
type Error struct {
	Detail string
	Param  string
	Reason string
	// Pos is the byte offset in the query where a syntax error was found,
	// or -1.
	Pos int
}

// Error returns the detail.
func (e *Error) Error() string { return e.Detail }

// PermissionError reports that the role lacks the permission a table needs.
// The HTTP layer maps it to 403 INSUFFICIENT_PERMISSION with the wording
// "Permission Violation: You need the '<Permission>' permission to access
// this page.".
type PermissionError struct {
	// Permission is the missing permission ("Lists -> Customers"); for a
	// table that accepts any of several, the first of them.
	Permission string
	// Table is the SuiteQL table the query named.
	Table string
}

// Error returns NetSuite's REST wording of a missing permission.
func (e *PermissionError) Error() string {
	return "Permission Violation: You need the '" + e.Permission + "' permission to access this page."
}

// SearchError returns the 400 detail NetSuite has been observed to return
// for a table the role cannot see ("Search error occurred: Record
// 'customer' was not found."), for an HTTP layer that prefers that
// behaviour to a 403.
func (e *PermissionError) SearchError() *Error {
	return &Error{Detail: DetailPrefix + "Search error occurred: Record '" + e.Table + "' was not found.", Param: "q", Pos: -1}
}

// Wordings. Sources: docs/wire-notes.md, "SuiteQL", observed details for the
// first four; the others are the emulator's choice (no live body found).
const (
	detailUnsupported = DetailPrefix + "Invalid or unsupported search."
)

// errSyntax is a syntax error or an unsupported construct: NetSuite's
// "Invalid or unsupported search.".
func errSyntax(pos int, format string, args ...any) *Error {
	return &Error{Detail: detailUnsupported, Param: "q", Reason: fmt.Sprintf(format, args...), Pos: pos}
}

func errUnsupported(format string, args ...any) *Error {
	return errSyntax(-1, format, args...)
}

// errUnknownTable is "Invalid search type: <name>." (observed; the name as
// written).
func errUnknownTable(name string) *Error {
	return &Error{Detail: DetailPrefix + "Invalid search type: " + name + ".", Param: "q", Reason: "unknown table " + name, Pos: -1}
}

// errUnknownIdent is "Search error occurred: Unknown identifier 'x'.
// Available identifiers are: {a=t}." (observed exactly).
func errUnknownIdent(ident string, sc *scope) *Error {
	return &Error{
		Detail: DetailPrefix + "Search error occurred: Unknown identifier '" + ident + "'. Available identifiers are: " + sc.available() + ".",
		Param:  "q", Reason: "unknown identifier " + ident, Pos: -1,
	}
}

// errAmbiguous is the emulator's wording for an unqualified column that
// more than one table of the FROM clause has (not observed).
func errAmbiguous(ident string, sc *scope) *Error {
	return &Error{
		Detail: DetailPrefix + "Search error occurred: Ambiguous identifier '" + ident + "'. Available identifiers are: " + sc.available() + ".",
		Param:  "q", Reason: "ambiguous identifier " + ident, Pos: -1,
	}
}

// Paging errors. The wording is the emulator's choice, shared with the HTTP
// layer in sim/internal/suiteqlapi; NetSuite's live wording was not found.
func errLimit() *Error {
	return &Error{Detail: "Invalid 'limit' parameter value. The value must be an integer from 1 to 1000.", Param: "limit", Pos: -1}
}

func errOffset() *Error {
	return &Error{Detail: "Invalid 'offset' parameter value. The value must be a non-negative integer.", Param: "offset", Pos: -1}
}

func errOffsetMultiple() *Error {
	return &Error{Detail: "Invalid 'offset' parameter value. The value must be a multiple of the 'limit' parameter value.", Param: "offset", Pos: -1}
}

func errCap() *Error {
	return &Error{
		Detail: fmt.Sprintf("Invalid 'offset' parameter value. The sum of the 'offset' and 'limit' parameter values must not exceed %d.", MaxResults),
		Param:  "offset", Pos: -1,
	}
}

// available formats the FROM entries of a scope the way NetSuite lists
// them: {alias=table, alias2=table2}.
func (s *scope) available() string {
	var parts []string
	seen := map[string]bool{}
	for _, it := range s.items {
		if it.unnamed || seen[it.alias] {
			continue
		}
		seen[it.alias] = true
		parts = append(parts, it.alias+"="+it.tableName)
	}
	if len(parts) == 0 {
		return "{}"
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
