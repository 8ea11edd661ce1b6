import type { IncomingMessage } from 'node:http';
import { headerValue } from '../http.ts';
import { IMG_FAULT } from './faults.ts';
import { IMG_KEYS, principalForKey, type ImgPrincipal } from './principals.ts';

/** The principal of the request's `x-api-key`, or undefined (→ 401) when it is missing or unknown. */
export function authenticate(request: IncomingMessage, faults: ReadonlySet<string>): ImgPrincipal | undefined {
  const principal = principalForKey(headerValue(request, 'x-api-key'));
  if (principal) return principal;
  if (faults.has(IMG_FAULT.authIgnored)) return IMG_KEYS[0];
  return undefined;
}
