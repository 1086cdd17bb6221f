package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
)

// TestQueryAllPastTheCap is the acceptance run: an emulator with
// 250,000 transaction lines, and "netsuite query --all -o ndjson" returns
// every row exactly once, crossing the 100,000-row cap; count and checksum
// are compared with the database.
func TestQueryAllPastTheCap(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 250,000 lines")
	}
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 250_000, DemoSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	c := emu.Credentials
	creds := filepath.Join(t.TempDir(), "creds.json")
	if err := writeCredentialsFile(creds, credentialsFile{c.Account, c.ConsumerKey, c.ConsumerSecret.Reveal(), c.TokenID, c.TokenSecret.Reveal(), emu.URL}); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, nil, "--credentials", creds, "query", "--all", "--key", "uniquekey", "--parallel", "4", "--output", "ndjson",
		`SELECT uniquekey, transaction AS tran, netamount FROM transactionline ORDER BY uniquekey`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var wantN, wantSum int64
	if err := emu.Store().DB().QueryRow(`SELECT COUNT(*), SUM(uniquekey * 31 + "transaction") FROM transactionline`).Scan(&wantN, &wantSum); err != nil {
		t.Fatal(err)
	}
	seen := make(map[int64]bool, wantN)
	var sum int64
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var row map[string]string
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		k, _ := strconv.ParseInt(row["uniquekey"], 10, 64)
		tr, _ := strconv.ParseInt(row["tran"], 10, 64)
		if seen[k] {
			t.Fatalf("row %d repeated", k)
		}
		seen[k] = true
		sum += k*31 + tr
	}
	if int64(len(seen)) != wantN || sum != wantSum || wantN != 250_000 {
		t.Fatalf("got %d rows (checksum %d), database has %d (%d)", len(seen), sum, wantN, wantSum)
	}
}
