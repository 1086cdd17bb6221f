package cli

import (
	"strings"
	"testing"
)

// TestDemo runs the README's main job end to end on the in-process emulator.
func TestDemo(t *testing.T) {
	stdout, stderr, code := run(t, nil, "demo", "--size", "500")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`refused: "Login access has been disabled for this role."`,
		"Healthy.",
		"ID  ENTITYID",
		"(5 rows;",
		"Success",
		"Next, with an emulator that keeps running",
		"netsuite configure",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout)
		}
	}
}
