import { describe, expect, it } from 'vitest';
import { loadApi } from '../openapi/load-api.ts';
import { boundarySlots } from './_internals/assemble-case.ts';
import { casesForOperation } from './cases.ts';
import { negativeSlots } from './request-case.ts';

const SPEC = 'specs/img-processing.yaml';

describe('per-operation caches of the generator', () => {
  it('should build the negative slots of an operation once and hand out copies of the list', async () => {
    // Arrange
    const api = await loadApi([SPEC]);
    const operation = api.operations.find((candidate) => negativeSlots(candidate, { mode: 'negative' }).length > 0);
    if (!operation) throw new Error(`${SPEC} has no operation with a constraint to break`);
    // Act
    const first = negativeSlots(operation, { mode: 'negative' });
    first.length = 0;
    const second = negativeSlots(operation, { mode: 'negative' });
    // Assert
    expect(second.length).toBeGreaterThan(0);
    expect(negativeSlots(operation, { mode: 'negative' })[0]).toBe(second[0]);
  });

  it('should build the boundary slots of an operation once and hand out copies of the list', async () => {
    // Arrange
    const api = await loadApi([SPEC]);
    const operation = api.operations.find((candidate) => boundarySlots(candidate, { dialect: candidate.dialect }).length > 0);
    if (!operation) throw new Error(`${SPEC} has no operation with a boundary`);
    // Act
    const first = boundarySlots(operation, { dialect: operation.dialect });
    first.length = 0;
    const second = boundarySlots(operation, { dialect: operation.dialect });
    // Assert
    expect(second.length).toBeGreaterThan(0);
    expect(boundarySlots(operation, { dialect: operation.dialect })[0]).toBe(second[0]);
  });

  it('should give the same cases for the same seed whether the slots were cached or not', async () => {
    // Arrange: two loads, so the second model's operations start with empty caches.
    const cold = await loadApi([SPEC]);
    const warm = await loadApi([SPEC]);
    for (const operation of warm.operations) {
      casesForOperation(warm, operation, { mode: 'negative', seed: 3, count: 5 });
      casesForOperation(warm, operation, { mode: 'boundary', seed: 3, count: 5 });
    }
    // Act
    const fresh = cold.operations.flatMap((operation) => [...casesForOperation(cold, operation, { mode: 'negative', seed: 9, count: 8 }), ...casesForOperation(cold, operation, { mode: 'boundary', seed: 9, count: 8 })]);
    const cached = warm.operations.flatMap((operation) => [...casesForOperation(warm, operation, { mode: 'negative', seed: 9, count: 8 }), ...casesForOperation(warm, operation, { mode: 'boundary', seed: 9, count: 8 })]);
    // Assert
    expect(cached.length).toBeGreaterThan(0);
    expect(JSON.stringify(cached)).toBe(JSON.stringify(fresh));
  });
});
