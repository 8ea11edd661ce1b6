import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.ts';
import type { MarkedFinding } from '../../report/known-deviations.ts';
import { hasDeviations } from './apply-deviations.ts';
import type { ApiRunResult } from './execute-run.ts';
import { verdictOf } from './verdict.ts';

/** conform's version, as its package.json says. */
export function conformVersion(): string {
  try {
    return String((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** The HTML report's title: what ran, against what, and what it concluded. */
export function reportTitle(results: readonly Pick<ApiRunResult, 'api' | 'title' | 'summary' | 'errors' | 'testsFailed' | 'requireSuites'>[]): string {
  const seed = results[0]?.summary.seed;
  const parts = results.map((result) => `${result.title ?? result.api}: ${verdictOf(result).label} against ${result.summary.target}`);
  return `conform — ${parts.join('; ')}${seed === undefined ? '' : ` (seed ${seed})`}`;
}

/** `key=value` lines of a Java properties file, which Allure shows as the report's environment. */
function properties(entries: readonly (readonly [string, string])[]): string {
  const escape = (text: string, key: boolean): string =>
    text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(key ? /[=: ]/g : /^ /, (char) => `\\${char}`);
  return `${entries.map(([key, value]) => `${escape(key, true)}=${escape(value, false)}`).join('\n')}\n`;
}

/**
 * Writes `environment.properties` into the Allure results: per API its target, verdict and counts,
 * and the run's seed, conform's version and date, so the page says what it is a report of.
 */
export async function writeRunEnvironment(resultsDir: string, results: readonly ApiRunResult[], date = new Date()): Promise<void> {
  const entries: [string, string][] = [];
  const prefix = (api: string): string => (results.length > 1 ? `${api} ` : '');
  for (const result of results) {
    const { summary } = result;
    const { outcomes } = summary;
    if (results.length === 1) entries.push(['API', result.title ?? result.api]);
    entries.push([`${prefix(result.api)}verdict`, verdictOf(result).label]);
    entries.push([`${prefix(result.api)}target`, summary.target]);
    entries.push([`${prefix(result.api)}checks`, `${outcomes.passed} passed, ${outcomes.failed} failed, ${outcomes.error} errors, ${outcomes.skipped} skipped`]);
    if (hasDeviations(summary)) {
      const known = summary.findings.filter((finding) => finding.known).length;
      entries.push([`${prefix(result.api)}known deviations`, `${known} finding(s), ${summary.knownDeviations.upstreamDefects.length} upstream defect(s), file ${summary.knownDeviations.file ?? ''}`]);
    }
  }
  entries.push(['seed', String(results[0]?.summary.seed ?? '')], ['conform', conformVersion()], ['date', date.toISOString()]);
  await writeFile(join(resultsDir, 'environment.properties'), properties(entries));
}

interface AllureLabel {
  readonly name: string;
  readonly value: string;
}

interface AllureResult {
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  labels?: AllureLabel[];
}

/**
 * Marks each Allure result by what its findings are, once the deviations file is applied: a test
 * that failed only on known deviations becomes `skipped` (as in junit.xml), its message saying which
 * deviation and kind; every failed or marked test gets a tag a reader can filter on: `new failure`,
 * `known deviation`, `upstream defect`. Results are matched by the labels `reportToAllure` sets (API,
 * operation, check). Resolves to the number of results changed.
 */
export async function markKnownDeviations(resultsDir: string, results: readonly ApiRunResult[]): Promise<number> {
  const findingsOf = new Map<string, MarkedFinding[]>();
  for (const result of results) {
    if (!hasDeviations(result.summary)) continue;
    for (const finding of result.summary.findings) {
      const key = `${result.api}\u0000${finding.operation}\u0000${finding.check}`;
      findingsOf.set(key, [...(findingsOf.get(key) ?? []), finding]);
    }
  }
  if (findingsOf.size === 0) return 0;
  let changed = 0;
  for (const name of (await readdir(resultsDir)).filter((file) => file.endsWith('-result.json'))) {
    const path = join(resultsDir, name);
    const result = JSON.parse(await readFile(path, 'utf8')) as AllureResult;
    const label = (wanted: string): string | undefined => result.labels?.find((candidate) => candidate.name === wanted)?.value;
    const findings = findingsOf.get(`${label('epic') ?? ''}\u0000${label('feature') ?? ''}\u0000${label('story') ?? ''}`);
    if (!findings || result.status !== 'failed') continue;
    const known = findings.filter((finding) => finding.known);
    const unexpected = findings.length - known.length;
    if (known.length === 0) {
      result.labels = [...(result.labels ?? []), { name: 'tag', value: 'new failure' }];
      await writeFile(path, JSON.stringify(result));
      changed += 1;
      continue;
    }
    const tags: string[] = [...new Set(known.map((finding) => (finding.known?.kind === 'upstream-defect' ? 'upstream defect' : 'known deviation')))];
    const reasons = [...new Set(known.map((finding) => `known ${finding.known?.kind ?? 'deviation'}: ${finding.known?.reason ?? ''}`))];
    if (unexpected === 0) {
      result.status = 'skipped';
      result.statusDetails = { ...result.statusDetails, message: `${reasons.join('\n')}\n\n${result.statusDetails?.message ?? ''}` };
    } else {
      tags.push('new failure');
      result.statusDetails = { ...result.statusDetails, message: `${unexpected} new finding(s) beside ${known.length} known (${reasons.join('; ')})\n\n${result.statusDetails?.message ?? ''}` };
    }
    result.labels = [...(result.labels ?? []), ...tags.map((value) => ({ name: 'tag', value }))];
    await writeFile(path, JSON.stringify(result));
    changed += 1;
  }
  return changed;
}
