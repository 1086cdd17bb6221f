package soap_test

import (
	"context"
	"testing"
	"time"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/record"
	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/soap"
	"github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
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
