import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixturesFile } from '../src/fixtures.ts';
import { primeDefaultPrincipals } from '../src/reference/prime/principals.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform } from './support/conform-cli.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');
/** The suites a Prime run without a target of its own skipped before fixtures (issue "real deployments"). */
const FIXTURE_SUITES = ['visibility_isolation', 'visibility_applied', 'lifecycle_semantics'];

/** A Prime deployment conform did not start: `conform serve prime` in a process of its own, with its fixtures written out. */
async function primeDeployment(work: string, faults: readonly string[] = []): Promise<{ server: ProcessServer; fixtures: string }> {
  const fixtures = join(work, `fixtures-${faults.join('+') || 'clean'}.yaml`.replaceAll('/', '_'));
  // The quota window is 1 ms: the quota is the rate-limit suite's subject, not this test's.
  const server = await startProcessServer(CLI, ['serve', 'prime', '--port', '0', '--rate-window-ms', '1', '--fixtures-out', fixtures, ...faults.flatMap((fault) => ['--fault', fault])], { cwd: ROOT });
  return { server, fixtures };
}

/** Every declared fixture's visibility rows, read back by plain HTTP as its principal. */
async function fixtureStates(url: string, fixturesFile: string): Promise<Record<string, string>> {
  const declared = (await loadFixturesFile(fixturesFile)).prime ?? {};
  const states: Record<string, string> = {};
  for (const [principal, refs] of Object.entries(declared)) {
    const headers = primeDefaultPrincipals[principal as keyof typeof primeDefaultPrincipals].headers;
    for (const ref of refs) {
      const query = ref.team_id === undefined ? '' : `?teamId=${ref.team_id}`;
      const reply = await fetch(`${url}/api/v1/images/${ref.image_name ?? ''}/${ref.image_tag ?? ''}${query}`, { headers });
      const body = (await reply.json()) as { images?: { visibility: string }[] };
      states[`${principal}/${ref.team_id ?? ''}/${ref.image_name ?? ''}:${ref.image_tag ?? ''}`] = `${reply.status} ${(body.images ?? []).map((row) => row.visibility).join(',')}`;
    }
  }
  return states;
}

/** Ledger entries that restore a declared fixture, written before the fixture is first changed. */
function restoreEntries(eventsDir: string): number {
  if (!existsSync(eventsDir)) return 0;
  return readdirSync(eventsDir)
    .filter((name) => name.endsWith('.ledger.ndjson'))
    .reduce((count, name) => count + readFileSync(join(eventsDir, name), 'utf8').split('\n').filter((line) => line.includes('"restore"') && line.includes('"type":"created"')).length, 0);
}

function summaryOf(out: string): Summary {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
}

/** `conform run` as the README tells it for a reference server started with `--rate-window-ms 1`, at the default size unless told. */
const runArgs = (url: string, fixtures: string, out: string, maxExamples?: number): string[] => [
  'run', 'prime', '--target', url, '--fixtures', fixtures, '--no-quota-pacing', ...(maxExamples === undefined ? [] : ['--max-examples', String(maxExamples)]), '--out', out, '--quiet',
];

describe('conform run prime --fixtures against a deployment conform did not start', () => {
  const work = mkdtempSync(join(tmpdir(), 'conform-prime-fixtures-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('should run every visibility and lifecycle suite on a clean deployment, pass, and leave each fixture as it was', async () => {
    // Arrange
    const { server, fixtures } = await primeDeployment(work);
    try {
      const before = await fixtureStates(server.url, fixtures);
      const out = join(work, 'clean');

      // Act
      const run = await conform(runArgs(server.url, fixtures, out));

      // Assert: only the opt-in quota probe is left out (a 1 ms window has no quota to measure).
      const summary = summaryOf(out);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect((summary.coverage?.suitesSkipped ?? []).map((entry) => entry.id)).toEqual(['rate_limit_enforced']);
      for (const suite of FIXTURE_SUITES) expect(summary.checks.some((check) => check.id === suite && check.status === 'passed'), suite).toBe(true);
      expect(await fixtureStates(server.url, fixtures)).toEqual(before);
    } finally {
      await server.close();
    }
  }, 5 * 60_000);

  it('should say the suites were skipped and fail under --require-suites without fixtures', async () => {
    // Arrange
    const { server } = await primeDeployment(work);
    try {
      const out = join(work, 'no-fixtures');

      // Act
      const run = await conform(['run', 'prime', '--target', server.url, '--no-quota-pacing', '--require-suites', '--out', out, '--quiet']);

      // Assert
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/INCOMPLETE/);
      expect(run.stdout).toContain('--fixtures');
      const skipped = (summaryOf(out).coverage?.suitesSkipped ?? []).map((entry) => entry.id);
      for (const suite of FIXTURE_SUITES) expect(skipped).toContain(suite);
    } finally {
      await server.close();
    }
  }, 5 * 60_000);

  it('should refuse a fixture its principal does not own in one line, exit 2, before any change', async () => {
    // Arrange: other's image declared as the owner's.
    const { server } = await primeDeployment(work);
    try {
      const wrong = join(work, 'wrong.yaml');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(wrong, 'prime:\n  owner:\n    - { image_name: secret-model, image_tag: latest }\n');
      const out = join(work, 'wrong');

      // Act
      const run = await conform(runArgs(server.url, wrong, out));

      // Assert
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^conform: CONFORM_CONFIG_INVALID: fixtures: prime\.owner\[0\] secret-model:latest is not an image of 'owner' .*answered 404.*nothing was changed$/m);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(out, 'exchanges.har'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['visibility_isolation/private-visible-to-others', 'visibility_isolation'],
    ['visibility_isolation/non-owner-can-update', 'visibility_isolation'],
    ['visibility_isolation/team-membership-ignored', 'visibility_isolation'],
    ['visibility_applied/not-persisted', 'visibility_applied'],
    ['visibility_applied/partial-rows', 'visibility_applied'],
    ['visibility_applied/vanishes-after-update', 'visibility_applied'],
    // The contract suite's successful PATCHes, on the owner's declared images.
    ['negative_data_rejection/accepts-unknown-visibility', 'negative_data_rejection'],
    ['status_code_conformance/204-on-update', 'status_code_conformance'],
  ])('should catch %s with %s on the deployment, and put the fixtures back', async (fault, suite) => {
    // Arrange
    const { server, fixtures } = await primeDeployment(work, [fault]);
    try {
      const before = await fixtureStates(server.url, fixtures);
      const out = join(work, fault.replace('/', '_'));

      // Act
      const run = await conform(runArgs(server.url, fixtures, out));

      // Assert
      expect(run.status).toBe(1);
      expect(summaryOf(out).findings.map((finding) => finding.check)).toContain(suite);
      // A deployment that loses images on update cannot have them back; every other fault's fixtures can.
      if (fault !== 'visibility_applied/vanishes-after-update') expect(await fixtureStates(server.url, fixtures)).toEqual(before);
      // The contract findings are on a declared image, not on a made-up name.
      if (suite.endsWith('_conformance') || suite === 'negative_data_rejection') {
        const finding = summaryOf(out).findings.find((candidate) => candidate.check === suite);
        expect(finding?.request.url ?? '').toMatch(/\/api\/v1\/images\/(python-base|trainer)\//);
      }
    } finally {
      await server.close();
    }
  }, 5 * 60_000);

  it('should put every fixture back when interrupted with SIGINT mid-run', async () => {
    // Arrange
    const { server, fixtures } = await primeDeployment(work);
    try {
      const before = await fixtureStates(server.url, fixtures);
      const out = join(work, 'interrupted');
      // A longer run (60 sequences per visibility suite), so the interrupt lands while fixtures move.
      const args = runArgs(server.url, fixtures, out, 60).filter((arg) => arg !== '--quiet');
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

      // Act: Ctrl-C once a suite has written down a fixture it is about to change (bounded wait), a moment into its changes.
      let armed = 0;
      for (let attempt = 0; attempt < 600 && armed === 0 && child.exitCode === null; attempt += 1) {
        await sleep(20);
        armed = restoreEntries(join(out, '.events'));
      }
      await sleep(150);
      child.kill('SIGINT');
      const status = await exited;

      // Assert
      expect(armed, stderr).toBeGreaterThan(0);
      expect(status).toBe(130);
      expect(await fixtureStates(server.url, fixtures)).toEqual(before);
    } finally {
      await server.close();
    }
  }, 5 * 60_000);
});
