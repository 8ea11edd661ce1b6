import type { IncomingMessage } from 'node:http';
import { headerValue } from '../http.ts';
import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';
import { primeUsers, userByToken } from './principals.ts';
import type { PrimeUser } from './principals.ts';

/** Who a request is from: a user, or why there is none. */
export type Authentication =
  | { readonly user: PrimeUser; readonly token: string }
  | { readonly user: undefined; readonly reason: 'missing' | 'invalid' };

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/** Resolves `Authorization: Bearer <token>` to a user (RFC 6750: the scheme is case-insensitive). */
export function authenticate(request: IncomingMessage, faults: PrimeFaults): Authentication {
  const header = headerValue(request, 'authorization');
  if (header === undefined || header.trim() === '') {
    if (faults.has(PRIME_FAULT.noCredentialsAccepted)) return { user: primeUsers.owner, token: primeUsers.owner.token };
    return { user: undefined, reason: 'missing' };
  }
  const token = BEARER.exec(header)?.[1];
  const user = token === undefined ? undefined : userByToken(token);
  if (user) return { user, token: user.token };
  if (faults.has(PRIME_FAULT.invalidTokenAccepted)) return { user: primeUsers.owner, token: primeUsers.owner.token };
  return { user: undefined, reason: 'invalid' };
}

/** The `WWW-Authenticate` challenge of a 401 (RFC 6750 section 3). */
export function bearerChallenge(reason: 'missing' | 'invalid'): string {
  return reason === 'missing' ? 'Bearer realm="prime"' : 'Bearer realm="prime", error="invalid_token"';
}
