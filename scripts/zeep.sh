#!/usr/bin/env bash
# An independent SOAP client against the emulator: Debian's python3-zeep
# (the SOAP library under the python `netsuite` and `netsuitesdk` packages)
# loads the WSDL and every XSD from the emulator, then calls getServerTime
# and get with a tokenPassport signed in python (scripts/zeep_check.py).
# Starts `netsuite sim serve` with the demo data on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh
ns_need_debs python3-zeep python3-requests-oauthlib
ns_setup
ns_start_emulator --demo --demo-size 500
for v in 2025_2 2023_2; do
  /usr/bin/python3 scripts/zeep_check.py "$work/creds.json" "$v" || { echo "zeep check $v failed; emulator log:" >&2; tail -50 "$work/sim.log" >&2; exit 1; }
done
