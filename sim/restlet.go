package sim

import "github.com/go-netsuite/netsuite/sim/internal/restlets"

// RESTletRequest is one call of a RESTlet deployment.
type RESTletRequest = restlets.Request

// RESTletResponse is what a RESTlet returns. A nil Body gives an empty 200.
type RESTletResponse = restlets.Response

// RESTletFunc implements a RESTlet deployment. Return a *wire.ScriptError
// for an error.SuiteScriptError the script throws (400, answered as NetSuite
// answers an uncaught one), a *wire.RESTletError to answer with exactly that
// {"error": {...}} body; any other error is reported as an unhandled script
// error (400).
type RESTletFunc = restlets.Func

// JSONResponse encodes v as a JSON RESTlet response.
func JSONResponse(v any) (*RESTletResponse, error) { return restlets.JSONResponse(v) }

// RegisterRESTlet deploys fn at script and deploy (ids or script ids, as
// they appear in restlet.nl?script=…&deploy=…), replacing any deployment
// there. The built-in deployments are script 1 (echo) and script 2 (record
// lookup), deploy 1.
func (s *Server) RegisterRESTlet(script, deploy string, fn RESTletFunc) {
	s.restlets.RegisterRESTlet(script, deploy, fn)
}
