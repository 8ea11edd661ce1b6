import { defineCheck } from './define-check.ts';
import { isSuccess } from './status-class.ts';

/**
 * A resource the API said it created (or updated) must be readable right after.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2
 */
export const ensureResourceAvailability = defineCheck({
  id: 'ensure_resource_availability',
  scope: 'stateful',
  title: 'Created resources are available',
  clause: 'RFC 9110 §15.3.2 (201 Created: the resource was created)',
  severity: 'high',
  appliesTo: (exchange, context) => context.probe?.kind === 'read-after-create' && exchange.response !== undefined,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    if (isSuccess(status)) return [];
    const created = context.probe?.kind === 'read-after-create' ? context.probe.created : '';
    return [
      {
        message: `${context.operation.label} answered ${status} for ${created}, which was just created`,
        evidence: { status, created },
        key: String(status),
      },
    ];
  },
});
