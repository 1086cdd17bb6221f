package soap

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/go-netsuite/netsuite/internal/nsschema"
	"github.com/go-netsuite/netsuite/soap/internal/wire"
)

// Requests the client builds are checked against NetSuite's XSD with
// xmllint (libxml2-utils) when it is installed (required when
// NETSUITE_REQUIRE_XMLLINT is set): every body element and header element
// the tests' fake endpoints capture is written to a file and validated,
// in one xmllint run after the tests, against a schema importing every
// namespace of internal/nsschema's 2025_2 files (a few seconds, -short
// included: CI runs the tests with -short).

var headerElemRE = regexp.MustCompile(`(?s)<platformMessages:(tokenPassport|preferences|searchPreferences) .*?</platformMessages:(tokenPassport|preferences|searchPreferences)>`)

var (
	validateMu sync.Mutex
	toValidate []string // request fragments of every test, by test name
)

// validateRequests arranges for the requests f captures to be validated
// after the tests (TestMain): one xmllint run loads the schema once.
func validateRequests(t *testing.T, f *fakeNS) {
	t.Cleanup(func() {
		validateMu.Lock()
		defer validateMu.Unlock()
		for _, c := range f.calls {
			toValidate = append(toValidate, "<!-- "+t.Name()+" -->"+string(c.body))
			for _, h := range headerElemRE.FindAllString(string(c.header), -1) {
				toValidate = append(toValidate, "<!-- "+t.Name()+" -->"+h)
			}
		}
	})
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 {
		if err := validateAll(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: requests do not validate against the 2025_2 XSD:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// xmllintPath returns xmllint's path, or "" when it is not installed and
// NETSUITE_REQUIRE_XMLLINT is unset (an error when it is set).
func xmllintPath() (string, error) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("NETSUITE_REQUIRE_XMLLINT") != "" {
			return "", fmt.Errorf("xmllint is not installed (apt-get install libxml2-utils)")
		}
		return "", nil
	}
	return xmllint, nil
}

// xmllintRun validates docs (request fragments relying on the envelope's
// xsi declaration) against the 2025_2 schema in one xmllint run, and
// returns the error lines of each document that does not validate, by
// index.
func xmllintRun(xmllint string, docs []string) (map[int][]string, error) {
	dir, err := os.MkdirTemp("", "soap-xsd")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	schema := filepath.Join(dir, "all.xsd")
	s, err := allSchema()
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(schema, []byte(s), 0o644); err != nil {
		return nil, err
	}
	args := []string{"--noout", "--nonet", "--schema", schema}
	names := map[string]int{}
	for i, doc := range docs {
		name := filepath.Join(dir, fmt.Sprintf("doc%04d.xml", i))
		names[name] = i
		doc = strings.Replace(doc, " xmlns:", ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:`, 1)
		if err := os.WriteFile(name, []byte(doc), 0o644); err != nil {
			return nil, err
		}
		args = append(args, name)
	}
	out, err := exec.Command(xmllint, args...).CombinedOutput()
	bad := map[int][]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if l == "" || strings.HasSuffix(l, " validates") {
			continue
		}
		file, _, _ := strings.Cut(l, ":")
		file, _, _ = strings.Cut(file, " fails to validate")
		i, ok := names[file]
		if !ok {
			return nil, fmt.Errorf("xmllint: %s", l)
		}
		bad[i] = append(bad[i], strings.ReplaceAll(l, dir+string(filepath.Separator), ""))
	}
	if err != nil && len(bad) == 0 {
		return nil, fmt.Errorf("xmllint: %v\n%s", err, out)
	}
	return bad, nil
}

func validateAll() error {
	xmllint, err := xmllintPath()
	if err != nil || xmllint == "" {
		if err == nil {
			fmt.Fprintln(os.Stderr, "soap: xmllint not installed: requests not validated against the XSD")
		}
		return err
	}
	if len(toValidate) == 0 {
		return nil // tests filtered with -run captured nothing
	}
	bad, err := xmllintRun(xmllint, toValidate)
	if err != nil {
		return err
	}
	if len(bad) == 0 {
		return nil
	}
	var b strings.Builder
	for i, doc := range toValidate {
		if errs := bad[i]; errs != nil {
			fmt.Fprintf(&b, "%.120s\n  %s\n", doc, strings.Join(errs, "\n  "))
		}
	}
	return errors.New(b.String())
}

// validateXSD validates the documents of each key (an operation's request
// body and header elements) now, in one xmllint run, and returns the error
// lines of each key with a document that does not validate. It skips t
// when xmllint is not installed and NETSUITE_REQUIRE_XMLLINT is unset.
func validateXSD(t *testing.T, docs map[string][]string) map[string][]string {
	t.Helper()
	xmllint, err := xmllintPath()
	if err != nil {
		t.Fatal(err)
	}
	if xmllint == "" {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): requests not validated against the XSD")
	}
	var all []string
	var keys []string
	for k, ds := range docs {
		for _, d := range ds {
			all, keys = append(all, d), append(keys, k)
		}
	}
	bad, err := xmllintRun(xmllint, all)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for i, errs := range bad {
		out[keys[i]] = append(out[keys[i]], errs...)
	}
	return out
}

// allSchema is an XSD importing every namespace of the 2025_2 schema.
func allSchema() (string, error) {
	abs, err := filepath.Abs(filepath.Join("..", "internal", "nsschema", "v"+nsschema.Default, "xsd"))
	if err != nil {
		return "", err
	}
	files, _ := filepath.Glob(filepath.Join(abs, "*.xsd"))
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><schema xmlns="http://www.w3.org/2001/XMLSchema">`)
	re := regexp.MustCompile(`targetNamespace="([^"]+)"`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		m := re.FindSubmatch(data)
		if m == nil {
			return "", fmt.Errorf("%s: no targetNamespace", f)
		}
		if _, ok := wire.Key(string(m[1])); !ok {
			return "", fmt.Errorf("%s: namespace %s", f, m[1])
		}
		fmt.Fprintf(&b, `<import namespace="%s" schemaLocation="%s"/>`, m[1], filepath.ToSlash(f))
	}
	b.WriteString(`</schema>`)
	return b.String(), nil
}
