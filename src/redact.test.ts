import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.ts';

describe('Redactor', () => {
  const redactor = new Redactor(['s3cr3t-token', 'abc', 'key with space']);

  it('should replace every occurrence of a secret in text, also URL-encoded', () => {
    expect(redactor.text('Bearer s3cr3t-token and s3cr3t-token')).toBe('Bearer [REDACTED] and [REDACTED]');
    expect(redactor.text('?k=key%20with%20space')).toBe('?k=[REDACTED]');
  });

  it('should take secrets literally, whatever characters they hold, and replace a longer secret whole', () => {
    const literal = new Redactor(['a.b*c(d)', 'x$&y|z', 'tok-1', 'tok-12345']);
    expect(literal.text('a.b*c(d) axbbc(d) x$&y|z')).toBe('[REDACTED] axbbc(d) [REDACTED]');
    expect(literal.text('tok-12345 tok-1')).toBe('[REDACTED] [REDACTED]');
    expect(literal.text('x%24%26y%7Cz')).toBe('[REDACTED]');
    expect(new Redactor([]).text('nothing to hide')).toBe('nothing to hide');
  });

  it('should ignore values too short to be credentials', () => {
    expect(redactor.text('abcdef')).toBe('abcdef');
  });

  it('should redact credential headers by name and secret values in any header', () => {
    expect(redactor.headers({ Authorization: 'Bearer anything', 'X-Note': 'has s3cr3t-token', 'set-cookie': ['a', 'b'] })).toEqual({
      Authorization: '[REDACTED]',
      'X-Note': 'has [REDACTED]',
      'set-cookie': ['[REDACTED]', '[REDACTED]'],
    });
  });

  it('should redact strings deep inside values', () => {
    expect(redactor.value({ a: [{ b: 'x s3cr3t-token' }], n: 1 })).toEqual({ a: [{ b: 'x [REDACTED]' }], n: 1 });
  });
});
