package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestSecretsNeverPrinted formats every struct that carries a secret with
// every common verb, logs it through slog, and checks the secrets never
// show. It also checks error messages of refused operations.
func TestSecretsNeverPrinted(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ic, err := s.CreateIntegration(ctx, IntegrationInput{Name: "Second"})
	if err != nil {
		t.Fatal(err)
	}
	tc, err := s.CreateToken(ctx, "Second", AdminEmail, GuideRoleName)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := s.ResetCredentials(ctx, "Second")
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{g.ConsumerSecret.Reveal(), g.TokenSecret.Reveal(), ic.ConsumerSecret.Reveal(),
		tc.TokenSecret.Reveal(), rc.ConsumerSecret.Reveal()}
	values := map[string]any{
		"GuideResult": g, "*GuideResult": *g, "IntegrationCredentials": ic, "TokenCredentials": tc,
		"reset": rc, "*Verification": v, "Verification": *v, "Secret": g.TokenSecret,
		"nested": struct{ X []any }{[]any{tc, &ic}},
	}
	for name, val := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
			out := fmt.Sprintf(verb, val)
			for _, sec := range secrets {
				if strings.Contains(out, sec) || strings.Contains(out, fmt.Sprintf("%x", sec)) {
					t.Errorf("%s with %s shows a secret: %s", name, verb, out)
				}
			}
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", val)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", val)
		for _, sec := range secrets {
			if strings.Contains(buf.String(), sec) {
				t.Errorf("%s logged through slog shows a secret: %s", name, buf.String())
			}
		}
	}
	if got := fmt.Sprint(g.TokenSecret); got != "[REDACTED]" {
		t.Errorf("Secret prints %q", got)
	}
	if g.TokenSecret.String() != "[REDACTED]" || g.TokenSecret.GoString() != "[REDACTED]" {
		t.Error("Secret String/GoString")
	}

	// The Verification's JSON leaves secrets out entirely.
	js, _ := json.Marshal(v)
	for _, sec := range secrets {
		if strings.Contains(string(js), sec) {
			t.Errorf("Verification JSON shows a secret: %s", js)
		}
	}
	// Credential results marshal the secret as [REDACTED] too; handing it
	// over takes an explicit Reveal.
	for name, val := range values {
		js, err := json.Marshal(val)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, sec := range secrets {
			if strings.Contains(string(js), sec) {
				t.Errorf("%s JSON shows a secret: %s", name, js)
			}
		}
	}
	js, _ = json.Marshal(tc)
	if !strings.Contains(string(js), `"tokenSecret":"[REDACTED]"`) {
		t.Errorf("TokenCredentials JSON: %s", js)
	}
	env := g.Env()
	if env["NETSUITE_TOKEN_SECRET"] != g.TokenSecret.Reveal() || env["NETSUITE_ACCOUNT"] != DefaultAccountID ||
		env["NETSUITE_CONSUMER_SECRET"] != g.ConsumerSecret.Reveal() || len(env) != 5 {
		t.Errorf("Env = %v", env)
	}
	if !NewSecret("x").Equal(NewSecret("x")) || NewSecret("x").Equal(NewSecret("y")) || !(Secret{}).IsZero() {
		t.Error("Secret Equal/IsZero")
	}

	// Errors never carry secrets, even when a secret is passed as a reference.
	var errs []error
	for _, sec := range secrets {
		_, err := s.Token(ctx, sec)
		errs = append(errs, err)
		_, err = s.Integration(ctx, sec)
		errs = append(errs, err)
		_, err = s.RevokeToken(ctx, sec)
		errs = append(errs, err)
		_, err = s.Lookup(ctx, sec, sec)
		errs = append(errs, err)
	}
	_, err = s.CreateTokenWith(ctx, TokenInput{Integration: "Second", Employee: AdminEmail, Role: GuideRoleName,
		TokenID: tc.TokenID, TokenSecret: tc.TokenSecret.Reveal()})
	errs = append(errs, err)
	_, err = s.CreateIntegration(ctx, IntegrationInput{Name: "Third", ConsumerKey: rc.ConsumerKey, ConsumerSecret: rc.ConsumerSecret.Reveal()})
	errs = append(errs, err)
	for _, err := range errs {
		if err == nil {
			t.Error("expected an error")
			continue
		}
		for _, sec := range secrets {
			if strings.Contains(err.Error(), sec) {
				t.Errorf("error shows a secret: %v", err)
			}
		}
	}
	var se *Error
	if !errors.As(errs[len(errs)-1], &se) || se.Code != ErrDuplicate {
		t.Errorf("duplicate consumer key error = %v", errs[len(errs)-1])
	}
}
