/**
 * Deterministic case lists for a whole API: the same model, options and seed always give the same cases.
 * Each operation draws from its own seed (derived from the run seed and the operation id), so adding an
 * operation to a document does not change the cases of the others.
 */
import fc from 'fast-check';
import { UsageError } from '../errors.ts';
import type { ApiModel, Operation } from '../openapi/types.ts';
import type { Case, CaseMode } from './case.ts';
import { assembleCase, boundarySlots, type Draft } from './_internals/assemble-case.ts';
import { deferredSample } from './deferred-sample.ts';
import { deriveSeed } from './derive-seed.ts';
import { openedWithRequiredOnly } from './required-only.ts';
import { drawn, mapDraw, type Draw } from './draw.ts';
import type { Principal } from './principal.ts';
import { draftOf, negativeSlots, requestCase, withoutOptionalParameters } from './request-case.ts';
import { UnsatisfiableSchemaError } from './unsatisfiable-schema-error.ts';

/** Options of {@link generateCases}. */
export interface GenerateCasesOptions {
  /** Only this operation (`Operation.id` or the document's `operationId`); unknown ids are a usage error. */
  readonly operationId?: string;
  /** Cases per operation. */
  readonly count: number;
  readonly seed: number;
  readonly mode: CaseMode;
  readonly principal?: Principal;
  /** @defaultValue 3 */
  readonly maxDepth?: number;
  /**
   * Called for an operation whose request no value satisfies (see {@link UnsatisfiableSchemaError}); the
   * other operations still get their cases. Without it the error is thrown.
   */
  readonly onUnsatisfiable?: (operation: Operation, error: UnsatisfiableSchemaError) => void;
}

/** The operations `operationId` selects (all when absent). */
export function selectOperations(model: ApiModel, operationId?: string): readonly Operation[] {
  if (operationId === undefined) return model.operations;
  const found = model.operations.filter((op) => op.id === operationId || op.operationId === operationId);
  if (found.length === 0) throw new UsageError(`unknown operation '${operationId}' (list the ids with 'conform ops <source>')`);
  return found;
}

/**
 * Up to `count` cases per selected operation, in operation order. Boundary mode lists the deterministic edge
 * values first (each applied to a seeded positive request), then random edges; negative mode skips operations
 * with nothing to break. An operation no request satisfies goes to `onUnsatisfiable` when given.
 */
export function generateCases(model: ApiModel, options: GenerateCasesOptions): Case[] {
  const out: Case[] = [];
  for (const operation of selectOperations(model, options.operationId)) {
    try {
      out.push(...casesFor(model, operation, options));
    } catch (error: unknown) {
      if (!(error instanceof UnsatisfiableSchemaError) || !options.onUnsatisfiable) throw error;
      options.onUnsatisfiable(operation, error);
    }
  }
  return out;
}

/**
 * Up to `count` cases of one operation from `seed` as given (no per-operation derivation); boundary
 * mode lists the deterministic edges first.
 */
export function casesForOperation(model: ApiModel, operation: Operation, options: Omit<GenerateCasesOptions, 'operationId'>): Case[] {
  return casesFor(model, operation, options, options.seed);
}

/**
 * The cases of {@link casesForOperation}, each generated only when called: the same cases, in the
 * same order, whenever and in whatever order they are drawn.
 */
export function caseDrawsForOperation(model: ApiModel, operation: Operation, options: Omit<GenerateCasesOptions, 'operationId'>): Draw<Case>[] {
  return caseDraws(model, operation, options, options.seed);
}

/** The most ways to break a request (or edges) a phase walks beyond its count: big documents have hundreds. */
const MAX_SLOTS_EACH_ONCE = 24;

function casesFor(model: ApiModel, operation: Operation, options: Omit<GenerateCasesOptions, 'operationId'>, seed = deriveSeed(options.seed, operation.id, options.mode)): Case[] {
  return caseDraws(model, operation, options, seed).map((draw) => draw());
}

function caseDraws(model: ApiModel, operation: Operation, options: Omit<GenerateCasesOptions, 'operationId'>, seed: number): Draw<Case>[] {
  const settings = {
    mode: options.mode,
    principal: options.principal,
    securitySchemes: model.securitySchemes,
    resolveRef: (ref: string) => model.resolveRef(ref),
    maxDepth: options.maxDepth,
  };
  if (options.count <= 0) return [];
  if (options.mode === 'negative') {
    // Every way to break the request in turn, each drawn from its own seed; each at least once whatever
    // the count (up to a bound), so a small run (a request budget's) still breaks every constraint and
    // a defect that only one of them shows is caught with every seed.
    const slots = negativeSlots(operation, settings);
    const count = Math.max(options.count, Math.min(slots.length, MAX_SLOTS_EACH_ONCE));
    const out: Draw<Case>[] = [];
    for (let index = 0; index < count && slots.length > 0; index += 1) {
      const slot = slots[index % slots.length] as fc.Arbitrary<Draft>;
      const [draft] = deferredSample(slot, { seed: (seed + index * 0x9e3779b1) | 0, numRuns: 1 });
      if (draft) out.push(mapDraw(draft, (value) => assembleCase(operation, value, settings)));
    }
    return out;
  }
  if (options.mode !== 'boundary') {
    const arbitrary = requestCase(operation, settings);
    return openedWithRequiredOnly(arbitrary ? deferredSample(arbitrary, { seed, numRuns: options.count }) : [], operation.parameters);
  }
  const positive = draftOf(operation, { ...settings, mode: 'positive' });
  if (!positive) return [];
  const slots = boundarySlots(operation, { dialect: operation.dialect, resolveRef: settings.resolveRef, maxDepth: options.maxDepth });
  // Edges are applied to minimal requests, so an edge value is the only thing the server can object to.
  // Drawn now: whether an edge applies decides how many random cases follow.
  // Like the negative phase, every edge at least once whatever the count (up to the same bound).
  const edgeCount = Math.max(options.count, Math.min(slots.length, MAX_SLOTS_EACH_ONCE));
  const bases = fc.sample(positive.map(withoutOptionalParameters), { seed, numRuns: Math.min(edgeCount, slots.length) || 1 });
  const edges: Draw<Case>[] = [];
  for (const [index, slot] of slots.entries()) {
    if (edges.length >= edgeCount) break;
    const draft: Draft | undefined = slot.apply(bases[index % bases.length] as Draft, true);
    if (draft) edges.push(drawn(assembleCase(operation, draft, settings)));
  }
  const remaining = options.count - edges.length;
  const random = remaining > 0 ? requestCase(operation, settings) : undefined;
  return random ? [...edges, ...deferredSample(random, { seed: seed ^ 0x9e3779b9, numRuns: remaining })] : edges;
}

