package soap

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-netsuite/netsuite/soap/internal/wire"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
)

// Criterion is one basic search criterion by name: Field is a field of the
// record's <Type>SearchBasic (such as "companyName"), Operator one of its
// operators ("startsWith", "anyOf", "between", …) and Value its value.
// Values of multi-select fields are comma-separated (internal ids, or enum
// values); the two values of between, notBetween, within and notWithin are
// separated by a comma; dates are YYYY-MM-DD or RFC 3339, or a predefined
// value such as "thisMonth" with within.
type Criterion struct {
	Field, Operator, Value string
}

// SearchSpec names a search by strings: the record type (the RecordRef type,
// such as "customer" or "contact"), basic criteria, basic columns to return
// (an advanced search returning rows), and a saved search (its internal id,
// or a script id such as customsearch_x).
type SearchSpec struct {
	RecordType string
	Where      []Criterion
	Columns    []string
	Saved      string
}

// Rows reports whether the search returns rows (an advanced or saved search)
// rather than records.
func (s SearchSpec) Rows() bool { return len(s.Columns) > 0 || s.Saved != "" }

// BuildSearch builds the search record of spec: the record type's
// <Type>SearchBasic for criteria only, or its <Type>SearchAdvanced for
// columns or a saved search. Errors name the field, operator or value that
// is wrong and list what is allowed.
func BuildSearch(spec SearchSpec) (core.SearchRecord, error) {
	t := spec.RecordType
	if t == "" {
		return nil, fmt.Errorf("soap: no record type to search")
	}
	name := strings.ToUpper(t[:1]) + t[1:]
	adv, ok := wire.Find(name + "SearchAdvanced")
	if !ok {
		return nil, fmt.Errorf("soap: no SOAP search for record type %q (there is no %sSearchAdvanced); transactions are searched as type transaction (--where \"type anyOf _salesOrder\")", t, name)
	}
	advV := reflect.New(adv)
	criteriaF, ok1 := adv.FieldByName("Criteria")
	columnsF, ok2 := adv.FieldByName("Columns")
	if !ok1 || !ok2 || criteriaF.Type.Kind() != reflect.Pointer || columnsF.Type.Kind() != reflect.Pointer {
		return nil, fmt.Errorf("soap: %s has no criteria and columns this client can set", adv.Name())
	}
	searchT := criteriaF.Type.Elem()
	basicF, ok := searchT.FieldByName("Basic")
	if !ok || basicF.Type.Kind() != reflect.Pointer {
		return nil, fmt.Errorf("soap: %s has no basic criteria", searchT.Name())
	}
	basicV := reflect.New(basicF.Type.Elem())
	for _, c := range spec.Where {
		if err := setCriterion(basicV.Elem(), c); err != nil {
			return nil, err
		}
	}
	if !spec.Rows() {
		sr, ok := basicV.Interface().(core.SearchRecord)
		if !ok {
			return nil, fmt.Errorf("soap: %s is not a search record", basicV.Elem().Type().Name())
		}
		return sr, nil
	}
	a := advV.Elem()
	if len(spec.Where) > 0 {
		s := reflect.New(searchT)
		s.Elem().FieldByName("Basic").Set(basicV)
		a.FieldByName("Criteria").Set(s)
	}
	if spec.Saved != "" {
		if _, err := strconv.Atoi(spec.Saved); err == nil {
			a.FieldByName("SavedSearchId").SetString(spec.Saved)
		} else {
			a.FieldByName("SavedSearchScriptId").SetString(spec.Saved)
		}
	}
	if len(spec.Columns) > 0 {
		rowT := columnsF.Type.Elem()
		rb, ok := rowT.FieldByName("Basic")
		if !ok || rb.Type.Kind() != reflect.Pointer {
			return nil, fmt.Errorf("soap: %s has no basic columns", rowT.Name())
		}
		rbV := reflect.New(rb.Type.Elem())
		for _, col := range spec.Columns {
			f, ok := fieldByTag(rbV.Elem(), col)
			if !ok || f.Kind() != reflect.Slice {
				return nil, fmt.Errorf("soap: %s has no column %q; the columns are: %s", rb.Type.Elem().Name(), col, strings.Join(tagNames(rb.Type.Elem()), ", "))
			}
			f.Set(reflect.Append(f, reflect.New(f.Type().Elem().Elem())))
		}
		row := reflect.New(rowT)
		row.Elem().FieldByName("Basic").Set(rbV)
		a.FieldByName("Columns").Set(row)
	}
	sr, ok := advV.Interface().(core.SearchRecord)
	if !ok {
		return nil, fmt.Errorf("soap: %s is not a search record", adv.Name())
	}
	return sr, nil
}

// fieldByTag returns the field of struct v whose soap tag is name.
func fieldByTag(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("soap"), ",")
		if tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func tagNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag, opts, _ := strings.Cut(t.Field(i).Tag.Get("soap"), ",")
		if tag != "" && !strings.Contains(opts, "attr") {
			names = append(names, tag)
		}
	}
	sort.Strings(names)
	return names
}

var twoValues = map[string]bool{"between": true, "notBetween": true, "within": true, "notWithin": true}

// setCriterion sets the field c.Field of a <Type>SearchBasic.
func setCriterion(basic reflect.Value, c Criterion) error {
	f, ok := fieldByTag(basic, c.Field)
	if !ok || f.Kind() != reflect.Pointer {
		return fmt.Errorf("soap: %s has no search field %q; the fields are: %s", basic.Type().Name(), c.Field, strings.Join(tagNames(basic.Type()), ", "))
	}
	fv := reflect.New(f.Type().Elem())
	bad := func(err error) error {
		return fmt.Errorf("soap: search field %s (%s): value %q: %v", c.Field, fv.Elem().Type().Name(), c.Value, err)
	}
	values := []string{c.Value}
	if twoValues[c.Operator] {
		values = strings.SplitN(c.Value, ",", 2)
	}
	switch x := fv.Interface().(type) {
	case *core.SearchBooleanField:
		if c.Operator != "is" {
			return fmt.Errorf("soap: search field %s is a boolean: its only operator is is (%s is true)", c.Field, c.Field)
		}
		b, err := strconv.ParseBool(c.Value)
		if err != nil {
			return bad(err)
		}
		x.SearchValue = &b
	case *core.SearchStringField:
		x.Operator = core.SearchStringFieldOperator(c.Operator)
		if c.Value != "" { // empty and notEmpty take no value
			x.SearchValue = &c.Value
		}
	case *core.SearchTextNumberField:
		x.Operator = core.SearchTextNumberFieldOperator(c.Operator)
		x.SearchValue = &values[0]
		if len(values) > 1 {
			x.SearchValue2 = &values[1]
		}
	case *core.SearchLongField:
		x.Operator = core.SearchLongFieldOperator(c.Operator)
		for i, s := range values {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return bad(err)
			}
			if i == 0 {
				x.SearchValue = &n
			} else {
				x.SearchValue2 = &n
			}
		}
	case *core.SearchDoubleField:
		x.Operator = core.SearchDoubleFieldOperator(c.Operator)
		for i, s := range values {
			n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return bad(err)
			}
			if i == 0 {
				x.SearchValue = &n
			} else {
				x.SearchValue2 = &n
			}
		}
	case *core.SearchDateField:
		x.Operator = core.SearchDateFieldOperator(c.Operator)
		if len(values) == 1 && !strings.ContainsAny(c.Value, "0123456789") && c.Value != "" {
			p := core.SearchDate(c.Value)
			x.PredefinedSearchValue = &p
			break
		}
		for i, s := range values {
			s = strings.TrimSpace(s)
			d, err := time.Parse(time.RFC3339, s)
			if err != nil {
				if d, err = time.Parse(time.DateOnly, s); err != nil {
					return bad(fmt.Errorf("not a date: give YYYY-MM-DD, RFC 3339, or a predefined value such as thisMonth"))
				}
			}
			if i == 0 {
				x.SearchValue = &d
			} else {
				x.SearchValue2 = &d
			}
		}
	case *core.SearchMultiSelectField:
		x.Operator = core.SearchMultiSelectFieldOperator(c.Operator)
		for _, id := range strings.Split(c.Value, ",") {
			x.SearchValue = append(x.SearchValue, &core.RecordRef{InternalId: strings.TrimSpace(id)})
		}
	case *core.SearchEnumMultiSelectField:
		x.Operator = core.SearchEnumMultiSelectFieldOperator(c.Operator)
		for _, v := range strings.Split(c.Value, ",") {
			x.SearchValue = append(x.SearchValue, strings.TrimSpace(v))
		}
	default:
		return fmt.Errorf("soap: search field %s is a %s, which --where cannot set", c.Field, fv.Elem().Type().Name())
	}
	f.Set(fv)
	return nil
}
