/** @internal Valid-rate of generated requests against their schemas (Ajv), for tests and reports on real documents. */
import fc from 'fast-check';
import type { ApiModel } from '../../openapi/types.ts';
import { draftOf } from '../request-case.ts';
import { createAjvValidator } from './ajv-validator.ts';
import { bodyKind } from './encode-body.ts';

/** Counts of one document's positive requests: values checked, values Ajv rejected, and a few rejections to show. */
export interface Validity {
  readonly operations: number;
  readonly operationsWithCases: number;
  readonly values: number;
  readonly invalid: number;
  readonly samples: string[];
}

/** Draws `count` positive requests per operation and validates every parameter value and JSON/form body with Ajv. */
export function measureValidity(model: ApiModel, count: number, seed: number): Validity {
  const validate = createAjvValidator(model.dialect, model.document);
  let values = 0;
  let invalid = 0;
  let operationsWithCases = 0;
  const samples: string[] = [];
  const resolveRef = (ref: string) => model.resolveRef(ref);
  for (const operation of model.operations) {
    const drafts = draftOf(operation, { mode: 'positive', resolveRef });
    if (!drafts) continue;
    operationsWithCases++;
    for (const draft of fc.sample(drafts, { seed, numRuns: count })) {
      const checks: [string, unknown, unknown][] = [];
      for (const [parameter, value] of draft.values) if (value !== undefined) checks.push([`${parameter.in} ${parameter.name}`, parameter.schema, value]);
      const body = draft.body.body;
      const media = operation.requestBody?.content.find((m) => m.mediaType === body?.mediaType);
      if (body && media?.schema !== undefined && bodyKind(body.mediaType) !== 'binary') checks.push([`body ${body.mediaType}`, media.schema, body.value]);
      for (const [where, schema, value] of checks) {
        values++;
        let errors: { keyword: string; instancePath: string }[];
        try {
          errors = validate(schema as never, value);
        } catch (error: unknown) {
          // a schema Ajv cannot compile cannot judge the value either
          values--;
          if (samples.length < 5) samples.push(`${operation.id} ${where}: Ajv cannot compile (${String(error).slice(0, 80)})`);
          continue;
        }
        if (errors.length > 0) {
          invalid++;
          if (samples.length < 5) samples.push(`${operation.id} ${where}=${JSON.stringify(value)?.slice(0, 80)}: ${errors.map((e) => `${e.keyword}@${e.instancePath}`).join(',')}`);
        }
      }
    }
  }
  return { operations: model.operations.length, operationsWithCases, values, invalid, samples };
}
