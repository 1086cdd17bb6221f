package soak

import (
	"strings"
	"testing"
)

// TestVerifyCatchesBadDatabase: the database check finds a duplicate, a
// lost record, a lost update, a lost delete and a stray record written
// straight into the emulator's database behind the client's back.
func TestVerifyCatchesBadDatabase(t *testing.T) {
	emu := startEmulator(t, "")
	db := emu.Store().DB()
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// ins copies a demo customer under a new id, name and external id.
	ins := func(eid, name string) {
		t.Helper()
		for _, q := range []string{
			`CREATE TEMP TABLE soakrow AS SELECT * FROM customer WHERE id = (SELECT MIN(id) FROM customer)`,
			`UPDATE soakrow SET id = (SELECT MAX(id) + 1 FROM customer), companyname = ?, externalid = ?`,
			`INSERT INTO customer SELECT * FROM soakrow`,
			`DROP TABLE soakrow`,
		} {
			var args []any
			if strings.Contains(q, "?") {
				args = []any{name, eid}
			}
			if _, err := conn.ExecContext(t.Context(), q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	ins("T-ok", "A")
	ins("T-dup", "B")
	ins("T-dup", "B") // a second record for one external id
	ins("T-upd", "old")
	ins("T-del", "D")
	ins("T-stray", "S")
	ins("OTHER-1", "not the run's prefix")
	keys := []*key{
		{eid: "T-ok", present: true, name: "A", written: true},
		{eid: "T-dup", present: true, name: "B", written: true},
		{eid: "T-lost", present: true, name: "L", written: true},
		{eid: "T-upd", present: true, name: "new", written: true},
		{eid: "T-del", written: true},
		{eid: "T-unsure", present: true, uncertain: true, written: true},
	}
	ins("T-SH-1", "s1")
	ins("T-SH-1", "s2") // two records for an external id every worker upserted
	ins("T-SH-2", "never written")
	shared := []*sharedKey{
		{eid: "T-SH-1", written: map[string]bool{"s1": true, "s2": true}, ok: true},
		{eid: "T-SH-2", written: map[string]bool{"w": true}, ok: true},
		{eid: "T-SH-3", written: map[string]bool{"w": true}, ok: true}, // none in the database
		{eid: "T-SH-4", written: map[string]bool{"w": true}},           // no upsert succeeded: may be absent
	}
	rep := &Report{}
	if err := verify(t.Context(), db, "T", keys, shared, rep); err != nil {
		t.Fatal(err)
	}
	if rep.Duplicated != 2 || rep.Lost != 2 || rep.LostUpdates != 2 || rep.LostDeletes != 1 || rep.Stray != 1 || rep.Checked != 9 {
		t.Errorf("report %+v", rep)
	}
	if rep.OK() || strings.Join(rep.Problems(), ", ") != "2 lost writes, 2 duplicated writes, 2 lost updates, 1 lost deletes, 1 stray records" {
		t.Errorf("problems %q", rep.Problems())
	}
	// A clean database passes.
	rep = &Report{}
	if err := verify(t.Context(), db, "T", keys[:1], nil, rep); err != nil {
		t.Fatal(err)
	}
	if rep.Lost+rep.Duplicated+rep.LostUpdates+rep.LostDeletes != 0 || rep.Stray != 8 {
		t.Errorf("only T-ok named: %+v, want the other 8 rows stray", rep)
	}
}

func TestOptionsAndMix(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Ops: -1}, "operations"},
		{Options{Workers: -2}, "workers"},
		{Options{Keys: 1000}, "keys"},
		{Options{Contention: 1}, "contention"},
		{Options{Prefix: "A_B"}, "prefix"},
		{Options{Mix: Mix{"fly": 1}}, "unknown operation"},
		{Options{Mix: Mix{Get: -1}}, "negative"},
		{Options{Mix: Mix{Get: 0}}, "no operation"},
	} {
		if err := tc.o.defaults(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error about %s", tc.o, err, tc.want)
		}
	}
	m, err := ParseMix("create=2, get=3,create-noeid=1")
	if err != nil || m[Create] != 2 || m[Get] != 3 || m[CreateNoEID] != 1 || len(m) != 3 {
		t.Errorf("ParseMix: %v %v", m, err)
	}
	for _, bad := range []string{"create", "fly=1", "get=-1", "get=x", ""} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q) accepted", bad)
		}
	}
	if _, err := Run(t.Context(), nil, Options{}); err == nil {
		t.Error("Run without an emulator")
	}
}
