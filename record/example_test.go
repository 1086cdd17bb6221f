package record_test

import (
	"context"
	"fmt"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/record"
)

func ExampleQ() {
	q := record.Q().Field("email").StartWith("barbara").
		And().Field("dateCreated").After("2026-01-01").
		And().Group(record.Q().Field("companyName").Contain(`Bob's "Best"`).Or().Field("creditLimit").Greater(1000))
	fmt.Println(q, q.Err())
	// Output: email START_WITH "barbara" AND dateCreated AFTER "2026-01-01" AND (companyName CONTAIN "Bob's \"Best\"" OR creditLimit GREATER 1000) <nil>
}

func ExampleService_All() {
	c, err := netsuite.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	svc := record.New(c)
	ctx := context.Background()
	opts := &record.ListOptions{Where: record.Q().Field("isInactive").Is(false)}
	for ref, err := range svc.All(ctx, "customer", opts) {
		if err != nil {
			fmt.Println(err)
			return
		}
		rec, err := svc.Get(ctx, "customer", ref.ID, &record.GetOptions{Fields: []string{"companyName", "subsidiary"}})
		if err != nil {
			fmt.Println(err)
			return
		}
		name, _ := rec.String("companyName")
		sub, _ := rec.Ref("subsidiary")
		fmt.Println(ref.ID, name, sub.RefName)
	}
}

func ExampleService_Create() {
	c, err := netsuite.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	id, err := record.New(c).Create(context.Background(), "customer", record.Record{
		"companyName": "My Company",
		"subsidiary":  record.ByID("1"),
	})
	fmt.Println(id, err)
}
