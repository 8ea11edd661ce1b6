import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from './event-log.ts';
import type { RunEvent } from './events.ts';

describe('EventLog', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('should write every event in order, one per line, whatever the batching', async () => {
    // Arrange: enough events to fill several batches, and a tail that stays pending until close.
    const dir = mkdtempSync(join(tmpdir(), 'conform-event-log-'));
    dirs.push(dir);
    const log = new EventLog(join(dir, 'run.ndjson'));
    const events: RunEvent[] = Array.from({ length: 3000 }, (_, index) => ({
      type: 'check-result',
      operationId: `op-${index}`,
      operationLabel: `GET /items/${index}`,
      checkId: 'not_a_server_error',
      status: 'passed',
      requests: index,
    }));
    // Act
    for (const event of events) log.emit(event);
    await log.close();
    // Assert
    const lines = readFileSync(log.path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as RunEvent)).toEqual(events);
  });

  it('should write a pending batch after a short while without waiting for close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-event-log-'));
    dirs.push(dir);
    const log = new EventLog(join(dir, 'run.ndjson'));
    log.emit({ type: 'run-finished', finishedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 });
    await expect.poll(() => readFileSync(log.path, 'utf8'), { timeout: 2000 }).toContain('run-finished');
    await log.close();
  });
});
