/** Objects with required and optional properties, extra keys from key/value sources, within property-count bounds. */
import fc from 'fast-check';
import { setOwn } from './_internals/json.ts';

/** A source of extra keys (additionalProperties or one patternProperties entry) and their values. */
export interface ExtraProperties {
  readonly key: fc.Arbitrary<string>;
  readonly value: fc.Arbitrary<unknown>;
}

/** Options of {@link objectValue}: the object keywords of a schema, with arbitraries for the values. */
export interface ObjectValueConstraints {
  /** Declared properties in document order; the ones not listed in `required` are optional. */
  readonly properties?: ReadonlyMap<string, fc.Arbitrary<unknown>>;
  readonly required?: readonly string[];
  /** Where extra keys come from; none means extra keys are never generated. */
  readonly extra?: readonly ExtraProperties[];
  /** @defaultValue 0 */
  readonly minProperties?: number;
  readonly maxProperties?: number;
  /** Upper bound on extra keys per object. @defaultValue 3 */
  readonly maxExtra?: number;
}

/** Objects satisfying `constraints`; keys come out in document order, extras last. */
export function objectValue(constraints: ObjectValueConstraints = {}): fc.Arbitrary<Record<string, unknown>> {
  const properties = constraints.properties ?? new Map<string, fc.Arbitrary<unknown>>();
  const required = (constraints.required ?? []).filter((name) => properties.has(name));
  const optional = [...properties.keys()].filter((name) => !required.includes(name));
  const minProperties = constraints.minProperties ?? 0;
  const maxProperties = constraints.maxProperties ?? Infinity;
  const extra = constraints.extra ?? [];
  const maxExtra = extra.length === 0 ? 0 : Math.max(constraints.maxExtra ?? 3, minProperties - required.length - optional.length);
  const optionalMin = Math.max(0, Math.min(optional.length, minProperties - required.length - maxExtra));
  const optionalMax = Math.max(optionalMin, Math.min(optional.length, maxProperties - required.length));
  const extraMin = Math.max(0, minProperties - required.length - optional.length);
  const chosen = fc.subarray(optional, { minLength: optionalMin, maxLength: optionalMax });
  const values = fc.record(Object.fromEntries(properties) as Record<string, fc.Arbitrary<unknown>>);
  const extras =
    extra.length === 0
      ? fc.constant([] as [string, unknown][])
      : fc.array(fc.oneof(...extra.map((source) => fc.tuple(source.key, source.value))), { minLength: extraMin, maxLength: Math.max(extraMin, maxExtra) });
  return fc.tuple(chosen, values, extras).map(([keys, all, more]) => {
    const out: Record<string, unknown> = {};
    const present = new Set([...required, ...keys]);
    for (const name of properties.keys()) if (present.has(name)) setOwn(out, name, all[name]);
    let count = present.size;
    for (const [key, value] of more) {
      if (count >= maxProperties) break;
      if (Object.prototype.hasOwnProperty.call(out, key) || properties.has(key)) continue;
      setOwn(out, key, value);
      count++;
    }
    return out;
  });
}

