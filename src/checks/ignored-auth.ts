import { defineCheck } from './define-check.ts';
import { isSuccess } from './status-class.ts';

/**
 * An operation that requires credentials must refuse a request without them, or with invalid ones.
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
export const ignoredAuth = defineCheck({
  id: 'ignored_auth',
  scope: 'probe',
  title: 'Authentication is enforced',
  clause: 'OAS 3 Security Requirement Object; RFC 9110 §15.5.2 (401) / §15.5.4 (403)',
  severity: 'critical',
  appliesTo: (exchange, context) =>
    (context.probe?.kind === 'no-credentials' || context.probe?.kind === 'invalid-credentials') && exchange.response !== undefined,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    if (!isSuccess(status)) return [];
    const how = context.probe?.kind === 'no-credentials' ? 'without credentials' : 'with invalid credentials';
    return [
      {
        message: `${context.operation.label} answered ${status} to a request ${how}; expected 401 or 403`,
        evidence: { status, probe: context.probe?.kind ?? null },
        key: context.probe?.kind ?? '',
      },
    ];
  },
});
