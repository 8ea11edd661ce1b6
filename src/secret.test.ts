import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.ts';

describe('Secret', () => {
  it('should never print its value', () => {
    // Arrange
    const secret = new Secret('s3cr3t-token');
    // Act
    const renderings = [JSON.stringify({ token: secret }), String(secret), `${secret}`, inspect({ secret }), inspect(secret)];
    // Assert
    for (const text of renderings) expect(text).not.toContain('s3cr3t');
    expect(JSON.stringify({ token: secret })).toBe('{"token":"[REDACTED]"}');
  });

  it('should give the value to reveal()', () => {
    expect(new Secret('abc').reveal()).toBe('abc');
  });
});
