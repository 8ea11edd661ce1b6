import type { Principal } from '../principals.ts';
import { SENSITIVE_HEADERS } from '../redact.ts';
import type { Operation, SecurityScheme } from '../openapi/types.ts';

/** Keystone's auth middleware marks a request authenticated with this header; behind no Keystone it is the credential. */
const IDENTITY_MARKERS = ['x-identity-status'];

/**
 * The headers of `principal` that authenticate it for `operation`: those the operation's security
 * schemes name, the usual credential headers, and Keystone's identity marker. A probe that drops or
 * spoils only these keeps the rest of the identity (project, roles) intact, so a server that trusts
 * them without the credential shows. Falls back to every header when none is recognised.
 */
export function credentialHeaders(principal: Principal, operation: Operation, schemes: readonly SecurityScheme[]): string[] {
  const named = new Set<string>([...SENSITIVE_HEADERS, ...IDENTITY_MARKERS]);
  for (const requirement of operation.security) {
    for (const key of Object.keys(requirement)) {
      const scheme = schemes.find((candidate) => candidate.key === key);
      if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.paramName) named.add(scheme.paramName.toLowerCase());
      if (scheme && scheme.type !== 'apiKey') named.add('authorization');
    }
  }
  const all = Object.keys(principal.headers);
  const credentials = all.filter((name) => named.has(name.toLowerCase()));
  return credentials.length > 0 ? credentials : all;
}
