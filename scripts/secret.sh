#!/usr/bin/env bash
# Prints this checkout's local session secret (random, made once, kept in the gitignored .data/).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
use_project_node
f=.data/session-secret
if [ ! -s "$f" ]; then
  mkdir -p .data
  node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64url'))" >"$f"
  chmod 600 "$f"
fi
cat "$f"
