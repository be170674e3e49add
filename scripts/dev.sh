#!/usr/bin/env bash
# Development: services, a rebuilding Remix build (remix watch) and the server that reloads it per request.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. scripts/lib.sh
use_project_node
bash scripts/services.sh start dev
set -a; . .run/dev/services.env; set +a
export NODE_ENV=development PORT=${PORT:-3000}
# The checkout's own secret, as the demo's: the seed seals the demo's second factors with it (decision 039).
SESSION_SECRET=${SESSION_SECRET:-$(bash scripts/secret.sh)}
export SESSION_SECRET
node --import tsx scripts/seed.ts --if-empty
npx remix build
npx remix watch &
trap 'kill $! 2>/dev/null' EXIT
node --import tsx server/index.ts
