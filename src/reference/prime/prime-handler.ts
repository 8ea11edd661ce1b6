import { sendEmpty } from '../http.ts';
import type { RequestHandler, ResolvedReferenceOptions } from '../types.ts';
import { authenticate, bearerChallenge } from './auth.ts';
import type { PrimeOperationHandler, PrimeState } from './exchange.ts';
import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';
import { getImage } from './get-image.ts';
import { ImageStore } from './image-store.ts';
import { listImages } from './list-images.ts';
import { PRIME_RATE_LIMIT, PrimeRateLimiter } from './rate-limit.ts';
import { sendError } from './responses.ts';
import type { PrimeRouteName } from './routes.ts';
import { matchRoute, splitTarget } from './routes.ts';
import { seedImages } from './seed-images.ts';
import { updateVisibility } from './update-visibility.ts';

const operations: Readonly<Record<PrimeRouteName, PrimeOperationHandler>> = {
  listImages,
  getImage,
  updateVisibility,
};

/**
 * The Prime request pipeline: quota (every request, before anything else), route (404/405),
 * authentication (401), then the operation.
 */
export function createPrimeHandler(options: ResolvedReferenceOptions): RequestHandler {
  const faults: PrimeFaults = options.faults;
  const state: PrimeState = { store: new ImageStore(seedImages(options.seedData)), faults };
  const limiter = new PrimeRateLimiter(options.rateWindowMs ?? PRIME_RATE_LIMIT.windowMs, faults);
  return async (request, response) => {
    const auth = authenticate(request, faults);
    const admission = limiter.admit(request.socket.remoteAddress ?? 'unknown', auth.user ? auth.token : undefined);
    const headers = admission.headers;
    if (!admission.allowed) {
      sendError(response, 429, 'rate_limit', limiter.refusalDetails(admission.decision), headers);
      return;
    }
    const { pathname, query } = splitTarget(request.url ?? '/');
    const match = matchRoute(pathname);
    if (!match) {
      sendError(response, 404, 'path', `no operation at ${pathname}`, headers);
      return;
    }
    if (request.method !== match.method && !faults.has(PRIME_FAULT.ignoresMethod)) {
      sendError(response, 405, 'method', `${request.method ?? ''} is not allowed here`, { ...headers, allow: match.method });
      return;
    }
    if (!auth.user) {
      sendEmpty(response, 401, { ...headers, 'www-authenticate': bearerChallenge(auth.reason) });
      return;
    }
    await operations[match.route]({ request, response, user: auth.user, match, query, headers }, state);
  };
}
