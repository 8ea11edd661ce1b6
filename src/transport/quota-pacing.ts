import type { ApiModel, SecurityScheme } from '../openapi/types.ts';
import type { Exchange, OutgoingRequest } from './exchange.ts';
import { QuotaPacer, type QuotaHold, type QuotaRule } from './quota-pacer.ts';
import { formatWait } from './progress-channel.ts';
import { credentialIn, limitFor, quotaGroups } from '../openapi/extensions/rate-limit.ts';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** Matches the paths of `template` under `basePath` (`{name}` is one segment). */
function pathPattern(basePath: string, template: string): RegExp {
  const path = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${escapeRegExp(basePath.replace(/\/$/, ''))}${path}/?$`);
}

/** The credential a request carries under the document's schemes; '' when none. */
function credentialOfRequest(request: OutgoingRequest, schemes: readonly SecurityScheme[]): string {
  const headers = new Map(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return credentialIn(schemes, (name) => headers.get(name), (name) => new URL(request.url).searchParams.get(name) ?? undefined) ?? '';
}

/**
 * One pacing rule per documented quota (`x-rate-limit`) of the model, for requests to `target`: the
 * operations under it (method and path), counted per credential unless the quota is per IP only, with
 * the limit of the credential's tier.
 */
export function quotaRules(model: ApiModel, target: string): QuotaRule[] {
  const basePath = new URL(target).pathname.replace(/\/$/, '');
  return quotaGroups(model.operations).map((group, index): QuotaRule => {
    const patterns = group.operations.map((operation) => pathPattern(basePath, operation.path));
    // A target counts a key's requests, not a route's: an undocumented method (the unsupported_method
    // probe) or a path a generated value bent out of its template counts too. Measured on Prime: 101
    // requests in a window, one of them a PUT the operation's route did not match, and a 429. So any
    // method on the quota's paths counts, and any request under the base path when every operation
    // states the quota (it is the API's, as Prime's and IMG's are).
    const everyOperation = model.operations.every((operation) => group.operations.includes(operation));
    const perCredential = group.spec.scope.length === 0 || group.spec.scope.some((scope) => scope !== 'ip');
    return {
      name: `quota-${index}`,
      matches: (request) => {
        const path = new URL(request.url).pathname;
        return everyOperation ? path === basePath || path.startsWith(`${basePath}/`) : patterns.some((pattern) => pattern.test(path));
      },
      keyOf: (request) => (perCredential ? credentialOfRequest(request, model.securitySchemes) : ''),
      limitFor: (credential) => limitFor(group.spec, credential === '' ? undefined : credential).limit,
      windowMs: group.spec.windowSeconds * 1000,
    };
  });
}

/** A pacer for the model's documented quotas against `target`; inactive when the document states none. */
export function quotaPacerFor(model: ApiModel, target: string, onHold?: (hold: QuotaHold) => void): QuotaPacer {
  return new QuotaPacer(quotaRules(model, target), onHold ? { onHold } : {});
}

/** Holds shorter than this pass unsaid: many quick holds are pacing at work, not a wait to explain. */
const SAID_HOLD_MS = 1_000;

/** What a run says when its pacer holds requests back: how long, under which quota, and how far it got. */
export function holdNote(hold: QuotaHold): string | undefined {
  if (hold.delayMs < SAID_HOLD_MS) return undefined;
  return `quota: holding requests for ${formatWait(hold.delayMs)} (${hold.limit} requests per ${formatWait(hold.rule.windowMs)} reached; ${hold.sent} sent so far)`;
}

/** What the suites send requests through: the HTTP transport, or a policy composed over it. */
export interface RequestSender {
  send(request: OutgoingRequest): Promise<Exchange>;
}

/** Waits for the quota before each request. */
export function pacedSender(transport: RequestSender, pacer: QuotaPacer): RequestSender {
  return {
    async send(request) {
      await pacer.acquire(request);
      return transport.send(request);
    },
  };
}

/** Sends without waiting for the quota (the rate-limit probe means to exceed it), but counts each request, so the paced ones after it wait. */
export function countedSender(transport: RequestSender, pacer: QuotaPacer): RequestSender {
  return {
    send(request) {
      pacer.count(request);
      return transport.send(request);
    },
  };
}
