import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case, WireValue } from '../generate/case.ts';
import type { Principal } from '../principals.ts';
import { Secret } from '../secret.ts';
import { toOutgoingRequest, withPathParam, withPathParams, withPrincipal } from './case-request.ts';

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

/** The expansion as first written: every `{name}` the parameters have, percent-encoded, in one regex pass. */
function expandByRegex(template: string, pathParams: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, param: string) => {
    const text = pathParams[param];
    return text === undefined ? whole : encodeURIComponent(text);
  });
}

describe('withPathParam', () => {
  it('should re-expand the path as the regex expansion does, for any template', () => {
    const template = fc.array(fc.constantFrom('{', '}', 'a', 'b', 'ab', '/', '%', '{a}', '{b}'), { maxLength: 10 }).map((parts) => parts.join(''));
    const params = fc.dictionary(fc.constantFrom('a', 'b', 'ab', '{a', 'a{'), fc.string());
    fc.assert(
      fc.property(template, params, fc.constantFrom('a', 'b', 'c'), fc.string(), (pathTemplate, pathParams, name, value) => {
        const addressed = withPathParam({ ...caseWith({}), pathTemplate, pathParams }, name, value);
        const expected = { ...pathParams, [name]: value };
        expect(Object.entries(addressed.pathParams)).toEqual(Object.entries(expected));
        expect(addressed.path).toBe(expandByRegex(pathTemplate, expected));
      }),
    );
  });

  it('should set several parameters at once as setting them one by one does', () => {
    const base = { ...caseWith({ Accept: 'application/json' }), pathTemplate: '/images/{image_id}/members/{member_id}', pathParams: { image_id: 'x', member_id: 'y' } };
    const oneByOne = withPathParam(withPathParam(base, 'image_id', 'a b'), 'member_id', 'c/d');
    expect(withPathParams(base, { image_id: 'a b', member_id: 'c/d' })).toEqual(oneByOne);
    expect(oneByOne.path).toBe('/images/a%20b/members/c%2Fd');
    expect(Object.keys(oneByOne)).toEqual(Object.keys(base));
  });
});

describe('toOutgoingRequest', () => {
  it('should reveal secrets and join query, cookies and base URL', () => {
    const testCase: Case = {
      ...caseWith({ 'X-Auth': new Secret('tok'), Accept: 'application/json' }),
      query: [
        ['limit', '3'],
        ['marker', new Secret('m')],
      ],
      cookies: { a: '1', b: new Secret('2') },
      body: { mediaType: 'application/json', contentType: 'application/json', value: {}, raw: '{}' },
    };
    expect(toOutgoingRequest(testCase, 'http://host:1/v2//')).toEqual({
      method: 'GET',
      url: 'http://host:1/v2/items?limit=3&marker=m',
      headers: { 'X-Auth': 'tok', Accept: 'application/json', cookie: 'a=1; b=2' },
      body: '{}',
    });
    expect(toOutgoingRequest(caseWith({}), 'http://other:2')).toEqual({ method: 'GET', url: 'http://other:2/items', headers: {} });
  });
});
