/** Where {@link DeferredWork} learns that a request has just left: it returns how to stop listening. */
export type WakeSource = (wake: () => void) => () => void;

/** Without a wake source, or when no request leaves for this long, queued work runs anyway. */
const IDLE_RUN_MS = 20;

/**
 * Bookkeeping that may wait until a request is in flight: recording an exchange, judging it,
 * generating the next case. Run with one request in flight, that time is the request's round trip,
 * so the work overlaps the network instead of delaying the next request. Tasks run in the order
 * they were deferred; `settle` runs what is left at once, before anything that depends on it.
 *
 * With a wake source (the transport saying a request was just written) the work runs right after
 * each write. Loop-phase tricks do not give that: undici writes a request on a reused keep-alive
 * socket from an immediate of its own, and an immediate queued ahead of it would run first.
 */
export class DeferredWork {
  #tasks: (() => void)[] = [];
  /** Index of the next task to run: the queue is consumed without shifting the array. */
  #next = 0;
  #failure: { readonly error: unknown } | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #stopWaking: (() => void) | undefined;

  constructor(wakeSource?: WakeSource) {
    this.#stopWaking = wakeSource?.(() => this.#runPending());
  }

  /** Queues `task`; it runs after the next request is written, when the process is idle, or at `settle`. */
  defer(task: () => void): void {
    this.#tasks.push(task);
    // Only the first task of an empty queue arranges a run; the others go with it.
    if (this.pending !== 1) return;
    if (this.#stopWaking) {
      // A safety net, not the path: `refresh` re-arms the one timer instead of making a new one.
      if (this.#idleTimer) this.#idleTimer.refresh();
      else this.#idleTimer = setTimeout(() => this.#runPending(), IDLE_RUN_MS);
    } else {
      // Two turns of the check phase: an immediate undici queues after this one still goes first.
      setImmediate(() => setImmediate(() => this.#runPending()));
    }
  }

  /** Runs every queued task now; rethrows the first error a task threw since the last `settle`. */
  settle(): void {
    this.#runPending();
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure) throw failure.error;
  }

  /** Tasks not yet run. */
  get pending(): number {
    return this.#tasks.length - this.#next;
  }

  /** Runs what is queued and stops listening for writes. */
  close(): void {
    this.#stopWaking?.();
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.settle();
  }

  #runPending(): void {
    // Bounded by the queue: each pass runs one task; tasks a task defers run in the same drain.
    while (this.#next < this.#tasks.length) {
      const task = this.#tasks[this.#next] as () => void;
      this.#next += 1;
      try {
        task();
      } catch (error: unknown) {
        // Kept for settle(): thrown from a microtask or a timer it would be an uncaught exception.
        this.#failure ??= { error };
      }
    }
    this.#tasks = [];
    this.#next = 0;
  }
}
