# Helper Assistant in a container: `docker build -t helper-assistant .`, then compose.yaml runs it
# with PostgreSQL, Redis and HAProxy (README, "Running in production").
# syntax=docker/dockerfile:1

# 1. Production dependencies only, native addons (better-sqlite3, argon2) compiled from source.
FROM node:20-bookworm-slim AS dependencies
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `prepare` script compiles TypeScript (stage 2 does); the addons are built here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm_config_build_from_source=true npm rebuild better-sqlite3 argon2

# 2. The build: the server (tsc), the console (Vite) and the web chat widget.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY console ./console
COPY widget ./widget
RUN npm run build

# 3. What runs: no compiler, no dev dependencies, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    HELPER_HOST=0.0.0.0 \
    HELPER_PORT=5005 \
    HELPER_DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# The demo assistant's files, read at first start (HELPER_LOAD_DEMO).
COPY src/assistant/demo ./src/assistant/demo
# The console's sentences, which the training e-mails use for problems (src/trainings/problem-words.ts).
COPY console/src/locales/*.json ./console/src/locales/
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 5005
# Ready (store, Redis, the default model), not merely alive: what a balancer needs to know.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HELPER_PORT||5005)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# V8's young generation at 16 MB (--max-semi-space-size=8, as `npm start`) and two malloc arenas
# keep one process serving two assistants under 150 MB of RSS at no CPU cost measured (README,
# "Tests, CI and benchmarks"). The exec form runs node itself (no npm, no shell in between), so
# SIGTERM reaches the server — as PID 1 unless the container has an init (compose.yaml sets
# `init: true`; `docker run --init`): PID 1 gets no default action for a signal, which is why the
# server installs its SIGTERM/SIGINT handlers before its start-up work (src/main.ts). Give the stop
# more time than HELPER_SHUTDOWN_TIMEOUT_MS (compose.yaml: stop_grace_period).
CMD ["node", "--max-semi-space-size=8", "dist/main.js"]
