#!/usr/bin/env bash
# Verifies the container image without a Docker engine or registry access (CI and this machine have
# neither): buildah builds the REAL Dockerfile's final stage, and the image's own config (user, env,
# entrypoint, volume, port, healthcheck) is then run the way a container runtime would.
#
#   scripts/verify-image.sh            # uses publish/<rid>/staticserve, publishing it first if absent
#
# What stands in for what can't be had here:
#   - the `build` stage (SDK image, not pullable) -> `--build-context build=DIR` holding the binary
#     that scripts/publish-aot.sh produced with the same publish command;
#   - mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled -> a local image FROM scratch with
#     what the binary links against (found with ldd), /etc/passwd with `app` (1654), /tmp, and the
#     chiseled image's environment; passed as RUNTIME_DEPS_IMAGE;
#   - `docker run` -> a fresh network namespace (so the image's 0.0.0.0:8080 is used as is and
#     touches nothing else), a private mount and PID namespace (the server runs as PID 1, as in a
#     container), a read-only root, tmpfs /tmp, /srv bind-mounted read-only, chroot --userspec=1654;
#   - `docker exec` for HEALTHCHECK -> nsenter into those namespaces with the image's Healthcheck.Test.
# Needs root, buildah jq (apt-get install -y buildah jq), iproute2, util-linux, curl. Exits non-zero on any
# failure; takes about a minute with a published binary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(( EUID == 0 )) || die "needs root (network namespace, chroot, bind mounts)"
for tool in buildah jq ip unshare nsenter chroot curl; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y buildah jq iproute2 util-linux curl)"
done

binary="$REPO_ROOT/publish/$(host_rid)/staticserve"
[[ -x "$binary" ]] || "$REPO_ROOT/scripts/publish-aot.sh" >/dev/null
[[ -x "$binary" ]] || die "no binary at $binary"

# The uid/gid of `app` in Microsoft's chiseled images ($APP_UID); the Dockerfile's USER.
APP_UID=1654
# Seconds the server may take to drain and exit after SIGTERM before the check fails; the image keeps
# the server's default --shutdown-timeout, and an idle server should exit at once.
STOP_DEADLINE_S=15

work=$(mktemp -d /var/tmp/staticserve-verify.XXXXXX)
netns="staticserve-verify-$$"
# A private image store, removed at the end: nothing leaks into the machine's default storage and
# parallel runs do not share state. vfs: works on any filesystem, no fuse-overlayfs needed.
bah() { buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs "$@"; }
runner_pid=""
container=""
cleanup() {
  if [[ -n "$runner_pid" ]] && kill -0 "$runner_pid" 2>/dev/null; then
    kill -KILL "$runner_pid" 2>/dev/null || true
    wait "$runner_pid" 2>/dev/null || true
  fi
  ip netns del "$netns" 2>/dev/null || true
  [[ -z "$container" ]] || bah rm "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() { # check DESCRIPTION ACTUAL EXPECTED
  if [[ "$2" == "$3" ]]; then
    echo "  ok   $1"
  else
    echo "  FAIL $1: got '$2', expected '$3'"
    failures=$((failures + 1))
  fi
}

# ---- 1. build context: .dockerignore keeps it small and free of build output -------------------------
log "1/5 build context after .dockerignore"
printf 'FROM scratch\nCOPY . /context/\n' >"$work/Dockerfile.context"
bah bud -q --pull=never --isolation chroot -f "$work/Dockerfile.context" -t localhost/staticserve-verify/context "$REPO_ROOT" >/dev/null
c=$(bah from localhost/staticserve-verify/context)
ctx="$(bah mount "$c")/context"
(cd "$ctx" && find . -type f | sort) >"$work/context.txt"
context_bytes=$(du -sb "$ctx" | cut -f1)
bah rm "$c" >/dev/null
check "context has src/StaticServe/StaticServe.csproj" "$(grep -c '^./src/StaticServe/StaticServe.csproj$' "$work/context.txt")" 1
check "context has Directory.Packages.props" "$(grep -c '^./Directory.Packages.props$' "$work/context.txt")" 1
check "context has .editorconfig (EnforceCodeStyleInBuild)" "$(grep -c '^./.editorconfig$' "$work/context.txt")" 1
check "context has no bin/ obj/ .git publish/ tests/" \
  "$(grep -cE '/(bin|obj|\.git|publish|tests|benchmarks|loadtests)/' "$work/context.txt" || true)" 0
echo "       context: $(wc -l <"$work/context.txt") files, $context_bytes bytes"

# ---- 2. stand-in base image and the Dockerfile's final stage --------------------------------------
log "2/5 stand-in runtime-deps image + the Dockerfile's final stage"
c=$(bah from scratch)
rootfs=$(bah mount "$c")
# Every library the binary links against, at the path the dynamic loader expects (ldd prints both).
ldd "$binary" | grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/app"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/noshell\napp:x:%d:%d::/home/app:/noshell\n' $APP_UID $APP_UID >"$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:%d:\n' $APP_UID >"$rootfs/etc/group"
# The environment Microsoft's runtime-deps images set: ASPNETCORE_HTTP_PORTS matters, Kestrel
# reads it, and the server's own --host/--port must win over it.
bah config --env APP_UID=$APP_UID --env ASPNETCORE_HTTP_PORTS=8080 --env DOTNET_RUNNING_IN_CONTAINER=true \
  --user $APP_UID "$c"
bah commit -q "$c" localhost/staticserve-verify/runtime-deps >/dev/null
bah rm "$c" >/dev/null

mkdir -p "$work/build-stage/app"
cp "$binary" "$work/build-stage/app/staticserve"
# --format docker: OCI image configs have no HEALTHCHECK; Docker's keeps it, as `docker build` does.
bah bud -q --pull=never --isolation chroot --format docker \
  --build-context build="$work/build-stage" \
  --build-arg RUNTIME_DEPS_IMAGE=localhost/staticserve-verify/runtime-deps \
  --build-arg TARGETARCH="$(host_rid | sed 's/linux-x64/amd64/; s/linux-//')" \
  -f "$REPO_ROOT/Dockerfile" -t localhost/staticserve:verify "$REPO_ROOT" >/dev/null
echo "       image built: localhost/staticserve:verify, $(bah images --format '{{.Size}}' localhost/staticserve:verify)" \
  "with the stand-in base; the binary layer is $(stat -c %s "$binary") bytes"

# ---- 3. image config ------------------------------------------------------------------------------
log "3/5 image config"
bah inspect --type image localhost/staticserve:verify >"$work/image.json"
# The Docker-format config, as `docker inspect` shows it under .Config.
cfg() { jq -c ".Docker.config | $1" "$work/image.json"; }
check "User" "$(cfg .User)" "\"$APP_UID:$APP_UID\""
check "Entrypoint" "$(cfg .Entrypoint)" '["/app/staticserve"]'
check "Cmd empty (flags are appended)" "$(cfg '(.Cmd // []) | length')" 0
check "ExposedPorts" "$(cfg .ExposedPorts)" '{"8080/tcp":{}}'
check "Volumes" "$(cfg .Volumes)" '{"/srv":{}}'
check "StopSignal" "$(cfg .StopSignal)" '"SIGTERM"'
check "Healthcheck.Test" "$(cfg .Healthcheck.Test)" '["CMD","/app/staticserve","--healthcheck"]'
mapfile -t image_env < <(jq -r '.Docker.config.Env[]' "$work/image.json")
for want in STATICSERVE_HOST=0.0.0.0 STATICSERVE_PORT=8080 STATICSERVE_ROOT=/srv; do
  check "Env $want" "$(printf '%s\n' "${image_env[@]}" | grep -cx "$want")" 1
done
mapfile -t entrypoint < <(jq -r '.Docker.config.Entrypoint[]' "$work/image.json")
# Run as the image says, as a runtime would (numeric uid:gid; empty means root), so a wrong USER
# fails the uid check below too, not only the config check.
image_user=$(jq -r '.Docker.config.User // ""' "$work/image.json")
run_uid=${image_user%%:*}; run_uid=${run_uid:-0}
run_gid=${image_user#*:}; [[ "$image_user" == *:* ]] || run_gid=$run_uid
mapfile -t healthcheck < <(jq -r '.Docker.config.Healthcheck.Test[1:][]' "$work/image.json")

container=$(bah from --pull=never localhost/staticserve:verify)
rootfs=$(bah mount "$container")
check "binary owned by root, mode 555" "$(stat -c '%u:%g %a' "$rootfs/app/staticserve")" "0:0 555"
# Mount points a runtime creates in the container layer before it makes the root read-only.
mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/srv" "$rootfs/tmp"

# ---- 4. run it like a container ---------------------------------------------------------------------
log "4/5 run the entrypoint: own netns, PID 1, read-only root, image user $image_user, /srv read-only"
site="$work/site"
mkdir -p "$site/assets"
printf '<!doctype html><title>verify</title><p>served from the image</p>\n' >"$site/index.html"
head -c 3000000 /dev/urandom >"$site/assets/big.bin"
ip netns add "$netns"
# shellcheck disable=SC2016 # expanded by the inner shell
# --kill-child: if this script dies and kills the runner, the server (PID 1 of its namespace) dies too.
ip netns exec "$netns" unshare --mount --pid --fork --kill-child --propagation private -- /bin/sh -c '
  set -e
  rootfs=$1 site=$2; shift 2
  ip link set lo up
  mount --bind "$rootfs" "$rootfs"
  mount -o remount,bind,ro "$rootfs"
  mount -t proc proc "$rootfs/proc"
  mount -t tmpfs -o mode=755,size=64k tmpfs "$rootfs/dev"
  for d in null zero random urandom; do : >"$rootfs/dev/$d"; mount --bind "/dev/$d" "$rootfs/dev/$d"; done
  mount -t tmpfs -o mode=1777,size=16m tmpfs "$rootfs/tmp"
  mount --bind "$site" "$rootfs/srv"
  mount -o remount,bind,ro "$rootfs/srv"
  exec "$@"
' verify "$rootfs" "$site" \
  env -i "${image_env[@]}" "$(command -v chroot)" --userspec="$run_uid:$run_gid" "$rootfs" "${entrypoint[@]}" \
  >"$work/server.log" 2>&1 &
runner_pid=$!

# The server is the runner's only child (PID 1 in its namespace).
in_ns() { ip netns exec "$netns" "$@"; }
server_pid=""
deadline=$(( $(now_ms) + 10000 ))
until [[ -n "$server_pid" ]]; do
  server_pid=$(cat "/proc/$runner_pid/task/$runner_pid/children" 2>/dev/null | tr -d ' ' || true)
  kill -0 "$runner_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "container process exited"; }
  (( $(now_ms) < deadline )) || die "no server process"
done
ready_ms=$(in_ns bash -c "source '$REPO_ROOT/scripts/lib.sh'; wait_http http://127.0.0.1:8080/index.html 10000") \
  || { cat "$work/server.log" >&2; die "no 200 from http://127.0.0.1:8080/ inside the container's netns"; }
echo "       first 200 after ${ready_ms} ms of polling"
check "process runs as uid/gid $APP_UID" \
  "$(awk '/^Uid:|^Gid:/ { printf "%s %s %s %s;", $2, $3, $4, $5 }' "/proc/$server_pid/status")" \
  "$APP_UID $APP_UID $APP_UID $APP_UID;$APP_UID $APP_UID $APP_UID $APP_UID;"
check "GET /index.html body" "$(in_ns curl -sS http://127.0.0.1:8080/index.html | md5sum)" "$(md5sum <"$site/index.html")"
check "GET /assets/big.bin body (3 MB, streamed)" \
  "$(in_ns curl -sS http://127.0.0.1:8080/assets/big.bin | md5sum)" "$(md5sum <"$site/assets/big.bin")"
check "GET /healthz status" "$(in_ns curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/healthz)" "200"
# $(...) drops the trailing newline the server may send after "ok".
check "GET /healthz body" "$(in_ns curl -sS http://127.0.0.1:8080/healthz)" "ok"
check "GET /readyz status" "$(in_ns curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/readyz)" "200"

# ---- 5. HEALTHCHECK as the runtime runs it, then a graceful stop ---------------------------------
log "5/5 HEALTHCHECK via nsenter (docker exec), SIGTERM to PID 1"
health() { # health [EXTRA_ENV...]: runs Healthcheck.Test inside the container, prints its exit code
  local rc=0
  env -i "${image_env[@]}" "$@" "$(command -v nsenter)" --target "$server_pid" --net --mount --pid --root --wd \
    --setuid "$run_uid" --setgid "$run_gid" -- "${healthcheck[@]}" >>"$work/health.log" 2>&1 || rc=$?
  echo "$rc"
}
check "HEALTHCHECK exit code while serving" "$(health)" 0
# Port 1 inside the container's netns: nothing listens there, the probe must report unhealthy.
check "HEALTHCHECK exit code with nothing listening" "$(health STATICSERVE_PORT=1)" 1

stop_start=$(now_ms)
kill -TERM "$server_pid"
rc=0
# Polled every 10 ms (tail --pid would poll once a second and blur the figure), bounded by a deadline.
while kill -0 "$server_pid" 2>/dev/null; do
  (( $(now_ms) - stop_start < STOP_DEADLINE_S * 1000 )) || die "server did not exit within ${STOP_DEADLINE_S}s of SIGTERM"
  sleep 0.01
done
wait "$runner_pid" || rc=$?
runner_pid=""
check "exit code after SIGTERM as PID 1" "$rc" 0
echo "       stopped in $(( $(now_ms) - stop_start )) ms"

if (( failures > 0 )); then
  echo "--- server log (last 40 lines) ---"; tail -n 40 "$work/server.log"
  echo "--- healthcheck log ---"; cat "$work/health.log" 2>/dev/null || true
  echo "verify-image: FAIL ($failures checks failed)"
  exit 1
fi
echo "verify-image: PASS"
