package oauth2

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/auth"
)

// RefreshTokenFile keeps the tokens of an authorization code login in a
// file of mode 0600 (beside the profile: see [RefreshTokenPath]): the
// refresh token, and the last access token with its expiry so that every
// process can use it until it is near expiry. Writes are atomic (a
// temporary file renamed over the old one), so a crash leaves either the
// old or the new tokens, never half of them. Refreshing and storing are
// serialized across processes by a lock on Path + ".lock" ([RefreshTokenFile.Lock]).
type RefreshTokenFile struct {
	Path string
	// Account and ClientID, when set, are written with the tokens and
	// checked on load: tokens stored for another account or client are
	// refused ([ErrLoginRequired]) rather than sent to the wrong one.
	Account, ClientID string
}

// RefreshTokenPath is the refresh token file of profile beside configFile:
// <dir>/oauth2-<profile>.refresh-token.
func RefreshTokenPath(configFile, profile string) string {
	return filepath.Join(filepath.Dir(configFile), "oauth2-"+profile+".refresh-token")
}

// storedTokens is the file's JSON.
type storedTokens struct {
	Account      string    `json:"account,omitempty"`
	ClientID     string    `json:"client_id,omitempty"`
	RefreshToken string    `json:"refresh_token"`
	AccessToken  string    `json:"access_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

// ErrLoginRequired is what every [LoginRequiredError] matches with
// errors.Is: the stored login can no longer be used; log in again.
var ErrLoginRequired = errors.New("oauth2: log in again (authorization code flow)")

// LoginRequiredError says why the stored login cannot be used: no tokens
// stored, tokens of another client, or a refresh token that NetSuite
// refused (expired, revoked, or already used: a public client's refresh
// tokens are single-use). It never holds a token.
type LoginRequiredError struct {
	// Reason in plain words, e.g. "the refresh token expired at ...".
	Reason string
	// Err is the underlying error (an [*Error] from the token endpoint, or
	// a file error), or nil.
	Err error
}

func (e *LoginRequiredError) Error() string {
	msg := "oauth2: log in again (authorization code flow): " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is makes errors.Is(err, ErrLoginRequired) true.
func (e *LoginRequiredError) Is(target error) bool { return target == ErrLoginRequired }

// Unwrap returns the underlying error.
func (e *LoginRequiredError) Unwrap() error { return e.Err }

// Load reads the refresh token.
func (f RefreshTokenFile) Load() (string, error) {
	t, err := f.LoadToken()
	if err != nil {
		return "", err
	}
	return t.RefreshToken, nil
}

// LoadToken reads the stored tokens: RefreshToken always, AccessToken and
// Expiry when an access token was stored. A file holding only a refresh
// token (the format before the JSON one) is read too.
func (f RefreshTokenFile) LoadToken() (*Token, error) {
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &LoginRequiredError{Reason: "no refresh token is stored at " + f.Path}
	}
	if err != nil {
		return nil, fmt.Errorf("oauth2: refresh token file: %w", err)
	}
	b = bytes.TrimSpace(b)
	var st storedTokens
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &st); err != nil {
			// The error of encoding/json quotes no input beyond a character.
			return nil, &LoginRequiredError{Reason: "the refresh token file " + f.Path + " is damaged", Err: err}
		}
	} else {
		st.RefreshToken = string(b)
	}
	if st.RefreshToken == "" {
		return nil, &LoginRequiredError{Reason: "the refresh token file " + f.Path + " holds no refresh token"}
	}
	if (f.ClientID != "" && st.ClientID != "" && st.ClientID != f.ClientID) || (f.Account != "" && st.Account != "" && !strings.EqualFold(st.Account, f.Account)) {
		return nil, &LoginRequiredError{Reason: fmt.Sprintf("the tokens at %s are for account %s, client id %s, not for this profile's", f.Path, st.Account, auth.Mask(st.ClientID))}
	}
	return &Token{RefreshToken: st.RefreshToken, AccessToken: st.AccessToken, TokenType: st.TokenType, Expiry: st.Expiry}, nil
}

// Save stores a refresh token alone (no access token).
func (f RefreshTokenFile) Save(refreshToken string) error {
	return f.SaveToken(&Token{RefreshToken: refreshToken})
}

// SaveToken stores t (its refresh token, and its access token and expiry
// when set) atomically with mode 0600: a temporary file in the same
// directory, synced, then renamed over the old file.
func (f RefreshTokenFile) SaveToken(t *Token) error {
	if t == nil || t.RefreshToken == "" {
		return errors.New("oauth2: no refresh token to store")
	}
	b, err := json.MarshalIndent(storedTokens{Account: f.Account, ClientID: f.ClientID, RefreshToken: t.RefreshToken,
		AccessToken: t.AccessToken, TokenType: t.TokenType, Expiry: t.Expiry.UTC()}, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("oauth2: storing the tokens: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("oauth2: storing the tokens: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("oauth2: storing the tokens: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("oauth2: storing the tokens: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return fmt.Errorf("oauth2: storing the tokens: %w", err)
	}
	done = true
	if d, err := os.Open(dir); err == nil { // make the rename durable where the OS allows it
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Remove deletes the stored tokens (not an error when there are none).
func (f RefreshTokenFile) Remove() error {
	if err := os.Remove(f.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Lock takes the file's cross-process lock (an OS file lock on Path +
// ".lock", released by the OS if the process dies), waiting for ctx.
// Call the returned function to release it.
func (f RefreshTokenFile) Lock(ctx context.Context) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o700); err != nil {
		return nil, err
	}
	lf, err := os.OpenFile(f.Path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("oauth2: token lock: %w", err)
	}
	for {
		ok, err := tryLock(lf)
		if errors.Is(err, errors.ErrUnsupported) { // see lock_other.go
			return func() { lf.Close() }, nil
		}
		if err != nil {
			lf.Close()
			return nil, fmt.Errorf("oauth2: token lock %s: %w", lf.Name(), err)
		}
		if ok {
			return func() { unlockFile(lf); lf.Close() }, nil
		}
		select {
		case <-ctx.Done():
			lf.Close()
			return nil, fmt.Errorf("oauth2: waiting for the token lock %s (another process is refreshing): %w", lf.Name(), ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TokenExpiry reads the exp claim of a JWT without verifying it (NetSuite's
// access and refresh tokens are JWTs: section 158255317571).
func TokenExpiry(tok string) (time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(b, &claims) != nil || claims.Exp == 0 {
		return time.Time{}, false
	}
	return time.Unix(claims.Exp, 0), true
}

// RefreshingSource is the token source of the authorization code grant.
// It hands out the stored access token while it is valid; near its expiry
// it refreshes, under the file's cross-process lock: it reads the file
// again (another process may have refreshed meanwhile, then its token is
// used), refreshes, and stores the new tokens — a public client's rotated
// refresh token included — before returning the new access token, so a
// crash cannot lose the chain. Wrap it in a [ReuseTokenSource] for
// caching and single-flight within the process.
type RefreshingSource struct {
	Config *AuthorizationCode
	Store  RefreshTokenFile
	// Now is the clock (nil: Config's, else time.Now).
	Now func() time.Time

	mu       sync.Mutex
	rejected string // an access token NetSuite refused: never handed out again
}

func (s *RefreshingSource) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return s.Config.now()
}

// Invalidate records that NetSuite refused the access token tok, so that
// the next Token refreshes even if the stored one has not expired, and
// drops it from the file when it is the stored one (so that the next
// process refreshes too instead of sending it again).
func (s *RefreshingSource) Invalidate(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected = tok
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	unlock, err := s.Store.Lock(ctx)
	if err != nil {
		return // the in-process mark still applies
	}
	defer unlock()
	if t, err := s.Store.LoadToken(); err == nil && t.AccessToken == tok {
		_ = s.Store.SaveToken(&Token{RefreshToken: t.RefreshToken})
	}
}

// Token returns a valid access token, refreshing if needed. A refresh
// token NetSuite refuses is a [*LoginRequiredError] saying why.
func (s *RefreshingSource) Token(ctx context.Context) (*Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := s.Store.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := s.Store.LoadToken()
	if err != nil {
		return nil, err
	}
	if t.Valid(s.now()) && t.AccessToken != s.rejected {
		return t, nil
	}
	nt, err := s.Config.Refresh(ctx, t.RefreshToken)
	if err != nil {
		var oe *Error
		if errors.As(err, &oe) && oe.Code == "invalid_grant" {
			return nil, &LoginRequiredError{Reason: refreshRefusal(t.RefreshToken, s.now(), s.Config.ClientSecret == ""), Err: err}
		}
		return nil, err
	}
	if err := s.Store.SaveToken(nt); err != nil {
		if nt.RefreshToken != t.RefreshToken {
			return nil, &LoginRequiredError{Reason: "the refresh token was rotated but the new one cannot be stored", Err: err}
		}
		return nil, err
	}
	return nt, nil
}

// refreshRefusal says why NetSuite refused a refresh token (invalid_grant;
// NetSuite's reason is only in the Login Audit Trail): expired by its exp
// claim, else revoked or already used.
func refreshRefusal(rt string, now time.Time, public bool) string {
	if exp, ok := TokenExpiry(rt); ok && !now.Before(exp) {
		return "the refresh token expired at " + exp.UTC().Format(time.RFC3339) +
			" (refresh tokens last 7 days for confidential clients, 3 hours for public ones, unless the integration record says otherwise)"
	}
	if public {
		return "the refresh token was revoked, or already used (a public client's refresh tokens are single-use: another login or process rotated it away), or the entity, role or integration was disabled"
	}
	return "the refresh token was revoked, or the entity, role or integration was disabled"
}
