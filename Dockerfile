# syntax=docker/dockerfile:1

# Beckon: one static binary on a distroless base.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t beckon .
#   docker run --rm beckon version
#
# The default command serves with /etc/beckon/beckon.yaml and keeps its
# embedded database, email outbox and community log in /var/lib/beckon
# (a volume); set BECKON_DATABASE_URL to use PostgreSQL instead.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
# Dependencies first so that source edits reuse the module cache layer.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/beckon ./cmd/beckon
# Folders the runtime image needs; distroless has no shell to create them.
RUN mkdir -p /out/etc/beckon/flows /out/var/lib/beckon

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="beckon" \
      org.opencontainers.image.description="Self-hosted Web3 trigger and loyalty engine" \
      org.opencontainers.image.source="https://github.com/beckonhq/beckon" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/beckon /beckon
COPY --from=build /out/etc/beckon /etc/beckon
# Owned by the nonroot user (65532) so a fresh named volume mounted here is writable.
COPY --from=build --chown=65532:65532 /out/var/lib/beckon /var/lib/beckon
# Relative paths in beckon.yaml (flows/*.yaml, email.templates_dir) resolve here.
WORKDIR /etc/beckon
USER nonroot:nonroot
VOLUME ["/var/lib/beckon"]
EXPOSE 8080
ENTRYPOINT ["/beckon"]
CMD ["serve","--config","/etc/beckon/beckon.yaml","--data-dir","/var/lib/beckon"]
