import type { RunEvent } from './events.ts';

/*
 * One event per NDJSON line. An exchange line embeds its HAR entry as JSON, last:
 *   {"type":"exchange","operationId":"…","har":{…}}
 * so reading it back slices the entry out instead of parsing and re-serializing it; exchanges are
 * nearly all of a log's bytes.
 */
const EXCHANGE_PREFIX = '{"type":"exchange","operationId":';
// Inside a JSON string every `"` is escaped, so the first `,"har":` after the id is the key itself.
const HAR_KEY = ',"har":';

/** The event as one line of a log, without the newline. */
export function serializeEvent(event: RunEvent): string {
  if (event.type === 'exchange') return `${EXCHANGE_PREFIX}${JSON.stringify(event.operationId)}${HAR_KEY}${event.har}}`;
  return JSON.stringify(event);
}

function exchangeLine(line: string): RunEvent | undefined {
  const keyAt = line.indexOf(HAR_KEY, EXCHANGE_PREFIX.length);
  if (keyAt < 0) return undefined;
  const operationId: unknown = JSON.parse(line.slice(EXCHANGE_PREFIX.length, keyAt));
  return typeof operationId === 'string' ? { type: 'exchange', operationId, har: line.slice(keyAt + HAR_KEY.length, -1) } : undefined;
}

/** Every byte checked: the entry is parsed and serialized again, so a torn line cannot reach a report. */
function checkedLine(line: string): RunEvent | undefined {
  const event = JSON.parse(line) as unknown;
  if (typeof event !== 'object' || event === null) return undefined;
  const { type, operationId, har } = event as { type?: unknown; operationId?: unknown; har?: unknown };
  if (type !== 'exchange') return event as RunEvent;
  return typeof operationId === 'string' && typeof har === 'object' && har !== null ? { type, operationId, har: JSON.stringify(har) } : undefined;
}

/**
 * The event of one log line, or undefined for a line that is not one. A line the writer finished
 * (`complete`: its newline was written after it) is trusted, and an exchange's HAR entry is sliced
 * out as text; only the last line of a writer that crashed mid-write can be torn, and it is checked whole.
 */
export function parseEventLine(line: string, complete = true): RunEvent | undefined {
  try {
    if (complete && line.startsWith(EXCHANGE_PREFIX)) return exchangeLine(line);
    return checkedLine(line);
  } catch {
    return undefined;
  }
}
