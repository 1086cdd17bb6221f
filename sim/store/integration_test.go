package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

func TestCreateIntegration(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	fixedKey := strings.Repeat("ab", 32)
	fixedSecret := strings.Repeat("cd", 32)
	tests := []struct {
		name    string
		in      IntegrationInput
		wantErr error
		want    Integration // ID, Name, State, TBA, ConcurrencyLimit checked
	}{
		{"defaults", IntegrationInput{Name: "Demo Integration"}, nil,
			Integration{ID: 1, Name: "Demo Integration", State: vocab.StateEnabled, TBA: true}},
		{"blocked without tba", IntegrationInput{Name: "Other", State: "blocked", TBA: ptr(false)}, nil,
			Integration{ID: 2, Name: "Other", State: vocab.StateBlocked, TBA: false}},
		{"with limit", IntegrationInput{Name: "Limited", ConcurrencyLimit: 2}, nil,
			Integration{ID: 3, Name: "Limited", State: vocab.StateEnabled, TBA: true, ConcurrencyLimit: 2}},
		{"fixed credentials", IntegrationInput{Name: "Fixed", ConsumerKey: fixedKey, ConsumerSecret: fixedSecret}, nil,
			Integration{ID: 4, Name: "Fixed", State: vocab.StateEnabled, TBA: true}},
		{"duplicate name any case", IntegrationInput{Name: "demo integration"}, ErrDuplicate, Integration{}},
		{"duplicate consumer key", IntegrationInput{Name: "Copy", ConsumerKey: fixedKey, ConsumerSecret: fixedSecret}, ErrDuplicate, Integration{}},
		{"empty name", IntegrationInput{Name: "  "}, ErrInvalid, Integration{}},
		{"bad state", IntegrationInput{Name: "X", State: "Paused"}, ErrInvalid, Integration{}},
		{"bad key", IntegrationInput{Name: "X", ConsumerKey: "ABC"}, ErrInvalid, Integration{}},
		{"upper-case key", IntegrationInput{Name: "X", ConsumerKey: strings.ToUpper(fixedKey)}, ErrInvalid, Integration{}},
		{"bad secret", IntegrationInput{Name: "X", ConsumerSecret: "short"}, ErrInvalid, Integration{}},
		{"negative limit", IntegrationInput{Name: "X", ConcurrencyLimit: -1}, ErrInvalid, Integration{}},
		{"limit leaves none unallocated", IntegrationInput{Name: "X", ConcurrencyLimit: 3}, ErrConcurrencyAllocation, Integration{}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := s.CreateIntegration(ctx, tt.in)
			mustErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			got := c.Integration
			got.ConsumerKeyPrefix, got.Created, got.Updated = "", time.Time{}, time.Time{}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("integration (-want +got):\n%s", d)
			}
			if !validCredential(c.ConsumerKey) || !validCredential(c.ConsumerSecret.Reveal()) {
				t.Errorf("credentials not 64 lowercase hex: %q", c.ConsumerKey)
			}
			if tt.in.ConsumerKey != "" && (c.ConsumerKey != tt.in.ConsumerKey || c.ConsumerSecret.Reveal() != tt.in.ConsumerSecret) {
				t.Error("fixed credentials not used")
			}
			for _, v := range []string{c.ConsumerKey, c.ConsumerSecret.Reveal()} {
				if seen[v] {
					t.Error("credential reused")
				}
				seen[v] = true
			}
			if c.Integration.ConsumerKeyPrefix != c.ConsumerKey[:8] {
				t.Errorf("prefix %q", c.Integration.ConsumerKeyPrefix)
			}
		})
	}
}

func TestIntegrationGetAndListHideSecrets(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	c, err := s.CreateIntegration(ctx, IntegrationInput{Name: "Demo Integration"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"1", "Demo Integration", "DEMO INTEGRATION", " demo integration "} {
		got, err := s.Integration(ctx, ref)
		if err != nil || got.ID != 1 {
			t.Errorf("Integration(%q) = %+v, %v", ref, got, err)
		}
	}
	_, err = s.Integration(ctx, "nope")
	mustErr(t, err, ErrNotFound)
	if !strings.Contains(err.Error(), `integration "nope" not found`) {
		t.Errorf("not-found message %q", err)
	}
	_, err = s.Integration(ctx, "")
	mustErr(t, err, ErrInvalid)

	list, err := s.Integrations(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("Integrations = %v, %v", list, err)
	}
	one, _ := s.Integration(ctx, "1")
	for _, v := range []any{list, one} {
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), c.ConsumerSecret.Reveal()) || strings.Contains(string(b), c.ConsumerKey) {
			t.Errorf("list/get JSON contains a credential: %s", b)
		}
	}
}

func TestUpdateIntegration(t *testing.T) {
	s, clk := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "A"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: "B"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	tests := []struct {
		name    string
		ref     string
		u       IntegrationUpdate
		wantErr error
		check   func(Integration) bool
	}{
		{"rename", "A", IntegrationUpdate{Name: ptr("A2")}, nil, func(i Integration) bool { return i.Name == "A2" }},
		{"rename to taken", "A2", IntegrationUpdate{Name: ptr("b")}, ErrDuplicate, nil},
		{"empty name", "A2", IntegrationUpdate{Name: ptr("")}, ErrInvalid, nil},
		{"block", "1", IntegrationUpdate{State: ptr(vocab.StateBlocked)}, nil, func(i Integration) bool { return i.State == vocab.StateBlocked }},
		{"bad state", "1", IntegrationUpdate{State: ptr(vocab.IntegrationState("x"))}, ErrInvalid, nil},
		{"tba off", "a2", IntegrationUpdate{TBA: ptr(false)}, nil, func(i Integration) bool { return !i.TBA }},
		{"limit", "B", IntegrationUpdate{ConcurrencyLimit: ptr(4)}, nil, func(i Integration) bool { return i.ConcurrencyLimit == 4 }},
		{"missing", "C", IntegrationUpdate{}, ErrNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.UpdateIntegration(ctx, tt.ref, tt.u)
			mustErr(t, err, tt.wantErr)
			if tt.check != nil && !tt.check(got) {
				t.Errorf("got %+v", got)
			}
			if err == nil && !got.Updated.Equal(t0.Add(time.Minute)) {
				t.Errorf("Updated = %v", got.Updated)
			}
		})
	}
	if i, err := s.SetIntegrationState(ctx, "A2", vocab.StateEnabled); err != nil || i.State != vocab.StateEnabled {
		t.Errorf("SetIntegrationState: %+v, %v", i, err)
	}
	if i, err := s.SetIntegrationConcurrency(ctx, "B", 0); err != nil || i.ConcurrencyLimit != 0 {
		t.Errorf("SetIntegrationConcurrency 0: %+v, %v", i, err)
	}
}

func TestConcurrencyAllocation(t *testing.T) {
	// A Standard account has a limit of 5: at most 4 may be allocated.
	s, _ := newStore(t)
	ctx := t.Context()
	for _, n := range []string{"A", "B", "C"} {
		if _, err := s.CreateIntegration(ctx, IntegrationInput{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		do      func() error
		wantErr error
		alloc   int
	}{
		{"A=5 exceeds", func() error { _, err := s.SetIntegrationConcurrency(ctx, "A", 5); return err }, ErrConcurrencyAllocation, 0},
		{"A=4 leaves 1", func() error { _, err := s.SetIntegrationConcurrency(ctx, "A", 4); return err }, nil, 4},
		{"B=1 exceeds", func() error { _, err := s.SetIntegrationConcurrency(ctx, "B", 1); return err }, ErrConcurrencyAllocation, 4},
		{"A=2 (own allocation not double counted)", func() error { _, err := s.SetIntegrationConcurrency(ctx, "A", 2); return err }, nil, 2},
		{"B=2", func() error { _, err := s.SetIntegrationConcurrency(ctx, "B", 2); return err }, nil, 4},
		{"new D with 1 exceeds", func() error {
			_, err := s.CreateIntegration(ctx, IntegrationInput{Name: "D", ConcurrencyLimit: 1})
			return err
		}, ErrConcurrencyAllocation, 4},
		{"unchanged limit", func() error {
			_, err := s.UpdateAccount(ctx, AccountUpdate{ServiceTier: ptr(vocab.TierStandard), SuiteCloudPlusLicenses: ptr(0)})
			return err
		}, nil, 4},
		{"licence up", func() error {
			_, err := s.UpdateAccount(ctx, AccountUpdate{SuiteCloudPlusLicenses: ptr(1)})
			return err
		}, nil, 4},
		{"C=10 with 15", func() error { _, err := s.SetIntegrationConcurrency(ctx, "C", 10); return err }, nil, 14},
		{"licence down refused", func() error {
			_, err := s.UpdateAccount(ctx, AccountUpdate{SuiteCloudPlusLicenses: ptr(0)})
			return err
		}, ErrConcurrencyAllocation, 14},
		{"C=0 frees", func() error { _, err := s.SetIntegrationConcurrency(ctx, "C", 0); return err }, nil, 4},
		{"licence down ok", func() error {
			_, err := s.UpdateAccount(ctx, AccountUpdate{SuiteCloudPlusLicenses: ptr(0)})
			return err
		}, nil, 4},
	}
	for _, st := range steps {
		err := st.do()
		if (st.wantErr == nil) != (err == nil) || (st.wantErr != nil && !errors.Is(err, st.wantErr)) {
			t.Fatalf("%s: err = %v, want %v", st.name, err, st.wantErr)
		}
		g, err := s.Governance(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if g.Allocated != st.alloc || g.Unallocated != g.AccountLimit-st.alloc {
			t.Fatalf("%s: governance %+v, want allocated %d", st.name, g, st.alloc)
		}
	}
	_, err := s.SetIntegrationConcurrency(ctx, "C", 3)
	if err == nil || !strings.Contains(err.Error(), "at most 0 available") {
		t.Errorf("allocation error message = %v", err)
	}
	g, _ := s.Governance(ctx)
	want := Governance{AccountLimit: 5, Allocated: 4, Unallocated: 1, Integrations: []IntegrationGovernance{
		{1, "A", 2}, {2, "B", 2}, {3, "C", 0},
	}}
	if d := cmp.Diff(want, g); d != "" {
		t.Errorf("governance (-want +got):\n%s", d)
	}
}

func TestResetCredentials(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); err != nil {
		t.Fatal(err)
	}
	c, err := s.ResetCredentials(ctx, "demo integration")
	if err != nil {
		t.Fatal(err)
	}
	if c.ConsumerKey == g.ConsumerKey || c.ConsumerSecret.Reveal() == g.ConsumerSecret.Reveal() || !validCredential(c.ConsumerKey) {
		t.Fatal("credentials not replaced")
	}
	// The old key is now unknown (the cached lookup was invalidated) and the
	// existing token works with the new key.
	if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); !errors.Is(err, ErrConsumerKeyUnknown) {
		t.Errorf("old key: err = %v", err)
	}
	v, err := s.Lookup(ctx, c.ConsumerKey, g.TokenID)
	if err != nil || v.Integration.ConsumerSecret.Reveal() != c.ConsumerSecret.Reveal() {
		t.Errorf("new key: %v", err)
	}
	_, err = s.ResetCredentials(ctx, "nope")
	mustErr(t, err, ErrNotFound)
}
