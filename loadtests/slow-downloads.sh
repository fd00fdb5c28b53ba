#!/usr/bin/env bash
# Many concurrent slow downloads of one large file (issue 4): does memory stay bounded while every
# client holds a response open, and does every pooled buffer come back when they all hang up?
#
#   loadtests/slow-downloads.sh [-n 200] [-r 512k] [-t 30] [--size-mb 100] [--server PATH] [flags...]
#
# Starts StaticServe on a 100 MiB file, starts N curl clients each limited to RATE, samples the
# server's VmRSS and /stats every second for T seconds, then kills the clients mid-body and checks
# that poolInUse returns to 0. Prints a Markdown table (peak RSS, pool bytes, buffers in use,
# temporary buffers) to stdout; append it to loadtests/RESULTS.md by hand with the command line.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=200 rate=512k seconds=30 size_mb=100
server=src/StaticServe/bin/Release/net10.0/staticserve
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    -n) clients=$2; shift 2 ;;
    -r) rate=$2; shift 2 ;;
    -t) seconds=$2; shift 2 ;;
    --size-mb) size_mb=$2; shift 2 ;;
    --server) server=$2; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

[ -x "$server" ] || dotnet build src/StaticServe -c Release >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
truncate -s "${size_mb}M" "$work/big.bin"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" "$work" --host 127.0.0.1 --port "$port" --log-level warning "${extra[@]}" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

stat() { curl -fs "http://127.0.0.1:$port/stats" | jq -r ".$1"; }
alloc_start=$(stat totalAllocatedBytes)
pids=()
for _ in $(seq "$clients"); do
  curl -s --limit-rate "$rate" -o /dev/null "http://127.0.0.1:$port/big.bin" &
  pids+=($!)
done

peak_rss=0 peak_pool=0 peak_inuse=0
echo "second rss_kib pool_idle_bytes pool_in_use in_use_bytes temporary" >"$work/samples.txt"
for s in $(seq "$seconds"); do
  sleep 1
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  json=$(curl -fs "http://127.0.0.1:$port/stats")
  read -r pool inuse inuse_bytes temp < <(echo "$json" | jq -r '"\(.bufferPoolSize) \(.poolInUse) \(.poolInUseBytes) \(.poolTemporaryAllocations)"')
  echo "$s $rss $pool $inuse $inuse_bytes $temp" >>"$work/samples.txt"
  [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
  [ "$inuse_bytes" -gt "$peak_pool" ] && peak_pool=$inuse_bytes
  [ "$inuse" -gt "$peak_inuse" ] && peak_inuse=$inuse
done
hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
alloc_mb=$(( ($(stat totalAllocatedBytes) - alloc_start) / 1000000 ))
kill "${pids[@]}" 2>/dev/null || true
wait "${pids[@]}" 2>/dev/null || true

after=-1
for _ in $(seq 100); do
  after=$(stat poolInUse)
  [ "$after" = 0 ] && break
  sleep 0.1
done
temp=$(stat poolTemporaryAllocations)
limit=$(stat poolLimit)
kill "$pid"; wait "$pid" 2>/dev/null || true

mode="default (sendfile; a 4 KiB pooled copy while a socket is full)"
for flag in "${extra[@]}"; do [ "$flag" = --no-sendfile ] && mode="--no-sendfile (copied: direct up to 32 per CPU, then pooled)"; done
for flag in "${extra[@]}"; do [ "$flag" = --stream-via-pool ] && mode="$mode, --stream-via-pool"; done
echo "| streaming | clients | rate each | file | peak VmRSS | VmHWM | peak buffers in use | peak bytes in use (pooled + temporary) | pool limit | temporary buffers | allocated in ${seconds} s | in use after hang-up |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $mode | $clients | $rate/s | ${size_mb} MiB | $((peak_rss / 1024)) MiB | $((hwm / 1024)) MiB | $peak_inuse | $(if [ "$peak_pool" -lt 1048576 ]; then echo "$((peak_pool / 1024)) KiB"; else echo "$((peak_pool / 1024 / 1024)) MiB"; fi) | $((limit / 1024 / 1024)) MiB | $temp | $alloc_mb MB | $after |"
[ "$after" = 0 ] || { echo "FAIL: $after buffer(s) still in use after every client hung up" >&2; exit 1; }
