import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyKnownDeviations, type KnownDeviation, type SummaryWithDeviations } from '../../report/known-deviations.ts';
import { writeJunit } from '../../report/junit-report.ts';
import type { Summary } from '../../report/summary-report.ts';
import type { ApiRunResult } from './execute-run.ts';

/** True when the summary went through a known-deviations file. */
export function hasDeviations(summary: Summary): summary is SummaryWithDeviations {
  return 'knownDeviations' in summary;
}

/**
 * Applies the deviations file to each API's summary and rewrites its `summary.json` with the known
 * findings marked and `knownDeviations: {file, matched, upstreamDefects, stale}`, and its `junit.xml`
 * so that it agrees (a check that failed only on known deviations is skipped there, with their
 * reasons). The gate then reads `summary.ok`: failed tests are not counted on their own, because a
 * suite test fails on any finding, known or not.
 */
export async function applyDeviationsToResults(results: readonly ApiRunResult[], deviations: readonly KnownDeviation[], file: string): Promise<ApiRunResult[]> {
  const applied: ApiRunResult[] = [];
  for (const result of results) {
    const { summary } = applyKnownDeviations(result.summary, deviations, file);
    await writeFile(join(result.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await writeJunit(result.outDir, summary);
    applied.push({ ...result, summary });
  }
  return applied;
}
