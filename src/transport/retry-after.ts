import { responseHeader, type Exchange } from './exchange.ts';

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds. */
export function retryAfterMs(exchange: Exchange, now = Date.now()): number | undefined {
  const value = exchange.response ? responseHeader(exchange.response, 'retry-after') : undefined;
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number.parseInt(value, 10) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
