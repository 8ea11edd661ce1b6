/**
 * Parameter values → the text of a request, per OpenAPI 3 location, `style` and `explode`
 * (RFC 6570-ish: matrix, label, simple, form, spaceDelimited, pipeDelimited, deepObject).
 * @see https://spec.openapis.org/oas/v3.1.0#style-values
 */
import type { Parameter } from '../openapi/types.ts';
import { isJsonObject } from './_internals/json.ts';

/** Parameters laid out as they go on the wire. */
export interface SerializedParameters {
  /** Path parameter name → the text substituted into the template (percent-encoded). */
  readonly pathParams: Record<string, string>;
  /** The expanded path; placeholders without a value stay as written. */
  readonly path: string;
  /** Query pairs in order, names and values percent-encoded. */
  readonly query: [string, string][];
  readonly headers: Record<string, string>;
  readonly cookies: Record<string, string>;
}


/** Lays out `values` (parameters without a value are left out) for a request to `pathTemplate`. */
export function serializeParameters(pathTemplate: string, values: ReadonlyArray<readonly [Parameter, unknown]>): SerializedParameters {
  const out: SerializedParameters = { pathParams: {}, path: pathTemplate, query: [], headers: {}, cookies: {} };
  for (const [parameter, raw] of values) {
    if (raw === undefined) continue;
    const value = parameter.contentMediaType ? JSON.stringify(raw) : raw;
    switch (parameter.in) {
      case 'path':
        out.pathParams[parameter.name] = pathText(parameter, value);
        break;
      case 'query':
        out.query.push(...queryPairs(parameter, value));
        break;
      case 'header':
        out.headers[parameter.name] = headerText(parameter, value);
        break;
      case 'cookie':
        out.cookies[parameter.name] = joinItems(parameter, value, (text) => text, ',');
        break;
    }
  }
  const path = pathTemplate.replace(/\{([^}]+)\}/g, (whole, name: string) => out.pathParams[name] ?? whole);
  return { ...out, path };
}

/** Text of a scalar inside a parameter: strings as is, numbers and booleans as JSON, nested values as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function encode(text: string, allowReserved = false): string {
  const encoded = encodeURIComponent(text);
  return allowReserved ? encoded.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B|5B|5D)/gi, (match) => decodeURIComponent(match)) : encoded;
}

/** Per-kind encoders made once: a closure per serialized value was a measurable share of generating a case. */
const encodeStrict = (text: string): string => encode(text);
const encodeReserved = (text: string): string => encode(text, true);

function entries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value);
}

// simple-style list: a,b,c / k,v,k2,v2 / k=v,k2=v2, every piece encoded with `code`.
function joinItems(parameter: Parameter, value: unknown, code: (text: string) => string, separator: string): string {
  if (Array.isArray(value)) return value.map((item) => code(scalarText(item))).join(separator);
  if (isJsonObject(value)) {
    return entries(value)
      .map(([k, v]) => (parameter.explode ? `${code(k)}=${code(scalarText(v))}` : `${code(k)}${separator}${code(scalarText(v))}`))
      .join(separator);
  }
  return code(scalarText(value));
}

function pathText(parameter: Parameter, value: unknown): string {
  const code = encodeStrict;
  switch (parameter.style) {
    case 'label': {
      const separator = parameter.explode ? '.' : ',';
      if (isJsonObject(value) && parameter.explode) return `.${entries(value).map(([k, v]) => `${code(k)}=${code(scalarText(v))}`).join('.')}`;
      return `.${joinItems(parameter, value, code, separator)}`;
    }
    case 'matrix': {
      const name = code(parameter.name);
      if (Array.isArray(value)) {
        if (value.length === 0) return `;${name}`;
        return parameter.explode ? value.map((item) => `;${name}=${code(scalarText(item))}`).join('') : `;${name}=${value.map((item) => code(scalarText(item))).join(',')}`;
      }
      if (isJsonObject(value)) {
        return parameter.explode
          ? entries(value).map(([k, v]) => `;${code(k)}=${code(scalarText(v))}`).join('')
          : `;${name}=${entries(value).map(([k, v]) => `${code(k)},${code(scalarText(v))}`).join(',')}`;
      }
      const text = scalarText(value);
      return text === '' ? `;${name}` : `;${name}=${code(text)}`;
    }
    default:
      return joinItems(parameter, value, code, ',');
  }
}

function queryPairs(parameter: Parameter, value: unknown): [string, string][] {
  const code = parameter.allowReserved ? encodeReserved : encodeStrict;
  const name = encode(parameter.name);
  const delimiter = parameter.style === 'spaceDelimited' ? '%20' : parameter.style === 'pipeDelimited' ? '|' : ',';
  if (parameter.style === 'deepObject' && isJsonObject(value)) {
    return deepPairs(name, value, code);
  }
  if (Array.isArray(value)) {
    if (parameter.explode && parameter.style === 'form') return value.map((item) => [name, code(scalarText(item))]);
    return [[name, value.map((item) => code(scalarText(item))).join(delimiter)]];
  }
  if (isJsonObject(value)) {
    if (parameter.explode) return entries(value).map(([k, v]) => [code(k), code(scalarText(v))]);
    return [[name, entries(value).map(([k, v]) => `${code(k)}${delimiter}${code(scalarText(v))}`).join(delimiter)]];
  }
  return [[name, code(scalarText(value))]];
}

function deepPairs(prefix: string, value: Record<string, unknown>, code: (text: string) => string): [string, string][] {
  return entries(value).flatMap(([k, v]): [string, string][] => {
    const key = `${prefix}[${encode(k)}]`;
    if (isJsonObject(v)) return deepPairs(key, v, code);
    if (Array.isArray(v)) return v.map((item): [string, string] => [`${key}[]`, code(scalarText(item))]);
    return [[key, code(scalarText(v))]];
  });
}

function headerText(parameter: Parameter, value: unknown): string {
  return joinItems(parameter, value, (text) => text, ',');
}

