# Helpers shared by the scripts (sourced from the repository root; process helpers need log()).

# use_project_node: the project's own Node (the exact `node` devDependency that `npm ci` installs
# into node_modules/.bin; decision 065) first on PATH, so node, npx and every child they start run
# on it rather than on the machine's Node. Only npm ci itself (scripts/install.sh) runs before it.
use_project_node() {
  if [ ! -x node_modules/.bin/node ]; then
    echo "node_modules/.bin/node is missing: run scripts/install.sh (npm ci installs the project's Node)" >&2
    exit 1
  fi
  PATH="$(pwd)/node_modules/.bin:$PATH"
  export PATH
  hash -r
}

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
