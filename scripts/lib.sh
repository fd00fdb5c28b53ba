#!/usr/bin/env bash
# Helpers shared by scripts/*.sh and deploy/*.sh (sourced, not run).

# Repository root, whatever the caller's working directory.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# Milliseconds since the epoch (GNU date).
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The RID for this machine's architecture: the AOT compiler only targets the host architecture here.
host_rid() {
  case "$(uname -m)" in
    x86_64) echo linux-x64 ;;
    aarch64) echo linux-arm64 ;;
    *) die "unsupported architecture $(uname -m)" ;;
  esac
}

# A TCP port nobody listens on, picked at random from the dynamic range (never a fixed port, so
# parallel runs and other services do not collide). The caller still fails loudly if the bind loses
# a race.
free_port() {
  local port tries=0
  while (( tries++ < 200 )); do
    port=$(( 20000 + RANDOM % 40000 ))
    if [[ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]]; then
      echo "$port"
      return 0
    fi
  done
  die "no free TCP port found"
}

# wait_http URL DEADLINE_MS: polls URL with curl until it answers 200; prints the ms it took.
# Fails when the deadline passes. Used for readiness, never as a retry around a real assertion.
wait_http() {
  local url=$1 deadline_ms=$2 start
  start=$(now_ms)
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url")" == 200 ]]; do
    (( $(now_ms) - start < deadline_ms )) || return 1
  done
  echo $(( $(now_ms) - start ))
}
