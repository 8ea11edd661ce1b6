/**
 * @internal The normalised form every generator reads: one node per schema position, with 3.0 and 3.1
 * spellings unified (nullable → `null` type, boolean exclusive bounds → numeric), `allOf` merged and
 * recursion cut at a depth bound. Built once per (schema, context) so no sample re-walks the raw schema.
 */
import type { SchemaDialect, Schema } from '../../openapi/types.ts';

/** The seven JSON Schema types; `number` also admits integers. */
export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

/** Every JSON type, in the order wrong-type values are tried. */
export const JSON_TYPES: readonly JsonType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

/** Which side of the exchange a schema describes: readOnly is left out of requests, writeOnly out of responses. */
export type Direction = 'request' | 'response';

/** A pattern with its compiled form (`undefined` when ECMAScript cannot compile it) and where it was written. */
export interface PatternRule {
  source: string;
  regex: RegExp | undefined;
  path: string;
}

/** `multipleOf` with where it was written (allOf can contribute several). */
export interface MultipleOfRule {
  value: number;
  path: string;
}

/** An `anyOf` or `oneOf` list: where it was written and its branches. */
export interface BranchGroup {
  path: string;
  branches: SchemaNode[];
}

/** A pattern property: its key pattern and the schema of the values of matching keys. */
export interface PatternPropertyRule {
  source: string;
  regex: RegExp | undefined;
  node: SchemaNode;
}

/** One normalised schema position. Mutable only while {@link normalizeSchema} builds it. */
export interface SchemaNode {
  /** Schema path of this position in Ajv form (`#/properties/a`). */
  path: string;
  /** keyword → schema paths of the keyword's (winning) occurrences; several when allOf repeats one. */
  at: Record<string, string[]>;
  /** No value validates (the `false` schema, contradictory allOf, or recursion cut off). */
  never: boolean;
  /** Recursion was cut at the depth bound somewhere in or under this node. */
  truncated: boolean;
  /** Allowed types; `undefined` means any. */
  types: Set<JsonType> | undefined;
  enum: unknown[] | undefined;
  const: { value: unknown } | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  patterns: PatternRule[];
  format: string | undefined;
  /** `format: binary`, or a 3.1 `contentMediaType`/`contentEncoding`: raw bytes when it travels alone. */
  binary: boolean;
  minimum: number | undefined;
  exclusiveMinimum: number | undefined;
  maximum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: MultipleOfRule[];
  prefixItems: SchemaNode[];
  /** Elements after `prefixItems`; `undefined` means any value. */
  items: SchemaNode | undefined;
  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems: boolean;
  properties: Map<string, SchemaNode>;
  /** Required properties that travel in this direction (readOnly dropped in requests, writeOnly in responses). */
  required: string[];
  /** property → schema paths of the `required` arrays naming it. */
  requiredAt: Map<string, string[]>;
  /** Declared properties that do not travel in this direction: never generated, still declared. */
  hidden: Set<string>;
  /** `false`: forbidden; a node: allowed with that schema (also for `true`); `undefined`: not written (allowed, not generated). */
  additionalProperties: SchemaNode | false | undefined;
  patternProperties: PatternPropertyRule[];
  minProperties: number | undefined;
  maxProperties: number | undefined;
  anyOf: BranchGroup[];
  oneOf: BranchGroup[];
  not: SchemaNode[];
  /** `example`, `examples` and `default`, as written; used as seeds only if they validate. */
  examples: unknown[];
  readOnly: boolean;
  writeOnly: boolean;
  /** Keywords that constrain values but that generation does not model (if/then/else, contains, ...). */
  opaque: string[];
}

/** How a raw schema is read: its dialect, the direction, and how to follow a `$ref` left by a cycle. */
export interface SchemaContext {
  readonly dialect: SchemaDialect;
  readonly direction: Direction;
  readonly resolveRef: ((ref: string) => Schema | undefined) | undefined;
  /** How many `$ref` expansions one path may go through before recursion is cut. */
  readonly maxDepth: number;
}

/** A node that admits any value, at `path`. */
export function anyNode(path: string): SchemaNode {
  return {
    path,
    at: {},
    never: false,
    truncated: false,
    types: undefined,
    enum: undefined,
    const: undefined,
    minLength: undefined,
    maxLength: undefined,
    patterns: [],
    format: undefined,
    binary: false,
    minimum: undefined,
    exclusiveMinimum: undefined,
    maximum: undefined,
    exclusiveMaximum: undefined,
    multipleOf: [],
    prefixItems: [],
    items: undefined,
    minItems: undefined,
    maxItems: undefined,
    uniqueItems: false,
    properties: new Map(),
    required: [],
    requiredAt: new Map(),
    hidden: new Set(),
    additionalProperties: undefined,
    patternProperties: [],
    minProperties: undefined,
    maxProperties: undefined,
    anyOf: [],
    oneOf: [],
    not: [],
    examples: [],
    readOnly: false,
    writeOnly: false,
    opaque: [],
  };
}

/** A node no value satisfies. */
export function neverNode(path: string, truncated = false): SchemaNode {
  return { ...anyNode(path), never: true, truncated };
}

/** True when a value of JSON type `type` (as {@link jsonTypeOf} reports it) is allowed by `types`. */
export function typeAllowed(types: ReadonlySet<JsonType> | undefined, type: string): boolean {
  if (types === undefined) return type !== 'invalid';
  if (type === 'integer') return types.has('integer') || types.has('number');
  return types.has(type as JsonType);
}

/** True when `node` may produce values of `type` (integer counts as a number). */
export function mayBe(node: SchemaNode, type: JsonType): boolean {
  if (node.never) return false;
  if (node.types === undefined) return true;
  if (type === 'number') return node.types.has('number') || node.types.has('integer');
  return node.types.has(type);
}
