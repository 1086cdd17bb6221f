package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/auth"
)

// configureField is one value configure asks for.
type configureField struct {
	key, prompt string
	secret      bool
	flag        func(e *env) string // the value given on the command line
	// optional: Enter with no current value keeps it empty (or def).
	optional bool
	def      string
}

var accountField = configureField{key: "account", prompt: "Account ID (e.g. 1234567 or 1234567_SB1)", flag: func(e *env) string { return e.values.Account }}

// configureFields are the values each authentication method needs, in the
// order configure asks for them.
var configureFields = map[string][]configureField{
	netsuite.AuthTBA: {
		accountField,
		{key: "consumer_key", prompt: "Consumer key (integration record)", flag: func(e *env) string { return e.values.ConsumerKey }},
		{key: "consumer_secret", prompt: "Consumer secret (integration record)", secret: true, flag: func(e *env) string { return e.consumerSecret }},
		{key: "token_id", prompt: "Token ID (access token)", flag: func(e *env) string { return e.values.TokenID }},
		{key: "token_secret", prompt: "Token secret (access token)", secret: true, flag: func(e *env) string { return e.tokenSecret }},
	},
	netsuite.AuthOAuth2M2M: {
		accountField,
		{key: "client_id", prompt: "Client ID (integration record)", flag: func(e *env) string { return e.values.ClientID }},
		{key: "certificate_id", prompt: "Certificate ID (OAuth 2.0 Client Credentials (M2M) Setup)", flag: func(e *env) string { return e.values.CertificateID }},
		{key: "private_key_file", prompt: "Private key file (PEM, of the mapped certificate)", flag: func(e *env) string { return e.values.PrivateKeyFile }},
		{key: "scopes", prompt: "Scopes (rest_webservices, restlets, suite_analytics; comma-separated)", flag: func(e *env) string { return e.values.Scopes }, optional: true, def: "rest_webservices"},
	},
	netsuite.AuthOAuth2Code: {
		accountField,
		{key: "client_id", prompt: "Client ID (integration record)", flag: func(e *env) string { return e.values.ClientID }},
		{key: "client_secret", prompt: "Client secret (integration record; none for a public client, - to remove one)", secret: true, flag: func(e *env) string { return e.clientSecret }, optional: true},
		{key: "redirect_uri", prompt: "Redirect URI (integration record; https:// or a custom scheme)", flag: func(e *env) string { return e.values.RedirectURI }},
		{key: "scopes", prompt: "Scopes (rest_webservices, restlets; comma-separated)", flag: func(e *env) string { return e.values.Scopes }, optional: true, def: "rest_webservices"},
	},
}

// configureMethod is the method configure writes: --auth, else
// $NETSUITE_AUTH, else the profile's, else tba.
func (e *env) configureMethod(old map[string]string) (string, error) {
	m := e.values.Auth
	if m == "" {
		m = e.getenv(netsuite.EnvAuth)
	}
	if m == "" {
		m = old["auth"]
	}
	if m == "" {
		m = netsuite.AuthTBA
	}
	if _, ok := configureFields[m]; !ok {
		return "", fmt.Errorf("--auth %q: configure writes tba, oauth2-m2m or oauth2-code profiles", m)
	}
	return m, nil
}

func newConfigureCmd(e *env) *cobra.Command {
	var noCheck bool
	cmd := &cobra.Command{
		Use:   "configure [--profile P] [--auth tba|oauth2-m2m|oauth2-code]",
		Short: "Ask for a profile's values (TBA or OAuth 2.0), write them and check them",
		Long: `configure asks for the account id and the values of the authentication
method, as "aws configure" does: for tba (the default) the four token-based
authentication values; for --auth oauth2-m2m the client id, certificate id,
private key file and scopes; for --auth oauth2-code the client id, client
secret (none for a public client), redirect URI and scopes. The account id
is checked as you type it, secrets are not echoed, Enter keeps the
profile's current value. It writes the profile (--profile, default
"default") to the config file with mode 0600, keeping the file's other
profiles and comments, then runs "netsuite auth check" (for oauth2-code it
says to run "netsuite auth login" first). Values given as flags (--account,
--consumer-key, --client-id, …) are not asked for, so it runs without a
terminal too.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := e.configFile
			if path == "" {
				path = e.getenv(netsuite.EnvConfigFile)
			}
			if path == "" {
				path = netsuite.DefaultConfigFile(e.getenv)
			}
			profile := e.profile
			if profile == "" {
				profile = e.getenv(netsuite.EnvProfile)
			}
			if profile == "" {
				profile = netsuite.DefaultProfile
			}
			old, text, err := readProfile(path, profile)
			if err != nil {
				return err
			}
			method, err := e.configureMethod(old)
			if err != nil {
				return err
			}
			in := bufio.NewReader(e.stdin)
			fields := configureFields[method]
			values := map[string]string{}
			keys := make([]string, 0, len(fields)+1)
			if method != netsuite.AuthTBA || old["auth"] != "" {
				values["auth"] = method
				keys = append(keys, "auth")
			}
			fmt.Fprintf(e.stderr, "Profile %q in %s (%s)\n", profile, path, method)
			for _, f := range fields {
				v, err := e.ask(in, f, old[f.key])
				if err != nil {
					return err
				}
				if f.key == "private_key_file" {
					// Commands run from any directory: keep the absolute path.
					if v, err = filepath.Abs(v); err != nil {
						return err
					}
				}
				values[f.key] = v
				keys = append(keys, f.key)
			}
			if err := writeProfile(path, text, profile, keys, values); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "Wrote profile %q to %s (mode 0600).\n", profile, path)
			if method == netsuite.AuthOAuth2Code {
				fmt.Fprintf(e.stderr, "Next: netsuite --profile %s auth login (then netsuite --profile %s auth check).\n", shellArg(profile, "P"), shellArg(profile, "P"))
				return nil
			}
			if noCheck {
				return nil
			}
			fmt.Fprintln(e.stderr, "Checking it with netsuite auth check:")
			e.profile, e.configFile = profile, path
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			if method == netsuite.AuthOAuth2M2M {
				return runOAuth2Doctor(cmd.Context(), e, cfg, false, defaultTokenTimeout)
			}
			return runDoctor(cmd.Context(), e, cfg, false)
		},
	}
	cmd.Flags().BoolVar(&noCheck, "no-check", false, "write the profile without running auth check")
	return cmd
}

// ask returns the value of f: the flag's, else what the user types (the
// current value when they press Enter), checked; asked again when wrong on
// a terminal, an error otherwise.
func (e *env) ask(in *bufio.Reader, f configureField, current string) (string, error) {
	if v := f.flag(e); v != "" {
		if p := valueProblem(f.key, v); p != "" {
			return "", fmt.Errorf("--%s: %s", strings.ReplaceAll(f.key, "_", "-"), p)
		}
		return v, nil
	}
	tty := e.stdinTerminal()
	for {
		shown := ""
		switch {
		case current != "" && f.secret:
			shown = " [****]"
		case current != "" && f.key != "account":
			shown = " [" + auth.Mask(current) + "]"
		case current != "":
			shown = " [" + current + "]"
		}
		fmt.Fprintf(e.stderr, "%s%s: ", f.prompt, shown)
		var line string
		var err error
		if f.secret && tty {
			var b []byte
			b, err = term.ReadPassword(int(os.Stdin.Fd()))
			fmt.Fprintln(e.stderr)
			line = string(b)
		} else {
			line, err = in.ReadString('\n')
			if err == io.EOF && line != "" {
				err = nil
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", fmt.Errorf("no value for %s: the input ended (give it as a flag, e.g. --%s)", f.key, strings.ReplaceAll(f.key, "_", "-"))
			}
			return "", err
		}
		v := strings.TrimSpace(line)
		if v == "" {
			v = current
		}
		if v == "" && f.optional {
			return f.def, nil
		}
		if v == "-" && f.optional {
			return "", nil // remove the current value (a public client has no secret)
		}
		if v == "" {
			if !tty {
				return "", fmt.Errorf("no value for %s", f.key)
			}
			continue
		}
		p := valueProblem(f.key, v)
		if p == "" {
			return v, nil
		}
		if !tty {
			return "", fmt.Errorf("%s %s", f.key, p)
		}
		fmt.Fprintf(e.stderr, "  %s %s; try again\n", f.key, p)
	}
}

func (e *env) stdinTerminal() bool {
	f, ok := e.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// valueProblem checks one value as the configuration chain would.
func valueProblem(key, v string) string {
	c := &netsuite.Config{Sources: map[string]string{}}
	switch key {
	case "account":
		if _, err := netsuite.ParseAccount(v); err != nil {
			return "is not valid: " + err.Error()
		}
		return ""
	case "consumer_key":
		c.ConsumerKey = v
	case "consumer_secret":
		c.ConsumerSecret = auth.Secret(v)
	case "token_id":
		c.TokenID = v
	case "token_secret":
		c.TokenSecret = auth.Secret(v)
	case "client_id":
		c.Auth, c.ClientID = netsuite.AuthOAuth2Code, v
	case "certificate_id":
		c.Auth, c.CertificateID = netsuite.AuthOAuth2M2M, v
	case "private_key_file":
		if fi, err := os.Stat(v); err != nil {
			return "cannot be read: " + err.Error()
		} else if fi.IsDir() {
			return "is a directory: give the PEM file"
		}
		return ""
	case "redirect_uri":
		c.Auth, c.RedirectURI = netsuite.AuthOAuth2Code, v
	case "scopes":
		c.Auth, c.Scopes = netsuite.AuthOAuth2M2M, v
	case "client_secret":
		c.Auth, c.ClientSecret = netsuite.AuthOAuth2Code, auth.Secret(v)
	}
	var ce *netsuite.ConfigError
	for _, err := range unwrapAll(c.Validate()) {
		if errors.As(err, &ce) && ce.Key == key && ce.Problem != "is not set" {
			return ce.Problem
		}
	}
	return ""
}

func unwrapAll(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// readProfile reads the config file (which may not exist) and the
// profile's current values.
func readProfile(path, profile string) (map[string]string, string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", path, err)
	}
	var all map[string]map[string]any
	if err := toml.Unmarshal(b, &all); err != nil {
		return nil, "", fmt.Errorf("%s is not valid TOML (%v): fix it or move it away before running configure", path, err)
	}
	cur := map[string]string{}
	for k, v := range all[profile] {
		if s, ok := v.(string); ok {
			cur[k] = s
		}
	}
	return cur, string(b), nil
}

var sectionRE = regexp.MustCompile(`^\s*\[\s*("?)([^\]"]+)("?)\s*\]\s*(#.*)?$`)

// writeProfile sets the values in the profile's section of text, keeping
// every other line (other profiles, comments, other keys), and writes the
// file atomically with mode 0600.
func writeProfile(path, text, profile string, keys []string, values map[string]string) error {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if text == "" {
		lines = nil
	}
	start, end := -1, len(lines)
	for i, l := range lines {
		if m := sectionRE.FindStringSubmatch(l); m != nil {
			if start >= 0 {
				end = i
				break
			}
			if strings.TrimSpace(m[2]) == profile {
				start = i
			}
		}
	}
	set := map[string]bool{}
	var out []string
	if start < 0 {
		out = append(out, lines...)
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, "["+tomlKey(profile)+"]")
		for _, k := range keys {
			out = append(out, k+" = "+tomlString(values[k]))
		}
	} else {
		out = append(out, lines[:start+1]...)
		for _, l := range lines[start+1 : end] {
			key, _, found := strings.Cut(strings.TrimSpace(l), "=")
			key = strings.TrimSpace(key)
			if v, ok := values[key]; found && ok && !strings.HasPrefix(strings.TrimSpace(l), "#") {
				out = append(out, key+" = "+tomlString(v))
				set[key] = true
				continue
			}
			out = append(out, l)
		}
		// Keys the section did not have go after its last key line.
		insert := len(out)
		for insert > start+1 && strings.TrimSpace(out[insert-1]) == "" {
			insert--
		}
		var add []string
		for _, k := range keys {
			if !set[k] {
				add = append(add, k+" = "+tomlString(values[k]))
			}
		}
		out = append(out[:insert], append(add, out[insert:]...)...)
		out = append(out, lines[end:]...)
	}
	data := strings.Join(out, "\n") + "\n"
	var check map[string]any
	if err := toml.Unmarshal([]byte(data), &check); err != nil {
		return fmt.Errorf("the updated %s would not be valid TOML (%v); it was not written", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating the directory of %s: %w", path, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// tomlString is s as a TOML basic string: backslash, quote and control
// characters escaped (strconv.Quote's \x escapes are not TOML).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func tomlKey(s string) string {
	if regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(s) {
		return s
	}
	return tomlString(s)
}
