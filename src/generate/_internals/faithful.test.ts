import { describe, expect, it } from 'vitest';
import type { Parameter } from '../../openapi/types.ts';
import { isFaithful } from './faithful.ts';

function parameter(location: Parameter['in'], style: Parameter['style'] = location === 'query' || location === 'cookie' ? 'form' : 'simple'): Parameter {
  return { name: 'p', in: location, required: true, style, explode: false, allowReserved: false, allowEmptyValue: false, deprecated: false, schema: {}, examples: [] } as Parameter;
}

describe('isFaithful', () => {
  it('should refuse a scalar the server would see as something else, and keep every other', () => {
    expect(isFaithful(parameter('header'), 'token')).toBe(true);
    expect(isFaithful(parameter('header'), ' padded')).toBe(false);
    expect(isFaithful(parameter('header'), 'new\nline')).toBe(false);
    expect(isFaithful(parameter('cookie'), 'a;b')).toBe(false);
    expect(isFaithful(parameter('cookie'), 'ab')).toBe(true);
    expect(isFaithful(parameter('path'), '.')).toBe(false);
    expect(isFaithful(parameter('path'), '..')).toBe(false);
    expect(isFaithful(parameter('path'), '')).toBe(false);
    expect(isFaithful(parameter('path'), '...')).toBe(true);
    expect(isFaithful(parameter('query'), '')).toBe(true);
    expect(isFaithful(parameter('query'), 'a,b=c')).toBe(true);
    expect(isFaithful(parameter('header'), 42)).toBe(true);
    expect(isFaithful(parameter('path'), null)).toBe(true);
    expect(isFaithful(parameter('path'), undefined)).toBe(true);
  });

  it('should refuse a structured value whose pieces hold its delimiters or would vanish', () => {
    expect(isFaithful(parameter('query'), ['a', 'b'])).toBe(true);
    expect(isFaithful(parameter('query'), ['a,b'])).toBe(false);
    expect(isFaithful(parameter('query', 'pipeDelimited'), ['a,b'])).toBe(true);
    expect(isFaithful(parameter('query', 'pipeDelimited'), ['a|b'])).toBe(false);
    expect(isFaithful(parameter('path'), ['a', ''])).toBe(false);
    expect(isFaithful(parameter('query'), [])).toBe(false);
    expect(isFaithful(parameter('header'), { k: 'v\u0000' })).toBe(false);
  });
});
