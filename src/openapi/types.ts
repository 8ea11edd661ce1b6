/**
 * The typed operation model every later stage reads. Built by `loadApi()` from OpenAPI 3.0, 3.1 or
 * Swagger 2.0 (normalised to the 3.x shape), one document or several merged.
 */

/** A JSON Schema object as found in the document, dereferenced except for cycles (see {@link ApiModel.resolveRef}). */
export type SchemaObject = { readonly [keyword: string]: unknown };
/** OpenAPI 3.1 allows boolean schemas; 3.0 and 2.0 never produce them. */
export type Schema = SchemaObject | boolean;

/** Which JSON Schema dialect a schema follows: 3.0's (nullable, boolean exclusive bounds) or 3.1's (2020-12). */
export type SchemaDialect = 'openapi-3.0' | 'openapi-3.1';

/** The version of the source document, before normalisation. */
export type SpecVersion = '2.0' | '3.0' | '3.1';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** OpenAPI 3 serialization styles; Swagger 2.0 `collectionFormat` is mapped onto these. */
export type ParameterStyle =
  | 'matrix'
  | 'label'
  | 'form'
  | 'simple'
  | 'spaceDelimited'
  | 'pipeDelimited'
  | 'deepObject';

export interface Parameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  /** Resolved default per location when the document omits it (query/cookie: form, path/header: simple). */
  readonly style: ParameterStyle;
  readonly explode: boolean;
  readonly allowReserved: boolean;
  readonly allowEmptyValue: boolean;
  readonly deprecated: boolean;
  /** From `schema`, or from the single entry of `content` (then `contentMediaType` is set). */
  readonly schema: Schema;
  readonly contentMediaType?: string;
  readonly description?: string;
  /** `example` and the values of `examples`, in document order. */
  readonly examples: readonly unknown[];
}

export interface MediaTypeSpec {
  /** e.g. `application/json`, `application/openstack-images-v2.1-json-patch`, `multipart/form-data`. */
  readonly mediaType: string;
  readonly schema?: Schema;
  readonly examples: readonly unknown[];
  /** Per-property encoding of multipart and form bodies, as written. */
  readonly encoding?: Readonly<Record<string, { readonly contentType?: string; readonly style?: string; readonly explode?: boolean }>>;
}

export interface RequestBodySpec {
  readonly required: boolean;
  readonly description?: string;
  readonly content: readonly MediaTypeSpec[];
}

export interface HeaderSpec {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
  readonly description?: string;
}

export interface ResponseSpec {
  /** `'200'`, a range `'2XX'` (upper-cased), or `'default'`. */
  readonly status: string;
  readonly description: string;
  readonly headers: readonly HeaderSpec[];
  readonly content: readonly MediaTypeSpec[];
}

export type SecuritySchemeType = 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS';

export interface SecurityScheme {
  /** The key under `components.securitySchemes`. */
  readonly key: string;
  readonly type: SecuritySchemeType;
  /** apiKey: where the key goes and under which name. */
  readonly in?: 'header' | 'query' | 'cookie';
  readonly paramName?: string;
  /** http: `bearer`, `basic`, ... (lower-cased). */
  readonly scheme?: string;
  readonly bearerFormat?: string;
  readonly description?: string;
}

/** One alternative of a security requirement: every scheme named must be satisfied together. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface Operation {
  /** `operationId`, or `<method>_<path>` synthesized when the document has none or repeats it. */
  readonly id: string;
  /** As written in the document; absent when it had none. */
  readonly operationId?: string;
  readonly method: HttpMethod;
  /** The path template as written, e.g. `/images/{image_id}`. */
  readonly path: string;
  /** `'PATCH /api/v1/images/{image_name}/{image_tag}/visibility'`. */
  readonly label: string;
  readonly tags: readonly string[];
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated: boolean;
  /** Path-item and operation parameters merged (operation wins on name+in). */
  readonly parameters: readonly Parameter[];
  readonly requestBody?: RequestBodySpec;
  readonly responses: readonly ResponseSpec[];
  /** Effective requirement alternatives (operation-level, else document-level); `[]` means none needed. */
  readonly security: readonly SecurityRequirement[];
  /** Effective server URLs with variables substituted by their defaults. */
  readonly servers: readonly string[];
  /** Every `x-*` key of the operation object, e.g. `x-rate-limit`. */
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly dialect: SchemaDialect;
  /** Where it came from: source name and JSON pointer, for messages. */
  readonly source: string;
  readonly pointer: string;
}

/** A problem found while loading leniently; with `--strict` any warning is fatal. */
export interface LoadWarning {
  readonly source: string;
  /** JSON pointer into the source document, e.g. `/paths/~1pets/get/parameters/0`. */
  readonly pointer: string;
  readonly message: string;
  /** Operation ids made unusable by this problem (left out of `operations`). */
  readonly unusableOperations: readonly string[];
}

export interface ApiModel {
  readonly title: string;
  readonly version: string;
  /** Of the first source; sources of different major versions cannot be merged. */
  readonly specVersion: SpecVersion;
  readonly dialect: SchemaDialect;
  readonly sources: readonly string[];
  readonly operations: readonly Operation[];
  readonly securitySchemes: readonly SecurityScheme[];
  readonly servers: readonly string[];
  /** How many `webhooks` the document declares (requests the API sends, which conform does not test), when any. */
  readonly webhooks?: number;
  /** Every `x-*` key at the document root and under `info`. */
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly warnings: readonly LoadWarning[];
  /** The merged OpenAPI 3.x document (2.0 converted), bundled: internal `$ref`s only. */
  readonly document: SchemaObject;
  /** Resolves an internal `$ref` (`#/components/schemas/X`) left in place where a schema is recursive. */
  resolveRef(ref: string): Schema | undefined;
}
