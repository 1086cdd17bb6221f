#!/usr/bin/env bash
# Interoperability checks against the emulator with third-party clients:
# requests signed by Debian's python3-oauthlib must be accepted, and refused
# when replayed; python3-requests-oauthlib runs a SuiteQL query and a record GET. Starts `netsuite sim serve` on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ns_setup
ns_start_emulator --demo --demo-size 2000
/usr/bin/python3 scripts/interop/oauthlib_check.py "$work/creds.json"
/usr/bin/python3 scripts/interop/requests_oauthlib_check.py "$work/creds.json"
