#!/usr/bin/env bash
# Interoperability checks against the emulator with third-party clients:
# requests signed by Debian's python3-oauthlib must be accepted, and refused
# when replayed; python3-requests-oauthlib runs a SuiteQL query and a record GET. Starts `netsuite sim serve` on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/netsuite" ./cmd/netsuite
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$work/netsuite" sim serve --addr "127.0.0.1:$port" --demo --demo-size 2000 --credentials-out "$work/creds.json" >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ -s "$work/creds.json" ] && break
  kill -0 $pid 2>/dev/null || { cat "$work/sim.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/creds.json" ] || { echo "emulator did not start" >&2; cat "$work/sim.log"; exit 1; }
/usr/bin/python3 scripts/interop/oauthlib_check.py "$work/creds.json"
/usr/bin/python3 scripts/interop/requests_oauthlib_check.py "$work/creds.json"
