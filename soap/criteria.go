package soap

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-netsuite/netsuite/soap/internal/wire"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
)

// Criterion is one search criterion by name. Field is one of:
//
//   - a field of the record's <Type>SearchBasic, such as "companyName";
//   - a custom field by script id, such as "custentity_region" (any name
//     starting with "cust" that is not a field of the basic search): a
//     criterion of the search's customFieldList, whose type (string, select,
//     boolean, date, long or double) SearchSpec.CustomTypes gives or the
//     operator and value imply;
//   - JOIN.FIELD, a field (or custom field) of a joined record, such as
//     "salesRep.email" (CustomerSearch's salesRepJoin, an EmployeeSearchBasic).
//
// Operator is one of the field type's operators ("startsWith", "anyOf",
// "between", …) and Value its value. Values of multi-select fields are
// comma-separated (internal ids, or enum values); the two values of
// between, notBetween, within and notWithin are separated by a comma; dates
// are YYYY-MM-DD or RFC 3339, or a predefined value such as "thisMonth"
// with within.
type Criterion struct {
	Field, Operator, Value string
}

// SearchSpec names a search by strings: the record type (the RecordRef type,
// such as "customer" or "contact"), criteria, basic columns to return
// (an advanced search returning rows), and a saved search (its internal id,
// or a script id such as customsearch_x).
type SearchSpec struct {
	RecordType string
	Where      []Criterion
	Columns    []string
	Saved      string
	// CustomTypes gives the type of custom fields of Where by script id:
	// "string", "select" (select and multi-select fields, searched by
	// internal ids with anyOf or noneOf), "boolean", "date", "long" or
	// "double". A custom field not named here gets the type its operator
	// and value imply (anyOf: select; is true: boolean; startsWith: string;
	// within: date; greaterThan 5: long; greaterThan 0.5: double).
	CustomTypes map[string]string
}

// CustomFieldTypes are the types of SearchSpec.CustomTypes.
var CustomFieldTypes = []string{"string", "select", "boolean", "date", "long", "double"}

// Rows reports whether the search returns rows (an advanced or saved search)
// rather than records.
func (s SearchSpec) Rows() bool { return len(s.Columns) > 0 || s.Saved != "" }

// ParseCriterion reads a criterion written "FIELD OPERATOR VALUE" (as
// netsuite soap search --where takes it), such as "companyName startsWith
// Acme Inc", "salesRep.email contains @acme.com" or "email notEmpty": the
// value is the rest of the text after the operator, inner spaces kept.
func ParseCriterion(s string) (Criterion, error) {
	rest := strings.TrimSpace(s)
	next := func() string {
		i := strings.IndexFunc(rest, unicode.IsSpace)
		if i < 0 {
			i = len(rest)
		}
		tok := rest[:i]
		rest = strings.TrimSpace(rest[i:])
		return tok
	}
	c := Criterion{Field: next(), Operator: next(), Value: rest}
	if c.Operator == "" {
		return c, fmt.Errorf("soap: criterion %q: give FIELD OPERATOR VALUE in one argument, such as 'companyName startsWith Acme' or 'salesRep.email contains @acme.com'", s)
	}
	if !fieldNameRE.MatchString(c.Field) {
		return c, fmt.Errorf("soap: criterion %q: %q is not a field name (a field such as companyName, a custom field such as custentity_region, or JOIN.FIELD such as salesRep.email)", s, c.Field)
	}
	if !operatorRE.MatchString(c.Operator) {
		return c, fmt.Errorf("soap: criterion %q: %q is not an operator (such as is, startsWith, anyOf, between, within)", s, c.Operator)
	}
	return c, nil
}

var (
	fieldNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)
	operatorRE  = regexp.MustCompile(`^[A-Za-z]+$`)
)

// BuildSearch builds the search record of spec: the record type's
// <Type>SearchBasic for criteria on its own fields only, its <Type>Search
// when a criterion is on a joined record, or its <Type>SearchAdvanced for
// columns or a saved search. Errors name the field, join, operator or
// value that is wrong and list close valid names.
func BuildSearch(spec SearchSpec) (core.SearchRecord, error) {
	t := spec.RecordType
	if t == "" {
		return nil, fmt.Errorf("soap: no record type to search")
	}
	name := strings.ToUpper(t[:1]) + t[1:]
	adv, ok := wire.Find(name + "SearchAdvanced")
	if !ok {
		return nil, fmt.Errorf("soap: no SOAP search for record type %q (no %sSearchAdvanced is known: the record type is wrong, or its package soap/types/… is not imported in this program); transactions are searched as type transaction (--where \"type anyOf _salesOrder\")", t, name)
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
	searchV := reflect.New(searchT)
	basicV := reflect.New(basicF.Type.Elem())
	joined, onBasic := false, false
	used := map[string]bool{}
	for _, c := range spec.Where {
		target, join := basicV, ""
		if j, field, ok := strings.Cut(c.Field, "."); ok {
			join = j
			f, ok := fieldByTag(searchV.Elem(), join+"Join")
			if !ok || f.Kind() != reflect.Pointer || f.Type().Elem().Kind() != reflect.Struct {
				return nil, fmt.Errorf("soap: %s has no join %q (in %s)%s", searchT.Name(), join, c.Field, orList(join, "joins", joinNames(searchT)))
			}
			if f.IsNil() {
				f.Set(reflect.New(f.Type().Elem()))
			}
			target, joined = f, true
			c.Field = field
		} else {
			onBasic = true
		}
		ct := spec.CustomTypes[c.Field]
		used[c.Field] = true
		if err := setCriterion(target.Elem(), c, ct); err != nil {
			if join != "" {
				return nil, fmt.Errorf("soap: join %s: %s", join, strings.TrimPrefix(err.Error(), "soap: "))
			}
			return nil, err
		}
	}
	for f, ct := range spec.CustomTypes {
		if !used[f] {
			return nil, fmt.Errorf("soap: a type (%s) is given for custom field %s, but no criterion names it", ct, f)
		}
	}
	if onBasic || !joined {
		searchV.Elem().FieldByName("Basic").Set(basicV)
	}
	if !spec.Rows() {
		v := basicV
		if joined {
			v = searchV
		}
		sr, ok := v.Interface().(core.SearchRecord)
		if !ok {
			return nil, fmt.Errorf("soap: %s is not a search record", v.Elem().Type().Name())
		}
		return sr, nil
	}
	a := advV.Elem()
	if len(spec.Where) > 0 {
		a.FieldByName("Criteria").Set(searchV)
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
				return nil, fmt.Errorf("soap: %s has no column %q%s", rb.Type.Elem().Name(), col, orList(col, "columns", tagNames(rb.Type.Elem())))
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
		if tag != "" && !strings.Contains(opts, "attr") && tag != "customFieldList" {
			names = append(names, tag)
		}
	}
	sort.Strings(names)
	return names
}

// joinNames are the joins of a <Type>Search: its fields named xJoin (one
// record each), without the Join suffix.
func joinNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("soap"), ",")
		if j, ok := strings.CutSuffix(tag, "Join"); ok && f.Type.Kind() == reflect.Pointer {
			names = append(names, j)
		}
	}
	sort.Strings(names)
	return names
}

// orList is " (did you mean a, b?)" naming the names close to name, or,
// when none is close, "; the WHAT are: " and every name.
func orList(name, what string, names []string) string {
	if c := didYouMean(name, names); c != "" {
		return c
	}
	return "; the " + what + " are: " + strings.Join(names, ", ")
}

// didYouMean is " (did you mean a, b?)" naming the names close to name, or
// "".
func didYouMean(name string, names []string) string {
	c := closeNames(name, names)
	if len(c) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(c, ", ") + "?)"
}

// closeNames returns up to five of names close to name: equal but for
// case, a prefix or part of it (or it of them), or a few edits away.
func closeNames(name string, names []string) []string {
	type scored struct {
		name string
		d    int
	}
	var out []scored
	ln := strings.ToLower(name)
	for _, n := range names {
		l := strings.ToLower(n)
		d := editDistance(ln, l)
		switch {
		case d <= max(1, min(len(ln), len(l))/4):
		case len(ln) >= 3 && len(l) >= 3 && (strings.Contains(l, ln) || strings.Contains(ln, l)):
			d = 100 + abs(len(l)-len(ln))
		default:
			continue
		}
		out = append(out, scored{n, d})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].d < out[j].d })
	var names5 []string
	for i := 0; i < len(out) && i < 5; i++ {
		names5 = append(names5, out[i].name)
	}
	return names5
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the edit distance of a and b (bytes): insertions,
// deletions, substitutions and transpositions of adjacent bytes (optimal
// string alignment).
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

var twoValues = map[string]bool{"between": true, "notBetween": true, "within": true, "notWithin": true}

// The operators of each search field type (platform.coreTypes.xsd).
var (
	stringOps  = []string{"contains", "doesNotContain", "doesNotStartWith", "empty", "hasKeywords", "is", "isNot", "notEmpty", "startsWith"}
	numberOps  = []string{"between", "empty", "equalTo", "greaterThan", "greaterThanOrEqualTo", "lessThan", "lessThanOrEqualTo", "notBetween", "notEmpty", "notEqualTo", "notGreaterThan", "notGreaterThanOrEqualTo", "notLessThan", "notLessThanOrEqualTo"}
	dateOps    = []string{"after", "before", "empty", "notAfter", "notBefore", "notEmpty", "notOn", "notOnOrAfter", "notOnOrBefore", "notWithin", "on", "onOrAfter", "onOrBefore", "within"}
	selectOps  = []string{"anyOf", "noneOf"}
	booleanOps = []string{"is"}
)

// checkOperator reports an operator the field's type does not have.
func checkOperator(field, typ, op string, ops []string) error {
	if slices.Contains(ops, op) {
		return nil
	}
	if len(ops) == 1 {
		return fmt.Errorf("soap: search field %s is a %s: its only operator is %s (%s %s true)", field, typ, ops[0], field, ops[0])
	}
	return fmt.Errorf("soap: search field %s (%s) has no operator %q%s; its operators are: %s", field, typ, op, didYouMean(op, ops), strings.Join(ops, ", "))
}

// valueError is a value the field's type cannot take.
func valueError(c Criterion, typ string, err error) error {
	return fmt.Errorf("soap: search field %s (%s): value %q: %v", c.Field, typ, c.Value, err)
}

// values splits c's value in two for the operators that take two.
func values(c Criterion) []string {
	if twoValues[c.Operator] {
		vs := strings.SplitN(c.Value, ",", 2)
		for i := range vs {
			vs[i] = strings.TrimSpace(vs[i])
		}
		return vs
	}
	return []string{strings.TrimSpace(c.Value)}
}

// noValue reports an operator that takes no value.
func noValue(op string) bool { return op == "empty" || op == "notEmpty" }

func parseLongs(c Criterion, typ string) (v1, v2 *int64, err error) {
	if noValue(c.Operator) {
		return nil, nil, nil
	}
	for i, s := range values(c) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, nil, valueError(c, typ, errors.New("not a whole number"))
		}
		if i == 0 {
			v1 = &n
		} else {
			v2 = &n
		}
	}
	return v1, v2, nil
}

func parseDoubles(c Criterion, typ string) (v1, v2 *float64, err error) {
	if noValue(c.Operator) {
		return nil, nil, nil
	}
	for i, s := range values(c) {
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, nil, valueError(c, typ, errors.New("not a number"))
		}
		if i == 0 {
			v1 = &n
		} else {
			v2 = &n
		}
	}
	return v1, v2, nil
}

// parseDates reads a date criterion's value: a predefined value (such as
// thisMonth) or one or two dates.
func parseDates(c Criterion, typ string) (pre *core.SearchDate, v1, v2 *time.Time, err error) {
	if noValue(c.Operator) {
		return nil, nil, nil, nil
	}
	vs := values(c)
	if len(vs) == 1 && vs[0] != "" && !strings.ContainsAny(vs[0], "0123456789") {
		p := core.SearchDate(vs[0])
		return &p, nil, nil, nil
	}
	for i, s := range vs {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			if d, err = time.Parse(time.DateOnly, s); err != nil {
				return nil, nil, nil, valueError(c, typ, errors.New("not a date: give YYYY-MM-DD, RFC 3339, or a predefined value such as thisMonth"))
			}
		}
		if i == 0 {
			v1 = &d
		} else {
			v2 = &d
		}
	}
	return nil, v1, v2, nil
}

// list splits a comma-separated value.
func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var internalIDRE = regexp.MustCompile(`^-?[0-9]+$`)

// setCriterion sets the criterion c on a <Type>SearchBasic: a field of its
// own, or a custom field of its customFieldList (customType its type, or ""
// to infer it).
func setCriterion(basic reflect.Value, c Criterion, customType string) error {
	f, ok := fieldByTag(basic, c.Field)
	if ok && f.Kind() == reflect.Pointer {
		if customType != "" {
			return fmt.Errorf("soap: %s is a field of %s, not a custom field: it has no custom field type to give", c.Field, basic.Type().Name())
		}
		return setBasicField(f, c)
	}
	if !strings.HasPrefix(c.Field, "cust") {
		msg := orList(c.Field, "fields", tagNames(basic.Type()))
		if strings.HasPrefix(msg, ";") {
			msg += " (and custom fields by script id: custentity_…, custbody_…)"
		}
		return fmt.Errorf("soap: %s has no search field %q%s", basic.Type().Name(), c.Field, msg)
	}
	cfl, ok := fieldByTag(basic, "customFieldList")
	if !ok || cfl.Type() != reflect.TypeOf((*core.SearchCustomFieldList)(nil)) {
		return fmt.Errorf("soap: %s has no custom fields to search (no customFieldList) for %s", basic.Type().Name(), c.Field)
	}
	sf, err := customCriterion(c, customType)
	if err != nil {
		return err
	}
	if cfl.IsNil() {
		cfl.Set(reflect.ValueOf(&core.SearchCustomFieldList{}))
	}
	l := cfl.Interface().(*core.SearchCustomFieldList)
	l.CustomField = append(l.CustomField, sf)
	return nil
}

// setBasicField sets the search field f (a nil pointer of its type) from c.
func setBasicField(f reflect.Value, c Criterion) error {
	fv := reflect.New(f.Type().Elem())
	typ := fv.Elem().Type().Name()
	var err error
	switch x := fv.Interface().(type) {
	case *core.SearchBooleanField:
		if err = checkOperator(c.Field, "boolean", c.Operator, booleanOps); err != nil {
			return err
		}
		b, perr := strconv.ParseBool(c.Value)
		if perr != nil {
			return valueError(c, typ, errors.New("not true or false"))
		}
		x.SearchValue = &b
	case *core.SearchStringField:
		if err = checkOperator(c.Field, typ, c.Operator, stringOps); err != nil {
			return err
		}
		x.Operator = core.SearchStringFieldOperator(c.Operator)
		if c.Value != "" { // empty and notEmpty take no value
			x.SearchValue = &c.Value
		}
	case *core.SearchTextNumberField:
		if err = checkOperator(c.Field, typ, c.Operator, numberOps); err != nil {
			return err
		}
		x.Operator = core.SearchTextNumberFieldOperator(c.Operator)
		if !noValue(c.Operator) {
			vs := values(c)
			x.SearchValue = &vs[0]
			if len(vs) > 1 {
				x.SearchValue2 = &vs[1]
			}
		}
	case *core.SearchLongField:
		if err = checkOperator(c.Field, typ, c.Operator, numberOps); err != nil {
			return err
		}
		x.Operator = core.SearchLongFieldOperator(c.Operator)
		x.SearchValue, x.SearchValue2, err = parseLongs(c, typ)
	case *core.SearchDoubleField:
		if err = checkOperator(c.Field, typ, c.Operator, numberOps); err != nil {
			return err
		}
		x.Operator = core.SearchDoubleFieldOperator(c.Operator)
		x.SearchValue, x.SearchValue2, err = parseDoubles(c, typ)
	case *core.SearchDateField:
		if err = checkOperator(c.Field, typ, c.Operator, dateOps); err != nil {
			return err
		}
		x.Operator = core.SearchDateFieldOperator(c.Operator)
		x.PredefinedSearchValue, x.SearchValue, x.SearchValue2, err = parseDates(c, typ)
	case *core.SearchMultiSelectField:
		if err = checkOperator(c.Field, typ, c.Operator, selectOps); err != nil {
			return err
		}
		x.Operator = core.SearchMultiSelectFieldOperator(c.Operator)
		for _, id := range list(c.Value) {
			x.SearchValue = append(x.SearchValue, &core.RecordRef{InternalId: id})
		}
	case *core.SearchEnumMultiSelectField:
		if err = checkOperator(c.Field, typ, c.Operator, selectOps); err != nil {
			return err
		}
		x.Operator = core.SearchEnumMultiSelectFieldOperator(c.Operator)
		x.SearchValue = list(c.Value)
	default:
		return fmt.Errorf("soap: search field %s is a %s, which --where cannot set", c.Field, typ)
	}
	if err != nil {
		return err
	}
	f.Set(fv)
	return nil
}

// inferCustomType is the type of a custom field criterion given no type:
// the one its operator (and value) imply.
func inferCustomType(c Criterion) (string, error) {
	switch {
	case slices.Contains(selectOps, c.Operator):
		return "select", nil
	case c.Operator == "is" && (strings.EqualFold(c.Value, "true") || strings.EqualFold(c.Value, "false")):
		return "boolean", nil
	case slices.Contains(stringOps, c.Operator):
		return "string", nil // and empty, notEmpty
	case slices.Contains(dateOps, c.Operator):
		return "date", nil
	case slices.Contains(numberOps, c.Operator):
		for _, v := range values(c) {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return "double", nil
			}
		}
		return "long", nil
	}
	all := slices.Concat(stringOps, numberOps, dateOps, selectOps)
	slices.Sort(all)
	all = slices.Compact(all)
	return "", fmt.Errorf("soap: custom field %s: no operator %q%s; the operators are: %s", c.Field, c.Operator, didYouMean(c.Operator, all), strings.Join(all, ", "))
}

// customCriterion is the customFieldList criterion of custom field c.Field
// of type typ (one of CustomFieldTypes, or "" to infer it).
func customCriterion(c Criterion, typ string) (core.SearchCustomField, error) {
	if typ == "" {
		var err error
		if typ, err = inferCustomType(c); err != nil {
			return nil, err
		}
	}
	base := core.SearchCustomFieldBase{ScriptId: c.Field}
	name := "custom " + typ + " field"
	var err error
	switch typ {
	case "string":
		if err = checkOperator(c.Field, name, c.Operator, stringOps); err != nil {
			return nil, err
		}
		f := &core.SearchStringCustomField{SearchCustomFieldBase: base, Operator: core.SearchStringFieldOperator(c.Operator)}
		if c.Value != "" {
			f.SearchValue = &c.Value
		}
		return f, nil
	case "boolean":
		if err = checkOperator(c.Field, name, c.Operator, booleanOps); err != nil {
			return nil, err
		}
		b, perr := strconv.ParseBool(c.Value)
		if perr != nil {
			return nil, valueError(c, name, errors.New("not true or false"))
		}
		return &core.SearchBooleanCustomField{SearchCustomFieldBase: base, SearchValue: &b}, nil
	case "long":
		if err = checkOperator(c.Field, name, c.Operator, numberOps); err != nil {
			return nil, err
		}
		f := &core.SearchLongCustomField{SearchCustomFieldBase: base, Operator: core.SearchLongFieldOperator(c.Operator)}
		f.SearchValue, f.SearchValue2, err = parseLongs(c, name)
		return f, err
	case "double":
		if err = checkOperator(c.Field, name, c.Operator, numberOps); err != nil {
			return nil, err
		}
		f := &core.SearchDoubleCustomField{SearchCustomFieldBase: base, Operator: core.SearchDoubleFieldOperator(c.Operator)}
		f.SearchValue, f.SearchValue2, err = parseDoubles(c, name)
		return f, err
	case "date":
		if err = checkOperator(c.Field, name, c.Operator, dateOps); err != nil {
			return nil, err
		}
		f := &core.SearchDateCustomField{SearchCustomFieldBase: base, Operator: core.SearchDateFieldOperator(c.Operator)}
		f.PredefinedSearchValue, f.SearchValue, f.SearchValue2, err = parseDates(c, name)
		return f, err
	case "select":
		if err = checkOperator(c.Field, name, c.Operator, selectOps); err != nil {
			return nil, err
		}
		f := &core.SearchMultiSelectCustomField{SearchCustomFieldBase: base, Operator: core.SearchMultiSelectFieldOperator(c.Operator)}
		ids := list(c.Value)
		if len(ids) == 0 {
			return nil, valueError(c, name, errors.New("give the internal ids of the values (anyOf 1,2)"))
		}
		for _, id := range ids {
			if !internalIDRE.MatchString(id) {
				return nil, valueError(c, name, fmt.Errorf("%q is not an internal id: a select field is searched by the internal ids of its values (anyOf 1,2)", id))
			}
			f.SearchValue = append(f.SearchValue, &core.ListOrRecordRef{InternalId: id})
		}
		return f, nil
	}
	return nil, fmt.Errorf("soap: custom field %s: no custom field type %q%s; the types are: %s", c.Field, typ, didYouMean(typ, CustomFieldTypes), strings.Join(CustomFieldTypes, ", "))
}
