import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedExchange } from './events.ts';
import { harEntryJson } from './har-entry.ts';

interface ParsedEntry {
  readonly comment: string;
  readonly request: { readonly headers: unknown; readonly queryString: unknown; readonly postData?: { readonly mimeType: string } };
  readonly response: { readonly status: number; readonly content: { readonly text: string; readonly encoding?: string; readonly comment?: string } };
  readonly _retried?: unknown;
}

function entryOf(exchange: RecordedExchange, operationId = 'listImages'): ParsedEntry {
  return JSON.parse(harEntryJson(operationId, exchange)) as ParsedEntry;
}

function withUrl(url: string): RecordedExchange {
  return { request: { method: 'GET', url, headers: {} }, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 };
}

describe('harEntryJson', () => {
  it('should split the query exactly as the URL parser does, for any URL it accepts', () => {
    const query = fc.string({ unit: fc.constantFrom('a', '=', '&', '?', '#', '+', '%', '%2', '%41', ' ', 'é', '\t', '\u0000', '/') });
    const urls = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.webUrl(), query).map(([base, rest]) => `${base}?${rest}`),
      fc.tuple(fc.webUrl(), query, query).map(([base, before, after]) => `${base}${before}#${after}`),
    );
    fc.assert(
      fc.property(urls, (url) => {
        fc.pre(URL.canParse(url));
        const expected = [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
        expect(entryOf(withUrl(url)).request.queryString).toEqual(expected);
      }),
      { seed: 1234, numRuns: 1000 },
    );
  });

  it('should list a repeated header once per value and name the operation, or the failure, in the comment', () => {
    const exchange: RecordedExchange = {
      request: { method: 'POST', url: 'http://127.0.0.1:1/v2/images', headers: { 'content-type': 'application/json', accept: ['a/b', 'c/d'] }, body: '{}' },
      response: { status: 201, headers: { 'content-type': 'application/octet-stream' }, body: 'base64:AAEC', bodyBytes: 3, truncated: true },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 2,
    };
    const entry = entryOf(exchange, 'createImage');
    expect(entry.comment).toBe('createImage');
    expect(entry.request.headers).toEqual([
      { name: 'content-type', value: 'application/json' },
      { name: 'accept', value: 'a/b' },
      { name: 'accept', value: 'c/d' },
    ]);
    expect(entry.request.postData?.mimeType).toBe('application/json');
    expect(entry.response.content).toMatchObject({ text: 'AAEC', encoding: 'base64', comment: 'truncated' });
    const failed = entryOf({ ...withUrl('http://127.0.0.1:9/'), failure: { code: 'CONFORM_TARGET_UNREACHABLE', message: 'connection refused by 127.0.0.1:9' } });
    expect(failed.comment).toBe('CONFORM_TARGET_UNREACHABLE: connection refused by 127.0.0.1:9');
    expect(failed.response.status).toBe(0);
  });

  it('should keep the attempts a retry replaced, and add nothing when there were none', () => {
    const retried = [{ startedAt: '2026-01-01T00:00:00.000Z', durationMs: 3, failure: { code: 'CONFORM_TARGET_UNREACHABLE' as const, message: 'connection reset at 127.0.0.1:1', beforeResponse: true } }];
    expect(entryOf({ ...withUrl('http://127.0.0.1:1/v2/images/1'), retried }, 'showImage')).toMatchObject({ _retried: retried });
    expect(entryOf(withUrl('http://127.0.0.1:1/v2/images/1'), 'showImage')).not.toHaveProperty('_retried');
  });
});
