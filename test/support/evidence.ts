import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../src/report/summary-report.ts';
import { harEntries } from './har.ts';

interface EntryView {
  readonly operationId: unknown;
  readonly evidenceFor: unknown;
  readonly status: number;
  readonly method: string;
  readonly url: string;
}

function view(entry: unknown): EntryView {
  const record = entry as { _operationId?: unknown; _evidenceFor?: unknown; request?: { method?: unknown; url?: unknown }; response?: { status?: unknown } };
  return {
    operationId: record._operationId,
    evidenceFor: record._evidenceFor,
    status: typeof record.response?.status === 'number' ? record.response.status : -1,
    method: String(record.request?.method ?? ''),
    url: String(record.request?.url ?? ''),
  };
}

/**
 * What a run's reports must never do, whatever the target (issue "never a silent pass"): lose
 * evidence. Every exchange in `exchanges.har` belongs to an operation `summary.json` has results for
 * (the API operation it called, `_operationId`, or the suite result it decides, `_evidenceFor`),
 * and every 5xx (or answerless exchange) is reported by a finding on its operation, or belongs to a
 * check that did not conclude (`error`). Returns the violations, one line each; `[]` when sound.
 */
export function unaccountedEvidence(outDir: string): string[] {
  const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Summary;
  const entries = harEntries(join(outDir, 'exchanges.har')).map(view);
  const problems: string[] = [];
  if (entries.length !== summary.stats.requests) problems.push(`exchanges.har has ${entries.length} entries, summary.json counts ${summary.stats.requests} requests`);
  // One operationId may have results under several labels (its contract checks, and a suite filed under
  // it: `GET /images +2 operations (rate limit)`, `PATCH … (lifecycle)`): an exchange is accounted for
  // under any of them.
  const labels = new Map<string, string[]>();
  for (const check of summary.checks) if (!(labels.get(check.operationId) ?? []).includes(check.operation)) labels.set(check.operationId, [...(labels.get(check.operationId) ?? []), check.operation]);
  const errored = new Set(summary.checks.filter((check) => check.status === 'error').map((check) => check.operation));
  const reported = new Set(summary.findings.filter((finding) => finding.response === undefined || finding.response.status >= 500 || finding.check === 'not_a_server_error').map((finding) => finding.operation));
  const orphans = new Map<string, number>();
  const silent5xx = new Map<string, string>();
  for (const entry of entries) {
    const labelsOf = (id: unknown): string[] => (typeof id === 'string' ? (labels.get(id) ?? []) : []);
    const candidates = [...labelsOf(entry.operationId), ...labelsOf(entry.evidenceFor)];
    if (candidates.length === 0) {
      const key = String(entry.operationId);
      orphans.set(key, (orphans.get(key) ?? 0) + 1);
      continue;
    }
    const broken = entry.status >= 500 || entry.status === 0;
    if (broken && !candidates.some((label) => reported.has(label) || errored.has(label))) silent5xx.set(`${candidates.join(' / ')} ${entry.status}`, `${entry.method} ${entry.url}`);
  }
  for (const [operationId, count] of orphans) problems.push(`${count} exchange(s) of operation '${operationId}' but no result for it in summary.json`);
  for (const [what, example] of silent5xx) problems.push(`${what} answered in exchanges.har and reported by no finding (e.g. ${example})`);
  return problems;
}
