#!/usr/bin/env bash
# N app nodes behind HAProxy, on the dev services (scripts/services.sh start dev):
#   scripts/cluster.sh start [N]   build, start N nodes (default 2) on ports 3101.. and the proxy
#                                  on PORT (default 3000); prints what runs where
#   scripts/cluster.sh stop        stops the nodes (gracefully: SIGTERM) and the proxy (the services keep running)
#   scripts/cluster.sh status
# Every node uses the same MONGODB_URI and REDIS_URL (rooms shared through the Redis adapter) and
# APP_URL = the proxy's URL. HAProxy (scripts/haproxy-config.sh) balances by least connections and
# keeps a node in rotation only while its /readyz answers; a refused connection is retried on
# another node. Metrics of node i on port 9460+i (127.0.0.1 only). Logs and pid files: .run/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:-status}
run=.run/cluster
mkdir -p "$run"
proxy_port=${PORT:-3000}
base_port=${CLUSTER_BASE_PORT:-3100}

log() { printf '[cluster] %s\n' "$*"; }
. scripts/lib.sh
use_project_node
wait_http() { # url, name, logfile
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "$2 did not answer at $1; its log:"; tail -n 30 "$3" >&2 || true; return 1
}

case "$cmd" in
  start)
    n=${2:-2}
    [[ "$n" =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 start N (1-99)" >&2; exit 2; }
    if ls "$run"/*.pid >/dev/null 2>&1; then log "already running; '$0 stop' first"; exec "$0" status; fi
    bash scripts/services.sh start dev
    set -a; . .run/dev/services.env; set +a
    [ -n "${REDIS_URL:-}" ] || { log "no Redis: several nodes need REDIS_URL (install redis-server)"; exit 1; }
    log "building"
    npx remix build >/dev/null
    backends=()
    for i in $(seq 1 "$n"); do
      port=$((base_port + i))
      NODE_ENV=production EMAIL_FAKE=true TRUST_PROXY=loopback SESSION_SECRET="$(bash scripts/secret.sh)" PORT=$port HOST=127.0.0.1 APP_URL="http://localhost:$proxy_port" COOKIE_SECURE=false \
        METRICS_PORT=$((9460 + i)) DRAIN_DELAY_MS=2500 \
        setsid nohup node --import tsx server/index.ts >"$run/node-$i.log" 2>&1 &
      echo $! >"$run/node-$i.pid"
      echo "$port" >"$run/node-$i.port"
      backends+=("127.0.0.1:$port")
    done
    for i in $(seq 1 "$n"); do wait_http "http://127.0.0.1:$(cat "$run/node-$i.port")/healthz" "node $i" "$run/node-$i.log"; done
    command -v haproxy >/dev/null || { log "no haproxy: run scripts/install.sh"; exit 1; }
    bash scripts/haproxy-config.sh "${PROXY_HOST:-127.0.0.1}:$proxy_port" 1000 "${backends[@]}" >"$run/haproxy.cfg"
    setsid nohup haproxy -W -db -f "$run/haproxy.cfg" >"$run/proxy.log" 2>&1 &
    echo $! >"$run/proxy.pid"
    wait_http "http://127.0.0.1:$proxy_port/healthz" proxy "$run/proxy.log"
    "$0" status
    log "open http://localhost:$proxy_port (demo data: npm run seed); kill -9 a node's pid to watch presence clear and clients move"
    ;;
  stop)
    stop_pid "$run/proxy.pid" proxy
    for f in "$run"/node-*.pid; do [ -e "$f" ] || continue; stop_pid "$f" "node $(basename "$f" .pid | cut -d- -f2)"; done
    rm -f "$run"/node-*.port
    ;;
  status)
    any=0
    for f in "$run"/node-*.pid; do
      [ -e "$f" ] || continue; any=1
      i=$(basename "$f" .pid | cut -d- -f2); port=$(cat "$run/node-$i.port" 2>/dev/null || echo '?')
      if alive "$f"; then log "node $i: pid $(cat "$f"), http://127.0.0.1:$port, log $run/node-$i.log"; else log "node $i: not running (port $port)"; fi
    done
    if alive "$run/proxy.pid"; then log "proxy: pid $(cat "$run/proxy.pid"), http://localhost:$proxy_port, log $run/proxy.log"; any=1
    elif [ -f "$run/proxy.pid" ]; then log "proxy: not running"; fi
    [ "$any" = 1 ] || log "not running"
    bash scripts/services.sh status dev
    ;;
  *) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
