package netsuite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite/auth"
	"github.com/pelletier/go-toml/v2"
)

// Environment variables read by LoadConfig. The five credential variables are
// the ones NetSuite's TBA set-up guides use.
const (
	EnvAccount        = "NETSUITE_ACCOUNT"
	EnvConsumerKey    = "NETSUITE_CONSUMER_KEY"
	EnvConsumerSecret = "NETSUITE_CONSUMER_SECRET"
	EnvTokenID        = "NETSUITE_TOKEN_ID"
	EnvTokenSecret    = "NETSUITE_TOKEN_SECRET"
	EnvBaseURL        = "NETSUITE_BASE_URL"
	EnvConcurrency    = "NETSUITE_CONCURRENCY"
	EnvRedisURL       = "NETSUITE_REDIS_URL"
	EnvProfile        = "NETSUITE_PROFILE"
	EnvConfigFile     = "NETSUITE_CONFIG"
	EnvCredentials    = "NETSUITE_CREDENTIALS_FILE"
	// OAuth 2.0 (package oauth2).
	EnvAuth           = "NETSUITE_AUTH"
	EnvClientID       = "NETSUITE_CLIENT_ID"
	EnvCertificateID  = "NETSUITE_CERTIFICATE_ID"
	EnvPrivateKeyFile = "NETSUITE_PRIVATE_KEY_FILE"
	EnvScopes         = "NETSUITE_SCOPES"
	EnvClientSecret   = "NETSUITE_CLIENT_SECRET"
	EnvRedirectURI    = "NETSUITE_REDIRECT_URI"
)

// Authentication methods (the "auth" key). TBA is the default when TBA
// values are present; SOAP web services only accept TBA (Help Center
// section 157780312610).
const (
	AuthTBA        = "tba"
	AuthOAuth2M2M  = "oauth2-m2m"
	AuthOAuth2Code = "oauth2-code"
)

// DefaultProfile is the profile used when none is named.
const DefaultProfile = "default"

// Values are configuration values as strings, before validation. An empty
// field is unset. Values prints with its secrets redacted.
type Values struct {
	Account        string      `toml:"account"`
	ConsumerKey    string      `toml:"consumer_key"`
	ConsumerSecret auth.Secret `toml:"consumer_secret"`
	TokenID        string      `toml:"token_id"`
	TokenSecret    auth.Secret `toml:"token_secret"`
	BaseURL        string      `toml:"base_url"`
	// Concurrency is the account's (or the integration's) limit of
	// concurrent requests, 0 when unset: requests wait for one of that many
	// slots (package limit). Text that is not a whole number is kept in
	// concurrencyText for the error.
	Concurrency     int `toml:"concurrency,omitempty"`
	concurrencyText string
	// RedisURL shares the concurrency limit with every process that uses
	// the same Redis (package limit/redislimit); it may hold a password.
	RedisURL string `toml:"redis_url,omitempty"`

	// Auth is the authentication method: "tba", "oauth2-m2m" or
	// "oauth2-code" (see Config.AuthMethod).
	Auth string `toml:"auth,omitempty"`
	// ClientID is the OAuth 2.0 client id of the integration record.
	ClientID string `toml:"client_id,omitempty"`
	// CertificateID is the id NetSuite shows when a certificate is mapped
	// (OAuth 2.0 Client Credentials Setup); the assertions' kid.
	CertificateID string `toml:"certificate_id,omitempty"`
	// PrivateKeyFile is the path of the certificate's PEM private key.
	PrivateKeyFile string `toml:"private_key_file,omitempty"`
	// Scopes are the OAuth 2.0 scopes, comma-separated (default
	// rest_webservices).
	Scopes string `toml:"scopes,omitempty"`
	// ClientSecret is the integration record's client secret, for an
	// authorization code (oauth2-code) confidential client; empty for a
	// public client.
	ClientSecret auth.Secret `toml:"client_secret,omitempty"`
	// RedirectURI is the authorization code flow's redirect URI, one of
	// those on the integration record: https or a custom URL scheme (Help
	// Center section 158081944642).
	RedirectURI string `toml:"redirect_uri,omitempty"`
}

// field describes one configuration value: its key, where it is set and where
// it comes from in NetSuite.
type field struct {
	key, name, env, flag, origin string
	get                          func(*Values) string
	set                          func(*Values, string)
	secret                       bool
}

const (
	fromIntegration = "It is on the integration record (Setup > Integration > Manage Integrations), shown once when the record is saved; if it is lost, edit the record and press Reset Credentials."
	fromToken       = "It is on the access token (Setup > Users/Roles > Access Tokens > New), shown once when the token is saved; if it is lost, revoke the token and create a new one."
)

var fields = []field{
	{"account", "account id", EnvAccount, "--account",
		"Find it at Setup > Company > Company Information > Account ID, or in your NetSuite URL (1234567-sb1.app.netsuite.com is account 1234567_SB1).",
		func(v *Values) string { return v.Account }, func(v *Values, s string) { v.Account = s }, false},
	{"consumer_key", "consumer key", EnvConsumerKey, "--consumer-key", fromIntegration,
		func(v *Values) string { return v.ConsumerKey }, func(v *Values, s string) { v.ConsumerKey = s }, false},
	{"consumer_secret", "consumer secret", EnvConsumerSecret, "--consumer-secret", fromIntegration,
		func(v *Values) string { return v.ConsumerSecret.Reveal() }, func(v *Values, s string) { v.ConsumerSecret = auth.Secret(s) }, true},
	{"token_id", "token id", EnvTokenID, "--token-id", fromToken,
		func(v *Values) string { return v.TokenID }, func(v *Values, s string) { v.TokenID = s }, false},
	{"token_secret", "token secret", EnvTokenSecret, "--token-secret", fromToken,
		func(v *Values) string { return v.TokenSecret.Reveal() }, func(v *Values, s string) { v.TokenSecret = auth.Secret(s) }, true},
	{"base_url", "base URL", EnvBaseURL, "--base-url",
		"Leave it unset for NetSuite; set it to reach the emulator or a proxy, e.g. http://127.0.0.1:8080.",
		func(v *Values) string { return v.BaseURL }, func(v *Values, s string) { v.BaseURL = s }, false},
	{"concurrency", "concurrency limit", EnvConcurrency, "--concurrency",
		"Set it to the account's limit of concurrent requests (5 on a Standard account, +10 per SuiteCloud Plus licence; " +
			"\"netsuite governance\" shows it) or to the share of it this integration may use.",
		func(v *Values) string {
			if v.concurrencyText != "" {
				return v.concurrencyText
			}
			if v.Concurrency == 0 {
				return ""
			}
			return strconv.Itoa(v.Concurrency)
		},
		func(v *Values, s string) {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 {
				v.Concurrency, v.concurrencyText = 0, s
				return
			}
			v.Concurrency, v.concurrencyText = n, ""
		}, false},
	{"redis_url", "Redis URL", EnvRedisURL, "--redis",
		"Set it to a redis:// or rediss:// URL that every process using this account can reach, e.g. redis://127.0.0.1:6379/0, " +
			"to share the concurrency limit between processes and hosts; leave it unset to keep the limit in this process.",
		func(v *Values) string { return v.RedisURL }, func(v *Values, s string) { v.RedisURL = s }, false},
	{"auth", "authentication method", EnvAuth, "--auth",
		"Set it to tba (Token-Based Authentication, the default when TBA values are set), oauth2-m2m (OAuth 2.0 client credentials) or oauth2-code (OAuth 2.0 authorization code).",
		func(v *Values) string { return v.Auth }, func(v *Values, s string) { v.Auth = s }, false},
	{"client_id", "OAuth 2.0 client id", EnvClientID, "--client-id", fromOAuth2Client,
		func(v *Values) string { return v.ClientID }, func(v *Values, s string) { v.ClientID = s }, false},
	{"certificate_id", "OAuth 2.0 certificate id", EnvCertificateID, "--certificate-id",
		"It is shown when the certificate is mapped at Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup; \"netsuite migrate oauth2\" walks you through it.",
		func(v *Values) string { return v.CertificateID }, func(v *Values, s string) { v.CertificateID = s }, false},
	{"private_key_file", "private key file", EnvPrivateKeyFile, "--private-key-file",
		"It is the PEM private key of the certificate mapped in OAuth 2.0 Client Credentials (M2M) Setup (mode 0600); \"netsuite migrate oauth2\" creates one.",
		func(v *Values) string { return v.PrivateKeyFile }, func(v *Values, s string) { v.PrivateKeyFile = s }, false},
	{"scopes", "OAuth 2.0 scopes", EnvScopes, "--scopes",
		"Set it to rest_webservices, restlets or suite_analytics, comma-separated, as ticked on the integration record (default rest_webservices).",
		func(v *Values) string { return v.Scopes }, func(v *Values, s string) { v.Scopes = s }, false},
	{"client_secret", "OAuth 2.0 client secret", EnvClientSecret, "--client-secret",
		"It is the Client Secret on the integration record (Setup > Integration > Manage Integrations), shown once when the record is saved; leave it unset for a public client (Public Client ticked).",
		func(v *Values) string { return v.ClientSecret.Reveal() }, func(v *Values, s string) { v.ClientSecret = auth.Secret(s) }, true},
	{"redirect_uri", "OAuth 2.0 redirect URI", EnvRedirectURI, "--redirect-uri",
		"Set it to one of the Redirect URIs on the integration record (Authorization Code Grant): https:// or a custom scheme such as myapp://callback; NetSuite refuses http.",
		func(v *Values) string { return v.RedirectURI }, func(v *Values, s string) { v.RedirectURI = s }, false},
}

const fromOAuth2Client = "It is the Client ID on the integration record (Setup > Integration > Manage Integrations), shown once when the record is saved with OAuth 2.0 ticked."

// optionalKeys are the keys that may be left unset.
var optionalKeys = []string{"base_url", "concurrency", "redis_url", "auth", "scopes", "client_secret", "redirect_uri"}

// tbaKeys and the OAuth 2.0 keys are required by their method only.
var (
	tbaKeys       = []string{"consumer_key", "consumer_secret", "token_id", "token_secret"}
	oauth2M2MKeys = []string{"client_id", "certificate_id", "private_key_file"}
)

// AuthMethod returns the authentication method: the auth value when set;
// otherwise tba when any TBA value is set, oauth2-code when a redirect_uri
// is set without a certificate_id, oauth2-m2m when client_id or
// certificate_id is, else tba.
func (c *Config) AuthMethod() string {
	if a := strings.ToLower(strings.TrimSpace(c.Auth)); a != "" {
		return a
	}
	if c.ConsumerKey != "" || c.TokenID != "" || c.ConsumerSecret != "" || c.TokenSecret != "" {
		return AuthTBA
	}
	if c.RedirectURI != "" && c.CertificateID == "" {
		return AuthOAuth2Code
	}
	if c.CertificateID != "" || c.ClientID != "" {
		return AuthOAuth2M2M
	}
	return AuthTBA
}

// requiredKeys are the keys Validate checks for the method: the account,
// the method's credentials and the optional keys.
func (c *Config) requiredKeys() []string {
	keys := append([]string{"account"}, optionalKeys...)
	switch c.AuthMethod() {
	case AuthOAuth2M2M:
		return append(keys, oauth2M2MKeys...)
	case AuthOAuth2Code:
		return append(keys, "client_id")
	}
	return append(keys, tbaKeys...)
}

// LoadOptions control LoadConfig.
type LoadOptions struct {
	// Explicit values win over everything else (CLI flags, program options).
	Explicit Values
	// ExplicitSource describes where Explicit came from in messages, e.g.
	// "flag"; the default is "option".
	ExplicitSource string
	// Profile names the profile to read; it overrides NETSUITE_PROFILE.
	Profile string
	// ConfigFile overrides NETSUITE_CONFIG and the default path
	// $XDG_CONFIG_HOME/netsuite/config.toml (~/.config/netsuite/config.toml).
	ConfigFile string
	// CredentialsFile names a JSON file with the keys account, consumer_key,
	// consumer_secret, token_id, token_secret and base_url (as written by
	// "netsuite sim serve --credentials-out"); its values rank just below
	// Explicit. NETSUITE_CREDENTIALS_FILE sets it too.
	CredentialsFile string
	// Getenv replaces os.Getenv, for tests.
	Getenv func(string) string
	// Warn receives warnings, such as a config file holding secrets that
	// others can read. The default prints nothing; the CLI prints to stderr.
	Warn func(string)
}

// Config is a resolved configuration: the values and where each came from.
// It prints with secrets redacted.
type Config struct {
	Values
	Profile    string
	ConfigFile string            // the profile file path (it may not exist)
	Sources    map[string]string // key (e.g. "token_id") -> where the value came from
}

// DefaultConfigFile returns $XDG_CONFIG_HOME/netsuite/config.toml, or
// ~/.config/netsuite/config.toml when XDG_CONFIG_HOME is unset.
func DefaultConfigFile(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "netsuite", "config.toml")
}

// LoadConfig resolves the configuration through the documented chain, per
// value: explicit options, then the environment variables NETSUITE_ACCOUNT,
// NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET, NETSUITE_TOKEN_ID,
// NETSUITE_TOKEN_SECRET and NETSUITE_BASE_URL, then the profile (--profile,
// NETSUITE_PROFILE or "default") in the config file. Missing values are not
// an error here — call Config.Validate — but an unreadable or malformed
// file, or a named profile that does not exist, is.
func LoadConfig(o LoadOptions) (*Config, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	warn := o.Warn
	if warn == nil {
		warn = func(string) {}
	}
	explicitSrc := o.ExplicitSource
	if explicitSrc == "" {
		explicitSrc = "option"
	}
	c := &Config{Sources: map[string]string{}}

	c.Profile, c.ConfigFile = o.Profile, o.ConfigFile
	profileNamed := c.Profile != ""
	if c.Profile == "" {
		c.Profile = strings.TrimSpace(getenv(EnvProfile))
		profileNamed = c.Profile != ""
	}
	if c.Profile == "" {
		c.Profile = DefaultProfile
	}
	if c.ConfigFile == "" {
		c.ConfigFile = getenv(EnvConfigFile)
	}
	fileNamed := c.ConfigFile != ""
	if c.ConfigFile == "" {
		c.ConfigFile = DefaultConfigFile(getenv)
	}

	profile, err := readProfile(c.ConfigFile, c.Profile, profileNamed, fileNamed, warn)
	if err != nil {
		return nil, err
	}
	credsPath := o.CredentialsFile
	if credsPath == "" {
		credsPath = getenv(EnvCredentials)
	}
	var creds *Values
	if credsPath != "" {
		if creds, err = readCredentialsFile(credsPath, warn); err != nil {
			return nil, err
		}
	}
	for _, f := range fields {
		flagName := f.flag
		if explicitSrc != "flag" {
			flagName = f.key
		}
		switch {
		case f.get(&o.Explicit) != "":
			f.set(&c.Values, f.get(&o.Explicit))
			c.Sources[f.key] = explicitSrc + " " + flagName
		case creds != nil && f.get(creds) != "":
			f.set(&c.Values, f.get(creds))
			c.Sources[f.key] = "credentials file " + credsPath
		case getenv(f.env) != "":
			f.set(&c.Values, getenv(f.env))
			c.Sources[f.key] = "env " + f.env
		case profile != nil && f.get(profile) != "":
			f.set(&c.Values, f.get(profile))
			c.Sources[f.key] = fmt.Sprintf("profile %q in %s", c.Profile, c.ConfigFile)
		}
	}
	return c, nil
}

func readProfile(path, name string, profileNamed, fileNamed bool, warn func(string)) (*Values, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if fileNamed {
			return nil, fmt.Errorf("config file %s does not exist", path)
		}
		if profileNamed && name != DefaultProfile {
			return nil, fmt.Errorf("profile %q was asked for, but there is no config file at %s", name, path)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read config file: %w", err)
	}
	profiles := map[string]Values{}
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&profiles); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) {
			return nil, fmt.Errorf("config file %s: unknown key (the keys are account, consumer_key, consumer_secret, token_id, token_secret, base_url, concurrency, redis_url, auth, client_id, certificate_id, private_key_file, scopes, client_secret, redirect_uri):\n%s", path, sm.String())
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("config file %s:%d:%d: %s (each profile is a [name] table of key = \"value\" lines)", path, row, col, de.Error())
		}
		return nil, fmt.Errorf("config file %s: %v", path, err)
	}
	p, ok := profiles[name]
	if !ok {
		if profileNamed || len(profiles) > 0 && name != DefaultProfile {
			return nil, fmt.Errorf("config file %s has no profile %q; it has %s", path, name, profileNames(profiles))
		}
		return nil, nil
	}
	if p.ConsumerSecret != "" || p.TokenSecret != "" || p.ClientSecret != "" {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			warn(fmt.Sprintf("config file %s holds secrets and can be read by group or others (mode %04o): run chmod 600 %s", path, fi.Mode().Perm(), path))
		}
	}
	return &p, nil
}

func readCredentialsFile(path string, warn func(string)) (*Values, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read credentials file: %w", err)
	}
	var raw struct {
		Account        string `json:"account"`
		ConsumerKey    string `json:"consumer_key"`
		ConsumerSecret string `json:"consumer_secret"`
		TokenID        string `json:"token_id"`
		TokenSecret    string `json:"token_secret"`
		BaseURL        string `json:"base_url"`
		Auth           string `json:"auth"`
		ClientID       string `json:"client_id"`
		CertificateID  string `json:"certificate_id"`
		PrivateKeyFile string `json:"private_key_file"`
		Scopes         string `json:"scopes"`
		ClientSecret   string `json:"client_secret"`
		RedirectURI    string `json:"redirect_uri"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("credentials file %s: %v (it is a JSON object with the keys account, consumer_key, consumer_secret, token_id, token_secret, base_url, auth, client_id, certificate_id, private_key_file, scopes, client_secret, redirect_uri)", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 && (raw.ConsumerSecret != "" || raw.TokenSecret != "" || raw.ClientSecret != "") {
		warn(fmt.Sprintf("credentials file %s holds secrets and can be read by group or others (mode %04o): run chmod 600 %s", path, fi.Mode().Perm(), path))
	}
	return &Values{Account: raw.Account, ConsumerKey: raw.ConsumerKey, ConsumerSecret: auth.Secret(raw.ConsumerSecret),
		TokenID: raw.TokenID, TokenSecret: auth.Secret(raw.TokenSecret), BaseURL: raw.BaseURL,
		Auth: raw.Auth, ClientID: raw.ClientID, CertificateID: raw.CertificateID, PrivateKeyFile: raw.PrivateKeyFile, Scopes: raw.Scopes,
		ClientSecret: auth.Secret(raw.ClientSecret), RedirectURI: raw.RedirectURI}, nil
}

func profileNames(m map[string]Values) string {
	if len(m) == 0 {
		return "no profiles"
	}
	var names []string
	for n := range m {
		names = append(names, fmt.Sprintf("%q", n))
	}
	sort.Strings(names)
	return "profiles " + strings.Join(names, ", ")
}

// ConfigError reports a missing or malformed configuration value. It names
// the value, how to set it and where it comes from in NetSuite, and never
// holds the value itself.
type ConfigError struct {
	Key     string // e.g. "consumer_secret"
	Problem string // "is not set", or what is wrong with it
	Source  string // where the bad value came from; empty when missing
	help    string
}

func (e *ConfigError) Error() string {
	var f field
	for _, x := range fields {
		if x.key == e.Key {
			f = x
		}
	}
	if e.Source == "" {
		return fmt.Sprintf("%s %s: set %s, %s in your config profile, or %s. %s", f.name, e.Problem, f.env, f.key, f.flag, f.origin)
	}
	msg := fmt.Sprintf("%s from %s %s", f.name, e.Source, e.Problem)
	if e.help != "" {
		msg += ". " + e.help
	}
	return msg
}

// Validate checks that every value needed to sign requests is present and
// well-formed and returns all problems found, joined.
func (c *Config) Validate() error { return c.validate(c.requiredKeys()...) }

// ValidateTBA checks the TBA values whatever the method (SOAP web services
// accept TBA only).
func (c *Config) ValidateTBA() error {
	return c.validate(append(append([]string{"account"}, optionalKeys...), tbaKeys...)...)
}

// validate checks the values with the given keys, or all of them.
func (c *Config) validate(keys ...string) error {
	var errs []error
	for _, f := range fields {
		if len(keys) > 0 && !slices.Contains(keys, f.key) {
			continue
		}
		v := f.get(&c.Values)
		if slices.Contains(optionalKeys, f.key) {
			if v != "" {
				if p := optionalProblem(f.key, v); p != "" {
					errs = append(errs, &ConfigError{Key: f.key, Source: c.Sources[f.key], Problem: p, help: f.origin})
				}
			}
			continue
		}
		if v == "" {
			errs = append(errs, &ConfigError{Key: f.key, Problem: "is not set", help: f.origin})
			continue
		}
		if f.key == "account" {
			if _, err := ParseAccount(v); err != nil {
				errs = append(errs, &ConfigError{Key: f.key, Source: c.Sources[f.key], Problem: "is not valid: " + err.Error()})
			}
			continue
		}
		if f.key == "certificate_id" {
			if strings.TrimSpace(v) != v || strings.ContainsAny(v, "\"' ") {
				errs = append(errs, &ConfigError{Key: f.key, Source: c.Sources[f.key], Problem: "has spaces or quotes around it", help: f.origin})
			}
			continue
		}
		if f.key == "private_key_file" {
			if fi, err := os.Stat(v); err != nil {
				errs = append(errs, &ConfigError{Key: f.key, Source: c.Sources[f.key], Problem: "cannot be read: " + err.Error(), help: f.origin})
			} else if fi.IsDir() {
				errs = append(errs, &ConfigError{Key: f.key, Source: c.Sources[f.key], Problem: "is a directory, not a PEM file", help: f.origin})
			}
			continue
		}
		if p := credentialProblem(v); p != "" {
			errs = append(errs, &ConfigError{Key: f.key, Source: c.Sources[f.key], Problem: p, help: f.origin})
		}
	}
	return errors.Join(errs...)
}

// optionalProblem says what is wrong with an optional value that is set.
func optionalProblem(key, v string) string {
	switch key {
	case "base_url":
		if _, err := ParseBaseURL(v); err != nil {
			return err.Error()
		}
	case "concurrency":
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 {
			return fmt.Sprintf("is %q, not a whole number of at least 1", v)
		}
	case "auth":
		switch strings.ToLower(strings.TrimSpace(v)) {
		case AuthTBA, AuthOAuth2M2M, AuthOAuth2Code:
		default:
			return fmt.Sprintf("is %q, not tba, oauth2-m2m or oauth2-code", v)
		}
	case "scopes":
		if _, err := ParseScopes(v); err != nil {
			return err.Error()
		}
	case "client_secret":
		return credentialProblem(v)
	case "redirect_uri":
		return redirectURIProblem(v)
	case "redis_url":
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") || (u.Host == "" && u.Scheme != "unix") {
			return "is not a redis://, rediss:// or unix:// URL"
		}
	}
	return ""
}

// redirectURIProblem: a redirect URI is https or a custom URL scheme;
// NetSuite refuses http, also for loopback addresses (Help Center section
// 158081944642).
func redirectURIProblem(v string) string {
	u, err := url.Parse(strings.TrimSpace(v))
	switch {
	case err != nil || u.Scheme == "":
		return "is not an absolute URL (https://… or a custom scheme such as myapp://callback)"
	case strings.EqualFold(u.Scheme, "http"):
		return "uses http; NetSuite accepts only https or a custom URL scheme as redirect URI"
	case strings.EqualFold(u.Scheme, "https") && u.Host == "":
		return "has no host"
	case u.Fragment != "":
		return "must not have a fragment"
	}
	return ""
}

// credentialProblem says what is wrong with a key, secret or token value,
// without repeating the value.
func credentialProblem(v string) string {
	if strings.TrimSpace(v) != v {
		return "has spaces or a line break around it (copied with extra characters?)"
	}
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return "is wrapped in quotes; remove them"
	}
	hex := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		case 'g' <= c && c <= 'z', 'G' <= c && c <= 'Z':
			hex = false
		default:
			return fmt.Sprintf("contains the character %q at position %d; NetSuite keys, secrets and token ids are letters and digits only", c, i+1)
		}
	}
	if hex && len(v) != 64 {
		return fmt.Sprintf("has %d characters; NetSuite's are 64 hexadecimal characters (was it cut short when copied?)", len(v))
	}
	return ""
}

// ParseBaseURL checks a base-URL override: http or https, a host, nothing
// after the path. The returned URL has no trailing slash.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("is not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("must start with http:// or https://")
	}
	if u.Host == "" {
		return nil, fmt.Errorf("has no host")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("must not have a query, fragment or user info")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Credentials returns the validated credentials for signing.
func (c *Config) Credentials() (auth.Credentials, error) {
	if err := c.ValidateTBA(); err != nil {
		return auth.Credentials{}, err
	}
	a, _ := ParseAccount(c.Account)
	return auth.Credentials{
		Account:        a.ID(),
		ConsumerKey:    c.ConsumerKey,
		ConsumerSecret: c.ConsumerSecret,
		TokenID:        c.TokenID,
		TokenSecret:    c.TokenSecret,
	}, nil
}

// Redacted returns the configuration for display: account and base URL as
// they are, consumer key and token id shortened, secrets "[redacted]", and an
// empty string for what is unset.
func (c *Config) Redacted() map[string]string {
	m := map[string]string{}
	for _, f := range fields {
		v := f.get(&c.Values)
		switch {
		case v == "":
		case f.secret:
			v = "[redacted]"
		case f.key == "consumer_key" || f.key == "token_id" || f.key == "client_id":
			v = auth.Mask(v)
		case f.key == "redis_url":
			if u, err := url.Parse(v); err == nil {
				v = u.Redacted()
			} else {
				v = "[unparsable URL]"
			}
		}
		m[f.key] = v
	}
	return m
}

// ConfigKeys lists the configuration keys in display order.
func ConfigKeys() []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

// String implements fmt.Stringer with secrets redacted.
func (c *Config) String() string {
	r := c.Redacted()
	var b strings.Builder
	b.WriteString("{")
	for i, k := range ConfigKeys() {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(k + ":" + r[k])
	}
	b.WriteString(" profile:" + c.Profile + "}")
	return b.String()
}

// GoString implements fmt.GoStringer with secrets redacted.
func (c *Config) GoString() string { return "netsuite.Config" + c.String() }

// String implements fmt.Stringer with secrets redacted.
func (v Values) String() string { return (&Config{Values: v}).String() }

// OAuth2Scopes are the scopes of NetSuite's OAuth 2.0 (Help Center section
// 162790605110).
var OAuth2Scopes = []string{"rest_webservices", "restlets", "suite_analytics"}

// ParseScopes reads a scope list, comma- or space-separated, without
// repeats; an unknown scope is an error naming it.
func ParseScopes(s string) ([]string, error) {
	var out []string
	for _, sc := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !slices.Contains(OAuth2Scopes, sc) {
			return nil, fmt.Errorf("has %q, not one of %s", sc, strings.Join(OAuth2Scopes, ", "))
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// ScopeList is the configured scopes (rest_webservices when none are);
// Validate has refused unknown ones.
func (c *Config) ScopeList() []string {
	s, _ := ParseScopes(c.Scopes)
	if len(s) == 0 {
		return []string{OAuth2Scopes[0]}
	}
	return s
}
