import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../run/event-log.ts';
import type { RecordedExchange, RunEvent } from '../run/events.ts';
import { harEntryJson } from '../run/har-entry.ts';
import { buildReports } from './build-reports.ts';
import { HarReport } from './har-report.ts';
import { JunitReport } from './junit-report.ts';
import { SummaryReport, type Summary } from './summary-report.ts';

const exchange: RecordedExchange = {
  request: { method: 'GET', url: 'http://127.0.0.1:1/v2/images?limit=2', headers: { 'x-auth-token': '[REDACTED]' } },
  response: { status: 500, headers: { 'content-type': 'text/plain' }, body: 'boom <&>', bodyBytes: 8, truncated: false },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1.5,
};

const finding = {
  checkId: 'not_a_server_error',
  title: 'No server errors',
  clause: 'RFC 9110 §15.6',
  severity: 'critical' as const,
  operationId: 'listImages',
  operationLabel: 'GET /images',
  message: 'GET /images answered 500',
  evidence: { status: 500 },
  key: '500',
};

describe('buildReports', () => {
  it('should reduce worker logs into summary.json, exchanges.har and junit.xml', async () => {
    // Arrange
    const outDir = mkdtempSync(join(tmpdir(), 'conform-report-'));
    const log = new EventLog(join(outDir, '.events', 'worker-1.ndjson'));
    log.emit({ type: 'exchange', operationId: 'listImages', har: harEntryJson('listImages', exchange) });
    log.emit({ type: 'exchange', operationId: 'listImages', har: harEntryJson('listImages', exchange) });
    log.emit({ type: 'finding', finding, exchange, curl: "curl -X GET 'http://127.0.0.1:1/v2/images?limit=2'", seed: 7 });
    log.emit({ type: 'finding', finding, exchange, curl: 'curl', seed: 7 });
    log.emit({ type: 'check-result', operationId: 'listImages', operationLabel: 'GET /images', checkId: 'not_a_server_error', status: 'failed', requests: 2 });
    log.emit({ type: 'check-result', operationId: 'listImages', operationLabel: 'GET /images', checkId: 'ignored_auth', status: 'skipped', requests: 0, reason: 'no principal "other"' });
    await log.close();
    const head: RunEvent[] = [{ type: 'run-started', api: 'glance', target: 'http://127.0.0.1:1', seed: 7, startedAt: exchange.startedAt }];
    const tail: RunEvent[] = [{ type: 'run-finished', finishedAt: exchange.startedAt, durationMs: 12 }];

    // Act
    const summaryReport = new SummaryReport(outDir);
    const written = await buildReports(outDir, [summaryReport, new HarReport(outDir), new JunitReport(outDir, () => summaryReport.summary())], head, [log.path], tail);

    // Assert
    expect(written.map((path) => path.slice(outDir.length + 1)).sort()).toEqual(['exchanges.har', 'junit.xml', 'summary.json']);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Summary;
    expect(summary).toMatchObject({ api: 'glance', seed: 7, ok: false, stats: { requests: 2, durationMs: 12 } });
    expect(summary.findings).toHaveLength(1);
    expect(summary.findings[0]).toMatchObject({ check: 'not_a_server_error', occurrences: 2, response: { status: 500 } });
    expect(summary.checks.map((check) => check.status)).toEqual(['failed', 'skipped']);
    const har = JSON.parse(readFileSync(join(outDir, 'exchanges.har'), 'utf8')) as { log: { entries: { request: { queryString: unknown[] } }[] } };
    expect(har.log.entries).toHaveLength(2);
    expect(har.log.entries[0]?.request.queryString).toEqual([{ name: 'limit', value: '2' }]);
    const junit = readFileSync(join(outDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="conform" tests="2" failures="1" errors="0" skipped="1">');
    expect(junit).toContain('<skipped message="no principal &quot;other&quot;"/>');
  });

  it('should say ok when nothing failed and the target answered', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'conform-report-'));
    const summary = new SummaryReport(outDir);
    await buildReports(outDir, [summary], [{ type: 'check-result', operationId: 'a', operationLabel: 'GET /a', checkId: 'x', status: 'passed', requests: 3 }], [], []);
    expect(summary.summary().ok).toBe(true);
    summary.onEvent({ type: 'run-finished', finishedAt: '', durationMs: 1, unreachable: 'connection refused' });
    expect(summary.summary().ok).toBe(false);
  });
});
