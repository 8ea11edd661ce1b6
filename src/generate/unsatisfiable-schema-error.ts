import type { ErrorCode } from '../errors.ts';

/**
 * A schema no value satisfies (`false`, a contradictory `allOf`, a property that requires itself without
 * end): thrown when the generator is built, never while drawing. A RangeError, so callers that only know
 * the standard classes still see what it is; its `code` makes the CLI print one line and exit 2.
 */
export class UnsatisfiableSchemaError extends RangeError {
  readonly code: ErrorCode = 'CONFORM_SPEC_INVALID';
  /** The schema path (`#/properties/a` or the `$ref` followed last) of the position no value satisfies. */
  readonly schemaPath: string;

  constructor(schemaPath: string, recursionCut: boolean) {
    const why = recursionCut ? ' (recursion cut at --max-depth: the schema may require itself without end)' : '';
    super(`no value satisfies the schema at ${schemaPath}${why}`);
    this.name = 'UnsatisfiableSchemaError';
    this.schemaPath = schemaPath;
  }
}

/** True for an {@link UnsatisfiableSchemaError}, also one that crossed a worker boundary. */
export function isUnsatisfiableSchema(error: unknown): error is { message: string } {
  return error instanceof UnsatisfiableSchemaError || (error instanceof Error && error.name === 'UnsatisfiableSchemaError');
}
