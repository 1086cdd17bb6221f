package store

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-netsuite/netsuite/vocab"
)

// ParseLevel parses a level name case-insensitively ("full", "View").
func ParseLevel(s string) (vocab.Level, error) {
	l, err := vocab.ParseLevel(s)
	if err != nil {
		return 0, newErr(ErrInvalid, "%s", err)
	}
	return l, nil
}

// knownPermissions is the canonical list, in display order.
var knownPermissions = vocab.Permissions()

// tokenPermissions are the Setup permissions that only exist (are visible
// in the role form) while the Token-Based Authentication feature is enabled,
// and that the built-in Administrator role lacks.
var tokenPermissions = []string{vocab.PermUserAccessToken, vocab.PermAccessTokenManagement, vocab.PermLoginUsingAccessTokens}

// permissionAliases maps extra accepted spellings (already normalised) to a
// canonical name. NetSuite's own UI says "User Access Tokens".
var permissionAliases = map[string]string{
	"user access tokens":        vocab.PermUserAccessToken,
	"log in using access token": vocab.PermLoginUsingAccessTokens,
	"login using access tokens": vocab.PermLoginUsingAccessTokens,
}

var permissionIndex = func() map[string]string {
	m := make(map[string]string, len(knownPermissions)+len(permissionAliases))
	for _, p := range knownPermissions {
		m[normalizePermission(p)] = p
	}
	maps.Copy(m, permissionAliases)
	return m
}()

// normalizePermission lower-cases s, turns "→" into "->" and collapses
// white space (also around the arrow).
func normalizePermission(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "→", "->"))
	parts := strings.Split(s, "->")
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(parts, " -> ")
}

// KnownPermissions returns the canonical names of the permissions the
// emulator knows, in display order.
func KnownPermissions() []string { return slices.Clone(knownPermissions) }

// CanonicalPermission returns the canonical spelling of a permission name,
// accepted case-insensitively and with either "->" or "→" as the separator.
// Unknown names give an [*Error] with Code [ErrUnknownPermission] whose
// message lists the known names.
//
// A custom record type's permission, "Custom Record -> <type name>" (see
// [CustomRecordPermissionPrefix]), is canonical with the prefix spelled so
// and the type name as given; [Store] methods that save permissions check
// that the type exists and use its exact name.
func CanonicalPermission(name string) (string, error) {
	if c, ok := permissionIndex[normalizePermission(name)]; ok {
		return c, nil
	}
	if rest, ok := cutCustomRecordPermission(name); ok {
		return CustomRecordPermissionPrefix + rest, nil
	}
	return "", newErr(ErrUnknownPermission, "unknown permission %q; known permissions: %s, and %q<custom record type name>",
		name, strings.Join(knownPermissions, ", "), CustomRecordPermissionPrefix)
}

func isTokenPermission(canonical string) bool { return slices.Contains(tokenPermissions, canonical) }

// Permissions maps canonical permission names to levels. Permissions at
// [LevelNone] are absent from the map.
type Permissions map[string]vocab.Level

// Level returns the level of a permission given in any accepted spelling;
// unknown or absent permissions are [LevelNone].
func (p Permissions) Level(name string) vocab.Level {
	if l, ok := p[name]; ok {
		return l
	}
	c, err := CanonicalPermission(name)
	if err != nil {
		return vocab.LevelNone
	}
	if l, ok := p[c]; ok {
		return l
	}
	if _, custom := cutCustomRecordPermission(c); custom {
		for k, l := range p { // custom record type names match case-insensitively
			if strings.EqualFold(k, c) {
				return l
			}
		}
	}
	return vocab.LevelNone
}

// cutCustomRecordPermission returns the type name of a custom record
// permission ("Custom Record -> Shipment" gives "Shipment").
func cutCustomRecordPermission(name string) (string, bool) {
	n := normalizePermission(name)
	prefix := normalizePermission(CustomRecordPermissionPrefix)
	if !strings.HasPrefix(n, prefix) || len(n) == len(prefix) {
		return "", false
	}
	// The type name keeps the caller's case; only its spacing is normalised.
	_, rest, ok := strings.Cut(strings.ReplaceAll(name, "→", "->"), "->")
	if !ok {
		return "", false
	}
	rest = strings.Join(strings.Fields(rest), " ")
	return rest, rest != ""
}

// ordered returns the names in p (any level): the known permissions in
// display order, then custom record permissions sorted.
func (p Permissions) ordered() []string {
	out := make([]string, 0, len(p))
	for _, n := range knownPermissions {
		if _, ok := p[n]; ok {
			out = append(out, n)
		}
	}
	var custom []string
	for n := range p {
		if !slices.Contains(knownPermissions, n) {
			custom = append(custom, n)
		}
	}
	slices.Sort(custom)
	return append(out, custom...)
}

// Has reports whether the permission is held at min or higher.
func (p Permissions) Has(name string, min vocab.Level) bool { return p.Level(name) >= min }

// Clone returns a copy.
func (p Permissions) Clone() Permissions { return maps.Clone(p) }

// Names returns the held permission names in display order.
func (p Permissions) Names() []string {
	var out []string
	for _, n := range p.ordered() {
		if p[n] > vocab.LevelNone {
			out = append(out, n)
		}
	}
	return out
}

// Require returns nil if the permission is held at min or higher, and
// otherwise an [*Error] (Code [ErrPermissionMissing]) with NetSuite's
// message, e.g. "Permission Violation: You need the 'Lists -> Contacts'
// permission to access this page."
func (p Permissions) Require(name string, min vocab.Level) error {
	if p.Has(name, min) {
		return nil
	}
	c, err := CanonicalPermission(name)
	if err != nil {
		return err
	}
	return &Error{Code: ErrPermissionMissing, Detail: vocab.DetailInsufficientPermission,
		Message: fmt.Sprintf("Permission Violation: You need the '%s' permission to access this page.", c)}
}

// CheckLogin checks the permissions a token login on surface needs, given
// the role's effective permissions (see [Store.EffectivePermissions]): "Log in
// using Access Tokens" (or the older "User Access Token"), plus "Web
// Services" for SOAP and "REST Web Services" for REST. RESTlets need no web
// services permission. A refusal is an [*Error] with Code
// [ErrPermissionMissing] and a Login Audit Trail Detail.
func (p Permissions) CheckLogin(surface vocab.Surface) error {
	if !p.Has(vocab.PermLoginUsingAccessTokens, vocab.LevelView) && !p.Has(vocab.PermUserAccessToken, vocab.LevelView) {
		return &Error{Code: ErrPermissionMissing, Detail: vocab.DetailLoginDisabled,
			Message: fmt.Sprintf("The role lacks the '%s' permission.", vocab.PermLoginUsingAccessTokens)}
	}
	need := SurfacePermission(surface)
	if need == "" {
		return nil
	}
	if !p.Has(need, vocab.LevelView) {
		return &Error{Code: ErrPermissionMissing, Detail: vocab.DetailInsufficientPermission,
			Message: fmt.Sprintf("The role lacks the '%s' permission.", need)}
	}
	return nil
}

// administratorPermissions is the built-in Administrator role: everything
// at Full except the token permissions, as the guide warns.
func administratorPermissions() Permissions {
	p := Permissions{}
	for _, n := range knownPermissions {
		if !isTokenPermission(n) {
			p[n] = vocab.LevelFull
		}
	}
	return p
}
