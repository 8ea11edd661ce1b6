/** Arrays from a tuple prefix and an item arbitrary, within item-count bounds, optionally unique. */
import fc from 'fast-check';
import { boundedFilter } from './_internals/bounded-filter.ts';
import { canonicalJson } from './_internals/json.ts';

/** Options of {@link arrayValue}: the array keywords of a schema. */
export interface ArrayValueConstraints {
  /** Arbitraries of the first elements, in order (`prefixItems`). */
  readonly prefix?: readonly fc.Arbitrary<unknown>[];
  /** @defaultValue 0 */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Deep-equal elements are not allowed (JSON equality: key order does not matter). */
  readonly uniqueItems?: boolean;
  /** fast-check's size for how many items beyond the minimum are drawn (`xsmall`: the fewest). @defaultValue fast-check's */
  readonly size?: fc.SizeForArbitrary;
}

// Without maxItems arrays stay short: boundary generation produces the long ones on purpose.
const DEFAULT_SPAN = 4;

/** Arrays whose elements after the prefix come from `item`; `item` undefined means no further elements are allowed. */
export function arrayValue(item: fc.Arbitrary<unknown> | undefined, constraints: ArrayValueConstraints = {}): fc.Arbitrary<unknown[]> {
  const minItems = constraints.minItems ?? 0;
  const prefixAll = constraints.prefix ?? [];
  const maxItems = constraints.maxItems ?? Math.max(minItems, prefixAll.length) + DEFAULT_SPAN;
  const prefix = prefixAll.slice(0, maxItems);
  const restMin = Math.max(0, minItems - prefix.length);
  const restMax = item === undefined ? 0 : Math.max(restMin, maxItems - prefix.length);
  const rest =
    item === undefined
      ? fc.constant([] as unknown[])
      : constraints.uniqueItems
        ? fc.uniqueArray(item, { minLength: restMin, maxLength: restMax, selector: canonicalJson, ...(constraints.size ? { size: constraints.size } : {}) })
        : fc.array(item, { minLength: restMin, maxLength: restMax, ...(constraints.size ? { size: constraints.size } : {}) });
  // A prefix shorter than minItems needs every prefix element; otherwise any leading part of it will do.
  const prefixLengths = fc.integer({ min: Math.min(prefix.length, minItems), max: prefix.length });
  const combined = fc.tuple(prefixLengths, fc.tuple(...prefix), rest).map(([length, head, tail]) => (length < prefix.length ? head.slice(0, length) : [...head, ...tail]));
  if (!constraints.uniqueItems || prefix.length === 0) return combined;
  return boundedFilter(combined, (values) => new Set(values.map(canonicalJson)).size === values.length);
}
