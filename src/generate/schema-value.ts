/**
 * Values valid against an OpenAPI 3.0 or 3.1 schema: the positive phase's generator.
 *
 * @example
 * ```ts
 * fc.sample(schemaValue({ type: 'integer', minimum: 1 }, { dialect: 'openapi-3.0' }), { seed: 42, numRuns: 3 });
 * ```
 */
import type fc from 'fast-check';
import type { Schema, SchemaDialect } from '../openapi/types.ts';
import { boundedFilter } from './_internals/bounded-filter.ts';
import type { Charset } from './_internals/chars.ts';
import { normalizeSchema } from './_internals/normalize-schema.ts';
import { nodeValue, type NodeValueOptions } from './_internals/node-value.ts';
import type { Direction, SchemaContext, SchemaNode } from './_internals/schema-node.ts';
import { acceptsNode } from './_internals/validate-node.ts';
import { UnsatisfiableSchemaError } from './unsatisfiable-schema-error.ts';

/** How a schema is read and where its values travel. */
export interface SchemaValueConstraints {
  /** @defaultValue 'openapi-3.1' */
  readonly dialect?: SchemaDialect;
  /** readOnly properties are left out of requests, writeOnly ones out of responses. @defaultValue 'request' */
  readonly direction?: Direction;
  /** Follows a `$ref` a cycle left in place (`ApiModel.resolveRef`). */
  readonly resolveRef?: (ref: string) => Schema | undefined;
  /** `$ref` expansions allowed along one path before recursion is cut. @defaultValue 3 */
  readonly maxDepth?: number;
  /** Where strings travel: JSON bodies take any code point, headers visible ASCII. @defaultValue 'json' */
  readonly charset?: Charset;
  /** Mix in `example`/`examples`/`default` values that validate. @defaultValue true */
  readonly useExamples?: boolean;
}

export type { Charset, Direction };

// Contexts of a document's resolver live as long as its model (a WeakMap): keyed by a resolver id in a
// plain Map, every document loaded in a process kept its normalised schemas for ever (the npm corpus
// grew to 2.8 GB over 54 documents).
const contextsOf = new WeakMap<object, Map<string, SchemaContext>>();
const unresolvedContexts = new Map<string, SchemaContext>();

/** The shared reading context for these constraints: one per distinct setting, so normalisation caches are reused. */
export function schemaContext(constraints: SchemaValueConstraints = {}): SchemaContext {
  const dialect = constraints.dialect ?? 'openapi-3.1';
  const direction = constraints.direction ?? 'request';
  const maxDepth = constraints.maxDepth ?? 3;
  const resolver = constraints.resolveRef;
  let contexts = unresolvedContexts;
  if (resolver) {
    contexts = contextsOf.get(resolver) ?? new Map<string, SchemaContext>();
    contextsOf.set(resolver, contexts);
  }
  const key = `${dialect}|${direction}|${maxDepth}`;
  let context = contexts.get(key);
  if (!context) {
    context = { dialect, direction, maxDepth, resolveRef: resolver };
    contexts.set(key, context);
  }
  return context;
}

/** The normalised node of `schema` under `constraints` (cached). */
export function schemaNode(schema: Schema, constraints: SchemaValueConstraints = {}): SchemaNode {
  return normalizeSchema(schema, schemaContext(constraints));
}

/**
 * Values that validate against `schema`. A schema no value satisfies (`false`, a contradictory `allOf`)
 * throws an {@link UnsatisfiableSchemaError} (a RangeError) at build time rather than looping while drawing.
 */
export function schemaValue(schema: Schema, constraints: SchemaValueConstraints = {}): fc.Arbitrary<unknown> {
  const node = schemaNode(schema, constraints);
  const options: NodeValueOptions = { charset: constraints.charset ?? 'json', useExamples: constraints.useExamples ?? true };
  const arbitrary = nodeValue(node, options);
  if (!arbitrary) {
    const culprit = deepestImpossible(node, options);
    throw new UnsatisfiableSchemaError(culprit.path, culprit.truncated);
  }
  return boundedFilter(arbitrary, (value) => acceptsNode(node, value));
}

/**
 * The innermost position that makes `node` impossible, found along what every value must contain
 * (required properties, the first `minItems` items): names the schema to fix instead of the root `#`.
 */
function deepestImpossible(node: SchemaNode, options: NodeValueOptions): SchemaNode {
  let current = node;
  for (let step = 0; step < 64; step += 1) {
    const inner = [
      ...current.required.map((name) => current.properties.get(name)),
      ...(current.minItems !== undefined && current.minItems > 0 ? [current.items] : []),
      ...current.prefixItems.slice(0, current.minItems ?? 0),
    ].find((child): child is SchemaNode => child !== undefined && nodeValue(child, options) === undefined);
    if (!inner) return current;
    current = inner;
  }
  return current;
}
