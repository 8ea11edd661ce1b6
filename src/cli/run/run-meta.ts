import type { RunEvent } from '../../run/events.ts';

/** The file, beside the workers' logs in `<out>/.events/`, that describes the run that wrote them. */
export const RUN_META_FILE = 'run.json';

/** What a run (or a shard of one) leaves for `conform merge-reports`, besides the workers' event logs. */
export interface RunMeta {
  /** The events the main process emits before the workers' (`run-started`). */
  readonly head: readonly RunEvent[];
  /** The events it emits after them (`run-finished`). */
  readonly tail: readonly RunEvent[];
  /** `i/n` when the run was one shard. */
  readonly shard?: string;
  readonly testsFailed: number;
  readonly errors: readonly string[];
  readonly leftBehind: readonly string[];
}
