import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Operation } from '../../openapi/types.ts';
import type { Exchange, OutgoingRequest } from '../../transport/exchange.ts';
import { FixedWindowQuota, quotaHeaders } from '../../reference/quota.ts';
import { limitFor, quotaGroups, rateLimitOf } from '../../openapi/extensions/rate-limit.ts';
import { burstQuota, probeQuota } from './quota-probe.ts';
import type { SemanticSession } from './semantic-session.ts';

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

describe('probeQuota', () => {
  /** A session whose target answers each request with `answer`'s status and headers after `delayMs`: the probe uses only `sendRaw` (unpaced: it knows of no earlier request in the window). */
  function answering(delayMs: number, answer: () => { status: number; headers: Record<string, string> }): SemanticSession {
    const sendRaw = async (_operationId: string, request: OutgoingRequest): Promise<Exchange> => {
      if (delayMs > 0) await sleep(delayMs);
      return { request, response: { ...answer(), body: Buffer.from('{}'), truncated: false }, startedAt: new Date().toISOString(), durationMs: delayMs };
    };
    return { sendRaw, countedInWindow: () => 0, note: () => undefined } as Pick<SemanticSession, 'sendRaw' | 'countedInWindow' | 'note'> as SemanticSession;
  }
  /** A target that never answers 429, each answer taking `delayMs`. */
  function neverThrottled(delayMs: number): { session: SemanticSession; sent: () => number } {
    let sent = 0;
    const session = answering(delayMs, () => {
      sent += 1;
      return { status: 200, headers: {} };
    });
    return { session, sent: () => sent };
  }
  const spec = { limit: 5, windowSeconds: 60, scope: ['key'], tiers: [] };
  const options = (windowMs: number) => ({
    group: { spec, operations: [operation('a', spec)] },
    limit: 5,
    principal: { name: 'owner', headers: {} },
    request: (op: Operation): OutgoingRequest => ({ method: 'GET', url: `http://127.0.0.1:9${op.path}`, headers: {} }),
    label: 'GET /a',
    clause: 'x-rate-limit',
    windowMs,
  });

  it('should report a quota that is never enforced, after a second burst in a window of its own', async () => {
    const { session, sent } = neverThrottled(0);
    const result = await probeQuota(session, options(200));
    expect(result.inconclusive).toBeUndefined();
    expect(result.findings.map((finding) => finding.draft.key)).toEqual(['not-enforced']);
    expect(sent()).toBe(12);
  });

  it('should not call a quota unenforced when a window opened before the burst ends during it', async () => {
    // A fixed-window server (the window opens at a credential's first request), 5 per 300 ms.
    const quota = new FixedWindowQuota();
    const windowMs = 300;
    const session = answering(10, () => {
      const decision = quota.take('owner', 5, windowMs);
      return { status: decision.allowed ? 200 : 429, headers: quotaHeaders(decision, { withRetryAfter: !decision.allowed }) };
    });
    // An earlier request with the same credential opened a window that ends a few requests into the burst.
    quota.take('owner', 5, windowMs);
    await sleep(windowMs - 30);
    const result = await probeQuota(session, options(windowMs));
    expect(result.inconclusive).toBeUndefined();
    expect(result.findings).toEqual([]);
    expect(result.refusedAt).toBe(6);
  });

  it('should give no verdict, after one more try, when the burst is slower than the window', async () => {
    const { session, sent } = neverThrottled(5);
    const result = await probeQuota(session, options(10));
    expect(result.findings).toEqual([]);
    expect(result.inconclusive).toMatch(/^6 requests took .* longer than the 0\.0 s window, twice/);
    expect(sent()).toBe(12);
  });

  /** A fixed-window target (5 per window) that has counted `before` requests of the run, and a pacer that knows of `known`. */
  function spentTarget(before: number, known: number, windowMs: number): { session: SemanticSession; sent: () => number; notes: string[] } {
    const quota = new FixedWindowQuota();
    for (let index = 0; index < before; index += 1) quota.take('owner', 5, windowMs);
    let sent = 0;
    const notes: string[] = [];
    const sendRaw = async (_operationId: string, request: OutgoingRequest): Promise<Exchange> => {
      sent += 1;
      const decision = quota.take('owner', 5, windowMs);
      return { request, response: { status: decision.allowed ? 200 : 429, headers: quotaHeaders(decision, { withRetryAfter: !decision.allowed }), body: Buffer.from('{}'), truncated: false }, startedAt: new Date().toISOString(), durationMs: 0 };
    };
    const session = { sendRaw, countedInWindow: () => known, note: (text: string) => notes.push(text) } as Pick<SemanticSession, 'sendRaw' | 'countedInWindow' | 'note'> as SemanticSession;
    return { session, sent: () => sent, notes };
  }

  it('should expect its 429 sooner by the requests the run already spent in the window, and not wait a window for it', async () => {
    // Arrange: the suites before the probe sent 3 of the 5
    const { session, sent, notes } = spentTarget(3, 3, 60_000);

    // Act
    const burst = await burstQuota(session, options(60_000));

    // Assert: refused at the 3rd burst request = the 6th of the window: as documented, no second burst
    expect(burst.findings).toEqual([]);
    expect(burst.refusedAt).toBe(6);
    expect(sent()).toBe(3);
    expect(notes).toEqual([]);
  });

  it('should burst again in a fresh window when the target refuses sooner than what the run sent explains', async () => {
    // Arrange: the target counted 3 requests the run knows nothing of, and a short window
    const { session, sent, notes } = spentTarget(3, 0, 200);

    // Act
    const burst = await burstQuota(session, options(200));

    // Assert: refused at the 3rd, waited the Retry-After, then refused at the 6th of a fresh window
    expect(burst.findings).toEqual([]);
    expect(burst.refusedAt).toBe(6);
    expect(sent()).toBe(3 + 6);
    expect(notes[0]).toMatch(/^rate-limit probe: refused at request 3 of the window, not the documented 6th; waiting \d+ s for a fresh window to burst again$/);
  });
});
