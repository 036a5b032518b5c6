# syntax=docker/dockerfile:1

# maqal in a container: a static binary on a distroless base, run as a
# non-root user. Build and run with `docker compose up -d --build`
# (compose.yaml), or see deploy/README.md.

# ---- build -----------------------------------------------------------------
# The Go minor line is pinned; each build takes its latest patch release,
# which must be at least the one go.mod names (the image sets
# GOTOOLCHAIN=local, so it will not download another). After a Go patch
# release, `docker compose build --pull` fetches the new one.
# The builder runs on the build machine's own platform and cross-compiles
# for the target (docker buildx build --platform linux/arm64 ... works).
FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build
WORKDIR /src

# Modules first, as a layer of their own: it is rebuilt only when go.mod or
# go.sum change, not on every edit of the code.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/maqal ./cmd/maqal

# ---- run -------------------------------------------------------------------
# distroless/static: CA certificates, tzdata, /etc/passwd with the user
# nonroot (65532), and nothing else: no shell, no package manager, no curl.
# Debian 13 rather than 12: distroless stopped updating its debian12 images
# (CA certificates included) in September 2026.
FROM gcr.io/distroless/static-debian13:nonroot

LABEL org.opencontainers.image.title="maqal" \
      org.opencontainers.image.description="Self-hosted Telegram bot that answers questions about an Arabic article by quoting it" \
      org.opencontainers.image.source="https://github.com/maqal/maqal"

COPY --from=build /out/maqal /maqal

USER nonroot:nonroot

# The HTTP listener for /healthz, /readyz, /metrics and, in webhook mode,
# the webhook itself. It must be set for the health check below to work:
# an empty MAQAL_LISTEN (say, from an env file) turns the listener off.
ENV MAQAL_LISTEN=:8080
EXPOSE 8080

# maqal finishes the answers in flight and exits 0 within about 10 s of
# SIGTERM; give it 15 s (docker stop -t 15, stop_grace_period in compose).
STOPSIGNAL SIGTERM

# No curl in a distroless image: the binary checks itself. `maqal health`
# GETs http://127.0.0.1$MAQAL_LISTEN/healthz and exits 0 on a 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/maqal", "health"]

# `docker run IMAGE` runs the bot; `docker run --rm IMAGE ask "..."` or
# `docker run --rm -it IMAGE chat` run the other commands.
ENTRYPOINT ["/maqal"]
CMD ["serve"]
