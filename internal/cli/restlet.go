package cli

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/go-netsuite/netsuite/restlet"
	"github.com/spf13/cobra"
)

func newRESTletCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "restlet", Short: "Call RESTlets"}
	var script, deploy, method, data, contentType string
	var params []string
	call := &cobra.Command{
		Use:   "call --script S --deploy D",
		Short: "Call a RESTlet deployment and print its answer",
		Long: `call sends one request to /app/site/hosting/restlet.nl?script=S&deploy=D,
signed with the configured token. --data is the body: text, @FILE, or - (@-)
for standard input; it is sent as application/json when it parses as JSON,
else text/plain (override with --content-type). --param name=value adds
query parameters.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			c, err := e.newClient(cfg)
			if err != nil {
				return err
			}
			q := url.Values{}
			for _, p := range params {
				k, v, ok := strings.Cut(p, "=")
				if !ok {
					return fmt.Errorf("--param %q: write name=value", p)
				}
				q.Add(k, v)
			}
			var body any
			if data != "" {
				b := []byte(data)
				switch {
				case data == "-" || data == "@-":
					b, err = io.ReadAll(e.stdin)
				case strings.HasPrefix(data, "@"):
					b, err = os.ReadFile(data[1:])
				}
				if err != nil {
					return fmt.Errorf("--data: %w", err)
				}
				body = b
				if contentType == "" {
					contentType = "text/plain"
					if jsonLike(b) {
						contentType = "application/json"
					}
				}
			}
			resp, err := restlet.New(c).Call(cmd.Context(), strings.ToUpper(method), restlet.Deployment{Script: script, Deploy: deploy}, q, body, contentType)
			if err != nil {
				return err
			}
			e.stdout.Write(resp.Body)
			if len(resp.Body) > 0 && resp.Body[len(resp.Body)-1] != '\n' {
				fmt.Fprintln(e.stdout)
			}
			return nil
		},
	}
	f := call.Flags()
	f.StringVar(&script, "script", "", "script id (number or customscript_…)")
	f.StringVar(&deploy, "deploy", "", "deployment id (number or customdeploy…)")
	f.StringVar(&method, "method", "GET", "GET, POST, PUT or DELETE")
	f.StringVar(&data, "data", "", "request body: text, @FILE, or - (or @-) for standard input")
	f.StringVar(&contentType, "content-type", "", "application/json, application/xml or text/plain")
	f.StringArrayVar(&params, "param", nil, "query parameter name=value (repeat)")
	call.MarkFlagRequired("script")
	call.MarkFlagRequired("deploy")
	cmd.AddCommand(call)
	return cmd
}

func jsonLike(b []byte) bool {
	s := strings.TrimSpace(string(b))
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}
