import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../run/events.ts';
import type { MarkedFinding, SummaryWithDeviations } from './known-deviations.ts';
import type { ReportWriter } from './report-writer.ts';
import type { Summary } from './summary-report.ts';

/** The findings one testcase lists at most (the rest are in summary.json). */
const MAX_FINDINGS_PER_CASE = 50;

function xml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');
}

function findingText(finding: MarkedFinding): string {
  const known = finding.known ? ` [known ${finding.known.kind}: ${finding.known.reason}]` : '';
  return `${finding.message}${finding.occurrences > 1 ? ` (×${finding.occurrences})` : ''}${known}\n  replay: ${finding.curl}`;
}

/**
 * `junit.xml` from a run's summary: a testsuite per operation, a testcase per check, as CI servers
 * display them. It agrees with the verdict: a check that failed only on known deviations is
 * `<skipped>` with the deviations' reasons (so a gate that exits 0 shows `failures="0"`); one with
 * any finding no deviation covers is a `<failure>` that lists those first; an `error` is `<error>`.
 */
export function renderJunit(summary: Summary | SummaryWithDeviations): string {
  const findingsOf = new Map<string, MarkedFinding[]>();
  for (const finding of summary.findings as readonly MarkedFinding[]) {
    const key = `${finding.operation}\u0000${finding.check}`;
    findingsOf.set(key, [...(findingsOf.get(key) ?? []), finding]);
  }
  const byOperation = new Map<string, Summary['checks'][number][]>();
  for (const check of summary.checks) byOperation.set(check.operation, [...(byOperation.get(check.operation) ?? []), check]);

  let tests = 0;
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const [operation, checks] of byOperation) {
    const body: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    let suiteErrors = 0;
    for (const check of checks) {
      const findings = findingsOf.get(`${operation}\u0000${check.id}`) ?? [];
      const unexpected = findings.filter((finding) => !finding.known);
      const attributes = `classname="${xml(operation)}" name="${xml(check.id)}" time="0"`;
      if (check.status === 'error') {
        // <error>, not <failure>: conform could not conclude; what it saw before stopping is kept.
        suiteErrors += 1;
        const text = [check.reason ?? 'error', ...findings.slice(0, MAX_FINDINGS_PER_CASE).map(findingText)].join('\n');
        body.push(`    <testcase ${attributes}>`, `      <error message="${xml(check.reason ?? 'error')}">${xml(text)}</error>`, '    </testcase>');
      } else if (check.status === 'failed' && (unexpected.length > 0 || findings.length === 0)) {
        suiteFailures += 1;
        const listed = [...unexpected, ...findings.filter((finding) => finding.known)].slice(0, MAX_FINDINGS_PER_CASE);
        const text = listed.length > 0 ? listed.map(findingText).join('\n') : (check.reason ?? 'failed');
        const message = unexpected[0]?.message ?? check.reason ?? 'failed';
        body.push(`    <testcase ${attributes}>`, `      <failure message="${xml(message)}">${xml(text)}</failure>`, '    </testcase>');
      } else if (check.status === 'failed') {
        // Every finding is a known deviation: the gate passes, so no CI view may paint it red.
        suiteSkipped += 1;
        const reasons = [...new Set(findings.map((finding) => `known ${finding.known?.kind ?? 'deviation'}: ${finding.known?.reason ?? ''}`))];
        body.push(
          `    <testcase ${attributes}>`,
          `      <skipped message="${xml(reasons.join('; '))}"/>`,
          `      <system-out>${xml(findings.slice(0, MAX_FINDINGS_PER_CASE).map(findingText).join('\n'))}</system-out>`,
          '    </testcase>',
        );
      } else if (check.status === 'skipped') {
        suiteSkipped += 1;
        body.push(`    <testcase ${attributes}>`, `      <skipped message="${xml(check.reason ?? 'skipped')}"/>`, '    </testcase>');
      } else {
        body.push(`    <testcase ${attributes}/>`);
      }
    }
    tests += checks.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    errors += suiteErrors;
    suites.push(
      `  <testsuite name="${xml(operation)}" tests="${checks.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${suiteSkipped}">`,
      ...body,
      '  </testsuite>',
    );
  }
  const runErrors = summary.errors ?? [];
  if (runErrors.length > 0) {
    // Errors no check owns (a suite's set-up, a crashed worker): a CI view must show them too.
    tests += runErrors.length;
    errors += runErrors.length;
    suites.push(
      `  <testsuite name="conform run" tests="${runErrors.length}" failures="0" errors="${runErrors.length}" skipped="0">`,
      ...runErrors.flatMap((error, index) => [
        `    <testcase classname="conform run" name="error ${index + 1}" time="0">`,
        `      <error message="${xml(error)}">${xml(error)}</error>`,
        '    </testcase>',
      ]),
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="conform" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Writes `junit.xml` of `summary` into `outDir`. */
export async function writeJunit(outDir: string, summary: Summary | SummaryWithDeviations): Promise<string> {
  const path = join(outDir, 'junit.xml');
  await writeFile(path, renderJunit(summary));
  return path;
}

/** The report writer of a run: `junit.xml` from the summary the same events build. */
export class JunitReport implements ReportWriter {
  readonly name = 'junit';
  readonly #outDir: string;
  readonly #summary: () => Summary;

  /** `summary` gives the run's summary once every event is in (the `SummaryReport` of the same build). */
  constructor(outDir: string, summary: () => Summary) {
    this.#outDir = outDir;
    this.#summary = summary;
  }

  onEvent(_event: RunEvent): void {
    // Everything it needs is in the summary.
  }

  async finish(): Promise<readonly string[]> {
    return [await writeJunit(this.#outDir, this.#summary())];
  }
}
