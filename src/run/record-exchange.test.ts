import { describe, expect, it } from 'vitest';
import { Redactor } from '../redact.ts';
import type { Exchange } from '../transport/exchange.ts';
import { recordExchange } from './record-exchange.ts';

function withBody(body: Buffer): Exchange {
  return {
    request: { method: 'GET', url: 'http://127.0.0.1:1/items', headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body, truncated: false },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1.23456,
  };
}

describe('recordExchange', () => {
  const redactor = new Redactor(['s3cret-token']);

  it('should keep a UTF-8 body as text, secrets redacted', () => {
    const recorded = recordExchange(withBody(Buffer.from('{"token":"s3cret-token","name":"é"}')), redactor);
    expect(recorded.response?.body).toBe('{"token":"[REDACTED]","name":"é"}');
    expect(recorded.response?.truncated).toBe(false);
    expect(recorded.durationMs).toBe(1.235);
  });

  it('should keep bytes that are not UTF-8, and text holding U+FFFD, exactly as base64', () => {
    const invalid = Buffer.from([0x7b, 0xff, 0x7d]);
    const replacement = Buffer.from('{"a":"\uFFFD"}');
    expect(recordExchange(withBody(invalid), redactor).response?.body).toBe(`base64:${invalid.toString('base64')}`);
    expect(recordExchange(withBody(replacement), redactor).response?.body).toBe(`base64:${replacement.toString('base64')}`);
  });

  it('should cut a body over the cap and say so', () => {
    const recorded = recordExchange(withBody(Buffer.from('x'.repeat(100))), redactor, 10);
    expect(recorded.response?.body).toBe('x'.repeat(10));
    expect(recorded.response?.bodyBytes).toBe(100);
    expect(recorded.response?.truncated).toBe(true);
  });
});
