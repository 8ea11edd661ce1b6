import { responseHeader, responseJson, responseText } from '../transport/exchange.ts';
import { NULLABLE_READING } from '../openapi/nullable.ts';
import type { FindingDraft } from './finding-draft.ts';
import { defineCheck } from './define-check.ts';
import { documentedResponse } from './documented-response.ts';
import { isJsonMediaType, mediaTypeMatches } from './media-type.ts';

const EXCERPT_CHARS = 120;

/** `/images/3/status` → `/images/*\/status`: one defect, however many items show it. */
function generalize(instancePath: string): string {
  return instancePath.replace(/\/\d+(?=\/|$)/g, '/*');
}

/**
 * A JSON body must parse and validate against the schema documented for its status and media type.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
export const responseSchemaConformance = defineCheck({
  id: 'response_schema_conformance',
  scope: 'case',
  title: 'Response body matches its schema',
  clause: 'OAS 3 Media Type Object schema',
  severity: 'high',
  appliesTo: (exchange, context) => {
    const response = exchange.response;
    if (!response) return false;
    const documented = documentedResponse(context.operation.responses, response.status);
    return documented?.content.some((media) => media.schema !== undefined && isJsonMediaType(media.mediaType)) ?? false;
  },
  run: (exchange, context) => {
    const response = exchange.response;
    if (!response) return [];
    const status = response.status;
    const documented = documentedResponse(context.operation.responses, status);
    const received = responseHeader(response, 'content-type') ?? 'application/json';
    const media =
      documented?.content.find((entry) => entry.schema !== undefined && mediaTypeMatches(entry.mediaType, received)) ??
      documented?.content.find((entry) => entry.schema !== undefined && isJsonMediaType(entry.mediaType));
    if (!media?.schema || !isJsonMediaType(media.mediaType)) return [];
    const label = context.operation.label;
    if (response.truncated) {
      return [
        {
          message: `${label} answered ${status} with a body larger than the cap (${response.body.length} bytes kept); not validated`,
          evidence: { status, bytesKept: response.body.length },
          key: `${status}:too-large`,
        },
      ];
    }
    const text = responseText(response);
    if (text === undefined) {
      // toString('utf8') would swap the bad bytes for U+FFFD and the body could then validate.
      return [
        {
          message: `${label} answered ${status} with a body that is not UTF-8; JSON must be (RFC 8259 §8.1)`,
          evidence: { status, mediaType: media.mediaType },
          key: `${status}:not-utf8`,
        },
      ];
    }
    if (text.trim() === '') {
      return [
        {
          message: `${label} answered ${status} with an empty body; the document describes ${media.mediaType}`,
          evidence: { status, mediaType: media.mediaType },
          key: `${status}:empty`,
        },
      ];
    }
    const parsed = responseJson(response);
    if (!parsed || 'error' in parsed) {
      const error = parsed?.error;
      return [
        {
          // Said by what it is (its media type and its first words), as a person reads it; the parser's complaint is evidence.
          message: `${label} answered ${status} with ${describeBody(responseHeader(response, 'content-type'), text)}, not JSON`,
          evidence: { status, excerpt: text.slice(0, EXCERPT_CHARS), parseError: error instanceof Error ? error.message : String(error) },
          key: `${status}:not-json`,
        },
      ];
    }
    const body = parsed.value;
    const findings: FindingDraft[] = [];
    const seen = new Set<string>();
    const violations = context.validator.validate(media.schema, body, 'response');
    // Compiled by now: whether the schema was read with the lenient "or null" meaning of a 3.0 `nullable`.
    const reading = violations.length > 0 && context.validator.readsNullableAsBranch(media.schema) ? { nullableReading: NULLABLE_READING } : {};
    for (const violation of violations) {
      const key = `${status}:${violation.schemaPath}:${generalize(violation.instancePath)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = violation.instancePath === '' ? 'the body' : violation.instancePath;
      findings.push({
        message: `${label} answered ${status}: ${where} ${violation.message} (${violation.keyword} at ${violation.schemaPath})`,
        evidence: {
          status,
          mediaType: media.mediaType,
          instancePath: violation.instancePath,
          schemaPath: violation.schemaPath,
          keyword: violation.keyword,
          params: violation.params,
          ...reading,
        },
        key,
      });
    }
    return findings;
  },
});

/** The length of a body's excerpt in a message. */
const MESSAGE_EXCERPT_CHARS = 60;

/** `a text/plain body "400 Bad Request Invalid sort key…"`: a body by its media type and first words. */
function describeBody(contentType: string | undefined, text: string): string {
  const mediaType = contentType?.split(';')[0]?.trim();
  const words = text.replace(/\s+/g, ' ').trim();
  const excerpt = words.length > MESSAGE_EXCERPT_CHARS ? `${words.slice(0, MESSAGE_EXCERPT_CHARS)}…` : words;
  return `${mediaType ? `a ${mediaType}` : 'an unlabelled'} body ${JSON.stringify(excerpt)}`;
}
