import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../report/read-events.ts';
import type { Exchange } from '../transport/exchange.ts';
import type { RunEvent } from './events.ts';
import { SuiteRuntime } from './suite-runtime.ts';

describe('SuiteRuntime.recordExchange', () => {
  it('should log the exchange as its HAR entry, credentials redacted and earlier attempts kept', async () => {
    // Arrange
    const eventsDir = mkdtempSync(join(tmpdir(), 'conform-record-'));
    const runtime = SuiteRuntime.forSettings(
      {
        api: 'glance',
        sources: [],
        target: 'http://127.0.0.1:1',
        ownsTarget: true,
        principals: { admin: { headers: { 'x-auth-token': 'tok-admin-secret' } } },
        seed: 1,
        maxExamples: 1,
        include: [],
        exclude: [],
        checks: [],
        requestTimeoutMs: 1000,
        maxResponseBytes: 1024,
        eventsDir,
        rateLimitProbe: false,
      },
      'record',
    );
    const exchange: Exchange = {
      request: { method: 'GET', url: 'http://127.0.0.1:1/v2/images?token=tok-admin-secret', headers: { 'x-auth-token': 'tok-admin-secret' } },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"echo":"tok-admin-secret"}'), truncated: false },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 2,
      retried: [{ startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, failure: { code: 'CONFORM_TARGET_UNREACHABLE', message: 'connection reset at 127.0.0.1:1', beforeResponse: true } }],
    };

    // Act
    runtime.recordExchange('listImages', exchange);
    await runtime.close();

    // Assert
    const events: RunEvent[] = [];
    const logs = readdirSync(eventsDir).filter((name) => name.endsWith('.ndjson') && !name.endsWith('.ledger.ndjson'));
    for await (const event of readEvents(logs.map((name) => join(eventsDir, name)))) events.push(event);
    const logged = events.find((event) => event.type === 'exchange');
    expect(logged).toMatchObject({ type: 'exchange', operationId: 'listImages' });
    const har = logged?.type === 'exchange' ? logged.har : '';
    expect(har).not.toContain('tok-admin-secret');
    expect(JSON.parse(har) as unknown).toMatchObject({ comment: 'listImages', response: { status: 200 }, _retried: exchange.retried });
  });
});
