package records_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/sim/internal/simtest"
)

// TestRecordIDsNeverReused: NetSuite never gives a deleted record's
// internal id to a new record. Over REST: create, delete, create gets a new
// id, for a list record, an item, a transaction (and its lines' unique
// keys) and a custom record; a line removed from a transaction never gives
// its line id to a new line.
func TestRecordIDsNeverReused(t *testing.T) {
	f := simtest.NewFixture(t, sim.Options{}, 60)
	if _, err := f.St.LoadAccountFile(t.Context(), "../../store/testdata/custom-records.toml"); err != nil {
		t.Fatal(err)
	}
	s := f.Signer(f.Creds)
	item := f.FirstID("item")
	cust := f.FirstID("customer")
	create := func(t *testing.T, typ, body string) int64 {
		t.Helper()
		resp, b := f.Do(s, "POST", recBase+"/"+typ, body, nil)
		if resp.StatusCode != 204 {
			t.Fatalf("create %s: %d %s", typ, resp.StatusCode, b)
		}
		loc := resp.Header.Get("Location")
		id, err := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
		if err != nil {
			t.Fatalf("Location %q", loc)
		}
		return id
	}
	lineKeys := func(t *testing.T, tran int64) []int64 {
		t.Helper()
		rows, err := f.St.DB().Query(`SELECT uniquekey FROM transactionline WHERE "transaction" = ? ORDER BY uniquekey`, tran)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var keys []int64
		for rows.Next() {
			var k int64
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		return keys
	}
	order := `{"entity":{"id":"` + cust + `"},"item":{"items":[{"item":{"id":"` + item + `"},"quantity":1,"rate":2},{"item":{"id":"` + item + `"},"quantity":3,"rate":4}]}}`

	for _, tc := range []struct{ typ, body string }{
		{"customer", `{"companyName":"Gone Ltd","subsidiary":{"id":"1"}}`},
		{"vendor", `{"companyName":"Gone Supplies","subsidiary":{"id":"1"}}`}, // the entity id space customers share
		{"inventoryItem", `{"itemId":"GONE-1"}`},
		{"salesOrder", order},
		{"customrecord_depot", `{"name":"Gone depot"}`},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			first := create(t, tc.typ, tc.body)
			var keys []int64
			if tc.typ == "salesOrder" {
				keys = lineKeys(t, first)
			}
			if resp, b := f.Do(s, "DELETE", recBase+"/"+tc.typ+"/"+strconv.FormatInt(first, 10), "", nil); resp.StatusCode != 204 {
				t.Fatalf("delete: %d %s", resp.StatusCode, b)
			}
			second := create(t, tc.typ, tc.body)
			if second <= first {
				t.Errorf("created %d, deleted it, then created %d: a deleted record's id was given out again", first, second)
			}
			if len(keys) > 0 {
				newKeys := lineKeys(t, second)
				if len(newKeys) != len(keys) || newKeys[0] <= keys[len(keys)-1] {
					t.Errorf("line unique keys of the deleted transaction %v, of the new one %v: reused", keys, newKeys)
				}
			}
		})
	}

	t.Run("line ids within a transaction", func(t *testing.T) {
		so := create(t, "salesOrder", order) // lines 1 and 2
		// REST has no way to remove one line yet: remove line 2 as a
		// replacing update (or a script) would.
		if _, err := f.St.DB().Exec(`DELETE FROM transactionline WHERE "transaction" = ? AND id = 2`, so); err != nil {
			t.Fatal(err)
		}
		path := recBase + "/salesOrder/" + strconv.FormatInt(so, 10)
		if resp, b := f.Do(s, "PATCH", path, `{"item":{"items":[{"item":{"id":"`+item+`"},"quantity":5,"rate":1}]}}`, nil); resp.StatusCode != 204 {
			t.Fatalf("add a line: %d %s", resp.StatusCode, b)
		}
		var ids []int64
		rows, err := f.St.DB().Query(`SELECT id FROM transactionline WHERE "transaction" = ? AND mainline = 'F' ORDER BY id`, so)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		if len(ids) != 2 || ids[0] != 1 || ids[1] != 3 {
			t.Errorf("line ids %v, want [1 3]: the removed line 2's id must not be given to the new line", ids)
		}
		if resp, _ := f.Do(s, "GET", path+"/item/2", "", nil); resp.StatusCode != 404 {
			t.Errorf("GET of the removed line 2: %d", resp.StatusCode)
		}
	})
}
