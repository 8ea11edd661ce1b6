import { TargetNotTheApiError } from '../../errors.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import type { Principals } from '../../principals.ts';
import type { PriorRequest } from '../../run/run-settings.ts';
import type { Exchange } from '../../transport/exchange.ts';
import { responseHeader } from '../../transport/exchange.ts';
import { HttpTransport } from '../../transport/http-transport.ts';

/** Documented reads the preflight sends at most: enough to tell a wrong base URL from one odd route. */
const PROBED_OPERATIONS = 3;

/** Why an answer shows the target does not serve the document there, or undefined when it may. */
function notTheApi(operation: Operation, exchange: Exchange): string | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const documented = (status: number): boolean => operation.responses.some((spec) => spec.status === String(status) || spec.status === `${String(status)[0]}XX`);
  if (response.status === 404 && !documented(404)) return '404';
  if (response.status >= 300 && response.status < 400 && !documented(response.status)) {
    const location = responseHeader(response, 'location');
    return `${response.status} to ${location ?? 'nowhere'}`;
  }
  const type = (responseHeader(response, 'content-type') ?? '').toLowerCase();
  const documentsHtml = operation.responses.some((spec) => spec.content.some((media) => media.mediaType.toLowerCase().startsWith('text/html')));
  if (response.status < 300 && type.startsWith('text/html') && !documentsHtml) return `${response.status} text/html`;
  return undefined;
}

/** The documented reads a preflight may send anywhere: GETs of paths without parameters (a list, say), none of which needs an item. */
function probedOperations(model: ApiModel): Operation[] {
  return model.operations.filter((operation) => operation.method === 'get' && !operation.path.includes('{')).slice(0, PROBED_OPERATIONS);
}

/** Base URLs the document's `servers` suggest on the target's origin: each server path and its shorter tails (`/glance/v2`, `/v2`). */
function suggestedBases(target: string, model: ApiModel): string[] {
  const origin = new URL(target).origin;
  const current = target.replace(/\/+$/, '');
  const bases: string[] = [];
  for (const server of model.servers) {
    let path: string;
    try {
      path = new URL(server, 'http://placeholder').pathname.replace(/\/+$/, '');
    } catch {
      continue;
    }
    const segments = path.split('/').filter(Boolean);
    for (let start = 0; start < segments.length; start += 1) {
      const base = `${origin}/${segments.slice(start).join('/')}`;
      if (base !== current && !bases.includes(base)) bases.push(base);
    }
  }
  return bases;
}

/**
 * Before any suite: do the document's paths exist on the target? When every documented list a run
 * would read answers 404, a redirect, or an HTML page, the target does not serve this document at
 * that base URL (a forgotten `/v2`, a login wall, a web front end): a run would report every
 * operation non-conformant and mean nothing. That is one line and exit 3, naming a base URL that
 * does serve it when the document's `servers` suggest one. Resolves to the requests it sent, which a
 * quota counts.
 */
export async function assertServesDocument(target: string, model: ApiModel, principals: Principals, timeoutMs: number): Promise<PriorRequest[]> {
  const operations = probedOperations(model);
  const sent: PriorRequest[] = [];
  if (operations.length === 0) return sent;
  const [principalName, principal] = [...principals.entries()][0] ?? [];
  const headers = Object.fromEntries(Object.entries(principal?.headers ?? {}).map(([name, secret]) => [name, secret.reveal()]));
  const transport = new HttpTransport({ requestTimeoutMs: timeoutMs, maxBodyBytes: 64 * 1024, connections: 1 });
  const probe = async (base: string, operation: Operation): Promise<string | undefined> => {
    const url = `${base.replace(/\/+$/, '')}${operation.path}`;
    sent.push({ method: 'GET', url, principal: principalName ?? '', at: Date.now() });
    const exchange = await transport.send({ method: 'GET', url, headers: { accept: 'application/json', ...headers } });
    // No answer (a reset, a timeout) says nothing of the base URL: the run judges it (not_a_server_error).
    return exchange.response ? notTheApi(operation, exchange) : undefined;
  };
  try {
    const answers: string[] = [];
    for (const operation of operations) {
      const reason = await probe(target, operation);
      if (reason === undefined) return sent;
      answers.push(`GET ${operation.path} answered ${reason}`);
    }
    const [first] = operations;
    let better: string | undefined;
    for (const base of first ? suggestedBases(target, model) : []) {
      if (first && (await probe(base, first)) === undefined) {
        better = base;
        break;
      }
    }
    const servers = model.servers.length > 0 ? `; the document's servers: ${model.servers.join(', ')}` : '';
    const hint = better ? `; at ${better} it answers as documented: use --target ${better}` : servers;
    throw new TargetNotTheApiError(`${target} does not serve this document there, the base URL is probably wrong (${answers.join(', ')})${hint}`);
  } finally {
    await transport.close();
  }
}
