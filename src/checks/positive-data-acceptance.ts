import { defineCheck } from './define-check.ts';

/** Statuses that say "your input is invalid". */
const REJECTIONS = new Set([400, 422]);

/**
 * A request that satisfies every documented constraint must not be refused as invalid: a positive
 * case, or a boundary case at a documented limit (`maximum`, `maxLength`: the values a server most
 * often refuses wrongly). Opt-in:
 * vendors' documents often under-constrain parameters their servers validate (Glance's `sort_key`).
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
export const positiveDataAcceptance = defineCheck({
  id: 'positive_data_acceptance',
  scope: 'case',
  title: 'Valid input is accepted',
  clause: 'OAS 3 Parameter/Request Body Object schemas are the contract for input',
  severity: 'medium',
  appliesTo: (exchange, context) =>
    (context.mode === 'positive' || (context.mode === 'boundary' && context.violates === undefined)) && context.probe === undefined && exchange.response !== undefined,
  run: (exchange, context) => {
    const status = exchange.response?.status ?? 0;
    if (!REJECTIONS.has(status)) return [];
    return [
      {
        message: `${context.operation.label} refused a request that matches the document with ${status}`,
        evidence: { status, excerpt: exchange.response?.body.subarray(0, 200).toString('utf8') ?? '' },
        key: String(status),
      },
    ];
  },
});
