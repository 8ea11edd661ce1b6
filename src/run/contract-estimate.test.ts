import { describe, expect, it } from 'vitest';
import { caseDrawsForOperation } from '../generate/cases.ts';
import { loadApi } from '../openapi/load-api.ts';
import type { ApiModel, Operation } from '../openapi/types.ts';
import { contractEstimator } from './contract-estimate.ts';

const glance = await loadApi(['specs/glance-v2.yaml']);

function operation(model: ApiModel, operationId: string): Operation {
  const found = model.operations.find((candidate) => candidate.operationId === operationId);
  if (!found) throw new Error(`no ${operationId}`);
  return found;
}

function cases(model: ApiModel, op: Operation, count: number): number {
  return (['positive', 'negative', 'boundary'] as const).reduce((sum, mode) => sum + caseDrawsForOperation(model, op, { mode, count, seed: 0 }).length, 0);
}

describe('contractEstimator', () => {
  it('should count the cases the generator draws, which a small size does not shrink below every way to break the request', () => {
    // Arrange
    const estimate = contractEstimator(glance);
    const create = operation(glance, 'createImage');

    // Act
    const small = estimate(create, 2);

    // Assert: 24 ways to break the body and 24 edges are each sent once, whatever the size
    expect(cases(glance, create, 2)).toBeGreaterThanOrEqual(48);
    expect(small).toBeGreaterThan(cases(glance, create, 2));
  });

  it('should add the removal of what a create leaves, and the item a delete consumes per case, at what a removal costs', () => {
    // Arrange
    const plain = contractEstimator(glance, 1);
    const unblocking = contractEstimator(glance, 2);
    const create = operation(glance, 'createImage');
    const remove = operation(glance, 'deleteImage');
    const list = operation(glance, 'listImages');

    // Act, Assert
    expect(plain(create, 25)).toBeGreaterThan(cases(glance, create, 25) + 25);
    expect(unblocking(create, 25) - plain(create, 25)).toBeGreaterThanOrEqual(25);
    expect(unblocking(remove, 25) - cases(glance, remove, 25)).toBeGreaterThanOrEqual(25 * 3);
    // A list creates nothing and removes nothing: its cases and the probes only.
    expect(unblocking(list, 25)).toBe(plain(list, 25));
    expect(plain(list, 25) - cases(glance, list, 25)).toBeLessThan(10);
  });
});
