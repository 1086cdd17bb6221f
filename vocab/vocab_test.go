package vocab

import (
	"encoding/json"
	"testing"
)

func TestServiceTierConcurrency(t *testing.T) {
	for _, tt := range []struct {
		tier     string
		licences int
		want     int
	}{
		{"Standard", 0, 5}, {"standard ", 1, 15}, {"PREMIUM", 5, 65}, {"Enterprise", 0, 20}, {"Ultimate", 2, 40},
	} {
		tier, err := ParseServiceTier(tt.tier)
		if err != nil {
			t.Fatalf("%q: %v", tt.tier, err)
		}
		if got := tier.ConcurrencyLimit(tt.licences); got != tt.want {
			t.Errorf("%s with %d licences: %d, want %d", tier, tt.licences, got, tt.want)
		}
	}
	if _, err := ParseServiceTier("Gold"); err == nil {
		t.Error("Gold parsed as a service tier")
	}
}

func TestLevel(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Level
		ok   bool
	}{
		{"full", LevelFull, true}, {" View ", LevelView, true}, {"None", LevelNone, true}, {"Admin", 0, false},
	} {
		got, err := ParseLevel(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseLevel(%q) = %v, %v", tt.in, got, err)
		}
	}
	b, err := json.Marshal(map[string]Level{"p": LevelEdit})
	if err != nil || string(b) != `{"p":"Edit"}` {
		t.Errorf("marshal: %s %v", b, err)
	}
	var m map[string]Level
	if err := json.Unmarshal([]byte(`{"p":"create"}`), &m); err != nil || m["p"] != LevelCreate {
		t.Errorf("unmarshal: %v %v", m, err)
	}
	if _, err := Level(9).MarshalText(); err == nil {
		t.Error("Level(9) marshalled")
	}
}

func TestFeatures(t *testing.T) {
	for _, f := range Features() {
		if f.Name() == string(f) {
			t.Errorf("feature %s has no UI name", f)
		}
		if f.DefaultOn() == (f == FeatureTBA) {
			t.Errorf("feature %s: DefaultOn %v", f, f.DefaultOn())
		}
	}
	if Feature("x").Name() != "x" {
		t.Error("unknown feature not named by its key")
	}
}

func TestIntegrationState(t *testing.T) {
	for in, want := range map[string]IntegrationState{"enabled": StateEnabled, " BLOCKED": StateBlocked} {
		if got, err := ParseIntegrationState(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseIntegrationState("paused"); err == nil {
		t.Error("paused parsed")
	}
}
