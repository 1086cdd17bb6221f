package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimAdminAccountApply applies account files to a state file and lists
// the custom record types they define; a bad file names its line and key.
func TestSimAdminAccountApply(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	out, errOut, code := run(t, nil, "sim", "admin", "--state", state, "account", "apply", "../../sim/store/testdata/custom-records.toml")
	if code != 0 || !strings.Contains(out, `"customrecord_shipment"`) {
		t.Fatalf("apply: %d %s %s", code, out, errOut)
	}
	out, errOut, code = run(t, nil, "sim", "admin", "--state", state, "customrecord", "list", "--json")
	if code != 0 || !strings.Contains(out, `"scriptId": "customrecord_depot"`) || !strings.Contains(out, `"ref": "salesOrder"`) {
		t.Fatalf("list --json: %d %s %s", code, out, errOut)
	}
	// Without --json, lists are tables.
	out, errOut, code = run(t, nil, "sim", "admin", "--state", state, "customrecord", "list")
	if code != 0 || !strings.HasPrefix(out, "SCRIPTID") || !strings.Contains(out, "customrecord_depot") || strings.Contains(out, `"scriptId": "customrecord_depot"`) {
		t.Fatalf("list: %d %s %s", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[[custom_records]]\nscript_id = \"customrecord_x\"\nname = \"X\"\n\n[[custom_records.fields]]\nscript_id = \"custrecord_a\"\ntype = \"Rich Text\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = run(t, nil, "sim", "admin", "--state", state, "account", "apply", bad)
	if code == 0 || !strings.Contains(errOut, "account file:5: custom_records[0].fields[0]: ") || !strings.Contains(errOut, `unknown custom field type "Rich Text"`) {
		t.Errorf("bad file: %d %q", code, errOut)
	}
	if _, errOut, code = run(t, nil, "sim", "admin", "--state", state, "account", "apply", filepath.Join(dir, "missing.toml")); code == 0 || !strings.Contains(errOut, "missing.toml") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}
