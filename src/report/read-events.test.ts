import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeEvent } from '../run/event-line.ts';
import type { RunEvent } from '../run/events.ts';
import { harEntryJson } from '../run/har-entry.ts';
import { readEvents } from './read-events.ts';

function exchange(index: number): RunEvent {
  // Multi-byte text, so the reads' boundaries fall inside characters too.
  const body = JSON.stringify({ index, text: 'é€𝄞'.repeat(500 + (index % 7)) });
  return {
    type: 'exchange',
    operationId: `op-${index}`,
    har: harEntryJson(`op-${index}`, {
      request: { method: 'GET', url: `http://127.0.0.1:1/v2/images/${index}`, headers: {} },
      response: { status: 200, headers: {}, body, bodyBytes: Buffer.byteLength(body), truncated: false },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
    }),
  };
}

async function collect(paths: readonly string[]): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of readEvents(paths)) events.push(event);
  return events;
}

describe('readEvents', () => {
  it('should give back every event of logs larger than one read, in order, across files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-read-events-'));
    const first = Array.from({ length: 600 }, (_, index) => exchange(index));
    const second: RunEvent[] = [{ type: 'run-finished', finishedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 }, exchange(600)];
    writeFileSync(join(dir, 'a.ndjson'), first.map((event) => `${serializeEvent(event)}\n`).join(''));
    // CRLF line ends and a blank line, as an editor might leave them.
    writeFileSync(join(dir, 'b.ndjson'), `${second.map((event) => `${serializeEvent(event)}\r\n`).join('')}\n`);
    expect(await collect([join(dir, 'a.ndjson'), join(dir, 'b.ndjson')])).toEqual([...first, ...second]);
  });

  it('should skip a torn last line and keep a whole last line that lacks its newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-read-events-'));
    const whole = serializeEvent(exchange(1));
    const torn = serializeEvent(exchange(2));
    // Torn just after a `}` inside the entry: a slice would look like a whole line.
    writeFileSync(join(dir, 'torn.ndjson'), `${whole}\n${torn.slice(0, torn.lastIndexOf('}', torn.length - 3) + 1)}`);
    writeFileSync(join(dir, 'whole.ndjson'), `${whole}\n${torn}`);
    expect(await collect([join(dir, 'torn.ndjson')])).toEqual([exchange(1)]);
    expect(await collect([join(dir, 'whole.ndjson')])).toEqual([exchange(1), exchange(2)]);
  });
});
