package doctor

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies keeps the client library light: neither the doctor nor
// any client package may depend on the emulator (sim/…), its SQLite store
// or the CLI's command framework.
func TestDependencies(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed: %v", err)
	}
	const mod = "github.com/go-netsuite/netsuite"
	for _, pkg := range []string{mod + "/doctor", mod + "/suiteql", mod + "/record", mod + "/restlet", mod + "/auth", mod + "/soap", mod + "/oauth2", mod + "/limit", mod} {
		name := strings.TrimPrefix(strings.TrimPrefix(pkg, mod), "/")
		if name == "" {
			name = "netsuite"
		}
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command(goCmd, "list", "-deps", pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
			}
			for _, dep := range strings.Fields(string(out)) {
				for _, bad := range []string{"sqlite", "cobra", "/sim/"} {
					if strings.Contains(dep+"/", bad) {
						t.Errorf("%s depends on %s", pkg, dep)
					}
				}
			}
		})
	}
}
