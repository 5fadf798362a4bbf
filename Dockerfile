# syntax=docker/dockerfile:1
#
# One image for the three app services of docker-compose.yml (migrate, worker,
# api); each picks its entry point with `command`. TypeScript runs through tsx,
# a production dependency, so there is no separate compile step.

# Node 24, the active LTS (Node 20 reached its end of life in April 2026).
# `.ci/run` runs a subset of the tests on this major too (npm run test:image-node),
# reading it from this line.
ARG NODE_IMAGE=node:24-bookworm-slim

# npm 11 enforces the `allowScripts` field of package.json (npm 10 ignores it
# and would run every install script, Prisma's engine downloads included).
# Pinned to the version that wrote package-lock.json, whatever npm the image has.
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11.19.1
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# All dependencies, to generate the Prisma client.
FROM base AS build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# `prisma generate` needs no schema engine, but the CLI looks for one at start
# and would try to download it: point it at a no-op binary instead.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate

# Production dependencies only.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM base AS runtime
# tsx is started directly (not through npx, which does not forward SIGTERM).
ENV NODE_ENV=production \
    PATH=/app/node_modules/.bin:$PATH
COPY --from=prod-deps /app/node_modules ./node_modules
COPY . .
COPY --from=build /app/generated ./generated
# Files stay owned by root and read-only for the app; tsx caches under /tmp.
USER node
EXPOSE 3000
CMD ["tsx", "api/main.ts"]
