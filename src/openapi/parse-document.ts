import { parseDocument as parseYaml, type YAMLError } from 'yaml';
import { SpecUnreadableError } from '../errors.ts';
import { nestingDepth } from './nesting-depth.ts';

/** A parsed document plus the tolerated syntax problems (duplicate keys). */
export interface ParsedDocument {
  readonly value: unknown;
  readonly warnings: readonly string[];
}

// A YAML alias expands to a copy of its anchor; the yaml package counts expansions and stops a
// "billion laughs" document here instead of filling the heap.
const MAX_ALIAS_COUNT = 10_000;
// Every later stage (cloning, $ref walks, the dereferencer) recurses; real documents stay far below this.
const MAX_DEPTH = 1_000;

/**
 * Parses JSON or YAML text. Unparsable text is a SpecUnreadableError with the line and column in one line;
 * duplicate mapping keys are tolerated (the last one wins, as in JSON.parse) and reported. Binary data,
 * alias bombs and nesting deeper than {@link MAX_DEPTH} levels are refused in one line.
 */
export function parseDocument(text: string, source: string): ParsedDocument {
  const trimmed = text.replace(/^\uFEFF/, '');
  refuseBinary(trimmed, source);
  const parsed = guarded(() => parseText(trimmed, source), source);
  const depth = nestingDepth(parsed.value, MAX_DEPTH);
  if (depth > MAX_DEPTH) throw new SpecUnreadableError(source, `nested more than ${MAX_DEPTH} levels deep; refused (no API description needs that)`);
  return parsed;
}

function parseText(trimmed: string, source: string): ParsedDocument {
  if (/^\s*[{[]/.test(trimmed)) {
    try {
      return { value: JSON.parse(trimmed), warnings: [] };
    } catch (error: unknown) {
      if (isStackOverflow(error)) throw error;
      // Not strict JSON (comments, trailing commas...): YAML's flow syntax accepts more, and its errors carry lines.
    }
  }
  const strict = parseYaml(trimmed, { merge: true, prettyErrors: true });
  if (strict.errors.length === 0) return { value: strict.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), warnings: [] };
  if (strict.errors.every((error) => error.code === 'DUPLICATE_KEY')) {
    const lenient = parseYaml(trimmed, { merge: true, prettyErrors: true, uniqueKeys: false });
    if (lenient.errors.length === 0) {
      return {
        value: lenient.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
        warnings: strict.errors.map((error) => `${where(error)}duplicate key (the last one is used)`),
      };
    }
  }
  const first = strict.errors[0] as YAMLError;
  if (/call stack/i.test(first.message)) throw new SpecUnreadableError(source, `${where(first)}nested too deeply to parse; refused`);
  throw new SpecUnreadableError(source, `not valid YAML or JSON: ${where(first)}${firstLine(first.message)}`);
}

/** Turns the parsers' resource errors (alias bombs, stack exhaustion) into one-line refusals. */
function guarded(parse: () => ParsedDocument, source: string): ParsedDocument {
  try {
    return parse();
  } catch (error: unknown) {
    if (error instanceof SpecUnreadableError) throw error;
    if (isStackOverflow(error)) throw new SpecUnreadableError(source, 'nested too deeply to parse; refused', { cause: error });
    const message = error instanceof Error ? error.message : String(error);
    if (/alias count/i.test(message)) {
      throw new SpecUnreadableError(source, `YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?); refused`, { cause: error });
    }
    throw new SpecUnreadableError(source, `not valid YAML or JSON: ${firstLine(message)}`, { cause: error });
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

// YAML forbids C0 controls other than tab/CR/LF, yet the yaml package reads such bytes as a plain
// scalar: a binary file would otherwise be "a document whose root is a string".
function refuseBinary(text: string, source: string): void {
  const control = /[\u0000-\u0008\u000E-\u001F]/.exec(text.slice(0, 65_536));
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(2, '0');
    throw new SpecUnreadableError(source, `not YAML or JSON: binary data (byte 0x${code} at offset ${control.index})`);
  }
}

function where(error: YAMLError): string {
  const pos = error.linePos?.[0];
  return pos ? `line ${pos.line}, column ${pos.col}: ` : '';
}

function firstLine(message: string): string {
  // yaml's pretty messages end with "at line L, column C:" and a code excerpt; the position is already given.
  return (message.split('\n', 1)[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}
