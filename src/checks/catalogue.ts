import type { CheckDefinition, CheckScope } from './define-check.ts';
import { notAServerError } from './not-a-server-error.ts';
import { statusCodeConformance } from './status-code-conformance.ts';
import { contentTypeConformance } from './content-type-conformance.ts';
import { responseHeadersConformance } from './response-headers-conformance.ts';
import { responseSchemaConformance } from './response-schema-conformance.ts';
import { negativeDataRejection } from './negative-data-rejection.ts';
import { positiveDataAcceptance } from './positive-data-acceptance.ts';
import { ignoredAuth } from './ignored-auth.ts';
import { missingRequiredHeader } from './missing-required-header.ts';
import { unsupportedMethod } from './unsupported-method.ts';
import { useAfterFree } from './use-after-free.ts';
import { ensureResourceAvailability } from './ensure-resource-availability.ts';
import { maxResponseTime } from './max-response-time.ts';

/** Every single-exchange check conform ships, in report order. Listed explicitly: no import side effects. */
export const checkCatalogue = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseHeadersConformance,
  responseSchemaConformance,
  negativeDataRejection,
  positiveDataAcceptance,
  ignoredAuth,
  missingRequiredHeader,
  unsupportedMethod,
  useAfterFree,
  ensureResourceAvailability,
  maxResponseTime,
] as const satisfies readonly CheckDefinition[];

/** The id of a catalogued check, derived from the catalogue itself. */
export type CheckId = (typeof checkCatalogue)[number]['id'];

/** Checks that run only when asked for (`--checks`), and why. */
export const OPT_IN_CHECKS: Readonly<Partial<Record<CheckId, string>>> = {
  positive_data_acceptance: 'vendors document parameters looser than their servers validate them',
  max_response_time: 'needs a budget (--max-response-time)',
};

/** The checks a run uses: the named ones, or every check that is not opt-in. */
export function selectChecks(ids: readonly string[] | undefined): CheckDefinition[] {
  if (!ids || ids.length === 0) return checkCatalogue.filter((check) => !(check.id in OPT_IN_CHECKS));
  return checkCatalogue.filter((check) => ids.includes(check.id));
}

/** The ids of the checks whose scope is one of `scopes`, in catalogue order. */
export function checkIdsIn(...scopes: readonly CheckScope[]): CheckId[] {
  return checkCatalogue.filter((check) => scopes.includes(check.scope)).map((check) => check.id);
}
