import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPT_IN_CHECKS } from '../src/checks/catalogue.ts';
import { listFaults } from '../src/reference/index.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform } from './support/conform-cli.ts';
import { startProcessServer } from './support/process-server.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');

/**
 * Every fault of Prime and IMG but the quota's, each switched on in a `conform serve` of its own (a
 * deployment conform did not start: Prime's images declared with `--fixtures-out`), and `conform run`
 * against it as a user types it, at the default request budget. The quota's faults need the real
 * window and a minute each: `bench/quota-run.ts` runs the probe on it, the fault proofs with a short one.
 */
const CASES = (['prime', 'img'] as const).flatMap((api) =>
  listFaults(api)
    .filter((fault) => !fault.caughtBy.startsWith('rate_limit'))
    .map((fault) => [api, fault.id, fault.caughtBy] as const),
);

describe('every Prime and IMG fault, on a deployment conform did not start', () => {
  const work = mkdtempSync(join(tmpdir(), 'conform-deployment-faults-'));
  const servers: { close(): Promise<void> }[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('should cover every such fault of both APIs', () => {
    expect(CASES.filter(([api]) => api === 'prime').length).toBeGreaterThanOrEqual(20);
    expect(CASES.filter(([api]) => api === 'img').length).toBeGreaterThanOrEqual(24);
  });

  it.concurrent.each(CASES)('%s: should catch %s with %s', async (api, fault, caughtBy) => {
    // Arrange
    const dir = join(work, `${api}-${fault.replace('/', '_')}`);
    const fixtures = `${dir}.fixtures.yaml`;
    const server = await startProcessServer(CLI, ['serve', api, '--port', '0', '--rate-window-ms', '1', '--fault', fault, ...(api === 'prime' ? ['--fixtures-out', fixtures] : [])], { cwd: ROOT });
    servers.push(server);

    // Act
    // An opt-in check (positive_data_acceptance) runs when asked for, as a user would ask.
    const optIn = Object.hasOwn(OPT_IN_CHECKS, caughtBy) ? ['--checks', caughtBy] : [];
    const run = await conform(['run', api, '--target', server.url, ...(api === 'prime' ? ['--fixtures', fixtures] : []), ...optIn, '--no-quota-pacing', '--out', dir, '--quiet']);

    // Assert
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    // The seed conform picked, as a user's run does: the tours and edges catch each fault whatever it is.
    const seed = /seed (\d+)/.exec(run.stderr)?.[1] ?? '?';
    expect(run.status, `seed ${seed}: ${run.stdout}`).toBe(1);
    expect(summary.findings.map((finding) => finding.check), `seed ${seed}`).toContain(caughtBy);
    await server.close();
  }, 5 * 60_000);
});
