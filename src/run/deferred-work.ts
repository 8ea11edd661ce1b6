/**
 * Bookkeeping that may wait until the process would otherwise sit idle: recording an exchange,
 * judging it. Run with one request in flight, that idle time is the request's round trip, so the work
 * overlaps the network instead of delaying the next request. Tasks run in the order they were
 * deferred; `settle` runs what is left at once, before anything that depends on it.
 */
export class DeferredWork {
  #tasks: (() => void)[] = [];
  /** Index of the next task to run: the queue is consumed without shifting the array. */
  #next = 0;
  #scheduled = false;
  #failure: { readonly error: unknown } | undefined;

  /** Queues `task`; it runs when the event loop next has nothing else to do, or at `settle`. */
  defer(task: () => void): void {
    this.#tasks.push(task);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Two turns of the loop's check phase, not a microtask or one turn: undici writes a request on a
    // reused keep-alive socket from an immediate of its own (it first lets the socket show a pending
    // close), scheduled when the request is dispatched, after this. One turn would run this work
    // before the request leaves.
    setImmediate(() =>
      setImmediate(() => {
        this.#scheduled = false;
        this.#runPending();
      }),
    );
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

  #runPending(): void {
    // Bounded by the queue: each pass runs one task; tasks a task defers run in the same drain.
    while (this.#next < this.#tasks.length) {
      const task = this.#tasks[this.#next] as () => void;
      this.#next += 1;
      try {
        task();
      } catch (error: unknown) {
        // Kept for settle(): thrown from setImmediate it would be an uncaught exception.
        this.#failure ??= { error };
      }
    }
    this.#tasks = [];
    this.#next = 0;
  }
}
