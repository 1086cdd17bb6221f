package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// accountFile is the TOML schema of an account file; see
// [Store.ApplyAccountFile].
type accountFile struct {
	Account      *fileAccount      `toml:"account"`
	Features     map[string]bool   `toml:"features"`
	Integrations []fileIntegration `toml:"integrations"`
	Roles        []fileRole        `toml:"roles"`
	Employees    []fileEmployee    `toml:"employees"`
	Tokens       []fileToken       `toml:"tokens"`
	// CustomRecords are custom record types (applied before roles, whose
	// permissions may name them).
	CustomRecords []fileCustomRecord `toml:"custom_records"`
}

type fileCustomRecord struct {
	ScriptID string            `toml:"script_id"`
	Name     string            `toml:"name"`
	Access   string            `toml:"access"`
	Fields   []fileCustomField `toml:"fields"`
}

type fileCustomField struct {
	ScriptID  string `toml:"script_id"`
	Label     string `toml:"label"`
	Type      string `toml:"type"`
	Ref       string `toml:"ref"`
	Mandatory bool   `toml:"mandatory"`
}

func (c fileCustomRecord) definition() CustomRecordType {
	t := CustomRecordType{ScriptID: c.ScriptID, Name: c.Name, AccessType: CustomRecordAccess(c.Access), Fields: []CustomField{}}
	for _, f := range c.Fields {
		t.Fields = append(t.Fields, CustomField{ScriptID: f.ScriptID, Label: f.Label, Type: CustomFieldType(f.Type), Ref: f.Ref, Mandatory: f.Mandatory})
	}
	return t
}

type fileAccount struct {
	ID             string `toml:"id"`
	Company        string `toml:"company"`
	Tier           string `toml:"tier"`
	SuiteCloudPlus *int   `toml:"suitecloud_plus"`
}

type fileIntegration struct {
	Name             string `toml:"name"`
	TBA              *bool  `toml:"tba"`
	State            string `toml:"state"`
	ConcurrencyLimit *int   `toml:"concurrency_limit"`
	ConsumerKey      string `toml:"consumer_key"`
	ConsumerSecret   string `toml:"consumer_secret"`
}

type fileRole struct {
	Name        string            `toml:"name"`
	Permissions map[string]string `toml:"permissions"`
}

type fileEmployee struct {
	EntityID   string   `toml:"entity_id"`
	Email      string   `toml:"email"`
	GiveAccess *bool    `toml:"give_access"`
	Roles      []string `toml:"roles"`
}

type fileToken struct {
	Name        string `toml:"name"`
	Integration string `toml:"integration"`
	Employee    string `toml:"employee"`
	Role        string `toml:"role"`
	TokenID     string `toml:"token_id"`
	TokenSecret string `toml:"token_secret"`
}

// FileError is an account-file error that names the offending key and, when
// known, its line.
type FileError struct {
	// File is the file name ("account file" for a reader).
	File string
	// Line is 1-based, 0 when unknown.
	Line int
	// Key is the offending key path, e.g. `roles[1].permissions."Web Servics"`.
	Key string
	// Err is the underlying error (often an [*Error]).
	Err error
}

// Error formats as "file:line: key: message".
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// AccountFileResult reports what applying an account file did, including
// the credentials of integrations and tokens it created (shown only here).
type AccountFileResult struct {
	Account Account `json:"account"`
	// Integrations holds the credentials of integrations created or whose
	// fixed credentials were set.
	Integrations []IntegrationCredentials `json:"integrations"`
	// Tokens holds the tokens created.
	Tokens []TokenCredentials `json:"tokens"`
	// Kept lists objects that already existed and were updated or kept.
	Kept []string `json:"kept"`
	// CustomRecords lists the script ids of the custom record types
	// defined or updated.
	CustomRecords []string `json:"customRecords"`
}

// LoadAccountFile reads and applies the account file at path; see
// [Store.ApplyAccountFile].
func (s *Store) LoadAccountFile(ctx context.Context, path string) (*AccountFileResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("store: read account file: %w", err)
	}
	return s.applyAccountFile(ctx, path, data)
}

// ApplyAccountFile parses an account file, validates all of it, and then
// applies it in one transaction, so that a failing file changes nothing.
// Errors are [*FileError]s naming the offending key and line. Sections apply
// in dependency order: account, features, integrations, roles, employees,
// tokens. testdata/guide.toml reproduces the TBA setup guide.
//
// An account file is a TOML document that provisions an account
// declaratively, for tests and demos. Every table is optional:
//
//	[account]
//	id = "TSTDRV1234567"          # realm
//	company = "Demo Co"
//	tier = "Premium"              # Standard | Premium | Enterprise | Ultimate
//	suitecloud_plus = 1           # SuiteCloud Plus licences
//
//	[features]                    # keys or UI labels, see ParseFeature
//	tba = true
//
//	[[integrations]]
//	name = "Demo Integration"
//	tba = true                    # Token-Based Authentication box (default true)
//	state = "Enabled"             # Enabled | Blocked (default Enabled)
//	concurrency_limit = 5         # optional integration-specific limit (0: none)
//	consumer_key = "<64 hex>"     # optional fixed credentials, both or neither
//	consumer_secret = "<64 hex>"
//
//	[[roles]]
//	name = "TBA Role"
//	[roles.permissions]           # the role's exact permission set
//	"User Access Token" = "Full"
//
//	[[employees]]
//	entity_id = "Ada Admin"
//	email = "admin@example.com"
//	give_access = true            # default true
//	roles = ["Administrator", "TBA Role"]   # added; roles not listed are kept
//
//	[[tokens]]
//	name = "Demo token"           # optional, NetSuite's default name otherwise
//	integration = "Demo Integration"
//	employee = "admin@example.com"
//	role = "TBA Role"
//	token_id = "<64 hex>"         # optional fixed credentials, both or neither
//	token_secret = "<64 hex>"
//
//	[[custom_records]]            # a custom record type (applied before roles)
//	script_id = "customrecord_shipment"
//	name = "Shipment"             # the role permission is "Custom Record -> Shipment"
//	access = "permission"         # permission (default) | none (No Permission Required)
//	[[custom_records.fields]]
//	script_id = "custrecord_carrier"
//	label = "Carrier"
//	type = "text"                 # or NetSuite's label: "Free-Form Text", "List/Record", ...
//	ref = "customer"              # List/Record (select) fields only: the record type
//	mandatory = true
//
// Applying is idempotent for everything that has a name or fixed
// credentials: existing integrations, roles and employees are updated, a
// token whose name or token_id exists is kept. A token with neither a name
// nor a token_id is created anew on every apply. A custom record type is
// updated in place (see [Store.DefineCustomRecordType]).
func (s *Store) ApplyAccountFile(ctx context.Context, r io.Reader) (*AccountFileResult, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("store: read account file: %w", err)
	}
	return s.applyAccountFile(ctx, "account file", data)
}

func (s *Store) applyAccountFile(ctx context.Context, name string, data []byte) (*AccountFileResult, error) {
	var f accountFile
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, tomlError(name, err)
	}
	pos := indexPositions(data)
	fe := func(key string, err error) *FileError {
		return &FileError{File: name, Line: pos.line(key), Key: displayKey(key), Err: err}
	}
	if err := validateAccountFile(&f, fe); err != nil {
		return nil, err
	}
	res := &AccountFileResult{Integrations: []IntegrationCredentials{}, Tokens: []TokenCredentials{}, Kept: []string{}, CustomRecords: []string{}}
	err := s.update(ctx, func(tx *sql.Tx) error { return s.applyFileTx(ctx, tx, &f, fe, res) })
	if err != nil {
		return nil, err
	}
	if res.Account, err = s.Account(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

// tomlError converts go-toml's decode errors into a FileError.
func tomlError(name string, err error) error {
	var de *toml.DecodeError
	var sm *toml.StrictMissingError
	switch {
	case errors.As(err, &sm) && len(sm.Errors) > 0:
		e := sm.Errors[0]
		line, _ := e.Position()
		return &FileError{File: name, Line: line, Key: displayKey(kp(e.Key()...)),
			Err: newErr(ErrInvalid, "unknown key")}
	case errors.As(err, &de):
		line, _ := de.Position()
		msg := friendlyDecodeMessage(strings.TrimPrefix(de.Error(), "toml: "))
		return &FileError{File: name, Line: line, Key: displayKey(kp(de.Key()...)), Err: newErr(ErrInvalid, "%s", msg)}
	}
	return &FileError{File: name, Err: err}
}

var typeMismatch = regexp.MustCompile(`^cannot decode TOML (.+?) into (?:.* of type )?(.+)$`)

// friendlyDecodeMessage rewrites go-toml's type-mismatch message, which
// names Go types, in TOML terms.
func friendlyDecodeMessage(msg string) string {
	m := typeMismatch.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := strings.TrimPrefix(m[2], "*")
	switch {
	case strings.HasPrefix(want, "int"):
		want = "an integer"
	case want == "string":
		want = "a string"
	case want == "bool":
		want = "a boolean (true or false)"
	case strings.HasPrefix(want, "[]"):
		want = "an array"
	case strings.HasPrefix(want, "map["), strings.HasPrefix(want, "store."):
		want = "a table"
	}
	return fmt.Sprintf("expected %s, got a TOML %s", want, m[1])
}

func validateAccountFile(f *accountFile, fe func(string, error) *FileError) error {
	if a := f.Account; a != nil {
		if a.ID != "" {
			if _, err := NormalizeAccountID(a.ID); err != nil {
				return fe(kp("account", "id"), err)
			}
		}
		if a.Tier != "" {
			if _, err := ParseServiceTier(a.Tier); err != nil {
				return fe(kp("account", "tier"), err)
			}
		}
		if a.SuiteCloudPlus != nil && *a.SuiteCloudPlus < 0 {
			return fe(kp("account", "suitecloud_plus"), newErr(ErrInvalid, "must not be negative"))
		}
	}
	for _, k := range sortedKeys(f.Features) {
		if _, err := ParseFeature(k); err != nil {
			return fe(kp("features", k), err)
		}
	}
	seen := map[string]string{}
	dup := func(kind, name, key string) error {
		n := strings.ToLower(strings.TrimSpace(name))
		if prev, ok := seen[kind+"\x00"+n]; ok {
			return fe(key, newErr(ErrDuplicate, "%s %q is also defined at %s", kind, name, displayKey(prev)))
		}
		seen[kind+"\x00"+n] = key
		return nil
	}
	for i, in := range f.Integrations {
		p := fmt.Sprintf("integrations[%d]", i)
		if strings.TrimSpace(in.Name) == "" {
			return fe(kp(p, "name"), newErr(ErrInvalid, "integration name is missing"))
		}
		if err := dup("integration", in.Name, kp(p, "name")); err != nil {
			return err
		}
		if in.State != "" {
			if _, err := ParseIntegrationState(in.State); err != nil {
				return fe(kp(p, "state"), err)
			}
		}
		if in.ConcurrencyLimit != nil && *in.ConcurrencyLimit < 0 {
			return fe(kp(p, "concurrency_limit"), newErr(ErrInvalid, "must not be negative"))
		}
		if err := checkFixedPair(fe, p, "consumer_key", in.ConsumerKey, "consumer_secret", in.ConsumerSecret); err != nil {
			return err
		}
	}
	for i, r := range f.Roles {
		p := fmt.Sprintf("roles[%d]", i)
		if strings.TrimSpace(r.Name) == "" {
			return fe(kp(p, "name"), newErr(ErrInvalid, "role name is missing"))
		}
		if err := dup("role", r.Name, kp(p, "name")); err != nil {
			return err
		}
		canon := map[string]string{}
		for _, k := range sortedKeys(r.Permissions) {
			key := kp(p, "permissions", k)
			c, err := CanonicalPermission(k)
			if err != nil {
				return fe(key, err)
			}
			if prev, ok := canon[c]; ok {
				return fe(key, newErr(ErrDuplicate, "permission %q is also given as %q", c, prev))
			}
			canon[c] = k
			if _, err := ParseLevel(r.Permissions[k]); err != nil {
				return fe(key, err)
			}
		}
	}
	for i, e := range f.Employees {
		p := fmt.Sprintf("employees[%d]", i)
		if strings.TrimSpace(e.Email) == "" {
			return fe(kp(p, "email"), newErr(ErrInvalid, "employee email is missing"))
		}
		if !validEmail(strings.TrimSpace(e.Email)) {
			return fe(kp(p, "email"), newErr(ErrInvalid, "%q is not a valid address", e.Email))
		}
		if err := dup("employee", e.Email, kp(p, "email")); err != nil {
			return err
		}
		for j, r := range e.Roles {
			if strings.TrimSpace(r) == "" {
				return fe(kp(p, fmt.Sprintf("roles[%d]", j)), newErr(ErrInvalid, "role reference is empty"))
			}
		}
	}
	for i, c := range f.CustomRecords {
		p := fmt.Sprintf("custom_records[%d]", i)
		if err := dup("custom record type", c.ScriptID, kp(p, "script_id")); err != nil {
			return err
		}
	}
	for i, t := range f.Tokens {
		p := fmt.Sprintf("tokens[%d]", i)
		for _, fld := range []struct{ key, val string }{{"integration", t.Integration}, {"employee", t.Employee}, {"role", t.Role}} {
			if strings.TrimSpace(fld.val) == "" {
				return fe(kp(p, fld.key), newErr(ErrInvalid, "%s is missing", fld.key))
			}
		}
		if t.Name != "" {
			if err := dup("token", t.Name, kp(p, "name")); err != nil {
				return err
			}
		}
		if err := checkFixedPair(fe, p, "token_id", t.TokenID, "token_secret", t.TokenSecret); err != nil {
			return err
		}
	}
	return nil
}

// customRecordKey is the key path an error about custom_records[i] points
// at: the field it is about, if any.
func customRecordKey(i int, err error) string {
	p := fmt.Sprintf("custom_records[%d]", i)
	if fe := (*FieldError)(nil); errors.As(err, &fe) {
		return kp(p, fmt.Sprintf("fields[%d]", fe.Index))
	}
	return p
}

func checkFixedPair(fe func(string, error) *FileError, p, k1, v1, k2, v2 string) error {
	if (v1 == "") != (v2 == "") {
		missing := k2
		if v1 == "" {
			missing = k1
		}
		return fe(kp(p, missing), newErr(ErrInvalid, "%s and %s must be given together", k1, k2))
	}
	if v1 != "" && !validCredential(v1) {
		return fe(kp(p, k1), newErr(ErrInvalid, "must be 64 lowercase hex characters"))
	}
	if v2 != "" && !validCredential(v2) {
		return fe(kp(p, k2), newErr(ErrInvalid, "must be 64 lowercase hex characters"))
	}
	return nil
}

func (s *Store) applyFileTx(ctx context.Context, tx *sql.Tx, f *accountFile, fe func(string, error) *FileError, res *AccountFileResult) error {
	if a := f.Account; a != nil {
		var u AccountUpdate
		if a.ID != "" {
			u.ID = &a.ID
		}
		if a.Company != "" {
			u.CompanyName = &a.Company
		}
		if a.Tier != "" {
			t := vocab.ServiceTier(a.Tier)
			u.ServiceTier = &t
		}
		u.SuiteCloudPlusLicenses = a.SuiteCloudPlus
		if _, err := s.updateAccountTx(ctx, tx, u); err != nil {
			return fe("account", err)
		}
	}
	for _, k := range sortedKeys(f.Features) {
		feat, _ := ParseFeature(k)
		if err := s.setFeatureTx(ctx, tx, feat, f.Features[k]); err != nil {
			return fe(kp("features", k), err)
		}
	}
	for i, in := range f.Integrations {
		p := fmt.Sprintf("integrations[%d]", i)
		if err := s.applyFileIntegration(ctx, tx, in, res); err != nil {
			return fe(p, err)
		}
	}
	var pending []CustomRecordType
	for _, c := range f.CustomRecords {
		pending = append(pending, c.definition())
	}
	for i, c := range f.CustomRecords {
		t, err := s.defineCustomRecordTypeTx(ctx, tx, c.definition(), pending)
		if err != nil {
			return fe(customRecordKey(i, err), err)
		}
		res.CustomRecords = append(res.CustomRecords, t.ScriptID)
	}
	for i, r := range f.Roles {
		p := fmt.Sprintf("roles[%d]", i)
		perms := map[string]vocab.Level{}
		for k, v := range r.Permissions {
			c, _ := CanonicalPermission(k)
			perms[c], _ = ParseLevel(v)
		}
		cur, err := getRole(ctx, tx, r.Name)
		switch {
		case errors.Is(err, ErrNotFound):
			if _, err := s.createRoleTx(ctx, tx, RoleInput{Name: r.Name, Permissions: perms}); err != nil {
				return fe(p, err)
			}
		case err != nil:
			return fe(p, err)
		default:
			for n := range cur.Permissions {
				if _, ok := perms[n]; !ok {
					perms[n] = vocab.LevelNone // the file gives the exact set
				}
			}
			if _, err := s.setPermissionsTx(ctx, tx, fmt.Sprint(cur.ID), perms); err != nil {
				return fe(p, err)
			}
			res.Kept = append(res.Kept, "role "+cur.Name)
		}
	}
	for i, e := range f.Employees {
		p := fmt.Sprintf("employees[%d]", i)
		cur, err := getEmployee(ctx, tx, e.Email)
		if errors.Is(err, ErrNotFound) && e.EntityID != "" {
			cur, err = getEmployee(ctx, tx, e.EntityID)
		}
		switch {
		case errors.Is(err, ErrNotFound):
			entity := e.EntityID
			if entity == "" {
				entity = strings.TrimSpace(e.Email)
			}
			if cur, err = s.createEmployeeTx(ctx, tx, EmployeeInput{EntityID: entity, Email: e.Email, GiveAccess: e.GiveAccess}); err != nil {
				return fe(p, err)
			}
		case err != nil:
			return fe(p, err)
		default:
			u := EmployeeUpdate{GiveAccess: e.GiveAccess, Email: &e.Email}
			if e.EntityID != "" {
				u.EntityID = &e.EntityID
			}
			if cur, err = s.updateEmployeeTx(ctx, tx, fmt.Sprint(cur.ID), u); err != nil {
				return fe(p, err)
			}
			res.Kept = append(res.Kept, "employee "+cur.Email)
		}
		for j, r := range e.Roles {
			if err := s.addRoleTx(ctx, tx, fmt.Sprint(cur.ID), r); err != nil {
				return fe(kp(p, fmt.Sprintf("roles[%d]", j)), err)
			}
		}
	}
	for i, t := range f.Tokens {
		p := fmt.Sprintf("tokens[%d]", i)
		if kept, err := keptToken(ctx, tx, t); err != nil {
			return fe(p, err)
		} else if kept != "" {
			res.Kept = append(res.Kept, "token "+kept)
			continue
		}
		tc, err := s.createTokenTx(ctx, tx, TokenInput{Integration: t.Integration, Employee: t.Employee, Role: t.Role,
			Name: t.Name, TokenID: t.TokenID, TokenSecret: t.TokenSecret})
		if err != nil {
			return fe(p, err)
		}
		res.Tokens = append(res.Tokens, tc)
	}
	return nil
}

func (s *Store) applyFileIntegration(ctx context.Context, tx *sql.Tx, in fileIntegration, res *AccountFileResult) error {
	cur, err := getIntegration(ctx, tx, in.Name)
	if errors.Is(err, ErrNotFound) {
		limit := 0
		if in.ConcurrencyLimit != nil {
			limit = *in.ConcurrencyLimit
		}
		creds, err := s.createIntegrationTx(ctx, tx, IntegrationInput{Name: in.Name, TBA: in.TBA,
			State: vocab.IntegrationState(in.State), ConcurrencyLimit: limit,
			ConsumerKey: in.ConsumerKey, ConsumerSecret: in.ConsumerSecret})
		if err != nil {
			return err
		}
		res.Integrations = append(res.Integrations, creds)
		return nil
	}
	if err != nil {
		return err
	}
	u := IntegrationUpdate{TBA: in.TBA, ConcurrencyLimit: in.ConcurrencyLimit}
	if in.State != "" {
		st := vocab.IntegrationState(in.State)
		u.State = &st
	}
	if _, err := s.updateIntegrationTx(ctx, tx, fmt.Sprint(cur.ID), u); err != nil {
		return err
	}
	if in.ConsumerKey != "" {
		creds, err := s.setCredentialsTx(ctx, tx, fmt.Sprint(cur.ID), in.ConsumerKey, in.ConsumerSecret)
		if err != nil {
			return err
		}
		res.Integrations = append(res.Integrations, creds)
	}
	res.Kept = append(res.Kept, "integration "+cur.Name)
	return nil
}

// keptToken returns the name of the existing token a file entry refers to
// (by name or fixed token id), or "" if it is to be created. An entry whose
// name exists with a different fixed token id is an error.
func keptToken(ctx context.Context, q querier, t fileToken) (string, error) {
	var name, tokenID string
	if t.Name != "" {
		err := q.QueryRowContext(ctx, `SELECT name, token_id FROM acct_token WHERE name = ?`, strings.TrimSpace(t.Name)).Scan(&name, &tokenID)
		if err == nil {
			if t.TokenID != "" && t.TokenID != tokenID {
				return "", newErr(ErrDuplicate, "an access token named %q already exists with a different token_id", name)
			}
			return name, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: read token: %w", err)
		}
	}
	if t.TokenID != "" {
		err := q.QueryRowContext(ctx, `SELECT name FROM acct_token WHERE token_id = ?`, t.TokenID).Scan(&name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: read token: %w", err)
		}
	}
	return "", nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Key paths join raw key parts with keySep and carry array indices as
// "name[i]"; displayKey renders them with dots and TOML quoting.
const keySep = "\x1f"

func kp(parts ...string) string { return strings.Join(parts, keySep) }

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func displayKey(path string) string {
	if path == "" {
		return ""
	}
	parts := strings.Split(path, keySep)
	for i, p := range parts {
		base, idx := p, ""
		if j := strings.Index(p, "["); j > 0 && strings.HasSuffix(p, "]") {
			base, idx = p[:j], p[j:]
		}
		if !bareKey.MatchString(base) {
			base = strconv.Quote(base)
		}
		parts[i] = base + idx
	}
	return strings.Join(parts, ".")
}

// positions maps key paths to 1-based lines.
type positions map[string]int

// line returns the line of a key path, falling back to the nearest
// ancestor that has one.
func (p positions) line(path string) int {
	for path != "" {
		if l, ok := p[path]; ok {
			return l
		}
		i := strings.LastIndex(path, keySep)
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// indexPositions walks the TOML document and records the line of every
// table header and key. Errors are ignored: the decoder reports them.
func indexPositions(data []byte) positions {
	pos := positions{}
	arrays := map[string]int{} // array-table path → element count
	var p unstable.Parser
	p.Reset(data)
	resolveParts := func(parts []string) string {
		acc := ""
		for _, k := range parts {
			if acc == "" {
				acc = k
			} else {
				acc += keySep + k
			}
			if n, ok := arrays[acc]; ok {
				acc += fmt.Sprintf("[%d]", n-1)
			}
		}
		return acc
	}
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + keySep + b
	}
	var walkKV func(base string, kv *unstable.Node)
	walkKV = func(base string, kv *unstable.Node) {
		path, line := base, 0
		it := kv.Key()
		for it.Next() {
			k := it.Node()
			path = join(path, string(k.Data))
			if line == 0 {
				line = p.Shape(k.Raw).Start.Line
			}
		}
		if _, ok := pos[path]; !ok {
			pos[path] = line
		}
		v := kv.Value()
		switch v.Kind {
		case unstable.InlineTable:
			c := v.Children()
			for c.Next() {
				walkKV(path, c.Node())
			}
		case unstable.Array:
			c := v.Children()
			for i := 0; c.Next(); i++ {
				el := c.Node()
				ep := fmt.Sprintf("%s[%d]", path, i)
				if el.Kind == unstable.InlineTable {
					ec := el.Children()
					first := true
					for ec.Next() {
						n := ec.Node()
						if first {
							if k := n.Key(); k.Next() {
								pos[ep] = p.Shape(k.Node().Raw).Start.Line
							}
							first = false
						}
						walkKV(ep, n)
					}
				} else if el.Raw.Length > 0 {
					pos[ep] = p.Shape(el.Raw).Start.Line
				}
			}
		}
	}
	cur := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			var parts []string
			line := 0
			it := e.Key()
			for it.Next() {
				parts = append(parts, string(it.Node().Data))
				if line == 0 {
					line = p.Shape(it.Node().Raw).Start.Line
				}
			}
			if e.Kind == unstable.Table {
				cur = resolveParts(parts)
			} else {
				parent := resolveParts(parts[:len(parts)-1])
				full := join(parent, parts[len(parts)-1])
				n := arrays[full]
				arrays[full] = n + 1
				cur = fmt.Sprintf("%s[%d]", full, n)
			}
			pos[cur] = line
		case unstable.KeyValue:
			walkKV(cur, e)
		}
	}
	return pos
}
