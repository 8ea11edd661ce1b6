import { responseHeader } from '../transport/exchange.ts';
import type { FindingDraft } from './finding-draft.ts';
import { defineCheck } from './define-check.ts';
import { documentedResponse } from './documented-response.ts';

/** Header values arrive as text; a schema of another type describes the parsed value. */
function parseHeaderValue(raw: string, schema: unknown): unknown {
  const type = typeof schema === 'object' && schema !== null ? (schema as { type?: unknown }).type : undefined;
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes('integer') || types.includes('number')) && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.includes('array')) return raw.split(',').map((item) => item.trim());
  return raw;
}

/**
 * Documented required headers must be present, and every documented header present must match its schema.
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */
export const responseHeadersConformance = defineCheck({
  id: 'response_headers_conformance',
  scope: 'case',
  title: 'Response headers match the document',
  clause: 'OAS 3 Response Object headers / Header Object',
  severity: 'medium',
  appliesTo: (exchange, context) => {
    const response = exchange.response;
    if (!response) return false;
    return (documentedResponse(context.operation.responses, response.status)?.headers.length ?? 0) > 0;
  },
  run: (exchange, context) => {
    const response = exchange.response;
    if (!response) return [];
    const documented = documentedResponse(context.operation.responses, response.status);
    const findings: FindingDraft[] = [];
    for (const header of documented?.headers ?? []) {
      const raw = responseHeader(response, header.name);
      if (raw === undefined) {
        if (header.required) {
          findings.push({
            message: `${context.operation.label} answered ${response.status} without the required header ${header.name}`,
            evidence: { status: response.status, header: header.name, received: null },
            key: `${response.status}:${header.name.toLowerCase()}:missing`,
          });
        }
        continue;
      }
      const violations = context.validator.validate(header.schema, parseHeaderValue(raw, header.schema), 'response');
      const first = violations[0];
      if (first) {
        findings.push({
          message: `${context.operation.label} answered ${response.status} with ${header.name}: ${JSON.stringify(raw)}, which ${first.message}`,
          evidence: { status: response.status, header: header.name, received: raw, keyword: first.keyword, schemaPath: first.schemaPath },
          key: `${response.status}:${header.name.toLowerCase()}:${first.schemaPath}`,
        });
      }
    }
    return findings;
  },
});
