package soap_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/record"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/soap"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
	"github.com/go-netsuite/netsuite/soap/types/setup/customization"
)

// TestEmulator runs getServerTime and get against the emulator's SOAP
// endpoint (the operations it implements).
func TestEmulator(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 20, DemoSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	svc := soap.New(c)
	ctx := t.Context()

	var info soap.ResponseInfo
	st, err := svc.GetServerTime(ctx, &messages.GetServerTimeRequest{}, soap.Info(&info))
	if err != nil {
		t.Fatal(err)
	}
	if err := soap.StatusError(st.GetServerTimeResult.Status); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(st.GetServerTimeResult.ServerTime); d.Abs() > time.Minute {
		t.Errorf("server time %v is %v off", st.GetServerTimeResult.ServerTime, d)
	}
	if info.NSID == "" {
		t.Error("no nsId")
	}

	page, err := record.New(c).List(ctx, "customer", &record.ListOptions{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatal(page, err)
	}
	id := page.Items[0].ID
	rec, err := svc.GetRecord(ctx, &core.RecordRef{InternalId: id, Type: core.RecordTypeCustomer})
	if err != nil {
		t.Fatal(err)
	}
	cust, ok := rec.(*relationships.Customer)
	if !ok || cust.InternalId != id || cust.EntityId == nil || *cust.EntityId == "" {
		t.Fatalf("customer %#v", rec)
	}
	_, err = svc.GetRecord(ctx, &core.RecordRef{InternalId: "99999999", Type: core.RecordTypeCustomer})
	if !netsuite.IsNotFound(err) {
		t.Errorf("missing customer: %v, want not found", err)
	}
}

// TestEmulatorSearch runs basic searches against the emulator's SOAP
// endpoint: every page through searchMoreWithId, criteria on text,
// boolean, reference and date fields, an expired search id, and a joined
// search (which the emulator does not run: a fault saying so).
func TestEmulatorSearch(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 400, DemoSeed: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithRetryer(netsuite.NoRetry), netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	svc := soap.New(c)
	ctx := t.Context()
	all, err := record.New(c).List(ctx, "customer", &record.ListOptions{Limit: 1000})
	if err != nil || len(all.Items) < 6 {
		t.Fatal(all, err)
	}
	var want []string
	for _, it := range all.Items {
		want = append(want, it.ID)
	}
	small := soap.SearchPreferences(&messages.SearchPreferences{PageSize: ptr(5)})
	search := func(where ...string) ([]*relationships.Customer, int, error) {
		t.Helper()
		var spec soap.SearchSpec
		spec.RecordType = "customer"
		for _, w := range where {
			c, err := soap.ParseCriterion(w)
			if err != nil {
				t.Fatal(err)
			}
			spec.Where = append(spec.Where, c)
		}
		sr, err := soap.BuildSearch(spec)
		if err != nil {
			t.Fatal(err)
		}
		var out []*relationships.Customer
		pages := 0
		for page, err := range svc.SearchPages(ctx, sr, small) {
			if err != nil {
				return out, pages, err
			}
			pages++
			for _, r := range page.RecordList.Record {
				out = append(out, r.(*relationships.Customer))
			}
		}
		return out, pages, nil
	}
	got, pages, err := search()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, cust := range got {
		ids = append(ids, cust.InternalId)
	}
	slices.Sort(want)
	slices.Sort(ids)
	if !slices.Equal(ids, want) || pages != (len(want)+4)/5 {
		t.Errorf("all customers: %d in %d pages, want %d (%v / %v)", len(ids), pages, len(want), ids, want)
	}

	// Criteria, checked against the records themselves.
	first := got[0]
	for _, c := range []struct {
		where []string
		keep  func(*relationships.Customer) bool
	}{
		{[]string{"companyName startsWith " + (*first.CompanyName)[:3]}, func(c *relationships.Customer) bool {
			return c.CompanyName != nil && strings.HasPrefix(strings.ToLower(*c.CompanyName), strings.ToLower((*first.CompanyName)[:3]))
		}},
		{[]string{"isInactive is true"}, func(c *relationships.Customer) bool { return *c.IsInactive }},
		{[]string{"internalId anyOf " + got[1].InternalId + "," + got[3].InternalId}, func(c *relationships.Customer) bool {
			return c.InternalId == got[1].InternalId || c.InternalId == got[3].InternalId
		}},
		{[]string{"isInactive is false", "dateCreated after 2024-01-01"}, func(c *relationships.Customer) bool {
			return !*c.IsInactive && c.DateCreated.After(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		}},
		{[]string{"email contains @", "creditLimit greaterThan 50000"}, func(c *relationships.Customer) bool {
			return c.CreditLimit != nil && *c.CreditLimit > 50000
		}},
	} {
		res, _, err := search(c.where...)
		if err != nil {
			t.Errorf("%v: %v", c.where, err)
			continue
		}
		n := 0
		for _, cust := range got {
			if c.keep(cust) {
				n++
			}
		}
		for _, cust := range res {
			if !c.keep(cust) {
				t.Errorf("%v: customer %s does not match", c.where, cust.InternalId)
			}
		}
		if len(res) != n || n == 0 && c.where[0] != "isInactive is true" {
			t.Errorf("%v: %d results, want %d", c.where, len(res), n)
		}
	}

	if _, err := svc.SearchMorePage(ctx, "WEBSERVICES_NO_SUCH_SEARCH", 2); !errors.Is(err, soap.ErrSearchExpired) {
		t.Errorf("unknown search id: %v, want ErrSearchExpired", err)
	}
	if _, _, err := search("salesRep.email contains @"); err == nil || !strings.Contains(err.Error(), "does not implement joins") {
		t.Errorf("joined search: %v", err)
	}
}

// TestEmulatorCustomRecord: a custom record type of the account file,
// a record created over REST, read over SOAP by its type's script id
// (getCustomizationId) and a CustomRecordRef.
func TestEmulatorCustomRecord(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.toml")
	os.WriteFile(file, []byte(`[[custom_records]]
script_id = "customrecord_region"
name = "Region"
access = "none"
[[custom_records.fields]]
script_id = "custrecord_code"
type = "text"
[[custom_records.fields]]
script_id = "custrecord_rank"
type = "integer"
[[custom_records.fields]]
script_id = "custrecord_open"
type = "checkbox"
[[custom_records.fields]]
script_id = "custrecord_since"
type = "date"
[[custom_records.fields]]
script_id = "custrecord_owner"
type = "select"
ref = "customer"
`), 0o600)
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 20, AccountFile: file})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	c, err := netsuite.NewClient(netsuite.WithCredentials(emu.Credentials), netsuite.WithBaseURL(emu.URL),
		netsuite.WithRetryer(netsuite.NoRetry), netsuite.WithLoadOptions(netsuite.LoadOptions{Getenv: func(string) string { return "" }}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	customers, err := record.New(c).List(ctx, "customer", &record.ListOptions{Limit: 1})
	if err != nil || len(customers.Items) == 0 {
		t.Fatal(customers, err)
	}
	owner := customers.Items[0].ID
	id, err := record.New(c).Create(ctx, "customrecord_region", map[string]any{"name": "North", "externalId": "REGION-N",
		"custrecord_code": "N", "custrecord_rank": 3, "custrecord_open": true, "custrecord_since": "2025-04-01",
		"custrecord_owner": map[string]any{"id": owner}})
	if err != nil {
		t.Fatal(err)
	}
	svc := soap.New(c)
	typeID, err := svc.CustomRecordTypeID(ctx, "customrecord_region")
	if err != nil || typeID == "" {
		t.Fatal(typeID, err)
	}
	if _, err := svc.CustomRecordTypeID(ctx, "customrecord_regoin"); err == nil || !strings.Contains(err.Error(), "did you mean customrecord_region?") {
		t.Errorf("misspelt type: %v", err)
	}
	for _, ref := range []*core.CustomRecordRef{{InternalId: id, TypeId: typeID}, {ExternalId: "REGION-N", TypeId: typeID}} {
		rec, err := svc.GetRecord(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		cr, ok := rec.(*customization.CustomRecord)
		if !ok || cr.InternalId != id || cr.ExternalId != "REGION-N" || *cr.Name != "North" || *cr.IsInactive || cr.RecType.InternalId != typeID {
			t.Fatalf("record %#v", rec)
		}
		l := cr.CustomFieldList
		code, _ := l.Get("custrecord_code").(*core.StringCustomFieldRef)
		rank, _ := l.Get("custrecord_rank").(*core.LongCustomFieldRef)
		open, _ := l.Get("custrecord_open").(*core.BooleanCustomFieldRef)
		since, _ := l.Get("custrecord_since").(*core.DateCustomFieldRef)
		own, _ := l.Get("custrecord_owner").(*core.SelectCustomFieldRef)
		if code == nil || code.Value != "N" || rank == nil || rank.Value != 3 || open == nil || !open.Value ||
			since == nil || since.Value.UTC().Format(time.DateOnly) != "2025-04-01" || own == nil || own.Value.InternalId != owner {
			t.Errorf("custom fields %#v", l.CustomField)
		}
	}
	for _, ref := range []*core.CustomRecordRef{{InternalId: "999999", TypeId: typeID}, {InternalId: id, TypeId: "999"}} {
		if _, err := svc.GetRecord(ctx, ref); !netsuite.IsNotFound(err) {
			t.Errorf("%+v: %v, want not found", ref, err)
		}
	}
}
