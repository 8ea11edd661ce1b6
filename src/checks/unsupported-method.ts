import { responseHeader } from '../transport/exchange.ts';
import { defineCheck } from './define-check.ts';

/**
 * A method the document does not define for a path must get 405 with an `Allow` header.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6
 */
export const unsupportedMethod = defineCheck({
  id: 'unsupported_method',
  scope: 'probe',
  title: 'Undocumented methods get 405',
  clause: 'RFC 9110 §15.5.6 (405 Method Not Allowed MUST carry Allow)',
  severity: 'low',
  appliesTo: (exchange, context) => context.probe?.kind === 'unsupported-method' && exchange.response !== undefined,
  run: (exchange, context) => {
    const response = exchange.response;
    if (!response || context.probe?.kind !== 'unsupported-method') return [];
    const { method, documented } = context.probe;
    const path = context.operation.path;
    if (response.status !== 405) {
      return [
        {
          message: `${method} ${path} answered ${response.status}; the document defines only ${documented.join(', ')}, so 405 is expected`,
          evidence: { status: response.status, method, documented },
          key: `${method}:${response.status}`,
        },
      ];
    }
    if (responseHeader(response, 'allow') === undefined) {
      return [
        {
          message: `${method} ${path} answered 405 without an Allow header`,
          evidence: { status: 405, method, allow: null },
          key: `${method}:no-allow`,
        },
      ];
    }
    return [];
  },
});
