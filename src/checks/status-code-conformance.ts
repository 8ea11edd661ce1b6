import { defineCheck } from './define-check.ts';
import { documentedResponse } from './documented-response.ts';

/**
 * Every status the server returns must be documented for the operation, exactly, by range or by `default`.
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
export const statusCodeConformance = defineCheck({
  id: 'status_code_conformance',
  scope: 'case',
  title: 'Status code is documented',
  clause: 'OAS 3 Responses Object (status codes, ranges and default)',
  severity: 'medium',
  appliesTo: (exchange, context) => exchange.response !== undefined && context.operation.responses.length > 0,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    if (documentedResponse(context.operation.responses, status)) return [];
    const documented = context.operation.responses.map((response) => response.status);
    return [
      {
        message: `${context.operation.label} answered ${status}; the document allows ${documented.join(', ')}`,
        evidence: { status, documented },
        key: String(status),
      },
    ];
  },
});
