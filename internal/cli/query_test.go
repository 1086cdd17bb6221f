package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-netsuite/netsuite/sim"
	"github.com/go-netsuite/netsuite/suiteql"
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

	// Issue 13: no --key, no --parallel: the keys come from the ORDER BY
	// (transaction, linesequencenumber; neither unique alone) and every
	// line still comes exactly once.
	stdout, stderr, code = run(t, nil, "--credentials", creds, "query", "--all", "-o", "ndjson",
		`SELECT transaction, linesequencenumber, id FROM transactionline ORDER BY transaction, linesequencenumber`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := make(map[[2]int64]bool, wantN)
	sc = bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var row map[string]string
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		tr, _ := strconv.ParseInt(row["transaction"], 10, 64)
		seq, _ := strconv.ParseInt(row["linesequencenumber"], 10, 64)
		if lines[[2]int64{tr, seq}] {
			t.Fatalf("line %d/%d repeated", tr, seq)
		}
		lines[[2]int64{tr, seq}] = true
	}
	if int64(len(lines)) != wantN {
		t.Fatalf("got %d lines without --key, database has %d", len(lines), wantN)
	}
}

// TestQueryColumns checks that CSV and table output carry every selected
// column in SELECT order, NULL columns included, on the emulator (NetSuite
// leaves NULL columns out of an item).
func TestQueryColumns(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 2000, DemoSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	env := simEnv(emu)
	// A query whose first row has a NULL item: the header must still list it.
	var firstKey int64
	if err := emu.Store().DB().QueryRow(`SELECT MIN(uniquekey) FROM transactionline WHERE item IS NULL`).Scan(&firstKey); err != nil {
		t.Fatalf("the demo should have lines without an item: %v", err)
	}
	fromNull := fmt.Sprintf(`SELECT uniquekey, transaction, item, netamount FROM transactionline WHERE uniquekey >= %d ORDER BY uniquekey`, firstKey)
	tests := []struct {
		name       string
		args       []string
		wantHeader string
		wantRows   int // -1: do not count
	}{
		{"null first", []string{"query", "-o", "csv", "--limit", "50", fromNull}, "uniquekey,transaction,item,netamount", 50},
		{"null first, all", []string{"query", "--all", "-o", "csv", fromNull}, "uniquekey,transaction,item,netamount", -1},
		{"select order", []string{"query", "-o", "csv", `SELECT count(*) AS n, max(id) AS mx FROM customer`}, "n,mx", 1},
		{"unnamed expressions", []string{"query", "-o", "csv", `SELECT max(id), min(id) FROM customer`}, "expr1,expr2", 1},
		{"empty result", []string{"query", "-o", "csv", `SELECT id, companyname FROM customer WHERE id < 0`}, "id,companyname", 0},
		{"empty result, all", []string{"query", "--all", "-o", "csv", `SELECT id, companyname FROM customer WHERE id < 0`}, "id,companyname", 0},
		{"star", []string{"query", "-o", "csv", "--limit", "5", `SELECT t.id AS tid, c.* FROM customer c JOIN transaction t ON t.entity = c.id ORDER BY t.id`}, "tid,", 5},
		{"table", []string{"query", "-o", "table", `SELECT count(*) AS n, max(id) AS mx FROM customer`}, "N MX", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := run(t, env, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if tc.name == "table" {
				lines[0] = strings.Join(strings.Fields(lines[0]), " ")
			}
			if !strings.HasPrefix(lines[0], tc.wantHeader) || tc.name != "star" && strings.TrimSpace(lines[0]) != tc.wantHeader {
				t.Fatalf("header %q, want %q", lines[0], tc.wantHeader)
			}
			if tc.wantRows >= 0 && len(lines)-1 != tc.wantRows {
				t.Fatalf("%d rows, want %d:\n%s", len(lines)-1, tc.wantRows, stdout)
			}
			if tc.args[2] == "csv" || tc.args[3] == "csv" {
				recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
				if err != nil {
					t.Fatal(err) // every record has the header's width
				}
				if strings.HasPrefix(tc.name, "null first") {
					nulls := 0
					for _, r := range recs[1:] {
						if r[2] == "" {
							nulls++
						}
					}
					if recs[1][2] != "" || nulls == len(recs)-1 {
						t.Fatalf("the first row should have an empty item and others not (%d of %d empty)", nulls, len(recs)-1)
					}
				}
				if tc.name == "star" && (len(recs[0]) < 5 || recs[0][1] != "id") {
					t.Fatalf("star header %q: want tid then the customer's columns in table order", recs[0])
				}
			}
		})
	}
}

func TestRowWriterColumnAfterHeader(t *testing.T) {
	var b strings.Builder
	rw, err := newRowWriter(&b, "csv", `SELECT * FROM customer`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.columns([]string{"id", "companyname"}); err != nil {
		t.Fatal(err)
	}
	if err := rw.write(suiteql.Row{"id": "1", "companyname": "a"}); err != nil {
		t.Fatal(err)
	}
	err = rw.write(suiteql.Row{"id": "2", "email": "x@y"})
	if err == nil || !strings.Contains(err.Error(), "column email first appears in row 2") {
		t.Fatalf("error %v", err)
	}
	rw.close()
	if b.String() != "id,companyname\n1,a\n" {
		t.Fatalf("output %q", b.String())
	}
}

// TestQueryAsPasted: a query that begins with a "-- comment" line is the
// query, not a flag; --file and standard input read it as written; a
// trailing ";" is dropped. Before, cobra refused "unknown flag: -- …".
func TestQueryAsPasted(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 200, DemoSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	env := simEnv(emu) // the demo's customers start at id 6 (entities share one id space)
	const pasted = "-- the first two customers\nSELECT id FROM customer\nORDER BY id\nFETCH FIRST 2 ROWS ONLY;\n"
	file := filepath.Join(t.TempDir(), "q.sql")
	if err := os.WriteFile(file, []byte(pasted), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		stdin   string
		want    string
		wantErr string
	}{
		{name: "argument with a leading comment", args: []string{"query", "-o", "csv", pasted}, want: "id\n6\n7\n"},
		{name: "comment directly after the dashes", args: []string{"query", "-o", "csv", "--top\nSELECT id FROM customer ORDER BY id FETCH FIRST 1 ROWS ONLY"}, want: "id\n6\n"},
		{name: "flags after the query", args: []string{"query", pasted, "-o", "csv"}, want: "id\n6\n7\n"},
		{name: "--file", args: []string{"query", "--file", file, "-o", "csv"}, want: "id\n6\n7\n"},
		{name: "standard input", args: []string{"query", "-o", "csv", "-"}, stdin: pasted, want: "id\n6\n7\n"},
		{name: "unknown flags are still refused", args: []string{"query", "--bogus", "SELECT 1"}, wantErr: "unknown flag: --bogus"},
		{name: "file and argument", args: []string{"query", "--file", file, "SELECT 1"}, wantErr: "not both"},
		{name: "no query", args: []string{"query"}, wantErr: "give one query"},
		{name: "only a semicolon", args: []string{"query", ";"}, wantErr: "the query is empty"},
		{name: "--limit 0", args: []string{"query", "--limit", "0", "SELECT id FROM customer"}, wantErr: "1 to 1000"},
		{name: "--parallel -1", args: []string{"query", "--all", "--parallel", "-1", "SELECT id FROM customer"}, wantErr: "--parallel -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Main(tt.args, strings.NewReader(tt.stdin), &out, &errb, func(k string) string {
				if k == "XDG_CONFIG_HOME" {
					return t.TempDir()
				}
				return env[k]
			})
			if tt.wantErr != "" {
				if code == 0 || !strings.Contains(errb.String(), tt.wantErr) {
					t.Fatalf("exit %d, stderr %q, want %q", code, errb.String(), tt.wantErr)
				}
				return
			}
			if code != 0 || out.String() != tt.want {
				t.Fatalf("exit %d: stdout %q stderr %q, want %q", code, out.String(), errb.String(), tt.want)
			}
		})
	}
}

// TestQueryProgressModes: the bar goes to stderr only, only when asked
// (auto: stderr is a terminal, which a buffer is not).
func TestQueryProgressModes(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 3000, DemoSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	const q = `SELECT uniquekey FROM transactionline ORDER BY uniquekey`
	for _, tc := range []struct {
		mode    string
		wantBar bool
		wantErr string
	}{{"auto", false, ""}, {"never", false, ""}, {"always", true, ""}, {"sometimes", false, "--progress \"sometimes\""}} {
		stdout, stderr, code := run(t, simEnv(emu), "query", "--all", "-o", "csv", "--progress", tc.mode, q)
		if tc.wantErr != "" {
			if code == 0 || !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("%s: exit %d %q", tc.mode, code, stderr)
			}
			continue
		}
		if code != 0 {
			t.Fatalf("%s: exit %d %s", tc.mode, code, stderr)
		}
		if got := strings.Contains(stderr, "query 3000 rows"); got != tc.wantBar {
			t.Errorf("%s: bar on stderr = %v, want %v: %q", tc.mode, got, tc.wantBar, stderr)
		}
		if strings.Contains(stdout, "query ") || strings.Count(stdout, "\n") != 3001 {
			t.Errorf("%s: stdout has %d lines or a bar", tc.mode, strings.Count(stdout, "\n"))
		}
	}
}

// TestQueryBadFlagKeepsOut: a mistyped flag is refused before --out is
// opened, so an earlier export in that file is not emptied.
func TestQueryBadFlagKeepsOut(t *testing.T) {
	emu, err := sim.Start(context.Background(), sim.Config{Provision: true, Demo: true, DemoSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	out := filepath.Join(t.TempDir(), "export.csv")
	const earlier = "id\n1\n2\n"
	for _, bad := range [][]string{
		{"--all", "--key", "not a column"},
		{"--all", "--parallel", "500"},
		{"--all", "--progress", "sometimes"},
		{"--limit", "0"},
		{"-o", "xml"},
		{"--all", "--resume", filepath.Join(t.TempDir(), "missing.checkpoint")},
	} {
		if err := os.WriteFile(out, []byte(earlier), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"query", "--out", out}, bad...)
		args = append(args, "SELECT id FROM customer ORDER BY id")
		_, stderr, code := run(t, simEnv(emu), args...)
		if code == 0 {
			t.Errorf("%v: accepted", bad)
		}
		if b, _ := os.ReadFile(out); string(b) != earlier {
			t.Errorf("%v (%s): --out now holds %q, want the earlier export kept", bad, strings.TrimSpace(stderr), b)
		}
	}
}
