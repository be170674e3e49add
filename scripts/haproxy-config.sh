#!/usr/bin/env bash
# Prints the HAProxy configuration in front of Leerkring's app nodes (docs/decisions/043): HTTP
# and WebSocket on one frontend, no stickiness (Socket.IO runs websocket-only, decision 004),
# least connections, a node in rotation only while its GET /readyz answers 200.
# Usage: scripts/haproxy-config.sh LISTEN (host:port) CHECK_INTERVAL_MS BACKEND (host:port)...
set -euo pipefail
listen=$1; inter=$2; shift 2
[ $# -gt 0 ] || { echo "usage: $0 LISTEN CHECK_INTERVAL_MS BACKEND..." >&2; exit 2; }
cat <<CFG
global
  # Two file descriptors a connection: within this machine's limit (ulimit -n); raise both together.
  maxconn ${HAPROXY_MAXCONN:-4000}

defaults
  mode http
  log stdout format raw local0 info
  option dontlognull
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # An upgraded WebSocket may stay quiet for long (Socket.IO pings every 25 s).
  timeout tunnel 1h
  timeout http-keep-alive 10s
  # A refused connection (a node that died or stopped accepting) is retried on another node.
  retries 3
  option redispatch
  # The nodes believe only the last hop (TRUST_PROXY names this proxy).
  option forwardfor

frontend web
  bind ${listen}
  # One id per request, passed on as X-Request-ID and found again in the app's log line.
  unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid
  unique-id-header X-Request-ID
  default_backend app

backend app
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  # init-addr: start even while a node's name does not resolve yet (compose starts them together).
  default-server inter ${inter} fall 2 rise 2 init-addr last,libc,none
CFG
i=0
for b in "$@"; do i=$((i + 1)); echo "  server node$i $b check"; done
