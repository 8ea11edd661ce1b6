import type { CheckDefinition } from './define-check.ts';
import { notAServerError } from './not-a-server-error.ts';
import { statusCodeConformance } from './status-code-conformance.ts';
import { contentTypeConformance } from './content-type-conformance.ts';
import { responseHeadersConformance } from './response-headers-conformance.ts';
import { responseSchemaConformance } from './response-schema-conformance.ts';

/** Every single-exchange check conform ships, in report order. Listed explicitly: no import side effects. */
export const checkCatalogue = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseHeadersConformance,
  responseSchemaConformance,
] as const satisfies readonly CheckDefinition[];

/** The id of a catalogued check, derived from the catalogue itself. */
export type CheckId = (typeof checkCatalogue)[number]['id'];
