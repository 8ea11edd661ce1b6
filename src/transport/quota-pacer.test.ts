import { describe, expect, it } from 'vitest';
import type { OutgoingRequest } from './exchange.ts';
import { QuotaPacer, type QuotaRule } from './quota-pacer.ts';

/** A clock that only moves when the pacer waits, so every start time is exact. */
function fakeClock(): { now: () => number; wait: (ms: number) => Promise<void>; starts: number[] } {
  let time = 0;
  return {
    now: () => time,
    wait: async (ms) => {
      time += ms;
    },
    starts: [],
  };
}

const request = (key: string, path = '/images'): OutgoingRequest => ({ method: 'GET', url: `http://127.0.0.1:1${path}`, headers: { 'x-api-key': key } });

const rule: QuotaRule = {
  name: 'images',
  matches: (outgoing) => new URL(outgoing.url).pathname.startsWith('/images'),
  keyOf: (outgoing) => outgoing.headers['x-api-key'] ?? '',
  limitFor: (key) => (key.startsWith('test_') ? 2 : 3),
  windowMs: 1000,
};

describe('QuotaPacer', () => {
  it('should let `limit` requests through at once and hold the next until the first leaves the window', async () => {
    const clock = fakeClock();
    const pacer = new QuotaPacer([rule], { marginMs: 50, now: clock.now, wait: clock.wait });
    const starts: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      await pacer.acquire(request('live_a'));
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 0, 0, 1050, 1050, 1050, 2100]);
    expect(pacer.waitedMs).toBe(2100);
  });

  it('should count each key on its own, with its tier\'s limit, and leave requests no quota counts alone', async () => {
    const clock = fakeClock();
    const pacer = new QuotaPacer([rule], { marginMs: 0, now: clock.now, wait: clock.wait });
    for (let index = 0; index < 2; index += 1) await pacer.acquire(request('test_b'));
    for (let index = 0; index < 3; index += 1) await pacer.acquire(request('live_a'));
    for (let index = 0; index < 10; index += 1) await pacer.acquire(request('live_a', '/health'));
    expect(clock.now()).toBe(0);
    await pacer.acquire(request('test_b'));
    expect(clock.now()).toBe(1000);
  });

  it('should never let more than `limit` starts fall in any window, with concurrent senders', async () => {
    let time = 0;
    const pending: { until: number; resolve: () => void }[] = [];
    const pacer = new QuotaPacer([rule], {
      marginMs: 0,
      now: () => time,
      wait: (ms) => new Promise<void>((resolve) => pending.push({ until: time + ms, resolve })),
    });
    const starts: number[] = [];
    const senders = Array.from({ length: 10 }, async () => {
      await pacer.acquire(request('live_a'));
      starts.push(time);
    });
    // Advance the clock to each wake-up in turn (bounded: 10 senders, each waits at most once).
    for (let step = 0; step < 20 && starts.length < 10; step += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      pending.sort((a, b) => a.until - b.until);
      const next = pending.shift();
      if (!next) continue;
      time = next.until;
      next.resolve();
    }
    await Promise.all(senders);
    expect(starts).toHaveLength(10);
    for (const start of starts) expect(starts.filter((other) => other >= start && other < start + rule.windowMs).length).toBeLessThanOrEqual(3);
  });

  it('should count requests sent around it (a preflight, a probe) and hold the paced ones after them', async () => {
    // Arrange: two requests of live_a went out before the pacer ran, at 0 and 400
    const clock = fakeClock();
    const pacer = new QuotaPacer([rule], { marginMs: 0, now: clock.now, wait: clock.wait });
    pacer.count(request('live_a'), -600);
    pacer.count(request('live_a'), -200);

    // Act
    const starts: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      await pacer.acquire(request('live_a'));
      starts.push(clock.now());
    }

    // Assert: one slot was left; the next waits for the one counted at -600 to leave the window
    expect(starts).toEqual([0, 400, 800]);
  });

  it('should say how many requests of a key fall in the window that ends now', async () => {
    // Arrange
    const clock = fakeClock();
    const pacer = new QuotaPacer([rule], { marginMs: 0, now: clock.now, wait: clock.wait });
    pacer.count(request('live_a'), -1500);
    pacer.count(request('live_a'), -400);
    await pacer.acquire(request('live_a'));

    // Act, Assert: the one at -1500 left the 1000 ms window; live_b sent nothing; /health counts under no quota
    expect(pacer.countedInWindow(request('live_a'))).toBe(2);
    expect(pacer.countedInWindow(request('live_b'))).toBe(0);
    expect(pacer.countedInWindow(request('live_a', '/health'))).toBe(0);
  });
});
