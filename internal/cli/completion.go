package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/record"
	"github.com/go-netsuite/netsuite/sim/admin"
)

// Shell completion: cobra's `netsuite completion bash|zsh|fish|powershell`
// writes the scripts; the functions here complete values: output formats,
// profile names, record types (from the account's metadata catalog, cached
// per account) and the names of the emulator's objects for sim admin.

// outputFormats are the -o values per command path.
var outputFormats = map[string][]string{
	"netsuite query":      {"table", "json", "csv", "ndjson", "parquet"},
	"netsuite governance": {"table", "json"},
}

// addCompletions registers the value completions on the command tree.
func addCompletions(e *env, root *cobra.Command) {
	root.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return e.profileNames(), cobra.ShellCompDirectiveNoFileComp
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if formats, ok := outputFormats[c.CommandPath()]; ok {
			c.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
		}
		if c.Parent() != nil && c.Parent().Name() == "record" && strings.Contains(c.Use, "TYPE") {
			c.ValidArgsFunction = func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return e.recordTypes(cmd.Context()), cobra.ShellCompDirectiveNoFileComp
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// profileNames lists the profiles of the config file.
func (e *env) profileNames() []string {
	path := e.configFile
	if path == "" {
		path = e.getenv(netsuite.EnvConfigFile)
	}
	if path == "" {
		path = netsuite.DefaultConfigFile(e.getenv)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var profiles map[string]any
	if toml.Unmarshal(b, &profiles) != nil {
		return nil
	}
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// standardRecordTypes are offered when the account cannot be asked.
var standardRecordTypes = []string{"customer", "contact", "vendor", "employee", "inventoryItem", "serviceItem",
	"salesOrder", "invoice", "customerPayment", "currency", "subsidiary", "account", "accountingPeriod"}

// recordTypes lists the account's record types from its metadata catalog,
// cached for a day per account under the user's cache directory.
func (e *env) recordTypes(ctx context.Context) []string {
	cfg, err := e.loadConfig()
	if err != nil || cfg.Account == "" {
		return standardRecordTypes
	}
	dir, err := os.UserCacheDir()
	if xdg := e.getenv("XDG_CACHE_HOME"); xdg != "" {
		dir, err = xdg, nil
	}
	cache := ""
	if err == nil {
		cache = filepath.Join(dir, "netsuite", "record-types-"+strings.ToUpper(cfg.Account)+".json")
		if fi, err := os.Stat(cache); err == nil && time.Since(fi.ModTime()) < 24*time.Hour {
			var types []string
			if b, err := os.ReadFile(cache); err == nil && json.Unmarshal(b, &types) == nil && len(types) > 0 {
				return types
			}
		}
	}
	c, err := e.newClient(cfg)
	if err != nil {
		return standardRecordTypes
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	entries, err := record.New(c).Catalog(ctx)
	if err != nil || len(entries) == 0 {
		return standardRecordTypes
	}
	types := make([]string, 0, len(entries))
	for _, en := range entries {
		types = append(types, en.Name)
	}
	slices.Sort(types)
	if cache != "" && os.MkdirAll(filepath.Dir(cache), 0o700) == nil {
		if b, err := json.Marshal(types); err == nil {
			os.WriteFile(cache, b, 0o600)
		}
	}
	return types
}

// adminNames completes the names of the emulator's objects of a kind
// (integration, role, employee, token) from its "<kind>.list".
func adminNames(e *env, t *adminTarget, kind string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(cmd.Context(), 3*time.Second)
		defer cancel()
		raw, err := t.do(ctx, e, admin.Request{Op: kind + ".list"})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var items []map[string]any
		if json.Unmarshal(raw, &items) != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for _, it := range items {
			for _, k := range []string{"name", "email"} {
				if s, ok := it[k].(string); ok && s != "" {
					names = append(names, s)
					break
				}
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
