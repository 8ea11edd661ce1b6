import { defineCheck } from './define-check.ts';
import { isSuccess } from './status-class.ts';

/**
 * A request without a documented required header must be refused with a 4xx.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
export const missingRequiredHeader = defineCheck({
  id: 'missing_required_header',
  scope: 'probe',
  title: 'Required headers are enforced',
  clause: 'OAS 3 Parameter Object (in: header, required: true)',
  severity: 'medium',
  appliesTo: (exchange, context) => context.probe?.kind === 'missing-header' && exchange.response !== undefined,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    const header = context.probe?.kind === 'missing-header' ? context.probe.header : '';
    if (status >= 400 && status < 500) return [];
    return [
      {
        message: `${context.operation.label} answered ${status} without the required header ${header}; expected a 4xx`,
        evidence: { status, header },
        key: header.toLowerCase(),
      },
    ];
  },
});

