package record

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// CatalogEntry is one record type of the metadata catalog.
type CatalogEntry struct {
	Name  string `json:"name"`
	Links []Link `json:"links"`
}

// Catalog lists the record types the REST record service knows, with links
// to each one's metadata.
//
// NetSuite: GET /services/rest/record/v1/metadata-catalog
func (s *Service) Catalog(ctx context.Context) ([]CatalogEntry, error) {
	var raw struct {
		Items []CatalogEntry `json:"items"`
	}
	if err := s.getJSON(ctx, BasePath+"/metadata-catalog", &raw); err != nil {
		return nil, err
	}
	return raw.Items, nil
}

// Schema returns the JSON Schema of a record type.
//
// NetSuite: GET /services/rest/record/v1/metadata-catalog/{type} with
// Accept: application/schema+json
func (s *Service) Schema(ctx context.Context, recordType string) (json.RawMessage, error) {
	if err := checkType(recordType); err != nil {
		return nil, err
	}
	return s.metadata(ctx, request{method: http.MethodGet, path: BasePath + "/metadata-catalog/" + recordType,
		accept: "application/schema+json"})
}

// OpenAPI returns the OpenAPI 3.0 document of the given record types (of
// every type when none is given; that document is large).
//
// NetSuite: GET /services/rest/record/v1/metadata-catalog?select={types} with
// Accept: application/swagger+json
func (s *Service) OpenAPI(ctx context.Context, types ...string) (json.RawMessage, error) {
	q := url.Values{}
	for _, t := range types {
		if err := checkType(t); err != nil {
			return nil, err
		}
	}
	if len(types) > 0 {
		q.Set("select", strings.Join(types, ","))
	}
	return s.metadata(ctx, request{method: http.MethodGet, path: BasePath + "/metadata-catalog", query: q,
		accept: "application/swagger+json"})
}

func (s *Service) metadata(ctx context.Context, rq request) (json.RawMessage, error) {
	resp, err := s.do(ctx, rq)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := decodeJSON(resp, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}
