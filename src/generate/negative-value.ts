/**
 * Values that break a schema on exactly one constraint, each tagged with that constraint: the negative
 * phase's generator. A schema that constrains nothing (`{}`) has none.
 */
import fc from 'fast-check';
import type { Schema } from '../openapi/types.ts';
import type { Violation } from './case.ts';
import { violationPlans } from './_internals/violation-plans.ts';
import { schemaNode, type SchemaValueConstraints } from './schema-value.ts';

/** A value and the one constraint it breaks. */
export interface NegativeValue {
  readonly value: unknown;
  readonly violates: Violation;
}

/** Options of {@link negativeValue}: how the schema is read, plus how the value travels. */
export interface NegativeValueConstraints extends Omit<SchemaValueConstraints, 'useExamples'> {
  /**
   * The value will be sent as text (a path, query, header or cookie parameter): only violations that
   * survive stringification are produced (`limit=abc` for an integer, never `name=42` for a string).
   * @defaultValue false
   */
  readonly text?: boolean;
  /** How many object/array levels to descend into for nested violations. @defaultValue 4 */
  readonly depth?: number;
}

/**
 * Tagged values breaking `schema` on exactly one keyword at one place, or `undefined` when the schema
 * cannot be broken. Every plan is checked at build time on a fixed-seed probe, so none is dishonest.
 */
export function negativeValue(schema: Schema, constraints: NegativeValueConstraints = {}): fc.Arbitrary<NegativeValue> | undefined {
  const plans = negativeValuePlans(schema, constraints);
  return plans.length > 0 ? fc.oneof(...plans) : undefined;
}

/**
 * The same values, one arbitrary per way to break the schema (a root keyword, or one property's
 * breaks): a run that takes them in turn breaks every constraint once before it repeats any.
 */
export function negativeValuePlans(schema: Schema, constraints: NegativeValueConstraints = {}): fc.Arbitrary<NegativeValue>[] {
  const node = schemaNode(schema, constraints);
  return violationPlans(node, { charset: constraints.charset ?? 'json', text: constraints.text ?? false, depth: constraints.depth ?? 4 });
}
