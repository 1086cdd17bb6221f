package wire

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// TestScriptErrorGolden pins the RESTlet answer to an uncaught
// error.SuiteScriptError, thrown by a NetSuite API (system) and created by
// the script (error.create): 400, the name as the code, the error
// serialised as JSON as the message.
func TestScriptErrorGolden(t *testing.T) {
	t.Parallel()
	tests := map[string]*ScriptError{
		"restlet_script_error_system": {Name: "RCRD_DSNT_EXIST", Message: "That record does not exist.", System: true,
			Stack: []string{"Error\n    at RecordInvoker.load (suitescript/resources/javascript/record/serverRecordService.js)\n    at Object.get (/SuiteScripts/lookup.js:12:20)"}},
		"restlet_script_error_created": {Name: "MY_ERROR", Message: `Campo "Client Id" não está definido <&>`, NotifyOff: true,
			Stack: []string{"Error\n    at Object.post (/SuiteScripts/x.js:3:9)"}},
		"restlet_script_error_no_stack": {Name: "E", Message: "m", ID: "k1"},
	}
	for name, se := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			se.RESTletError().Write(rec)
			checkGolden(t, name, dumpResponse(rec))

			// The message is the error as JSON, with every field a client reads.
			var body struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(body.Error.Message), &got); err != nil {
				t.Fatalf("message is not JSON: %v", err)
			}
			if rec.Code != 400 || body.Error.Code != se.Name || got["type"] != "error.SuiteScriptError" ||
				got["name"] != se.Name || got["message"] != se.Message || got["id"] != se.ID ||
				got["notifyOff"] != se.NotifyOff || got["userFacing"] != true || len(got["stack"].([]any)) != len(se.Stack) {
				t.Errorf("%d %s: %v", rec.Code, body.Error.Code, got)
			}
			cause := got["cause"].(map[string]any)
			if se.System && (cause["type"] != "internal error" || cause["code"] != se.Name || cause["details"] != se.Message) ||
				!se.System && (cause["name"] != se.Name || cause["message"] != se.Message) {
				t.Errorf("cause %v", cause)
			}
		})
	}
}
