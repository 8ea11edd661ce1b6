/**
 * @internal Ajv set up as conform reads OpenAPI schemas: `Ajv` for 3.0, `Ajv2020` for 3.1, all errors,
 * ajv-formats plus the OpenAPI number and string formats. Used by tests and by anything that needs an
 * independent second opinion on generated values.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { Schema, SchemaDialect, SchemaObject } from '../../openapi/types.ts';
import type { Direction } from './schema-node.ts';
import { toAjvSchema } from './to-ajv-schema.ts';

// Under NodeNext this CommonJS module arrives as a namespace object; the plugin sits on `.default`.
const addFormats = (addFormatsModule as unknown as { default: FormatsPlugin }).default;

/** Validates values against OpenAPI schemas of one dialect; `document` serves the `$ref`s cycles leave. */
export function createAjvValidator(
  dialect: SchemaDialect,
  document?: SchemaObject,
): (schema: Schema, value: unknown, direction?: Direction) => ErrorObject[] {
  const options = { strict: false, allErrors: true, validateFormats: true } as const;
  const ajv = dialect === 'openapi-3.1' ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  const compiled = new Map<string, WeakMap<object, ReturnType<typeof ajv.compile>>>();
  const components = new Map<Direction, unknown>();
  const componentsFor = (direction: Direction): unknown => {
    if (!components.has(direction)) components.set(direction, (toAjvSchema(document ?? {}, dialect, direction) as Record<string, unknown>).components);
    return components.get(direction);
  };
  return (schema, value, direction = 'request') => {
    if (schema === true) return [];
    if (schema === false) return [{ keyword: 'false schema', instancePath: '', schemaPath: '#', params: {} }];
    let cache = compiled.get(direction);
    if (!cache) compiled.set(direction, (cache = new WeakMap()));
    let validate = cache.get(schema);
    if (!validate) {
      const converted = toAjvSchema(schema, dialect, direction) as Record<string, unknown>;
      // Recursive `$ref`s point into the document; carrying its components makes them resolve in place.
      const withComponents = document?.components !== undefined ? { ...converted, components: componentsFor(direction) } : converted;
      validate = ajv.compile(withComponents);
      cache.set(schema, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  };
}
