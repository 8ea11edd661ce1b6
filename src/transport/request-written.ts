import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** Stops calling a listener of {@link onRequestWritten}. */
export type StopListening = () => void;

/** undici publishes here just before it writes a request's headers (and then its body) to the socket. */
const SEND_HEADERS = 'undici:client:sendHeaders';

/**
 * Calls `listener` each time any request of this process has just been written to its socket: a
 * microtask after undici publishes the headers, so the write itself is done by then. Work started
 * there overlaps the request's round trip instead of delaying the write. Returns how to stop.
 */
export function onRequestWritten(listener: () => void): StopListening {
  const written = (): void => queueMicrotask(listener);
  subscribe(SEND_HEADERS, written);
  return () => {
    unsubscribe(SEND_HEADERS, written);
  };
}
