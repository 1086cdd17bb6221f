package core

// Hand-written helpers for the two lists every record carries:
// customFieldList (custom fields by script id) and nullFieldList (fields to
// clear on update).

// Base returns the fields every custom field value has (internalId,
// scriptId).
func (b *CustomFieldRefBase) Base() *CustomFieldRefBase { return b }

// base returns f's common fields, or nil for a nil f or a type that does
// not embed CustomFieldRefBase.
func base(f CustomFieldRef) *CustomFieldRefBase {
	if b, ok := f.(interface{ Base() *CustomFieldRefBase }); ok {
		return b.Base()
	}
	return nil
}

// Get returns the custom field of that script id, or nil.
func (l *CustomFieldList) Get(scriptID string) CustomFieldRef {
	if l == nil {
		return nil
	}
	for _, f := range l.CustomField {
		if b := base(f); b != nil && b.ScriptId == scriptID {
			return f
		}
	}
	return nil
}

// Set puts f into the list, replacing the field of the same script id:
//
//	cust.CustomFieldList = cust.CustomFieldList.Set(&core.StringCustomFieldRef{
//		CustomFieldRefBase: core.CustomFieldRefBase{ScriptId: "custentity_notes"}, Value: "VIP"})
//
// It returns the list (a new one when l is nil).
func (l *CustomFieldList) Set(f CustomFieldRef) *CustomFieldList {
	if l == nil {
		l = &CustomFieldList{}
	}
	id := ""
	if b := base(f); b != nil {
		id = b.ScriptId
	}
	for i, old := range l.CustomField {
		if b := base(old); b != nil && id != "" && b.ScriptId == id {
			l.CustomField[i] = f
			return l
		}
	}
	l.CustomField = append(l.CustomField, f)
	return l
}

// ClearFields adds names (body fields such as "phone", or custom fields by
// script id) to the record's nullFieldList: an update then empties them.
func (r *RecordBase) ClearFields(names ...string) {
	if r.NullFieldList == nil {
		r.NullFieldList = &NullField{}
	}
outer:
	for _, n := range names {
		for _, have := range r.NullFieldList.Name {
			if have == n {
				continue outer
			}
		}
		r.NullFieldList.Name = append(r.NullFieldList.Name, n)
	}
}
