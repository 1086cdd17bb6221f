#!/usr/bin/env bash
# Interoperability check with the npm package netsuite-rest@1.0.9
# (ehmad11/netsuite-rest), installed unmodified into a temporary directory:
# its documented request() API runs a SuiteQL query and creates, reads and
# deletes a customer against `netsuite sim serve` (demo data, a free
# loopback port, the guide's token credentials from --credentials-out).
# Needs node and npm, and access to the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; }; rm -rf "$work"' EXIT
(cd "$work" && npm install --no-audit --no-fund --silent netsuite-rest@1.0.9 >"$work/npm.log" 2>&1) ||
  { echo "npm install netsuite-rest@1.0.9 failed" >&2; cat "$work/npm.log" >&2; exit 1; }
go build -o "$work/netsuite" ./cmd/netsuite
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$work/netsuite" sim serve --addr "127.0.0.1:$port" --demo --demo-size 2000 --credentials-out "$work/creds.json" >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ -s "$work/creds.json" ] && break
  kill -0 $pid 2>/dev/null || { cat "$work/sim.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/creds.json" ] || { echo "emulator did not start" >&2; cat "$work/sim.log" >&2; exit 1; }
NODE_PATH="$work/node_modules" node scripts/netsuite-rest/check.js "$work/creds.json"
echo "netsuite-rest@1.0.9: all checks passed"
