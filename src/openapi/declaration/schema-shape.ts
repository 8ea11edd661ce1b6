import type { ApiModel, Operation, Schema, SchemaObject } from '../types.ts';

/** What inference reads of a schema: its own properties, through `$ref` and `allOf`. */
export interface Shape {
  readonly types: readonly string[];
  readonly properties: ReadonlyMap<string, SchemaObject>;
  readonly items?: SchemaObject;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
}

const MAX_DEPTH = 8;

/** The object a schema is, once `$ref` is followed; undefined for `true`/`false` or an unresolvable ref. */
export function resolved(model: Pick<ApiModel, 'resolveRef'>, schema: Schema | undefined, depth = 0): SchemaObject | undefined {
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return undefined;
  const ref = schema.$ref;
  if (typeof ref === 'string') return resolved(model, model.resolveRef(ref), depth + 1);
  return schema;
}

/** The shape of `schema`: `allOf` members' properties merged in (one level of `anyOf`/`oneOf` is not guessed at). */
export function shapeOf(model: Pick<ApiModel, 'resolveRef'>, schema: Schema | undefined, depth = 0): Shape {
  const object = resolved(model, schema, depth);
  const properties = new Map<string, SchemaObject>();
  const types = new Set<string>();
  let items: SchemaObject | undefined;
  if (!object) return { types: [], properties };
  const type = object.type;
  if (typeof type === 'string') types.add(type);
  else if (Array.isArray(type)) for (const each of type) if (typeof each === 'string') types.add(each);
  if (typeof object.properties === 'object' && object.properties !== null) {
    for (const [name, value] of Object.entries(object.properties as Record<string, Schema>)) {
      const property = resolved(model, value, depth + 1);
      if (property) properties.set(name, property);
    }
    if (types.size === 0) types.add('object');
  }
  const itemSchema = resolved(model, object.items as Schema | undefined, depth + 1);
  if (itemSchema) {
    items = itemSchema;
    if (types.size === 0) types.add('array');
  }
  // A union's types count as the field's (GitHub's `public`: a boolean, or "true"/"false" as text).
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = object[keyword];
    if (!Array.isArray(branches) || depth >= MAX_DEPTH) continue;
    for (const branch of branches as Schema[]) for (const each of shapeOf(model, branch, depth + 1).types) types.add(each);
  }
  if (Array.isArray(object.allOf) && depth < MAX_DEPTH) {
    for (const member of object.allOf as Schema[]) {
      const inner = shapeOf(model, member, depth + 1);
      for (const [name, value] of inner.properties) if (!properties.has(name)) properties.set(name, value);
      for (const each of inner.types) types.add(each);
      items ??= inner.items;
    }
  }
  return {
    types: [...types],
    properties,
    ...(items ? { items } : {}),
    ...(Array.isArray(object.enum) ? { enum: object.enum } : {}),
    ...('default' in object ? { default: object.default } : {}),
  };
}

/** The JSON schema of the operation's first 2xx response (the lowest status), if any. */
export function successSchema(operation: Operation): Schema | undefined {
  const success = operation.responses.filter((response) => /^2/.test(response.status)).sort((a, b) => a.status.localeCompare(b.status))[0];
  return success?.content.find((media) => /json/i.test(media.mediaType))?.schema;
}

/** The JSON request body schema, if any. */
export function requestSchema(operation: Operation): Schema | undefined {
  return operation.requestBody?.content.find((media) => /json/i.test(media.mediaType))?.schema;
}

/** Whether any 2xx response of the operation declares a header named `name` (case-insensitive). */
export function declaresHeader(operation: Operation, name: string, statuses: RegExp = /^2/): boolean {
  return operation.responses.some((response) => statuses.test(response.status) && response.headers.some((header) => header.name.toLowerCase() === name.toLowerCase()));
}
