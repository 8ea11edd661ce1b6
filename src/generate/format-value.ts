/**
 * Strings of the OpenAPI and JSON Schema string formats, as ajv-formats (full mode) accepts them.
 * Numeric formats (int32, int64, float, double) are bounds, handled by {@link numberValue}.
 */
import fc from 'fast-check';

/** Options of {@link formatValue}. */
export interface FormatValueConstraints {
  /**
   * Prefer plain, widely accepted spellings (lower-case hosts, `https` URLs, simple e-mail local parts) over the
   * full grammar, because servers validate formats with stricter libraries than Ajv.
   * @defaultValue true
   */
  readonly conservative?: boolean;
}

const lowerAlnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const label = fc
  .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), fc.string({ unit: lowerAlnum, maxLength: 10 }))
  .map(([first, rest]) => first + rest);
const hostname = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'org', 'net', 'io', 'example')).map(([labels, tld]) => [...labels, tld].join('.'));
const pathSegment = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._~'.split('')), minLength: 1, maxLength: 8 }).filter((s) => s !== '.' && s !== '..');
const path = fc.array(pathSegment, { maxLength: 3 }).map((segments) => segments.map((s) => `/${s}`).join(''));
const query = fc.option(fc.tuple(label, fc.string({ unit: lowerAlnum, maxLength: 6 })).map(([k, v]) => `?${k}=${v}`), { nil: '' });
const uri = fc.tuple(fc.constantFrom('https', 'http'), hostname, path, query).map(([scheme, host, p, q]) => `${scheme}://${host}${p}${q}`);
const uriReference = fc.oneof(uri, fc.tuple(path, query).map(([p, q]) => `${p || '/'}${q}`));
const dateArb = fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2099-12-31T23:59:59.999Z'), noInvalidDate: true });
const offset = fc.oneof(
  { weight: 3, arbitrary: fc.constant('Z') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45)).map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`) },
);
const dateTime = fc.tuple(dateArb, fc.boolean(), offset).map(([d, millis, zone]) => {
  const iso = d.toISOString();
  return `${millis ? iso.slice(0, 23) : iso.slice(0, 19)}${zone}`;
});
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), offset).map(([h, m, s, zone]) => `${pad(h)}:${pad(m)}:${pad(s)}${zone}`);
const localPart = fc.array(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_+-'.split('')), minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 2 }).map((parts) => parts.join('.'));
const email = fc.tuple(localPart, hostname).map(([local, host]) => `${local}@${host}`);
const uuid = fc.oneof({ weight: 3, arbitrary: fc.uuid({ version: 4 }) }, { weight: 1, arbitrary: fc.uuid() });
const duration = fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 23 })).map(([days, hours]) => (hours > 0 ? `P${days}DT${hours}H` : `P${days}D`));

const conservative: Record<string, fc.Arbitrary<string>> = {
  uuid,
  'date-time': dateTime,
  'iso-date-time': dateTime,
  date: dateTime.map((text) => text.slice(0, 10)),
  time,
  'iso-time': time,
  uri,
  url: uri,
  iri: uri,
  'uri-reference': uriReference,
  'iri-reference': uriReference,
  'uri-template': uri,
  email,
  'idn-email': email,
  hostname,
  'idn-hostname': hostname,
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
  byte: fc.base64String({ maxLength: 64 }),
  binary: fc.string({ unit: 'binary-ascii', maxLength: 32 }),
  password: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 24 }),
  duration,
  'json-pointer': path,
  regex: fc.constantFrom('^[a-z]+$', '\\d{3}', '.*'),
};

// Built on first use: fc.webUrl() (through fast-check's percent-encoded 'binary' unit) reverse-maps all
// 1.1M code points at construction, ~1 s in every process that imports this file, and most runs never
// ask for a non-conservative format.
let full: Record<string, fc.Arbitrary<string>> | undefined;
function fullFormats(): Record<string, fc.Arbitrary<string>> {
  full ??= {
    ...conservative,
    uri: fc.oneof(uri, fc.webUrl()),
    url: fc.oneof(uri, fc.webUrl()),
    email: fc.oneof(email, fc.emailAddress()),
    hostname: fc.oneof(hostname, fc.domain()),
  };
  return full;
}

/** Strings in `format`, or `undefined` when conform does not know how to produce that format. */
export function formatValue(format: string, constraints: FormatValueConstraints = {}): fc.Arbitrary<string> | undefined {
  return (constraints.conservative ?? true ? conservative : fullFormats())[format];
}

/** The string formats {@link formatValue} can produce. */
export const KNOWN_STRING_FORMATS: readonly string[] = Object.keys(conservative);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
