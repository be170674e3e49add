#!/usr/bin/env bash
# The first Quick start command: installs what is missing, starts the services, seeds the demo,
# builds and serves Leerkring on http://localhost:3000 (PORT to change). Ctrl-C stops the app;
# `npm run services stop` stops the database and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. scripts/lib.sh
use_project_node
bash scripts/services.sh start dev
set -a; . .run/dev/services.env; set +a
export NODE_ENV=production PORT=${PORT:-3000} APP_URL=${APP_URL:-http://localhost:${PORT:-3000}}
# Local demo over plain http: the session cookie cannot be Secure here.
export COOKIE_SECURE=${COOKIE_SECURE:-false}
# The demo keeps mail local (shown at /dev/outbox, to this machine only) and its own random
# session secret. It listens on 127.0.0.1 (HOST=0.0.0.0 opens it to the network, on purpose).
export EMAIL_FAKE=${EMAIL_FAKE:-true}
SESSION_SECRET=${SESSION_SECRET:-$(bash scripts/secret.sh)}
export SESSION_SECRET
node --import tsx scripts/seed.ts --if-empty
npx remix build
exec node --import tsx server/index.ts
