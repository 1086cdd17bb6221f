package soap

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode"

	_ "github.com/go-netsuite/netsuite/soap/types/lists/accounting"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/employees"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/common"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/sales"
)

func TestBuildSearch(t *testing.T) {
	for _, typ := range []string{"customer", "contact", "vendor", "employee", "item", "transaction", "account"} {
		for _, spec := range []SearchSpec{
			{RecordType: typ},
			{RecordType: typ, Where: []Criterion{{"internalId", "anyOf", "1,2"}}},
			{RecordType: typ, Saved: "customsearch_x"},
			{RecordType: typ, Columns: []string{"internalId"}, Where: []Criterion{{"internalId", "anyOf", "1"}}},
		} {
			sr, err := BuildSearch(spec)
			if err != nil || sr == nil {
				t.Errorf("%+v: %v", spec, err)
			}
		}
	}
	sr, err := BuildSearch(SearchSpec{RecordType: "customer", Where: []Criterion{
		{"companyName", "startsWith", "Acme Inc"}, {"isInactive", "is", "false"}, {"balance", "between", "1.5, 10"},
		{"dateCreated", "after", "2025-01-02"}, {"stage", "anyOf", "_customer,_lead"}, {"email", "notEmpty", ""}}})
	if err != nil {
		t.Fatal(err)
	}
	b := sr.(*common.CustomerSearchBasic)
	if *b.CompanyName.SearchValue != "Acme Inc" || b.CompanyName.Operator != "startsWith" || *b.IsInactive.SearchValue ||
		*b.Balance.SearchValue2 != 10 || b.DateCreated.SearchValue.Day() != 2 || len(b.Stage.SearchValue) != 2 ||
		b.Email.Operator != "notEmpty" || b.Email.SearchValue != nil {
		t.Errorf("basic %+v", b)
	}
	sr, err = BuildSearch(SearchSpec{RecordType: "customer", Saved: "12", Columns: []string{"entityId"}})
	if a, ok := sr.(*relationships.CustomerSearchAdvanced); err != nil || !ok || a.SavedSearchId != "12" || len(a.Columns.Basic.EntityId) != 1 || a.Criteria != nil {
		t.Errorf("advanced %+v %v", sr, err)
	}
	for _, c := range []struct {
		spec SearchSpec
		want string
	}{
		{SearchSpec{}, "no record type"},
		{SearchSpec{RecordType: "nothing"}, "no SOAP search"},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"nope", "is", "x"}}}, `no search field "nope"`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"balance", "greaterThan", "lots"}}}, `value "lots"`},
		{SearchSpec{RecordType: "customer", Columns: []string{"nope"}}, `no column "nope"`},
	} {
		if _, err := BuildSearch(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestJSONValueNaN(t *testing.T) {
	v := JSONValue(&core.SearchDoubleField{SearchValue: ptrF(math.NaN())})
	if _, err := json.Marshal(v); err != nil {
		t.Error(err)
	}
}

func ptrF(f float64) *float64 { return &f }

func TestParseCriterion(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Criterion
	}{
		{"companyName startsWith Acme Inc", Criterion{"companyName", "startsWith", "Acme Inc"}},
		{"  email\tnotEmpty  ", Criterion{"email", "notEmpty", ""}},
		{"salesRep.email contains @acme.com", Criterion{"salesRep.email", "contains", "@acme.com"}},
		{"custentity_region is  North  West ", Criterion{"custentity_region", "is", "North  West"}},
		{"companyName is companyName is", Criterion{"companyName", "is", "companyName is"}},
		{"balance between 1, 10", Criterion{"balance", "between", "1, 10"}},
	} {
		got, err := ParseCriterion(c.in)
		if err != nil || got != c.want {
			t.Errorf("%q: %+v %v, want %+v", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"", "give FIELD OPERATOR VALUE"},
		{"companyName", "give FIELD OPERATOR VALUE"},
		{"company-name is x", `"company-name" is not a field name`},
		{"a.b.c is x", `"a.b.c" is not a field name`},
		{".email is x", "is not a field name"},
		{"email = x", `"=" is not an operator`},
	} {
		if _, err := ParseCriterion(c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzParseCriterion(f *testing.F) {
	for _, s := range []string{"companyName startsWith Acme", "salesRep.email contains @x", "custentity_x anyOf 1,2", "email notEmpty", " a b ", "x.y.z is 1", "é is ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCriterion(s)
		if err != nil {
			return
		}
		if c.Field == "" || c.Operator == "" || strings.ContainsFunc(c.Field+c.Operator, unicode.IsSpace) || c.Value != strings.TrimSpace(c.Value) {
			t.Fatalf("%q: %+v", s, c)
		}
		// What it reads it writes back the same.
		again, err := ParseCriterion(strings.TrimSpace(c.Field + " " + c.Operator + " " + c.Value))
		if err != nil || again != c {
			t.Fatalf("%q: %+v, again %+v %v", s, c, again, err)
		}
		// Building a search from it never panics.
		_, _ = BuildSearch(SearchSpec{RecordType: "customer", Where: []Criterion{c}})
	})
}

// TestBuildSearchJoinsAndCustomFields: criteria on joined records and on
// custom fields build the joined search and the customFieldList criteria
// NetSuite expects; the searches are sent to a fake endpoint, so their
// requests are validated against the XSD.
func TestBuildSearchJoinsAndCustomFields(t *testing.T) {
	svc, _ := newFake(t, func(c call) (int, string) {
		return 200, "<" + operations[c.action].out + " " + msgNS + `><c:searchResult><c:status isSuccess="true"/><c:totalRecords>0</c:totalRecords></c:searchResult></` + operations[c.action].out + ">"
	})
	build := func(spec SearchSpec) core.SearchRecord {
		t.Helper()
		sr, err := BuildSearch(spec)
		if err != nil {
			t.Fatalf("%+v: %v", spec, err)
		}
		if _, err := svc.SearchPage(context.Background(), sr); err != nil {
			t.Fatal(err)
		}
		return sr
	}
	// Custom fields only: still a basic search.
	sr := build(SearchSpec{RecordType: "customer", Where: []Criterion{
		{"custentity_region", "anyOf", "3, 4"}, {"custentity_vip", "is", "TRUE"}, {"custentity_notes", "contains", "gold"},
		{"custentity_renewal", "within", "thisYear"}, {"custentity_seats", "greaterThan", "10"}, {"custentity_score", "between", "0.5,1"},
		{"custentity_empty", "empty", ""}, {"custentity_tier", "is", "3"}, {"custentity_since", "after", "2025-01-02"}}},
	)
	b, ok := sr.(*common.CustomerSearchBasic)
	if !ok || b.CustomFieldList == nil || len(b.CustomFieldList.CustomField) != 9 {
		t.Fatalf("custom fields: %#v", sr)
	}
	cf := b.CustomFieldList.CustomField
	if s, ok := cf[0].(*core.SearchMultiSelectCustomField); !ok || s.ScriptId != "custentity_region" || s.Operator != "anyOf" || len(s.SearchValue) != 2 || s.SearchValue[1].InternalId != "4" {
		t.Errorf("select %#v", cf[0])
	}
	if s, ok := cf[1].(*core.SearchBooleanCustomField); !ok || !*s.SearchValue {
		t.Errorf("boolean %#v", cf[1])
	}
	if s, ok := cf[2].(*core.SearchStringCustomField); !ok || *s.SearchValue != "gold" || s.Operator != "contains" {
		t.Errorf("string %#v", cf[2])
	}
	if s, ok := cf[3].(*core.SearchDateCustomField); !ok || *s.PredefinedSearchValue != "thisYear" {
		t.Errorf("date %#v", cf[3])
	}
	if s, ok := cf[4].(*core.SearchLongCustomField); !ok || *s.SearchValue != 10 {
		t.Errorf("long %#v", cf[4])
	}
	if s, ok := cf[5].(*core.SearchDoubleCustomField); !ok || *s.SearchValue2 != 1 {
		t.Errorf("double %#v", cf[5])
	}
	if s, ok := cf[6].(*core.SearchStringCustomField); !ok || s.SearchValue != nil || s.Operator != "empty" {
		t.Errorf("empty %#v", cf[6])
	}
	if s, ok := cf[7].(*core.SearchStringCustomField); !ok || *s.SearchValue != "3" {
		t.Errorf("'is 3' is a string unless a type says otherwise: %#v", cf[7])
	}
	if s, ok := cf[8].(*core.SearchDateCustomField); !ok || s.SearchValue.Day() != 2 {
		t.Errorf("date after %#v", cf[8])
	}

	// A type given: custentity_tier is a long, custentity_code a string.
	sr = build(SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_tier", "equalTo", "3"}, {"custentity_code", "is", "true"}},
		CustomTypes: map[string]string{"custentity_tier": "double", "custentity_code": "string"}})
	cf = sr.(*common.CustomerSearchBasic).CustomFieldList.CustomField
	if _, ok := cf[0].(*core.SearchDoubleCustomField); !ok {
		t.Errorf("typed double %#v", cf[0])
	}
	if s, ok := cf[1].(*core.SearchStringCustomField); !ok || *s.SearchValue != "true" {
		t.Errorf("typed string %#v", cf[1])
	}

	// Joins: a joined search, basic criteria and custom fields of the join.
	sr = build(SearchSpec{RecordType: "customer", Where: []Criterion{
		{"companyName", "startsWith", "Acme"}, {"salesRep.email", "contains", "@acme.com"},
		{"salesRep.custentity_team", "anyOf", "7"}, {"contact.isInactive", "is", "false"}}})
	j, ok := sr.(*relationships.CustomerSearch)
	if !ok || *j.Basic.CompanyName.SearchValue != "Acme" || *j.SalesRepJoin.Email.SearchValue != "@acme.com" ||
		j.SalesRepJoin.CustomFieldList.CustomField[0].(*core.SearchMultiSelectCustomField).ScriptId != "custentity_team" ||
		*j.ContactJoin.IsInactive.SearchValue {
		t.Errorf("joined %#v", sr)
	}
	// A join only: no basic element.
	sr = build(SearchSpec{RecordType: "customer", Where: []Criterion{{"salesRep.email", "contains", "@acme.com"}}})
	if j, ok := sr.(*relationships.CustomerSearch); !ok || j.Basic != nil || j.SalesRepJoin == nil {
		t.Errorf("join only %#v", sr)
	}
	// Rows: the joined search is the advanced search's criteria.
	sr = build(SearchSpec{RecordType: "customer", Columns: []string{"entityId"}, Where: []Criterion{
		{"salesRep.email", "contains", "@acme.com"}, {"custentity_region", "noneOf", "1"}}})
	if a, ok := sr.(*relationships.CustomerSearchAdvanced); !ok || a.Criteria.SalesRepJoin == nil || a.Criteria.Basic.CustomFieldList == nil {
		t.Errorf("advanced %#v", sr)
	}
	// Transactions: custom body fields and the item join.
	build(SearchSpec{RecordType: "transaction", Where: []Criterion{{"type", "anyOf", "_salesOrder"}, {"custbody_channel", "anyOf", "2"}, {"item.itemId", "startsWith", "W-"}}})
}

func TestBuildSearchErrors(t *testing.T) {
	for _, c := range []struct {
		spec SearchSpec
		want string
	}{
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"compnyName", "is", "x"}}}, `no search field "compnyName" (did you mean companyName?)`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"salesRp.email", "is", "x"}}}, `CustomerSearch has no join "salesRp" (in salesRp.email) (did you mean salesRep?)`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"nojoin.email", "is", "x"}}}, `the joins are: billingAccount, billingSchedule, call,`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"salesRep.emial", "is", "x"}}}, `join salesRep: EmployeeSearchBasic has no search field "emial" (did you mean email?)`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"companyName", "startWith", "x"}}}, `has no operator "startWith" (did you mean startsWith, doesNotStartWith?); its operators are: contains,`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"balance", "greaterThan", "lots"}}}, `value "lots": not a number`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"isInactive", "is", "maybe"}}}, `not true or false`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_region", "anyOf", "North"}}}, `"North" is not an internal id`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_region", "anyOf", ""}}}, `give the internal ids`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_region", "is", "North"}},
			CustomTypes: map[string]string{"custentity_region": "select"}}, `custom select field) has no operator "is"; its operators are: anyOf, noneOf`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_x", "is", "1"}}, CustomTypes: map[string]string{"custentity_x": "lng"}},
			`no custom field type "lng" (did you mean long?); the types are: string, select, boolean, date, long, double`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_x", "sameAs", "1"}}}, `custom field custentity_x: no operator "sameAs"`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_x", "greaterThan", "big"}}}, `custentity_x (custom double field): value "big": not a number`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"custentity_x", "within", "2025-13-01"}}}, `not a date`},
		{SearchSpec{RecordType: "customer", CustomTypes: map[string]string{"custentity_x": "long"}}, `a type (long) is given for custom field custentity_x, but no criterion names it`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"email", "is", "x"}}, CustomTypes: map[string]string{"email": "string"}}, `email is a field of CustomerSearchBasic, not a custom field`},
		{SearchSpec{RecordType: "customer", Columns: []string{"entityID"}}, `no column "entityID" (did you mean entityId?)`},
		{SearchSpec{RecordType: "customer", Where: []Criterion{{"zzz", "is", "x"}}}, `CustomerSearchBasic has no search field "zzz"; the fields are: accountNumber, address,`},
	} {
		_, err := BuildSearch(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v:\n  %v\n  want %q", c.spec, err, c.want)
		}
	}
}

func TestCloseNames(t *testing.T) {
	names := []string{"companyName", "email", "entityId", "salesRep", "custentity_region", "phone"}
	for _, c := range []struct {
		in   string
		want string
	}{
		{"compnyName", "companyName"},
		{"EMAIL", "email"},
		{"entity", "entityId,custentity_region"},
		{"emial", "email"},
		{"region", "custentity_region"},
		{"zz", ""},
		{"", ""},
	} {
		if got := strings.Join(closeNames(c.in, names), ","); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}
