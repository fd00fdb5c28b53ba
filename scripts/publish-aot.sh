#!/usr/bin/env bash
# Publishes StaticServe as one Native AOT executable: publish/<rid>/staticserve (stripped; symbols in
# staticserve.dbg beside it). The same publish runs inside the Dockerfile's build stage.
#
#   scripts/publish-aot.sh                    # host architecture, e.g. publish/linux-x64/staticserve
#   scripts/publish-aot.sh linux-x64 -p:TreatWarningsAsErrors=false   # extra args go to dotnet publish
#
# Needs the .NET 10 SDK, a C toolchain for the native link (clang, or gcc) and zlib headers:
#   apt-get install -y clang zlib1g-dev
# The ILCompiler packages are restored from NuGet; the SDK chooses their version.
# Trimming/AOT warnings (IL2xxx/IL3xxx) are errors under TreatWarningsAsErrors: this script lists them
# from the log (publish/<rid>.log) either way, so the report names every one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rid=${1:-$(host_rid)}
shift || true
out="$REPO_ROOT/publish/$rid"
logfile="$REPO_ROOT/publish/$rid.log"
mkdir -p "$REPO_ROOT/publish"

command -v clang >/dev/null || command -v gcc >/dev/null \
  || die "no C toolchain for the AOT link: apt-get install -y clang zlib1g-dev"

log "publishing $rid -> ${out#"$REPO_ROOT"/}"
start=$(now_ms)
set +e
dotnet publish "$REPO_ROOT/src/StaticServe/StaticServe.csproj" --nologo -c Release -r "$rid" \
  -p:PublishAot=true -o "$out" "$@" >"$logfile" 2>&1
rc=$?
set -e

# The same warning can be printed once per target framework pass: count distinct lines.
warnings=$(grep -E '(warning|error) IL[0-9]{4}' "$logfile" | sed -E 's/ \[[^]]*\]$//' | sort -u || true)
if [[ -n "$warnings" ]]; then
  echo "Trimming/AOT diagnostics ($(wc -l <<<"$warnings")):" >&2
  echo "$warnings" >&2
fi
if (( rc != 0 )); then
  tail -n 30 "$logfile" >&2
  die "dotnet publish exited $rc (full log: ${logfile#"$REPO_ROOT"/})"
fi

binary="$out/staticserve"
[[ -x "$binary" ]] || die "$binary was not produced"
log "done in $(( $(now_ms) - start )) ms: $(stat -c %s "$binary") bytes"
# The shared libraries the binary needs at run time: the container's base image must provide them.
ldd "$binary" | sed 's/^/  needs: /' >&2
echo "$binary"
