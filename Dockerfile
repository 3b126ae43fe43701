# syntax=docker/dockerfile:1
# dualstack-webhook: build with the dev dependencies, run with the production ones only, as a non-root user.
#   docker build -t dualstack-webhook:0.1.0 .
# The Deployment in manifests/ runs it with a read-only root filesystem (only /tmp is writable, an emptyDir).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schemas ./schemas
# The schemas' validators are generated from schemas/ by this script (ajv standalone code) before tsc runs.
COPY scripts/compile-schemas.ts ./scripts/
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; no scripts (`prepare` needs tsc, a dev dependency).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
# The documentation's cluster: the facts `serve` uses when given neither --watch nor --cluster-config.
COPY examples ./examples
# 65532: the distroless `nonroot` uid; the Deployment's securityContext names the same.
USER 65532:65532
EXPOSE 8443
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["serve"]
