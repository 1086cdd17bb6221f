package sim

import (
	"context"
	"net/http"

	"github.com/go-netsuite/netsuite/sim/admin"
)

// adminHandler serves the emulator's own admin API under /_sim/: the admin
// operations of package admin plus live figures only a running server has.
func (s *Server) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(admin.Path, admin.Handler(s.store, s.adminExtra))
	return mux
}

func (s *Server) adminExtra(ctx context.Context, req admin.Request) (any, bool, error) {
	switch req.Op {
	case "governance.live":
		return s.gov.Snapshot(), true, nil
	case "governance.reset-peak":
		s.gov.ResetPeak()
		return s.gov.Snapshot(), true, nil
	}
	return nil, false, nil
}
