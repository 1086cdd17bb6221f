package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRelease2027NoNewTBAIntegrations(t *testing.T) {
	ctx := context.Background()
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "Before"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"2027", "2027.3", "27.1", "2027.1x"} {
		if err := s.SetRelease(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("SetRelease(%q) = %v", bad, err)
		}
	}
	if err := s.SetRelease("2026.2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "In 2026.2"}); err != nil {
		t.Errorf("2026.2: %v", err)
	}
	if err := s.SetRelease("2027.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "New TBA"}); !errors.Is(err, ErrTBAClosed) || !strings.Contains(err.Error(), "1534941295") {
		t.Errorf("new TBA integration in 2027.1: %v", err)
	}
	off := false
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "OAuth only", TBA: &off}); err != nil {
		t.Errorf("integration without TBA: %v", err)
	}
	on := true
	if _, err := s.UpdateIntegration(ctx, "OAuth only", IntegrationUpdate{TBA: &on}); !errors.Is(err, ErrTBAClosed) {
		t.Errorf("ticking TBA in 2027.1: %v", err)
	}
	// The existing TBA integration keeps working: it can be edited.
	if _, err := s.UpdateIntegration(ctx, "Before", IntegrationUpdate{TBA: &on}); err != nil {
		t.Errorf("existing TBA integration: %v", err)
	}
	if err := s.SetRelease("2028.2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "Later"}); !errors.Is(err, ErrTBAClosed) {
		t.Errorf("2028.2: %v", err)
	}
}
