#!/usr/bin/env bash
# OAuth 2.0 client credentials against an independent implementation:
# Debian's python3-jwt (PyJWT, with python3-cryptography).
#  1. Assertions signed by python3-jwt (ES256 with the demo's key, PS256
#     with an RSA 3072 key whose certificate python maps through
#     "netsuite sim admin certificate map"), with kid, scope as a string and
#     as an array, get an access token from the emulator's token endpoint,
#     and that bearer runs a SuiteQL query.
#  2. An assertion made by our client ("netsuite auth assertion") verifies
#     with python3-jwt (signature, alg, kid, iss, aud, exp - iat < 60 min).
# Starts `netsuite sim serve --demo` on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
dpkg -s python3-jwt >/dev/null 2>&1 || need_pkgs+=(python3-jwt)
dpkg -s python3-cryptography >/dev/null 2>&1 || need_pkgs+=(python3-cryptography)
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
"$work/netsuite" sim serve --addr "127.0.0.1:$port" --demo --demo-size 300 --credentials-out "$work/creds.json" >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 150); do
  [ -s "$work/creds.json" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/sim.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/creds.json" ] || { echo "emulator did not start" >&2; cat "$work/sim.log"; exit 1; }
export XDG_CONFIG_HOME="$work/xdg"
/usr/bin/python3 scripts/oauth2_interop.py "$work/netsuite" "$work/creds.json" "$work" || {
  echo "oauth2 interop failed; emulator log:" >&2; tail -50 "$work/sim.log" >&2; exit 1; }
