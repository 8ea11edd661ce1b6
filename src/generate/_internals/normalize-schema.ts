/**
 * @internal Raw OpenAPI 3.0/3.1 schema → {@link SchemaNode}. One call per (schema, context); results are
 * cached per context so a schema shared by many operations is read once.
 */
import type { Schema } from '../../openapi/types.ts';
import { isJsonObject, jsonEqual, pointerSegment } from './json.ts';
import {
  anyNode,
  neverNode,
  type BranchGroup,
  type JsonType,
  type SchemaContext,
  type SchemaNode,
} from './schema-node.ts';
import { nullableNeedsBranch } from '../../openapi/nullable.ts';

const TYPE_NAMES = new Set<string>(['null', 'boolean', 'integer', 'number', 'string', 'array', 'object']);
// Keywords that constrain values but that generation does not model; their presence is recorded.
const OPAQUE = ['if', 'then', 'else', 'contains', 'propertyNames', 'dependentRequired', 'dependentSchemas', 'dependencies', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems'];

const caches = new WeakMap<SchemaContext, Map<unknown, Map<string, SchemaNode>>>();

/** Normalises `schema` (found at schema path `path`) under `context`; cached per context. */
export function normalizeSchema(schema: Schema | undefined, context: SchemaContext, path = '#', depth = 0): SchemaNode {
  let cache = caches.get(context);
  if (!cache) {
    cache = new Map();
    caches.set(context, cache);
  }
  const key = schema ?? 'undefined';
  let byPath = cache.get(key);
  if (!byPath) {
    byPath = new Map();
    cache.set(key, byPath);
  }
  const cacheKey = `${depth}|${path}`;
  const cached = byPath.get(cacheKey);
  if (cached) return cached;
  const node = build(schema, context, path, depth);
  byPath.set(cacheKey, node);
  return node;
}

function build(schema: Schema | undefined, context: SchemaContext, path: string, depth: number): SchemaNode {
  if (schema === undefined || schema === true) return anyNode(path);
  if (schema === false || !isJsonObject(schema)) return schema === false ? neverNode(path) : anyNode(path);
  const raw = schema as Record<string, unknown>;
  if (context.dialect === 'openapi-3.0' && nullableNeedsBranch(raw)) {
    // "This schema, or null" (spec/nullable.ts): null is a branch beside the schema read without `nullable`.
    const { nullable: _nullable, ...rest } = raw;
    const nullOnly = anyNode(`${path}/nullable`);
    nullOnly.types = new Set(['null']);
    const union = anyNode(path);
    union.anyOf.push({ path: `${path}/nullable`, branches: [build(rest, context, path, depth), finalize(nullOnly, context)] });
    return finalize(union, context);
  }
  let node = ownKeywords(raw, context, path, depth);
  if (typeof raw.$ref === 'string') {
    const target = context.resolveRef?.(raw.$ref);
    if (target === undefined) {
      // An unresolvable reference constrains nothing we can see; generation treats it as any value.
      node.opaque.push('$ref');
    } else if (depth >= context.maxDepth) {
      node = intersect(node, neverNode(raw.$ref, true));
    } else {
      node = intersect(node, normalizeSchema(target, context, raw.$ref, depth + 1));
    }
  }
  if (Array.isArray(raw.allOf)) {
    raw.allOf.forEach((branch, index) => {
      node = intersect(node, normalizeSchema(branch as Schema, context, `${path}/allOf/${index}`, depth));
    });
  }
  return finalize(node, context);
}

function ownKeywords(raw: Record<string, unknown>, context: SchemaContext, path: string, depth: number): SchemaNode {
  const node = anyNode(path);
  const mark = (keyword: string, at = keyword): void => {
    node.at[keyword] = [`${path}/${at}`];
  };
  const is30 = context.dialect === 'openapi-3.0';
  const typeValue = raw.type;
  if (typeof typeValue === 'string' || Array.isArray(typeValue)) {
    const names = (Array.isArray(typeValue) ? typeValue : [typeValue]).filter((t): t is JsonType => typeof t === 'string' && TYPE_NAMES.has(t));
    node.types = new Set(names);
    mark('type');
  }
  const nullable = is30 && raw.nullable === true && node.types !== undefined;
  if (nullable) node.types?.add('null');
  if (Array.isArray(raw.enum)) {
    node.enum = [...raw.enum];
    // OAS 3.0.3: a nullable enum admits null even when the list does not name it.
    if (nullable && !node.enum.some((member) => member === null)) node.enum.push(null);
    mark('enum');
  }
  if ('const' in raw) {
    node.const = { value: raw.const };
    mark('const');
  }
  if (typeof raw.minLength === 'number') (node.minLength = raw.minLength), mark('minLength');
  if (typeof raw.maxLength === 'number') (node.maxLength = raw.maxLength), mark('maxLength');
  if (typeof raw.pattern === 'string') node.patterns.push({ source: raw.pattern, regex: compilePattern(raw.pattern), path: `${path}/pattern` });
  if (typeof raw.format === 'string') (node.format = raw.format), mark('format');
  node.binary =
    raw.format === 'binary' || (!is30 && (typeof raw.contentMediaType === 'string' || typeof raw.contentEncoding === 'string'));
  readBounds(raw, node, mark);
  if (typeof raw.multipleOf === 'number' && raw.multipleOf > 0) node.multipleOf.push({ value: raw.multipleOf, path: `${path}/multipleOf` });
  if (Array.isArray(raw.prefixItems)) {
    node.prefixItems = raw.prefixItems.map((item, index) => normalizeSchema(item as Schema, context, `${path}/prefixItems/${index}`, depth));
  }
  if (Array.isArray(raw.items)) {
    // draft-07 tuple form, occasionally found in 3.0 documents
    node.prefixItems = raw.items.map((item, index) => normalizeSchema(item as Schema, context, `${path}/items/${index}`, depth));
  } else if (raw.items !== undefined) {
    node.items = normalizeSchema(raw.items as Schema, context, `${path}/items`, depth);
    mark('items');
  }
  if (typeof raw.minItems === 'number') (node.minItems = raw.minItems), mark('minItems');
  if (typeof raw.maxItems === 'number') (node.maxItems = raw.maxItems), mark('maxItems');
  if (raw.uniqueItems === true) (node.uniqueItems = true), mark('uniqueItems');
  if (isJsonObject(raw.properties)) {
    for (const [name, property] of Object.entries(raw.properties)) {
      node.properties.set(name, normalizeSchema(property as Schema, context, `${path}/properties${pointerSegment(name)}`, depth));
    }
  }
  if (Array.isArray(raw.required)) {
    for (const name of raw.required) {
      if (typeof name !== 'string' || node.required.includes(name)) continue;
      node.required.push(name);
      node.requiredAt.set(name, [`${path}/required`]);
    }
  }
  if (raw.additionalProperties === false) {
    node.additionalProperties = false;
    mark('additionalProperties');
  } else if (raw.additionalProperties !== undefined) {
    node.additionalProperties = normalizeSchema(raw.additionalProperties as Schema, context, `${path}/additionalProperties`, depth);
    mark('additionalProperties');
  }
  if (isJsonObject(raw.patternProperties)) {
    for (const [source, property] of Object.entries(raw.patternProperties)) {
      node.patternProperties.push({
        source,
        regex: compilePattern(source),
        node: normalizeSchema(property as Schema, context, `${path}/patternProperties${pointerSegment(source)}`, depth),
      });
    }
  }
  if (typeof raw.minProperties === 'number') (node.minProperties = raw.minProperties), mark('minProperties');
  if (typeof raw.maxProperties === 'number') (node.maxProperties = raw.maxProperties), mark('maxProperties');
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = raw[keyword];
    if (!Array.isArray(list) || list.length === 0) continue;
    const group: BranchGroup = {
      path: `${path}/${keyword}`,
      branches: list.map((branch, index) => normalizeSchema(branch as Schema, context, `${path}/${keyword}/${index}`, depth)),
    };
    node[keyword].push(group);
  }
  if (raw.not !== undefined) node.not.push(normalizeSchema(raw.not as Schema, context, `${path}/not`, depth));
  if ('example' in raw) node.examples.push(raw.example);
  if (Array.isArray(raw.examples)) node.examples.push(...raw.examples);
  if ('default' in raw) node.examples.push(raw.default);
  node.readOnly = raw.readOnly === true;
  node.writeOnly = raw.writeOnly === true;
  for (const keyword of OPAQUE) if (raw[keyword] !== undefined) node.opaque.push(keyword);
  return node;
}

function readBounds(raw: Record<string, unknown>, node: SchemaNode, mark: (keyword: string, at?: string) => void): void {
  // Both spellings are accepted whatever the declared version: documents mix them.
  for (const [bound, flag] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    const value = raw[bound];
    const exclusive = raw[flag];
    if (typeof exclusive === 'number') {
      node[flag] = exclusive;
      mark(flag);
    }
    if (typeof value !== 'number') continue;
    if (exclusive === true) {
      node[flag] = typeof node[flag] === 'number' ? tighter(flag, node[flag], value) : value;
      mark(flag);
    } else {
      node[bound] = value;
      mark(bound);
    }
  }
}

function tighter(flag: 'exclusiveMinimum' | 'exclusiveMaximum', a: number, b: number): number {
  return flag === 'exclusiveMinimum' ? Math.max(a, b) : Math.min(a, b);
}

/** Compiles a JSON Schema pattern as Ajv does (unicode flag), falling back to a plain regex. */
export function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    try {
      return new RegExp(source);
    } catch {
      return undefined;
    }
  }
}

/** The node that admits exactly the values both admit (allOf). */
export function intersect(a: SchemaNode, b: SchemaNode): SchemaNode {
  const out: SchemaNode = { ...anyNode(a.path), at: { ...a.at } };
  out.never = a.never || b.never;
  out.truncated = a.truncated || b.truncated;
  out.types = intersectTypes(a.types, b.types);
  for (const [keyword, paths] of Object.entries(b.at)) {
    if (['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties'].includes(keyword)) continue;
    out.at[keyword] = [...(out.at[keyword] ?? []), ...paths];
  }
  out.enum = a.enum && b.enum ? a.enum.filter((m) => b.enum?.some((n) => jsonEqual(m, n))) : (a.enum ?? b.enum);
  out.const = a.const ?? b.const;
  if (a.const && b.const && !jsonEqual(a.const.value, b.const.value)) out.never = true;
  mergeBound(out, a, b, 'minLength', 'max');
  mergeBound(out, a, b, 'maxLength', 'min');
  mergeBound(out, a, b, 'minimum', 'max');
  mergeBound(out, a, b, 'maximum', 'min');
  mergeBound(out, a, b, 'exclusiveMinimum', 'max');
  mergeBound(out, a, b, 'exclusiveMaximum', 'min');
  mergeBound(out, a, b, 'minItems', 'max');
  mergeBound(out, a, b, 'maxItems', 'min');
  mergeBound(out, a, b, 'minProperties', 'max');
  mergeBound(out, a, b, 'maxProperties', 'min');
  out.patterns = [...a.patterns, ...b.patterns];
  out.format = a.format ?? b.format;
  out.binary = a.binary || b.binary;
  out.multipleOf = [...a.multipleOf, ...b.multipleOf];
  out.prefixItems = mergeLists(a.prefixItems, b.prefixItems);
  out.items = a.items && b.items ? intersect(a.items, b.items) : (a.items ?? b.items);
  out.uniqueItems = a.uniqueItems || b.uniqueItems;
  mergeProperties(out, a, b);
  out.anyOf = [...a.anyOf, ...b.anyOf];
  out.oneOf = [...a.oneOf, ...b.oneOf];
  out.not = [...a.not, ...b.not];
  out.examples = [...a.examples, ...b.examples];
  out.readOnly = a.readOnly || b.readOnly;
  out.writeOnly = a.writeOnly || b.writeOnly;
  out.opaque = [...a.opaque, ...b.opaque];
  return out;
}

type BoundKey = 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties';

function mergeBound(out: SchemaNode, a: SchemaNode, b: SchemaNode, key: BoundKey, pick: 'min' | 'max'): void {
  const x = a[key];
  const y = b[key];
  const atA = a.at[key] ?? [];
  const atB = b.at[key] ?? [];
  if (y === undefined) {
    out[key] = x;
    return;
  }
  if (x === undefined || (pick === 'max' ? y > x : y < x)) {
    out[key] = y;
    out.at[key] = atB;
  } else {
    out[key] = x;
    out.at[key] = x === y ? [...atA, ...atB] : atA;
  }
}

function mergeLists(a: SchemaNode[], b: SchemaNode[]): SchemaNode[] {
  const length = Math.max(a.length, b.length);
  const out: SchemaNode[] = [];
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    out.push(x && y ? intersect(x, y) : ((x ?? y) as SchemaNode));
  }
  return out;
}

function intersectTypes(a: Set<JsonType> | undefined, b: Set<JsonType> | undefined): Set<JsonType> | undefined {
  if (a === undefined) return b === undefined ? undefined : new Set(b);
  if (b === undefined) return new Set(a);
  const out = new Set<JsonType>();
  for (const type of a) {
    if (b.has(type)) out.add(type);
    else if (type === 'number' && b.has('integer')) out.add('integer');
    else if (type === 'integer' && b.has('number')) out.add('integer');
  }
  return out;
}

function mergeProperties(out: SchemaNode, a: SchemaNode, b: SchemaNode): void {
  const names = new Set([...a.properties.keys(), ...b.properties.keys()]);
  for (const name of names) {
    const x = a.properties.get(name);
    const y = b.properties.get(name);
    // A key one side forbids as additional cannot appear at all.
    const allowedByA = x !== undefined || admitsExtra(a, name);
    const allowedByB = y !== undefined || admitsExtra(b, name);
    const merged = x && y ? intersect(x, y) : ((x ?? y) as SchemaNode);
    out.properties.set(name, allowedByA && allowedByB ? merged : neverNode(merged.path));
  }
  for (const [name, paths] of [...a.requiredAt, ...b.requiredAt]) {
    if (!out.required.includes(name)) out.required.push(name);
    out.requiredAt.set(name, [...(out.requiredAt.get(name) ?? []), ...paths]);
  }
  out.additionalProperties =
    a.additionalProperties === false || b.additionalProperties === false
      ? false
      : a.additionalProperties && b.additionalProperties
        ? intersect(a.additionalProperties, b.additionalProperties)
        : (a.additionalProperties ?? b.additionalProperties);
  if (a.additionalProperties === false && b.additionalProperties === false) {
    out.at.additionalProperties = [...(a.at.additionalProperties ?? []), ...(b.at.additionalProperties ?? [])];
  } else if (a.additionalProperties === false) {
    out.at.additionalProperties = a.at.additionalProperties ?? [];
  } else if (b.additionalProperties === false) {
    out.at.additionalProperties = b.at.additionalProperties ?? [];
  }
  out.patternProperties = [...a.patternProperties, ...b.patternProperties];
}

function admitsExtra(node: SchemaNode, name: string): boolean {
  if (node.additionalProperties !== false) return true;
  return node.patternProperties.some((rule) => rule.regex?.test(name) ?? false);
}

/** Recomputes what depends on the whole node: hidden properties, required-in-this-direction, impossibility. */
function finalize(node: SchemaNode, context: SchemaContext): SchemaNode {
  node.hidden = new Set();
  for (const [name, property] of node.properties) {
    if ((context.direction === 'request' && property.readOnly) || (context.direction === 'response' && property.writeOnly)) node.hidden.add(name);
  }
  node.required = node.required.filter((name) => !node.hidden.has(name));
  for (const name of [...node.requiredAt.keys()]) if (node.hidden.has(name)) node.requiredAt.delete(name);
  if (node.enum) {
    node.enum = node.enum.filter((member) => member !== undefined);
    if (node.enum.length === 0) node.never = true;
  }
  // Impossible object or array shapes remove that type only: a nullable recursive field is still null.
  const objectImpossible =
    node.required.some((name) => {
      const property = node.properties.get(name);
      return property ? property.never : node.additionalProperties === false && !admitsExtra(node, name);
    }) ||
    (node.maxProperties !== undefined && node.required.length > node.maxProperties);
  const arrayImpossible =
    ((node.minItems ?? 0) > node.prefixItems.length && node.items?.never === true) ||
    node.prefixItems.slice(0, node.minItems ?? 0).some((item) => item.never) ||
    (node.minItems !== undefined && node.maxItems !== undefined && node.minItems > node.maxItems);
  const stringImpossible = node.minLength !== undefined && node.maxLength !== undefined && node.minLength > node.maxLength;
  if (objectImpossible || arrayImpossible || stringImpossible) {
    const types = node.types ?? new Set<JsonType>(['null', 'boolean', 'integer', 'number', 'string', 'array', 'object']);
    if (objectImpossible) types.delete('object');
    if (arrayImpossible) types.delete('array');
    if (stringImpossible) types.delete('string');
    node.types = types;
  }
  if (node.types !== undefined && node.types.size === 0) node.never = true;
  for (const group of node.anyOf) if (group.branches.every((branch) => branch.never)) node.never = true;
  for (const group of node.oneOf) if (group.branches.every((branch) => branch.never)) node.never = true;
  return node;
}
