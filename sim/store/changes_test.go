package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/vocab"
)

// TestChangesFromAnotherStore: two Stores on one file stand for two
// processes. A revocation, a role edit and a custom record type made through
// one reach the other's caches within ChangeCheckInterval.
func TestChangesFromAnotherStore(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "a.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	g, err := a.ProvisionGuide(ctx, GuideOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	v, err := a.Lookup(ctx, g.ConsumerKey, g.TokenID) // cached in a
	if err != nil || v.Check(vocab.SurfaceREST) != nil {
		t.Fatalf("lookup: %v %v", err, v.Check(vocab.SurfaceREST))
	}
	perms, err := a.EffectivePermissions(ctx, v.Role.ID, time.Now().Add(time.Hour))
	if err != nil || !perms.Has(vocab.PermSuiteAnalyticsWorkbook, vocab.LevelView) {
		t.Fatalf("permissions: %v %v", perms, err)
	}
	gen := a.CustomRecordGeneration()

	if _, err := b.RevokeToken(ctx, g.TokenID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetPermission(ctx, v.Role.Name, vocab.PermSuiteAnalyticsWorkbook, vocab.LevelNone); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DefineCustomRecordType(ctx, CustomRecordType{ScriptID: "customrecord_x", Name: "X"}); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(time.Second)
	for {
		v, err := a.Lookup(ctx, g.ConsumerKey, g.TokenID)
		perms, perr := a.EffectivePermissions(ctx, v.Role.ID, time.Now().Add(time.Hour))
		revoked := err == nil && v.Check(vocab.SurfaceREST) != nil
		roleSeen := perr == nil && !perms.Has(vocab.PermSuiteAnalyticsWorkbook, vocab.LevelView)
		customSeen := a.CustomRecordGeneration() != gen
		if revoked && roleSeen && customSeen {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 1s: revoked %v, role edit seen %v, custom record seen %v", revoked, roleSeen, customSeen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestMigrateToChangeCounter: a version 2 file gains the change counter.
func TestMigrateToChangeCounter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("DROP TABLE acct_change; DROP TABLE acct_sequence; PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateRole(t.Context(), RoleInput{Name: "R"}); err != nil {
		t.Fatal(err)
	}
	var gen int
	if err := s.DB().QueryRow("SELECT gen FROM acct_change").Scan(&gen); err != nil || gen != 1 {
		t.Fatalf("gen = %d, %v; want 1", gen, err)
	}
}
