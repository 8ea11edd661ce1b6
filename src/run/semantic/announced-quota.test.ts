import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../transport/exchange.ts';
import { announcedQuota } from './announced-quota.ts';

function answered(headers: Record<string, string>): Exchange {
  return { request: { method: 'GET', url: 'http://127.0.0.1/x', headers: {} }, response: { status: 200, headers, body: Buffer.alloc(0) }, durationMs: 1 } as unknown as Exchange;
}

describe('announcedQuota', () => {
  const now = Date.UTC(2026, 11, 7, 12, 0, 0);

  it("should read GitHub's X-RateLimit-* with an epoch reset as seconds from now", () => {
    // Arrange
    const exchange = answered({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(now / 1000 + 3600) });
    // Act / Assert
    expect(announcedQuota(exchange, 'x-ratelimit', now)).toEqual({ limit: 5000, remaining: 4999, resetSeconds: 3600 });
  });

  it('should take a small X-RateLimit-Reset as a delta', () => {
    expect(announcedQuota(answered({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '42' }), 'x-ratelimit', now)).toEqual({ limit: 10, remaining: 3, resetSeconds: 42 });
  });

  it.each([
    ['draft 03-05 (separate fields)', { 'ratelimit-limit': '100', 'ratelimit-remaining': '7', 'ratelimit-reset': '30', 'ratelimit-policy': '100;w=60' }],
    ['draft 06 (one field, named keys)', { ratelimit: 'limit=100, remaining=7, reset=30', 'ratelimit-policy': '100;w=60' }],
    ['draft 07+ (structured fields)', { ratelimit: '"default";r=7;t=30', 'ratelimit-policy': '"default";q=100;w=60' }],
  ])('should read the IETF headers of %s', (_draft, headers) => {
    expect(announcedQuota(answered(headers), 'ietf', now)).toEqual({ limit: 100, remaining: 7, resetSeconds: 30, windowSeconds: 60 });
  });

  it('should give nothing when the limit or the remaining count is missing, or the other family is sent', () => {
    expect(announcedQuota(answered({ 'x-ratelimit-limit': '10' }), 'x-ratelimit', now)).toBeUndefined();
    expect(announcedQuota(answered({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '9' }), 'ietf', now)).toBeUndefined();
  });
});
