package soap

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
)

// Custom records are named by a CustomRecordRef (platform.core.xsd): the
// record's internalId or externalId, and its custom record type's
// internal id in typeId. A get by RecordRef with type customRecord is
// refused; the record read is a customization.CustomRecord (import
// soap/types/setup/customization so that the response decodes).
//
//	typeID, err := svc.CustomRecordTypeID(ctx, "customrecord_region")
//	rec, err := svc.GetRecord(ctx, &core.CustomRecordRef{InternalId: "5", TypeId: typeID})
//	region := rec.(*customization.CustomRecord)

// CustomRecordTypeID returns the internal id of a custom record type named
// by its internal id ("12", returned as it is) or by its script id
// ("customrecord_region", case-insensitive), which getCustomizationId
// (customRecordType, inactive types included) resolves. A script id no
// type has is an error listing the close ones.
func (s *Service) CustomRecordTypeID(ctx context.Context, typ string, opts ...CallOption) (string, error) {
	typ = strings.TrimSpace(typ)
	if internalIDRE.MatchString(typ) {
		return typ, nil
	}
	if !fieldNameRE.MatchString(typ) || strings.Contains(typ, ".") {
		return "", fmt.Errorf("soap: custom record type %q: give its internal id (such as 12) or its script id (such as customrecord_region)", typ)
	}
	r, err := s.GetCustomizationId(ctx, &messages.GetCustomizationIdRequest{
		CustomizationType: &core.CustomizationType{GetCustomizationType: core.GetCustomizationTypeCustomRecordType}, IncludeInactives: true}, opts...)
	if err != nil {
		return "", err
	}
	res := r.GetCustomizationIdResult
	if res == nil {
		return "", fmt.Errorf("soap: getCustomizationId: the response has no getCustomizationIdResult")
	}
	if err := statusError("getCustomizationId", res.Status); err != nil {
		return "", err
	}
	var ids []string
	if res.CustomizationRefList != nil {
		for _, ref := range res.CustomizationRefList.CustomizationRef {
			if ref == nil {
				continue
			}
			if strings.EqualFold(ref.ScriptId, typ) {
				if ref.InternalId == "" {
					return "", fmt.Errorf("soap: getCustomizationId names custom record type %s without its internal id", ref.ScriptId)
				}
				return ref.InternalId, nil
			}
			ids = append(ids, ref.ScriptId)
		}
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("soap: no custom record type %s: the account has no custom record types the role can see", typ)
	}
	return "", fmt.Errorf("soap: no custom record type %s%s; the account has %d custom record types (getCustomizationId customRecordType)",
		typ, didYouMean(typ, ids), len(ids))
}
