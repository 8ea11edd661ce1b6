import { defineCheck } from './define-check.ts';
import { isSuccess } from './status-class.ts';

/**
 * After a successful delete, the item must be gone: reading it must not succeed.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-9.3.5
 */
export const useAfterFree = defineCheck({
  id: 'use_after_free',
  scope: 'stateful',
  title: 'Deleted resources stay deleted',
  clause: 'RFC 9110 §9.3.5 DELETE (the association is removed)',
  severity: 'high',
  appliesTo: (exchange, context) => context.probe?.kind === 'read-after-delete' && exchange.response !== undefined,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    if (!isSuccess(status)) return [];
    const deleted = context.probe?.kind === 'read-after-delete' ? context.probe.deleted : '';
    return [
      {
        message: `${context.operation.label} answered ${status} for ${deleted} after it was deleted`,
        evidence: { status, deleted },
        key: String(status),
      },
    ];
  },
});
