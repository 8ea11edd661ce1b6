import { createRequire } from 'node:module';
import type { Pool } from 'undici';

/**
 * The pool class alone: undici's index also loads fetch, WebSocket, EventSource, caches and mocks,
 * ~80 ms of CPU in every process that sends (the CLI and each suite worker; 120-140 ms against 45-60 ms
 * here on an idle machine, 250 ms in a worker at a run's start). undici 7 has no `exports` map and is
 * pinned; the class is the same one `undici` exports (origin-pools.test.ts checks).
 */
const load: (id: string) => unknown = createRequire(import.meta.url);
const PoolClass = load('undici/lib/dispatcher/pool.js') as typeof Pool;

/** Origins one transport keeps pools for; a target that sends conform to ever more hosts cannot grow this without bound. */
const MAX_ORIGINS = 32;

/**
 * One undici `Pool` of keep-alive connections per origin: what undici's `Agent` does, without its
 * per-origin client bookkeeping. In undici 7.30.2, once a connection of an origin is reset (after a
 * HEAD, a body on a GET, `Connection: close`), the old client's closing removes the client created
 * after it, and so on: with one connection per origin every later request opened a new one
 * (`conform run img` against a fast target: 457 connections for 959 requests). A `Pool` reconnects
 * its own clients and is never replaced.
 */
export class OriginPools {
  readonly #pools = new Map<string, Pool>();
  readonly #options: Pool.Options;

  constructor(options: Pool.Options) {
    this.#options = options;
  }

  /** The pool for `origin`, created on first use; the least recently created one closes beyond `MAX_ORIGINS`. */
  for(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool) return pool;
    if (this.#pools.size >= MAX_ORIGINS) {
      const [oldest, evicted] = this.#pools.entries().next().value as [string, Pool];
      this.#pools.delete(oldest);
      // close() lets requests in flight finish.
      void evicted.close().catch(() => undefined);
    }
    pool = new PoolClass(origin, this.#options);
    this.#pools.set(origin, pool);
    return pool;
  }

  /** Closes every pool, once their requests in flight are done. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
