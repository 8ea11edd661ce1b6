import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';

// Its own module so the document loader can tell unknown formats (unknown-formats.ts) without loading Ajv.
const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** OpenAPI's own formats, and `uri` read as a URI reference, on top of ajv-formats' full set. */
export const OPENAPI_FORMATS: Readonly<Record<string, Format>> = {
  // Real APIs (upstream Glance among them) answer relative links where documents say `format: uri`;
  // a relative reference is still a URI reference (RFC 3986 §4.1), so only malformed text is refused.
  uri: fullFormats['uri-reference'],
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: (s: string) => BASE64.test(s) },
  binary: true,
  password: true,
};

/** Every format a SchemaValidator checks; any other is checked as its type alone (unknown-formats.ts). */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set([...Object.keys(fullFormats), ...Object.keys(OPENAPI_FORMATS)]);
