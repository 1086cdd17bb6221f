// Package record reads and writes NetSuite records through the REST record
// service (/services/rest/record/v1/): get, create, update (PATCH), upsert by
// external id (PUT …/eid:X), delete, lists with q= filters paged one page at
// a time or as an iterator, sub-resources, asynchronous requests
// (Prefer: respond-async, job polling) and the metadata catalog (JSON Schema
// and OpenAPI).
//
// Records are generic JSON values ([Record]) with helpers for references and
// links; [Record.Decode] fills the caller's own structs. Every refused
// request fails with a *netsuite.Error.
package record

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-netsuite/netsuite"
)

// BasePath is the REST record service's path.
const BasePath = "/services/rest/record/v1"

// MaxLimit is the largest list page NetSuite serves.
const MaxLimit = 1000

// Service calls the REST record service with a Client.
type Service struct{ c *netsuite.Client }

// New returns a Service over c.
func New(c *netsuite.Client) *Service { return &Service{c: c} }

// Link is one entry of NetSuite's "links" arrays.
type Link struct {
	Rel       string `json:"rel"`
	Href      string `json:"href"`
	MediaType string `json:"mediaType,omitempty"`
}

// Reference points at a record: in responses {"id", "refName", "links"}, in
// request bodies {"id": "5"} or {"externalId": "X"} (see [ByID] and
// [ByExternalID]).
type Reference struct {
	ID         string `json:"id,omitempty"`
	RefName    string `json:"refName,omitempty"`
	ExternalID string `json:"externalId,omitempty"`
	Links      []Link `json:"links,omitempty"`
}

// Ref is one item of a record list: a Reference carrying id and links.
type Ref = Reference

// ByID returns a reference to the record with internal id id, for bodies.
func ByID(id string) Reference { return Reference{ID: id} }

// ByExternalID returns a reference to the record with external id eid, for bodies.
func ByExternalID(eid string) Reference { return Reference{ExternalID: eid} }

// Self returns the reference's "self" link, or "".
func (r Reference) Self() string { return linkHref(r.Links, "self") }

func linkHref(links []Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// Record is a record as NetSuite sends it: field names as keys, values as
// decoded JSON (strings, bool, json.Number, []any, map[string]any).
// References are objects with id/refName/links; sublists are objects with
// links and, when expanded, items.
type Record map[string]any

// String returns a field as text: a string as is, a number or bool in its
// JSON spelling. ok is false when the field is absent, null or an object.
func (r Record) String(field string) (s string, ok bool) {
	switch v := r[field].(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// Ref returns a reference field (e.g. "subsidiary", "entityStatus"); ok is
// false when the field is absent or not an object.
func (r Record) Ref(field string) (ref Reference, ok bool) {
	m, isMap := r[field].(map[string]any)
	if !isMap {
		return Reference{}, false
	}
	if err := convert(m, &ref); err != nil {
		return Reference{}, false
	}
	return ref, true
}

// Links returns the record's links.
func (r Record) Links() []Link {
	var links []Link
	if v, ok := r["links"]; ok {
		convert(v, &links)
	}
	return links
}

// Self returns the record's "self" link, or "".
func (r Record) Self() string { return linkHref(r.Links(), "self") }

// ID returns the record's "id" field, or "".
func (r Record) ID() string {
	s, _ := r.String("id")
	return s
}

// Items returns the "items" of a sub-resource or an expanded sublist field
// (field "" means the record itself, as SubResource returns it).
func (r Record) Items(field string) []Record {
	src := map[string]any(r)
	if field != "" {
		m, ok := r[field].(map[string]any)
		if !ok {
			return nil
		}
		src = m
	}
	list, _ := src["items"].([]any)
	out := make([]Record, 0, len(list))
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			out = append(out, Record(m))
		}
	}
	return out
}

// Decode fills into (a pointer to the caller's struct or map) from the
// record, with encoding/json's rules and tags.
func (r Record) Decode(into any) error {
	if err := convert(map[string]any(r), into); err != nil {
		return fmt.Errorf("record: decoding: %w", err)
	}
	return nil
}

func convert(from, into any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

var typeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func checkType(recordType string) error {
	if recordType == "" {
		return errors.New("record: empty record type")
	}
	if !typeRE.MatchString(recordType) {
		return fmt.Errorf("record: record type %q is not a NetSuite record type name (letters, digits, _)", recordType)
	}
	return nil
}

// checkID validates an internal id or an "eid:X" external-id key.
func checkID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return fmt.Errorf("record: empty %s", what)
	}
	if strings.ContainsAny(id, "/?#") {
		return fmt.Errorf("record: %s %q contains '/', '?' or '#'", what, id)
	}
	if strings.HasPrefix(id, "eid:") && len(id) == len("eid:") {
		return fmt.Errorf("record: %s %q has an empty external id", what, id)
	}
	return nil
}

func recordPath(recordType string, parts ...string) string {
	p := BasePath + "/" + recordType
	for _, s := range parts {
		p += "/" + url.PathEscape(s)
	}
	return p
}

// request describes one call.
type request struct {
	method string
	path   string // absolute path on the SuiteTalk domain
	query  url.Values
	body   any // nil, []byte/json.RawMessage as is, or encoded as JSON
	accept string
	prefer string
}

// do sends rq through the client's pipeline and returns a 2xx response;
// the caller closes its body.
func (s *Service) do(ctx context.Context, rq request) (*http.Response, error) {
	u := s.c.URL(netsuite.SuiteTalk, rq.path)
	if len(rq.query) > 0 {
		u += "?" + encodeQuery(rq.query)
	}
	var body []byte
	if rq.body != nil {
		var err error
		if body, err = encodeBody(rq.body); err != nil {
			return nil, err
		}
	}
	h := make(http.Header, 3)
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if rq.accept != "" {
		h.Set("Accept", rq.accept)
	}
	if rq.prefer != "" {
		h.Set("Prefer", rq.prefer)
	}
	return s.c.Do(ctx, &netsuite.Request{Method: rq.method, URL: u, Header: h, Body: body})
}

// encodeBody returns a request body as JSON: []byte and json.RawMessage
// as they are (checked), anything else encoded.
func encodeBody(b any) ([]byte, error) {
	var body []byte
	switch v := b.(type) {
	case []byte:
		body = v
	case json.RawMessage:
		body = v
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("record: encoding the body: %w", err)
		}
	}
	if !json.Valid(body) {
		return nil, errors.New("record: the body is not valid JSON")
	}
	return body, nil
}

// encodeQuery encodes like url.Values.Encode but with spaces as %20, which
// NetSuite's q= parser and OAuth signature base strings both expect.
func encodeQuery(v url.Values) string {
	return strings.ReplaceAll(v.Encode(), "+", "%20")
}

// decodeJSON decodes a response body into v and closes it.
func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("record: decoding the response of %s %s: %w", resp.Request.Method, resp.Request.URL.Path, err)
	}
	return nil
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

// GetOptions select what Get returns.
type GetOptions struct {
	// Fields limits the body fields returned (fields=a,b). NetSuite ignores
	// it when ExpandSubResources is set.
	Fields []string
	// ExpandSubResources returns sublists and subrecords inline
	// (expandSubResources=true) instead of as links.
	ExpandSubResources bool
}

// Get returns one record. id is an internal id or "eid:X" for an external id.
//
// NetSuite: GET /services/rest/record/v1/{type}/{id}?fields=&expandSubResources=
func (s *Service) Get(ctx context.Context, recordType, id string, opts *GetOptions) (Record, error) {
	if err := checkType(recordType); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	q := url.Values{}
	if opts != nil {
		if len(opts.Fields) > 0 {
			for _, f := range opts.Fields {
				if !fieldRE.MatchString(f) {
					return nil, fmt.Errorf("record: field %q is not a field name", f)
				}
			}
			q.Set("fields", strings.Join(opts.Fields, ","))
		}
		if opts.ExpandSubResources {
			q.Set("expandSubResources", "true")
		}
	}
	resp, err := s.do(ctx, request{method: http.MethodGet, path: recordPath(recordType, id), query: q})
	if err != nil {
		return nil, err
	}
	var r Record
	if err := decodeJSON(resp, &r); err != nil {
		return nil, err
	}
	return r, nil
}

// idFromLocation returns the last path segment of a Location header.
func idFromLocation(loc string) (string, error) {
	u, err := url.Parse(loc)
	if err != nil || u.Path == "" {
		return "", fmt.Errorf("record: NetSuite answered with no usable Location header (%q)", loc)
	}
	id := path.Base(u.Path)
	if id == "/" || id == "." {
		return "", fmt.Errorf("record: NetSuite answered with no usable Location header (%q)", loc)
	}
	if un, err := url.PathUnescape(id); err == nil {
		id = un
	}
	return id, nil
}

// Create creates a record and returns its internal id. body is anything
// encoding/json encodes to an object (a Record, a map, the caller's
// struct), or JSON text as []byte or json.RawMessage.
//
// NetSuite: POST /services/rest/record/v1/{type}, answered with 204 and the
// new record's URL in Location.
func (s *Service) Create(ctx context.Context, recordType string, body any) (id string, err error) {
	if err := checkType(recordType); err != nil {
		return "", err
	}
	if body == nil {
		return "", errors.New("record: create needs a body")
	}
	resp, err := s.do(ctx, request{method: http.MethodPost, path: recordPath(recordType), body: body})
	var unknown *netsuite.UnknownOutcomeError
	if errors.As(err, &unknown) {
		return s.settleCreate(ctx, recordType, body, err)
	}
	if err != nil {
		return "", err
	}
	drain(resp)
	return idFromLocation(resp.Header.Get("Location"))
}

// settleCreate resolves a create whose outcome is unknown (sent, and no
// answer says whether it ran; the retry policy does not repeat it, see
// docs/retries.md). With an external id in the body it is finished as an
// upsert by that external id: if the first attempt created the record, the
// upsert updates it with the same values; if not, the upsert creates it;
// and if the first attempt is still running, whichever comes second is
// refused or updates, as external ids are unique per record type. Without
// an external id there is no way to tell, and the error stands.
func (s *Service) settleCreate(ctx context.Context, recordType string, body any, cause error) (string, error) {
	raw, err := encodeBody(body)
	if err != nil {
		return "", cause
	}
	var fields map[string]json.RawMessage
	var eid string
	if json.Unmarshal(raw, &fields) != nil || json.Unmarshal(fields["externalId"], &eid) != nil || eid == "" {
		return "", fmt.Errorf("%w (give the record an externalId to let the client settle such a create by itself)", cause)
	}
	delete(fields, "externalId")
	id, err := s.Upsert(ctx, recordType, eid, fields)
	if err != nil {
		return "", fmt.Errorf("record: settling a create with an unknown outcome by upserting external id %q: %w (first: %v)", eid, err, cause)
	}
	if id == "" {
		rec, err := s.Get(ctx, recordType, "eid:"+eid, nil)
		if err != nil {
			return "", fmt.Errorf("record: settling a create with an unknown outcome: the upsert of external id %q worked, but reading it back failed: %w", eid, err)
		}
		id = rec.ID()
	}
	return id, nil
}

// Update changes the fields in body of an existing record (other fields
// keep their values). id is an internal id or "eid:X".
//
// NetSuite: PATCH /services/rest/record/v1/{type}/{id}, answered with 204.
func (s *Service) Update(ctx context.Context, recordType, id string, body any) error {
	if err := checkType(recordType); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	if body == nil {
		return errors.New("record: update needs a body")
	}
	resp, err := s.do(ctx, request{method: http.MethodPatch, path: recordPath(recordType, id), body: body})
	if err != nil {
		return err
	}
	drain(resp)
	return nil
}

// Upsert creates or updates the record with external id externalID (given
// bare, or as "eid:X") and returns its internal id when NetSuite tells it
// in Location ("" otherwise).
//
// NetSuite: PUT /services/rest/record/v1/{type}/eid:{externalID}, answered with 204.
func (s *Service) Upsert(ctx context.Context, recordType, externalID string, body any) (id string, err error) {
	if err := checkType(recordType); err != nil {
		return "", err
	}
	externalID = strings.TrimPrefix(externalID, "eid:")
	if err := checkID("external id", externalID); err != nil {
		return "", err
	}
	if body == nil {
		return "", errors.New("record: upsert needs a body")
	}
	resp, err := s.do(ctx, request{method: http.MethodPut, path: recordPath(recordType, "eid:"+externalID), body: body})
	if err != nil {
		return "", err
	}
	drain(resp)
	if loc := resp.Header.Get("Location"); loc != "" {
		return idFromLocation(loc)
	}
	return "", nil
}

// Delete deletes a record. id is an internal id or "eid:X".
//
// NetSuite: DELETE /services/rest/record/v1/{type}/{id}, answered with 204.
func (s *Service) Delete(ctx context.Context, recordType, id string) error {
	if err := checkType(recordType); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	resp, err := s.do(ctx, request{method: http.MethodDelete, path: recordPath(recordType, id)})
	if err != nil {
		return err
	}
	drain(resp)
	return nil
}

// SubResource returns a sub-resource of a record: a sublist such as a sales
// order's "item" or a customer's "addressBook", or a linked subrecord.
// Sublist lines are in Items("").
//
// NetSuite: GET /services/rest/record/v1/{type}/{id}/{sublist}
func (s *Service) SubResource(ctx context.Context, recordType, id, sublist string) (Record, error) {
	if err := checkType(recordType); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if !fieldRE.MatchString(sublist) {
		return nil, fmt.Errorf("record: sub-resource %q is not a field name", sublist)
	}
	resp, err := s.do(ctx, request{method: http.MethodGet, path: recordPath(recordType, id, sublist)})
	if err != nil {
		return nil, err
	}
	var r Record
	if err := decodeJSON(resp, &r); err != nil {
		return nil, err
	}
	return r, nil
}
