import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringFeasible, stringValue } from './string-value.ts';

describe('stringFeasible', () => {
  it('should say no when no value of the format or pattern meets the length bounds, and yes when some do', () => {
    // Assert: a uuid is always 36 characters
    expect(stringFeasible({ format: 'uuid', maxLength: 0 })).toBe(false);
    expect(stringFeasible({ format: 'uuid', minLength: 37 })).toBe(false);
    expect(stringFeasible({ format: 'uuid', maxLength: 36 })).toBe(true);
    expect(stringFeasible({ patterns: [/^[a-z]{3}$/], minLength: 5 })).toBe(false);
    expect(stringFeasible({ patterns: [/^[a-z]{3}$/], maxLength: 3 })).toBe(true);
    // a rare fit (most e-mail addresses drawn are longer than 8 characters) is still found
    expect(stringFeasible({ format: 'email', maxLength: 8 })).toBe(true);
    // a plain string is exact by construction
    expect(stringFeasible({ minLength: 4, maxLength: 4 })).toBe(true);
  });

  it('should agree with what stringValue draws: where it says yes, the draws keep every bound', () => {
    const cases = [
      { format: 'date-time', maxLength: 25 },
      { format: 'email', minLength: 8 },
      { patterns: [/^image_[a-z0-9]+$/], maxLength: 12 },
    ];
    for (const constraints of cases) {
      expect(stringFeasible(constraints)).toBe(true);
      for (const text of fc.sample(stringValue(constraints), { seed: 3, numRuns: 50 })) {
        const length = [...text].length;
        expect(length).toBeGreaterThanOrEqual(constraints.minLength ?? 0);
        expect(length).toBeLessThanOrEqual(constraints.maxLength ?? Infinity);
      }
    }
  });
});
