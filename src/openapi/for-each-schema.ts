import { HTTP_METHODS } from './types.ts';
import { asObject, isPlainObject, type PlainObject } from './plain-object.ts';

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'] as const;
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const SUBSCHEMA_SINGLE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems'] as const;

/**
 * Calls `visit` on every inline schema object of an OpenAPI 3.x document (not on `$ref` objects),
 * parents before children.
 */
export function forEachSchema(document: PlainObject, visit: (schema: PlainObject) => void): void {
  const schema = (value: unknown): void => {
    if (!isPlainObject(value) || typeof value.$ref === 'string') return;
    visit(value);
    for (const key of SUBSCHEMA_MAPS) for (const item of Object.values(asObject(value[key]))) schema(item);
    for (const key of SUBSCHEMA_LISTS) if (Array.isArray(value[key])) for (const item of value[key] as unknown[]) schema(item);
    for (const key of SUBSCHEMA_SINGLE) {
      const item = value[key];
      if (Array.isArray(item)) item.forEach(schema);
      else schema(item);
    }
  };
  const content = (value: unknown): void => {
    for (const media of Object.values(asObject(value))) schema(asObject(media).schema);
  };
  const parameter = (value: unknown): void => {
    const p = asObject(value);
    schema(p.schema);
    content(p.content);
  };
  const response = (value: unknown): void => {
    const r = asObject(value);
    for (const header of Object.values(asObject(r.headers))) parameter(header);
    content(r.content);
  };
  const operation = (value: unknown): void => {
    const op = asObject(value);
    if (Array.isArray(op.parameters)) op.parameters.forEach(parameter);
    content(asObject(op.requestBody).content);
    for (const r of Object.values(asObject(op.responses))) response(r);
    for (const callback of Object.values(asObject(op.callbacks))) for (const item of Object.values(asObject(callback))) pathItem(item);
  };
  const pathItem = (value: unknown): void => {
    const item = asObject(value);
    if (Array.isArray(item.parameters)) item.parameters.forEach(parameter);
    for (const method of HTTP_METHODS) if (isPlainObject(item[method])) operation(item[method]);
  };
  for (const item of Object.values(asObject(document.paths))) pathItem(item);
  for (const item of Object.values(asObject(document.webhooks))) pathItem(item);
  const components = asObject(document.components);
  for (const item of Object.values(asObject(components.schemas))) schema(item);
  for (const item of Object.values(asObject(components.parameters))) parameter(item);
  for (const item of Object.values(asObject(components.headers))) parameter(item);
  for (const item of Object.values(asObject(components.responses))) response(item);
  for (const item of Object.values(asObject(components.requestBodies))) content(asObject(item).content);
  for (const item of Object.values(asObject(components.pathItems))) pathItem(item);
}
