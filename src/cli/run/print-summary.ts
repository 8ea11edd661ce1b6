import type { CliOutput } from '../output.ts';
import { hasDeviations } from './apply-deviations.ts';
import type { ApiRunResult } from './execute-run.ts';

const MAX_FINDINGS_SHOWN = 12;

/** The one-screen verdict after a run: per API the counts, the findings, and where the reports are. */
export function printRunSummary(results: readonly ApiRunResult[], html: { index?: string; problem?: string }, output: CliOutput): void {
  output.out('');
  for (const result of results) {
    const { summary } = result;
    const count = (status: string) => summary.checks.filter((check) => check.status === status).length;
    const deviations = hasDeviations(summary) ? summary.knownDeviations : undefined;
    // With a deviations file the gate is summary.ok: suite tests fail on known findings too.
    const verdict = summary.ok && (deviations !== undefined || result.testsFailed === 0) ? (deviations ? 'CONFORMANT (with known deviations)' : 'CONFORMANT') : 'NOT CONFORMANT';
    output.out(`${result.api}: ${verdict} against ${summary.target}`);
    output.out(`  checks: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped; ${summary.stats.requests} requests in ${(summary.stats.durationMs / 1000).toFixed(1)} s`);
    const shown = hasDeviations(summary) ? summary.findings.filter((finding) => finding.known === undefined) : summary.findings;
    for (const finding of shown.slice(0, MAX_FINDINGS_SHOWN)) {
      output.out(`  ✗ [${finding.check}] ${finding.message}${finding.occurrences > 1 ? ` (×${finding.occurrences})` : ''}`);
    }
    if (shown.length > MAX_FINDINGS_SHOWN) output.out(`  … and ${shown.length - MAX_FINDINGS_SHOWN} more in summary.json`);
    if (deviations) {
      output.out(`  known deviations: ${summary.findings.length - shown.length} finding(s) matched ${deviations.matched.length} entr${deviations.matched.length === 1 ? 'y' : 'ies'} of ${deviations.file ?? 'the file'}`);
      for (const stale of deviations.stale) {
        output.out(`  ~ stale deviation (not seen in this run: fixed upstream, or not reached with this seed): [${stale.check}] ${stale.operation}${stale.status === undefined ? '' : ` ${stale.status}`}${stale.schemaPath ? ` ${stale.schemaPath}` : ''}${stale.header ? ` header ${stale.header}` : ''}${stale.key ? ` key ${stale.key}` : ''}`);
      }
    }
    for (const error of result.errors) output.out(`  ! ${error}`);
    for (const left of result.leftBehind) output.out(`  ! created by this run and still there: ${left}`);
    output.out(`  reports: ${result.outDir}/summary.json, junit.xml, exchanges.har`);
  }
  output.out(html.index ? `HTML report: ${html.index}` : `HTML report: not written (${html.problem ?? 'unknown reason'})`);
}
