# syntax=docker/dockerfile:1
# StaticServe container image: the Native AOT binary on Ubuntu Chiseled runtime-deps (no shell, no
# package manager, glibc + CA certs only), running as the non-root `app` user.
#
#   docker build -t staticserve .
#   docker run --rm -p 8080:8080 -v "$PWD/samples/site:/srv:ro" staticserve
#   docker run --rm -p 8080:8080 -v "$PWD/site:/srv:ro" staticserve --cache-mb 200   # flags go after the image
#
# Every flag has an environment twin STATICSERVE_<NAME>; the image sets HOST/PORT/ROOT below.
# scripts/verify-image.sh builds THIS file's final stage without a Docker engine (see there).

# The base images are arguments so that scripts/verify-image.sh can substitute local stand-ins where
# no registry is reachable; a normal build never sets them.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
ARG RUNTIME_DEPS_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

# ---- build: restore, then publish the Native AOT binary ------------------------------------------
# The -aot SDK variant is the plain SDK plus clang and zlib1g-dev, which the AOT linker needs.
# Same distribution (Ubuntu 24.04 "noble") as the final stage, so the binary links against the glibc
# it will run with.
FROM ${SDK_IMAGE} AS build
ARG TARGETARCH
WORKDIR /source

# Restore from the project and build files alone, so this layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/StaticServe/StaticServe.csproj src/StaticServe/
RUN --mount=type=cache,id=staticserve-nuget,target=/root/.nuget/packages \
    case "${TARGETARCH:-amd64}" in \
      amd64) echo linux-x64 > /tmp/rid ;; \
      arm64) echo linux-arm64 > /tmp/rid ;; \
      *) echo "unsupported TARGETARCH '${TARGETARCH}'" >&2; exit 1 ;; \
    esac \
 && dotnet restore src/StaticServe/StaticServe.csproj -r "$(cat /tmp/rid)" -p:PublishAot=true

COPY src/ src/
# Same publish as scripts/publish-aot.sh. The .dbg symbol file stays in this stage: the image ships
# only the stripped binary.
RUN --mount=type=cache,id=staticserve-nuget,target=/root/.nuget/packages \
    dotnet publish src/StaticServe/StaticServe.csproj --no-restore -c Release \
      -r "$(cat /tmp/rid)" -p:PublishAot=true -o /app \
 && test -x /app/staticserve

# ---- final: the binary alone on chiseled runtime-deps ---------------------------------------------
FROM ${RUNTIME_DEPS_IMAGE} AS final
# Owned by root and not writable: the server process (uid 1654) cannot replace its own binary.
COPY --from=build --chown=0:0 --chmod=0555 /app/staticserve /app/staticserve

# Listen on every interface inside the container (the server's own default is loopback only, which
# would be unreachable through a published port) and serve the /srv volume.
ENV STATICSERVE_HOST=0.0.0.0 \
    STATICSERVE_PORT=8080 \
    STATICSERVE_ROOT=/srv

# 1654 is `app` in the chiseled images ($APP_UID). Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 1654:1654
EXPOSE 8080
VOLUME /srv

# Chiseled images have no shell, curl or wget: the binary probes itself. `--healthcheck` GETs
# http://127.0.0.1:$STATICSERVE_PORT/healthz and exits 0 on 200, 1 otherwise (liveness, not readiness:
# a replica that is draining stays "healthy" until it exits). 5 s interval: the AOT binary answers
# within ~0.1 s of start, so compose's `service_healthy` gates are released on the first probe.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/app/staticserve", "--healthcheck"]

# SIGTERM starts the graceful shutdown (in-flight requests get --shutdown-timeout seconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/staticserve"]
