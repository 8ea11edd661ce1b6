/** Integers and numbers within bounds (both spellings of exclusive bounds resolved beforehand), multiples and numeric formats. */
import fc from 'fast-check';
import { boundedFilter } from './_internals/bounded-filter.ts';
import { isMultipleOf } from './_internals/validate-node.ts';

/** Options of {@link numberValue}: the numeric keywords of a schema. */
export interface NumberValueConstraints {
  /** Only integers. @defaultValue false */
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Numeric (3.1 style); a 3.0 boolean flag is resolved to this form beforehand. */
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: readonly number[];
  /** `int32`, `int64`, `float` or `double` narrow the range; others are ignored. */
  readonly format?: string;
}

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
const FLOAT_MAX = 3.4028234663852886e38;
const MAX_FACTOR = 1e9;

/** Numbers satisfying `constraints`; integers when `integer` is set or every multipleOf is an integer and bounds allow. */
export function numberValue(constraints: NumberValueConstraints = {}): fc.Arbitrary<number> {
  const { lo, hi, loOpen, hiOpen } = range(constraints);
  const multiples = constraints.multipleOf ?? [];
  const isInteger = constraints.integer === true;
  const accepts = (n: number): boolean =>
    Number.isFinite(n) &&
    (loOpen ? n > lo : n >= lo) &&
    (hiOpen ? n < hi : n <= hi) &&
    (!isInteger || Number.isInteger(n)) &&
    multiples.every((m) => isMultipleOf(n, m));
  if (multiples.length > 0) {
    const step = isInteger && multiples.every(Number.isInteger) ? multiples.reduce(lcm) : (multiples[0] as number);
    const kMin = Math.max(Math.ceil(lo / step), -MAX_FACTOR);
    const kMax = Math.min(Math.floor(hi / step), MAX_FACTOR);
    if (kMin > kMax) return fc.constant(Number.isFinite(lo) ? lo : 0);
    return boundedFilter(integerIn(kMin, kMax).map((k) => k * step), accepts);
  }
  if (isInteger) {
    const min = loOpen ? Math.floor(lo) + 1 : Math.ceil(lo);
    const max = hiOpen ? Math.ceil(hi) - 1 : Math.floor(hi);
    if (min > max) return fc.constant(min);
    return integerIn(min, max);
  }
  const doubles = fc.double({ min: lo, max: hi, minExcluded: loOpen, maxExcluded: hiOpen, noNaN: true, noDefaultInfinity: true });
  // Plain doubles crowd near zero and the extremes; realistic APIs also see small decimals and integers.
  const near = fc.integer({ min: -1_000_000, max: 1_000_000 }).chain((whole) => fc.constantFrom(whole, whole / 100, whole / 8));
  return fc.oneof({ weight: 2, arbitrary: doubles }, { weight: 1, arbitrary: boundedFilter(near, accepts, 5) }).filter(accepts);
}

function range(c: NumberValueConstraints): { lo: number; hi: number; loOpen: boolean; hiOpen: boolean } {
  let lo = -Infinity;
  let hi = Infinity;
  let loOpen = false;
  let hiOpen = false;
  if (c.minimum !== undefined) lo = c.minimum;
  if (c.exclusiveMinimum !== undefined && c.exclusiveMinimum >= lo) [lo, loOpen] = [c.exclusiveMinimum, true];
  if (c.maximum !== undefined) hi = c.maximum;
  if (c.exclusiveMaximum !== undefined && c.exclusiveMaximum <= hi) [hi, hiOpen] = [c.exclusiveMaximum, true];
  const [fmtLo, fmtHi] =
    c.format === 'int32'
      ? [INT32.min, INT32.max]
      : c.format === 'float'
        ? [-FLOAT_MAX, FLOAT_MAX]
        : c.integer === true || c.format === 'int64'
          ? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
          : [-Number.MAX_VALUE, Number.MAX_VALUE];
  if (fmtLo > lo) [lo, loOpen] = [fmtLo, false];
  if (fmtHi < hi) [hi, hiOpen] = [fmtHi, false];
  return { lo, hi, loOpen, hiOpen };
}

// Integers across a wide range, biased towards the 32-bit range and the bounds themselves.
function integerIn(min: number, max: number): fc.Arbitrary<number> {
  const narrowMin = Math.max(min, INT32.min);
  const narrowMax = Math.min(max, INT32.max);
  const wide = fc.integer({ min, max });
  if (narrowMin > narrowMax || (narrowMin === min && narrowMax === max)) return wide;
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: narrowMin, max: narrowMax }) }, { weight: 1, arbitrary: wide });
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}
