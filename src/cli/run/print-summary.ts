import type { CliOutput } from '../output.ts';
import type { ApiRunResult } from './execute-run.ts';

const MAX_FINDINGS_SHOWN = 12;

/** The one-screen verdict after a run: per API the counts, the findings, and where the reports are. */
export function printRunSummary(results: readonly ApiRunResult[], html: { index?: string; problem?: string }, output: CliOutput): void {
  output.out('');
  for (const result of results) {
    const { summary } = result;
    const count = (status: string) => summary.checks.filter((check) => check.status === status).length;
    const verdict = summary.ok && result.testsFailed === 0 ? 'CONFORMANT' : 'NOT CONFORMANT';
    output.out(`${result.api}: ${verdict} against ${summary.target}`);
    output.out(`  checks: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped; ${summary.stats.requests} requests in ${(summary.stats.durationMs / 1000).toFixed(1)} s`);
    for (const finding of summary.findings.slice(0, MAX_FINDINGS_SHOWN)) {
      output.out(`  ✗ [${finding.check}] ${finding.message}${finding.occurrences > 1 ? ` (×${finding.occurrences})` : ''}`);
    }
    if (summary.findings.length > MAX_FINDINGS_SHOWN) output.out(`  … and ${summary.findings.length - MAX_FINDINGS_SHOWN} more in summary.json`);
    for (const error of result.errors) output.out(`  ! ${error}`);
    for (const left of result.leftBehind) output.out(`  ! created by this run and still there: ${left}`);
    output.out(`  reports: ${result.outDir}/summary.json, junit.xml, exchanges.har`);
  }
  output.out(html.index ? `HTML report: ${html.index}` : `HTML report: not written (${html.problem ?? 'unknown reason'})`);
}
