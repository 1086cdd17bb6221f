package core

import (
	"errors"
	"io"
	"net/http"

	"github.com/go-netsuite/netsuite/sim/wire"
)

// MaxRESTRequest is NetSuite's size limit of a REST web services request
// (records, SuiteQL, asynchronous jobs): "REST requests have a size limit
// of 104MB." (NetSuite Help Center, REST Web Services Request Processing,
// chapter_161251386312).
const MaxRESTRequest = 104 << 20

// ReadBody reads r's body, at most limit bytes. A body over limit, by its
// Content-Length (refused before reading) or as it is read, is an
// *http.MaxBytesError (see [TooLarge]): never a body cut short and then
// misread as malformed.
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// TooLarge reports whether err is [ReadBody]'s body-over-the-limit error,
// and returns NetSuite's answer for it.
func TooLarge(err error) (*wire.RESTError, bool) {
	var mb *http.MaxBytesError
	if !errors.As(err, &mb) {
		return nil, false
	}
	return wire.RequestTooLarge(mb.Limit), true
}
