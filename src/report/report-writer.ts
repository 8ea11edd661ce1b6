import type { RunEvent } from '../run/events.ts';

/** A report format: consumes the event stream once, writes its file(s) at `finish`. */
export interface ReportWriter {
  readonly name: string;
  onEvent(event: RunEvent): void | Promise<void>;
  /** Resolves to the paths written. */
  finish(): Promise<readonly string[]>;
}
