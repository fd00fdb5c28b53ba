#!/usr/bin/env bash
# Validates the compose files without a Docker engine: `config` parses and normalises them (no daemon
# needed), then the settings that must agree across files are checked.
#
#   scripts/verify-compose.sh      # needs docker-compose (apt-get install -y docker-compose: v1.29)
# Uses `docker compose` (v2) instead when that is what the machine has.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if command -v docker-compose >/dev/null; then compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then compose=(docker compose)
else die "no docker-compose (apt-get install -y docker-compose)"; fi

cd "$REPO_ROOT"
failures=0
check() { # check DESCRIPTION COMMAND...
  if "${@:2}" >/dev/null 2>&1; then echo "  ok   $1"; else echo "  FAIL $1"; failures=$((failures + 1)); fi
}
single=$("${compose[@]}" -f docker-compose.yml config) || die "docker-compose.yml does not validate"
scale=$("${compose[@]}" -f docker-compose.scale.yml config) || die "docker-compose.scale.yml does not validate"
echo "  ok   both files validate with ${compose[*]} $("${compose[@]}" version --short 2>/dev/null || true)"

check "single: site mounted read-only at /srv" grep -qE 'samples/site:/srv:ro' <<<"$single"
check "single: port 8080 published" grep -qE 'published: (8080|"8080")|8080:8080' <<<"$single"
check "single: restart policy" grep -q 'restart: unless-stopped' <<<"$single"
check "scale: 3 replicas" grep -q 'replicas: 3' <<<"$scale"
check "scale: nginx mounts the tested config" grep -q 'deploy/nginx/staticserve.conf:/etc/nginx/conf.d/default.conf:ro' <<<"$scale"
check "scale: lb waits for healthy replicas" grep -q 'condition: service_healthy' <<<"$scale"
check "scale: the config file exists" test -f deploy/nginx/staticserve.conf
# The upstream name nginx resolves must be the compose service name.
check "scale: nginx upstream names the compose service" grep -qE '^\s*server staticserve:8080' deploy/nginx/staticserve.conf
# Replicas publish no host port (they would collide); only the load balancer does.
replica_service=$(sed -n '/^  staticserve:/,/^  [a-z]/p' <<<"$scale")
check "scale: replicas publish no port" test "$(grep -c 'ports:' <<<"$replica_service" || true)" -eq 0
check "scale: exactly one published port (nginx)" test "$(grep -c 'published' <<<"$scale" || true)" -eq 1
# The healthcheck compose restates must be the image's.
for f in docker-compose.yml docker-compose.scale.yml; do
  check "$f: healthcheck is the image's (/app/staticserve --healthcheck)" \
    grep -q 'test: \["CMD", "/app/staticserve", "--healthcheck"\]' "$f"
done
check "Dockerfile: same healthcheck" grep -q 'CMD \["/app/staticserve", "--healthcheck"\]' Dockerfile

(( failures == 0 )) || { echo "verify-compose: FAIL ($failures)"; exit 1; }
echo "verify-compose: PASS"
