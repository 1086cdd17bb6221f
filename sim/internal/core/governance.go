package core

import "context"

// GovernanceLimits is the body of GET /services/rest/system/v1/governanceLimits
// (NetSuite Help Center, "GovernanceLimits Operation", article_0625010817).
type GovernanceLimits struct {
	AccountConcurrencyLimit            int    `json:"accountConcurrencyLimit"`
	AccountUnallocatedConcurrencyLimit int    `json:"accountUnallocatedConcurrencyLimit"`
	IntegrationConcurrencyLimit        *int   `json:"integrationConcurrencyLimit,omitempty"`
	IntegrationLimitType               string `json:"integrationLimitType"`
}

// GovernanceFor reports the account's and the login integration's limits.
func (s *Core) GovernanceFor(ctx context.Context, l *Login) (GovernanceLimits, error) {
	g, err := s.Store.Governance(ctx)
	if err != nil {
		return GovernanceLimits{}, err
	}
	out := GovernanceLimits{AccountConcurrencyLimit: g.AccountLimit, AccountUnallocatedConcurrencyLimit: g.Unallocated, IntegrationLimitType: "accountLimit"}
	if lim := l.V.Integration.ConcurrencyLimit; lim > 0 {
		out.IntegrationConcurrencyLimit = &lim
		out.IntegrationLimitType = "integrationSpecific"
	}
	return out, nil
}
