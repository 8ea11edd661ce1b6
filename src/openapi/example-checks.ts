import type { SchemaValidator } from './schema-validator.ts';
import type { LoadWarning, MediaTypeSpec, Operation, Parameter } from './types.ts';

/** A JSON pointer token (RFC 6901). */
function token(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Each example in turn: its value, and whether and how it breaks `schema`. */
function judged(examples: readonly unknown[], check: (value: unknown) => string | undefined): { kept: unknown[]; broken: { index: number; why: string }[] } {
  const kept: unknown[] = [];
  const broken: { index: number; why: string }[] = [];
  for (const [index, value] of examples.entries()) {
    const why = check(value);
    if (why === undefined) kept.push(value);
    else broken.push({ index, why });
  }
  return { kept, broken };
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The document's request examples checked against the schemas they illustrate, as Spectral's
 * `oas3-valid-media-example` does: an example that breaks its schema is a load warning naming where
 * it is and how it breaks it, and is left out of the model, so generation never sends it as a valid
 * request (positive_data_acceptance and negative_data_rejection judge by what a positive case is).
 */
export function checkedExamples(operations: readonly Operation[], validator: SchemaValidator, sourceOf: (operation: Operation) => string): { operations: Operation[]; warnings: LoadWarning[] } {
  const warnings: LoadWarning[] = [];
  const violation = (schema: Parameter['schema'] | undefined) => (value: unknown): string | undefined => {
    if (schema === undefined) return undefined;
    let problems;
    try {
      problems = validator.validate(schema, value, 'request');
    } catch {
      // A schema Ajv cannot compile is told where the run meets it; its examples are not judged here.
      return undefined;
    }
    const [first] = problems;
    return first ? `${first.instancePath || '(root)'} ${first.message}` : undefined;
  };
  const checked = operations.map((operation): Operation => {
    const at = `/paths/${token(operation.path)}/${operation.method}`;
    const warn = (pointer: string, what: string, example: unknown, why: string): void => {
      warnings.push({ source: sourceOf(operation), pointer, message: `${what} example ${preview(example)} breaks its schema: ${why}; not sent as a valid request`, unusableOperations: [] });
    };
    const parameters = operation.parameters.map((parameter): Parameter => {
      if (parameter.examples.length === 0) return parameter;
      const { kept, broken } = judged(parameter.examples, violation(parameter.schema));
      for (const { index, why } of broken) warn(at, `${parameter.in} parameter '${parameter.name}'`, parameter.examples[index], why);
      return broken.length === 0 ? parameter : { ...parameter, examples: kept };
    });
    const body = operation.requestBody;
    const content = body?.content.map((media): MediaTypeSpec => {
      if (media.examples.length === 0) return media;
      const { kept, broken } = judged(media.examples, violation(media.schema));
      for (const { index, why } of broken) warn(`${at}/requestBody/content/${token(media.mediaType)}`, `the ${media.mediaType} body`, media.examples[index], why);
      return broken.length === 0 ? media : { ...media, examples: kept };
    });
    const changed = parameters.some((parameter, index) => parameter !== operation.parameters[index]) || (content ?? []).some((media, index) => media !== body?.content[index]);
    if (!changed) return operation;
    return { ...operation, parameters, ...(body && content ? { requestBody: { ...body, content } } : {}) };
  });
  return { operations: checked, warnings };
}
