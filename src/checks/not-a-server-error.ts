import { defineCheck } from './define-check.ts';

/**
 * A 5xx means the server failed on a request it should have handled or refused.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.6
 */
export const notAServerError = defineCheck({
  id: 'not_a_server_error',
  scope: 'any',
  title: 'No server errors',
  clause: 'RFC 9110 §15.6 (5xx: the server failed to fulfil a valid request)',
  severity: 'critical',
  appliesTo: () => true,
  run: (exchange, context) => {
    if (exchange.failure) {
      // No status line at all (reset, timeout, garbage) is the server failing too.
      return [
        {
          message: `${context.operation.label} gave no response: ${exchange.failure.message}`,
          evidence: { failure: exchange.failure.code },
          key: `failure:${exchange.failure.code}`,
        },
      ];
    }
    const status = exchange.response?.status ?? 0;
    if (status < 500 || status > 599) return [];
    return [
      {
        message: `${context.operation.label} answered ${status}`,
        evidence: { status },
        key: String(status),
      },
    ];
  },
});
