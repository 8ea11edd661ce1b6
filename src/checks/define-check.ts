import type { Exchange } from '../transport/exchange.ts';
import type { Operation } from '../openapi/types.ts';
import type { SchemaValidator } from '../openapi/schema-validator.ts';
import type { FindingDraft, Severity } from './finding-draft.ts';

/**
 * A request the runner sent on purpose to see a rule hold, beyond generated cases: without
 * credentials, without a required header, with an undocumented method, or a read after a create or
 * a delete.
 */
export type Probe =
  | { readonly kind: 'no-credentials' }
  | { readonly kind: 'invalid-credentials' }
  | { readonly kind: 'missing-header'; readonly header: string }
  | { readonly kind: 'unsupported-method'; readonly method: string; readonly documented: readonly string[] }
  | { readonly kind: 'read-after-create'; readonly created: string }
  | { readonly kind: 'read-after-delete'; readonly deleted: string }
  | { readonly kind: 'no-accept' };

/** What a check may read besides the exchange. Pure data: no I/O, clock or randomness. */
export interface CheckContext {
  readonly operation: Operation;
  readonly validator: SchemaValidator;
  /** How the request was generated: a negative case expects rejection, a positive one acceptance. */
  readonly mode?: 'positive' | 'negative' | 'boundary';
  /** For a negative case, what it broke (e.g. `minimum` of query `limit`). */
  readonly violates?: { readonly keyword: string; readonly location?: string; readonly description?: string };
  /** Set when the exchange is a probe rather than a generated case. */
  readonly probe?: Probe;
  /** `max_response_time`'s budget; the check is off without it. */
  readonly maxResponseTimeMs?: number;
}

/**
 * Which exchanges a check judges: `case`, the generated cases; `any`, every exchange, the probes'
 * included; `probe`, the requests sent on purpose for it (no credentials, a missing header, an
 * undocumented method); `stateful`, the reads after a create or a delete. The runner asks the
 * catalogue which checks judge what, so it names no check itself.
 */
export type CheckScope = 'case' | 'any' | 'probe' | 'stateful';

/** One entry of the catalogue. `run` is pure over (exchange, context). */
export interface CheckDefinition<Id extends string = string> {
  readonly id: Id;
  readonly scope: CheckScope;
  readonly title: string;
  /** The rule enforced, e.g. 'OAS 3.0 Responses Object'. */
  readonly clause: string;
  readonly severity: Severity;
  /** Whether the check has anything to say about this exchange (Schemathesis's guards). */
  appliesTo(exchange: Exchange, context: CheckContext): boolean;
  run(exchange: Exchange, context: CheckContext): readonly FindingDraft[];
}

/** Identity function that fixes the id's literal type, so the catalogue can derive `CheckId`. */
export function defineCheck<const Id extends string>(definition: CheckDefinition<Id>): CheckDefinition<Id> {
  return definition;
}
