#!/usr/bin/env bash
# Working set over a long run (issue 3): is memory flat, and within cache budget + pool budget + a
# fixed overhead, while a mixed load churns the cache?
#
#   loadtests/soak.sh [-t 600] [-c 32] [--server PATH] [staticserve flags...]
#
# Generates 80 MiB of cacheable files (160 × 512 KiB, more than the default 50 MB cache, so the LRU
# evicts all the time), plus the load-test corpus (1000 small files, 10 MiB and 100 MiB files), and
# drives it with wrk round-robin over all of them (server on CPU 1, wrk on CPU 0). Samples /stats
# every 10 s and prints a Markdown table (one row a minute) and the spread of the working set after
# the first minute. Append it to loadtests/RESULTS.md by hand with the command line.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=600 connections=32
server=src/StaticServe/bin/Release/net10.0/staticserve
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    -t) seconds=$2; shift 2 ;;
    -c) connections=$2; shift 2 ;;
    --server) server=$2; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

for tool in wrk jq taskset curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk jq util-linux curl)" >&2; exit 2; }
done
dotnet build src/StaticServe -c Release --nologo -v quiet >/dev/null
dotnet build loadtests/StaticServe.LoadTests -c Release --nologo -v quiet >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet loadtests/StaticServe.LoadTests/bin/Release/net10.0/StaticServe.LoadTests.dll --write-corpus "$work/root" >/dev/null
mkdir -p "$work/root/soak"
for i in $(seq -w 1 160); do head -c 524288 /dev/urandom >"$work/root/soak/$i.bin"; done
{
  (cd "$work/root" && find many soak -type f | sort | sed 's|^|/|')
  # One large download per ~100 small requests keeps the streaming path and the pool busy too.
  for _ in $(seq 12); do echo /large/10m.bin; done
  echo /large/100m.bin
} | shuf --random-source=<(yes) >"$work/files.txt"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c 1 "$server" "$work/root" --host 127.0.0.1 --port "$port" --log-level warning "${extra[@]}" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
limits=$(curl -fs "http://127.0.0.1:$port/stats" | jq -r ".poolLimit")

WRK_LUA_DIR=$PWD/loadtests/wrk WRK_FILE_LIST=$work/files.txt \
  taskset -c 0 wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s loadtests/wrk/files.lua "http://127.0.0.1:$port/" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!

echo "| minute | requests | working set MiB | GC heap MiB | cached MiB | cache evictions | pool idle MiB | pool in use | gen0 | gen1 | gen2 |" >"$work/table.md"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >>"$work/table.md"
: >"$work/ws.txt"
for s in $(seq 10 10 "$seconds"); do
  sleep 10
  json=$(curl -fs -m 5 "http://127.0.0.1:$port/stats" || echo '{}')
  ws=$(jq -r '.workingSetBytes // 0' <<<"$json")
  [ "$s" -gt 60 ] && echo "$ws" >>"$work/ws.txt"
  if [ $((s % 60)) = 0 ]; then
    jq -r --arg m $((s / 60)) '"| \($m) | \(.requests) | \(.workingSetBytes / 1048576 | floor) | \(.heapSizeBytes / 1048576 | floor) | \(.totalSize / 1048576 | floor) | \(.cacheEvictions) | \(.bufferPoolSize / 1048576 | floor) | \(.poolInUse) | \(.gcGen0) | \(.gcGen1) | \(.gcGen2) |"' <<<"$json" >>"$work/table.md"
  fi
done
wait "$wrk_pid" || true
kill "$pid"; wait "$pid" 2>/dev/null || true

cat "$work/table.md"
echo
sort -n "$work/ws.txt" | awk -v limits="$limits" '{ v[NR] = $1 } END {
  printf "Working set after the first minute (%d samples, every 10 s): min %.0f MiB, median %.0f MiB, max %.0f MiB; pool limit %s bytes.\n",
    NR, v[1] / 1048576, v[int((NR + 1) / 2)] / 1048576, v[NR] / 1048576, limits }'
grep -E "requests in|Socket errors|Non-2xx" "$work/wrk.txt" || true
