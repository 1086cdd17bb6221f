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
	mux.Handle(admin.Path, admin.Handler(s.core.Store, admin.Live{
		admin.OpGovernanceLive: func(context.Context, admin.Request) (any, error) { return s.core.Gov.Snapshot(), nil },
		admin.OpGovernanceResetPeak: func(context.Context, admin.Request) (any, error) {
			s.core.Gov.ResetPeak()
			return s.core.Gov.Snapshot(), nil
		},
	}))
	return mux
}
