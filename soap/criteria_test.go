package soap

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

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
