import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../src/report/summary-report.ts';
import { conform } from './support/conform-cli.ts';

/** Any seed: the split must not depend on it (printed with a failure, to replay). */
const SEED = String(Math.floor(Math.random() * 1_000_000));

/** The requests each shard of `conform run <api> --shard i/n` at the default size sent, one shard after another. */
async function requestsPerShard(work: string, api: string, count: number): Promise<number[]> {
  const requests: number[] = [];
  for (let index = 1; index <= count; index += 1) {
    const out = join(work, `${api}-${index}-of-${count}`);
    const run = await conform(['run', api, '--seed', SEED, '--shard', `${index}/${count}`, '--out', out, '--quiet']);
    expect(run.status, `${api} shard ${index}/${count}, seed ${SEED}: ${run.stderr}`).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    requests.push(summary.stats.requests);
  }
  return requests;
}

describe('conform run --shard i/n balance', () => {
  const work = mkdtempSync(join(tmpdir(), 'conform-shard-balance-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // glance at 4 shards (its largest suite is a quarter of the run) and prime at 2 (its two visibility
  // suites are three quarters of it, so 2 is the most shards it splits evenly into).
  it.each([
    ['glance', 4],
    ['prime', 2],
    ['img', 4],
  ] as const)('should give every shard of %s split %i ways no more than 1.5 times the mean of the requests sent', async (api, count) => {
    // Arrange, Act
    const requests = await requestsPerShard(work, api, count);

    // Assert
    const mean = requests.reduce((sum, value) => sum + value, 0) / count;
    expect(Math.min(...requests), `seed ${SEED}: ${requests.join(', ')}`).toBeGreaterThan(0);
    expect(Math.max(...requests), `seed ${SEED}: ${requests.join(', ')}`).toBeLessThanOrEqual(1.5 * mean);
  }, 10 * 60_000);
});
