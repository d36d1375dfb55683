# Luotsi container image.
#
#   docker build -t luotsi:dev .
#   docker run --rm -p 8080:8080 luotsi:dev             # development mode, SQLite in /var/lib/luotsi
#   docker run --rm luotsi:dev migrate                  # any subcommand: migrate, openapi, health, import
#
# Two stages: a Rust builder and a slim Debian runtime. The builder first compiles the dependencies
# alone against dummy sources, so that a change in src/ does not rebuild the whole dependency tree:
# that layer is only invalidated by Cargo.toml or Cargo.lock.
#
# The base images are referenced by tag. A release pipeline should pin them by digest
# (rust:1.95-bookworm@sha256:...) and let a bot such as Renovate bump the digests.

ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=bookworm

# ---------------------------------------------------------------------------------------------
FROM rust:${RUST_VERSION}-${DEBIAN_RELEASE} AS builder

# The pipes below must fail the build when any part of them fails.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# No system packages: SQLite, libpq and OpenSSL are built from source by their crates
# (libsqlite3-sys, pq-sys and openssl-sys with their bundled/vendored features) with the C
# compiler, make and perl that the rust image already has, and linked into the binary.

WORKDIR /build
ENV CARGO_TERM_COLOR=never

# 1. Dependencies only. Explicit [[bench]], [[test]] and [[example]] targets in Cargo.toml must
#    not point at missing files (depending on the cargo version that is an error even when they
#    are not built), so an empty `fn main() {}` is written for each one (at its `path`, or at
#    the conventional place). Those dummies stay: the real build below only compiles the
#    library and the binary, so the real benches/,
#    tests/ and examples/ never need to be in the build context (see .dockerignore).
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src \
    && echo 'fn main() {}' > src/main.rs \
    && : > src/lib.rs \
    && awk -F'"' ' \
        function flush() { \
            if (kind != "" && name != "") { if (path == "") path = dir[kind] "/" name ".rs"; print path } \
            kind = ""; name = ""; path = "" \
        } \
        BEGIN { dir["bench"] = "benches"; dir["test"] = "tests"; dir["example"] = "examples" } \
        /^[[:space:]]*\[/ { \
            flush(); \
            if ($0 ~ /^[[:space:]]*\[\[(bench|test|example)\]\]/) { kind = $0; gsub(/[][[:space:]]/, "", kind) } \
            next \
        } \
        kind != "" && /^[[:space:]]*name[[:space:]]*=/ { name = $2 } \
        kind != "" && /^[[:space:]]*path[[:space:]]*=/ { path = $2 } \
        END { flush() }' Cargo.toml \
       | while read -r target; do mkdir -p "$(dirname "$target")"; echo 'fn main() {}' > "$target"; done \
    && cargo build --release --locked \
    && rm -rf src \
              target/release/luotsi target/release/luotsi.d \
              target/release/deps/luotsi-* target/release/deps/libluotsi-* \
              target/release/.fingerprint/luotsi-*

# 2. The real sources. migrations/ and data/ are compiled into the binary (embed_migrations!,
#    include_str!), so the runtime image needs neither. The touch makes sure cargo sees the
#    sources as newer than the dummy build, whatever mtimes COPY gave them.
COPY src ./src
COPY migrations ./migrations
COPY data ./data
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked \
    && ./target/release/luotsi --version

# ---------------------------------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE}-slim AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="luotsi" \
      org.opencontainers.image.description="Service navigation (palveluohjaus) API" \
      org.opencontainers.image.licenses="EUPL-1.2" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

# The binary links libpq and OpenSSL statically and needs only libc. ca-certificates: lets libpq
# verify the database server's certificate (sslmode=verify-full with
# sslrootcert=/etc/ssl/certs/ca-certificates.crt, or sslrootcert=system through SSL_CERT_FILE
# below). libvoikko1 and voikko-fi: the Finnish morphological analyser and its dictionary, which
# the service loads at start (it runs without them, reading Finnish with stems alone).
# Versions are deliberately not pinned: Debian's archive only keeps the current security
# release of each package, so a pinned version stops building as soon as an update ships;
# reproducibility comes from the base image's digest instead.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libvoikko1 voikko-fi \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric uid/gid, so that Kubernetes' runAsNonRoot/runAsUser: 10001 can be checked
# against the image. The passwd entry exists because libpq looks the user's home up (~/.pgpass).
RUN groupadd --system --gid 10001 luotsi \
    && useradd --system --uid 10001 --gid luotsi --no-create-home \
               --home-dir /nonexistent --shell /usr/sbin/nologin luotsi \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/luotsi

COPY --from=builder /build/target/release/luotsi /usr/local/bin/luotsi

# The default DATABASE_URL is sqlite://luotsi.db, relative to the working directory: this
# directory is the only place the non-root user may write, for `docker run` trials (mount a
# volume here to keep the file). In Kubernetes the root filesystem is read-only and
# DATABASE_URL points at PostgreSQL, so nothing is written here.
WORKDIR /var/lib/luotsi

# Listen on all interfaces inside the container (the binary's own default is 127.0.0.1:8080).
# LUOTSI_ENV is left unset (development) so that a bare `docker run` starts; production
# deployments set LUOTSI_ENV=production, which makes the service refuse to start without
# real token keys, issuer, audience and LUOTSI_DATA_KEY.
# SSL_CERT_FILE: the OpenSSL built into the binary looks for its default certificates under
# /usr/local/ssl, which Debian does not fill; this points it at Debian's bundle.
ENV LUOTSI_BIND=0.0.0.0:8080 \
    RUST_LOG=info \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

USER 10001:10001
EXPOSE 8080

# The image has no curl: `luotsi health` does a plain GET of /health/live on LUOTSI_BIND.
# Kubernetes ignores HEALTHCHECK and uses the probes in k8s/deployment.yaml instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/luotsi", "health"]

# Exec form: luotsi is PID 1 and gets SIGTERM directly, which starts actix-web's graceful
# shutdown (LUOTSI_SHUTDOWN_TIMEOUT_SECS).
ENTRYPOINT ["/usr/local/bin/luotsi"]
CMD ["serve"]
