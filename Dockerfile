# syntax=docker/dockerfile:1

# ── dependencies: production packages only ───────────────────────────────────────────────────────
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ── check and build: the image is only built from code that typechecks and knowledge that validates;
#    production runs the compiled JavaScript in dist/ (no TypeScript loader at run time) ──────────
FROM node:20-slim AS check
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json drizzle.config.ts vitest.config.ts ./
COPY scripts ./scripts
COPY src ./src
COPY test ./test
COPY bench ./bench
COPY knowledge ./knowledge
RUN npm run typecheck && npm run --silent kb -- validate && npm run build

# ── runtime ──────────────────────────────────────────────────────────────────────────────────────
FROM node:20-slim AS runtime
# V8 otherwise lets garbage pile up to a large share of the machine's memory before a full collection;
# with 192 MB of old generation the process stays near 220 MB RSS under sustained load (bench/RESULTS.md).
# Raise it for a knowledge base of thousands of entries.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# Copied from the check stage, so BuildKit cannot skip the checks.
COPY --from=check /app/package.json ./
COPY --from=check /app/dist ./dist
# The migrator reads drizzle/ from disk at start-up, and the knowledge files are imported on start.
COPY drizzle ./drizzle
COPY knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not npm) so SIGTERM reaches Netra and the graceful shutdown runs.
CMD ["node", "dist/main.js"]
