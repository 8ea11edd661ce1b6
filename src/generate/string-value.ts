/** Strings within length bounds, matching patterns and a format, from characters that fit where they travel. */
import fc from 'fast-check';
import { anyHit, boundedFilter } from './_internals/bounded-filter.ts';
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
  const drawn = drawnAndKept(constraints);
  return drawn ? boundedFilter(drawn.base, drawn.keeps) : plainString(constraints);
}

/** {@link stringValue}, or undefined when it cannot meet `constraints` ({@link stringFeasible}); the format or pattern is built once. */
export function feasibleStringValue(constraints: StringValueConstraints = {}): fc.Arbitrary<string> | undefined {
  const drawn = drawnAndKept(constraints);
  if (!drawn) return plainString(constraints);
  return fits(constraints, drawn) ? boundedFilter(drawn.base, drawn.keeps) : undefined;
}

/**
 * Whether {@link stringValue} can meet `constraints`: false when no draw of the format or pattern
 * keeps the bounds ({@link FEASIBILITY_PROBES} draws, then {@link RARE_FIT_PROBES} more). A uuid is
 * always 36 characters and a pattern may fix the length, yet boundary edges and violation plans ask
 * for lengths such as 0 or maxLength+1: stringValue then drew 100 times per value in vain, 20 times
 * over under the node's own filter, and broke a bound anyway (~1 s of start-up on img). Probed with
 * fixed seeds, so the answer is the same in every run, and remembered per constraint set.
 */
export function stringFeasible(constraints: StringValueConstraints = {}): boolean {
  return feasibleStringValue(constraints) !== undefined;
}

function fits(constraints: StringValueConstraints, drawn: DrawnAndKept): boolean {
  const key = [constraints.format ?? '', constraints.minLength ?? '', constraints.maxLength ?? '', constraints.charset ?? '', ...(constraints.patterns ?? []).map(String)].join('\u0000');
  // Most constraints are met at once; a rare fit (an e-mail address of at most 8 characters) gets more draws.
  // Only whether one draw fits matters, and the first nearly always does (anyHit stops there).
  return remembered(feasibility, key, () => anyHit(drawn.base, drawn.keeps, FEASIBILITY_PROBES) || anyHit(drawn.base, drawn.keeps, RARE_FIT_PROBES, RARE_FIT_SEED));
}

/** `cache`'s value for `key`, made once; a full cache is emptied, so a long run's memory stays bounded. */
function remembered<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = make();
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  cache.set(key, made);
  return made;
}

/** As many draws as stringValue's filter tries for one value before it gives up. */
const FEASIBILITY_PROBES = 100;
/**
 * Then, once per constraint set and process, more: a fit one draw in 200 is still found 92 times in
 * 100, at under a third of what the filters spent on every single value before.
 */
const RARE_FIT_PROBES = 500;
const RARE_FIT_SEED = 0x5eed + 1;
const MAX_REMEMBERED = 1024;
const feasibility = new Map<string, boolean>();

/** What a format or pattern draws, and which of its draws meet every constraint. */
interface DrawnAndKept {
  readonly base: fc.Arbitrary<string>;
  readonly keeps: (text: string) => boolean;
}

/** The format's or first pattern's draws and their filter; undefined for a plain string, exact by construction. */
function drawnAndKept(constraints: StringValueConstraints): DrawnAndKept | undefined {
  const minLength = constraints.minLength ?? 0;
  const patterns = constraints.patterns ?? [];
  const charset = constraints.charset ?? 'json';
  const formatted = constraints.format === undefined ? undefined : formatValue(constraints.format);
  let base: fc.Arbitrary<string>;
  if (formatted) {
    base = formatted;
  } else if (patterns.length > 0) {
    base = fromPattern(patterns[0] as RegExp, constraints.maxLength, charset, minLength);
  } else {
    return undefined;
  }
  const upper = constraints.maxLength ?? Infinity;
  return {
    base,
    keeps: (text) => {
      const length = codePointLength(text);
      return length >= minLength && length <= upper && patterns.every((p) => p.test(text)) && fitsCharset(text, charset);
    },
  };
}

function plainString(constraints: StringValueConstraints): fc.Arbitrary<string> {
  const minLength = constraints.minLength ?? 0;
  return fc.string({ unit: charUnit(constraints.charset ?? 'json'), minLength, maxLength: constraints.maxLength ?? minLength + DEFAULT_SPAN });
}

/**
 * fast-check compiles a pattern into arbitraries in ~7 ms (`^image_[a-z0-9]+$` on this machine), and the
 * same constraints come back for every case and phase of an operation: 39 compilations per `npm start`
 * were ~0.55 s of the workers' CPU. Arbitraries are immutable, so one per constraint set serves all.
 */
const patternArbitraries = new Map<string, fc.Arbitrary<string>>();

function fromPattern(pattern: RegExp, maxLength: number | undefined, charset: Charset, minLength: number): fc.Arbitrary<string> {
  const key = [String(pattern), maxLength ?? '', charset, minLength].join('\u0000');
  return remembered(patternArbitraries, key, () => compilePattern(pattern, maxLength, charset, minLength));
}

function compilePattern(pattern: RegExp, maxLength: number | undefined, charset: Charset, minLength: number): fc.Arbitrary<string> {
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
