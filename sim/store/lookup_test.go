package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"

	"github.com/google/go-cmp/cmp"
)

func TestLookup(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateIntegration(ctx, IntegrationInput{Name: "Other App", ConcurrencyLimit: 2})
	if err != nil {
		t.Fatal(err)
	}

	v, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID)
	if err != nil {
		t.Fatal(err)
	}
	want := Verification{
		AccountID: DefaultAccountID, ConcurrencyLimit: 5,
		Features:         Features{TBA: true, SOAP: true, REST: true, SuiteQL: true, SuiteScript: true},
		ConsumerKeyKnown: true,
		Integration: VerifiedIntegration{ID: g.IntegrationID, Name: GuideIntegrationName, State: vocab.StateEnabled, TBA: true,
			ConsumerSecret: g.ConsumerSecret},
		TokenKnown: true,
		Token: VerifiedToken{ID: g.TokenInternalID, Name: g.TokenName, Secret: g.TokenSecret, Created: t0,
			IntegrationID: g.IntegrationID, IntegrationName: GuideIntegrationName},
		Employee:                VerifiedEmployee{ID: 1, EntityID: AdminEntityID, Email: AdminEmail, GiveAccess: true, HasRole: true},
		Role:                    RoleRef{ID: g.RoleID, Name: GuideRoleName},
		TokenMatchesIntegration: true,
	}
	if d := cmp.Diff(want, *v); d != "" {
		t.Errorf("verification (-want +got):\n%s", d)
	}
	for _, sf := range []vocab.Surface{vocab.SurfaceSOAP, vocab.SurfaceREST, vocab.SurfaceRESTlet} {
		if err := v.Check(sf); err != nil {
			t.Errorf("Check(%s) = %v", sf, err)
		}
	}

	cases := []struct {
		name                string
		key, token          string
		wantErr             error
		keyKnown, tokKnown  bool
		matches             bool
		wantIntegrationName string
	}{
		{"consumer key unknown", "nope", g.TokenID, ErrConsumerKeyUnknown, false, true, false, ""},
		{"both unknown", "nope", "nope", ErrConsumerKeyUnknown, false, false, false, ""},
		{"token unknown", g.ConsumerKey, "nope", ErrTokenUnknown, true, false, false, GuideIntegrationName},
		{"token of another integration", other.ConsumerKey, g.TokenID, ErrTokenIntegrationMismatch, true, true, false, "Other App"},
		{"empty", "", "", ErrConsumerKeyUnknown, false, false, false, ""},
	}
	for _, tt := range cases {
		for round := range 2 { // second round is served from the cache
			v, err := s.Lookup(ctx, tt.key, tt.token)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s/%d: err = %v, want %v", tt.name, round, err, tt.wantErr)
			}
			if v == nil {
				t.Fatalf("%s: nil verification", tt.name)
			}
			if v.ConsumerKeyKnown != tt.keyKnown || v.TokenKnown != tt.tokKnown || v.TokenMatchesIntegration != tt.matches ||
				v.Integration.Name != tt.wantIntegrationName {
				t.Errorf("%s/%d: %+v", tt.name, round, v)
			}
			if v.AccountID != DefaultAccountID {
				t.Errorf("%s: account id %q", tt.name, v.AccountID)
			}
			if tt.name == "token of another integration" && v.Integration.ConcurrencyLimit != 2 {
				t.Errorf("integration concurrency limit = %d", v.Integration.ConcurrencyLimit)
			}
			if err := v.Check(vocab.SurfaceREST); !errors.Is(err, tt.wantErr) {
				t.Errorf("%s: Check = %v", tt.name, err)
			}
		}
	}
}

// TestVerificationCheck walks account-state refusals through real writes,
// so it also checks that every write invalidates the lookup cache.
func TestVerificationCheck(t *testing.T) {
	tests := []struct {
		name    string
		change  func(context.Context, *Store, *GuideResult) error
		surface vocab.Surface
		wantErr error
		detail  string
	}{
		{"ok", nil, vocab.SurfaceSOAP, nil, ""},
		{"TBA feature off", func(ctx context.Context, s *Store, _ *GuideResult) error { return s.SetFeature(ctx, "tba", false) },
			vocab.SurfaceSOAP, ErrFeatureDisabled, vocab.DetailFeatureDisabled},
		{"SOAP feature off", func(ctx context.Context, s *Store, _ *GuideResult) error { return s.SetFeature(ctx, "soap", false) },
			vocab.SurfaceSOAP, ErrFeatureDisabled, vocab.DetailFeatureDisabled},
		{"SOAP off does not affect REST", func(ctx context.Context, s *Store, _ *GuideResult) error { return s.SetFeature(ctx, "soap", false) },
			vocab.SurfaceREST, nil, ""},
		{"REST feature off", func(ctx context.Context, s *Store, _ *GuideResult) error { return s.SetFeature(ctx, "rest", false) },
			vocab.SurfaceREST, ErrFeatureDisabled, vocab.DetailFeatureDisabled},
		{"RESTlets need Server SuiteScript", func(ctx context.Context, s *Store, _ *GuideResult) error {
			return s.SetFeature(ctx, "Server SuiteScript", false)
		}, vocab.SurfaceRESTlet, ErrFeatureDisabled, vocab.DetailFeatureDisabled},
		{"integration blocked", func(ctx context.Context, s *Store, g *GuideResult) error {
			_, err := s.SetIntegrationState(ctx, g.IntegrationName, vocab.StateBlocked)
			return err
		}, vocab.SurfaceSOAP, ErrIntegrationBlocked, vocab.DetailConsumerKeyRefused},
		{"integration TBA unticked", func(ctx context.Context, s *Store, g *GuideResult) error {
			_, err := s.UpdateIntegration(ctx, g.IntegrationName, IntegrationUpdate{TBA: ptr(false)})
			return err
		}, vocab.SurfaceSOAP, ErrIntegrationTBADisabled, vocab.DetailConsumerKeyRefused},
		{"token revoked", func(ctx context.Context, s *Store, g *GuideResult) error {
			_, err := s.RevokeToken(ctx, g.TokenName)
			return err
		}, vocab.SurfaceSOAP, ErrTokenRevoked, vocab.DetailTokenRevoked},
		{"employee access removed", func(ctx context.Context, s *Store, g *GuideResult) error {
			_, err := s.SetGiveAccess(ctx, g.EmployeeEmail, false)
			return err
		}, vocab.SurfaceSOAP, ErrEmployeeNoAccess, vocab.DetailLoginDisabled},
		{"role removed from employee", func(ctx context.Context, s *Store, g *GuideResult) error {
			_, err := s.RemoveRole(ctx, g.EmployeeEmail, g.RoleName)
			return err
		}, vocab.SurfaceSOAP, ErrRoleNotAssigned, vocab.DetailLoginDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			ctx := t.Context()
			g, err := s.ProvisionGuide(ctx, GuideOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); err != nil { // warm the cache
				t.Fatal(err)
			}
			if tt.change != nil {
				if err := tt.change(ctx, s, g); err != nil {
					t.Fatal(err)
				}
			}
			v, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Check(tt.surface)
			mustErr(t, err, tt.wantErr)
			if got := AuditDetail(err); got != tt.detail {
				t.Errorf("detail = %q, want %q", got, tt.detail)
			}
		})
	}
}

func TestLookupDetails(t *testing.T) {
	s, _ := newStore(t)
	g, err := s.ProvisionGuide(t.Context(), GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key, token, detail string
	}{
		{"x", g.TokenID, vocab.DetailConsumerKeyUnknown},
		{g.ConsumerKey, "x", vocab.DetailInvalidToken},
	}
	for _, tt := range tests {
		_, err := s.Lookup(t.Context(), tt.key, tt.token)
		if AuditDetail(err) != tt.detail {
			t.Errorf("detail %q, want %q (%v)", AuditDetail(err), tt.detail, err)
		}
	}
	if AuditDetail(errors.New("plain")) != "" {
		t.Error("AuditDetail of a plain error")
	}
}

// TestConcurrentLookups hammers Lookup from many goroutines while writers
// revoke tokens, create tokens and record logins. Run with -race. After
// each revocation returns, no Lookup that starts later may see the token
// as active.
func TestConcurrentLookups(t *testing.T) {
	for _, mode := range []string{"memory", "file"} {
		t.Run(mode, func(t *testing.T) {
			path := ""
			if mode == "file" {
				path = filepath.Join(t.TempDir(), "a.db")
			}
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			testConcurrentLookups(t, s)
		})
	}
}

func testConcurrentLookups(t *testing.T, s *Store) {
	ctx := t.Context()
	g, err := s.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const nTokens = 8
	type tok struct {
		id      string
		name    string
		revoked atomic.Bool
	}
	toks := make([]*tok, nTokens)
	for i := range toks {
		c, err := s.CreateTokenWith(ctx, TokenInput{Integration: g.IntegrationName, Employee: AdminEmail, Role: g.RoleName,
			Name: fmt.Sprintf("tok%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		toks[i] = &tok{id: c.TokenID, name: c.Token.Name}
	}

	readers, perReader := 16, 2000
	if raceEnabled {
		perReader = 300
	}
	var wg sync.WaitGroup
	errs := make(chan error, readers+2)
	stop := make(chan struct{})
	for r := range readers {
		wg.Go(func() {
			for i := range perReader {
				tk := toks[(r+i)%nTokens]
				wasRevoked := tk.revoked.Load() // read before the lookup starts
				v, err := s.Lookup(ctx, g.ConsumerKey, tk.id)
				if err != nil {
					errs <- err
					return
				}
				if wasRevoked && !v.Token.Revoked {
					errs <- fmt.Errorf("token %s revoked before the lookup started but seen active", tk.name)
					return
				}
				if v.Token.Name != tk.name || v.Integration.ConsumerSecret.Reveal() != g.ConsumerSecret.Reveal() {
					errs <- fmt.Errorf("lookup returned the wrong token: %+v", v)
					return
				}
			}
		})
	}
	wg.Go(func() { // writer: revoke every other token, create more tokens
		for i := range toks {
			if i%2 == 0 {
				if _, err := s.RevokeToken(ctx, toks[i].name); err != nil {
					errs <- err
					return
				}
				toks[i].revoked.Store(true)
			}
			if _, err := s.CreateToken(ctx, g.IntegrationName, AdminEmail, g.RoleName); err != nil {
				errs <- err
				return
			}
			time.Sleep(time.Millisecond)
		}
	})
	var auditWG sync.WaitGroup
	auditWG.Go(func() { // audit writer, until readers and writer are done
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.RecordLogin(ctx, LoginEntry{User: AdminEmail, Status: vocab.StatusSuccess, Surface: vocab.SurfaceREST, Detail: fmt.Sprint(i)}); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(stop)
	auditWG.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n, _ := s.Tokens(ctx, TokenFilter{ActiveOnly: true})
	if len(n) != nTokens/2+1+nTokens { // guide token + unrevoked + created
		t.Errorf("%d active tokens, want %d", len(n), nTokens/2+1+nTokens)
	}
}

func BenchmarkLookup(b *testing.B) {
	s, _ := newStore(b)
	g, err := s.ProvisionGuide(b.Context(), GuideOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("database", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.lookupDB(ctx, g.ConsumerKey, g.TokenID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("effective-permissions", func(b *testing.B) {
		b.ReportAllocs()
		at := s.Now().Add(-time.Hour)
		for b.Loop() {
			if _, err := s.EffectivePermissions(ctx, g.RoleID, at); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDemoWhileServing generates demo data while lookups and audit writes
// go on, as when `netsuite sim` regenerates data under load.
func TestDemoWhileServing(t *testing.T) {
	for _, mode := range []string{"memory", "file"} {
		t.Run(mode, func(t *testing.T) {
			path := ""
			if mode == "file" {
				path = filepath.Join(t.TempDir(), "a.db")
			}
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ctx := t.Context()
			g, err := s.ProvisionGuide(ctx, GuideOptions{})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := s.GenerateDemo(ctx, DemoOptions{Lines: 5000, Seed: 3})
				done <- err
			}()
			var ops int
			for {
				select {
				case err := <-done:
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("%d rounds of lookup, audit and permission writes during generation", ops)
					var n int
					if err := s.DB().QueryRow(`SELECT COUNT(*) FROM transactionline`).Scan(&n); err != nil || n != 5000 {
						t.Errorf("lines = %d, %v", n, err)
					}
					return
				default:
				}
				if _, err := s.Lookup(ctx, g.ConsumerKey, g.TokenID); err != nil {
					t.Fatal(err)
				}
				if err := s.RecordLogin(ctx, LoginEntry{User: AdminEmail, Status: vocab.StatusSuccess}); err != nil {
					t.Fatal(err)
				}
				if _, err := s.SetPermission(ctx, g.RoleName, "Lists -> Items", vocab.Level(ops%5)); err != nil {
					t.Fatal(err)
				}
				ops++
			}
		})
	}
}
