package wire

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dumpResponse renders a recorded response as status line, sorted headers,
// a blank line and the body.
func dumpResponse(rec *httptest.ResponseRecorder) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP %d %s\n", rec.Code, http.StatusText(rec.Code))
	keys := make([]string, 0, len(rec.Header()))
	for k := range rec.Header() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range rec.Header()[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteByte('\n')
	b.Write(rec.Body.Bytes())
	b.WriteByte('\n')
	return b.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

// TestGolden pins every constructor's full HTTP response.
func TestGolden(t *testing.T) {
	t.Parallel()
	rest := map[string]*RESTError{
		"rest_invalid_login":           InvalidLogin("1234567_SB1"),
		"rest_invalid_login_bearer":    InvalidLoginBearer("1234567"),
		"rest_concurrency":             ConcurrencyLimitExceeded(),
		"rest_insufficient_permission": InsufficientPermission("Lists -> Contacts"),
		"rest_not_found":               RecordNotFound(),
		"rest_suiteql":                 InvalidSearchQuery("Search error occurred: Record 'customer' was not found."),
		"rest_method_not_allowed":      MethodNotAllowed("PUT", "GET", "PATCH", "DELETE"),
		"rest_unsupported_media_type":  UnsupportedMediaType("text/plain"),
		"rest_unexpected":              UnexpectedError("mtkekqnm1b0jlj800jp4o"),
		"rest_feature_disabled":        FeatureDisabled(),
	}
	for name, e := range rest {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			e.Write(rec)
			checkGolden(t, name, dumpResponse(rec))
		})
	}
	restlet := map[string]*RESTletError{
		"restlet_request_limit": RESTletRequestLimitExceeded(),
		"restlet_invalid_login": RESTletInvalidLogin(),
	}
	for name, e := range restlet {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			e.Write(rec)
			checkGolden(t, name, dumpResponse(rec))
		})
	}
	sw := SOAPWriter{Version: "2023_2"}
	for name, f := range allFaults {
		t.Run("soap_fault_"+name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			sw.RespondFault(rec, f)
			checkGolden(t, "soap_fault_"+name, dumpResponse(rec))
		})
	}
	t.Run("soap_delete_error", func(t *testing.T) {
		t.Parallel()
		ns := sw.Namespaces()
		st := ErrorStatus("INSUFFICIENT_PERMISSION", SOAPPermissionViolation("Lists -> Contacts", false))
		body := `<deleteResponse xmlns="` + ns.Messages + `">` +
			"\n      <writeResponse>" +
			"\n        " + string(st.XML(ns.Core, "        ", "  ")) +
			"\n        " + `<baseRef xmlns:platformCore="` + ns.Core + `" internalId="42" type="contact" xsi:type="platformCore:RecordRef"/>` +
			"\n      </writeResponse>" +
			"\n    </deleteResponse>"
		rec := httptest.NewRecorder()
		if err := sw.Respond(rec, http.StatusOK, "WEBSERVICES_1234567_082920261234567890123456789_4586850fc2d6", RawBody(body)); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "soap_delete_error", dumpResponse(rec))
	})
}
