import { responseHeader } from '../transport/exchange.ts';
import { defineCheck } from './define-check.ts';
import { documentedResponse } from './documented-response.ts';
import { essence, mediaTypeMatches } from './media-type.ts';

/**
 * A response with a body must say what it is, and it must be one of the documented media types.
 * @see https://spec.openapis.org/oas/v3.1.0#response-object
 */
export const contentTypeConformance = defineCheck({
  id: 'content_type_conformance',
  scope: 'case',
  title: 'Content-Type is documented',
  clause: 'OAS 3 Response Object content map; RFC 9110 §8.3 Content-Type',
  severity: 'medium',
  appliesTo: (exchange, context) => {
    const response = exchange.response;
    if (!response || response.body.length === 0) return false;
    const documented = documentedResponse(context.operation.responses, response.status);
    return documented !== undefined && documented.content.length > 0;
  },
  run: (exchange, context) => {
    const response = exchange.response;
    if (!response) return [];
    const documented = documentedResponse(context.operation.responses, response.status);
    const received = responseHeader(response, 'content-type');
    // Most responses conform: the list of documented types is built only for a finding's message.
    if (received !== undefined && documented?.content.some((media) => mediaTypeMatches(media.mediaType, received))) return [];
    const allowed = documented?.content.map((media) => media.mediaType) ?? [];
    if (received === undefined) {
      return [
        {
          message: `${context.operation.label} answered ${response.status} with a body but no Content-Type; documented: ${allowed.join(', ')}`,
          evidence: { status: response.status, received: null, documented: allowed },
          key: `${response.status}:missing`,
        },
      ];
    }
    return [
      {
        message: `${context.operation.label} answered ${response.status} as ${essence(received)}; documented: ${allowed.join(', ')}`,
        evidence: { status: response.status, received, documented: allowed },
        key: `${response.status}:${essence(received)}`,
      },
    ];
  },
});
