# Process helpers shared by scripts/services.sh and scripts/cluster.sh (sourced; each defines log()).

# alive PIDFILE: the process named in PIDFILE runs.
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid PIDFILE NAME: TERM, up to 6 s to exit, then KILL; removes PIDFILE.
stop_pid() {
  local pidf=$1
  if alive "$pidf"; then
    local pid; pid=$(cat "$pidf"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped $2 (pid $pid)"
  fi
  rm -f "$pidf"
}
