package sim

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/go-netsuite/netsuite/sim/catalog"
	suiteql "github.com/go-netsuite/netsuite/sim/internal/suiteqlengine"
)

// catalogs are the record catalog and the SuiteQL tables of the account as
// of one generation of its custom record types.
type catalogs struct {
	gen     uint64
	records *catalog.Catalog
	tables  suiteql.Catalog
}

// catalogCache rebuilds the server's catalogs when custom record types
// change (sim/store counts the changes).
type catalogCache struct {
	mu  sync.Mutex // serialises rebuilds
	cur atomic.Pointer[catalogs]
}

// catalogs returns the account's current catalogs: the standard records
// of sim/catalog plus its custom record types.
func (s *Server) catalogs() *catalogs {
	gen := s.store.CustomRecordGeneration()
	if c := s.cats.cur.Load(); c != nil && c.gen == gen {
		return c
	}
	s.cats.mu.Lock()
	defer s.cats.mu.Unlock()
	if c := s.cats.cur.Load(); c != nil && c.gen == gen {
		return c
	}
	types, err := s.store.CustomRecordTypes(context.Background())
	if err != nil {
		s.log.Error("reading custom record types; serving the standard records only", "err", err)
		types = nil
	}
	rec := catalog.WithCustomRecords(catalog.Default(), types)
	c := &catalogs{gen: gen, records: rec, tables: suiteql.NewCatalog(suiteql.TablesFrom(rec)...)}
	if err == nil {
		s.cats.cur.Store(c)
	}
	return c
}

// cat is the record catalog every REST record request uses.
func (s *Server) cat() *catalog.Catalog { return s.catalogs().records }
