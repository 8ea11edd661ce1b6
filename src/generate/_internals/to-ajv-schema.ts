/**
 * @internal An OpenAPI schema rewritten into plain JSON Schema that Ajv judges the way generation reads
 * it: 3.0 `nullable` becomes a `null` type (and a `null` enum member), boolean exclusive bounds become
 * numeric, and properties that do not travel in `direction` leave `required`. Schema paths are kept,
 * so Ajv's `schemaPath`s match the paths generation tags violations with.
 */
import type { Schema, SchemaDialect } from '../../openapi/types.ts';
import { isJsonObject } from './json.ts';
import type { Direction } from './schema-node.ts';

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'additionalItems', 'unevaluatedProperties', 'unevaluatedItems']);

/** Converts `schema` (and everything under it) for Ajv: `Ajv` (draft-07) for 3.0, `Ajv2020` for 3.1. */
export function toAjvSchema(schema: Schema, dialect: SchemaDialect, direction: Direction = 'request'): Schema {
  const seen = new Map<object, unknown>();
  const visit = (node: unknown): unknown => {
    if (!isJsonObject(node)) return node;
    const existing = seen.get(node);
    if (existing) return existing;
    const out: Record<string, unknown> = {};
    seen.set(node, out);
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') || key === 'nullable' || key === 'discriminator') continue;
      if (SCHEMA_MAPS.has(key) && isJsonObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, visit(sub)]));
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map(visit);
      } else if (SCHEMA_VALUES.has(key)) {
        out[key] = Array.isArray(value) ? value.map(visit) : visit(value);
      } else if (key === 'components' && isJsonObject(value) && isJsonObject(value.schemas)) {
        out[key] = { schemas: Object.fromEntries(Object.entries(value.schemas).map(([name, sub]) => [name, visit(sub)])) };
      } else {
        out[key] = value;
      }
    }
    if (dialect === 'openapi-3.0') convert30(node, out);
    filterRequired(node, out, direction);
    return out;
  };
  return visit(schema) as Schema;
}

function convert30(source: Record<string, unknown>, out: Record<string, unknown>): void {
  if (source.nullable === true && source.type !== undefined) {
    const types = Array.isArray(source.type) ? [...(source.type as unknown[])] : [source.type];
    if (!types.includes('null')) types.push('null');
    out.type = types;
    if (Array.isArray(source.enum) && !source.enum.includes(null)) out.enum = [...source.enum, null];
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof source[flag] !== 'boolean') continue;
    if (source[flag] === true && typeof source[bound] === 'number') {
      out[flag] = source[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
}

function filterRequired(source: Record<string, unknown>, out: Record<string, unknown>, direction: Direction): void {
  if (!Array.isArray(source.required) || !isJsonObject(source.properties)) return;
  const properties = source.properties;
  const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
  out.required = source.required.filter((name) => {
    const property = typeof name === 'string' ? properties[name] : undefined;
    return !(isJsonObject(property) && property[hidden] === true);
  });
}
