/**
 * @internal Positive values of a {@link SchemaNode}: dispatches to the per-type arbitraries and caches
 * one arbitrary per (node, charset), so a schema is walked once however many values are drawn.
 */
import fc from 'fast-check';
import { arrayValue } from '../array-value.ts';
import { numberValue } from '../number-value.ts';
import { objectValue, type ExtraProperties } from '../object-value.ts';
import { feasibleStringValue, stringValue } from '../string-value.ts';
import { boundedFilter } from './bounded-filter.ts';
import type { Charset } from './chars.ts';
import { intersect } from './normalize-schema.ts';
import { mayBe, type JsonType, type SchemaNode } from './schema-node.ts';
import { acceptsNode } from './validate-node.ts';

/** How positive values are drawn. */
export interface NodeValueOptions {
  readonly charset: Charset;
  /** Mix in the schema's `example`/`examples`/`default` values that validate. */
  readonly useExamples: boolean;
  /**
   * Arrays as short as their schema allows, at every depth: the base a negative plan breaks one thing
   * in, whose size is not the point (a union of large items nested in arrays drew values of megabytes).
   */
  readonly minimal?: boolean;
}

const caches = new Map<string, WeakMap<SchemaNode, fc.Arbitrary<unknown> | null>>();
const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Values valid against `node`, or `undefined` when no value is (the node is impossible). */
export function nodeValue(node: SchemaNode, options: NodeValueOptions): fc.Arbitrary<unknown> | undefined {
  const key = `${options.charset}|${options.useExamples}|${options.minimal === true}`;
  let cache = caches.get(key);
  if (!cache) caches.set(key, (cache = new WeakMap()));
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const built = build(node, options);
  cache.set(node, built ?? null);
  return built;
}

function build(node: SchemaNode, options: NodeValueOptions): fc.Arbitrary<unknown> | undefined {
  if (node.never) return undefined;
  const accepts = (value: unknown): boolean => acceptsNode(node, value);
  const examples = options.useExamples ? node.examples.filter(accepts) : [];
  let generated: fc.Arbitrary<unknown> | undefined;
  if (node.const) {
    generated = accepts(node.const.value) ? fc.constant(node.const.value) : undefined;
  } else if (node.enum) {
    const members = node.enum.filter(accepts);
    generated = members.length > 0 ? fc.constantFrom(...members) : undefined;
  } else if (node.anyOf.length > 0 || node.oneOf.length > 0) {
    generated = branches(node, options);
  } else {
    generated = byType(node, options);
  }
  if (generated && (node.not.length > 0 || node.oneOf.length > 0)) generated = boundedFilter(generated, accepts);
  if (examples.length === 0) return generated;
  const seeds = fc.constantFrom(...examples);
  return generated ? fc.oneof({ weight: 1, arbitrary: seeds }, { weight: 4, arbitrary: generated }) : seeds;
}

// One combinator group at a time: each branch is merged with everything else the node says.
function branches(node: SchemaNode, options: NodeValueOptions): fc.Arbitrary<unknown> | undefined {
  const [first, ...restAny] = node.anyOf;
  const group = first ?? node.oneOf[0];
  if (!group) return byType(node, options);
  const rest: SchemaNode = { ...node, anyOf: first ? restAny : [], oneOf: first ? node.oneOf : node.oneOf.slice(1), not: [], examples: [] };
  const arbitraries = group.branches.flatMap((branch) => {
    const arbitrary = nodeValue(intersect(rest, branch), options);
    // a `{type: 'null'}` branch (3.1's nullable) should not take half of all draws
    const isNullOnly = branch.types?.size === 1 && branch.types.has('null');
    return arbitrary ? [{ weight: isNullOnly ? 1 : 4, arbitrary }] : [];
  });
  return arbitraries.length > 0 ? fc.oneof(...arbitraries) : undefined;
}

function byType(node: SchemaNode, options: NodeValueOptions): fc.Arbitrary<unknown> | undefined {
  if (node.types === undefined && isUnconstrained(node)) return anyJson;
  const candidates: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [];
  const add = (type: JsonType, arbitrary: fc.Arbitrary<unknown> | undefined, weight = 4): void => {
    if (arbitrary && mayBe(node, type)) candidates.push({ weight, arbitrary });
  };
  const hasNumber = node.types === undefined || node.types.has('number');
  const text = { minLength: node.minLength, maxLength: node.maxLength, patterns: node.patterns.flatMap((p) => (p.regex ? [p.regex] : [])), format: node.format, charset: options.charset };
  // A format or pattern none of whose values meets the other string keywords leaves no string, rather than strings that break them.
  if (mayBe(node, 'string')) add('string', feasibleStringValue(text));
  const numeric = { minimum: node.minimum, maximum: node.maximum, exclusiveMinimum: node.exclusiveMinimum, exclusiveMaximum: node.exclusiveMaximum, multipleOf: node.multipleOf.map((m) => m.value), format: node.format };
  if (hasNumber) add('number', numberValue({ ...numeric, integer: false }));
  else add('integer', numberValue({ ...numeric, integer: true }));
  add('boolean', fc.boolean());
  add('null', fc.constant(null), 1);
  if (mayBe(node, 'array')) add('array', arrayOf(node, options));
  if (mayBe(node, 'object')) add('object', objectOf(node, options));
  if (candidates.length === 0) return undefined;
  const union = candidates.length === 1 ? (candidates[0] as { arbitrary: fc.Arbitrary<unknown> }).arbitrary : fc.oneof(...candidates);
  // Type-specific arbitraries honour their own keywords; the rare miss (pattern with format, float multiples) is drawn again.
  return boundedFilter(union, (value) => acceptsNode(node, value), 20);
}

function arrayOf(node: SchemaNode, options: NodeValueOptions): fc.Arbitrary<unknown> | undefined {
  const prefix: fc.Arbitrary<unknown>[] = [];
  for (const item of node.prefixItems) {
    const arbitrary = nodeValue(item, options);
    if (!arbitrary) break;
    prefix.push(arbitrary);
  }
  if (prefix.length < node.prefixItems.length && prefix.length < (node.minItems ?? 0)) return undefined;
  const item = node.items === undefined ? anyJson : nodeValue(node.items, options);
  if (item === undefined && (node.minItems ?? 0) > prefix.length) return undefined;
  let maxItems = node.maxItems;
  if (node.uniqueItems && node.items !== undefined) {
    // Unique items from a finite set (an enum of 4, a boolean): more items than values is no array at
    // all, and fast-check's uniqueArray would draw for ever looking for the fifth.
    const room = prefix.length + distinctValues(node.items);
    if ((node.minItems ?? 0) > room) return undefined;
    if (maxItems === undefined || maxItems > room) maxItems = room;
  }
  return arrayValue(item, { prefix, minItems: node.minItems, maxItems, uniqueItems: node.uniqueItems, ...(options.minimal ? { size: 'xsmall' as const } : {}) });
}

/** How many distinct values `node` admits at most: finite for a const, an enum, booleans, null, a bounded integer range. */
function distinctValues(node: SchemaNode): number {
  if (node.const) return 1;
  if (node.enum) return new Set(node.enum.map((value) => JSON.stringify(value))).size;
  if (node.types === undefined || node.anyOf.length > 0 || node.oneOf.length > 0) return Number.POSITIVE_INFINITY;
  let count = 0;
  for (const type of node.types) {
    if (type === 'boolean') count += 2;
    else if (type === 'null') count += 1;
    else if (type === 'integer' && node.minimum !== undefined && node.maximum !== undefined) count += Math.max(0, Math.floor(node.maximum) - Math.ceil(node.minimum) + 1);
    else return Number.POSITIVE_INFINITY;
  }
  return count;
}

function objectOf(node: SchemaNode, options: NodeValueOptions): fc.Arbitrary<unknown> | undefined {
  const properties = new Map<string, fc.Arbitrary<unknown>>();
  for (const [name, property] of node.properties) {
    if (node.hidden.has(name)) continue;
    const arbitrary = nodeValue(property, options);
    if (arbitrary) properties.set(name, arbitrary);
    else if (node.required.includes(name)) return undefined;
  }
  // A required name the schema gives no property of (Spotify: `required: [uris]` beside `ids`) takes
  // the value its pattern or additionalProperties allows; where neither allows it, no object is valid.
  for (const name of node.required) {
    if (node.properties.has(name) || properties.has(name)) continue;
    const pattern = node.patternProperties.find((rule) => rule.regex?.test(name));
    const source = pattern ? pattern.node : node.additionalProperties;
    if (source === false) return undefined;
    const value = source === undefined ? anyJson : nodeValue(source, options);
    if (!value) return undefined;
    properties.set(name, value);
  }
  const declared = (key: string): boolean => node.properties.has(key) || properties.has(key);
  const extra: ExtraProperties[] = [];
  node.patternProperties.forEach((rule, index) => {
    const value = nodeValue(rule.node, options);
    if (!rule.regex || !value) return;
    const others = node.patternProperties.filter((_, i) => i !== index);
    const key = boundedFilter(stringValue({ patterns: [rule.regex], maxLength: 20, charset: 'text' }), (k) => !declared(k) && !others.some((o) => o.regex?.test(k)));
    extra.push({ key, value });
  });
  const additional = node.additionalProperties;
  const needsExtra = (node.minProperties ?? 0) > node.properties.size;
  if (additional !== false && (additional !== undefined || needsExtra)) {
    const value = additional === undefined ? anyJson : nodeValue(additional, options);
    const key = boundedFilter(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789'.split('')), minLength: 1, maxLength: 12 }), (k) => !declared(k) && !node.patternProperties.some((rule) => rule.regex?.test(k)));
    if (value) extra.push({ key, value });
  }
  return objectValue({ properties, required: node.required, extra, minProperties: node.minProperties, maxProperties: node.maxProperties });
}

function isUnconstrained(node: SchemaNode): boolean {
  return (
    node.minLength === undefined &&
    node.maxLength === undefined &&
    node.patterns.length === 0 &&
    node.format === undefined &&
    node.minimum === undefined &&
    node.maximum === undefined &&
    node.exclusiveMinimum === undefined &&
    node.exclusiveMaximum === undefined &&
    node.multipleOf.length === 0 &&
    node.items === undefined &&
    node.prefixItems.length === 0 &&
    node.minItems === undefined &&
    node.maxItems === undefined &&
    !node.uniqueItems &&
    node.properties.size === 0 &&
    node.required.length === 0 &&
    node.additionalProperties === undefined &&
    node.patternProperties.length === 0 &&
    node.minProperties === undefined &&
    node.maxProperties === undefined
  );
}
