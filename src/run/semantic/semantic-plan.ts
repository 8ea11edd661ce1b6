import type { LedgerEntry } from '../ledger.ts';
import type { SuiteRuntime } from '../suite-runtime.ts';
import { describeError } from '../../errors.ts';
import { propertyKey, SemanticSession, type PropertyOutcome, type SemanticProperty, type SuiteRequest } from './semantic-session.ts';

/**
 * A semantic suite as data: the properties it reports (known before it runs, so vitest can list an
 * `it` per property) and the steps that decide them. The vitest suite file and the fault proofs both
 * run the same plan.
 */
export interface SemanticPlan {
  readonly properties: readonly SemanticProperty[];
  /** Decides every property through `session.property(...)` or `session.skip(...)`. */
  run(session: SemanticSession): Promise<void>;
  /** Requests to send before deleting a created item (e.g. lift a Glance protection). */
  beforeRemove?(entry: LedgerEntry): readonly SuiteRequest[];
}

/** Plans run one after another as one plan (their `beforeRemove` hooks are not combined: give none). */
export function plansInSequence(plans: readonly SemanticPlan[]): SemanticPlan {
  return {
    properties: plans.flatMap((plan) => plan.properties),
    async run(session) {
      for (const plan of plans) await plan.run(session);
    },
  };
}

/** What running a plan gave: every property's outcome, requests sent, and what cleanup could not delete. */
export interface PlanResult {
  readonly outcomes: ReadonlyMap<string, PropertyOutcome>;
  readonly requests: number;
  readonly leftBehind: readonly string[];
}

/**
 * Runs a plan against the runtime's target and deletes what it created, also when a step throws.
 * Properties the plan did not decide are `error` outcomes (emitted like any other): the step that
 * threw, or a plan that forgot one. Never a silent skip.
 */
export async function runSemanticPlan(plan: SemanticPlan, runtime: SuiteRuntime): Promise<PlanResult> {
  const session = new SemanticSession(runtime, plan.properties);
  let leftBehind: string[] = [];
  let stopped: string | undefined;
  try {
    await plan.run(session);
  } catch (error: unknown) {
    stopped = `the suite stopped: ${describeError(error)}`;
  } finally {
    try {
      leftBehind = await session.cleanup(plan.beforeRemove ? (entry) => plan.beforeRemove?.(entry) ?? [] : undefined);
    } catch (error: unknown) {
      leftBehind = session.outstanding().map((entry) => `${entry.url} (cleanup stopped: ${describeError(error)})`);
    }
  }
  for (const property of plan.properties) {
    if (!session.outcomes().has(propertyKey(property))) session.error(property, stopped ?? 'the suite never decided this property (a bug in its plan)');
  }
  return { outcomes: session.outcomes(), requests: session.requests, leftBehind };
}
