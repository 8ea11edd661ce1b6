/**
 * @internal Every way a {@link SchemaNode} can be broken on exactly one keyword, as arbitraries of
 * tagged values. A plan is kept only if the validator confirms, on a fixed-seed probe, that its values
 * break exactly that keyword at that place; values are filtered the same way when drawn.
 */
import fc from 'fast-check';
import type { Violation } from '../case.ts';
import { anyHit, boundedFilter } from './bounded-filter.ts';
import type { Charset } from './chars.ts';
import { jsonEqual, setOwn, shortJson, pointerSegment } from './json.ts';
import { intersect } from './normalize-schema.ts';
import { nodeValue } from './node-value.ts';
import { JSON_TYPES, mayBe, type JsonType, type SchemaNode } from './schema-node.ts';
import { formatCheck, validateNode } from './validate-node.ts';
import { formatValue } from '../format-value.ts';

/** A value and the one constraint it breaks. */
export interface TaggedValue {
  readonly value: unknown;
  readonly violates: Violation;
}

/** How negatives are drawn. */
export interface PlanOptions {
  readonly charset: Charset;
  /** The value travels as text (a parameter): only type violations that survive stringification count. */
  readonly text: boolean;
  /** How many object/array levels to descend into. @defaultValue 4 */
  readonly depth?: number;
  /** Probes left for this schema and the schemas nested in it (shared by the nested calls). @defaultValue PROBE_BUDGET */
  readonly budget?: { remaining: number };
}

/**
 * The most candidate plans building one schema's violations may confirm, its nested schemas' included.
 * Each is confirmed by drawing a dozen values, and nested plans multiply: a union of twenty object
 * branches, each with unions of its own (OpenAI's conversation items), asked for tens of thousands
 * and ran out of memory. A phase sends at most 24 ways to break a request beyond its count, so the
 * first few hundred, outermost first, are all it can use.
 */
export const PROBE_BUDGET = 400;

/**
 * A `maxLength`/`maxItems` above this is not broken: a request that long tests the server's body
 * limit rather than the schema (OpenAI's document allows strings of 70 million characters).
 */
const LONGEST_BROKEN = 1_000_000;
/** Strings and arrays longer than this are built by repeating a short one, not drawn unit by unit. */
const REPEATED_FROM = 1_024;

const caches = new Map<string, WeakMap<SchemaNode, fc.Arbitrary<TaggedValue>[]>>();

/** The violation arbitraries of `node`; `[]` when it cannot be violated (e.g. `{}`). */
export function violationPlans(node: SchemaNode, options: PlanOptions): fc.Arbitrary<TaggedValue>[] {
  const depth = options.depth ?? 4;
  const key = `${options.charset}|${options.text}|${depth}`;
  let cache = caches.get(key);
  if (!cache) caches.set(key, (cache = new WeakMap()));
  const cached = cache.get(node);
  if (cached) return cached;
  const budget = options.budget ?? { remaining: PROBE_BUDGET };
  const plans = node.never ? [] : build(node, { ...options, depth, budget });
  // Plans cut short by the budget are this call's; a caller with budget to spare builds them whole.
  if (budget.remaining > 0) cache.set(node, plans);
  return plans;
}

type Candidate = fc.Arbitrary<unknown> | undefined;

/**
 * The candidate's values that pass `predicate`, drawing a bounded number of times: fast-check's own
 * filter draws for ever when none can (a value outside `enum: [true, false]` of a boolean, in Box's
 * document), and the plan's confirmation then drops what no draw satisfies.
 */
function keep(candidate: Candidate, predicate: (value: unknown) => boolean): Candidate {
  return candidate && boundedFilter(candidate, predicate);
}

function build(node: SchemaNode, options: Required<PlanOptions>): fc.Arbitrary<TaggedValue>[] {
  const plans: fc.Arbitrary<TaggedValue>[] = [];
  if (options.budget.remaining <= 0) return plans;
  const valueOf = (variant: SchemaNode): Candidate => nodeValue(variant, { charset: options.charset, useExamples: false, minimal: true });
  const add = (keyword: string, instancePath: string, expected: unknown, description: string, candidate: Candidate): void => {
    if (!candidate || !spend(options)) return;
    const plan = confirm(node, keyword, instancePath, expected, description, candidate.map((value) => ({ value, detail: undefined })));
    if (plan) plans.push(plan);
  };
  const onlyTypes = (types: JsonType[]): Partial<SchemaNode> => ({ types: new Set(types), enum: undefined, const: undefined, anyOf: [], oneOf: [], not: [] });
  const loose = (changes: Partial<SchemaNode>): SchemaNode => ({ ...node, anyOf: node.anyOf, ...changes, examples: [] });

  // wrong type (not with enum/const: those would fail too); null on its own, being the common 3.0 mistake
  if (node.types && node.at.type && !node.enum && !node.const) {
    const expected = [...node.types];
    const wrong: fc.Arbitrary<unknown>[] = [];
    for (const type of JSON_TYPES) {
      if (mayBe(node, type) || (type === 'integer' && mayBe(node, 'number'))) continue;
      if (options.text && !textTypeViolation(node, type)) continue;
      let candidate = valueOf({ ...loose(onlyTypes([type])), types: new Set([type]) });
      if (type === 'number') candidate = keep(candidate, (n) => !Number.isInteger(n));
      if (options.text && type === 'string') candidate = keep(candidate, (s) => !parsesAs(String(s), node.types as Set<JsonType>));
      if (type === 'null') add('type', '', expected.length === 1 ? expected[0] : expected, 'null where not nullable', candidate);
      else if (candidate) wrong.push(candidate);
    }
    if (wrong.length > 0) add('type', '', expected.length === 1 ? expected[0] : expected, `must be ${expected.join(' or ')}`, fc.oneof(...wrong));
  }
  if (node.enum) {
    const members = node.enum;
    add('enum', '', members, `must be one of ${shortJson(members)}`, keep(valueOf(loose({ enum: undefined, types: withoutNull(node.types, members) })), (v) => !members.some((m) => jsonEqual(m, v))));
  }
  if (node.const) {
    const expected = node.const.value;
    add('const', '', expected, `must be ${shortJson(expected)}`, keep(valueOf(loose({ const: undefined })), (v) => !jsonEqual(v, expected)));
  }
  if (mayBe(node, 'number')) numericPlans(node, options, add, valueOf, loose);
  if (mayBe(node, 'string')) stringPlans(node, add, valueOf, loose);
  if (mayBe(node, 'array')) arrayPlans(node, options, plans, add, valueOf, loose);
  if (mayBe(node, 'object')) objectPlans(node, options, plans, add, valueOf, loose);
  for (const kind of ['anyOf', 'oneOf'] as const) {
    node[kind].forEach((group, index) => {
      const others = node[kind].filter((_, i) => i !== index);
      const without = loose({ [kind]: others });
      const label = `matches none of the ${kind} schemas`;
      add(kind, '', group.path, label, valueOf(without));
      if (options.depth <= 0) return;
      group.branches.forEach((branch, branchIndex) => {
        if (options.budget.remaining <= 0) return;
        const inner = violationPlans(intersect(without, branch), { ...options, depth: options.depth - 1 });
        if (inner.length === 0) return;
        const candidate = fc.oneof(...inner).map((tagged) => ({ value: tagged.value, detail: `${tagged.violates.keyword} of branch ${branchIndex}: ${tagged.violates.description}` }));
        if (!spend(options)) return;
        const plan = confirm(node, kind, '', group.path, label, candidate);
        if (plan) plans.push(plan);
      });
    });
  }
  node.not.forEach((negated, index) => {
    const rest = loose({ not: node.not.filter((_, i) => i !== index) });
    add('not', '', negated.path, 'must not match the `not` schema', valueOf(intersect(rest, negated)));
  });
  return plans;
}

/** Takes one probe from the budget; false when none is left. */
function spend(options: Required<PlanOptions>): boolean {
  if (options.budget.remaining <= 0) return false;
  options.budget.remaining -= 1;
  return true;
}

type Add = (keyword: string, instancePath: string, expected: unknown, description: string, candidate: Candidate) => void;
type ValueOf = (variant: SchemaNode) => Candidate;
type Loose = (changes: Partial<SchemaNode>) => SchemaNode;

function numericPlans(node: SchemaNode, options: Required<PlanOptions>, add: Add, valueOf: ValueOf, loose: Loose): void {
  const numeric = new Set<JsonType>(node.types?.has('number') || node.types === undefined ? ['number'] : ['integer']);
  const variant = (changes: Partial<SchemaNode>): SchemaNode => loose({ types: numeric, enum: undefined, const: undefined, ...changes });
  const isInteger = !numeric.has('number');
  if (node.minimum !== undefined) {
    const below = isInteger ? { maximum: node.minimum - 1, exclusiveMaximum: undefined } : { maximum: undefined, exclusiveMaximum: node.minimum };
    add('minimum', '', node.minimum, `must be >= ${node.minimum}`, valueOf(variant({ minimum: undefined, ...below })));
  }
  if (node.exclusiveMinimum !== undefined) {
    add('exclusiveMinimum', '', node.exclusiveMinimum, `must be > ${node.exclusiveMinimum}`, valueOf(variant({ exclusiveMinimum: undefined, maximum: node.exclusiveMinimum, exclusiveMaximum: undefined })));
  }
  if (node.maximum !== undefined) {
    const above = isInteger ? { minimum: node.maximum + 1, exclusiveMinimum: undefined } : { minimum: undefined, exclusiveMinimum: node.maximum };
    add('maximum', '', node.maximum, `must be <= ${node.maximum}`, valueOf(variant({ maximum: undefined, ...above })));
  }
  if (node.exclusiveMaximum !== undefined) {
    add('exclusiveMaximum', '', node.exclusiveMaximum, `must be < ${node.exclusiveMaximum}`, valueOf(variant({ exclusiveMaximum: undefined, minimum: node.exclusiveMaximum, exclusiveMinimum: undefined })));
  }
  node.multipleOf.forEach((rule, index) => {
    add('multipleOf', '', rule.value, `must be a multiple of ${rule.value}`, valueOf(variant({ multipleOf: node.multipleOf.filter((_, i) => i !== index) })));
  });
  if (node.format && formatCheck(node.format)?.type === 'number' && node.format === 'int32') {
    add('format', '', node.format, 'must be a valid int32', valueOf(variant({ format: undefined, minimum: 2_147_483_648, maximum: 4_294_967_296 })));
  }
  void options;
}

function stringPlans(node: SchemaNode, add: Add, valueOf: ValueOf, loose: Loose): void {
  const variant = (changes: Partial<SchemaNode>): SchemaNode => loose({ types: new Set(['string']), enum: undefined, const: undefined, ...changes });
  if (node.minLength !== undefined && node.minLength > 0) {
    add('minLength', '', node.minLength, `must be at least ${node.minLength} characters`, valueOf(variant({ minLength: undefined, maxLength: node.minLength - 1 })));
  }
  if (node.maxLength !== undefined && node.maxLength < LONGEST_BROKEN) {
    const length = node.maxLength + 1;
    // A long one is a short one repeated: drawing 20 million characters one by one ran out of memory.
    const candidate =
      length <= REPEATED_FROM
        ? valueOf(variant({ minLength: length, maxLength: length + 8 }))
        : valueOf(variant({ minLength: 1, maxLength: 8 }))?.map((text) => {
            const points = Array.from(String(text));
            return Array.from({ length }, (_, index) => points[index % points.length]).join('');
          });
    add('maxLength', '', node.maxLength, `must be at most ${node.maxLength} characters`, candidate);
  }
  node.patterns.forEach((rule, index) => {
    if (!rule.regex) return;
    const regex = rule.regex;
    add('pattern', '', rule.source, `must match /${rule.source}/`, keep(valueOf(variant({ patterns: node.patterns.filter((_, i) => i !== index) })), (s) => !regex.test(String(s))));
  });
  const format = node.format;
  const check = format === undefined ? undefined : formatCheck(format);
  if (format !== undefined && check?.type === 'string') {
    const plain = valueOf(variant({ format: undefined }));
    const valid = formatValue(format);
    const mutated = valid?.chain((text) => fc.constantFrom(`${text}!`, text.slice(0, Math.max(0, text.length - 3)), `x${text}`, text.replace(/[0-9a-f]/i, 'z')));
    const candidate = plain && mutated ? fc.oneof(plain, mutated) : (plain ?? mutated);
    add('format', '', format, `must be a valid ${format}`, candidate);
  }
}

function arrayPlans(node: SchemaNode, options: Required<PlanOptions>, plans: fc.Arbitrary<TaggedValue>[], add: Add, valueOf: ValueOf, loose: Loose): void {
  const variant = (changes: Partial<SchemaNode>): SchemaNode => loose({ types: new Set(['array']), enum: undefined, const: undefined, ...changes });
  if (node.minItems !== undefined && node.minItems > 0) {
    add('minItems', '', node.minItems, `must have at least ${node.minItems} items`, valueOf(variant({ minItems: undefined, maxItems: node.minItems - 1 })));
  }
  if (node.maxItems !== undefined && node.maxItems < LONGEST_BROKEN) {
    const length = node.maxItems + 1;
    // As with strings: many items are one item repeated (not where items must be unique: a plan that breaks two keywords is dropped).
    const candidate =
      length <= REPEATED_FROM || node.uniqueItems
        ? valueOf(variant({ minItems: length, maxItems: length + 2 }))
        : (valueOf(variant({ minItems: 1, maxItems: 1 })) as fc.Arbitrary<unknown[]> | undefined)?.map((items) => Array.from({ length }, () => items[0]));
    add('maxItems', '', node.maxItems, `must have at most ${node.maxItems} items`, candidate);
  }
  if (node.uniqueItems && (node.maxItems === undefined || node.maxItems >= 2)) {
    const base = valueOf(variant({ uniqueItems: false, minItems: Math.max(1, node.minItems ?? 0), maxItems: node.maxItems === undefined ? undefined : node.maxItems - 1 }));
    add('uniqueItems', '', true, 'must not contain duplicate items', (base as fc.Arbitrary<unknown[]> | undefined)?.map((items) => [...items, items[items.length - 1]]));
  }
  if (options.depth <= 0) return;
  const itemNode = node.prefixItems[0] ?? node.items;
  if (!itemNode) return;
  const inner = violationPlans(itemNode, { ...options, depth: options.depth - 1 });
  const base = valueOf(variant({ minItems: Math.max(1, node.minItems ?? 0) })) as fc.Arbitrary<unknown[]> | undefined;
  if (!base || inner.length === 0) return;
  for (const plan of inner) {
    if (!spend(options)) return;
    const candidate = fc.tuple(base, plan).map(([items, bad]) => ({ value: [bad.value, ...items.slice(1)], tagged: bad }));
    nest(node, plans, candidate, '/0');
  }
}

function objectPlans(node: SchemaNode, options: Required<PlanOptions>, plans: fc.Arbitrary<TaggedValue>[], add: Add, valueOf: ValueOf, loose: Loose): void {
  const variant = (changes: Partial<SchemaNode>): SchemaNode => loose({ types: new Set(['object']), enum: undefined, const: undefined, ...changes });
  for (const name of node.required) {
    const properties = new Map(node.properties);
    properties.delete(name);
    const base = valueOf(variant({ properties, required: node.required.filter((n) => n !== name), hidden: new Set([...node.hidden, name]) })) as fc.Arbitrary<Record<string, unknown>> | undefined;
    add('required', '', name, `property '${name}' is required`, base?.map((object) => withoutKey(object, name)));
  }
  if (node.additionalProperties === false) {
    const key = extraKey(node);
    const base = valueOf(variant({ maxProperties: node.maxProperties === undefined ? undefined : node.maxProperties - 1 })) as fc.Arbitrary<Record<string, unknown>> | undefined;
    if (key !== undefined) add('additionalProperties', '', false, `property '${key}' is not allowed`, base && fc.tuple(base, fc.jsonValue({ maxDepth: 0 })).map(([object, value]) => withKey(object, key, value)));
  }
  if (node.maxProperties !== undefined && node.additionalProperties !== false) {
    add('maxProperties', '', node.maxProperties, `must have at most ${node.maxProperties} properties`, valueOf(variant({ maxProperties: undefined, minProperties: node.maxProperties + 1 })));
  }
  if (node.minProperties !== undefined && node.minProperties > 0) {
    add('minProperties', '', node.minProperties, `must have at least ${node.minProperties} properties`, valueOf(variant({ minProperties: undefined, maxProperties: node.minProperties - 1 })));
  }
  if (options.depth <= 0) return;
  for (const [name, property] of node.properties) {
    if (options.budget.remaining <= 0) return;
    if (node.hidden.has(name)) continue;
    const inner = violationPlans(property, { ...options, depth: options.depth - 1 });
    if (inner.length === 0) continue;
    const required = node.required.includes(name) ? node.required : [...node.required, name];
    // The other properties are left at their required minimum: an optional one the server refuses for
    // reasons the document does not state would hide whether this break is rejected.
    const base = (valueOf(variant({ required, maxProperties: required.length })) ?? valueOf(variant({ required }))) as
      | fc.Arbitrary<Record<string, unknown>>
      | undefined;
    if (!base) continue;
    for (const plan of inner) {
      if (!spend(options)) return;
      nest(node, plans, fc.tuple(base, plan).map(([object, bad]) => ({ value: withKey(object, name, bad.value), tagged: bad })), pointerSegment(name));
    }
  }
  if (node.additionalProperties) {
    const key = extraKey(node);
    const inner = violationPlans(node.additionalProperties, { ...options, depth: options.depth - 1 });
    const base = valueOf(variant({ maxProperties: node.maxProperties === undefined ? undefined : node.maxProperties - 1 })) as fc.Arbitrary<Record<string, unknown>> | undefined;
    if (key === undefined || !base) return;
    for (const plan of inner) {
      if (!spend(options)) return;
      nest(node, plans, fc.tuple(base, plan).map(([object, bad]) => ({ value: withKey(object, key, bad.value), tagged: bad })), pointerSegment(key));
    }
  }
}

// A child's violation lifted into its parent: same keyword, path prefixed, confirmed against the parent.
function nest(node: SchemaNode, plans: fc.Arbitrary<TaggedValue>[], candidate: fc.Arbitrary<{ value: unknown; tagged: TaggedValue }>, prefix: string): void {
  const predicate = (draw: { value: unknown; tagged: TaggedValue }): boolean => {
    const errors = validateNode(node, draw.value);
    return errors.length === 1 && errors[0]?.keyword === draw.tagged.violates.keyword && errors[0].instancePath === prefix + draw.tagged.violates.instancePath;
  };
  if (!anyHit(candidate, predicate)) return;
  plans.push(
    boundedFilter(candidate, predicate, 200).map(({ value, tagged }) => ({
      value,
      violates: { ...tagged.violates, instancePath: prefix + tagged.violates.instancePath, schemaPath: validateNode(node, value)[0]?.schemaPath ?? tagged.violates.schemaPath },
    })),
  );
}

function confirm(
  node: SchemaNode,
  keyword: string,
  instancePath: string,
  expected: unknown,
  description: string,
  candidate: fc.Arbitrary<{ value: unknown; detail: string | undefined }>,
): fc.Arbitrary<TaggedValue> | undefined {
  const predicate = (draw: { value: unknown }): boolean => {
    const errors = validateNode(node, draw.value);
    return errors.length === 1 && errors[0]?.keyword === keyword && errors[0].instancePath === instancePath;
  };
  if (!anyHit(candidate, predicate)) return undefined;
  return boundedFilter(candidate, predicate, 200).map(({ value, detail }) => ({
    value,
    violates: {
      keyword,
      schemaPath: validateNode(node, value)[0]?.schemaPath ?? `${node.path}/${keyword}`,
      instancePath,
      expected,
      description: detail ? `${description} (${detail})` : description,
    },
  }));
}

// Whether breaking the type survives being sent as text: "abc" for an integer does, 42 for a string does not.
function textTypeViolation(node: SchemaNode, type: JsonType): boolean {
  if (!node.types || node.types.has('string')) return false;
  if (node.types.has('array') || node.types.has('object')) return false;
  if (type === 'string') return true;
  return type === 'number' && node.types.has('integer') && !node.types.has('number');
}

function parsesAs(text: string, types: Set<JsonType>): boolean {
  const trimmed = text.trim();
  if ((types.has('number') || types.has('integer')) && trimmed !== '' && Number.isFinite(Number(trimmed))) return true;
  if (types.has('boolean') && /^(true|false|0|1|yes|no|on|off)$/i.test(trimmed)) return true;
  if (trimmed === '' || /^null$/i.test(trimmed)) return true;
  return false;
}

function withoutNull(types: Set<JsonType> | undefined, members: unknown[]): Set<JsonType> | undefined {
  if (!types || !members.includes(null)) return types;
  const out = new Set(types);
  out.delete('null');
  return out.size > 0 ? out : types;
}

function extraKey(node: SchemaNode): string | undefined {
  return ['unexpected', 'extra', 'conform_extra', 'x_unexpected'].find((key) => !node.properties.has(key) && !node.patternProperties.some((rule) => rule.regex?.test(key)));
}

function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...object };
  setOwn(out, key, value);
  return out;
}

function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const out = { ...object };
  delete out[key];
  return out;
}
