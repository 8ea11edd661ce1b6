import type { Operation } from '../spec/types.ts';

/**
 * The requests the contract suite is expected to send for one operation at `maxExamples`, for
 * balancing shards. Measured on the three built-in APIs at the default size (25): an operation with
 * only path parameters sends about two cases per example (positive, negative) and a few probes; one
 * with query parameters or a body about three (boundary values too): 55 and 80.
 */
export function estimatedContractRequests(operation: Operation, maxExamples: number): number {
  const richInput = operation.requestBody !== undefined || operation.parameters.some((parameter) => parameter.in === 'query');
  return (richInput ? 3 : 2) * maxExamples + 5;
}
