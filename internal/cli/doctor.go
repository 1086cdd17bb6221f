package cli

import (
	"context"
	"strings"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/doctor"
	"github.com/go-netsuite/netsuite/sim/doctorview"
)

// doctorOptions completes the doctor's options for this CLI: its command
// lines, and an Inspector when the base URL is the emulator.
func doctorOptions(ctx context.Context, cfg *netsuite.Config, opts doctor.Options) doctor.Options {
	if opts.Commands == nil {
		opts.Commands = doctorCommand
	}
	if opts.Inspector == nil && cfg != nil && cfg.BaseURL != "" {
		if base, err := netsuite.ParseBaseURL(cfg.BaseURL); err == nil {
			if in := doctorview.Detect(ctx, base.String(), opts.HTTPClient); in != nil {
				opts.Inspector = in
			}
		}
	}
	return opts
}

// doctorCommand is the command line of this CLI for a command the doctor
// suggests ("" for none).
func doctorCommand(c doctor.Command) string {
	const admin = "netsuite sim admin "
	switch c.Kind {
	case doctor.CommandAudit:
		return admin + "audit"
	case doctor.CommandSign:
		return "netsuite auth sign"
	case doctor.CommandPassport:
		return "netsuite auth passport"
	case doctor.CommandServe:
		return "netsuite sim serve"
	case doctor.CommandRoleCacheDelay:
		return "netsuite sim serve --role-cache-delay"
	case doctor.CommandGovernanceLive:
		return admin + "governance --live"
	case doctor.CommandRoleHistory:
		return admin + "role history " + shellArg(c.Role, "ROLE")
	case doctor.CommandEmulatorTokenCreate:
		return admin + "token create --integration " + shellArg(c.Integration, "NAME") +
			" --employee " + shellArg(c.Employee, "EMAIL") + " --role " + shellArg(c.Role, "ROLE")
	case doctor.CommandEmulatorIntegrationList:
		return admin + "integration list"
	case doctor.CommandEmulatorIntegrationReset:
		return admin + "integration reset " + shellArg(c.Integration, "NAME")
	case doctor.CommandEmulatorIntegrationEnable:
		return admin + "integration enable " + shellArg(c.Integration, "NAME")
	case doctor.CommandEmulatorIntegrationConcurrency:
		return admin + "integration concurrency " + shellArg(c.Integration, "NAME") + " LIMIT"
	case doctor.CommandEmulatorFeatureEnable:
		return admin + "feature enable " + shellArg(string(c.Feature), "FEATURE")
	case doctor.CommandEmulatorRoleSetPermission:
		return admin + "role set-permission " + shellArg(c.Role, "ROLE") + " " + shellArg(c.Permission, "PERMISSION") + " " + c.Level.String()
	case doctor.CommandEmulatorEmployeeAddRole:
		return admin + "employee add-role " + shellArg(c.Employee, "EMAIL") + " " + shellArg(c.Role, "ROLE")
	case doctor.CommandEmulatorLicences:
		return admin + "account set --licences N"
	}
	return ""
}

// shellArg quotes s for a POSIX shell when it needs it; "" gives the
// placeholder.
func shellArg(s, placeholder string) string {
	if s == "" {
		return placeholder
	}
	if strings.ContainsAny(s, " '\"$`\\!*?&;|<>()") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s) + `"`
	}
	return s
}
