package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSimSoak(t *testing.T) {
	out, errOut, code := run(t, nil, "sim", "soak", "--ops", "150", "--workers", "4", "--keys", "5", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s, stdout %s", code, errOut, out)
	}
	var rep struct {
		Ops        int            `json:"ops"`
		Lost       *int           `json:"lost_writes"`
		Duplicated *int           `json:"duplicated_writes"`
		FailedRead *int           `json:"failed_reads"`
		Ran        map[string]int `json:"ran"`
		FaultRates string         `json:"fault_rates"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Ops != 150 || rep.Lost == nil || *rep.Lost != 0 || rep.Duplicated == nil || *rep.Duplicated != 0 ||
		rep.FailedRead == nil || *rep.FailedRead != 0 || rep.Ran["create"] == 0 || !strings.Contains(rep.FaultRates, "drop-after=") {
		t.Errorf("report %s", out)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--mix", "create=1,fly=2"}, "unknown operation"},
		{[]string{"--fault-rate", "drop=2"}, "probability"},
		{[]string{"-o", "csv"}, "table or json"},
		{[]string{"--workers", "0"}, "workers"},
	} {
		_, errOut, code := run(t, nil, append([]string{"sim", "soak", "--ops", "10"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error about %s", tc.args, code, errOut, tc.want)
		}
	}
}
