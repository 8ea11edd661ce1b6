#!/usr/bin/env bash
# Start a real OpenStack Glance v2 Images API (Debian bookworm's glance-api,
# Glance 25.x = Zed) on 127.0.0.1 with no Keystone, for conform's Glance suites.
#
#   URL=$(scripts/glance/start.sh)    # stdout: only the base URL; logs go to stderr
#   ...                               # act as any tenant with trusted headers (see README.md)
#   scripts/glance/stop.sh            # same GLANCE_PORT / GLANCE_STATE_DIR
#
# Installs glance-api with apt-get if it is missing (needs root, over a minute;
# the package's service is never started). Every start is from scratch: a fresh
# state dir with its own config, sqlite DB and file store, `glance-manage
# db_sync`, then glance-api in its own session, and a wait (bounded) until it
# answers an authenticated list.
#
# Env:
#   GLANCE_PORT           port on 127.0.0.1 (9292); must be free
#   GLANCE_STATE_DIR      absolute path ($TMPDIR or /tmp + /conform-glance-$PORT); it
#                         must not exist, or must be a state dir this script made
#   GLANCE_SECURE_RBAC    1 = Zed's new policy defaults with enforce_scope (default),
#                         0 = legacy defaults (any roles act as a member)
#   GLANCE_START_TIMEOUT  seconds for db_sync and for start-to-ready, each (60)
# Exit: 0 ready; 1 anything else (reason on stderr; nothing is left running).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HOST=127.0.0.1
PORT=${GLANCE_PORT:-9292}
STATE=${GLANCE_STATE_DIR:-${TMPDIR:-/tmp}/conform-glance-$PORT}
SECURE_RBAC=${GLANCE_SECURE_RBAC:-1}
TIMEOUT=${GLANCE_START_TIMEOUT:-60}
# Present only in dirs this script made: the one proof that wiping $STATE is ours to do.
MARKER=.conform-glance-state

log() { echo "glance/start.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

[[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] && (( PORT >= 1 && PORT <= 65535 )) || die "GLANCE_PORT must be 1-65535, not '$PORT'"
# Substituted into the templates with sed and into an sqlite URL: keep it plain.
[[ $STATE =~ ^/[A-Za-z0-9._/-]+$ && $STATE != *..* ]] || die "GLANCE_STATE_DIR must be an absolute path of [A-Za-z0-9._/-] without '..'"
[[ $STATE != / ]] || die "GLANCE_STATE_DIR must not be /"
[[ $TIMEOUT =~ ^[0-9]+$ ]] && (( TIMEOUT >= 1 )) || die "GLANCE_START_TIMEOUT must be a whole number of seconds, not '$TIMEOUT'"
case $SECURE_RBAC in
  1 | true | yes) RBAC=true ;;
  0 | false | no) RBAC=false ;;
  *) die "GLANCE_SECURE_RBAC must be 1 or 0, not '$SECURE_RBAC'" ;;
esac

# -------------------------------------------------------------- installer ---
# dpkg's word, not `python3 -c 'import glance'`: same answer, 20 ms instead of ~2 s.
installed() {
  [ -x /usr/bin/glance-api ] && [ -x /usr/bin/glance-manage ] && command -v curl > /dev/null 2>&1 &&
    [ "$(dpkg-query -W -f='${Status}' glance-api 2> /dev/null || true)" = 'install ok installed' ]
}

POLICY_RC=/usr/sbin/policy-rc.d
POLICY_BACKUP=
POLICY_OURS=0
restore_policy() {
  if [ "$POLICY_OURS" = 1 ]; then
    rm -f "$POLICY_RC"
    if [ -n "$POLICY_BACKUP" ]; then mv -f "$POLICY_BACKUP" "$POLICY_RC"; fi
    POLICY_OURS=0
  fi
}

install_glance() {
  [ "$(id -u)" = 0 ] || die "glance-api is not installed, and installing it needs root (apt-get install glance-api curl)"
  command -v apt-get > /dev/null 2>&1 || die "glance-api is not installed and there is no apt-get (Debian bookworm is needed)"
  log "installing glance-api from Debian (over a minute, ~205 packages)..."
  # The postinst runs `invoke-rc.d glance-api start`, which would start a system
  # service on 0.0.0.0:9292 reading /etc/glance. A policy-rc.d that exits 101
  # forbids it. A policy already in place is kept if it forbids it too;
  # otherwise it is set aside and put back afterwards, whatever happens.
  if [ -x "$POLICY_RC" ] && { "$POLICY_RC" glance-api start > /dev/null 2>&1; [ $? = 101 ]; }; then
    :
  else
    if [ -e "$POLICY_RC" ]; then
      POLICY_BACKUP=$(mktemp "$POLICY_RC.conform.XXXXXX")
      cp -p "$POLICY_RC" "$POLICY_BACKUP"
    fi
    POLICY_OURS=1
    printf '#!/bin/sh\n# scripts/glance/start.sh: no service starts while it installs glance-api\nexit 101\n' > "$POLICY_RC"
    chmod 755 "$POLICY_RC"
  fi
  local t0 rc=0
  t0=$(now_ms)
  # noninteractive: debconf keeps its defaults (no DB setup, no Keystone, no RabbitMQ questions).
  # confdef/confold: never prompt about, nor overwrite, an existing /etc/glance.
  local apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update >&2 || rc=$?
  if [ $rc = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" glance-api curl >&2 || rc=$?
  fi
  restore_policy
  [ $rc = 0 ] || die "apt-get failed (exit $rc)"
  installed || die "glance-api is still not usable after apt-get install"
  log "installed glance-api in $(( $(now_ms) - t0 )) ms"
}

# ------------------------------------------------------------ lifecycle ---
PID=
launcher=
READY=0
# Is pid $1 the glance-api (or its not-yet-exec'd launcher) using $STATE? Every
# stage of the launch carries "glance-api --config-file $STATE/glance-api.conf"
# in its command line. Identifies a live process before it is signalled.
ours() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/cmdline" ] &&
    tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null | grep -qF -- "glance-api --config-file $STATE/glance-api.conf"
}
# Has pid $1 (once ours) finished exiting? An exiting process loses its command
# line before it closes its files (the listening socket), so an empty command line
# is not enough: gone = no /proc entry, a zombie, or the pid reused by another program.
gone() {
  local stat cmd
  stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 0
  stat=${stat##*) }
  case ${stat%% *} in Z | X | x) return 0 ;; esac
  cmd=$(tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null) || return 0
  [ -n "$cmd" ] && [[ $cmd != *"glance-api --config-file $STATE/glance-api.conf"* ]]
}
# TERM, up to 10 s, then KILL, up to 5 s: only ever the pid this run started.
kill_ours() {
  local pid=$1 i
  ours "$pid" || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for ((i = 0; i < 50; i++)); do gone "$pid" && return 0; sleep 0.2; done
  log "pid $pid ignored SIGTERM for 10 s; sending SIGKILL"
  kill -KILL "$pid" 2> /dev/null || true
  for ((i = 0; i < 25; i++)); do gone "$pid" && return 0; sleep 0.2; done
  log "pid $pid is still alive after SIGKILL"
}
on_exit() {
  local rc=$?
  restore_policy
  if [ "$READY" != 1 ] && [ -n "${PID:-$launcher}" ]; then
    if ours "${PID:-$launcher}"; then log "not ready (exit $rc): stopping pid ${PID:-$launcher}"; fi
    kill_ours "${PID:-$launcher}"
    rm -f "$STATE/glance-api.pid"
  fi
  exit $rc
}
trap on_exit EXIT
# A signal while installing or waiting must still run on_exit: no orphaned glance-api.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ----------------------------------------------------------- pre-flight ---
# Before any install: a busy port or a foreign dir should fail in milliseconds, not after a minute.
if [ -f "$STATE/glance-api.pid" ]; then
  oldpid=$(cat "$STATE/glance-api.pid" 2> /dev/null || true)
  if ours "$oldpid"; then
    die "already running (pid $oldpid, http://$HOST:$PORT); run $HERE/stop.sh first"
  fi
fi
if (exec 3<> "/dev/tcp/$HOST/$PORT") 2> /dev/null; then
  die "$HOST:$PORT is already in use (choose another GLANCE_PORT)"
fi
if [ -e "$STATE" ] || [ -L "$STATE" ]; then
  [ -d "$STATE" ] && [ ! -L "$STATE" ] && [ -f "$STATE/$MARKER" ] ||
    die "$STATE exists and was not made by this script; refusing to wipe it"
  rm -rf -- "$STATE"
fi

# ---------------------------------------------------------------- install ---
installed || install_glance

# ---------------------------------------------------------------- config ---
mkdir -p "$(dirname "$STATE")"
mkdir -m 700 "$STATE"
touch "$STATE/$MARKER"
mkdir "$STATE"/{images,staging,lock,conf.d,policy.d}
subst() { sed -e "s|@STATE@|$STATE|g" -e "s|@HOST@|$HOST|g" -e "s|@PORT@|$PORT|g" -e "s|@RBAC@|$RBAC|g" "$1"; }
subst "$HERE/glance-api.conf.in" > "$STATE/glance-api.conf"
subst "$HERE/glance-api-paste.ini.in" > "$STATE/glance-api-paste.ini"
echo '{}' > "$STATE/policy.yaml"
# An (empty) --config-dir of our own: otherwise oslo.config also reads /etc/glance/glance-api.conf.d.
ARGS=(--config-file "$STATE/glance-api.conf" --config-dir "$STATE/conf.d")
# Glance is a system Python program: a caller's virtualenv or PYTHONPATH must not leak in.
RUNENV=(env -u PYTHONPATH -u PYTHONHOME -u PYTHONSTARTUP -u VIRTUAL_ENV)

t0=$(now_ms)
if ! timeout -k 5 "$TIMEOUT" "${RUNENV[@]}" /usr/bin/glance-manage "${ARGS[@]}" db_sync > "$STATE/db_sync.log" 2>&1; then
  tail -n 20 "$STATE/db_sync.log" >&2 || true
  die "glance-manage db_sync failed or took over ${TIMEOUT}s (log: $STATE/db_sync.log)"
fi

# ----------------------------------------------------------------- start ---
# setsid: its own session, so it outlives this script and the caller's Ctrl-C
# (stop.sh ends it). The launcher sh writes its own pid and then execs (via env)
# glance-api, so the pid file holds exactly glance-api's pid. No fd of ours is
# inherited: a caller reading our stdout sees EOF when this script exits.
t1=$(now_ms)
setsid /bin/sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$STATE/glance-api.pid" \
  "${RUNENV[@]}" /usr/bin/glance-api "${ARGS[@]}" \
  > "$STATE/glance-api.out" 2>&1 < /dev/null &
launcher=$!

# Ready = the process is ours, /healthcheck is 200 and an authenticated list is 200
# (the last one proves paste, policy and the DB all work).
PROBE=(-H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: conform-start-probe' -H 'X-Roles: admin')
deadline=$(($(date +%s) + TIMEOUT))
while :; do
  if [ -z "$PID" ]; then
    PID=$(cat "$STATE/glance-api.pid" 2> /dev/null || true)
    # Before the launcher has written the file, fall back to the pid we forked.
    [ -n "$PID" ] || { ours "$launcher" && PID=$launcher; } || true
  fi
  if [ -n "$PID" ] && ! ours "$PID"; then
    tail -n 30 "$STATE/glance-api.out" "$STATE/glance-api.log" >&2 2> /dev/null || true
    die "glance-api exited during startup (logs: $STATE)"
  fi
  if [ -n "$PID" ] &&
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$HOST:$PORT/healthcheck" || true)" = 200 ] &&
    [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "${PROBE[@]}" "http://$HOST:$PORT/v2/images?limit=1" || true)" = 200 ]; then
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    tail -n 30 "$STATE/glance-api.out" "$STATE/glance-api.log" >&2 2> /dev/null || true
    die "glance-api not ready within ${TIMEOUT}s (logs: $STATE)"
  fi
  sleep 0.2
done
# The pid file must name the process that answered, or stop.sh could not find it.
[ "$(cat "$STATE/glance-api.pid" 2> /dev/null || true)" = "$PID" ] || echo "$PID" > "$STATE/glance-api.pid"
t2=$(now_ms)

cat > "$STATE/env" << EOF
GLANCE_URL=http://$HOST:$PORT
GLANCE_PID=$PID
GLANCE_STATE_DIR=$STATE
GLANCE_SECURE_RBAC=$SECURE_RBAC
EOF
READY=1
log "ready: pid $PID, db_sync $((t1 - t0)) ms, start-to-ready $((t2 - t1)) ms, secure_rbac=$RBAC, state $STATE"
echo "http://$HOST:$PORT"
