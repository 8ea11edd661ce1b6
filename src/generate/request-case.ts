/**
 * Whole requests for one operation in one mode: parameters serialized per location/style/explode, a body per
 * media type, credentials from a principal. Arbitraries are built once per (operation, settings) and cached.
 */
import fc from 'fast-check';
import type { Operation, Parameter, Schema, SecurityScheme } from '../openapi/types.ts';
import type { Case, CaseMode } from './case.ts';
import { assembleCase, boundarySlots, parameterViolation, randomBoundary, sentParameters, type Draft } from './_internals/assemble-case.ts';
import { boundedFilter } from './_internals/bounded-filter.ts';
import { isFaithful } from './_internals/faithful.ts';
import { negativeValuePlans } from './negative-value.ts';
import { parameterCharset, parameterValue } from './parameter-value.ts';
import type { Principal } from './principal.ts';
import { negativeBodySlots, requestBody } from './request-body.ts';

/** Options of {@link requestCase}. */
export interface RequestCaseConstraints {
  readonly mode: CaseMode;
  /** Whose credentials to attach (per the operation's security requirements). */
  readonly principal?: Principal;
  /** The document's security schemes (`ApiModel.securitySchemes`), needed to place credentials. */
  readonly securitySchemes?: readonly SecurityScheme[];
  /** `ApiModel.resolveRef`, for `$ref`s cycles left in place. */
  readonly resolveRef?: (ref: string) => Schema | undefined;
  /** @defaultValue 3 */
  readonly maxDepth?: number;
}

const cache = new WeakMap<Operation, Map<string, fc.Arbitrary<Draft> | null>>();
const negativeSlotCache = new WeakMap<Operation, Map<string, readonly fc.Arbitrary<Draft>[]>>();

/** What decides the arbitraries of an operation besides the mode (credentials are added later, by `assembleCase`). */
function settingsKey(constraints: RequestCaseConstraints): string {
  return `${constraints.maxDepth ?? 3}|${constraints.resolveRef ? 'r' : ''}`;
}

/**
 * Requests for `operation` in `constraints.mode`; `undefined` when the mode has nothing to offer (a negative
 * phase for an operation with no constraint to break, a boundary phase without edges).
 */
export function requestCase(operation: Operation, constraints: RequestCaseConstraints): fc.Arbitrary<Case> | undefined {
  const draft = draftOf(operation, constraints);
  if (!draft) return undefined;
  return draft.map((d) => assembleCase(operation, d, constraints));
}

/** @internal The positive drafts of `operation` (also the base the boundary phase edits). */
export function draftOf(operation: Operation, constraints: RequestCaseConstraints): fc.Arbitrary<Draft> | undefined {
  const key = `${constraints.mode}|${settingsKey(constraints)}`;
  let byKey = cache.get(operation);
  if (!byKey) cache.set(operation, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key) ?? undefined;
  const built = build(operation, constraints);
  byKey.set(key, built ?? null);
  return built;
}

function build(operation: Operation, constraints: RequestCaseConstraints): fc.Arbitrary<Draft> | undefined {
  const read = { dialect: operation.dialect, resolveRef: constraints.resolveRef, maxDepth: constraints.maxDepth };
  if (constraints.mode !== 'positive') {
    // The other modes start from the positive drafts: the cached ones, not a second identical build.
    const positive = draftOf(operation, { ...constraints, mode: 'positive' });
    if (!positive) return undefined;
    if (constraints.mode === 'boundary') return randomBoundary(positive, boundarySlots(operation, read));
    const slots = negativeSlots(operation, constraints);
    return slots.length > 0 ? fc.oneof(...slots) : undefined;
  }
  const parameters = sentParameters(operation);
  const valueArbitraries = parameters.map((parameter) => {
    const value = parameterValue(parameter, read);
    return parameter.required ? value : fc.option(value, { nil: undefined, freq: 3 });
  });
  const positiveBody = requestBody(operation, { ...read, mode: 'positive' }) ?? fc.constant({});
  return fc.tuple(fc.tuple(...valueArbitraries), positiveBody).map(([values, body]) => ({ values: new Map(parameters.map((p, i) => [p, values[i]])), body }));
}

/**
 * @internal The negative drafts of `operation`, one arbitrary per way to break the request (a parameter's
 * constraint, a missing required parameter or body, one plan of the body): the negative phase takes them
 * in turn, so every constraint is broken once before any is broken twice.
 */
export function negativeSlots(operation: Operation, constraints: RequestCaseConstraints): fc.Arbitrary<Draft>[] {
  // Cached: violation plans probe their generators at build time, which costs more than sending the cases.
  const key = settingsKey(constraints);
  let byKey = negativeSlotCache.get(operation);
  if (!byKey) negativeSlotCache.set(operation, (byKey = new Map()));
  let slots = byKey.get(key);
  if (!slots) {
    const positive = draftOf(operation, { ...constraints, mode: 'positive' });
    slots = positive ? negativeSlotsOf(operation, constraints, positive) : [];
    byKey.set(key, slots);
  }
  return [...slots];
}

function negativeSlotsOf(operation: Operation, constraints: RequestCaseConstraints, anyPositive: fc.Arbitrary<Draft>): fc.Arbitrary<Draft>[] {
  // Break one thing in an otherwise minimal request: a random optional filter could be refused on its
  // own (an unknown cursor, say), and the case would then show nothing about the constraint it breaks.
  const positive = anyPositive.map(withoutOptionalParameters);
  const read = { dialect: operation.dialect, resolveRef: constraints.resolveRef, maxDepth: constraints.maxDepth };
  const parameters = sentParameters(operation);
  const slots: fc.Arbitrary<Draft>[] = [];
  for (const parameter of parameters) {
    const plans = negativeValuePlans(parameter.schema, { ...read, direction: 'request', text: true, charset: parameterCharset(parameter) });
    for (const plan of plans) {
      const faithful = boundedFilter(plan, (draw) => isFaithful(parameter, draw.value));
      slots.push(fc.tuple(positive, faithful).map(([draft, bad]) => withValue(draft, parameter, bad.value, parameterViolation(parameter, bad.value, bad.violates))));
    }
    if (parameter.required && parameter.in !== 'path') {
      const violates = {
        keyword: 'required',
        schemaPath: `#/parameters/${parameter.in}/${parameter.name}/required`,
        instancePath: '',
        expected: true,
        description: `required ${parameter.in} parameter '${parameter.name}' is missing`,
        location: parameter.in,
        parameter: parameter.name,
      };
      slots.push(positive.map((draft) => withValue(draft, parameter, undefined, violates)));
    }
  }
  for (const body of negativeBodySlots(operation, { ...read, mode: 'negative' })) {
    slots.push(fc.tuple(positive, body).map(([draft, drawn]) => ({ ...draft, body: drawn, violates: drawn.violates })));
  }
  return slots;
}

/** @internal The draft with every optional parameter left out. */
export function withoutOptionalParameters(draft: Draft): Draft {
  const values = new Map(draft.values);
  for (const parameter of values.keys()) if (!parameter.required) values.set(parameter, undefined);
  return { ...draft, values };
}

function withValue(draft: Draft, parameter: Parameter, value: unknown, violates: Draft['violates']): Draft {
  const values = new Map(draft.values);
  values.set(parameter, value);
  return { ...draft, values, violates };
}
