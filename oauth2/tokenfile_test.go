package oauth2_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-netsuite/netsuite/oauth2"
)

func TestRefreshTokenFile(t *testing.T) {
	dir := t.TempDir()
	f := oauth2.RefreshTokenFile{Path: filepath.Join(dir, "sub", "oauth2-p.refresh-token"), Account: "1234567", ClientID: "client-a"}
	if _, err := f.LoadToken(); !errors.Is(err, oauth2.ErrLoginRequired) {
		t.Fatalf("no file: %v", err)
	}
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := f.SaveToken(&oauth2.Token{RefreshToken: "rt-secret", AccessToken: "at-secret", TokenType: "bearer", Expiry: exp}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(f.Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode: %v %v", fi, err)
	}
	got, err := f.LoadToken()
	if err != nil || got.RefreshToken != "rt-secret" || got.AccessToken != "at-secret" || !got.Expiry.Equal(exp) {
		t.Fatalf("load: %v %v", got, err)
	}
	// Overwrite: still 0600, no temporary file left behind.
	os.Chmod(f.Path, 0o644)
	if err := f.Save("rt-2"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(f.Path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after overwrite %v", fi.Mode().Perm())
	}
	if ents, _ := os.ReadDir(filepath.Dir(f.Path)); len(ents) != 1 {
		t.Errorf("files left: %v", ents)
	}
	// Another client's file is refused, without its token in the error.
	other := f
	other.ClientID = "client-b"
	_, err = other.LoadToken()
	if !errors.Is(err, oauth2.ErrLoginRequired) || strings.Contains(err.Error(), "rt-2") {
		t.Errorf("other client: %v", err)
	}
	// The older format: the refresh token alone.
	os.WriteFile(f.Path, []byte("plain-rt\n"), 0o600)
	if rt, err := f.Load(); err != nil || rt != "plain-rt" {
		t.Errorf("plain: %q %v", rt, err)
	}
}

// TestRefreshTokenFileLock: the lock excludes other holders (each Lock
// opens the lock file anew, as another process would) and honours the
// context.
func TestRefreshTokenFileLock(t *testing.T) {
	f := oauth2.RefreshTokenFile{Path: filepath.Join(t.TempDir(), "t")}
	ctx := context.Background()
	var mu sync.Mutex
	inside, maxInside := 0, 0
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := f.Lock(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			inside++
			maxInside = max(maxInside, inside)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			inside--
			mu.Unlock()
			unlock()
		}()
	}
	wg.Wait()
	if maxInside != 1 {
		t.Errorf("%d holders at once", maxInside)
	}
	unlock, err := f.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := f.Lock(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("held lock: %v", err)
	}
}
