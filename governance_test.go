package netsuite

import "testing"

func TestGovernanceLimitsUsable(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		name string
		g    GovernanceLimits
		want int
	}{
		{"own share", GovernanceLimits{AccountConcurrencyLimit: n(15), AccountUnallocatedConcurrencyLimit: n(10), IntegrationConcurrencyLimit: n(5), IntegrationLimitType: "integrationSpecific"}, 5},
		{"no share: the unallocated pool", GovernanceLimits{AccountConcurrencyLimit: n(15), AccountUnallocatedConcurrencyLimit: n(10), IntegrationLimitType: "accountLimit"}, 10},
		{"only the account's limit", GovernanceLimits{AccountConcurrencyLimit: n(15)}, 15},
		{"nothing", GovernanceLimits{}, 0},
	}
	for _, tt := range tests {
		if got := tt.g.Usable(); got != tt.want {
			t.Errorf("%s: Usable() = %d, want %d", tt.name, got, tt.want)
		}
	}
}
