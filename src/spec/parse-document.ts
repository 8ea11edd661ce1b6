import { parseDocument as parseYaml, type YAMLError } from 'yaml';
import { SpecUnreadableError } from '../errors.ts';

/** A parsed document plus the tolerated syntax problems (duplicate keys). */
export interface ParsedDocument {
  readonly value: unknown;
  readonly warnings: readonly string[];
}

/**
 * Parses JSON or YAML text. Unparsable text is a SpecUnreadableError with the line and column in one line;
 * duplicate mapping keys are tolerated (the last one wins, as in JSON.parse) and reported.
 */
export function parseDocument(text: string, source: string): ParsedDocument {
  const trimmed = text.replace(/^\uFEFF/, '');
  if (/^\s*[{[]/.test(trimmed)) {
    try {
      return { value: JSON.parse(trimmed), warnings: [] };
    } catch {
      // Not strict JSON (comments, trailing commas...): YAML's flow syntax accepts more, and its errors carry lines.
    }
  }
  const strict = parseYaml(trimmed, { merge: true, prettyErrors: true });
  if (strict.errors.length === 0) return { value: strict.toJS({ maxAliasCount: 10_000 }), warnings: [] };
  if (strict.errors.every((error) => error.code === 'DUPLICATE_KEY')) {
    const lenient = parseYaml(trimmed, { merge: true, prettyErrors: true, uniqueKeys: false });
    if (lenient.errors.length === 0) {
      return {
        value: lenient.toJS({ maxAliasCount: 10_000 }),
        warnings: strict.errors.map((error) => `${where(error)}duplicate key (the last one is used)`),
      };
    }
  }
  const first = strict.errors[0] as YAMLError;
  throw new SpecUnreadableError(source, `not valid YAML or JSON: ${where(first)}${firstLine(first.message)}`);
}

function where(error: YAMLError): string {
  const pos = error.linePos?.[0];
  return pos ? `line ${pos.line}, column ${pos.col}: ` : '';
}

function firstLine(message: string): string {
  // yaml's pretty messages end with "at line L, column C:" and a code excerpt; the position is already given.
  return (message.split('\n', 1)[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}
