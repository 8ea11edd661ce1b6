import { coverageOf, type SummaryNegotiation } from '../../report/summary-report.ts';
import type { TestState } from '../../vitest/vitest-driver.ts';
import type { CliOutput } from '../output.ts';
import { hasDeviations } from './apply-deviations.ts';
import type { ApiRunResult } from './execute-run.ts';
import { verdictOf } from './verdict.ts';

const MAX_FINDINGS_SHOWN = 12;
const MAX_ERRORS_SHOWN = 12;

/** The mark of a finished test in the progress lines. */
export const PROGRESS_MARK: Readonly<Record<TestState, string>> = { passed: '✓', failed: '✗', skipped: '-', error: '!' };

/** The one-screen verdict after a run: per API the counts, the findings, and where the reports are. */
export function printRunSummary(
  results: readonly ApiRunResult[],
  html: { index?: string; problem?: string },
  output: CliOutput,
  principalProblems: ReadonlyMap<string, readonly string[]> = new Map(),
): void {
  output.out('');
  for (const result of results) {
    const { summary } = result;
    const deviations = hasDeviations(summary) ? summary.knownDeviations : undefined;
    const { outcomes } = summary;
    const verdict = verdictOf(result);
    output.out(`${result.title ?? result.api}: ${verdict.label} against ${summary.target}`);
    const errors = outcomes.error > 0 ? `, ${outcomes.error} error${outcomes.error === 1 ? '' : 's'}` : '';
    output.out(`  checks: ${outcomes.passed} passed, ${outcomes.failed} failed${errors}, ${outcomes.skipped} skipped; ${summary.stats.requests} requests in ${(summary.stats.durationMs / 1000).toFixed(1)} s`);
    // Errors first: a check conform could not conclude says nothing about the target, and may hide a defect.
    const errored = summary.checks.filter((check) => check.status === 'error');
    for (const check of errored.slice(0, MAX_ERRORS_SHOWN)) output.out(`  ! [${check.id}] ${check.operation}: ${check.reason ?? 'could not conclude'}`);
    if (errored.length > MAX_ERRORS_SHOWN) output.out(`  … and ${errored.length - MAX_ERRORS_SHOWN} more errors in summary.json`);
    const shown = hasDeviations(summary) ? summary.findings.filter((finding) => finding.known === undefined) : summary.findings;
    for (const finding of shown.slice(0, MAX_FINDINGS_SHOWN)) {
      output.out(`  ✗ [${finding.check}] ${finding.message}${finding.occurrences > 1 ? ` (×${finding.occurrences})` : ''}`);
    }
    if (shown.length > MAX_FINDINGS_SHOWN) output.out(`  … and ${shown.length - MAX_FINDINGS_SHOWN} more in summary.json`);
    if (deviations) {
      output.out(`  known deviations: ${summary.findings.length - shown.length} finding(s) matched ${deviations.matched.length} entr${deviations.matched.length === 1 ? 'y' : 'ies'} of ${deviations.file ?? 'the file'}`);
      // Upstream's own defects, apart: known, so they do not fail the gate, but a vendor may want to fix them.
      for (const defect of deviations.upstreamDefects ?? []) {
        output.out(`  ⚑ upstream defect: [${defect.check}] ${defect.operation}: ${defect.reason}`);
        output.out(`      reproduce: ${defect.reproduction}`);
      }
      for (const stale of deviations.stale) {
        output.out(`  ~ stale deviation (not seen in this run: fixed upstream, or not reached with this seed)${stale.kind === 'upstream-defect' ? ' — an upstream defect: fixed?' : ''}: [${stale.check}] ${stale.operation}${stale.status === undefined ? '' : ` ${stale.status}`}${stale.schemaPath ? ` ${stale.schemaPath}` : ''}${stale.header ? ` header ${stale.header}` : ''}${stale.key ? ` key ${stale.key}` : ''}`);
      }
    }
    // Said before the run too; here again, where the skipped suites it explains are counted.
    for (const problem of principalProblems.get(result.api) ?? []) output.out(`  ! principals: ${problem}`);
    // Every semantic suite that did not run, together, with what would make it run: never buried in the progress lines.
    const skipped = coverageOf(summary.checks).suitesSkipped;
    if (skipped.length > 0) output.out(`  ! incomplete: ${skipped.length} semantic suite result(s) skipped; the verdict covers only what ran:`);
    for (const check of skipped) output.out(`  - skipped [${check.id}] ${check.operation}: ${check.reason}`);
    const negotiation = negotiationLine(summary.negotiation ?? []);
    if (negotiation) output.out(negotiation);
    for (const error of result.errors) output.out(`  ! ${error}`);
    if (verdict.label === 'NOTHING CHECKED') output.out('  ! no check concluded anything: every one was skipped (reasons in summary.json) or none was selected');
    for (const left of result.leftBehind) output.out(`  ! created by this run and still there: ${left}`);
    output.out(`  reports: ${result.outDir}/summary.json, junit.xml, exchanges.har`);
  }
  output.out(html.index ? `HTML report: ${html.index}` : `HTML report: not written (${html.problem ?? 'the renderer gave no reason'})`);
}

/**
 * One informational line when a client that sends no Accept gets answers the document does not give
 * (Glance: text/plain errors): what a deployment does, not a failure of its document.
 */
export function negotiationLine(negotiation: readonly SummaryNegotiation[]): string | undefined {
  const off = negotiation.filter((entry) => !entry.documented);
  const example = off[0];
  if (!example) return undefined;
  const answer = (status: number, contentType: string | undefined): string => `${status} ${contentType?.split(';')[0] ?? 'without a content type'}`;
  return `  i without Accept, ${off.length} of ${negotiation.length} operation(s) answer in an undocumented media type (e.g. ${example.operation}: ${answer(example.withoutAccept.status, example.withoutAccept.contentType)}; with Accept: ${example.accept} it is ${answer(example.withAccept.status, example.withAccept.contentType)}); information, not a finding`;
}
