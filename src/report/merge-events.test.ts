import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeEvent } from '../run/event-line.ts';
import type { RunEvent } from '../run/events.ts';
import { harEntryJson } from '../run/har-entry.ts';
import { logTag, mergedEvents } from './merge-events.ts';

function verdict(operationId: string, ordinal: number): RunEvent {
  return { type: 'check-result', operationId, operationLabel: operationId, checkId: 'c', status: 'passed', requests: 1, ordinal };
}

function exchange(operationId: string): RunEvent {
  return { type: 'exchange', operationId, har: harEntryJson(operationId, { request: { method: 'GET', url: 'http://127.0.0.1/x', headers: {} }, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 }) };
}

function writeLog(dir: string, name: string, events: readonly RunEvent[]): string {
  const path = join(dir, name);
  writeFileSync(path, events.map((event) => `${serializeEvent(event)}\n`).join(''));
  return path;
}

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const all: RunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('mergedEvents', () => {
  it('should put the verdicts of a suite split across shards back in one run\'s order, suites by tag', async () => {
    // Arrange: shard 1 had operations 0 and 2, shard 2 operation 1 and the visibility suite.
    const dir = mkdtempSync(join(tmpdir(), 'conform-merge-'));
    const logs = [
      writeLog(dir, 'api-visibility-20.ndjson', [verdict('visibility', 0)]),
      writeLog(dir, 'api-contract-10.ndjson', [exchange('op0'), verdict('op0', 0), exchange('op2'), verdict('op2', 2)]),
      writeLog(dir, 'api-contract-11.ndjson', [exchange('op1'), verdict('op1', 1)]),
    ];

    // Act
    const merged = await collect(mergedEvents(logs));

    // Assert
    const verdicts = merged.filter((event) => event.type === 'check-result').map((event) => event.operationId);
    expect(verdicts).toEqual(['op0', 'op1', 'op2', 'visibility']);
    expect(merged.filter((event) => event.type === 'exchange')).toHaveLength(3);
  });

  it('should keep a finding with the verdict it belongs to', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'conform-merge-'));
    const finding = { type: 'finding', finding: { operationId: 'op1' }, exchange: {}, curl: 'curl', seed: 1 } as unknown as RunEvent;
    const logs = [writeLog(dir, 'api-contract-1.ndjson', [verdict('op1', 1), finding]), writeLog(dir, 'api-contract-2.ndjson', [verdict('op0', 0)])];

    // Act
    const merged = await collect(mergedEvents(logs));

    // Assert
    expect(merged.map((event) => event.type)).toEqual(['check-result', 'check-result', 'finding']);
    expect(logTag('/x/glance-contract-4242.ndjson')).toBe('glance-contract');
  });
});
