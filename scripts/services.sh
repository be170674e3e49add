#!/usr/bin/env bash
# Starts, stops and reports the services Leerkring runs on: a MongoDB-compatible server and Redis.
# Idempotent: `start` reuses what already runs. Each profile has its own ports, data and state:
#   dev  (default) data in .data/dev, kept across restarts of the app and of the services
#   test           fresh data in .data/test, removed again by `stop`
# MONGODB_URI / REDIS_URL, when set, are used as they are and nothing is started for them.
# Usage: scripts/services.sh start|stop|status [dev|test]
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:-status}
profile=${2:-dev}
run=.run/$profile
data=.data/$profile
envfile=$run/services.env
mkdir -p "$run"

log() { printf '[services:%s] %s\n' "$profile" "$*"; }
. scripts/lib.sh
use_project_node
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_port() { # port, name, logfile
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "$2 did not start on port $1; its log:"; tail -n 30 "$3" >&2 || true; return 1
}
saved() { [ -f "$run/saved.env" ] && grep -E "^$1=" "$run/saved.env" | cut -d= -f2- || true; }

start_mongo() {
  if [ -n "${MONGODB_URI:-}" ]; then echo "$MONGODB_URI"; return; fi
  local port; port=$(saved MONGO_PORT)
  if alive "$run/mongo.pid" && [ -n "$port" ]; then echo "MONGO_PORT=$port" >>"$run/ports"; echo "mongodb://127.0.0.1:$port/leerkring"; return; fi
  port=$(free_port); mkdir -p "$data/mongo"
  if command -v mongod >/dev/null; then
    setsid nohup mongod --dbpath "$data/mongo" --port "$port" --bind_ip 127.0.0.1 >"$run/mongo.log" 2>&1 &
  else
    [ -x .tools/bin/ferretdb ] || { log "FerretDB missing: run scripts/install.sh" >&2; exit 1; }
    # A database file without a single table (FerretDB stopped while creating it) makes FerretDB
    # refuse to start; it holds nothing, so it goes.
    for f in "$data"/mongo/*.sqlite; do
      [ -f "$f" ] && command -v sqlite3 >/dev/null && [ "$(sqlite3 "file:$f?mode=ro" 'SELECT count(*) FROM sqlite_master' 2>/dev/null)" = 0 ] && rm -f "$f" "$f-wal" "$f-shm"
    done
    setsid nohup .tools/bin/ferretdb --handler=sqlite --sqlite-url="file:$(pwd)/$data/mongo/" \
      --state-dir="$(pwd)/$data/mongo" --listen-addr="127.0.0.1:$port" --debug-addr=- \
      --telemetry=disable --log-level=warn >"$run/mongo.log" 2>&1 &
  fi
  echo $! >"$run/mongo.pid"
  wait_port "$port" MongoDB "$run/mongo.log" >&2
  echo "MONGO_PORT=$port" >>"$run/ports"
  echo "mongodb://127.0.0.1:$port/leerkring"
}

start_redis() {
  if [ -n "${REDIS_URL:-}" ]; then echo "$REDIS_URL"; return; fi
  command -v redis-server >/dev/null || { echo ""; return; }
  local port; port=$(saved REDIS_PORT)
  if alive "$run/redis.pid" && [ -n "$port" ]; then echo "REDIS_PORT=$port" >>"$run/ports"; echo "redis://127.0.0.1:$port"; return; fi
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$(pwd)/$run/redis.pid" --logfile "$(pwd)/$run/redis.log" >/dev/null
  wait_port "$port" Redis "$run/redis.log" >&2
  echo "REDIS_PORT=$port" >>"$run/ports"
  echo "redis://127.0.0.1:$port"
}

stop_one() { stop_pid "$run/$1.pid" "$1"; }

case "$cmd" in
  start)
    [ "$profile" = test ] && ! alive "$run/mongo.pid" && rm -rf "$data"
    : >"$run/ports"; [ -f "$envfile" ] && cp "$envfile" "$run/saved.env"
    mongo=$(start_mongo); redis=$(start_redis)
    { cat "$run/ports"; echo "MONGODB_URI=$mongo"; echo "REDIS_URL=$redis"
      # Ours is FerretDB-SQLite: the app adds the _id index its tables lack (server/ferretdb-ids.ts).
      if [ -z "${MONGODB_URI:-}" ] && ! command -v mongod >/dev/null; then echo "FERRETDB_SQLITE_DIR=$(pwd)/$data/mongo"; fi
    } >"$envfile"
    rm -f "$run/ports" "$run/saved.env"
    log "MongoDB-compatible server: $mongo $( [ -n "${MONGODB_URI:-}" ] && echo '(given)' || (command -v mongod >/dev/null && echo '(mongod)' || echo '(FerretDB 1.24.2, SQLite, data in '"$data"'/mongo)'))"
    log "Redis: ${redis:-none (single node, in-memory Socket.IO adapter)}"
    log "settings written to $envfile"
    ;;
  stop)
    stop_one mongo; stop_one redis; rm -f "$envfile"
    [ "$profile" = test ] && rm -rf "$data"
    true
    ;;
  status)
    for s in mongo redis; do
      if alive "$run/$s.pid"; then log "$s running (pid $(cat "$run/$s.pid"))"; else log "$s not running"; fi
    done
    [ -f "$envfile" ] && cat "$envfile"
    ;;
  *) echo "usage: $0 start|stop|status [dev|test]" >&2; exit 2 ;;
esac
