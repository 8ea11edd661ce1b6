import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { SuiteId } from '../src/checks/suite-catalogue.ts';
import type { PrincipalsInput } from '../src/principals.ts';
import { conform } from './support/conform-cli.ts';
import { declaredVerdict, type DeclaredApi } from './support/declared-verdict.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

// Issue "Semantics for any document": the built-in APIs are expressed in the same declaration as a
// user's API (x-conform on specs/img-processing.yaml beside its x-pagination and x-rate-limit;
// specs/glance-v2.conform.yaml for Glance, whose document is the vendor's fragments kept byte for byte). The generic suites, run on that declaration alone, pass each clean
// reference server (a `conform serve` process) with every seed, and catch with every seed each fault
// of the parts a declaration can say (IMG's quota with its test-key tier among them); the rest of each API's faults are its own suites' (README
// "What stays code"), whose unchanged fault proofs are test/suite-faults*.test.ts.
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');
const GENERIC = ['lifecycle_semantics', 'pagination_complete', 'pagination_order', 'visibility_isolation', 'visibility_applied'];
const SEEDS = [1, 2, 3, 4, 5];

interface Builtin {
  readonly api: 'img' | 'glance';
  readonly basePath: string;
  readonly serveArgs: readonly string[];
  readonly principals: PrincipalsInput;
  /** The config file holding its declaration, when the document is a vendor's kept as it is. */
  readonly config?: string;
  /** The generic suites its declaration gives something to run. */
  readonly generic: readonly string[];
  /** The faults of what the declaration says, each caught by the generic suite named in its id. */
  readonly declarable: readonly string[];
}

const BUILTINS: readonly Builtin[] = [
  {
    api: 'img',
    basePath: '',
    serveArgs: ['--rate-window-ms', '1'],
    generic: GENERIC,
    // ownerTest: a test key, the tier of the quota's x-rate-limit with 10/min.
    principals: { owner: BUILTIN_APIS.img.defaultPrincipals.owner ?? { headers: {} }, other: BUILTIN_APIS.img.defaultPrincipals.other ?? { headers: {} }, ownerTest: BUILTIN_APIS.img.defaultPrincipals.ownerTest ?? { headers: {} } },
    declarable: [
      'pagination_complete/ignores-take',
      'pagination_complete/no-next-on-full-page',
      'pagination_complete/skips-item-at-page-boundary',
      'pagination_order/duplicates-across-pages',
      'pagination_order/next-loops',
      'pagination_order/oldest-first',
      'visibility_isolation/other-account-can-read',
      'visibility_applied/publish-leaves-url-null',
      'visibility_applied/unpublish-keeps-cdn-serving',
      'rate_limit_enforced/not-enforced',
      'rate_limit_enforced/no-retry-after',
      'rate_limit_enforced/never-recovers',
      'rate_limit_enforced/test-key-live-limit',
    ],
  },
  {
    api: 'glance',
    basePath: '/v2',
    config: join(ROOT, 'specs', 'glance-v2.conform.yaml'),
    generic: [...GENERIC, 'list_filters'],
    serveArgs: [],
    // admin: the one principal that makes an image public (the declaration's setBy).
    principals: { owner: BUILTIN_APIS.glance.defaultPrincipals.owner ?? { headers: {} }, other: BUILTIN_APIS.glance.defaultPrincipals.other ?? { headers: {} }, admin: BUILTIN_APIS.glance.defaultPrincipals.admin ?? { headers: {} } },
    declarable: [
      'visibility_isolation/private-visible-by-id',
      'visibility_isolation/private-in-list',
      'visibility_isolation/community-in-default-list',
      'visibility_isolation/member-publicizes',
      'visibility_applied/visibility-patch-ignored',
      'pagination_complete/skips-item-after-marker',
      'pagination_complete/duplicates-marker-item',
      'pagination_complete/ignores-limit',
      'pagination_complete/no-next-on-full-page',
      'pagination_complete/next-loops',
      'pagination_order/ignores-sort-key',
      'pagination_order/default-order-ascending',
      'list_filters/status-filter-ignored',
      'list_filters/owner-filter-ignored',
    ],
  },
];

// The rate-limit probe's own quota window (a second, not the documented minute), as `conform run` gives its probe server.
const PROBE_WINDOW_MS = 1000;
const probes = (fault: string): boolean => fault.startsWith('rate_limit_enforced/');

const serve = (builtin: Builtin, faults: readonly string[]): Promise<ProcessServer> =>
  startProcessServer(CLI, ['serve', builtin.api, '--port', '0', ...(faults.some(probes) ? ['--rate-window-ms', String(PROBE_WINDOW_MS)] : builtin.serveArgs), ...faults.flatMap((fault) => ['--fault', fault])], { cwd: ROOT });

describe.each(BUILTINS)('the $api declaration, run by the generic suites', (builtin) => {
  const api: DeclaredApi = { document: BUILTIN_APIS[builtin.api].spec, principals: builtin.principals, ...(builtin.config ? { config: builtin.config } : {}) };
  let clean: ProcessServer;
  let principals: string;

  beforeAll(async () => {
    clean = await serve(builtin, []);
    principals = join(mkdtempSync(join(tmpdir(), `conform-${builtin.api}-declared-`)), 'principals.json');
    writeFileSync(principals, JSON.stringify(builtin.principals));
  });

  afterAll(async () => {
    await clean.close();
  });

  // Two fixed seeds, and none as a user types it (the run's own, new each time; its stderr names it to replay).
  it.each(['1', '2', 'none'])('should pass the clean reference server with seed %s (conform run <document>, no code of its own)', async (seed) => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), `conform-${builtin.api}-declared-run-`));
    // Act
    const run = await conform(['run', api.document, ...(builtin.config ? ['--config', builtin.config] : []), '--target', `${clean.url}${builtin.basePath}`, '--principals', principals, ...(seed === 'none' ? [] : ['--seed', seed]), '--out', out, '--checks', builtin.generic.join(',')]);
    // Assert: every generic suite ran and passed
    expect(run.status, `${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { checks: { id: string; status: string }[] };
    expect([...new Set(summary.checks.map((check) => `${check.id} ${check.status}`))].sort()).toEqual(builtin.generic.map((id) => `${id} passed`).sort());
  }, 120_000);

  // Only an API whose declaration has a quota (Glance documents none).
  if (builtin.declarable.some(probes)) it('should pass the quota probe of the declaration on a clean server with seeds 1-3, every tier probed', async () => {
    // Arrange
    const windowed = await startProcessServer(CLI, ['serve', builtin.api, '--port', '0', '--rate-window-ms', String(PROBE_WINDOW_MS)], { cwd: ROOT });
    try {
      for (const seed of SEEDS.slice(0, 3)) {
        // Act
        const verdict = await declaredVerdict(api, `${windowed.url}${builtin.basePath}`, seed, 'rate_limit_enforced', { rateWindowMs: PROBE_WINDOW_MS });
        // Assert: the default tier and the test-key tier, each passed
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toEqual(['passed', 'passed']);
      }
    } finally {
      await windowed.close();
    }
  }, 120_000);

  it.each(builtin.declarable.map((fault) => [fault, fault.split('/')[0] as SuiteId] as const))('should catch %s with every seed (by %s, from the declaration)', async (fault, suiteId) => {
    // Arrange
    const server = await serve(builtin, [fault]);
    try {
      // A probe spends the quota and waits its window out: three seeds, as bench/detection.ts proves the built-in plan.
      for (const seed of probes(fault) ? SEEDS.slice(0, 3) : SEEDS) {
        // Act
        const verdict = await declaredVerdict(api, `${server.url}${builtin.basePath}`, seed, suiteId, probes(fault) ? { rateWindowMs: PROBE_WINDOW_MS } : {});
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toContain('failed');
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});

// Glance's `public` is `setBy: admin`. A user with no admin credentials still gets the visibility rules
// of every other state judged, and the owner's refusals; the public state is reported untested.
describe('the glance declaration without its admin principal', () => {
  const builtin = BUILTINS.find((candidate) => candidate.api === 'glance');
  if (!builtin) throw new Error('no glance in BUILTINS');
  const principals: PrincipalsInput = { owner: BUILTIN_APIS.glance.defaultPrincipals.owner ?? { headers: {} }, other: BUILTIN_APIS.glance.defaultPrincipals.other ?? { headers: {} } };
  const api: DeclaredApi = { document: BUILTIN_APIS.glance.spec, principals, config: builtin.config ?? '' };

  it('should pass the clean reference server with no seed, report the public state untested and read as incomplete', async () => {
    // Arrange
    const clean = await serve(builtin, []);
    const dir = mkdtempSync(join(tmpdir(), 'conform-glance-no-admin-'));
    writeFileSync(join(dir, 'principals.json'), JSON.stringify(principals));
    try {
      // Act
      const run = await conform(['run', api.document, '--config', builtin.config ?? '', '--target', `${clean.url}${builtin.basePath}`, '--principals', join(dir, 'principals.json'), '--out', join(dir, 'out'), '--checks', 'visibility_isolation,visibility_applied']);
      // Assert: both suites ran and passed; beside them, the public state is skipped with its reason
      expect(run.status, `${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`).toBe(0);
      expect(run.stdout).toContain('CONFORMANT (incomplete)');
      const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { checks: { id: string; operation: string; status: string; reason?: string }[] };
      const rows = summary.checks.map((check) => `${check.id} ${check.operation} ${check.status}`).sort();
      expect(rows).toEqual([
        'visibility_applied visibility (image) passed',
        'visibility_applied visibility (image: public) skipped',
        'visibility_isolation visibility (image) passed',
        'visibility_isolation visibility (image: public) skipped',
      ]);
      expect(summary.checks.find((check) => check.status === 'skipped')?.reason).toMatch(/^only 'admin' puts image items into 'public' \(setBy\) and the principals file has no 'admin'/);
    } finally {
      await clean.close();
    }
  }, 120_000);

  it('should still catch a member making an image public with every seed (the owner refused, no admin needed)', async () => {
    // Arrange
    const server = await serve(builtin, ['visibility_isolation/member-publicizes']);
    try {
      for (const seed of SEEDS) {
        // Act
        const verdict = await declaredVerdict(api, `${server.url}${builtin.basePath}`, seed, 'visibility_isolation');
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toContain('failed');
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
