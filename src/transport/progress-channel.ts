import { BroadcastChannel } from 'node:worker_threads';

/**
 * Progress a suite reports while it waits (a quota's pacing, a 429's Retry-After), from the vitest
 * worker thread it runs in to the `conform run` that prints it. A BroadcastChannel reaches every
 * thread of the process without going through vitest; under plain vitest nobody listens and notes go nowhere.
 */
const CHANNEL_NAME = 'conform-run-progress';

/** One line of progress: which API's run, and what it is doing. */
export interface ProgressNote {
  readonly api: string;
  readonly text: string;
}

let sender: BroadcastChannel | undefined;

/** Posts a note to whoever listens. */
export function postProgress(note: ProgressNote): void {
  if (!sender) {
    sender = new BroadcastChannel(CHANNEL_NAME);
    // A worker must not stay alive for a channel it only writes to.
    sender.unref();
  }
  sender.postMessage(note);
}

function isNote(value: unknown): value is ProgressNote {
  return typeof value === 'object' && value !== null && typeof (value as ProgressNote).api === 'string' && typeof (value as ProgressNote).text === 'string';
}

/** Calls `onNote` for every note posted until the returned function is called. */
export function listenToProgress(onNote: (note: ProgressNote) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: unknown) => {
    const data = (event as { data?: unknown }).data;
    if (isNote(data)) onNote(data);
  };
  channel.unref();
  return () => channel.close();
}

/** `75 s`, `2 min 5 s`. */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 90 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
