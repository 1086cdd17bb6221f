#!/usr/bin/env bash
# Independent check of `netsuite query -o parquet`: the 250,000 demo lines
# exported to Parquet are read back by the npm package hyparquet (an
# independent reader, installed unmodified into a temporary directory) and
# compared with the emulator's own answers: row count, column names in
# order, and the values (sums and one row). Needs node and npm, and access
# to the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${PARQUET_LINES:-250000}
. scripts/lib.sh
ns_setup
(cd "$work" && npm install --no-audit --no-fund --silent hyparquet@1 >"$work/npm.log" 2>&1) ||
  { echo "npm install hyparquet failed" >&2; cat "$work/npm.log" >&2; exit 1; }
ns_start_emulator --demo --demo-size "$lines"
ns() { "$NS" --credentials "$work/creds.json" "$@"; }
ns query --all -o parquet --out "$work/lines.parquet" \
  --types uniquekey=int,transaction=int,item=int,quantity=float,netamount=float,mainline=bool \
  'SELECT uniquekey, transaction, item, quantity, netamount, mainline, memo FROM transactionline ORDER BY uniquekey'
# What the emulator says, to compare with.
ns query -o json 'SELECT COUNT(*) AS n, COUNT(item) AS items, SUM(uniquekey) AS keys, SUM(netamount) AS amount, SUM(CASE WHEN mainline = '"'"'T'"'"' THEN 1 ELSE 0 END) AS mains FROM transactionline' >"$work/expect.json"
ns query -o json 'SELECT uniquekey, transaction, item, quantity, netamount, mainline, memo FROM transactionline WHERE item IS NOT NULL ORDER BY uniquekey FETCH FIRST 1 ROWS ONLY' >"$work/row.json"
NODE_PATH="$work/node_modules" node scripts/parquet/check.mjs "$work/lines.parquet" "$work/expect.json" "$work/row.json"
echo "parquet: hyparquet read the export back: all checks passed"
