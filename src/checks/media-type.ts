/** A media type's essence and its two halves, worked out once per distinct header or document text. */
interface ParsedMediaType {
  readonly essence: string;
  readonly type: string;
  readonly subtype: string;
  readonly json: boolean;
}

/**
 * Every exchange compares its Content-Type with the documented types several times over; the texts
 * repeat (a server sends the same few), so each is parsed once. Bounded: a target answering a new
 * Content-Type every time only empties the cache now and then.
 */
const CACHE_LIMIT = 256;
const parsedTypes = new Map<string, ParsedMediaType>();

function parse(mediaType: string): ParsedMediaType {
  const known = parsedTypes.get(mediaType);
  if (known) return known;
  const semicolon = mediaType.indexOf(';');
  const value = (semicolon < 0 ? mediaType : mediaType.slice(0, semicolon)).trim().toLowerCase();
  // As `split('/')` read it: the text up to the first slash, then up to the next one.
  const slash = value.indexOf('/');
  const end = slash < 0 ? -1 : value.indexOf('/', slash + 1);
  const parsed: ParsedMediaType = {
    essence: value,
    type: slash < 0 ? value : value.slice(0, slash),
    subtype: slash < 0 ? '' : value.slice(slash + 1, end < 0 ? value.length : end),
    json: value === 'application/json' || value.endsWith('+json') || /^application\/[\w.-]*json[\w.-]*$/.test(value),
  };
  if (parsedTypes.size >= CACHE_LIMIT) parsedTypes.clear();
  parsedTypes.set(mediaType, parsed);
  return parsed;
}

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return parse(contentType).essence;
}

/** Whether a received media type is covered by a documented one (wildcards such as application/* included). */
export function mediaTypeMatches(documented: string, received: string): boolean {
  const doc = parse(documented);
  const got = parse(received);
  return (doc.type === '*' || doc.type === got.type) && (doc.subtype === '*' || doc.subtype === got.subtype);
}

/** JSON and the `+json` structured suffix (RFC 6839), which carry a body a JSON Schema can describe. */
export function isJsonMediaType(mediaType: string): boolean {
  return parse(mediaType).json;
}
