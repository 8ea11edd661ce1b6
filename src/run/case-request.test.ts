import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case, WireValue } from '../generate/case.ts';
import type { Principal } from '../principals.ts';
import { Secret } from '../secret.ts';
import { withPrincipal } from './case-request.ts';

/** The rule as first written: each principal header in turn deletes its namesakes (any case), then is set. */
function attachOneByOne(headers: Readonly<Record<string, WireValue>>, principal: Principal): Record<string, WireValue> {
  const out: Record<string, WireValue> = { ...headers };
  for (const [name, value] of Object.entries(principal.headers)) {
    for (const existing of Object.keys(out)) if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    out[name] = value;
  }
  return out;
}

const caseWith = (headers: Record<string, WireValue>): Case => ({
  operationId: 'op',
  method: 'GET',
  pathTemplate: '/items',
  pathParams: {},
  path: '/items',
  query: [],
  headers,
  cookies: {},
  mode: 'positive',
});

describe('withPrincipal', () => {
  it('should attach the principal headers exactly as replacing them one by one does, order included', () => {
    const name = fc.constantFrom('X-Auth', 'x-auth', 'X-AUTH', 'Accept', 'accept', 'X-Roles', '1', 'Content-Type');
    fc.assert(
      fc.property(fc.dictionary(name, fc.string()), fc.dictionary(name, fc.string()), (own, identity) => {
        const principal: Principal = { name: 'owner', headers: Object.fromEntries(Object.entries(identity).map(([key, value]) => [key, new Secret(value)])) };
        const attached = withPrincipal(caseWith(own), principal);
        const expected = attachOneByOne(own, principal);
        expect(Object.entries(attached.headers)).toEqual(Object.entries(expected));
        expect(attached.principal).toBe('owner');
      }),
    );
  });
});
