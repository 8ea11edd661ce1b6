/**
 * The id of an item a create makes, as a declaration says where it is (a response field, the
 * `Location` header, or the client-chosen path parameter), shared by the declared suites and the
 * contract's resource pools.
 */
import { randomUUID } from 'node:crypto';
import type { Case } from '../generate/case.ts';
import type { IdSource, ResourceDeclaration } from '../openapi/declaration/declaration.ts';
import type { Operation } from '../openapi/types.ts';
import { withPathParam } from '../transport/case-request.ts';
import { lenientJsonBody, responseHeader, type Exchange } from '../transport/exchange.ts';
import { atPointer } from './semantic/pagination-walk.ts';

/**
 * A fresh id for a client-chosen id parameter, unique across runs (ids on a real target outlive a
 * run): a UUID where the parameter is one, a random integer in its bounds, else `conform-` and 12 hex
 * characters (cut to its maxLength); undefined where its schema (an enum, a pattern) leaves the
 * generated value the only safe one.
 */
function freshId(create: Operation, name: string): string | undefined {
  const schema = create.parameters.find((parameter) => parameter.in === 'path' && parameter.name === name)?.schema;
  const object = typeof schema === 'object' ? schema : {};
  if (object.enum !== undefined || object.pattern !== undefined || object.const !== undefined) return undefined;
  if (object.format === 'uuid') return randomUUID();
  if (object.type === 'integer' || object.type === 'number') {
    const low = typeof object.minimum === 'number' ? Math.ceil(object.minimum) : 1;
    const high = typeof object.maximum === 'number' ? Math.floor(object.maximum) : 2 ** 31 - 1;
    return String(low + Math.floor(Math.random() * Math.max(1, high - low + 1)));
  }
  const id = `conform-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return typeof object.maxLength === 'number' ? id.slice(0, Math.max(object.maxLength, 1)) : id;
}

/** The create case with its client-chosen id set (a fresh one where it may be), and that id; as it is when the server gives the id. */
export function withChosenId(create: Operation, resource: ResourceDeclaration, testCase: Case): { readonly testCase: Case; readonly id?: string } {
  if (resource.id.from !== 'path') return { testCase };
  return withFreshId(create, resource.idParameter, testCase);
}

/** The create case with a fresh id in `idParameter` where its schema allows one, and the id it then carries. */
export function withFreshId(create: Operation, idParameter: string, testCase: Case): { readonly testCase: Case; readonly id?: string } {
  const id = freshId(create, idParameter) ?? testCase.pathParams[idParameter];
  return id === undefined ? { testCase } : { testCase: withPathParam(testCase, idParameter, String(id)), id: String(id) };
}

/** The id of the item a create answered with, where the declaration says it is (`resource.id`). */
export function createdIdOf(exchange: Exchange, id: IdSource): string | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  // A client-chosen id is the one sent (withChosenId), not read back.
  if (id.from === 'path') return undefined;
  if (id.from === 'body') {
    const value = atPointer(lenientJsonBody(response), id.pointer);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  const location = responseHeader(response, 'location');
  const last = location?.replace(/[?#].*$/, '').split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : undefined;
}

/**
 * The value of `idParameter` in the path a request was sent to, read by aligning `template` (the
 * operation's path, without the server's base path) with the URL's last segments.
 */
export function sentPathId(exchange: Exchange, template: string, idParameter: string): string | undefined {
  const wanted = template.split('/').filter(Boolean);
  const index = wanted.indexOf(`{${idParameter}}`);
  if (index < 0) return undefined;
  const sent = new URL(exchange.request.url).pathname.split('/').filter(Boolean);
  const segment = sent[sent.length - wanted.length + index];
  if (sent.length < wanted.length || segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The id a successful create made, where `id` says it is: for a client-chosen one, the id it was sent to. */
export function idOfCreated(exchange: Exchange, create: Operation, idParameter: string, id: IdSource): string | undefined {
  const status = exchange.response?.status ?? 0;
  if (status < 200 || status >= 300) return undefined;
  if (id.from === 'path') return sentPathId(exchange, create.path, idParameter);
  return createdIdOf(exchange, id);
}
