#!/usr/bin/env bash
# An independent SOAP client against the emulator: Debian's python3-zeep
# (the SOAP library under the python `netsuite` and `netsuitesdk` packages)
# loads the WSDL and every XSD from the emulator, then calls getServerTime
# and get with a tokenPassport signed in python (scripts/zeep_check.py).
# Starts `netsuite sim serve` with the demo data on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
dpkg -s python3-zeep >/dev/null 2>&1 || need_pkgs+=(python3-zeep)
dpkg -s python3-requests-oauthlib >/dev/null 2>&1 || need_pkgs+=(python3-requests-oauthlib)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "== installing ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/netsuite" ./cmd/netsuite
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$work/netsuite" sim serve --addr "127.0.0.1:$port" --demo --demo-size 500 --credentials-out "$work/creds.json" >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 150); do
  [ -s "$work/creds.json" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/sim.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/creds.json" ] || { echo "emulator did not start" >&2; cat "$work/sim.log"; exit 1; }
for v in 2025_2 2023_2; do
  /usr/bin/python3 scripts/zeep_check.py "$work/creds.json" "$v" || { echo "zeep check $v failed; emulator log:" >&2; tail -50 "$work/sim.log" >&2; exit 1; }
done
