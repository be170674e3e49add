#!/usr/bin/env bash
# Starts, stops and reports the services Leerkring runs on: a MongoDB-compatible server and Redis.
# Idempotent: `start` reuses what already runs. Each profile has its own ports, data and state:
#   dev  (default) data in .data/dev, kept across restarts of the app and of the services
#   test           fresh data in .data/test, removed again by `stop` (so is any profile test*)
# MONGODB_URI / REDIS_URL, when set, are used as they are and nothing is started for them.
# --pg (or DB_BACKEND=postgresql): FerretDB on a PostgreSQL cluster of its own (Debian's, installed by
# `scripts/install.sh --pg`; data in .data/<profile>/pg, a unix socket only) instead of SQLite
# (docs/decisions/076). The default stays SQLite: nothing else needs PostgreSQL.
# Usage: scripts/services.sh start|stop|status [dev|test] [--pg]
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:-status}
profile=${2:-dev}
backend=${DB_BACKEND:-sqlite}
[ "${3:-}" = "--pg" ] && backend=postgresql
case "$backend" in sqlite | postgresql) ;; *) echo "DB_BACKEND must be sqlite or postgresql" >&2; exit 2 ;; esac
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

# PostgreSQL for FerretDB's postgresql handler: its own cluster, listening on a unix socket in
# $run/pg only (the port names the socket). initdb refuses root, so as root it runs as `postgres`.
# force_custom_plan: FerretDB's cached statements are planned with their values, so they can use
# the indexes server/ferretdb-pg.ts adds (decision 076).
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() { # echoes FerretDB's --postgresql-url
  local bin sock port; bin=$(pg_bin); sock="$(pwd)/$run/pg"
  [ -n "$bin" ] || { log "PostgreSQL missing: run scripts/install.sh --pg" >&2; exit 1; }
  port=$(saved PG_PORT)
  if ! { [ -n "$port" ] && as_pg "$bin/pg_ctl" -D "$data/pg" status >/dev/null 2>&1; }; then
    port=$(free_port); mkdir -p "$data/pg" "$sock"
    [ "$(id -u)" = 0 ] && chown postgres "$data/pg" "$sock"
    if [ ! -f "$data/pg/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$data/pg" -U postgres -A trust -E UTF8 --no-locale >"$sock/initdb.log" 2>&1 ||
        { log "initdb failed:" >&2; tail -n 20 "$sock/initdb.log" >&2; exit 1; }
    fi
    as_pg "$bin/pg_ctl" -D "$data/pg" -l "$sock/postgresql.log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses='' -c plan_cache_mode=force_custom_plan" start >/dev/null ||
      { log "PostgreSQL did not start; its log:" >&2; tail -n 30 "$sock/postgresql.log" >&2; exit 1; }
    as_pg "$bin/psql" -h "$sock" -p "$port" -U postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" postgres | grep -q 1 ||
      as_pg "$bin/createdb" -h "$sock" -p "$port" -U postgres ferretdb >&2
  fi
  echo "PG_PORT=$port" >>"$run/ports"
  echo "postgres://postgres@/ferretdb?host=$sock&port=$port"
}
stop_postgres() {
  local bin; bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$data/pg/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$data/pg" -m fast -w stop >/dev/null 2>&1 && log "stopped PostgreSQL" >&2 || true
  fi
}

start_mongo() {
  if [ -n "${MONGODB_URI:-}" ]; then echo "$MONGODB_URI"; return; fi
  local port pgurl=""; port=$(saved MONGO_PORT)
  if ! command -v mongod >/dev/null && [ "$backend" = postgresql ]; then
    pgurl=$(start_postgres)
    echo "FERRETDB_POSTGRESQL_URL=$pgurl" >>"$run/ports"
  fi
  if alive "$run/mongo.pid" && [ -n "$port" ]; then echo "MONGO_PORT=$port" >>"$run/ports"; echo "mongodb://127.0.0.1:$port/leerkring"; return; fi
  port=$(free_port); mkdir -p "$data/mongo"
  if command -v mongod >/dev/null; then
    setsid nohup mongod --dbpath "$data/mongo" --port "$port" --bind_ip 127.0.0.1 >"$run/mongo.log" 2>&1 &
  else
    [ -x .tools/bin/ferretdb ] || { log "FerretDB missing: run scripts/install.sh" >&2; exit 1; }
    if [ -n "$pgurl" ]; then
      setsid nohup .tools/bin/ferretdb --handler=postgresql --postgresql-url="$pgurl" \
        --state-dir="$(pwd)/$data/mongo" --listen-addr="127.0.0.1:$port" --debug-addr=- \
        --telemetry=disable --log-level=warn >"$run/mongo.log" 2>&1 &
    else
      # A database file without a single table (FerretDB stopped while creating it) makes FerretDB
      # refuse to start; it holds nothing, so it goes.
      for f in "$data"/mongo/*.sqlite; do
        [ -f "$f" ] && command -v sqlite3 >/dev/null && [ "$(sqlite3 "file:$f?mode=ro" 'SELECT count(*) FROM sqlite_master' 2>/dev/null)" = 0 ] && rm -f "$f" "$f-wal" "$f-shm"
      done
      setsid nohup .tools/bin/ferretdb --handler=sqlite --sqlite-url="file:$(pwd)/$data/mongo/" \
        --state-dir="$(pwd)/$data/mongo" --listen-addr="127.0.0.1:$port" --debug-addr=- \
        --telemetry=disable --log-level=warn >"$run/mongo.log" 2>&1 &
    fi
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
    if [[ "$profile" == test* ]] && ! alive "$run/mongo.pid"; then stop_postgres; rm -rf "$data"; fi
    : >"$run/ports"; [ -f "$envfile" ] && cp "$envfile" "$run/saved.env"
    mongo=$(start_mongo); redis=$(start_redis)
    { cat "$run/ports"; echo "MONGODB_URI=$mongo"; echo "REDIS_URL=$redis"
      # Ours is FerretDB-SQLite: the app adds the _id index its tables lack (server/ferretdb-ids.ts).
      # On PostgreSQL it adds the indexes FerretDB's pushed-down filters can use (server/ferretdb-pg.ts).
      if [ -z "${MONGODB_URI:-}" ] && ! command -v mongod >/dev/null && [ "$backend" = sqlite ]; then echo "FERRETDB_SQLITE_DIR=$(pwd)/$data/mongo"; fi
    } >"$envfile"
    rm -f "$run/ports" "$run/saved.env"
    log "MongoDB-compatible server: $mongo $( [ -n "${MONGODB_URI:-}" ] && echo '(given)' || (command -v mongod >/dev/null && echo '(mongod)' || { [ "$backend" = postgresql ] && echo '(FerretDB 1.24.2, PostgreSQL, data in '"$data"'/pg)' || echo '(FerretDB 1.24.2, SQLite, data in '"$data"'/mongo)'; }))"
    log "Redis: ${redis:-none (single node, in-memory Socket.IO adapter)}"
    log "settings written to $envfile"
    ;;
  stop)
    stop_one mongo; stop_postgres; stop_one redis; rm -f "$envfile"
    [[ "$profile" == test* ]] && rm -rf "$data"
    true
    ;;
  status)
    for s in mongo redis; do
      if alive "$run/$s.pid"; then log "$s running (pid $(cat "$run/$s.pid"))"; else log "$s not running"; fi
    done
    [ -f "$data/pg/postmaster.pid" ] && log "PostgreSQL running (pid $(head -1 "$data/pg/postmaster.pid"))"
    [ -f "$envfile" ] && cat "$envfile"
    ;;
  *) echo "usage: $0 start|stop|status [dev|test] [--pg]" >&2; exit 2 ;;
esac
