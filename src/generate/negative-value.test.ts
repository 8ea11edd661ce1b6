import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../openapi/types.ts';
import { createAjvValidator } from './_internals/ajv-validator.ts';
import { dialectOf, explainMismatch, fixtureSchemas } from './_internals/test-kit.ts';
import { negativeValue, negativeValuePlans } from './negative-value.ts';

describe('negativeValue', () => {
  for (const file of ['schemas-3.0.json', 'schemas-3.1.json']) {
    const dialect = dialectOf(file);
    const validate = createAjvValidator(dialect);
    const breakable = fixtureSchemas(file).filter(([name]) => name !== 'empty schema' && name !== 'boolean schema true');
    it.each(breakable)(`should break exactly the tagged constraint (${file}: %s)`, (_name, schema) => {
      // Arrange
      const arbitrary = negativeValue(schema, { dialect });
      // Act
      const values = arbitrary ? fc.sample(arbitrary, { seed: 42, numRuns: 60 }) : [];
      // Assert
      expect(values.length).toBeGreaterThan(0);
      const mismatches = values.flatMap((n) => {
        const why = explainMismatch(validate(schema, n.value), n.violates);
        return why ? [{ value: n.value, violates: n.violates.keyword, why }] : [];
      });
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  }

  it.each<[string, Schema]>([
    ['{}', {}],
    ['true', true],
    ['an unconstrained string', { type: 'string' }],
  ])('should produce no negative for %s when text cannot break it', (_name, schema) => {
    expect(negativeValue(schema, { text: true })).toBeUndefined();
  });

  it('should break unique items drawn from a finite set without drawing for ever (GitHub: maxItems 4 of a 4-value enum)', () => {
    // Arrange: one more item than the limit would need a fifth distinct value, and there is none
    const schema: Schema = { type: 'array', maxItems: 4, uniqueItems: true, items: { type: 'string', enum: ['a', 'b', 'c', 'd'] } };
    const validate = createAjvValidator('openapi-3.0');
    // Act
    const plans = negativeValuePlans(schema);
    const drawn = plans.flatMap((plan) => fc.sample(plan, { seed: 7, numRuns: 10 }));
    // Assert: the other ways to break it remain, each exact; maxItems is not among them
    expect(drawn.map((n) => n.violates.keyword)).not.toContain('maxItems');
    expect(new Set(drawn.map((n) => n.violates.keyword))).toEqual(new Set(['type', 'uniqueItems', 'enum']));
    expect(drawn.flatMap((n) => explainMismatch(validate(schema, n.value), n.violates) ?? [])).toEqual([]);
  });

  it('should not look for ever for a value outside an enum that holds every value of its type (Box: enum [true, false])', () => {
    // Arrange
    const schema: Schema = { type: 'object', required: ['notify'], properties: { notify: { type: 'boolean', enum: [true, false] } } };
    // Act
    const drawn = negativeValuePlans(schema).flatMap((plan) => fc.sample(plan, { seed: 7, numRuns: 10 }));
    // Assert: no enum break (there is none), the others remain
    expect(drawn.map((n) => n.violates.keyword)).not.toContain('enum');
    expect(drawn.map((n) => n.violates.keyword)).toContain('required');
  });

  it('should produce nothing for a schema that constrains nothing', () => {
    expect(negativeValue({})).toBeUndefined();
  });

  it('should tag an out-of-range limit with its minimum, ready for a finding', () => {
    // Arrange
    const arbitrary = negativeValue({ type: 'integer', minimum: 0, maximum: 100 }, { dialect: 'openapi-3.0', text: true });
    // Act
    const values = fc.sample(arbitrary as fc.Arbitrary<{ value: unknown; violates: { keyword: string; expected: unknown } }>, { seed: 5, numRuns: 50 });
    // Assert
    const below = values.find((v) => v.violates.keyword === 'minimum');
    expect(below?.violates.expected).toBe(0);
    expect(below?.value as number).toBeLessThan(0);
    // a string that reads as a number would not break the type once sent as text
    expect(values.filter((v) => v.violates.keyword === 'type').every((v) => typeof v.value === 'string' ? !Number.isFinite(Number(v.value)) || v.value.trim() === '' : !Number.isInteger(v.value))).toBe(true);
  });

  it('should cover each kind of break the issue lists', () => {
    // Arrange
    const schema: Schema = {
      type: 'object',
      required: ['name', 'size'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1, maxLength: 8 }, size: { type: 'integer', minimum: 0 }, kind: { type: 'string', enum: ['a', 'b'] }, id: { type: 'string', format: 'uuid' } },
    };
    // Act
    const keywords = new Set(fc.sample(negativeValue(schema, { dialect: 'openapi-3.0' }) as fc.Arbitrary<{ violates: { keyword: string } }>, { seed: 11, numRuns: 300 }).map((n) => n.violates.keyword));
    // Assert
    expect([...keywords].sort()).toEqual(['additionalProperties', 'enum', 'format', 'maxLength', 'minLength', 'minimum', 'required', 'type']);
  });
});
