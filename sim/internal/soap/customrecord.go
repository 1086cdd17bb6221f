package soap

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/store"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// Custom records over SOAP: getCustomizationId lists the custom record
// types (customRecordType: internalId, scriptId, name), and get of a
// CustomRecordRef (typeId: the type's internal id, the rowid of its
// definition as the customrecordtype view gives it) reads one record as a
// setupCustom:CustomRecord with its custom fields in customFieldList.

// customRecordType is a custom record type with its internal id.
type customRecordType struct {
	id  int64
	def store.CustomRecordType
}

// customRecordTypes lists the account's custom record types by script id.
func (s *Service) customRecordTypes(c *opCall) ([]customRecordType, error) {
	rows, err := s.Store.DB().QueryContext(c.r.Context(), `SELECT rowid, definition FROM acct_custom_record_type ORDER BY script_id`)
	if err != nil {
		if core.IsNoTable(err) {
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var out []customRecordType
	for rows.Next() {
		var t customRecordType
		var def string
		if err := rows.Scan(&t.id, &def); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(def), &t.def); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// opCustomizationID answers getCustomizationId for customRecordType; the
// other customization types are not implemented.
func (s *Service) opCustomizationID(c *opCall) (wire.BodyFunc, error) {
	if c.req.customizationType != "customRecordType" {
		return nil, &wire.SOAPFault{Kind: wire.KindUnexpectedError, Code: wire.FaultUnexpectedError,
			Message: vocab.EmulatorNotImplemented + "getCustomizationId for '" + c.req.customizationType + "' yet; it lists customRecordType."}
	}
	types, err := s.customRecordTypes(c)
	if err != nil {
		return nil, err
	}
	ns := c.ns
	var b bodyLines
	b.add(0, `<getCustomizationIdResponse xmlns="`, ns.Messages, `">`)
	b.add(1, `<platformCore:getCustomizationIdResult xmlns:platformCore="`, ns.Core, `">`)
	b.status(2, wire.Status{IsSuccess: true}, "")
	b.add(2, `<platformCore:totalRecords>`, strconv.Itoa(len(types)), `</platformCore:totalRecords>`)
	b.add(2, `<platformCore:customizationRefList>`)
	for _, t := range types {
		b.add(3, `<platformCore:customizationRef internalId="`, strconv.FormatInt(t.id, 10), `" scriptId="`, xmlAttr(t.def.ScriptID), `" type="customRecordType">`)
		b.add(4, `<platformCore:name>`, xmlText(t.def.Name), `</platformCore:name>`)
		b.add(3, `</platformCore:customizationRef>`)
	}
	b.add(2, `</platformCore:customizationRefList>`)
	b.add(1, `</platformCore:getCustomizationIdResult>`)
	b.add(0, `</getCustomizationIdResponse>`)
	return b.body(), nil
}

// opGetCustomRecord answers get of a CustomRecordRef.
func (s *Service) opGetCustomRecord(c *opCall) (wire.BodyFunc, error) {
	ref, ns := c.req.baseRef, c.ns
	notFound := readResponse(ns, wire.ErrorStatus("RCRD_DSNT_EXIST", msgRecordNotFound), nil)
	types, err := s.customRecordTypes(c)
	if err != nil {
		return nil, err
	}
	var t *customRecordType
	for i := range types {
		if strconv.FormatInt(types[i].id, 10) == strings.TrimSpace(ref.TypeID) {
			t = &types[i]
		}
	}
	if t == nil {
		return notFound, nil
	}
	if p := t.def.Permission(); p != "" && !c.l.Perms.Has(p, vocab.LevelView) {
		return readResponse(ns, wire.ErrorStatus(string(wire.FaultInsufficientPermission),
			wire.SOAPPermissionViolation(p, false)), nil), nil
	}
	id, err := s.soapRecordID(c.r.Context(), t.def.ScriptID, ref)
	var row map[string]any
	if err == nil {
		row, err = s.ReadRow(c.r.Context(), t.def.ScriptID, id)
	}
	if errors.Is(err, sql.ErrNoRows) || core.IsNoTable(err) {
		return notFound, nil
	}
	if err != nil {
		return nil, err
	}
	return readResponse(ns, wire.Status{IsSuccess: true}, customRecordLines(ns, t, id, row)), nil
}

// customRecordLines writes a custom record in the order of the
// CustomRecord type's sequence (setup.customization.xsd): isInactive,
// created, lastModified, name, owner, recType, customFieldList.
func customRecordLines(ns wire.Namespaces, t *customRecordType, id int64, row map[string]any) []string {
	uri, _ := ns.URI("setupCustom")
	open := `<record internalId="` + strconv.FormatInt(id, 10) + `"`
	if ext, ok := row["externalid"].(string); ok && ext != "" {
		open += ` externalId="` + xmlAttr(ext) + `"`
	}
	open += ` xsi:type="setupCustom:CustomRecord" xmlns:setupCustom="` + uri + `" xmlns:platformCore="` + ns.Core + `">`
	lines := []string{open}
	field := func(name string, v any, kind soapFieldKind) {
		if s, ok := soapValue(v, kind); ok {
			lines = append(lines, "  <setupCustom:"+name+">"+xmlText(s)+"</setupCustom:"+name+">")
		}
	}
	field("isInactive", row["isinactive"], kindBool)
	field("created", row["created"], kindDateTime)
	field("lastModified", row["lastmodified"], kindDateTime)
	field("name", row["name"], kindText)
	if owner, ok := soapValue(row["owner"], kindText); ok && owner != "" {
		lines = append(lines, `  <setupCustom:owner internalId="`+xmlAttr(owner)+`"/>`)
	}
	lines = append(lines, `  <setupCustom:recType internalId="`+strconv.FormatInt(t.id, 10)+`">`,
		`    <platformCore:name>`+xmlText(t.def.Name)+`</platformCore:name>`, `  </setupCustom:recType>`)
	var custom []string
	for _, f := range t.def.Fields {
		v := row[f.ScriptID]
		if v == nil {
			continue
		}
		typ, kind := "StringCustomFieldRef", kindText
		switch f.Type {
		case store.FieldInteger:
			typ = "LongCustomFieldRef"
		case store.FieldDecimal, store.FieldCurrency, store.FieldPercent:
			typ, kind = "DoubleCustomFieldRef", kindDouble
		case store.FieldDate, store.FieldDateTime:
			typ, kind = "DateCustomFieldRef", kindDateTime
		case store.FieldCheckbox:
			typ, kind = "BooleanCustomFieldRef", kindBool
		case store.FieldSelect:
			typ = "SelectCustomFieldRef"
		}
		if d, ok := v.(string); ok && f.Type == store.FieldDate && len(d) == len(time.DateOnly) {
			v = d + " 00:00:00"
		}
		s, ok := soapValue(v, kind)
		if !ok {
			continue
		}
		open := `    <platformCore:customField scriptId="` + xmlAttr(f.ScriptID) + `" xsi:type="platformCore:` + typ + `">`
		if f.Type == store.FieldSelect {
			custom = append(custom, open+`<platformCore:value internalId="`+xmlAttr(s)+`"/></platformCore:customField>`)
		} else {
			custom = append(custom, open+`<platformCore:value>`+xmlText(s)+`</platformCore:value></platformCore:customField>`)
		}
	}
	if len(custom) > 0 {
		lines = append(lines, `  <setupCustom:customFieldList>`)
		lines = append(lines, custom...)
		lines = append(lines, `  </setupCustom:customFieldList>`)
	}
	return append(lines, "</record>")
}
