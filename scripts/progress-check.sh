#!/usr/bin/env bash
# The progress bar of `netsuite query --all` in a real terminal: the command
# runs in a tmux pane (stdout to a file, stderr to the terminal), and the
# pane must show rows, rows/s, elapsed time and a percentage of the total
# while it runs, and the final count at the end; the rows file must hold
# every row and no bar. Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
session="nsprogress$$"
ns_setup
ns_on_exit 'tmux kill-session -t "$session" 2>/dev/null'
ns_start_emulator --demo --demo-size 30000 --latency 60ms
tmux new-session -d -s "$session" -x 160 -y 10 \
  "$NS --credentials $work/creds.json query --all --parallel 2 -o csv 'SELECT uniquekey, netamount FROM transactionline ORDER BY uniquekey' > $work/rows.csv; echo EXIT=\$?; sleep 30"
seen_running=
for _ in $(seq 200); do
  pane=$(tmux capture-pane -p -t "$session")
  if grep -q "rows/s" <<<"$pane" && grep -q "elapsed" <<<"$pane" && grep -Eq "[0-9]+% of 30000" <<<"$pane"; then
    seen_running=1
  fi
  grep -q "EXIT=" <<<"$pane" && break
  sleep 0.1
done
pane=$(tmux capture-pane -p -t "$session")
echo "$pane" | sed 's/^/  | /'
[ -n "$seen_running" ] || { echo "progress-check: the bar never showed rows/s, elapsed and a percentage" >&2; exit 1; }
grep -q "EXIT=0" <<<"$pane" || { echo "progress-check: the export failed" >&2; exit 1; }
grep -q "30000 rows" <<<"$pane" || { echo "progress-check: the final count is not shown" >&2; exit 1; }
rows=$(($(wc -l <"$work/rows.csv") - 1))
[ "$rows" = 30000 ] || { echo "progress-check: $rows rows in the output, want 30000" >&2; exit 1; }
if grep -q "rows/s" "$work/rows.csv"; then echo "progress-check: the bar went to stdout" >&2; exit 1; fi
echo "progress-check: the bar showed in a terminal and stayed out of the output"
