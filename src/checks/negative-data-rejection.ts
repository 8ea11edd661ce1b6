import { defineCheck } from './define-check.ts';
import { isSuccess } from './status-class.ts';

/**
 * A request that breaks the document's constraints must be refused with a 4xx, not performed.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
export const negativeDataRejection = defineCheck({
  id: 'negative_data_rejection',
  scope: 'case',
  title: 'Invalid input is rejected',
  clause: 'OAS 3 Parameter/Request Body Object schemas are the contract for input; RFC 9110 §15.5.1',
  severity: 'high',
  appliesTo: (exchange, context) => context.mode === 'negative' && context.probe === undefined && exchange.response !== undefined,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    if (!isSuccess(status)) return [];
    const broke = context.violates?.description ?? context.violates?.keyword ?? 'a documented constraint';
    return [
      {
        message: `${context.operation.label} accepted an invalid request with ${status}: ${broke}`,
        evidence: { status, violates: context.violates ?? null },
        key: `${context.violates?.location ?? ''}:${context.violates?.keyword ?? ''}`,
      },
    ];
  },
});
