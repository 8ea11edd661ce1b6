import { SpecInvalidError } from '../errors.ts';
import { isPlainObject, type PlainObject } from './plain-object.ts';
import type { SpecVersion } from './types.ts';

/** The version of a parsed document, plus a note when the version field needed a lenient reading. */
export interface DetectedVersion {
  readonly version: SpecVersion;
  readonly document: PlainObject;
  readonly note?: { readonly pointer: string; readonly message: string };
}

/** Tells OpenAPI 3.0, 3.1 and Swagger 2.0 apart; anything else is a one-line SpecInvalidError. */
export function detectVersion(value: unknown, source: string): DetectedVersion {
  if (value === null || value === undefined || value === '') {
    throw new SpecInvalidError(source, '/openapi', 'empty document; expected an OpenAPI 3.x or Swagger 2.0 document');
  }
  if (!isPlainObject(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new SpecInvalidError(source, '/openapi', `not an OpenAPI document: the root is ${kind}, not a mapping`);
  }
  if (value.openapi !== undefined) {
    const raw = value.openapi;
    const text = typeof raw === 'number' ? (Number.isInteger(raw) ? `${raw}.0` : String(raw)) : String(raw);
    const note =
      typeof raw === 'string' ? undefined : { pointer: '/openapi', message: `openapi is the number ${raw}, read as "${text}"` };
    if (/^3\.0(\.\d+)?$/.test(text)) return { version: '3.0', document: value, ...(note ? { note } : {}) };
    if (/^3\.1(\.\d+)?$/.test(text)) return { version: '3.1', document: value, ...(note ? { note } : {}) };
    throw new SpecInvalidError(source, '/openapi', `unsupported OpenAPI version ${JSON.stringify(raw)} (supported: 3.0.x, 3.1.x, Swagger 2.0)`);
  }
  if (value.swagger !== undefined) {
    if (value.swagger === '2.0' || value.swagger === 2 || value.swagger === '2') {
      const note =
        value.swagger === '2.0' ? undefined : { pointer: '/swagger', message: `swagger is ${JSON.stringify(value.swagger)}, read as "2.0"` };
      return { version: '2.0', document: value, ...(note ? { note } : {}) };
    }
    throw new SpecInvalidError(source, '/swagger', `unsupported Swagger version ${JSON.stringify(value.swagger)} (supported: 2.0)`);
  }
  if (value.swaggerVersion !== undefined) {
    // Swagger 1.x spread an API over a resource listing and API declarations; there is no faithful upgrade.
    throw new SpecInvalidError(source, '/swaggerVersion', `unsupported Swagger version ${JSON.stringify(value.swaggerVersion)} (supported: 3.0.x, 3.1.x, Swagger 2.0)`);
  }
  throw new SpecInvalidError(source, '/openapi', 'not an OpenAPI document: no `openapi` or `swagger` key at the root');
}
