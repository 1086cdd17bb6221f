package soap

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSOAPVersionFromPath(t *testing.T) {
	for path, want := range map[string]string{
		"/services/NetSuitePort_2023_2":     "2023_2",
		"/services/NetSuitePort_2019_1/x":   "2019_1",
		"/services/NetSuitePort_":           defaultSOAPVersion,
		"/services/NetSuitePort_a\x01b":     defaultSOAPVersion,
		"/services/NetSuitePort_<script>":   defaultSOAPVersion,
		"/services/rest/record/v1/customer": defaultSOAPVersion,
	} {
		if got := soapVersion(path); got != want {
			t.Errorf("soapVersion(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestOperations: the operation table is the list of the WSDL's operations
// and of what the emulator implements.
func TestOperations(t *testing.T) {
	if got, want := strings.Join(Operations(), " "), "get getAccountGovernanceInfo getCustomizationId getDataCenterUrls getIntegrationGovernanceInfo getServerTime search searchMoreWithId"; got != want {
		t.Errorf("Operations() = %s, want %s", got, want)
	}
	if n := len(WSDLOperations()); n != 42 {
		t.Errorf("%d WSDL operations, want 42", n)
	}
	for _, op := range Operations() {
		if !slices.Contains(WSDLOperations(), op) {
			t.Errorf("%s is implemented but not in the WSDL", op)
		}
	}
}

func TestSOAPPacificTime(t *testing.T) {
	for in, want := range map[string]string{
		"2026-07-01T19:30:00Z": "2026-07-01T12:30:00.000-07:00",
		"2026-03-08T09:59:59Z": "2026-03-08T01:59:59.000-08:00", // just before the change to PDT
		"2026-03-08T10:00:00Z": "2026-03-08T03:00:00.000-07:00",
		"2026-11-01T08:59:59Z": "2026-11-01T01:59:59.000-07:00",
		"2026-11-01T09:00:00Z": "2026-11-01T01:00:00.000-08:00",
		"2011-12-15T19:56:19Z": "2011-12-15T11:56:19.000-08:00", // recorded get_customer.xml
	} {
		tm, _ := time.Parse(time.RFC3339, in)
		if got := xsdDateTime(tm); got != want {
			t.Errorf("xsdDateTime(%s) = %s, want %s", in, got, want)
		}
	}
	for f, want := range map[float64]string{100: "100.0", 0: "0.0", 1234.5: "1234.5", 1e7: "1.0E7", 25e6: "2.5E7", 0.0001: "1.0E-4"} {
		if got := javaDouble(f); got != want {
			t.Errorf("javaDouble(%v) = %s, want %s", f, got, want)
		}
	}
}
