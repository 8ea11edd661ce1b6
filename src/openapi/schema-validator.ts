import { Ajv, type ErrorObject, type Format, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { nullableNeedsBranch } from './nullable.ts';
import { OPENAPI_FORMATS } from './openapi-formats.ts';
import type { Schema, SchemaDialect, SchemaObject } from './types.ts';

// Under NodeNext this CommonJS module arrives as a namespace object; the plugin sits on `.default`.
const addFormats = (addFormatsModule as unknown as { default: FormatsPlugin }).default;

type AjvInstance = Ajv | Ajv2020;

/** Which side of the exchange a schema describes: readOnly is dropped from requests, writeOnly from responses. */
export type SchemaDirection = 'request' | 'response';

/** One way a value breaks its schema, with pointers a finding can quote. */
export interface SchemaViolation {
  /** JSON pointer into the value, `''` for the root. */
  readonly instancePath: string;
  /** JSON pointer into the (converted) schema, e.g. `#/properties/status/enum`. */
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Thrown when a document's schema cannot be compiled; callers turn it into a warning. */
export class SchemaCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaCompileError';
  }
}

const DOCUMENT_ID = 'conform:document';

/**
 * Validates values against OpenAPI schemas with Ajv, compiling each (schema, direction) once.
 * 3.0 schemas go to Ajv's draft-07 engine (which knows `nullable`), after boolean exclusive bounds
 * are rewritten; 3.1 schemas go to Ajv2020. A recursive `$ref` left in a schema resolves into the
 * bundled document, which is registered once per direction.
 */
export class SchemaValidator {
  readonly #ajv: AjvInstance;
  readonly #dialect: SchemaDialect;
  readonly #compiled = new Map<SchemaDirection, WeakMap<SchemaObject, ValidateFunction>>();
  readonly #document: SchemaObject | undefined;
  readonly #registered = new Set<SchemaDirection>();
  /** Schemas whose conversion read a 3.0 `nullable` as "or null" (see nullable.ts): findings say so. */
  readonly #nullableBranches = new WeakSet<SchemaObject>();

  constructor(dialect: SchemaDialect, document?: SchemaObject) {
    this.#dialect = dialect;
    this.#document = document;
    // No logger: an unknown format is one load warning per format (unknown-formats.ts), not a line per schema compiled.
    const options = { strict: false, allErrors: true, validateFormats: true, discriminator: false, logger: false } as const;
    this.#ajv = dialect === 'openapi-3.1' ? new Ajv2020(options) : new Ajv(options);
    addFormats(this.#ajv);
    for (const [name, format] of Object.entries(OPENAPI_FORMATS)) this.#ajv.addFormat(name, format);
  }

  /** Every violation of `schema` by `value`; `[]` when it conforms. */
  validate(schema: Schema, value: unknown, direction: SchemaDirection): SchemaViolation[] {
    if (schema === true) return [];
    if (schema === false) {
      return [{ instancePath: '', schemaPath: '#', keyword: 'false schema', message: 'no value is allowed', params: {} }];
    }
    const validate = this.#validatorFor(schema, direction);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(toViolation);
  }

  #validatorFor(schema: SchemaObject, direction: SchemaDirection): ValidateFunction {
    let cache = this.#compiled.get(direction);
    if (!cache) {
      cache = new WeakMap();
      this.#compiled.set(direction, cache);
    }
    const cached = cache.get(schema);
    if (cached) return cached;
    this.#registerDocument(direction);
    const converted = convertSchema(schema, this.#dialect, direction, `${DOCUMENT_ID}-${direction}`, () => this.#nullableBranches.add(schema));
    let compiled: ValidateFunction;
    try {
      compiled = this.#ajv.compile(converted as object);
    } catch (error: unknown) {
      throw new SchemaCompileError(error instanceof Error ? error.message : String(error));
    }
    cache.set(schema, compiled);
    return compiled;
  }

  /** True when validating `schema` reads an OpenAPI 3.0 `nullable` without a type of its own as "or null". */
  readsNullableAsBranch(schema: Schema): boolean {
    return typeof schema === 'object' && this.#nullableBranches.has(schema);
  }

  #registerDocument(direction: SchemaDirection): void {
    if (!this.#document || this.#registered.has(direction)) return;
    const id = `${DOCUMENT_ID}-${direction}`;
    const converted = convertSchema(this.#document, this.#dialect, direction, id) as Record<string, unknown>;
    // The document itself is not a schema; only its fragments are referenced.
    this.#ajv.addSchema({ ...converted, $id: id }, undefined, undefined, false);
    this.#registered.add(direction);
  }
}

function toViolation(error: ErrorObject): SchemaViolation {
  return {
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    params: error.params as Record<string, unknown>,
  };
}

/**
 * Returns a copy of `schema` Ajv can compile: `x-*` keys dropped, 3.0 boolean exclusive bounds made
 * numeric, internal `$ref`s pointed at the registered document, and the properties that do not travel
 * in this direction (readOnly in requests, writeOnly in responses) removed from `required`.
 */
export function convertSchema(schema: unknown, dialect: SchemaDialect, direction: SchemaDirection, documentId: string, onNullableBranch?: () => void): unknown {
  const seen = new Map<object, unknown>();
  // Maps whose keys are names chosen by the author (a property may well be called `x-request-id`).
  const NAMED_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'schemas']);
  const visitMap = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return visit(node);
    return Object.fromEntries(Object.entries(node).map(([name, value]) => [name, visit(value)]));
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== 'object' || node === null) return node;
    const existing = seen.get(node);
    if (existing) return existing;
    const source = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    seen.set(node, out);
    for (const [key, value] of Object.entries(source)) {
      if (NAMED_MAPS.has(key)) {
        out[key] = visitMap(value);
        continue;
      }
      if (key.startsWith('x-')) continue;
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) {
        out[key] = `${documentId}${value}`;
        continue;
      }
      out[key] = visit(value);
    }
    if (dialect === 'openapi-3.0') {
      // OAS 3.0 `nullable: true` admits null; with an `enum` that omits null Ajv would still refuse it.
      if (source.nullable === true && Array.isArray(source.enum) && !source.enum.includes(null)) {
        out.enum = [...(source.enum as unknown[]), null];
      }
      for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
        if (typeof source[flag] === 'boolean') {
          if (source[flag] === true && typeof source[bound] === 'number') {
            out[flag] = source[bound];
            delete out[bound];
          } else {
            delete out[flag];
          }
        }
      }
    }
    if (Array.isArray(source.required) && typeof source.properties === 'object' && source.properties !== null) {
      const properties = source.properties as Record<string, unknown>;
      const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
      out.required = (source.required as unknown[]).filter((name) => {
        const property = typeof name === 'string' ? properties[name] : undefined;
        return !(typeof property === 'object' && property !== null && (property as Record<string, unknown>)[hidden] === true);
      });
    }
    if (dialect === 'openapi-3.0' && nullableNeedsBranch(source)) {
      // Ajv refuses `nullable` without `type`, and branches beside it would refuse null: "or null"
      // becomes a branch. `out` keeps its identity, so a cycle that reaches it reaches the union.
      const inner: Record<string, unknown> = { ...out };
      delete inner.nullable;
      for (const key of Object.keys(out)) delete out[key];
      out.anyOf = [inner, { type: 'null' }];
      onNullableBranch?.();
    }
    return out;
  };
  return visit(schema);
}
