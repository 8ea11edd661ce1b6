import { badRequest } from './glance-error.ts';

/**
 * The stored form: microseconds, as upstream's database keeps them (`YYYY-MM-DDTHH:MM:SS.ffffffZ`,
 * which sorts as text). Upstream shows only the second but orders and filters by the full time, so
 * images created one after another in the same second still list in creation order.
 */
export function storedTimestamp(epochMs: number, micros = 0): string {
  const whole = Math.floor(epochMs);
  const fraction = String((whole % 1000) * 1000 + micros).padStart(6, '0');
  return new Date(whole).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

/** A clock of stored timestamps that never gives the same one twice: one a microsecond later at least. */
export function monotonicClock(now: () => number = Date.now): () => string {
  let lastMicros = 0;
  return () => {
    const micros = Math.max(Math.floor(now()) * 1000, lastMicros + 1);
    lastMicros = micros;
    return storedTimestamp(Math.floor(micros / 1000), micros % 1000);
  };
}

/** What a body shows of a stored timestamp: the second, as upstream renders it. */
export function shownTimestamp(stored: string): string {
  return stored.replace(/\.\d+Z$/, 'Z');
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses the ISO 8601 forms `timeutils.parse_isotime` accepts (no zone = UTC); undefined if not one. */
export function parseIsoTime(text: string): number | undefined {
  const match = ISO_8601.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = match;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  const epoch = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(epoch);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  return epoch - offsetMinutes * 60_000;
}

/** The comparison operators of `created_at` / `updated_at` filters. */
export type TimeOperator = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
const TIME_OPERATORS: readonly TimeOperator[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];

/**
 * Upstream `split_filter_op`: `op:threshold`, or the whole expression with `eq` when it has no colon
 * or is an ISO 8601 time as a whole (a bare time contains colons).
 */
export function splitFilterOp(expression: string): { op: string; threshold: string } {
  const colon = expression.indexOf(':');
  if (colon < 0 || parseIsoTime(expression) !== undefined) return { op: 'eq', threshold: expression };
  return { op: expression.slice(0, colon), threshold: expression.slice(colon + 1) };
}

/** `split_filter_op` + validation of a `created_at` / `updated_at` filter. */
export function parseTimeFilter(parameter: string, expression: string): { op: TimeOperator; epochMs: number } {
  const { op, threshold } = splitFilterOp(expression);
  if (!(TIME_OPERATORS as readonly string[]).includes(op)) throw badRequest('Unable to filter on a unknown operator.');
  const epochMs = parseIsoTime(threshold);
  if (epochMs === undefined) throw badRequest(`Bad "${parameter}" query filter format. Use ISO 8601 DateTime notation.`);
  return { op: op as TimeOperator, epochMs };
}

export function compareTime(stored: string, op: TimeOperator, epochMs: number): boolean {
  const value = Date.parse(stored);
  switch (op) {
    case 'eq':
      return value === epochMs;
    case 'neq':
      return value !== epochMs;
    case 'lt':
      return value < epochMs;
    case 'lte':
      return value <= epochMs;
    case 'gt':
      return value > epochMs;
    case 'gte':
      return value >= epochMs;
  }
}
