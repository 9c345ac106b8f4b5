# codeenv: build a release binary with the Swift toolchain image, run it on
# Debian slim with only the libraries it links. README.md ("Docker and
# Kubernetes") lists the `docker run` flags the sandbox needs, and why.
# Package versions are pinned to Debian 12's current ones: bump them when a
# point release replaces them (Tests/python/test_deploy.py checks that apt
# still resolves every pin and that the runtime list covers the binary's
# shared libraries).

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libseccomp-dev=2.5.4-1+deb12u1 \
        libcap-dev=1:2.66-4+deb12u3+b1 \
        libpython3.11-dev=3.11.2-6+deb12u9 \
        pkg-config=1.8.1-1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole checkout (less .dockerignore): SwiftPM loads the manifest's
# every target, tests and benchmarks included, even to build one product.
COPY . .
# The Swift runtime and Foundation are linked in, so the runtime image needs
# no Swift. No target imports FoundationNetworking (the HTTP clients are
# AsyncHTTPClient, on NIO), so nothing links libcurl.
RUN swift build -c release --static-swift-stdlib --product codeenv \
    && install -D "$(swift build -c release --show-bin-path)/codeenv" /out/codeenv

FROM debian:bookworm-slim
# libpython3.11 brings the Python standard library (libpython3.11-stdlib).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpython3.11=3.11.2-6+deb12u9 \
        libseccomp2=2.5.4-1+deb12u1 \
        libcap2=1:2.66-4+deb12u3+b1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/codeenv /usr/local/bin/codeenv
# Root of the container, not of the host: the zygote writes two-id
# uid_map/gid_map lines for every worker, which needs CAP_SETUID and
# CAP_SETGID. The echo environment needs neither: `--user 65534` runs it
# as nobody.
USER root
WORKDIR /tmp
ENV CODEENV_ENV=coding \
    CODEENV_PORT=8000
EXPOSE 8000
# No curl in slim: bash's /dev/tcp sends the request.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CODEENV_PORT:-8000} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q healthy <&3"]
ENTRYPOINT ["codeenv", "serve"]
