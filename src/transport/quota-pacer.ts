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
  /** Start times (planned) of the latest requests per quota and key, oldest first, at most `limit` of them. */
  readonly #sent = new Map<string, number[]>();
  /** Milliseconds spent waiting, for the run's statistics. */
  waitedMs = 0;

  constructor(rules: readonly QuotaRule[], options: QuotaPacerOptions = {}) {
    this.#rules = rules;
    this.#marginMs = options.marginMs ?? 250;
    this.#now = options.now ?? (() => performance.now());
    this.#wait = options.wait ?? ((ms) => sleep(ms));
  }

  get active(): boolean {
    return this.#rules.length > 0;
  }

  /** Resolves when `request` may start without exceeding any quota that counts it. */
  async acquire(request: OutgoingRequest): Promise<void> {
    let startAt = this.#now();
    const counted: { readonly sent: number[]; readonly limit: number }[] = [];
    for (const rule of this.#rules) {
      if (!rule.matches(request)) continue;
      const credential = rule.keyOf(request);
      const key = `${rule.name}\u0000${credential}`;
      let sent = this.#sent.get(key);
      if (!sent) this.#sent.set(key, (sent = []));
      const limit = Math.max(1, rule.limitFor(credential));
      const oldest = sent.length >= limit ? sent[sent.length - limit] : undefined;
      if (oldest !== undefined) startAt = Math.max(startAt, oldest + rule.windowMs + this.#marginMs);
      counted.push({ sent, limit });
    }
    for (const { sent, limit } of counted) {
      // Kept sorted (a concurrent sender's slot may be planned earlier than one already taken) and
      // bounded: only the latest `limit` starts decide the next wait.
      sent.push(startAt);
      sent.sort((a, b) => a - b);
      if (sent.length > limit) sent.splice(0, sent.length - limit);
    }
    const delay = startAt - this.#now();
    if (delay > 0) {
      this.waitedMs += delay;
      await this.#wait(delay);
    }
  }
}
