#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, then runs all of them:
# formatting, go vet, go test -race, and short fuzz runs of the parsers.
# Usage: scripts/test.sh            (FUZZTIME=5s by default)
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH 2>/dev/null || echo /root/go)/bin"
command -v go >/dev/null || { echo "Go 1.26+ is required: https://go.dev/dl/" >&2; exit 1; }

# --- what the tests need beyond Go -------------------------------------------
# Debian's python3-oauthlib and python3-requests-oauthlib sign requests
# independently of our signer (scripts/interop.sh).
need_pkgs=()
dpkg -s python3-oauthlib >/dev/null 2>&1 || need_pkgs+=(python3-oauthlib)
dpkg -s python3-requests-oauthlib >/dev/null 2>&1 || need_pkgs+=(python3-requests-oauthlib)
# Debian's python3-zeep loads the emulator's WSDL and calls it as an
# independent SOAP client (scripts/zeep.sh).
dpkg -s python3-zeep >/dev/null 2>&1 || need_pkgs+=(python3-zeep)
# redis-server: the distributed concurrency limit is tested against a real one.
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
# npm: the netsuite-rest client (scripts/netsuite-rest.sh).
command -v npm >/dev/null || need_pkgs+=(nodejs npm)
# tmux: the progress bar is checked in a real terminal (scripts/progress-check.sh).
command -v tmux >/dev/null || need_pkgs+=(tmux)
# python3-jwt: an independent JWT implementation against the emulator's OAuth 2.0 token endpoint.
dpkg -s python3-jwt >/dev/null 2>&1 || need_pkgs+=(python3-jwt)
# libxml2-utils: xmllint validates the SOAP client's requests against NetSuite's XSD (package soap).
command -v xmllint >/dev/null || need_pkgs+=(libxml2-utils)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "== installing ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "not gofmt-ed:" $unformatted >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go mod tidy (go.mod and go.sum must already be tidy)"
go mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy and commit" >&2; exit 1; }

echo "== staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

echo "== go test -race"
export NETSUITE_TEST_REQUIRE_REDIS=1 NETSUITE_REQUIRE_XMLLINT=1
go test -race -short -count=1 ./...

echo "== long tests (without -race: SuiteQL exports past the 100,000-row cap, 120k and 250k lines; offset paging at the cap; 20 processes sharing Redis; interrupted and resumed exports)"
go test -count=1 -run 'PastTheCap|ResultCap|ProcessesShareRedis|InterruptAndResume' ./suiteql ./internal/cli ./sim/internal/suiteqlengine

# One netsuite binary for the soak and all the check scripts below (scripts/lib.sh).
bin_dir=$(mktemp -d)
trap 'rm -rf "$bin_dir"' EXIT
go build -o "$bin_dir/netsuite" ./cmd/netsuite
export NETSUITE_BIN="$bin_dir/netsuite"

echo "== soak (10,000 mixed operations, 10 % injected faults, checked against the emulator's database)"
"$NETSUITE_BIN" sim soak --ops 10000 --seed 1 --fault-seed 1

echo "== interop (third-party OAuth client against the emulator)"
bash scripts/interop.sh

echo "== zeep (third-party SOAP client against the emulator)"
bash scripts/zeep.sh

echo "== OAuth 2.0 interop (python3-jwt against the emulator's token endpoint, and our assertions verified by python3-jwt)"
bash scripts/oauth2-interop.sh

echo "== netsuite-rest (the npm client netsuite-rest@1.0.9, unmodified, against the emulator)"
bash scripts/netsuite-rest.sh

echo "== parquet (the 250,000 demo lines exported to Parquet, read back by the npm reader hyparquet)"
bash scripts/parquet-check.sh

echo "== progress bar in a real terminal (tmux)"
bash scripts/progress-check.sh

echo "== fuzz (${FUZZTIME:=5s} each)"
fuzz() { go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" "$1" >/dev/null || { echo "fuzz $2 failed" >&2; go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" "$1"; exit 1; }; echo "ok  $1 $2"; }
fuzz . FuzzParseAccount
fuzz ./auth FuzzPercentEncode
fuzz ./auth FuzzBaseString
fuzz ./auth FuzzParseAuthorization
fuzz ./sim/internal/core FuzzOAuthRequest
fuzz ./sim/internal/soap FuzzSOAPEnvelope
fuzz ./sim/internal/jsonstr FuzzAppend
fuzz ./sim/internal/suiteqlengine FuzzParse
fuzz ./suiteql FuzzDecodePage
fuzz ./suiteql FuzzSelectColumns
fuzz ./sim/internal/records FuzzRecordQuery
fuzz ./soap/internal/wire FuzzDecode
fuzz ./soap FuzzParseCriterion
fuzz ./internal/parquet FuzzWriter
echo "all checks passed"
