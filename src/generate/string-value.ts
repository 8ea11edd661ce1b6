/** Strings within length bounds, matching patterns and a format, from characters that fit where they travel. */
import fc from 'fast-check';
import { boundedFilter } from './_internals/bounded-filter.ts';
import { charUnit, fitsCharset, type Charset } from './_internals/chars.ts';
import { codePointLength } from './_internals/validate-node.ts';
import { formatValue } from './format-value.ts';

/** Options of {@link stringValue}: the string keywords of a schema plus where the string travels. */
export interface StringValueConstraints {
  /** @defaultValue 0 */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Every pattern must match (unanchored, as JSON Schema reads `pattern`). */
  readonly patterns?: readonly RegExp[];
  /** A string format; unknown formats are ignored. */
  readonly format?: string;
  /** @defaultValue 'json' */
  readonly charset?: Charset;
}

// Without an upper bound strings stay short: boundary generation produces the long ones on purpose.
const DEFAULT_SPAN = 16;

/** Strings satisfying `constraints`, lengths counted in code points as JSON Schema does. */
export function stringValue(constraints: StringValueConstraints = {}): fc.Arbitrary<string> {
  const minLength = constraints.minLength ?? 0;
  const maxLength = constraints.maxLength ?? minLength + DEFAULT_SPAN;
  const patterns = constraints.patterns ?? [];
  const charset = constraints.charset ?? 'json';
  const formatted = constraints.format === undefined ? undefined : formatValue(constraints.format);
  let base: fc.Arbitrary<string>;
  if (formatted) {
    base = formatted;
  } else if (patterns.length > 0) {
    base = fromPattern(patterns[0] as RegExp, constraints.maxLength, charset, minLength);
  } else {
    return fc.string({ unit: charUnit(charset), minLength, maxLength });
  }
  const upper = constraints.maxLength ?? Infinity;
  return boundedFilter(base, (text) => {
    const length = codePointLength(text);
    return length >= minLength && length <= upper && patterns.every((p) => p.test(text)) && fitsCharset(text, charset);
  });
}

function fromPattern(pattern: RegExp, maxLength: number | undefined, charset: Charset, minLength: number): fc.Arbitrary<string> {
  // Without maxLength the pattern alone decides the length (a 36-character UUID pattern must not be cut at 16).
  for (const options of maxLength === undefined ? [{}] : [{ maxLength: Math.max(maxLength, minLength) }, {}]) {
    try {
      // fast-check pads unanchored patterns with random text; the length filter trims the misses.
      const matching = fc.stringMatching(pattern, options);
      fc.sample(matching, { seed: 1, numRuns: 1 });
      return matching;
    } catch {
      // try the next option
    }
  }
  // Lookarounds and back-references are beyond fast-check's regex support: draw and keep the matches.
  return fc.string({ unit: charUnit(charset), minLength, maxLength: maxLength ?? minLength + DEFAULT_SPAN });
}
