# syntax=docker/dockerfile:1
# The bot as a container: built once, run as a non-root user from a read-only root filesystem.
#   docker build -t cited-answers .
#   docker run --read-only --tmpfs /tmp -v cited-answers-data:/data --env-file .env -p 3000:3000 cited-answers
# Writable paths are only EVENT_STORE (/data, a volume; unused when DATABASE_URL is set) and CACHE_DIR
# (/tmp/cited-answers, a tmpfs); start-up checks both and says which to mount if one cannot be written.

ARG NODE_VERSION=20

# ── build: all dependencies, the bundle, and the checked knowledge base's snapshot ──────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# scripts are skipped here: `prepare` builds, and the sources are not copied yet
RUN npm ci --ignore-scripts --no-fund --no-audit
COPY . .
# the build; the knowledge base checked as `kb check` does; then one question, which writes the start-up
# snapshot into node_modules/.cache so the container starts warm
RUN npm run build \
 && node dist/cli/kb.js check \
 && node dist/main.js ask "what is in the knowledge base?" > /dev/null

# ── production dependencies only, with the embedded store's SQLite built for this image ──────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# scripts are skipped (`prepare` builds, which needs the development dependencies); better-sqlite3's own
# install script is then run alone, fetching its prebuilt binary or compiling it
RUN npm ci --omit=dev --ignore-scripts --no-fund --no-audit \
 && npm rebuild better-sqlite3

# ── the image ───────────────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    EVENT_STORE=/data/events.sqlite \
    CACHE_DIR=/tmp/cited-answers \
    PORT=3000 \
    HEALTH_PORT=3000
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.cache/cited-answers ./node_modules/.cache/cited-answers
COPY --from=build /app/dist ./dist
COPY --from=build /app/knowledge ./knowledge
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers on HEALTH_PORT in every mode (Slack's HTTP mode shares it with PORT)
HEALTHCHECK --interval=30s --timeout=3s --start-period=40s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HEALTH_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1, not under npm or a shell: SIGTERM reaches the bot's own handler, which stops taking
# events, lets replies in progress finish (SHUTDOWN_TIMEOUT_SECONDS) and exits 0
CMD ["node", "dist/main.js"]
