package restlets_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// TestRESTletScriptErrors: an error.SuiteScriptError a script throws and
// does not catch comes back as NetSuite's: HTTP 400,
// {"error" : {"code" : NAME,"message" : "<the error serialised as JSON>"}};
// the RESTlet framework's own refusals keep a plain message.
func TestRESTletScriptErrors(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	s := f.Signer(f.Creds)
	created := &wire.ScriptError{Name: "CUSTOM_VALIDATION", Message: `Field "memo" is required`,
		Stack: []string{"Error\n    at Object.post (/SuiteScripts/orders.js:14:15)"}}
	f.Srv.RegisterRESTlet("customscript_orders", "customdeploy1", func(ctx context.Context, req *sim.RESTletRequest) (*sim.RESTletResponse, error) {
		return nil, created
	})
	goldenFile := func(name string) string {
		b, err := os.ReadFile(filepath.Join("../../wire/testdata", name+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(string(b), "\n\n")
		return strings.TrimSuffix(body, "\n")
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"thrown by the script (error.create)", "POST", "/app/site/hosting/restlet.nl?script=customscript_orders&deploy=customdeploy1", `{}`, 400,
			string(created.RESTletError().Body())},
		{"thrown by record.load: missing record", "GET", "/app/site/hosting/restlet.nl?script=2&deploy=1&type=customer&id=999999", "", 400,
			`{"error" : {"code" : "RCRD_DSNT_EXIST","message" : "{\"type\":\"error.SuiteScriptError\",\"name\":\"RCRD_DSNT_EXIST\",\"message\":\"That record does not exist.\",\"id\":\"\",\"stack\":[\"Error\\n    at RecordInvoker.load (suitescript/resources/javascript/record/serverRecordService.js)\\n    at Object.get (/SuiteScripts/emulator/lookup_restlet.js)\"],\"cause\":{\"type\":\"internal error\",\"code\":\"RCRD_DSNT_EXIST\",\"details\":\"That record does not exist.\",\"userEvent\":null,\"stackTrace\":[\"Error\\n    at RecordInvoker.load (suitescript/resources/javascript/record/serverRecordService.js)\\n    at Object.get (/SuiteScripts/emulator/lookup_restlet.js)\"],\"notifyOff\":false},\"notifyOff\":false,\"userFacing\":true}"}}`},
		{"thrown by record.load: bad type", "GET", "/app/site/hosting/restlet.nl?script=2&deploy=1&type=widget&id=1", "", 400,
			string((&wire.ScriptError{Name: "SSS_INVALID_RECORD_TYPE", Message: "The record type [WIDGET] is invalid.", System: true,
				Stack: []string{"Error\n    at RecordInvoker.load (suitescript/resources/javascript/record/serverRecordService.js)\n    at Object.get (/SuiteScripts/emulator/lookup_restlet.js)"}}).RESTletError().Body())},
		{"framework refusal: plain message", "GET", "/app/site/hosting/restlet.nl?script=99&deploy=1", "", 400,
			`{"error" : {"code" : "SSS_INVALID_SCRIPTLET_ID","message" : "That Suitelet is invalid, disabled, or no longer exists."}}`},
	}
	for _, tc := range tests {
		resp, body := f.Do(s, tc.method, tc.path, tc.body, nil)
		if resp.StatusCode != tc.status || string(body) != tc.want || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %s %s\nwant %d %s", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.status, tc.want)
		}
	}
	// The serialisation is the one the wire golden file pins.
	if got, want := string((&wire.ScriptError{Name: "RCRD_DSNT_EXIST", Message: "That record does not exist.", System: true,
		Stack: []string{"Error\n    at RecordInvoker.load (suitescript/resources/javascript/record/serverRecordService.js)\n    at Object.get (/SuiteScripts/lookup.js:12:20)"}}).RESTletError().Body()),
		goldenFile("restlet_script_error_system"); got != want {
		t.Errorf("body %s\nwant the golden %s", got, want)
	}
}
