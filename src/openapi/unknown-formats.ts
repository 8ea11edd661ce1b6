import { toPointer } from './json-pointer.ts';
import { isPlainObject, type PlainObject } from './plain-object.ts';
import { KNOWN_FORMATS } from './openapi-formats.ts';
import type { LoadWarning } from './types.ts';

/** Values, not schemas: a `format` key in an example is data. */
const NOT_SCHEMAS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-examples']);

/**
 * One warning per `format` value conform does not know (`format: uuid-ish`): OpenAPI lets formats be
 * open-ended, so such a value is checked as its type alone, never an error; the warning names the
 * first place it appears and how many places use it.
 */
export function unknownFormatWarnings(document: PlainObject, source: string): LoadWarning[] {
  const seen = new Map<string, { first: string; count: number }>();
  const visit = (node: unknown, pointer: string, depth: number): void => {
    // Bounded: documents are at most 1000 levels deep (nesting-depth.ts refuses deeper ones).
    if (depth > 1000) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${pointer}/${index}`, depth + 1));
      return;
    }
    if (!isPlainObject(node)) return;
    if (typeof node.format === 'string' && !KNOWN_FORMATS.has(node.format)) {
      const known = seen.get(node.format);
      if (known) known.count += 1;
      else seen.set(node.format, { first: `${pointer}/format`, count: 1 });
    }
    for (const [key, value] of Object.entries(node)) {
      if (NOT_SCHEMAS.has(key) || typeof value !== 'object' || value === null) continue;
      visit(value, `${pointer}${toPointer([key])}`, depth + 1);
    }
  };
  visit(document, '', 0);
  return [...seen.entries()].map(([format, { first, count }]) => ({
    source,
    pointer: first,
    message: `format '${format}' is not one conform knows: values are checked against their type only${count > 1 ? ` (${count} places)` : ''}`,
    unusableOperations: [],
  }));
}
