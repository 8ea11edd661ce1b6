/**
 * The generation stage's output: one HTTP request ready to send, with what it is meant to test.
 * A transport sends it as is (revealing secrets at the last moment); a finding prints it as curl.
 */
import type { Secret } from '../secret.ts';
import type { HttpMethod, ParameterLocation } from '../openapi/types.ts';

/** Which phase produced a case: valid data, data breaking one constraint, or edge values. */
export type CaseMode = 'positive' | 'negative' | 'boundary';

/** The phases, in the order a run goes through them. */
export const CASE_MODES: readonly CaseMode[] = ['positive', 'negative', 'boundary'];

/** Where in a request a value (or its absence) sits. */
export type ValueLocation = ParameterLocation | 'body';

/**
 * The one constraint a value breaks, so a finding can say "sent limit=-1 (violates minimum: 0)".
 * `schemaPath` and `instancePath` are the paths Ajv reports for the same error.
 */
export interface Violation {
  /** The JSON Schema keyword (`minimum`, `type`, `required`, ...), or `required` for a missing parameter or body. */
  readonly keyword: string;
  /** Into the schema (Ajv form, `#/properties/limit/minimum`). */
  readonly schemaPath: string;
  /** Into the value, `''` for the value itself. */
  readonly instancePath: string;
  /** The constraint's value: the bound, the enum, the missing property's name, ... */
  readonly expected: unknown;
  /** One line, e.g. `must be >= 0`; for a case, `query limit=-1 violates minimum: 0`. */
  readonly description: string;
  /** Set on a case's violation: where the offending value is. */
  readonly location?: ValueLocation;
  /** Set when the value is a parameter: its name. */
  readonly parameter?: string;
  /** Set for a JSON-Patch body whose patch value breaks the patched resource's schema rather than the patch schema. */
  readonly against?: 'resource';
}

/** A header, query or cookie value; credentials stay {@link Secret}s until the transport sends them. */
export type WireValue = string | Secret;

/** A request body as declared and as it goes on the wire. */
export interface CaseBody {
  /** The declared media type (`application/json`, `multipart/form-data`, ...). */
  readonly mediaType: string;
  /** The `Content-Type` header to send (with the multipart boundary). */
  readonly contentType: string;
  /** The generated value (before encoding); bytes for `application/octet-stream`. */
  readonly value: unknown;
  /** The encoded body. */
  readonly raw: string | Uint8Array;
}

/** One generated request. */
export interface Case {
  /** `Operation.id`. */
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: Uppercase<HttpMethod>;
  /** The path template as written, e.g. `/images/{image_id}`. */
  readonly pathTemplate: string;
  /** Serialized path parameter values, before percent-encoding into the path. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** The expanded, percent-encoded path, e.g. `/images/6f1c...`. */
  readonly path: string;
  /** Query pairs in order, each name and value already percent-encoded per style/explode. */
  readonly query: ReadonlyArray<readonly [string, WireValue]>;
  /** Header name → value (Content-Type included when there is a body). */
  readonly headers: Readonly<Record<string, WireValue>>;
  /** Cookie name → value, sent as one `Cookie` header. */
  readonly cookies: Readonly<Record<string, WireValue>>;
  readonly body?: CaseBody;
  readonly mode: CaseMode;
  /** Negative and outside-boundary cases: the one constraint the request breaks. */
  readonly violates?: Violation;
  /** The principal whose credentials are attached, if any. */
  readonly principal?: string;
}
