import { setTimeout as sleep } from 'node:timers/promises';
import type { OutgoingRequest } from './exchange.ts';

/** One documented quota, as the pacer applies it to outgoing requests. */
export interface QuotaRule {
  /** Names the quota (requests of every operation under one quota share its budget). */
  readonly name: string;
  /** True for the requests this quota counts. */
  matches(request: OutgoingRequest): boolean;
  /** What the quota is counted by: a credential, or one key for a quota per client IP. */
  keyOf(request: OutgoingRequest): string;
  /** The requests allowed per window for that key (tiers: a test key may allow fewer). */
  limitFor(key: string): number;
  readonly windowMs: number;
}

export interface QuotaPacerOptions {
  /**
   * Added to every window: the target counts requests when they arrive, not when they leave, and its
   * window may start a little later than ours. @defaultValue 250
   */
  readonly marginMs?: number;
  readonly now?: () => number;
  readonly wait?: (ms: number) => Promise<unknown>;
  /** Told before each hold, with the quota that holds the request, so a long wait can be shown. */
  readonly onHold?: (hold: QuotaHold) => void;
}

/** A request held back by a quota. */
export interface QuotaHold {
  readonly delayMs: number;
  readonly rule: QuotaRule;
  readonly limit: number;
  /** Requests this pacer let through before this one. */
  readonly sent: number;
}

/**
 * Keeps a run under the target's documented quotas: a request that would be the (limit+1)-th of its
 * quota and key within one window waits until the oldest of those leaves the window. A sliding window
 * keeps every window-long interval at or under the limit, so a target counting fixed windows never
 * sees more either. Slots are taken before waiting, so concurrent senders (`--workers`) queue fairly.
 */
export class QuotaPacer {
  readonly #rules: readonly QuotaRule[];
  readonly #marginMs: number;
  readonly #now: () => number;
  readonly #wait: (ms: number) => Promise<unknown>;
  readonly #onHold: ((hold: QuotaHold) => void) | undefined;
  #acquired = 0;
  /** Start times (planned) of the latest requests per quota and key, oldest first, at most `limit` of them. */
  readonly #sent = new Map<string, number[]>();
  /** Milliseconds spent waiting, for the run's statistics. */
  waitedMs = 0;

  constructor(rules: readonly QuotaRule[], options: QuotaPacerOptions = {}) {
    this.#rules = rules;
    this.#marginMs = options.marginMs ?? 250;
    // Epoch milliseconds, so requests another thread sent (a run's preflight) can be counted in.
    this.#now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.#wait = options.wait ?? ((ms) => sleep(ms));
    this.#onHold = options.onHold;
  }

  get active(): boolean {
    return this.#rules.length > 0;
  }

  /** The quotas that count `request`: each with the recent start times of its key, oldest first, and its limit. */
  #countersOf(request: OutgoingRequest): { readonly rule: QuotaRule; readonly sent: number[]; readonly limit: number }[] {
    return this.#rules
      .filter((rule) => rule.matches(request))
      .map((rule) => {
        const credential = rule.keyOf(request);
        const key = `${rule.name}\u0000${credential}`;
        let sent = this.#sent.get(key);
        if (!sent) this.#sent.set(key, (sent = []));
        return { rule, sent, limit: Math.max(1, rule.limitFor(credential)) };
      });
  }

  /**
   * Counts a request sent without waiting for a slot (a preflight, the rate-limit probe that means to
   * exceed the quota) at `at` (epoch ms, default now), so the requests after it wait for the target's
   * count rather than meet its 429.
   */
  count(request: OutgoingRequest, at: number = this.#now()): void {
    for (const { sent, limit } of this.#countersOf(request)) remember(sent, at, limit);
  }

  /**
   * How many requests counted with `request`'s quotas and key fall in the window that ends now (the
   * most of any quota): what the target has counted of this run's, if its window is where ours is.
   */
  countedInWindow(request: OutgoingRequest): number {
    const now = this.#now();
    return Math.max(0, ...this.#countersOf(request).map(({ rule, sent }) => sent.filter((at) => at > now - rule.windowMs && at <= now).length));
  }

  /** Resolves when `request` may start without exceeding any quota that counts it. */
  async acquire(request: OutgoingRequest): Promise<void> {
    let startAt = this.#now();
    let holding: { readonly rule: QuotaRule; readonly limit: number } | undefined;
    const counters = this.#countersOf(request);
    for (const { rule, sent, limit } of counters) {
      const oldest = sent.length >= limit ? sent[sent.length - limit] : undefined;
      if (oldest !== undefined && oldest + rule.windowMs + this.#marginMs > startAt) {
        startAt = oldest + rule.windowMs + this.#marginMs;
        holding = { rule, limit };
      }
    }
    for (const { sent, limit } of counters) remember(sent, startAt, limit);
    const delay = startAt - this.#now();
    const sent = this.#acquired;
    this.#acquired += 1;
    if (delay > 0) {
      this.waitedMs += delay;
      if (holding) this.#onHold?.({ delayMs: delay, ...holding, sent });
      await this.#wait(delay);
    }
  }
}

/**
 * Adds a start time, kept sorted (a concurrent sender's slot may be planned earlier than one already
 * taken) and bounded: only the latest `limit` starts decide the next wait.
 */
function remember(sent: number[], at: number, limit: number): void {
  sent.push(at);
  sent.sort((a, b) => a - b);
  if (sent.length > limit) sent.splice(0, sent.length - limit);
}
