package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/go-netsuite/netsuite"
	"github.com/spf13/cobra"
)

func newConfigCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Inspect the resolved configuration"}
	var asJSON bool
	show := &cobra.Command{
		Use:   "show",
		Short: "Show each configuration value (secrets redacted) and where it came from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			var problems []string
			if verr := cfg.Validate(); verr != nil {
				var je interface{ Unwrap() []error }
				if errors.As(verr, &je) {
					for _, p := range je.Unwrap() {
						problems = append(problems, p.Error())
					}
				} else {
					problems = append(problems, verr.Error())
				}
			}
			red := cfg.Redacted()
			if asJSON {
				type entry struct {
					Key    string `json:"key"`
					Value  string `json:"value"`
					Source string `json:"source"`
				}
				out := struct {
					Profile    string   `json:"profile"`
					ConfigFile string   `json:"config_file"`
					AuthMethod string   `json:"auth_method"`
					Values     []entry  `json:"values"`
					Problems   []string `json:"problems"`
				}{Profile: cfg.Profile, ConfigFile: cfg.ConfigFile, AuthMethod: cfg.AuthMethod(), Problems: problems}
				for _, k := range netsuite.ConfigKeys() {
					out.Values = append(out.Values, entry{k, red[k], cfg.Sources[k]})
				}
				if out.Problems == nil {
					out.Problems = []string{}
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
				if len(problems) > 0 {
					return &exitError{code: 1} // the problems are in the JSON
				}
				return nil
			}
			fmt.Fprintf(e.stdout, "profile: %s\nconfig file: %s\nauthentication: %s\n\n", cfg.Profile, cfg.ConfigFile, authMethodLine(cfg))
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tVALUE\tSOURCE")
			for _, k := range netsuite.ConfigKeys() {
				v, src := red[k], cfg.Sources[k]
				if v == "" {
					v, src = "-", "not set"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", k, v, src)
			}
			tw.Flush()
			if len(problems) > 0 {
				fmt.Fprintln(e.stdout, "\nproblems:")
				for _, p := range problems {
					fmt.Fprintln(e.stdout, "  -", p)
				}
				// Scripts can tell a usable configuration from one that is not.
				return &exitError{code: 1}
			}
			return nil
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(show)
	return cmd
}
