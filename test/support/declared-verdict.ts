import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { SuiteId } from '../../src/checks/suite-catalogue.ts';
import type { ConfigDeclaration, Declaration } from '../../src/openapi/declaration/declaration.ts';
import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import { loadApi } from '../../src/openapi/load-api.ts';
import type { ApiModel } from '../../src/openapi/types.ts';
import type { PrincipalsInput } from '../../src/principals.ts';
import type { RunSettings } from '../../src/run/run-settings.ts';
import { declaredLifecyclesPlan, declaredResources } from '../../src/run/semantic/declared-lifecycle.ts';
import { declaredLists, declaredPaginationsPlan } from '../../src/run/semantic/declared-pagination.ts';
import { declaredRateLimitSuite } from '../../src/run/semantic/declared-rate-limit.ts';
import { declaredVisibilities } from '../../src/run/semantic/declared-visibility-rules.ts';
import { declaredVisibilityDefinition } from '../../src/run/semantic/declared-visibility.ts';
import { plansInSequence, runSemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import { VisibilityRun } from '../../src/run/semantic/visibility-run.ts';
import { SuiteRuntime } from '../../src/run/suite-runtime.ts';
import { ContractRun } from '../../src/run/contract-run.ts';

/** A document under test with its declaration: on the document, or in a config file beside it. */
export interface DeclaredApi {
  readonly document: string;
  /** A conform.config.yaml whose `declaration` completes the document's. */
  readonly config?: string;
  readonly principals: PrincipalsInput;
}

const resolved = new Map<string, Promise<{ model: ApiModel; declaration: Declaration; config?: ConfigDeclaration }>>();

/** The document and its resolved declaration, as `conform run <document> [--config FILE]` resolves them. */
function declarationOf(api: DeclaredApi): Promise<{ model: ApiModel; declaration: Declaration; config?: ConfigDeclaration }> {
  const key = `${api.document}\u0000${api.config ?? ''}`;
  let found = resolved.get(key);
  if (!found) {
    found = (async () => {
      const model = await loadApi([api.document]);
      const config: ConfigDeclaration | undefined = api.config ? { source: api.config, value: (parse(readFileSync(api.config, 'utf8')) as { declaration: unknown }).declaration } : undefined;
      return { model, declaration: resolveDeclaration(model, config ? { config } : {}).declaration, ...(config ? { config } : {}) };
    })();
    resolved.set(key, found);
  }
  return found;
}

/** What one declared suite concluded in-process: each result's status, and its findings' messages. */
export interface DeclaredVerdict {
  readonly statuses: readonly string[];
  readonly messages: readonly string[];
}

/**
 * Runs one of the declared suites in this process, as its suite file does under `conform run` (the
 * same plan or visibility model, from the same declaration), against a target of its own process: a
 * fault proof over five seeds in seconds, not five CLI runs of one. Anything it could not delete fails.
 */
export async function declaredVerdict(api: DeclaredApi, target: string, seed: number, suiteId: SuiteId, options: { readonly rateWindowMs?: number } = {}): Promise<DeclaredVerdict> {
  const { model, declaration, config } = await declarationOf(api);
  const settings = settingsOf(api, target, seed, config, options);
  const runtime = SuiteRuntime.forSettings(settings, `declared-${suiteId}-${seed}`);
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
          ? (declaredRateLimitSuite(model, declaration)?.plan() ?? plansInSequence([]))
          : declaredPaginationsPlan(model, declaredLists(declaration));
    const result = await runSemanticPlan(plan, runtime);
    if (result.leftBehind.length > 0) throw new Error(`left behind: ${result.leftBehind.join(', ')}`);
    const outcomes = [...result.outcomes.values()].filter((outcome) => outcome.property.checkId === suiteId);
    return { statuses: outcomes.map((outcome) => outcome.status), messages: outcomes.flatMap((outcome) => [...outcome.findings.map((found) => found.finding.message), ...(outcome.reason ? [outcome.reason] : [])]) };
  } finally {
    await runtime.close();
  }
}

/** The settings `conform run <document> --target URL` gives its suites, at one seed. */
function settingsOf(api: DeclaredApi, target: string, seed: number, config: ConfigDeclaration | undefined, options: { readonly rateWindowMs?: number }): RunSettings {
  return {
    api: 'custom',
    sources: [api.document],
    target,
    ownsTarget: false,
    principals: api.principals,
    seed,
    maxExamples: 25,
    include: [],
    exclude: [],
    checks: [],
    requestTimeoutMs: 5_000,
    maxResponseBytes: 1024 * 1024,
    rateLimitProbe: true,
    ...(config ? { declaration: config } : {}),
    ...(options.rateWindowMs === undefined ? {} : { rateLimitWindowMs: options.rateWindowMs }),
  };
}

/**
 * Explores one operation with the contract checks in this process, with the declared resources as
 * the custom contract suite passes them (`conform run <document>`): the outcome of `checkId` there.
 * Anything the run could not delete fails.
 */
export async function declaredContractVerdict(api: DeclaredApi, target: string, seed: number, operationId: string, checkId: string): Promise<DeclaredVerdict> {
  const { model, declaration, config } = await declarationOf(api);
  const runtime = SuiteRuntime.forSettings(settingsOf(api, target, seed, config, {}), `declared-contract-${checkId}-${seed}`);
  try {
    const run = new ContractRun(model, runtime, { resources: declaration.resources });
    const operation = model.operations.find((candidate) => candidate.id === operationId);
    if (!operation) throw new Error(`no operation ${operationId}`);
    const outcome = (await run.explore(operation)).find((candidate) => candidate.checkId === checkId);
    const left = await run.cleanup();
    if (left.length > 0) throw new Error(`left behind: ${left.join(', ')}`);
    return { statuses: outcome ? [outcome.status] : [], messages: [...(outcome?.findings.map((observed) => observed.finding.message) ?? []), ...(outcome?.reason ? [outcome.reason] : [])] };
  } finally {
    await runtime.close();
  }
}
