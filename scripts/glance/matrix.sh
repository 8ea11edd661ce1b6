#!/usr/bin/env bash
# The vendor compatibility matrix CI produces: the same Glance suites, with one seed (drawn for the run
# and printed, or CONFORM_MATRIX_SEED), against
#   reference  conform's embedded reference server (correct behaviour),
#   glance     real upstream Glance (Debian's glance-api, started here; known deviations honoured),
#   faulty     the reference server with a few faults switched on.
# Writes matrix.json and matrix.html (and each column's reports) under $CONFORM_MATRIX_OUT.
# Exit 0 only when the matrix says what it must: reference and glance conformant, faulty not,
# and each switched-on fault caught by the check or suite that owns it.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export GLANCE_PORT=${GLANCE_PORT:-9394}
export GLANCE_STATE_DIR=${GLANCE_STATE_DIR:-/tmp/conform-glance-matrix-$GLANCE_PORT}
OUT=${CONFORM_MATRIX_OUT:-$ROOT/reports/matrix}
# Drawn, not pinned: a matrix that says "conformant" for one pinned seed only proves that seed.
SEED=${CONFORM_MATRIX_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "glance/matrix.sh: seed $SEED (replay: CONFORM_MATRIX_SEED=$SEED)"
FAULTS=(
  content_type_conformance/show-text-plain
  response_schema_conformance/min-disk-as-string
  visibility_isolation/private-visible-by-id
  pagination_complete/ignores-limit
)
WORK=$(mktemp -d)
PIDS=()

stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$HERE/stop.sh" || true
  rm -rf "$WORK"
}
trap stop EXIT

# Starts `conform serve glance ARGS...` in the background and sets SERVED to its URL (its first
# stdout line). Not called in $(...): the pid must be remembered by this shell to be stopped.
serve() {
  local log="$WORK/serve-${#PIDS[@]}.log"
  node "$ROOT/bin/conform.js" serve glance --host 127.0.0.1 --port 0 "$@" >"$log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 300); do
    if grep -q '^listening on ' "$log"; then SERVED=$(sed -n 's/^listening on //p' "$log" | head -n 1); return 0; fi
    sleep 0.1
  done
  echo "glance/matrix.sh: conform serve did not start: $(tail -n 1 "$log")" >&2
  return 1
}

GLANCE_URL=$("$HERE/start.sh")
serve
REFERENCE_URL=$SERVED
FAULT_ARGS=()
for fault in "${FAULTS[@]}"; do FAULT_ARGS+=(--fault "$fault"); done
serve "${FAULT_ARGS[@]}"
FAULTY_URL=$SERVED

# Exit 1 is expected (the faulty column); anything else is a broken run.
status=0
node "$ROOT/bin/conform.js" matrix glance \
  --target "reference=$REFERENCE_URL/v2" \
  --target "glance=$GLANCE_URL/v2,principals=$HERE/principals.json,deviations=$ROOT/specs/glance-v2.upstream-deviations.yaml" \
  --target "faulty=$FAULTY_URL/v2" \
  --seed "$SEED" --max-examples 8 --quiet --out "$OUT" || status=$?
if [[ $status -ne 0 && $status -ne 1 ]]; then
  echo "glance/matrix.sh: conform matrix exited $status" >&2
  exit "$status"
fi

node --input-type=module - "$OUT/matrix.json" "${FAULTS[@]}" <<'EOF'
import { readFileSync } from 'node:fs';
const [file, ...faults] = process.argv.slice(2);
const matrix = JSON.parse(readFileSync(file, 'utf8'));
const column = (name) => matrix.targets.findIndex((target) => target.name === name);
const problems = [];
for (const name of ['reference', 'glance']) if (!matrix.targets[column(name)]?.ok) problems.push(`${name} is not conformant`);
const faulty = column('faulty');
if (matrix.targets[faulty]?.ok !== false) problems.push('faulty is conformant');
for (const fault of faults) {
  const owner = fault.split('/')[0];
  const caught = matrix.rows.some((row) => row.id === owner && row.cells[faulty]?.status === 'failed');
  if (!caught) problems.push(`${fault} was not caught by ${owner}`);
}
const counts = matrix.targets.map((t) => `${t.name} ${t.counts.passed}✓ ${t.counts.failed}✗ ${t.counts.skipped}–`).join(', ');
if (problems.length > 0) {
  console.error(`glance/matrix.sh: the matrix is wrong: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`glance/matrix.sh: ${matrix.rows.length} rows; ${counts}; all ${faults.length} faults caught`);
EOF

# A picture of the top of the page (the rows where the targets differ), for the README and CI artifacts.
if command -v chromium >/dev/null 2>&1; then
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1500,1150 \
    --screenshot="$OUT/matrix.png" "file://$OUT/matrix.html" >/dev/null 2>&1 \
    && echo "glance/matrix.sh: picture: $OUT/matrix.png" \
    || echo "glance/matrix.sh: no picture (chromium failed)" >&2
fi
