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

. scripts/lib.sh
ns_need_debs python3-jwt python3-cryptography
ns_setup
ns_start_emulator --demo --demo-size 300
export XDG_CONFIG_HOME="$work/xdg"
/usr/bin/python3 scripts/oauth2_interop.py "$NS" "$work/creds.json" "$work" || {
  echo "oauth2 interop failed; emulator log:" >&2; tail -50 "$work/sim.log" >&2; exit 1; }
