import type { HttpMethod, LoadWarning } from './types.ts';

/** An operation named by its place in the document, before ids are assigned. */
export interface OperationRef {
  readonly path: string;
  readonly method: HttpMethod;
}

/** A problem found while loading, before operation ids are known; becomes a {@link LoadWarning}. */
export interface Problem {
  readonly source: string;
  readonly pointer: string;
  readonly message: string;
  /** Operations that cannot be sent faithfully because of it: left out of the model. */
  readonly unusable: readonly OperationRef[];
  /** Operations it touches that stay usable (e.g. a response schema that cannot be checked). */
  readonly affected: readonly OperationRef[];
}

/** The stable key of an operation: `get /images/{image_id}`. */
export function operationKey(ref: OperationRef): string {
  return `${ref.method} ${ref.path}`;
}

/** One line for a warning: `source: pointer: message [unusable: a, b]`. */
export function formatWarning(warning: LoadWarning): string {
  const where = warning.pointer ? `${warning.source} at ${warning.pointer}` : warning.source;
  const unusable = warning.unusableOperations;
  const suffix = unusable.length > 0 ? ` [unusable: ${abbreviate(unusable)}]` : '';
  return `${where}: ${warning.message}${suffix}`;
}

/** `a, b, c and 4 more`: keeps one-line messages short. */
export function abbreviate(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
