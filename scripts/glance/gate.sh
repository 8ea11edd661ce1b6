#!/usr/bin/env bash
# The real-Glance gate: starts upstream Glance on loopback (installing Debian's glance-api if
# missing), runs every Glance suite against it with the committed known deviations, once per seed
# at the default size, and stops exactly the Glance it started. Exit status: 0 only if every seed's
# run found nothing but known deviations; otherwise the first failing run's status.
#
# Several seeds, not one: a gate that is green with one pinned seed only proves that seed
# (bench/clean-runs.ts measures 20 random ones). One Glance serves all of them, as a deployment
# would: what one run leaves behind shows in the next.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export GLANCE_PORT=${GLANCE_PORT:-9391}
export GLANCE_STATE_DIR=${GLANCE_STATE_DIR:-/tmp/conform-glance-gate-$GLANCE_PORT}
OUT=${CONFORM_GLANCE_OUT:-$ROOT/reports/real-glance}
read -r -a SEEDS <<<"${CONFORM_GLANCE_SEEDS:-1 2 3}"

stop() { "$HERE/stop.sh" || true; }
trap stop EXIT
URL=$("$HERE/start.sh")
status=0
for seed in "${SEEDS[@]}"; do
  # Each seed's reports in a folder of its own; the default size (25 examples per operation).
  if node "$ROOT/bin/conform.js" run glance --target "$URL/v2" \
    --principals "$HERE/principals.json" \
    --known-deviations "$ROOT/specs/glance-v2.upstream-deviations.yaml" \
    --seed "$seed" --quiet --out "$OUT/seed-$seed"; then
    echo "glance/gate.sh: seed $seed passed"
  else
    code=$?
    echo "glance/gate.sh: seed $seed failed (exit $code); reports in $OUT/seed-$seed" >&2
    [[ $status -ne 0 ]] || status=$code
  fi
done
exit "$status"
