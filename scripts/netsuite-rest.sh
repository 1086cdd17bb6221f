#!/usr/bin/env bash
# Interoperability check with the npm package netsuite-rest@1.0.9
# (ehmad11/netsuite-rest), installed unmodified into a temporary directory:
# its documented request() API runs a SuiteQL query and creates, reads and
# deletes a customer against `netsuite sim serve` (demo data, a free
# loopback port, the guide's token credentials from --credentials-out).
# Needs node and npm, and access to the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ns_setup
(cd "$work" && npm install --no-audit --no-fund --silent netsuite-rest@1.0.9 >"$work/npm.log" 2>&1) ||
  { echo "npm install netsuite-rest@1.0.9 failed" >&2; cat "$work/npm.log" >&2; exit 1; }
ns_start_emulator --demo --demo-size 2000
NODE_PATH="$work/node_modules" node scripts/netsuite-rest/check.js "$work/creds.json"
echo "netsuite-rest@1.0.9: all checks passed"
