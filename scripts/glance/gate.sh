#!/usr/bin/env bash
# The real-Glance gate: starts upstream Glance on loopback (installing Debian's glance-api if
# missing), runs every Glance suite against it with the committed known deviations, and stops
# exactly the Glance it started. Exit status is conform's: 0 only if nothing but known
# deviations was found.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export GLANCE_PORT=${GLANCE_PORT:-9391}
export GLANCE_STATE_DIR=${GLANCE_STATE_DIR:-/tmp/conform-glance-gate-$GLANCE_PORT}
OUT=${CONFORM_GLANCE_OUT:-$ROOT/reports/real-glance}

stop() { "$HERE/stop.sh" || true; }
trap stop EXIT
URL=$("$HERE/start.sh")
# Real Glance is one CPU-bound process (~100 req/s here): 8 examples per operation keep this near a minute.
node "$ROOT/bin/conform.js" run glance --target "$URL/v2" \
  --principals "$HERE/principals.json" \
  --known-deviations "$ROOT/specs/glance-v2.upstream-deviations.yaml" \
  --seed "${CONFORM_GLANCE_SEED:-1}" --max-examples 8 --quiet --out "$OUT"
