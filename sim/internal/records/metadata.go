package records

import (
	"mime"
	"net/http"
	"strings"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// The metadata catalog (ns-help section_1540810174, section_1545126526):
//
//	GET …/record/v1/metadata-catalog[?select=a,b]           the record types, each with a
//	                                                         canonical link and two alternates
//	GET …/metadata-catalog/<type>  Accept: application/schema+json   JSON Schema of the type
//	GET …/metadata-catalog[/<type>][?select=…]  Accept: application/swagger+json   OpenAPI 3.0
//
// The schemas describe the catalog's REST fields; references use the nsLink
// shape (id, refName, externalId, links), as NetSuite's do.

const (
	mtSchema  = "application/schema+json"
	mtSwagger = "application/swagger+json"
)

func (s *Service) serveMetadata(w http.ResponseWriter, r *http.Request, rest string) {
	if r.Method != http.MethodGet {
		wire.MethodNotAllowed(r.Method, http.MethodGet).Write(w)
		return
	}
	base := recordBase(r)
	cat := s.Cat()
	typ := strings.Trim(strings.TrimPrefix(rest, "metadata-catalog"), "/")
	var recs []*catalog.Record
	if typ == "nsLink" {
		b, _ := jsonObject{{"type", "object"}, {"properties", jsonObject{
			{"externalId", jsonObject{{"title", "External ID"}, {"type", "string"}}},
			{"id", jsonObject{{"title", "Internal identifier"}, {"type", "string"}}},
			{"links", jsonObject{{"title", "Links"}, {"type", "array"}, {"readOnly", true}}},
			{"refName", jsonObject{{"title", "Reference Name"}, {"type", "string"}}},
		}}}.MarshalJSON()
		writeRaw(w, http.StatusOK, mtSchema, b)
		return
	}
	if typ != "" {
		rec := cat.Record(typ)
		if rec == nil || strings.Contains(typ, "/") {
			wire.RecordNotFound().Write(w)
			return
		}
		recs = []*catalog.Record{rec}
	} else if sel := r.URL.Query().Get("select"); sel != "" {
		for _, name := range strings.Split(sel, ",") {
			rec := cat.Record(strings.TrimSpace(name))
			if rec == nil {
				badParam(w, "select", "Invalid 'select' parameter value. Record type '"+strings.TrimSpace(name)+"' does not exist.")
				return
			}
			recs = append(recs, rec)
		}
	} else {
		recs = cat.Records
	}
	accept := acceptedType(r.Header.Get("Accept"))
	switch {
	case accept == mtSwagger:
		b, _ := openAPI(cat, base, recs).MarshalJSON()
		writeRaw(w, http.StatusOK, mtSwagger, b)
	case typ != "":
		b, _ := recordSchema(cat, base, recs[0]).MarshalJSON()
		writeRaw(w, http.StatusOK, mtSchema, b)
	default:
		items := make([]jsonObject, 0, len(recs))
		for _, rec := range recs {
			href := base + "/metadata-catalog/" + rec.REST
			items = append(items, jsonObject{{"name", rec.REST}, {"links", []map[string]string{
				{"rel": "canonical", "href": href, "mediaType": "application/json"},
				{"rel": "alternate", "href": href, "mediaType": mtSwagger},
				{"rel": "alternate", "href": href, "mediaType": mtSchema},
			}}})
		}
		u := core.RequestURL(r)
		b, _ := jsonObject{{"items", items}, {"links", selfLinks(u.String())}}.MarshalJSON()
		writeRaw(w, http.StatusOK, "application/json; charset=UTF-8", b)
	}
}

// acceptedType picks schema+json or swagger+json from an Accept header.
func acceptedType(h string) string {
	for _, part := range strings.Split(h, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && (mt == mtSchema || mt == mtSwagger) {
			return mt
		}
	}
	return ""
}

// fieldSchema is the JSON Schema of one field.
func fieldSchema(base string, f catalog.Field) jsonObject {
	o := jsonObject{{"title", f.REST}}
	switch f.Type {
	case catalog.Integer:
		o = append(o, kv{"type", "integer"}, kv{"format", "int64"})
	case catalog.Float:
		o = append(o, kv{"type", "number"}, kv{"format", "double"})
	case catalog.Boolean:
		o = append(o, kv{"type", "boolean"})
	case catalog.Date:
		o = append(o, kv{"type", "string"}, kv{"format", "date"})
	case catalog.DateTime:
		o = append(o, kv{"type", "string"}, kv{"format", "date-time"})
	case catalog.Reference:
		o = append(o, kv{"type", "object"}, kv{"$ref", base + "/metadata-catalog/nsLink"})
	default:
		o = append(o, kv{"type", "string"})
	}
	if f.Column == "id" && f.REST == "id" {
		o = jsonObject{{"title", "Internal ID"}, {"type", "string"}}
	}
	if !f.NotNull {
		o = append(o, kv{"nullable", true})
	}
	if f.ReadOnly {
		o = append(o, kv{"readOnly", true})
	}
	return o
}

func tableSchema(base string, t *catalog.Table) jsonObject {
	props := jsonObject{{"links", jsonObject{{"title", "Links"}, {"type", "array"}, {"readOnly", true}, {"items", jsonObject{{"$ref", base + "/metadata-catalog/nsLink"}}}}}}
	for _, f := range t.Fields {
		if f.REST != "" {
			props = append(props, kv{f.REST, fieldSchema(base, f)})
		}
	}
	props.sortFields()
	return props
}

// recordSchema is the JSON Schema of a record type.
func recordSchema(cat *catalog.Catalog, base string, rec *catalog.Record) jsonObject {
	props := tableSchema(base, cat.Table(rec.Table))
	for _, sl := range rec.Sublists {
		props = append(props, kv{sl.Name, jsonObject{{"type", "object"}, {"properties", jsonObject{
			{"links", jsonObject{{"type", "array"}, {"readOnly", true}}},
			{"items", jsonObject{{"type", "array"}, {"items", jsonObject{{"type", "object"}, {"properties", tableSchema(base, cat.Table(sl.Table))}}}}},
		}}}})
	}
	props.sortFields()
	return jsonObject{
		{"type", "object"},
		{"properties", props},
		{"x-ns-filterable", filterable(cat, rec)},
	}
}

func filterable(cat *catalog.Catalog, rec *catalog.Record) []string {
	var out []string
	for _, f := range cat.RecordFields(rec) {
		out = append(out, f.REST)
	}
	return out
}

// openAPI is an OpenAPI 3.0 document for recs.
func openAPI(cat *catalog.Catalog, base string, recs []*catalog.Record) jsonObject {
	errResp := jsonObject{{"description", "Error response."}, {"content", jsonObject{{wire.ContentTypeRESTError, jsonObject{{"schema", jsonObject{{"$ref", "#/components/schemas/x-ns-error"}}}}}}}}
	json := func(ref string) jsonObject {
		return jsonObject{{"application/json", jsonObject{{"schema", jsonObject{{"$ref", "#/components/schemas/" + ref}}}}}}
	}
	idParam := jsonObject{{"name", "id"}, {"in", "path"}, {"required", true}, {"description", "Internal identifier, or eid:<external id>"}, {"schema", jsonObject{{"type", "string"}}}}
	paths := jsonObject{}
	schemas := jsonObject{
		{"nsLink", jsonObject{{"type", "object"}, {"properties", jsonObject{
			{"id", jsonObject{{"type", "string"}}}, {"refName", jsonObject{{"type", "string"}}},
			{"externalId", jsonObject{{"type", "string"}}}, {"links", jsonObject{{"type", "array"}, {"items", jsonObject{{"type", "object"}}}}},
		}}}},
		{"x-ns-error", jsonObject{{"type", "object"}, {"properties", jsonObject{
			{"type", jsonObject{{"type", "string"}}}, {"title", jsonObject{{"type", "string"}}}, {"status", jsonObject{{"type", "integer"}}},
			{"o:errorDetails", jsonObject{{"type", "array"}, {"items", jsonObject{{"type", "object"}}}}},
		}}}},
	}
	for _, rec := range recs {
		name := rec.REST
		coll := jsonObject{
			{"get", jsonObject{{"tags", []string{name}}, {"summary", "Get list of records."}, {"parameters", []jsonObject{
				{{"name", "q"}, {"in", "query"}, {"schema", jsonObject{{"type", "string"}}}},
				{{"name", "limit"}, {"in", "query"}, {"schema", jsonObject{{"type", "integer"}, {"default", 1000}}}},
				{{"name", "offset"}, {"in", "query"}, {"schema", jsonObject{{"type", "integer"}, {"default", 0}}}},
			}}, {"responses", jsonObject{{"200", jsonObject{{"description", "List of records."}, {"content", json(name + "Collection")}}}, {"default", errResp}}}}},
			{"post", jsonObject{{"tags", []string{name}}, {"summary", "Insert record."}, {"requestBody", jsonObject{{"content", json(name)}, {"required", true}}},
				{"responses", jsonObject{{"204", jsonObject{{"description", "Inserted record."}}}, {"default", errResp}}}}},
		}
		one := jsonObject{
			{"get", jsonObject{{"tags", []string{name}}, {"summary", "Get record."}, {"parameters", []jsonObject{idParam,
				{{"name", "expandSubResources"}, {"in", "query"}, {"schema", jsonObject{{"type", "boolean"}}}},
				{{"name", "fields"}, {"in", "query"}, {"schema", jsonObject{{"type", "string"}}}},
			}}, {"responses", jsonObject{{"200", jsonObject{{"description", "Retrieved record."}, {"content", json(name)}}}, {"default", errResp}}}}},
			{"patch", jsonObject{{"tags", []string{name}}, {"summary", "Update record."}, {"parameters", []jsonObject{idParam}}, {"requestBody", jsonObject{{"content", json(name)}, {"required", true}}},
				{"responses", jsonObject{{"204", jsonObject{{"description", "Updated record."}}}, {"default", errResp}}}}},
			{"put", jsonObject{{"tags", []string{name}}, {"summary", "Insert or update record."}, {"parameters", []jsonObject{idParam}}, {"requestBody", jsonObject{{"content", json(name)}, {"required", true}}},
				{"responses", jsonObject{{"204", jsonObject{{"description", "Upserted record."}}}, {"default", errResp}}}}},
			{"delete", jsonObject{{"tags", []string{name}}, {"summary", "Remove record."}, {"parameters", []jsonObject{idParam}},
				{"responses", jsonObject{{"204", jsonObject{{"description", "Removed record."}}}, {"default", errResp}}}}},
		}
		paths = append(paths, kv{"/" + name, coll}, kv{"/" + name + "/{id}", one})
		schemas = append(schemas, kv{name, recordSchema(cat, base, rec)}, kv{name + "Collection", jsonObject{{"type", "object"}, {"properties", jsonObject{
			{"links", jsonObject{{"type", "array"}, {"items", jsonObject{{"$ref", "#/components/schemas/nsLink"}}}}},
			{"count", jsonObject{{"type", "integer"}}}, {"hasMore", jsonObject{{"type", "boolean"}}},
			{"items", jsonObject{{"type", "array"}, {"items", jsonObject{{"$ref", "#/components/schemas/nsLink"}}}}},
			{"offset", jsonObject{{"type", "integer"}}}, {"totalResults", jsonObject{{"type", "integer"}}},
		}}}})
	}
	return jsonObject{
		{"openapi", "3.0.1"},
		{"info", jsonObject{{"title", "NetSuite REST Record API"}, {"description", "The NetSuite emulator's record service."}, {"version", "v1"}}},
		{"servers", []jsonObject{{{"url", base}}}},
		{"paths", paths},
		{"components", jsonObject{{"schemas", schemas}}},
	}
}
