import type { Operation } from '../spec/types.ts';

/**
 * The requests the contract suite is expected to send for one operation at `maxExamples`, for
 * balancing shards and sizing a run to a request budget. Fitted on Prime and IMG against their
 * reference servers at 3 and 25 examples (the run's requests less its semantic suites', seeds 1 to 5):
 * each example is about 2.7 requests for an operation with only path parameters (positive, negative,
 * some boundary) and three for one with query parameters or a body; on top, about 10 for the probes
 * (credentials, methods, negotiation), the items created for it and their deletion, and the ways to
 * break the request that a small run still sends each once.
 */
export function estimatedContractRequests(operation: Operation, maxExamples: number): number {
  const richInput = operation.requestBody !== undefined || operation.parameters.some((parameter) => parameter.in === 'query');
  return Math.ceil((richInput ? 3 : 2.7) * maxExamples) + 10;
}
