#!/usr/bin/env bash
# Load-balancer proof without Docker: two StaticServe replicas on loopback ports behind nginx running
# the committed deploy/nginx/staticserve.conf (only its upstream server and listen lines rewritten).
#   1. both replicas serve (nginx's X-Upstream header names the replica);
#   2. client loops request continuously (small and 1 MiB files, several in parallel) while replica A
#      gets SIGTERM; A must drain and exit 0, and not one request may fail or come back short.
#
#   deploy/test-lb.sh            # uses publish/<rid>/staticserve (publishes it first if absent)
#   STATICSERVE_BIN=path deploy/test-lb.sh
#
# Needs nginx (apt-get install -y nginx) and curl. Loopback only, fresh ports, bounded in requests and
# time. Prints PASS or FAIL and exits accordingly.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# Requests completed before the SIGTERM, and again after replica A has exited: enough to cover every
# phase (both up, A draining, A gone) several times over across the parallel clients.
REQUESTS_PER_PHASE=400
CLIENTS=4
# URLs per curl invocation: each client reuses one keep-alive connection to nginx for a batch.
BATCH=10
# Whole-run bound; a normal run takes a few seconds.
RUN_DEADLINE_MS=90000
# The replicas' drain budget (--shutdown-timeout) and how long we wait for A to exit after SIGTERM.
SHUTDOWN_TIMEOUT_S=10
EXIT_DEADLINE_MS=15000

binary=${STATICSERVE_BIN:-$REPO_ROOT/publish/$(host_rid)/staticserve}
[[ -x "$binary" ]] || "$REPO_ROOT/scripts/publish-aot.sh" >/dev/null
[[ -x "$binary" ]] || die "no StaticServe binary at $binary"
command -v nginx >/dev/null || die "nginx not found (apt-get install -y nginx)"

work=$(mktemp -d)
pids=()
nginx_pid=""
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  # TERM, not KILL, for nginx: its master then stops the workers, which would otherwise be orphaned
  # and keep the port (and this script's stdout) open.
  [[ -z "$nginx_pid" ]] || kill -TERM "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "--- replica A log ---"; tail -n 20 "$work/a.log" 2>/dev/null || true
  echo "--- replica B log ---"; tail -n 20 "$work/b.log" 2>/dev/null || true
  echo "--- nginx error log ---"; tail -n 20 "$work/error.log" 2>/dev/null || true
  echo "test-lb: FAIL: $*"
  exit 1
}
started=$(now_ms)
in_time() { (( $(now_ms) - started < RUN_DEADLINE_MS )) || fail "run exceeded ${RUN_DEADLINE_MS} ms"; }

# ---- site --------------------------------------------------------------------------------------------
site="$work/site"
mkdir -p "$site"
printf '<!doctype html><title>lb</title><p>balanced</p>\n' >"$site/index.html"
head -c 1048576 /dev/urandom >"$site/big.bin"
small_size=$(stat -c %s "$site/index.html")
big_size=$(stat -c %s "$site/big.bin")

# ---- replicas ------------------------------------------------------------------------------------------
# Started from this shell (not a $(...) subshell), so `wait` can collect their exit codes.
# Port 0: the kernel picks a free port at bind time and the start-up line names it, so two replicas
# (or anything else on the machine) can never race for a port chosen in advance.
start_replica() { # start_replica NAME
  "$binary" "$site" --host 127.0.0.1 --port 0 --shutdown-timeout "$SHUTDOWN_TIMEOUT_S" >"$work/$1.log" 2>&1 &
}
bound_port() { # bound_port NAME: the port from "Serving ... on http://127.0.0.1:PORT"
  local i port
  for i in $(seq 100); do
    port=$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/$1.log" | head -n 1)
    [[ -n "$port" ]] && { echo "$port"; return 0; }
    sleep 0.1
  done
  return 1
}
start_replica a
pid_a=$!
start_replica b
pid_b=$!
pids+=("$pid_a" "$pid_b")
port_a=$(bound_port a) || fail "replica A did not report its port"
port_b=$(bound_port b) || fail "replica B did not report its port"
wait_http "http://127.0.0.1:$port_a/readyz" 10000 >/dev/null || fail "replica A not ready on :$port_a"
wait_http "http://127.0.0.1:$port_b/readyz" 10000 >/dev/null || fail "replica B not ready on :$port_b"
log "replicas ready: A=127.0.0.1:$port_a (pid $pid_a), B=127.0.0.1:$port_b (pid $pid_b)"

# ---- nginx with the committed config ------------------------------------------------------------------
port_lb=$(free_port)
conf="$REPO_ROOT/deploy/nginx/staticserve.conf"
# One `server staticserve:...` line becomes one line per replica, keeping its parameters.
sed -E \
  -e "s|^([[:space:]]*)server staticserve:8080(.*)$|\1server 127.0.0.1:$port_a\2\n\1server 127.0.0.1:$port_b\2|" \
  -e "s|^([[:space:]]*)listen 8080;|\1listen 127.0.0.1:$port_lb;|" \
  "$conf" >"$work/staticserve.conf"
# The rewrite must have hit exactly the expected lines, or this would test some other config.
[[ $(grep -cE "server 127\.0\.0\.1:($port_a|$port_b) " "$work/staticserve.conf") -eq 2 ]] \
  || fail "could not rewrite the upstream server line of $conf"
[[ $(grep -c "listen 127.0.0.1:$port_lb;" "$work/staticserve.conf") -eq 1 ]] || fail "could not rewrite the listen line of $conf"
diff <(grep -v -E 'server (staticserve|127\.0\.0\.1):|listen ' "$conf") \
     <(grep -v -E 'server (staticserve|127\.0\.0\.1):|listen ' "$work/staticserve.conf") >/dev/null \
  || fail "the rewrite changed more than the server and listen lines"

# The process-level settings the stock nginx.conf provides in the image, pointed at this folder.
mkdir -p "$work/temp"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    log_format upstream '\$status \$body_bytes_sent "\$request" upstream=\$upstream_addr status=\$upstream_status';
    access_log $work/access.log upstream;
    client_body_temp_path $work/temp/body;
    proxy_temp_path $work/temp/proxy;
    fastcgi_temp_path $work/temp/fastcgi;
    uwsgi_temp_path $work/temp/uwsgi;
    scgi_temp_path $work/temp/scgi;
    include $work/staticserve.conf;
}
CONF
# Workers of a root master run as nobody: they must be able to reach the temp folders.
chmod 755 "$work"
nginx -t -q -p "$work" -c "$work/nginx.conf" -e "$work/error.log" || fail "nginx rejects the config"
nginx -p "$work" -c "$work/nginx.conf" -e "$work/error.log" -g 'daemon off;' &
nginx_pid=$!
lb="http://127.0.0.1:$port_lb"
wait_http "$lb/healthz" 10000 >/dev/null || fail "nginx not answering on :$port_lb"
log "nginx $(nginx -v 2>&1 | sed 's/.*\///') on :$port_lb with deploy/nginx/staticserve.conf"

# ---- 1. both replicas serve ----------------------------------------------------------------------------
seen=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w '%header{x-upstream}\n' "$lb/index.html"; done | sort | uniq -c)
grep -q "127.0.0.1:$port_a$" <<<"$seen" || fail "replica A never answered through nginx: $seen"
grep -q "127.0.0.1:$port_b$" <<<"$seen" || fail "replica B never answered through nginx: $seen"
echo "  ok   both replicas answer through nginx:" $seen

# ---- 2. SIGTERM one replica under continuous load -----------------------------------------------------
# Each client loops over batches of URLs on one connection to nginx, one result line per request:
# "<status> <bytes> <expected bytes> <upstream(s)>". It stops when the stop file appears.
client() { # client ID
  local args=() i
  for (( i = 0; i < BATCH; i++ )); do
    if (( i % 2 )); then args+=(-o /dev/null "$lb/big.bin?c=$1"); else args+=(-o /dev/null "$lb/index.html?c=$1"); fi
  done
  while [[ ! -f "$work/stop" ]] && (( $(now_ms) - started < RUN_DEADLINE_MS )); do
    curl -s --max-time 20 -w '%{http_code} %{size_download} %{url_effective} %header{x-upstream}\n' "${args[@]}" \
      >>"$work/results.$1" || true
  done
}
count() { cat "$work"/results.* 2>/dev/null | wc -l; }
client_pids=()
for (( c = 1; c <= CLIENTS; c++ )); do client "$c" & client_pids+=("$!"); done
pids+=("${client_pids[@]}")

until (( $(count) >= REQUESTS_PER_PHASE )); do in_time; done
before_kill=$(count)
kill_ms=$(now_ms)
kill -TERM "$pid_a"
log "SIGTERM to replica A after $before_kill requests"
until ! kill -0 "$pid_a" 2>/dev/null; do
  (( $(now_ms) - kill_ms < EXIT_DEADLINE_MS )) || fail "replica A still running ${EXIT_DEADLINE_MS} ms after SIGTERM"
done
rc_a=0
wait "$pid_a" || rc_a=$?
exited_ms=$(( $(now_ms) - kill_ms ))
at_exit=$(count)
until (( $(count) >= at_exit + REQUESTS_PER_PHASE )); do in_time; done
touch "$work/stop"
for p in "${client_pids[@]}"; do wait "$p" 2>/dev/null || true; done
kill -0 "$pid_b" 2>/dev/null || fail "replica B died"
kill -0 "$nginx_pid" 2>/dev/null || fail "nginx died"

# ---- verdict ---------------------------------------------------------------------------------------------
cat "$work"/results.* >"$work/results"
total=$(wc -l <"$work/results")
failed=$(awk -v s="$small_size" -v b="$big_size" '
  { want = ($3 ~ /big\.bin/) ? b : s }
  $1 != 200 || $2 != want { bad++; if (bad <= 5) print "  failed request: " $0 > "/dev/stderr" }
  END { print bad + 0 }' "$work/results")
by_a=$(grep -c "127.0.0.1:$port_a\$" "$work/results" || true)
by_b=$(grep -c "127.0.0.1:$port_b\$" "$work/results" || true)
retried=$(grep -c ', ' "$work/results" || true)
echo "  replica A exit code after SIGTERM: $rc_a (exited after $exited_ms ms)"
echo "  requests: $total total, $failed failed; answered by A: $by_a, by B: $by_b, retried by nginx: $retried"
(( rc_a == 0 )) || fail "replica A exited $rc_a after SIGTERM (expected 0: graceful shutdown)"
(( by_a > 0 && by_b > 0 )) || fail "load was not spread over both replicas"
(( failed == 0 )) || fail "$failed of $total requests failed while a replica was stopped"
echo "test-lb: PASS ($total requests, 0 failed, replica A drained and exited 0)"
