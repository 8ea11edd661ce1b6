import { describe, expect, it } from 'vitest';
import type { Operation } from '../../spec/types.ts';
import { limitFor, quotaGroups, rateLimitOf } from './quota-probe.ts';

function operation(id: string, extension: unknown): Operation {
  return { id, method: 'get', path: `/${id}`, label: `GET /${id}`, tags: [], deprecated: false, parameters: [], responses: [], security: [], servers: [], extensions: extension === undefined ? {} : { 'x-rate-limit': extension }, dialect: 'openapi-3.1', source: 't', pointer: '' };
}

const QUOTA = { limit: 100, windowSeconds: 60, scope: ['key'], tiers: [{ name: 'test', keyPrefix: 'img_test_', limit: 10 }] };

describe('rateLimitOf', () => {
  it('should read a documented quota and refuse a malformed one', () => {
    expect(rateLimitOf(operation('a', QUOTA))).toEqual(QUOTA);
    expect(rateLimitOf(operation('b', { limit: 'many', windowSeconds: 60 }))).toBeUndefined();
    expect(rateLimitOf(operation('c', undefined))).toBeUndefined();
  });
});

describe('quotaGroups', () => {
  it('should put operations with the same quota in one group', () => {
    const groups = quotaGroups([operation('a', QUOTA), operation('b', { ...QUOTA }), operation('c', { limit: 5, windowSeconds: 1 }), operation('d', undefined)]);
    expect(groups.map((group) => group.operations.map((op) => op.id))).toEqual([['a', 'b'], ['c']]);
  });
});

describe('limitFor', () => {
  it('should apply the first tier whose prefix matches the credential', () => {
    const spec = rateLimitOf(operation('a', QUOTA));
    if (!spec) throw new Error('no spec');
    expect(limitFor(spec, 'img_test_owner_key')).toEqual({ limit: 10, tier: 'test' });
    expect(limitFor(spec, 'img_live_owner_key')).toEqual({ limit: 100 });
  });
});
