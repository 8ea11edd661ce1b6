#!/usr/bin/env bash
# A user's first hour, as the README tells it, on this clone (CI runs it on a fresh one):
#   1. the main command (`npm start`) exits 0 with a CONFORMANT verdict for each API;
#   2. the HTML report it points to opens from disk in Chromium (file://, nothing served) and shows
#      that verdict and the tests' counts, none failed;
#   3. if the real-Glance gate ran (reports/real-glance/seed-*, and declared-seed-* for its runs on the
#      declaration), each run's junit.xml counts exactly
#      the failures its exit code and summary.json stand for: none that a known deviation covers.
# Exit 0 when all hold; otherwise the first broken promise, in one line.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
fail() { echo "first-hour.sh: $*" >&2; exit 1; }

# 1. The main job.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
npm start >"$log" 2>&1 || fail "npm start exited $? ($(tail -n 1 "$log"))"
for api in glance prime img; do
  grep -q "^$api: CONFORMANT against" "$log" || fail "npm start did not print '$api: CONFORMANT against …'"
done
index=$(sed -n 's/^HTML report: //p' "$log")
[[ "$index" == "$ROOT/reports/html/index.html" ]] || fail "the HTML report is not where the README says: '$index'"
echo "first-hour.sh: npm start: glance, prime, img CONFORMANT; report at reports/html/index.html"

# 2. The report, opened as a user opens it.
if command -v chromium >/dev/null 2>&1; then
  dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=15000 --dump-dom "file://$index" 2>/dev/null) \
    || fail "chromium could not open file://$index"
  grep -Eq '<title>[[:space:]]*conform — glance: CONFORMANT against' <<<"$dom" || fail "the report's title does not carry the verdict"
  text=$(sed -e 's/<[^>]*>/ /g' <<<"$dom" | tr -s ' \n' ' ')
  grep -q 'CONFORMANT' <<<"$text" || fail "the verdict is not visible in the report opened from disk"
  # Allure lists the statuses a run has: counts must be there (not a spinner), and no failed one.
  grep -Eq 'Total [0-9]+ Passed [0-9]+' <<<"$text" || fail "the report opened from disk shows no test counts (a spinner only?)"
  if grep -Eq 'Failed [1-9]' <<<"$text"; then fail "the report opened from disk shows failed tests after a CONFORMANT run"; fi
  echo "first-hour.sh: file://$index renders in Chromium with the verdict, the counts, and no failed test"
else
  echo "first-hour.sh: no chromium: the report was not opened" >&2
fi

# 3. The gate's JUnit agrees with its verdict.
shopt -s nullglob
for dir in reports/real-glance/seed-* reports/real-glance/declared-seed-*; do
  node --input-type=module - "$dir" <<'EOF'
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(junit)?.[1] ?? NaN);
// A check fails the gate when it failed without any finding or with a finding no deviation covers.
const unexpected = summary.checks.filter((check) => check.status === 'failed').filter((check) => {
  const mine = summary.findings.filter((finding) => finding.check === check.id && finding.operation === check.operation);
  return mine.length === 0 || mine.some((finding) => !finding.known);
}).length;
if (failures !== unexpected) {
  console.error(`first-hour.sh: ${dir}/junit.xml counts ${failures} failures; the run has ${unexpected} (ok: ${summary.ok})`);
  process.exit(1);
}
console.log(`first-hour.sh: ${dir}: junit.xml failures=${failures}, the run's unexpected failures ${unexpected}, summary ok=${summary.ok}`);
EOF
done
