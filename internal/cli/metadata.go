package cli

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/spf13/cobra"
)

func newMetadataCmd(e *env) *cobra.Command {
	var openapi, schema bool
	cmd := &cobra.Command{
		Use:   "metadata [TYPE...] [--openapi|--schema]",
		Short: "Print the REST record metadata catalog, a JSON Schema or an OpenAPI document",
		Long: `metadata reads /services/rest/record/v1/metadata-catalog. Without
arguments it prints the catalog (every record type with its metadata links).
With TYPE it prints that type's JSON Schema (--schema, the default for one
type). --openapi prints the OpenAPI 3.0 document of the given types
(select=TYPE,…), or of every type when none is given (large).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if openapi && schema {
				return errors.New("use --openapi or --schema, not both")
			}
			if schema && len(args) != 1 {
				return errors.New("--schema needs exactly one TYPE")
			}
			if !openapi && len(args) > 1 {
				return errors.New("several types: add --openapi (a JSON Schema is for one type)")
			}
			svc, err := e.recordService()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var doc json.RawMessage
			switch {
			case openapi:
				doc, err = svc.OpenAPI(ctx, args...)
			case len(args) == 1:
				doc, err = svc.Schema(ctx, args[0])
			default:
				cat, err := svc.Catalog(ctx)
				if err != nil {
					return err
				}
				return writeJSON(e.stdout, cat)
			}
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := json.Indent(&b, doc, "", "  "); err != nil {
				return err
			}
			b.WriteByte('\n')
			_, err = e.stdout.Write(b.Bytes())
			return err
		},
	}
	cmd.Flags().BoolVar(&openapi, "openapi", false, "print OpenAPI 3.0 (Accept: application/swagger+json)")
	cmd.Flags().BoolVar(&schema, "schema", false, "print the type's JSON Schema (Accept: application/schema+json)")
	return cmd
}
