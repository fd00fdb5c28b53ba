#!/usr/bin/env bash
# Side-by-side benchmark: wrk drives StaticServe and its reference servers, one after another, on
# the same generated corpus, and appends a Markdown table to loadtests/RESULTS.md.
#
#   loadtests/run.sh [-d 8s] [-c 32] [-w 40] [-s "staticserve staticserve-inline usestaticfiles fixedbytes nginx"]
#                    [-W "get-1k get-10m ..."] [-o loadtests/RESULTS.md] [--server PATH] [--no-build] [--no-record]
#   -s:            servers, measured in this order; a staticserve variant may add flags after `+`,
#                  e.g. staticserve+buffer-kb=256+stream-via-pool runs `--buffer-kb 256 --stream-via-pool`;
#   -W:            only these workloads (default: all);
#   --server PATH: the staticserve executable to measure (default: the Release build output), e.g. a
#                  Native AOT publish; --no-build skips building, --no-record skips RESULTS.md;
#   --report DIR:  only render (and record) the table of an earlier run's loadtests/out/DIR.
#
# Needs wrk and nginx (Debian: apt-get install -y wrk nginx) and two or more CPUs: the server is
# pinned to CPU 1, wrk to CPU 0. Not run in CI (CI runs `bash -n` on this file and builds the peers).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
LOADTESTS=$REPO/loadtests

# wrk settings of ../shared/BENCHMARKS.md: one thread, 32 connections, 8 s per workload.
DURATION=8s
CONNECTIONS=32
# 40 s of warm-up per server, spread over the workloads: tiered JIT and dynamic PGO need 20-60 s
# of load on one core before CPU per request settles (BENCHMARKS.md measured ~60 s for UseStaticFiles).
WARMUP_SECONDS=40
SERVERS="staticserve staticserve-inline usestaticfiles fixedbytes nginx"
ONLY_WORKLOADS=""
RESULTS=$LOADTESTS/RESULTS.md
BUILD=1
RECORD=1
REPORT_DIR=""
SERVER_PATH=$REPO/src/StaticServe/bin/Release/net10.0/staticserve

while [ $# -gt 0 ]; do
  case $1 in
    -d) DURATION=$2; shift 2 ;;
    -c) CONNECTIONS=$2; shift 2 ;;
    -w) WARMUP_SECONDS=$2; shift 2 ;;
    -s) SERVERS=$2; shift 2 ;;
    -o) RESULTS=$2; shift 2 ;;
    --server) SERVER_PATH=$(realpath "$2"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-record) RECORD=0; shift ;;
    --report) REPORT_DIR=$(realpath "$2"); shift 2 ;;
    -W) ONLY_WORKLOADS=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# staticserve reads STATICSERVE_* variables as flag defaults; a stray one would change what is measured.
while read -r variable; do unset "$variable"; done < <(compgen -e | grep '^STATICSERVE_' || true)

COMMAND="loadtests/run.sh -d $DURATION -c $CONNECTIONS -w $WARMUP_SECONDS -s \"$SERVERS\"${ONLY_WORKLOADS:+ -W \"$ONLY_WORKLOADS\"}"
SERVER_CPU=1
CLIENT_CPU=0
CLK_TCK=$(getconf CLK_TCK)
OUT=${REPORT_DIR:-$LOADTESTS/out/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
TSV=$OUT/results.tsv
TIMEFORMAT='%3U %3S'
SERVER_TSV=$OUT/servers.tsv

for tool in wrk nginx taskset curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk nginx util-linux curl)" >&2; exit 2; }
done
if [ "$(nproc)" -lt 2 ]; then
  echo "needs 2 CPUs (server on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU)" >&2
  exit 2
fi

# The same runtime settings for every .NET server: one CPU, workstation non-concurrent GC, PGO.
# Inline socket completions are off unless a server variant turns them on (recorded per row).
DOTNET_ENV=(DOTNET_PROCESSOR_COUNT=1 DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredPGO=1 DOTNET_TieredCompilation=1)

# ---- Markdown (a function, so --report can render an earlier run) ------------------------------
write_markdown() {
  CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  # `wrk -v` exits 1 after printing its version: keep pipefail from ending the script here.
  WRK_VERSION=$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }' || true)
  NGINX_VERSION=$(nginx -v 2>&1 | sed 's/.*nginx\///' || true)
  MD=$OUT/results.md
  {
    echo
    echo "## $RUN_DATE UTC, commit $COMMIT${DIRTY:+ (+ uncommitted changes in src/)}"
    echo
    echo "- machine: $(nproc) CPUs, $CPU_MODEL, $(uname -r); wrk $WRK_VERSION on CPU $CLIENT_CPU, server on CPU $SERVER_CPU"
    echo "- wrk: -t1 -c$CONNECTIONS -d$DURATION --latency; warm-up ${WARMUP_SECONDS}s per server over all workloads; nginx $NGINX_VERSION"
    echo "- .NET servers: ${DOTNET_ENV[*]}; DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 only for staticserve-inline"
    echo "- command: \`$COMMAND\`"
    echo "- ratios: ×usf = this server's figure ÷ UseStaticFiles', ×nginx = ÷ nginx's (req/s: higher is better; p99, CPU: lower is better)"
    echo
    echo "| workload | server | req/s | ×usf | ×nginx | MB/s | p50 ms | p99 ms | ×usf | ×nginx | CPU µs/req | ×usf | ×nginx | alloc B/req | steal % | other load % | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
      NR == 1 { next }
      { key = $2 SUBSEP $1; rps[key] = $4; p99[key] = $7; cpu[key] = $8; row[NR] = $0; order[NR] = $2; n = NR }
      function ratio(a, b) { return (b > 0 && a != "") ? sprintf("%.2f", a / b) : "–" }
      END {
        for (i = 2; i <= n; i++) {
          split(row[i], f, "\t")
          w = f[2]
          u = w SUBSEP "usestaticfiles"; g = w SUBSEP "nginx"
          errors = f[11]
          if (w == "inm-304" && f[12] > 1000) { errors = errors " (bodies: " f[12] " B/req)" }
          printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
            w, f[1], f[4], ratio(f[4], rps[u]), ratio(f[4], rps[g]), f[5], f[6], f[7], ratio(f[7], p99[u]), ratio(f[7], p99[g]),
            f[8], ratio(f[8], cpu[u]), ratio(f[8], cpu[g]), f[9], f[10], f[13], errors
        }
      }' "$TSV"
    echo
    echo "| server | start to first 200 (ms) | peak RSS (MiB) | ×usf | ×nginx | inline completions |"
    echo "|---|---:|---:|---:|---:|---|"
    awk -F'\t' '
      NR == 1 { next }
      { row[NR] = $0; rss[$1] = $3; n = NR }
      function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "–" }
      END { for (i = 2; i <= n; i++) { split(row[i], f, "\t"); printf "| %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], ratio(f[3], rss["usestaticfiles"]), ratio(f[3], rss["nginx"]), f[4] } }' "$SERVER_TSV"
    max_steal=$(awk -F'\t' 'NR > 1 && $10 > m { m = $10 } END { printf "%.1f", m + 0 }' "$TSV")
    max_other=$(awk -F'\t' 'NR > 1 && $13 > m { m = $13 } END { printf "%.1f", m + 0 }' "$TSV")
    echo
    echo "Disturbance: steal peaked at ${max_steal} % and other load (busy CPU time not used by the server or wrk) at ${max_other} % of the machine's CPU time during a measured run$(awk -v s="$max_steal" -v o="$max_other" 'BEGIN { if (s > 2 || o > 10) print ". Rows with steal above 2 % or other load above 10 % were disturbed: compare ratios within a row'"'"'s neighbours, not absolute figures, and repeat them on a quiet machine"; else print " (undisturbed)" }')."
  } >"$MD"

  cat "$MD"
  if [ "$RECORD" = 1 ]; then
    if [ ! -f "$RESULTS" ]; then
      printf "# Load-test results\n\nAppended by \`loadtests/run.sh\`; newest last. Never edit past entries.\n" >"$RESULTS"
    fi
    cat "$MD" >>"$RESULTS"
    echo "appended to $RESULTS (raw output in $OUT)"
  fi
}

if [ -n "$REPORT_DIR" ]; then
  # shellcheck source=/dev/null
  . "$OUT/settings.env"
  write_markdown
  exit 0
fi

# What is measured, recorded now (before building) so the table names the commit that was built
# and --report can render the same header later.
COMMIT=$(git -C "$REPO" rev-parse --short HEAD)
DIRTY=$(git -C "$REPO" status --porcelain -- src | head -n 1 || true)
RUN_DATE=$(date -u +%Y-%m-%d\ %H:%M)
{
  printf 'DURATION=%q\nCONNECTIONS=%q\nWARMUP_SECONDS=%q\nSERVERS=%q\n' "$DURATION" "$CONNECTIONS" "$WARMUP_SECONDS" "$SERVERS"
  printf 'COMMAND=%q\nCOMMIT=%q\nDIRTY=%q\nRUN_DATE=%q\n' "$COMMAND" "$COMMIT" "$DIRTY" "$RUN_DATE"
} >"$OUT/settings.env"

STATICSERVE=$SERVER_PATH
USF=$LOADTESTS/peers/UseStaticFilesPeer/bin/Release/net10.0/UseStaticFilesPeer
FIXED=$LOADTESTS/peers/FixedBytesPeer/bin/Release/net10.0/FixedBytesPeer
RUNNER=$LOADTESTS/StaticServe.LoadTests/bin/Release/net10.0/StaticServe.LoadTests.dll

if [ "$BUILD" = 1 ]; then
  echo "building (Release)..."
  for project in src/StaticServe loadtests/peers/UseStaticFilesPeer loadtests/peers/FixedBytesPeer loadtests/StaticServe.LoadTests; do
    dotnet build "$REPO/$project" -c Release --nologo -v quiet >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  done
fi

echo "corpus -> $OUT/corpus"
dotnet "$RUNNER" --write-corpus "$OUT/corpus" >/dev/null
ROOT=$OUT/corpus
(cd "$ROOT" && find many -type f | sort | head -n 1000 | sed 's|^|/|') >"$OUT/files.txt"
LARGE_SIZE=$(stat -c %s "$ROOT/large/10m.bin")

# name|script|path|extra env  (the 304 workload gets its ETag per server)
WORKLOADS=(
  "get-1k|get.lua|/hot/1k.bin"
  "get-100k|get.lua|/hot/100k.bin"
  "get-1m|get.lua|/hot/1m.bin"
  "get-10m|get.lua|/large/10m.bin"
  "files-1000|files.lua|/"
  "inm-304|etag.lua|/hot/1k.bin"
  "range-1k|range.lua|/large/10m.bin"
)
if [ -n "$ONLY_WORKLOADS" ]; then
  selected=()
  for spec in "${WORKLOADS[@]}"; do
    for wanted in $ONLY_WORKLOADS; do
      if [ "${spec%%|*}" = "$wanted" ]; then selected+=("$spec"); fi
    done
  done
  [ ${#selected[@]} -gt 0 ] || { echo "no workload matches -W \"$ONLY_WORKLOADS\"" >&2; exit 2; }
  WORKLOADS=("${selected[@]}")
fi

SERVER_PID=""
MEASURED_PID=""
NGINX_PREFIX=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  MEASURED_PID=""
}
trap cleanup EXIT

free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# utime + stime of a process, in clock ticks (all threads).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# "steal busy total" jiffies summed over all CPUs, from the first line of /proc/stat (busy = not
# idle, not iowait; steal is time the hypervisor gave our vCPUs to someone else).
# Steal is left out of busy: it is reported in its own column, and counting it twice would make
# a hypervisor's theft look like local load.
cpu_counters() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t - $5 - $6 - $9, t }' /proc/stat; }

# Allocated bytes so far, for .NET servers; "-" for nginx.
allocated() {
  case $1 in
    staticserve*) curl -sf "$BASE/stats" | sed -n 's/.*"totalAllocatedBytes":\([0-9.eE+]*\).*/\1/p' | awk '{ printf "%.0f\n", $1 }' ;;
    usestaticfiles|fixedbytes) curl -sf "$BASE/__alloc" ;;
    *) echo "-" ;;
  esac
}

# Extra staticserve flags of a variant name: staticserve+buffer-kb=256+stream-via-pool -> --buffer-kb 256 --stream-via-pool
variant_flags() {
  local rest=${1#*+} part
  [ "$rest" != "$1" ] || return 0
  IFS='+' read -r -a parts <<<"$rest"
  for part in "${parts[@]}"; do
    if [[ $part == *=* ]]; then printf '%s\n' "--${part%%=*}" "${part#*=}"; else printf '%s\n' "--$part"; fi
  done
}

start_server() {
  local name=$1 port=$2
  case $name in
    staticserve|staticserve+*)
      local flags=()
      mapfile -t flags < <(variant_flags "$name")
      taskset -c $SERVER_CPU env "${DOTNET_ENV[@]}" "$STATICSERVE" "$ROOT" --host 127.0.0.1 --port "$port" --log-level warning \
        "${flags[@]}" >"$OUT/$name.log" 2>&1 &
      ;;
    staticserve-inline)
      taskset -c $SERVER_CPU env "${DOTNET_ENV[@]}" DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
        "$STATICSERVE" "$ROOT" --host 127.0.0.1 --port "$port" --log-level warning >"$OUT/$name.log" 2>&1 &
      ;;
    usestaticfiles)
      taskset -c $SERVER_CPU env "${DOTNET_ENV[@]}" "$USF" "$ROOT" --host 127.0.0.1 --port "$port" >"$OUT/$name.log" 2>&1 &
      ;;
    fixedbytes)
      taskset -c $SERVER_CPU env "${DOTNET_ENV[@]}" "$FIXED" "$ROOT" --host 127.0.0.1 --port "$port" >"$OUT/$name.log" 2>&1 &
      ;;
    nginx)
      NGINX_PREFIX=$OUT/nginx
      mkdir -p "$NGINX_PREFIX/tmp"
      local user_line=""
      # As root, nginx would switch its worker to "nobody"; keep it the current user instead.
      if [ "$(id -u)" = 0 ]; then user_line="user root root;"; fi
      sed -e "s|@PREFIX@|$NGINX_PREFIX|g" -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$port|g" -e "s|@USER_LINE@|$user_line|" \
        "$LOADTESTS/nginx/nginx.conf.template" >"$NGINX_PREFIX/nginx.conf"
      taskset -c $SERVER_CPU nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" >"$OUT/$name.log" 2>&1 &
      ;;
    *) echo "unknown server $name" >&2; exit 2 ;;
  esac
  SERVER_PID=$!
}

run_wrk() { # script path label seconds -> RESULT line
  local script=$1 path=$2 seconds=$3
  WRK_LUA_DIR=$LOADTESTS/wrk WRK_FILE_LIST=$OUT/files.txt WRK_ETAG=$ETAG WRK_FILE_SIZE=$LARGE_SIZE \
    taskset -c $CLIENT_CPU wrk -t1 -c"$CONNECTIONS" -d"$seconds" --latency -s "$LOADTESTS/wrk/$script" "$BASE$path"
}

field() { sed -n "s/.*[ ]$1=\([0-9]*\).*/\1/p" <<<"$2"; }

printf "server\tworkload\trequests\trps\tmbps\tp50_ms\tp99_ms\tcpu_us\talloc_b\tsteal_pct\terrors\tbytes_per_req\tother_pct\n" >"$TSV"
printf "server\tstart_ms\tpeak_rss_mib\tinline\n" >"$SERVER_TSV"

for server in $SERVERS; do
  PORT=$(free_port)
  BASE=http://127.0.0.1:$PORT
  echo "== $server on $BASE"
  started=$(now_ms)
  start_server "$server" "$PORT"
  ready=""
  for _ in $(seq 1 1500); do
    if curl -sf -o /dev/null "$BASE/hot/1k.bin"; then ready=1; break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.01
  done
  if [ -z "$ready" ]; then
    echo "   $server did not answer; log:" >&2
    tail -n 20 "$OUT/$server.log" >&2
    cleanup
    continue
  fi
  start_ms=$(($(now_ms) - started))

  MEASURED_PID=$SERVER_PID
  if [ "$server" = nginx ]; then
    MEASURED_PID=$(pgrep -P "$SERVER_PID" | head -n 1)
  fi
  ETAG=$(curl -sI "$BASE/hot/1k.bin" | awk 'tolower($1) == "etag:" { sub(/\r$/, "", $2); print $2 }')

  per_workload=$((WARMUP_SECONDS / ${#WORKLOADS[@]}))
  if [ "$per_workload" -gt 0 ]; then
    echo "   warm-up ${WARMUP_SECONDS}s"
    for spec in "${WORKLOADS[@]}"; do
      IFS='|' read -r _ script path <<<"$spec"
      run_wrk "$script" "$path" "${per_workload}s" >/dev/null
    done
  fi

  for spec in "${WORKLOADS[@]}"; do
    IFS='|' read -r workload script path <<<"$spec"
    if [ "$server" = fixedbytes ] && [ "$workload" = range-1k ]; then
      continue # the fixed-bytes ceiling has no range support
    fi
    alloc_before=$(allocated "$server")
    ticks_before=$(cpu_ticks "$MEASURED_PID")
    read -r steal_before busy_before total_before < <(cpu_counters)
    # bash's `time` gives wrk's own user+system seconds: with the server's, what remains of the
    # machine's busy time is other work (parallel builds, other tenants) disturbing the run.
    { time run_wrk "$script" "$path" "$DURATION" >"$OUT/$server-$workload.txt"; } 2>"$OUT/$server-$workload.time"
    read -r steal_after busy_after total_after < <(cpu_counters)
    wrk_ticks=$(tail -n 1 "$OUT/$server-$workload.time" | awk -v hz="$CLK_TCK" '{ printf "%.0f", ($1 + $2) * hz }')
    ticks_after=$(cpu_ticks "$MEASURED_PID")
    alloc_after=$(allocated "$server")

    result=$(grep '^RESULT' "$OUT/$server-$workload.txt")
    requests=$(field requests "$result")
    bytes=$(field bytes "$result")
    duration_us=$(field duration_us "$result")
    errors=$(($(field err_connect "$result") + $(field err_read "$result") + $(field err_write "$result") + $(field err_status "$result") + $(field err_timeout "$result")))
    alloc="-"
    if [ "$alloc_before" != "-" ] && [ -n "$alloc_before" ] && [ -n "$alloc_after" ]; then
      alloc=$(awk -v a="$alloc_before" -v b="$alloc_after" -v n="$requests" 'BEGIN { printf "%.1f", (b - a) / (n > 0 ? n : 1) }')
    fi
    awk -v s="$server" -v w="$workload" -v n="$requests" -v by="$bytes" -v d="$duration_us" \
      -v p50="$(field p50_us "$result")" -v p99="$(field p99_us "$result")" \
      -v t=$((ticks_after - ticks_before)) -v hz="$CLK_TCK" -v al="$alloc" \
      -v st=$((steal_after - steal_before)) -v tt=$((total_after - total_before)) -v e="$errors" \
      -v bu=$((busy_after - busy_before)) -v wt="$wrk_ticks" 'BEGIN {
        other = tt > 0 ? 100 * (bu - t - wt) / tt : 0
        printf "%s\t%s\t%d\t%.0f\t%.1f\t%.2f\t%.2f\t%.1f\t%s\t%.1f\t%d\t%.0f\t%.1f\n", s, w, n, n / (d / 1e6), by / (d / 1e6) / 1e6,
          p50 / 1000, p99 / 1000, (n > 0 ? t * 1e6 / hz / n : 0), al, (tt > 0 ? 100 * st / tt : 0), e, (n > 0 ? by / n : 0),
          (other > 0 ? other : 0)
      }' >>"$TSV"
    tail -n 1 "$TSV" | awk -F'\t' '{ printf "   %-10s %10s req/s %8s MB/s  p50 %6s ms  p99 %7s ms  %7s CPU us/req  alloc %s B/req  steal %s%%  other load %s%%  errors %s\n", $2, $4, $5, $6, $7, $8, $9, $10, $13, $11 }'
  done

  peak_kib=$(awk '/^VmHWM/ { print $2 }' "/proc/$MEASURED_PID/status")
  inline=no
  if [ "$server" = staticserve-inline ]; then inline=yes; fi
  printf "%s\t%d\t%.0f\t%s\n" "$server" "$start_ms" "$(awk -v k="$peak_kib" 'BEGIN { print k / 1024 }')" "$inline" >>"$SERVER_TSV"
  cleanup
done

write_markdown
