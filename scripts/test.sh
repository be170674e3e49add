#!/usr/bin/env bash
# The second Quick start command (also what CI runs): installs what is missing (Chromium too),
# starts fresh test services, typechecks, builds, runs the whole vitest suite, and stops the
# services it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser
. scripts/lib.sh
use_project_node
echo "[test] on Node $(node --version) (node_modules/.bin/node)"
started=0
if [ -z "${MONGODB_URI:-}" ]; then
  bash scripts/services.sh start test
  started=1
  trap 'bash scripts/services.sh stop test >/dev/null 2>&1 || true' EXIT
  set -a; . .run/test/services.env; set +a
fi
echo "[test] format and lint (biome check)"
npx biome check --error-on-warnings .
echo "[test] production dependencies' advisories (npm audit --omit=dev; security/audit-allowlist.json; decision 040)"
node --import tsx scripts/audit.ts
echo "[test] typecheck"
npx tsc --noEmit
echo "[test] build"
npx remix build >/dev/null
echo "[test] vitest"
npx vitest run "$@"
echo "[test] bench smoke (bench/chat.ts --smoke: no thresholds, keeps the benchmark from rotting)"
node --import tsx bench/chat.ts --smoke
echo "[test] bench smoke (bench/collab.ts --smoke: co-editing against Hocuspocus, no thresholds)"
node --import tsx bench/collab.ts --smoke
echo "[test] bench smoke (bench/rounds.ts --smoke: live rounds against bare Socket.IO + one insert, no thresholds)"
node --import tsx bench/rounds.ts --smoke
echo "[test] bench smoke (bench/moments.ts --smoke: a network moment's breakouts, broadcasts and poll answers against bare Socket.IO + the same writes, no thresholds)"
node --import tsx bench/moments.ts --smoke
echo "[test] bench smoke (bench/pages.ts --smoke: every page with and without bulk content, no thresholds)"
node --import tsx bench/pages.ts --smoke
echo "[test] bench smoke (bench/search.ts --smoke: search pages on a generated Dutch corpus against MiniSearch in-process, no thresholds)"
node --import tsx bench/search.ts --smoke
echo "[test] chaos smoke (scripts/chaos.ts --smoke: kill -9 a node, freeze Redis, restart the database under load; fails on any loss, duplicate, divergence or leak; decision 075)"
node --import tsx scripts/chaos.ts --smoke >/dev/null
