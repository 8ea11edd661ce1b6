#!/usr/bin/env bash
# Stop the glance-api that scripts/glance/start.sh started (same GLANCE_PORT /
# GLANCE_STATE_DIR). Signals exactly the pid in $STATE/glance-api.pid, and only
# while that pid is still the glance-api using this state dir: TERM, up to
# GLANCE_STOP_TIMEOUT seconds (15), then KILL, up to 5 s more. Then removes the
# state dir (only one start.sh made) unless GLANCE_KEEP_STATE=1.
#
# Nothing on stdout. Exit 0 when it is stopped or was not running (a stale pid
# file is reported and removed); 1 when the pid survives SIGKILL or the input is bad.
set -euo pipefail

PORT=${GLANCE_PORT:-9292}
STATE=${GLANCE_STATE_DIR:-${TMPDIR:-/tmp}/conform-glance-$PORT}
STOP_TIMEOUT=${GLANCE_STOP_TIMEOUT:-15}
MARKER=.conform-glance-state

log() { echo "glance/stop.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] && (( PORT >= 1 && PORT <= 65535 )) || die "GLANCE_PORT must be 1-65535, not '$PORT'"
[[ $STATE =~ ^/[A-Za-z0-9._/-]+$ && $STATE != *..* && $STATE != / ]] || die "bad GLANCE_STATE_DIR '$STATE'"
[[ $STOP_TIMEOUT =~ ^[0-9]+$ ]] || die "GLANCE_STOP_TIMEOUT must be a whole number of seconds"

# Same test as start.sh: the command line names this state dir's config.
ours() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/cmdline" ] &&
    tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null | grep -qF -- "glance-api --config-file $STATE/glance-api.conf"
}
# An exiting process loses its command line before it closes its files (the
# listening socket), so "not ours any more" is not "gone": gone = no /proc entry,
# a zombie (init reaps it later; its files are closed), or the pid reused by another program.
gone() {
  local stat cmd
  stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 0
  stat=${stat##*) }
  case ${stat%% *} in Z | X | x) return 0 ;; esac
  cmd=$(tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null) || return 0
  [ -n "$cmd" ] && [[ $cmd != *"glance-api --config-file $STATE/glance-api.conf"* ]]
}
wait_gone() { # wait_gone PID TRIES: polls every 0.2 s
  local i
  for ((i = 0; i < $2; i++)); do gone "$1" && return 0; sleep 0.2; done
  gone "$1"
}

rc=0
if [ -f "$STATE/glance-api.pid" ]; then
  pid=$(cat "$STATE/glance-api.pid" 2> /dev/null || true)
  if ours "$pid"; then
    kill -TERM "$pid" 2> /dev/null || true
    # glance-api normally exits within a second of SIGTERM.
    if ! wait_gone "$pid" $((STOP_TIMEOUT * 5)); then
      log "pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2> /dev/null || true
      wait_gone "$pid" 25 || true
    fi
    if gone "$pid"; then
      log "stopped pid $pid"
      # For a caller that restarts on the same port at once (bounded: 5 s).
      for ((i = 0; i < 25; i++)); do (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null || break; sleep 0.2; done
    else
      log "ERROR: pid $pid is still alive"
      rc=1
    fi
  else
    log "stale pid file (pid '$pid' is not this state dir's glance-api); nothing to stop"
  fi
  [ $rc != 0 ] || rm -f "$STATE/glance-api.pid"
else
  log "not running (no $STATE/glance-api.pid)"
fi

if [ $rc = 0 ] && [ "${GLANCE_KEEP_STATE:-0}" != 1 ] && [ -d "$STATE" ] && [ ! -L "$STATE" ]; then
  if [ -f "$STATE/$MARKER" ]; then
    rm -rf -- "$STATE"
  else
    log "$STATE was not made by start.sh; leaving it"
  fi
fi
exit $rc
