import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../run/events.ts';
import { harEntryJson } from '../run/har-entry.ts';
import { HarReport } from './har-report.ts';

function exchange(index: number): RecordedExchange {
  return {
    request: { method: 'GET', url: `http://127.0.0.1:1/v2/images/${index}`, headers: { 'x-auth-token': '[REDACTED]' } },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: index, pad: 'x'.repeat(2000) }), bodyBytes: 2020, truncated: false },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
  };
}

describe('HarReport', () => {
  it('should write every entry, in order, when the exchanges span several write batches', async () => {
    // Arrange: ~2 KiB per entry, so 600 entries are several 256 KiB batches.
    const outDir = mkdtempSync(join(tmpdir(), 'conform-har-'));
    const report = new HarReport(outDir);
    // Act
    for (let index = 0; index < 600; index += 1) await report.onEvent({ type: 'exchange', operationId: 'showImage', har: harEntryJson('showImage', exchange(index)) });
    await report.finish();
    // Assert
    const har = JSON.parse(readFileSync(join(outDir, 'exchanges.har'), 'utf8')) as { log: { entries: { request: { url: string } }[] } };
    expect(har.log.entries).toHaveLength(600);
    expect(har.log.entries.map((entry) => entry.request.url.split('/').at(-1))).toEqual(Array.from({ length: 600 }, (_, index) => String(index)));
  });

  it('should write a valid empty log when the run sent nothing', async () => {
    // Arrange
    const outDir = mkdtempSync(join(tmpdir(), 'conform-har-'));
    // Act
    await new HarReport(outDir).finish();
    // Assert
    expect(JSON.parse(readFileSync(join(outDir, 'exchanges.har'), 'utf8'))).toMatchObject({ log: { version: '1.2', entries: [] } });
  });
});
