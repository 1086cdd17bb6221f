package netsuite

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// GovernanceLimitsPath is REST's concurrency-limit resource (Help Center
// article_0625010817). It answers administrators only: another role gets
// 403, which still shows that its token login works.
const GovernanceLimitsPath = "/services/rest/system/v1/governanceLimits"

// GovernanceLimits is the answer of GET GovernanceLimitsPath; a field
// NetSuite leaves out is nil.
type GovernanceLimits struct {
	AccountConcurrencyLimit            *int   `json:"accountConcurrencyLimit"`
	AccountUnallocatedConcurrencyLimit *int   `json:"accountUnallocatedConcurrencyLimit"`
	IntegrationConcurrencyLimit        *int   `json:"integrationConcurrencyLimit"`
	IntegrationLimitType               string `json:"integrationLimitType"`
}

// Usable is the limit the calling integration may use: its own share when
// it has one, else the unallocated pool, else the account's limit; 0 when
// the answer says none.
func (g GovernanceLimits) Usable() int {
	switch {
	case g.IntegrationLimitType == "integrationSpecific" && g.IntegrationConcurrencyLimit != nil:
		return *g.IntegrationConcurrencyLimit
	case g.AccountUnallocatedConcurrencyLimit != nil:
		return *g.AccountUnallocatedConcurrencyLimit
	case g.AccountConcurrencyLimit != nil:
		return *g.AccountConcurrencyLimit
	}
	return 0
}

// GovernanceLimits reads the account's concurrency limits. A role that is
// not an administrator gets an error for which IsPermission is true.
func (c *Client) GovernanceLimits(ctx context.Context) (*GovernanceLimits, error) {
	resp, err := c.Do(ctx, &Request{Method: http.MethodGet, URL: c.URL(SuiteTalk, GovernanceLimitsPath),
		Header: http.Header{"Accept": {"application/json"}}})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var g GovernanceLimits
	if err := json.NewDecoder(resp.Body).Decode(&g); err != nil {
		return nil, fmt.Errorf("netsuite: governanceLimits: the answer is not NetSuite's JSON: %w (check the base URL)", err)
	}
	return &g, nil
}
