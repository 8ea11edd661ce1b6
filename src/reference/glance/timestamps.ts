import { badRequest } from './glance-error.ts';

/** Glance's timestamp form: UTC, second precision, `Z` suffix. */
export function glanceTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
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
 * Upstream `split_filter_op` + validation: `op:timestamp`, or a bare timestamp meaning `eq`
 * (a bare ISO time contains colons, so it is tried whole first).
 */
export function parseTimeFilter(parameter: string, expression: string): { op: TimeOperator; epochMs: number } {
  let op = 'eq';
  let threshold = expression;
  const colon = expression.indexOf(':');
  if (colon >= 0 && parseIsoTime(expression) === undefined) {
    op = expression.slice(0, colon);
    threshold = expression.slice(colon + 1);
  }
  if (!(TIME_OPERATORS as readonly string[]).includes(op)) throw badRequest('Unable to filter on a unknown operator.');
  const epochMs = parseIsoTime(threshold);
  if (epochMs === undefined) throw badRequest(`Bad "${parameter}" query filter format. Use ISO 8601 DateTime notation.`);
  return { op: op as TimeOperator, epochMs };
}

/** Applies a time operator to an image's stored timestamp. */
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
