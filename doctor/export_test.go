package doctor

import "strings"

// FormatCommand renders a suggested command for the tests, as
// "cmd:<kind>(name=value, …)" with the arguments that are set.
func FormatCommand(c Command) string {
	var args []string
	for _, a := range []struct{ name, value string }{
		{"integration", c.Integration}, {"employee", c.Employee}, {"role", c.Role},
		{"permission", c.Permission}, {"feature", string(c.Feature)},
	} {
		if a.value != "" {
			args = append(args, a.name+"="+a.value)
		}
	}
	if c.Kind == CommandEmulatorRoleSetPermission {
		args = append(args, "level="+c.Level.String())
	}
	return "cmd:" + c.Kind.String() + "(" + strings.Join(args, ", ") + ")"
}
