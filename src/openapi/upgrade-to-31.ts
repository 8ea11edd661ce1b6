import { forEachSchema } from './for-each-schema.ts';
import { nullableNeedsBranch } from './nullable.ts';
import type { PlainObject } from './plain-object.ts';

/**
 * Rewrites the schemas of an OpenAPI 3.0 document in place into 3.1's JSON Schema 2020-12 so it can be
 * merged with 3.1 documents: `nullable` becomes a `'null'` type (or enum member, or an `anyOf` branch),
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers. Meaning is unchanged.
 */
export function upgradeTo31(document: PlainObject, version: string): void {
  forEachSchema(document, (schema) => {
    if (schema.nullable !== undefined) {
      const nullable = schema.nullable === true;
      const branch = nullableNeedsBranch(schema);
      delete schema.nullable;
      if (nullable) makeNullable(schema, branch);
    }
    for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (typeof schema[flag] !== 'boolean') continue;
      if (schema[flag] === true && typeof schema[bound] === 'number') {
        schema[flag] = schema[bound];
        delete schema[bound];
      } else {
        delete schema[flag];
      }
    }
  });
  document.openapi = version;
}

function makeNullable(schema: PlainObject, branch: boolean): void {
  if (branch) {
    // No type of its own, or branches that would refuse null (allOf, $ref siblings, oneOf...): null is one more alternative.
    const rest: PlainObject = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [rest, { type: 'null' }];
    return;
  }
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return;
  }
  if (Array.isArray(schema.type) && !schema.type.includes('null')) schema.type = [...schema.type, 'null'];
}
