import { describe, expect, it } from 'vitest';
import { parseEventLine, serializeEvent } from './event-line.ts';
import type { RunEvent } from './events.ts';
import { harEntryJson } from './har-entry.ts';

const har = harEntryJson('listImages', {
  request: { method: 'GET', url: 'http://127.0.0.1:1/v2/images?limit=2', headers: { 'x-auth-token': '[REDACTED]' } },
  response: { status: 200, headers: {}, body: '{"images":[],"note":",\\"har\\":{}"}', bodyBytes: 30, truncated: false },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
});

describe('serializeEvent and parseEventLine', () => {
  it('should give back every event it wrote, an exchange with its HAR entry as the same text', () => {
    // An operation id that contains the key the reader looks for, quoted and unquoted.
    const events: RunEvent[] = [
      { type: 'exchange', operationId: 'odd ,"har": id', har },
      { type: 'exchange', operationId: 'listImages', har },
      { type: 'check-result', operationId: 'listImages', operationLabel: 'GET /images', checkId: 'not_a_server_error', status: 'passed', requests: 2 },
      { type: 'run-finished', finishedAt: '2026-01-01T00:00:00.000Z', durationMs: 3 },
    ];
    const lines = events.map(serializeEvent);
    expect(lines.map((line) => parseEventLine(line))).toEqual(events);
    // Every line is plain JSON too, with the entry as an object: any NDJSON reader can read the log.
    expect((JSON.parse(lines[0] ?? '') as { har: unknown }).har).toEqual(JSON.parse(har) as unknown);
  });

  it('should refuse every torn prefix of a last line, and accept the whole line', () => {
    const line = serializeEvent({ type: 'exchange', operationId: 'listImages', har });
    for (let cut = 1; cut < line.length; cut += 1) expect(parseEventLine(line.slice(0, cut), false)).toBeUndefined();
    expect(parseEventLine(line, false)).toEqual({ type: 'exchange', operationId: 'listImages', har });
  });

  it('should refuse a line that is not an event', () => {
    expect(parseEventLine('42')).toBeUndefined();
    expect(parseEventLine('null')).toBeUndefined();
    expect(parseEventLine('{"type":"exchange","operationId":"x"}')).toBeUndefined();
    expect(parseEventLine('{"type":"exchange","operationId":"x","har":"text"}', false)).toBeUndefined();
  });
});
