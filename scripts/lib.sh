# Shared by the check scripts (sourced, not run): a work directory removed
# on exit, the netsuite binary, Debian packages, and `netsuite sim serve`
# on a free loopback port.
#
#   . scripts/lib.sh
#   ns_need_debs python3-zeep            # installs what is missing (apt)
#   ns_setup                             # $work, $NS (the binary), cleanup on exit
#   ns_on_exit 'tmux kill-session …'     # more cleanup, run before the rest
#   ns_start_emulator --demo --demo-size 500   # $port, $pid, $work/creds.json, $work/sim.log
#
# NETSUITE_BIN names an already built binary (scripts/test.sh builds one
# for all the scripts); without it the script builds its own.

ns_need_debs() {
  local need=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  [ ${#need[@]} -eq 0 ] && return 0
  echo "== installing ${need[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
}

ns_exit_hooks=()
ns_on_exit() { ns_exit_hooks+=("$1"); }

ns_cleanup() {
  local h
  for h in "${ns_exit_hooks[@]}"; do eval "$h" || true; done
  if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [ -n "${work:-}" ] && rm -rf "$work"
}

ns_setup() {
  work=$(mktemp -d)
  pid=""
  trap ns_cleanup EXIT
  if [ -n "${NETSUITE_BIN:-}" ]; then
    NS=$NETSUITE_BIN
  else
    NS=$work/netsuite
    go build -o "$NS" ./cmd/netsuite
  fi
}

ns_free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

# ns_start_emulator FLAGS…: `netsuite sim serve FLAGS` on a free port,
# waiting (up to 60 s) until it has written its credentials.
ns_start_emulator() {
  port=$(ns_free_port)
  "$NS" sim serve --addr "127.0.0.1:$port" --credentials-out "$work/creds.json" "$@" >"$work/sim.log" 2>&1 &
  pid=$!
  local i
  for i in $(seq 600); do
    [ -s "$work/creds.json" ] && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the emulator exited:" >&2; cat "$work/sim.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the emulator did not start within 60 s:" >&2
  cat "$work/sim.log" >&2
  exit 1
}
