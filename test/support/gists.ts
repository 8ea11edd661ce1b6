import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SuiteId } from '../../src/checks/suite-catalogue.ts';
import type { ConfigDeclaration, Declaration } from '../../src/openapi/declaration/declaration.ts';
import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import { loadApi } from '../../src/openapi/load-api.ts';
import type { ApiModel } from '../../src/openapi/types.ts';
import type { PrincipalsInput } from '../../src/principals.ts';
import { GISTS_USERS } from '../../src/reference/gists/users.ts';
import type { RunSettings } from '../../src/run/run-settings.ts';
import { declaredLifecyclesPlan, declaredResources } from '../../src/run/semantic/declared-lifecycle.ts';
import { declaredLists, declaredPaginationsPlan } from '../../src/run/semantic/declared-pagination.ts';
import { declaredQuotas, declaredRateLimitPlan } from '../../src/run/semantic/declared-rate-limit.ts';
import { declaredVisibilities } from '../../src/run/semantic/declared-visibility-rules.ts';
import { declaredVisibilityDefinition } from '../../src/run/semantic/declared-visibility.ts';
import { runSemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import { VisibilityRun } from '../../src/run/semantic/visibility-run.ts';
import { SuiteRuntime } from '../../src/run/suite-runtime.ts';
import { conform } from './conform-cli.ts';
import { startProcessServer, type ProcessServer } from './process-server.ts';

/*
 * GitHub's gists as a user tests them: `conform serve gists` a process of its own (their deployment),
 * GitHub's own document, and specs/github-gists.conform.yaml the only thing written for it.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'conform.js');
export const GISTS_DOCUMENT = join(ROOT, 'specs', 'github-gists.yaml');
export const GISTS_DECLARATION = join(ROOT, 'specs', 'github-gists.conform.yaml');

/** `conform serve gists`, with faults on and, for the rate-limit probe, a 30-request window of `rateWindowMs`. */
export function serveGists(faults: readonly string[], rateWindowMs?: number): Promise<ProcessServer> {
  const window = rateWindowMs === undefined ? [] : ['--rate-window-ms', String(rateWindowMs)];
  return startProcessServer(CLI, ['serve', 'gists', '--port', '0', ...window, ...faults.flatMap((fault) => ['--fault', fault])], { cwd: ROOT });
}

/** A principals file of the gists server's first two users: `owner` and `other`. */
export function gistsPrincipals(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'conform-gists-')), 'principals.json');
  writeFileSync(file, JSON.stringify(gistsPrincipalsInput()));
  return file;
}

/** What a run reported: its exit status, its output, and each check id's statuses (one per list, resource or quota). */
export interface GistsRun {
  readonly status: number;
  readonly stdout: string;
  readonly statuses: ReadonlyMap<string, readonly string[]>;
}

/** `conform run` of the gists document with its declaration, the suites `checks` names, as `--seed seed`. */
export async function runGists(server: ProcessServer, principals: string, seed: number, checks: readonly string[], extra: readonly string[] = []): Promise<GistsRun> {
  const out = mkdtempSync(join(tmpdir(), 'conform-gists-run-'));
  const run = await conform(['run', GISTS_DOCUMENT, '--config', GISTS_DECLARATION, '--target', server.url, '--principals', principals, '--seed', String(seed), '--out', out, '--checks', checks.join(','), ...extra]);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { checks: { id: string; status: string }[] };
  const statuses = new Map<string, string[]>();
  for (const check of summary.checks) statuses.set(check.id, [...(statuses.get(check.id) ?? []), check.status]);
  return { status: run.status, stdout: run.stdout, statuses };
}

/** A principals object of the gists server's first two users, `owner` and `other`. */
function gistsPrincipalsInput(): PrincipalsInput {
  const [owner, other] = GISTS_USERS;
  return { owner: { headers: { Authorization: `Bearer ${owner.token}` } }, other: { headers: { Authorization: `Bearer ${other.token}` } } };
}

let declared: Promise<{ model: ApiModel; declaration: Declaration; config: ConfigDeclaration }> | undefined;

/** The gists document and its resolved declaration, as `conform run --config specs/github-gists.conform.yaml` resolves them. */
function gistsDeclaration(): Promise<{ model: ApiModel; declaration: Declaration; config: ConfigDeclaration }> {
  declared ??= (async () => {
    const model = await loadApi([GISTS_DOCUMENT]);
    const config: ConfigDeclaration = { source: GISTS_DECLARATION, value: (parse(readFileSync(GISTS_DECLARATION, 'utf8')) as { declaration: unknown }).declaration };
    return { model, declaration: resolveDeclaration(model, { config }).declaration, config };
  })();
  return declared;
}

/** What one declared suite concluded in-process: each result's status, and its findings' messages. */
export interface DeclaredVerdict {
  readonly statuses: readonly string[];
  readonly messages: readonly string[];
}

/**
 * Runs one of the declared suites in this process, as its suite file does under `conform run` (the
 * same plan or visibility model, from the same declaration), against a gists server of its own
 * process: a fault proof over five seeds in seconds, not five CLI runs of one.
 */
export async function declaredVerdict(server: ProcessServer, seed: number, suiteId: SuiteId, options: { readonly rateWindowMs?: number } = {}): Promise<DeclaredVerdict> {
  const { model, declaration, config } = await gistsDeclaration();
  const settings: RunSettings = {
    api: 'custom',
    sources: [GISTS_DOCUMENT],
    target: server.url,
    ownsTarget: false,
    principals: gistsPrincipalsInput(),
    seed,
    maxExamples: 25,
    include: [],
    exclude: [],
    checks: [],
    requestTimeoutMs: 5_000,
    maxResponseBytes: 1024 * 1024,
    rateLimitProbe: true,
    declaration: config,
    ...(options.rateWindowMs === undefined ? {} : { rateLimitWindowMs: options.rateWindowMs }),
  };
  const runtime = SuiteRuntime.forSettings(settings, `gists-${suiteId}-${seed}`);
  try {
    if (suiteId === 'visibility_isolation' || suiteId === 'visibility_applied') {
      const run = new VisibilityRun(runtime, declaredVisibilityDefinition(model, declaredVisibilities(model, declaration).ruled));
      const outcome = await run.run(suiteId);
      const left = await run.cleanup();
      if (left.length > 0) throw new Error(`left behind: ${left.join(', ')}`);
      return { statuses: [outcome.status], messages: outcome.finding ? [outcome.finding.message] : outcome.reason ? [outcome.reason] : [] };
    }
    const plan =
      suiteId === 'lifecycle_semantics'
        ? declaredLifecyclesPlan(model, declaredResources(declaration))
        : suiteId === 'rate_limit_enforced'
          ? declaredRateLimitPlan(model, declaredQuotas(model, declaration))
          : declaredPaginationsPlan(model, declaredLists(declaration));
    const result = await runSemanticPlan(plan, runtime);
    if (result.leftBehind.length > 0) throw new Error(`left behind: ${result.leftBehind.join(', ')}`);
    const outcomes = [...result.outcomes.values()].filter((outcome) => outcome.property.checkId === suiteId);
    return { statuses: outcomes.map((outcome) => outcome.status), messages: outcomes.flatMap((outcome) => [...outcome.findings.map((found) => found.finding.message), ...(outcome.reason ? [outcome.reason] : [])]) };
  } finally {
    await runtime.close();
  }
}
