package soap_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/internal/nsschema"
	"github.com/go-netsuite/netsuite/sim"
)

// get fetches path from the fixture's server with method, optionally
// with another Host header.
func (f *soapFixture) get(method, path, host string) (*http.Response, []byte) {
	f.T.Helper()
	req, err := http.NewRequest(method, f.TS.URL+path, nil)
	if err != nil {
		f.T.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

var (
	schemaLocation = regexp.MustCompile(`schemaLocation="([^"]*)"`)
	soapAddress    = regexp.MustCompile(`<soap:address location="([^"]*)"`)
)

// TestSchemaGraph loads each version's WSDL from the emulator and follows
// every schemaLocation, as zeep does: all on the emulator, all 200 text/xml
// and well-formed, every XSD of the version reached.
func TestSchemaGraph(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	for _, v := range nsschema.Versions() {
		t.Run(v, func(t *testing.T) {
			wsdlPath := "/wsdl/v" + v + "_0/netsuite.wsdl"
			seen := map[string]bool{}
			queue := []string{wsdlPath}
			for len(queue) > 0 {
				p := queue[0]
				queue = queue[1:]
				if seen[p] {
					continue
				}
				seen[p] = true
				resp, b := f.get("GET", p, "")
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/xml" {
					t.Fatalf("GET %s: %d %q\n%.300s", p, resp.StatusCode, resp.Header.Get("Content-Type"), b)
				}
				if err := wellFormed(b); err != nil {
					t.Fatalf("GET %s: %v", p, err)
				}
				if !strings.Contains(string(b), "_"+v+".") {
					t.Errorf("GET %s: not version %s", p, v)
				}
				for _, m := range schemaLocation.FindAllStringSubmatch(string(b), -1) {
					u, err := url.Parse(m[1])
					if err != nil || u.Scheme+"://"+u.Host != f.TS.URL || !strings.HasPrefix(u.Path, "/xsd/") || !strings.Contains(u.Path, "/v"+v+"_0/") {
						t.Fatalf("%s: schemaLocation %q does not point at the emulator's /xsd/<area>/v%s_0/", p, m[1], v)
					}
					queue = append(queue, u.Path)
				}
			}
			if len(seen) != 1+46 {
				t.Errorf("reached %d files, want the WSDL and 46 XSDs", len(seen))
			}
			_, b := f.get("GET", wsdlPath, "")
			if m := soapAddress.FindStringSubmatch(string(b)); m == nil || m[1] != f.TS.URL+"/services/NetSuitePort_"+v {
				t.Errorf("soap:address %v, want %s/services/NetSuitePort_%s", m, f.TS.URL, v)
			}
			// ?wsdl on the endpoint is the same WSDL.
			for _, q := range []string{"?wsdl", "?WSDL"} {
				resp, got := f.get("GET", "/services/NetSuitePort_"+v+q, "")
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/xml" || string(got) != string(b) {
					t.Errorf("GET NetSuitePort_%s%s: %d %q, not the WSDL", v, q, resp.StatusCode, resp.Header.Get("Content-Type"))
				}
			}
		})
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestSchemaRequests covers the answers besides the graph: links follow
// the Host the client used, HEAD, other methods, and what is not held.
func TestSchemaRequests(t *testing.T) {
	f := newSOAPFixture(t, sim.Options{}, 0)
	tests := []struct {
		name, method, path, host string
		status                   int
		contains                 string // in the body
	}{
		{"account domain host", "GET", "/wsdl/v2025_2_0/netsuite.wsdl", "123456-sb1.suitetalk.api.netsuite.com", 200,
			`schemaLocation="http://123456-sb1.suitetalk.api.netsuite.com/xsd/platform/v2025_2_0/core.xsd"`},
		{"account domain soap:address", "GET", "/services/NetSuitePort_2023_2?wsdl", "123456-sb1.suitetalk.api.netsuite.com", 200,
			`<soap:address location="http://123456-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2023_2"/>`},
		{"XSD imports", "GET", "/xsd/lists/v2025_2_0/relationships.xsd", "", 200,
			`schemaLocation="` + "HOST" + `/xsd/lists/v2025_2_0/relationshipTypes.xsd"`},
		{"2023_2 XSD imports (.// in the originals)", "GET", "/xsd/transactions/v2023_2_0/sales.xsd", "", 200,
			`schemaLocation="` + "HOST" + `/xsd/platform/v2023_2_0/core.xsd"`},
		{"HEAD", "HEAD", "/xsd/platform/v2025_2_0/core.xsd", "", 200, ""},
		{"POST", "POST", "/wsdl/v2025_2_0/netsuite.wsdl", "", 405, ""},
		{"version not held", "GET", "/wsdl/v2024_1_0/netsuite.wsdl", "", 404, "2023_2, 2025_2"},
		{"?wsdl of a version not held", "GET", "/services/NetSuitePort_2024_1?wsdl", "", 404, ""},
		{"no such XSD", "GET", "/xsd/platform/v2025_2_0/nothing.xsd", "", 404, ""},
		{"XSD in the wrong area", "GET", "/xsd/lists/v2025_2_0/core.xsd", "", 404, ""},
		{"zip layout is not served", "GET", "/xsd/v2025_2_0/platform.core.xsd", "", 404, ""},
		{"version without _0", "GET", "/wsdl/v2025_2/netsuite.wsdl", "", 404, ""},
		{"README is not served", "GET", "/xsd/x/v2025_2_0/README.md", "", 404, ""},
		{"dot segments", "GET", "/xsd/platform/v2025_2_0/..%2f..%2fREADME.md", "", 404, ""},
		{"service page without ?wsdl", "GET", "/services/NetSuitePort_2025_2", "", 200, "AXIS service"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := f.get(tt.method, tt.path, tt.host)
			if resp.StatusCode != tt.status {
				t.Fatalf("%s %s: %d, want %d\n%.300s", tt.method, tt.path, resp.StatusCode, tt.status, b)
			}
			want := strings.ReplaceAll(tt.contains, "HOST", f.TS.URL)
			if !strings.Contains(string(b), want) {
				t.Errorf("%s %s: body lacks %s\n%.500s", tt.method, tt.path, want, b)
			}
			if tt.method == "HEAD" && (len(b) != 0 || resp.ContentLength <= 0) {
				t.Errorf("HEAD: body %d bytes, Content-Length %d", len(b), resp.ContentLength)
			}
		})
	}
}
