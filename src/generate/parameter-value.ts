/**
 * Values of one path, query, header or cookie parameter, before serialization: valid against the
 * parameter's schema, and faithful to it once serialized (no list delimiters inside list items, header-safe
 * characters, no empty or dot-only path segments).
 */
import fc from 'fast-check';
import type { Parameter } from '../openapi/types.ts';
import { boundedFilter } from './_internals/bounded-filter.ts';
import type { Charset } from './_internals/chars.ts';
import { isFaithful } from './_internals/faithful.ts';
import { nodeValue } from './_internals/node-value.ts';
import type { SchemaNode } from './_internals/schema-node.ts';
import { acceptsNode } from './_internals/validate-node.ts';
import { schemaNode, type SchemaValueConstraints } from './schema-value.ts';

/** Options of {@link parameterValue}: how the schema is read. */
export type ParameterValueConstraints = Omit<SchemaValueConstraints, 'charset' | 'direction'>;

/** The character set strings of a parameter in `location` are drawn from. */
export function parameterCharset(parameter: Parameter): Charset {
  if (parameter.contentMediaType) return 'text';
  return parameter.in === 'header' ? 'header' : parameter.in === 'cookie' ? 'cookie' : 'text';
}

/**
 * Valid, faithfully serializable values of `parameter`. `null` is left out where other types exist (no
 * style can tell it from an empty string), lists get at least one item and path strings at least one character.
 */
export function parameterValue(parameter: Parameter, constraints: ParameterValueConstraints = {}): fc.Arbitrary<unknown> {
  const node = schemaNode(parameter.schema, { ...constraints, direction: 'request' });
  const charset = parameterCharset(parameter);
  const variant = sendableVariant(node, parameter);
  const generated = nodeValue(variant, { charset, useExamples: constraints.useExamples ?? true }) ?? nodeValue(node, { charset, useExamples: true });
  const examples = parameter.examples.filter((example) => acceptsNode(node, example) && isFaithful(parameter, example));
  const withExamples =
    generated && examples.length > 0 ? fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...examples) }, { weight: 4, arbitrary: generated }) : (generated ?? fc.constantFrom(...(examples.length > 0 ? examples : [''])));
  return boundedFilter(withExamples, (value) => acceptsNode(node, value) && isFaithful(parameter, value));
}

function sendableVariant(node: SchemaNode, parameter: Parameter): SchemaNode {
  const types = node.types ? new Set(node.types) : new Set(['string', 'integer', 'number', 'boolean'] as const);
  if (types.size > 1) types.delete('null');
  return {
    ...node,
    types: types as SchemaNode['types'],
    minItems: Math.max(1, node.minItems ?? 0),
    minLength: parameter.in === 'path' ? Math.max(1, node.minLength ?? 0) : node.minLength,
    enum: node.enum && node.enum.length > 1 ? node.enum.filter((member) => member !== null) : node.enum,
  };
}
