import { toPointer } from './json-pointer.ts';
import { asObject, extensionsOf, isPlainObject, type PlainObject } from './plain-object.ts';
import { serverUrls } from './server-urls.ts';
import type {
  HeaderSpec,
  HttpMethod,
  MediaTypeSpec,
  Operation,
  Parameter,
  ParameterLocation,
  ParameterStyle,
  RequestBodySpec,
  ResponseSpec,
  Schema,
  SchemaDialect,
  SecurityRequirement,
} from './types.ts';

/** What {@link toOperation} needs besides the dereferenced document. */
export interface OperationContext {
  readonly id: string;
  readonly path: string;
  readonly method: HttpMethod;
  readonly source: string;
  readonly dialect: SchemaDialect;
}

const LOCATIONS: ReadonlySet<string> = new Set(['path', 'query', 'header', 'cookie']);
const STYLES: ReadonlySet<string> = new Set(['matrix', 'label', 'form', 'simple', 'spaceDelimited', 'pipeDelimited', 'deepObject']);

/**
 * Normalises one operation of a dereferenced 3.x document: parameters merged with the path item's and given
 * their default style/explode, effective security and servers, response statuses upper-cased (`2XX`).
 */
export function toOperation(document: PlainObject, ctx: OperationContext): Operation {
  const item = asObject(asObject(document.paths)[ctx.path]);
  const op = asObject(item[ctx.method]);
  const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
  const requestBody = toRequestBody(op.requestBody);
  const security = Array.isArray(op.security) ? op.security : Array.isArray(document.security) ? document.security : [];
  const servers = [op.servers, item.servers, document.servers].find((s) => Array.isArray(s) && s.length > 0);
  return {
    id: ctx.id,
    ...(operationId !== undefined ? { operationId } : {}),
    method: ctx.method,
    path: ctx.path,
    label: `${ctx.method.toUpperCase()} ${ctx.path}`,
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
    ...(typeof op.description === 'string' ? { description: op.description } : {}),
    deprecated: op.deprecated === true,
    parameters: mergeParameters(item.parameters, op.parameters),
    ...(requestBody ? { requestBody } : {}),
    responses: Object.entries(asObject(op.responses))
      .filter(([status]) => !status.startsWith('x-'))
      .map(([status, response]) => toResponse(status, response)),
    security: security.filter(isPlainObject).map(toRequirement),
    servers: serverUrls(servers),
    extensions: extensionsOf(op),
    dialect: ctx.dialect,
    source: ctx.source,
    pointer: toPointer(['paths', ctx.path, ctx.method]),
  };
}

function mergeParameters(itemParams: unknown, opParams: unknown): Parameter[] {
  const own = (Array.isArray(opParams) ? opParams : []).map(toParameter).filter((p): p is Parameter => p !== undefined);
  const inherited = (Array.isArray(itemParams) ? itemParams : [])
    .map(toParameter)
    .filter((p): p is Parameter => p !== undefined && !own.some((o) => o.name === p.name && o.in === p.in));
  return [...inherited, ...own];
}

function toParameter(raw: unknown): Parameter | undefined {
  const p = asObject(raw);
  if (typeof p.name !== 'string' || typeof p.in !== 'string' || !LOCATIONS.has(p.in)) return undefined;
  const location = p.in as ParameterLocation;
  const style = (typeof p.style === 'string' && STYLES.has(p.style) ? p.style : defaultStyle(location)) as ParameterStyle;
  const [contentMediaType, contentSpec] = Object.entries(asObject(p.content))[0] ?? [];
  const schema = p.schema !== undefined ? toSchema(p.schema) : toSchema(asObject(contentSpec).schema);
  return {
    name: p.name,
    in: location,
    required: location === 'path' ? true : p.required === true,
    style,
    explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
    allowReserved: p.allowReserved === true,
    allowEmptyValue: p.allowEmptyValue === true,
    deprecated: p.deprecated === true,
    schema,
    ...(p.schema === undefined && contentMediaType !== undefined ? { contentMediaType } : {}),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    examples: examplesOf(p.schema === undefined && contentSpec !== undefined ? asObject(contentSpec) : p),
  };
}

function defaultStyle(location: ParameterLocation): ParameterStyle {
  return location === 'query' || location === 'cookie' ? 'form' : 'simple';
}

function toRequestBody(raw: unknown): RequestBodySpec | undefined {
  if (!isPlainObject(raw)) return undefined;
  return {
    required: raw.required === true,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    content: toContent(raw.content),
  };
}

function toResponse(status: string, raw: unknown): ResponseSpec {
  const r = asObject(raw);
  return {
    status: status.toLowerCase() === 'default' ? 'default' : status.toUpperCase(),
    description: typeof r.description === 'string' ? r.description : '',
    headers: Object.entries(asObject(r.headers)).map(([name, header]) => toHeader(name, header)),
    content: toContent(r.content),
  };
}

function toHeader(name: string, raw: unknown): HeaderSpec {
  const h = asObject(raw);
  const [, contentSpec] = Object.entries(asObject(h.content))[0] ?? [];
  return {
    name,
    required: h.required === true,
    schema: h.schema !== undefined ? toSchema(h.schema) : toSchema(asObject(contentSpec).schema),
    ...(typeof h.description === 'string' ? { description: h.description } : {}),
  };
}

function toContent(raw: unknown): MediaTypeSpec[] {
  return Object.entries(asObject(raw)).map(([mediaType, spec]) => {
    const m = asObject(spec);
    const encoding = isPlainObject(m.encoding) ? toEncoding(m.encoding) : undefined;
    return {
      mediaType,
      ...(m.schema !== undefined ? { schema: toSchema(m.schema) } : {}),
      examples: examplesOf(m),
      ...(encoding ? { encoding } : {}),
    };
  });
}

function toEncoding(raw: PlainObject): NonNullable<MediaTypeSpec['encoding']> {
  const out: Record<string, { contentType?: string; style?: string; explode?: boolean }> = {};
  for (const [name, value] of Object.entries(raw)) {
    const e = asObject(value);
    out[name] = {
      ...(typeof e.contentType === 'string' ? { contentType: e.contentType } : {}),
      ...(typeof e.style === 'string' ? { style: e.style } : {}),
      ...(typeof e.explode === 'boolean' ? { explode: e.explode } : {}),
    };
  }
  return out;
}

function examplesOf(owner: PlainObject): unknown[] {
  const out: unknown[] = [];
  if (owner.example !== undefined) out.push(owner.example);
  for (const example of Object.values(asObject(owner.examples))) {
    const value = asObject(example).value;
    if (value !== undefined) out.push(value);
  }
  return out;
}

function toSchema(raw: unknown): Schema {
  if (typeof raw === 'boolean') return raw;
  return isPlainObject(raw) ? raw : {};
}

function toRequirement(raw: PlainObject): SecurityRequirement {
  const out: Record<string, readonly string[]> = {};
  for (const [name, scopes] of Object.entries(raw)) out[name] = Array.isArray(scopes) ? scopes.map(String) : [];
  return out;
}
