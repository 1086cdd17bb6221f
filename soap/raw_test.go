package soap

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

func TestDecodeResponseRecorded(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "recorded", "*", "*.xml"))
	if err != nil || len(files) < 13 {
		t.Fatalf("recorded files: %v %v", files, err)
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := DecodeResponse(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if r.Fault == nil && r.Body == nil {
			t.Errorf("%s: element %s not decoded", name, r.Element)
		}
		if _, err := json.Marshal(JSONValue(r.Body)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	f, _ := os.Open(filepath.Join("testdata", "recorded", "get", "get_customer.xml"))
	defer f.Close()
	r, err := DecodeResponse(f)
	if err != nil || r.Element != "getResponse" {
		t.Fatalf("get: %+v %v", r, err)
	}
	if _, ok := r.Body.(*messages.GetResponse); !ok {
		t.Fatalf("body %T", r.Body)
	}
	b, _ := json.Marshal(JSONValue(r.Body))
	if !strings.Contains(string(b), `"xsiType":"Customer"`) {
		t.Errorf("no xsiType: %s", b)
	}
}

func TestDecodeResponseNotSOAP(t *testing.T) {
	if _, err := DecodeResponse(strings.NewReader("<html/>")); err == nil {
		t.Error("no error for a non-envelope")
	}
	if _, err := DecodeResponse(strings.NewReader("not xml at all")); err == nil {
		t.Error("no error for text")
	}
}
