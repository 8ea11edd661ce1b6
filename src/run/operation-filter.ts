import type { Operation } from '../openapi/types.ts';

/** `--include`/`--exclude` values: an operationId, a tag, a method, or a path (`*` matches any run of characters). */
export interface OperationFilter {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

function pattern(value: string): RegExp {
  const escaped = value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function matches(operation: Operation, value: string): boolean {
  const regex = pattern(value);
  return (
    regex.test(operation.id) ||
    (operation.operationId !== undefined && regex.test(operation.operationId)) ||
    operation.tags.some((tag) => regex.test(tag)) ||
    regex.test(operation.method) ||
    regex.test(operation.path) ||
    regex.test(operation.label)
  );
}

/** The operations selected: any include matches (or no includes given) and no exclude matches. */
export function selectOperations(operations: readonly Operation[], filter: OperationFilter): Operation[] {
  return operations.filter(
    (operation) =>
      (filter.include.length === 0 || filter.include.some((value) => matches(operation, value))) &&
      !filter.exclude.some((value) => matches(operation, value)),
  );
}
