# codeenv: build the release binaries (the server, codeenv, and the process
# workers fork from, codeenv-zygote) with the Swift toolchain image, run them
# on Debian slim with only the libraries they link. README.md ("Docker and
# Kubernetes") lists the `docker run` flags the sandbox needs, and why.
# Package versions are pinned to Debian 12's current ones: bump them when a
# point release replaces them (Tests/python/test_deploy.py checks that apt
# still resolves every pin and that the runtime list covers the binaries'
# shared libraries).

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libseccomp-dev=2.5.4-1+deb12u1 \
        libcap-dev=1:2.66-4+deb12u3+b1 \
        libpython3.11-dev=3.11.2-6+deb12u9 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole checkout (less .dockerignore): SwiftPM loads the manifest's
# every target, tests and benchmarks included, even to build one product.
COPY . .
# The Swift runtime and Foundation are linked in, so the runtime image needs
# no Swift. No target imports FoundationNetworking (the HTTP clients are
# AsyncHTTPClient, on NIO), so nothing links libcurl. codeenv-zygote links
# libpython3.11-dev's static libpython3.11.a (see Package.swift); serve
# finds it beside codeenv.
RUN swift build -c release --static-swift-stdlib --product codeenv \
    && swift build -c release --static-swift-stdlib --product codeenv-zygote \
    && install -D -t /out "$(swift build -c release --show-bin-path)/codeenv" \
        "$(swift build -c release --show-bin-path)/codeenv-zygote"

FROM debian:bookworm-slim
# The interpreter is inside codeenv-zygote; its standard library (and the
# libraries of its extension modules) is libpython3.11-stdlib; libexpat1 and
# zlib1g are what the interpreter itself links.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpython3.11-stdlib=3.11.2-6+deb12u9 \
        libexpat1=2.5.0-1+deb12u5 \
        zlib1g=1:1.2.13.dfsg-1+deb12u1 \
        libseccomp2=2.5.4-1+deb12u1 \
        libcap2=1:2.66-4+deb12u3+b1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/codeenv /out/codeenv-zygote /usr/local/bin/
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
