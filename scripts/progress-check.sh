#!/usr/bin/env bash
# The progress bar of `netsuite query --all` in a real terminal: the command
# runs in a tmux pane (stdout to a file, stderr to the terminal), and the
# pane must show rows, rows/s, elapsed time and a percentage of the total
# while it runs, and the final count at the end; the rows file must hold
# every row and no bar. Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
session="nsprogress$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; [ -n "$pid" ] && { kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; }; rm -rf "$work"' EXIT
go build -o "$work/netsuite" ./cmd/netsuite
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$work/netsuite" sim serve --addr "127.0.0.1:$port" --demo --demo-size 30000 --latency 60ms --credentials-out "$work/creds.json" >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  [ -s "$work/creds.json" ] && break
  kill -0 $pid 2>/dev/null || { cat "$work/sim.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/creds.json" ] || { echo "emulator did not start" >&2; exit 1; }
tmux new-session -d -s "$session" -x 160 -y 10 \
  "$work/netsuite --credentials $work/creds.json query --all --parallel 2 -o csv 'SELECT uniquekey, netamount FROM transactionline ORDER BY uniquekey' > $work/rows.csv; echo EXIT=\$?; sleep 30"
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
