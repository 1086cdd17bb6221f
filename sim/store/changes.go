package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Seeing other processes' writes.
//
// A state file may be shared: a running emulator, `netsuite sim admin
// --state FILE …` and a second `sim serve` each open their own Store on it.
// Each Store caches credential lookups and role histories in memory, and the
// emulator rebuilds its record catalog only when [Store.CustomRecordGeneration]
// moves, so a write by another process must reach those caches.
//
// Every account-model write transaction ([Store.update]) increments a
// counter in the one-row table acct_change (schema version 3), and one that
// defines custom record types also increments its custom-record counter.
// A file store reads the row at most once per [ChangeCheckInterval], when a
// cached read (Lookup, EffectivePermissions, CustomRecordGeneration) asks;
// when the counter has moved it drops its caches, so another process's
// revocation, role edit or custom record type is seen within that interval
// plus one request. Reading one row by primary key costs microseconds; the
// Login Audit Trail's inserts do not touch the counter, so logins do not
// flush the caches. An in-memory store has no other writer and never reads
// the row except after its own writes.

// ChangeCheckInterval is how often a file store looks for writes made by
// other processes (see above).
const ChangeCheckInterval = 250 * time.Millisecond

// changeWatch is a Store's view of the acct_change row.
type changeWatch struct {
	mu        sync.Mutex   // serialises reads of the row
	lastCheck atomic.Int64 // wall-clock UnixNano of the last read
	gen       atomic.Int64 // acct_change.gen as last read
	customGen atomic.Int64 // acct_change.custom_gen as last read
}

// bumpChangeTx counts a write transaction; customRecords also counts a
// change of custom record type definitions.
func bumpChangeTx(ctx context.Context, tx *sql.Tx, customRecords bool) error {
	q := `UPDATE acct_change SET gen = gen + 1`
	if customRecords {
		q += `, custom_gen = custom_gen + 1`
	}
	if _, err := tx.ExecContext(ctx, q+` WHERE singleton = 1`); err != nil {
		return fmt.Errorf("store: count the change: %w", err)
	}
	return nil
}

// checkChanges reads the change counters when the last read is older than
// ChangeCheckInterval (file stores only) and drops the caches when another
// Store has written since.
func (s *Store) checkChanges(ctx context.Context) {
	if s.path == "" {
		return
	}
	last := s.changes.lastCheck.Load()
	now := time.Now().UnixNano()
	if now-last < int64(ChangeCheckInterval) || !s.changes.lastCheck.CompareAndSwap(last, now) {
		return
	}
	if err := s.readChanges(ctx); err != nil {
		// Seen on the next check; the caches stay as they are meanwhile.
		s.changes.lastCheck.Store(last)
	}
}

// readChanges reads the change counters now and drops the caches if they
// moved since the last read.
func (s *Store) readChanges(ctx context.Context) error {
	s.changes.mu.Lock()
	defer s.changes.mu.Unlock()
	var gen, custom int64
	if err := s.db.QueryRowContext(context.WithoutCancel(ctx),
		`SELECT gen, custom_gen FROM acct_change WHERE singleton = 1`).Scan(&gen, &custom); err != nil {
		return fmt.Errorf("store: read the change counters: %w", err)
	}
	if gen != s.changes.gen.Load() {
		s.cache.invalidate()
		s.changes.gen.Store(gen)
	}
	s.changes.customGen.Store(custom)
	return nil
}

// CustomRecordGeneration changes whenever a custom record type is defined
// or changed, through this Store or by another process on the same state
// file (seen within [ChangeCheckInterval]). The emulator rebuilds its
// record catalog when it sees a new value.
func (s *Store) CustomRecordGeneration() uint64 {
	s.checkChanges(context.Background())
	return uint64(s.changes.customGen.Load())
}
