# syntax=docker/dockerfile:1
# Leerkring's image (docs/DEPLOYMENT.md, docs/decisions/043): built in stages, run as a non-root
# user with only what the server needs: production node_modules, the Remix build, and the source
# the server loads through tsx (server/, models/, realtime/, and app/ for the shared cookie names)
# and the migrations.
# NODE_VERSION is the Node of package.json (the exact `node` devDependency and "engines"; decision
# 065): raise them together.
ARG NODE_VERSION=26.10.0-bookworm-slim

FROM node:${NODE_VERSION} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npx remix build

FROM node:${NODE_VERSION} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:${NODE_VERSION} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/public ./public
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node server ./server
COPY --chown=node:node models ./models
COPY --chown=node:node realtime ./realtime
COPY --chown=node:node app ./app
# Applied at start, once per cluster, before the node serves (docs/decisions/077).
COPY --chown=node:node migrations ./migrations
USER node
EXPOSE 3000 9464
# The process lives (docs/decisions/041): readiness is the proxy's business (/readyz).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/index.ts"]
