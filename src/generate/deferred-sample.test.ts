import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deferredSample } from './deferred-sample.ts';

const arbitraries: Record<string, fc.Arbitrary<unknown>> = {
  integer: fc.integer(),
  string: fc.string({ unit: 'grapheme', maxLength: 30 }),
  record: fc.record({ a: fc.nat(), b: fc.option(fc.string()), c: fc.array(fc.double(), { maxLength: 5 }) }),
  json: fc.jsonValue({ maxDepth: 3 }),
  filtered: fc.integer().filter((value) => value % 3 === 0),
  chained: fc.nat(20).chain((length) => fc.array(fc.boolean(), { minLength: length, maxLength: length })),
};

describe('deferredSample', () => {
  it.each(Object.keys(arbitraries))('should draw what fc.sample gives for %s, in any order and at any time', (name) => {
    const arbitrary = arbitraries[name] as fc.Arbitrary<unknown>;
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 30 }), (seed, numRuns) => {
        const expected = fc.sample(arbitrary, { seed, numRuns });
        const draws = deferredSample(arbitrary, { seed, numRuns });
        expect(draws).toHaveLength(expected.length);
        // Backwards, and twice: each draw is independent of the others and stable.
        const backwards = [...draws].reverse().map((draw) => draw()).reverse();
        expect(backwards).toEqual(expected);
        expect(draws.map((draw) => draw())).toEqual(expected);
      }),
      { seed: 20261123, numRuns: 40 },
    );
  });

  it('should generate nothing until a value is drawn', () => {
    let generated = 0;
    const counting = fc.nat().map((value) => {
      generated += 1;
      return value;
    });
    const draws = deferredSample(counting, { seed: 1, numRuns: 5 });
    expect(generated).toBe(0);
    draws[3]?.();
    draws[3]?.();
    expect(generated).toBe(1);
  });
});
