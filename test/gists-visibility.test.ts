import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GISTS_FAULT, gistsFaults } from '../src/reference/gists/faults.ts';
import type { SuiteId } from '../src/checks/suite-catalogue.ts';
import { declaredVerdict } from './support/declared-verdict.ts';
import { GISTS_API, gistsPrincipals, runGists, serveGists } from './support/gists.ts';
import type { ProcessServer } from './support/process-server.ts';

// Issue "Semantics for any document": the gists' visibility (public and secret gists, owner-only
// changes, three lists that each show their own part) and their X-RateLimit-* quota, from
// specs/github-gists.conform.yaml alone: its rule table and `rateLimits: {headers: x-ratelimit}`.
// Every fault is caught by the suite that owns it with every one of five seeds (the suite run in this
// process, as its suite file runs it); the clean server passes `conform run` as a user types it.
const SEEDS = [1, 2, 3, 4, 5];
const VISIBILITY = ['visibility_isolation', 'visibility_applied'];
const QUOTA = ['rate_limit_enforced'];
// The quota's own window for the probe: 30 requests a window, as `conform serve --rate-window-ms` sets.
const WINDOW_MS = 1000;
const PROBE = ['--rate-limit-probe'];
let principals: string;

beforeAll(() => {
  principals = gistsPrincipals();
});

describe('the gists visibility and quota, from the declaration alone', () => {
  let clean: ProcessServer;
  let windowed: ProcessServer;

  beforeAll(async () => {
    [clean, windowed] = await Promise.all([serveGists([]), serveGists([], WINDOW_MS)]);
  });

  afterAll(async () => {
    await Promise.all([clean.close(), windowed.close()]);
  });

  it('should cover the seven visibility and three rate-limit faults of the gists server', () => {
    const covered = [...VISIBILITY, ...QUOTA];
    expect(gistsFaults.filter((fault) => covered.includes(fault.caughtBy)).map((fault) => fault.id)).toEqual(Object.values(GISTS_FAULT).filter((id) => covered.some((rule) => id.startsWith(`${rule}/`))));
    expect(gistsFaults.filter((fault) => covered.includes(fault.caughtBy))).toHaveLength(10);
  });

  it('should pass the visibility rules and the quota on the clean server, run as a user types it (conform run, no seed: a new one each time)', async () => {
    // Act
    const visibility = await runGists(clean, principals, undefined, VISIBILITY);
    const quota = await runGists(windowed, principals, undefined, QUOTA, PROBE);
    // Assert: each ran and passed, nothing skipped
    for (const id of VISIBILITY) expect(visibility.statuses.get(id), `${id}: ${visibility.stdout.slice(-1500)}`).toEqual(['passed']);
    expect(quota.statuses.get('rate_limit_enforced'), quota.stdout.slice(-1500)).toEqual(['passed']);
    expect([visibility.status, quota.status]).toEqual([0, 0]);
  }, 120_000);

  it.each(SEEDS)('should pass the visibility rules and the quota on the clean server with seed %i (the suites in this process)', async (seed) => {
    // Act
    const verdicts = await Promise.all([...VISIBILITY.map((id) => declaredVerdict(GISTS_API, clean.url, seed, id as SuiteId)), declaredVerdict(GISTS_API, windowed.url, seed, 'rate_limit_enforced', { rateWindowMs: WINDOW_MS })]);
    // Assert
    for (const verdict of verdicts) expect(verdict.statuses, verdict.messages.join('; ')).toEqual(['passed']);
  }, 120_000);

  it.each(gistsFaults.filter((fault) => [...VISIBILITY, ...QUOTA].includes(fault.caughtBy)).map((fault) => [fault.id, fault.caughtBy as SuiteId] as const))('should catch %s with every seed (by %s)', async (fault, caughtBy) => {
    // Arrange
    const quota = QUOTA.includes(caughtBy);
    const server = await serveGists([fault], quota ? WINDOW_MS : undefined);
    try {
      for (const seed of SEEDS) {
        // Act
        const verdict = await declaredVerdict(GISTS_API, server.url, seed, caughtBy, quota ? { rateWindowMs: WINDOW_MS } : {});
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toEqual(['failed']);
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
