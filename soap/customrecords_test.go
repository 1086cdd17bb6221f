package soap

import (
	"context"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
	"github.com/go-netsuite/netsuite/soap/types/setup/customization"
)

// customRecordFake answers getCustomizationId with two custom record types
// (customrecord_region 12, customrecord_team 14) and get of a
// CustomRecordRef with record 5 of type 12, in NetSuite's response shapes.
func customRecordFake(t *testing.T) (*Service, *fakeNS) {
	return newFake(t, func(c call) (int, string) {
		switch c.action {
		case "getCustomizationId":
			return 200, `<getCustomizationIdResponse ` + msgNS + `><c:getCustomizationIdResult><c:status isSuccess="true"/><c:totalRecords>2</c:totalRecords><c:customizationRefList>` +
				`<c:customizationRef internalId="12" scriptId="customrecord_region" type="customRecordType"><c:name>Region</c:name></c:customizationRef>` +
				`<c:customizationRef internalId="14" scriptId="customrecord_team" type="customRecordType"><c:name>Team</c:name></c:customizationRef>` +
				`</c:customizationRefList></c:getCustomizationIdResult></getCustomizationIdResponse>`
		case "get":
			var req messages.GetRequest
			decodeBody(t, c.body, &req)
			ref, ok := req.BaseRef.(*core.CustomRecordRef)
			if ok && ref.TypeId == "13" { // a record type no linked package knows
				return 200, `<getResponse ` + msgNS + `><readResponse><c:status isSuccess="true"/>` +
					`<record internalId="7" xsi:type="x:NoSuchRecord" xmlns:x="urn:nosuch_2025_2.lists.webservices.netsuite.com"><x:name>?</x:name></record></readResponse></getResponse>`
			}
			if !ok || ref.TypeId != "12" || (ref.InternalId != "5" && ref.ExternalId != "REGION-N") {
				return 200, `<getResponse ` + msgNS + `><readResponse><c:status isSuccess="false"><c:statusDetail type="ERROR"><c:code>RCRD_DSNT_EXIST</c:code>` +
					`<c:message>That record does not exist.</c:message></c:statusDetail></c:status></readResponse></getResponse>`
			}
			return 200, `<getResponse ` + msgNS + `><readResponse><c:status isSuccess="true"/>` +
				`<record internalId="5" externalId="REGION-N" xsi:type="setupCustom:CustomRecord" xmlns:setupCustom="urn:customization_2025_2.setup.webservices.netsuite.com">` +
				`<setupCustom:isInactive>false</setupCustom:isInactive><setupCustom:name>North</setupCustom:name>` +
				`<setupCustom:recType internalId="12"><c:name>Region</c:name></setupCustom:recType>` +
				`<setupCustom:customFieldList><c:customField internalId="1301" scriptId="custrecord_region_code" xsi:type="c:StringCustomFieldRef"><c:value>N</c:value></c:customField></setupCustom:customFieldList>` +
				`</record></readResponse></getResponse>`
		}
		return 500, `<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>unexpected ` + c.action + `</faultstring></soapenv:Fault>`
	})
}

func TestCustomRecordTypeIDAndGet(t *testing.T) {
	svc, f := customRecordFake(t)
	ctx := context.Background()
	for _, c := range []struct{ in, want, err string }{
		{"12", "12", ""},
		{"customrecord_region", "12", ""},
		{"CustomRecord_Team", "14", ""},
		{"customrecord_regoin", "", "no custom record type customrecord_regoin (did you mean customrecord_region?)"},
		{"customrecord_x", "", "no custom record type customrecord_x; the account has 2 custom record types"},
		{"custom record", "", "give its internal id (such as 12) or its script id"},
		{"", "", "give its internal id"},
	} {
		got, err := svc.CustomRecordTypeID(ctx, c.in)
		if got != c.want || (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%q: %q %v, want %q %q", c.in, got, err, c.want, c.err)
		}
	}
	var sent messages.GetCustomizationIdRequest
	decodeBody(t, f.calls[0].body, &sent)
	if sent.CustomizationType.GetCustomizationType != core.GetCustomizationTypeCustomRecordType || !sent.IncludeInactives {
		t.Errorf("getCustomizationId sent %+v", sent)
	}
	// A numeric type id needs no request.
	if n := len(f.calls); n != 4 {
		t.Errorf("%d getCustomizationId calls, want 4", n)
	}

	for _, ref := range []*core.CustomRecordRef{{InternalId: "5", TypeId: "12"}, {ExternalId: "REGION-N", TypeId: "12"}} {
		rec, err := svc.GetRecord(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		cr, ok := rec.(*customization.CustomRecord)
		if !ok || cr.InternalId != "5" || *cr.Name != "North" || cr.RecType.InternalId != "12" ||
			cr.CustomFieldList.Get("custrecord_region_code").(*core.StringCustomFieldRef).Value != "N" {
			t.Errorf("record %#v", rec)
		}
	}
	if !strings.Contains(string(f.calls[len(f.calls)-1].body), `xsi:type="platformCore:CustomRecordRef" externalId="REGION-N" typeId="12"`) {
		t.Errorf("get sent %s", f.calls[len(f.calls)-1].body)
	}
	if _, err := svc.GetRecord(ctx, &core.CustomRecordRef{InternalId: "6", TypeId: "12"}); err == nil || !strings.Contains(err.Error(), "RCRD_DSNT_EXIST") {
		t.Errorf("missing custom record: %v", err)
	}
	if rec, err := svc.GetRecord(ctx, &core.CustomRecordRef{InternalId: "7", TypeId: "13"}); err == nil || !strings.Contains(err.Error(), "cannot decode") {
		t.Errorf("a record of an unknown type: %v, %v; want an error, not a nil record", rec, err)
	}
}
