#!/usr/bin/env bash
# Measures the published binary's start-up and idle footprint, the two Native AOT targets of issue 6:
#   - start to first response: ms from launching the process to the first 200 for a real file, polling
#     the port in a tight loop. The poll uses bash's /dev/tcp, not a curl process per attempt: starting
#     curl costs 3-5 ms on an idle machine and 20-50 ms on a loaded one, which would swamp the figure;
#     /dev/tcp needs no fork, so the resolution is well under 1 ms. curl checks the answer afterwards;
#   - working set at idle: VmRSS from /proc/PID/status after IDLE_SECONDS with no traffic (one request
#     served first, so the figure includes the first-request paths).
#
#   scripts/measure-startup.sh [BINARY] [--runs N] [--idle-seconds S] [--path /index.html] [--enforce]
#
# BINARY defaults to publish/<host rid>/staticserve (scripts/publish-aot.sh). --enforce exits 1 when
# the median start-up exceeds STARTUP_BUDGET_MS (60) or the idle RSS exceeds RSS_BUDGET_MB (40).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Targets from issue 6.
STARTUP_BUDGET_MS=${STARTUP_BUDGET_MS:-60}
RSS_BUDGET_MB=${RSS_BUDGET_MB:-40}
# Give up on a run after 10 s: a healthy AOT start is two orders of magnitude faster.
START_DEADLINE_MS=10000

binary="$REPO_ROOT/publish/$(host_rid)/staticserve"
runs=7
idle_seconds=3
enforce=false
path=/index.html
while (( $# )); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --idle-seconds) idle_seconds=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    --enforce) enforce=true; shift ;;
    -*) die "unknown option $1" ;;
    *) binary=$1; shift ;;
  esac
done
[[ -x "$binary" ]] || die "$binary not found: run scripts/publish-aot.sh first"

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/site"
printf '<!doctype html><title>measure</title><p>hello</p>\n' >"$work/site/index.html"

# Starts the server in the background on $port; sets pid.
start_server() {
  "$binary" "$work/site" --host 127.0.0.1 --port "$port" >>"$work/server.log" 2>&1 &
  pid=$!
}

# Stops the server with SIGTERM (the way an orchestrator does) and checks it exits 0.
stops=()
stop_server() {
  local rc=0 t=${EPOCHREALTIME/./}
  kill -TERM "$pid"
  wait "$pid" || rc=$?
  stops+=("$(( (${EPOCHREALTIME/./} - t) / 1000 ))")
  pid=""
  (( rc == 0 )) || die "server exited $rc after SIGTERM (log: $(tail -n 5 "$work/server.log"))"
}

# probe PORT PATH: true when GET PATH answers 200; fork-free (bash builtins only).
probe() {
  local status
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  read -r -t 5 status <&3 || status=""
  exec 3>&-
  [[ "$status" == "HTTP/1.1 200 "* ]]
}

startups=()
for (( i = 1; i <= runs; i++ )); do
  port=$(free_port)
  # Microseconds from bash's clock: reading it forks nothing, unlike $(date).
  t0=${EPOCHREALTIME/./}
  start_server
  until probe "$port" "$path"; do
    kill -0 "$pid" 2>/dev/null || die "server exited during start-up: $(head -n 12 "$work/server.log")"
    (( ${EPOCHREALTIME/./} - t0 < START_DEADLINE_MS * 1000 )) \
      || die "no 200 for $path within $START_DEADLINE_MS ms: $(tail -n 5 "$work/server.log")"
  done
  ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
  startups+=("$ms")
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")" == 200 ]] || die "curl does not get 200 for $path"
  if (( i < runs )); then stop_server; fi
done

# The last run stays up for the idle measurement.
sleep "$idle_seconds"
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
stop_server

sorted=$(printf '%s\n' "${startups[@]}" | sort -n)
median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
min=$(head -n 1 <<<"$sorted")
max=$(tail -n 1 <<<"$sorted")
rss_mb=$(awk -v kb="$rss_kb" 'BEGIN { printf "%.1f", kb / 1024 }')
hwm_mb=$(awk -v kb="$hwm_kb" 'BEGIN { printf "%.1f", kb / 1024 }')

echo "binary:            $binary ($(stat -c %s "$binary") bytes)"
echo "machine:           $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (figures are only comparable on a quiet machine)"
echo "start to first 200 ($path): median ${median} ms, min ${min} ms, max ${max} ms over $runs runs (${startups[*]})  [target <= ${STARTUP_BUDGET_MS} ms]"
echo "idle after ${idle_seconds}s:      VmRSS ${rss_mb} MiB, VmHWM ${hwm_mb} MiB, ${threads} threads  [target <= ${RSS_BUDGET_MB} MB]"

echo "SIGTERM to exit (idle): ${stops[*]} ms"

if $enforce; then
  (( median <= STARTUP_BUDGET_MS )) || die "median start-up ${median} ms > ${STARTUP_BUDGET_MS} ms"
  (( rss_kb <= RSS_BUDGET_MB * 1024 )) || die "idle RSS ${rss_mb} MiB > ${RSS_BUDGET_MB} MiB"
  echo "PASS: start-up and idle RSS within budget"
fi
