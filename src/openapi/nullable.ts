/**
 * OpenAPI 3.0's `nullable: true`. 3.0.3 gives it effect only beside `type`, but real generators write
 * it beside `oneOf`/`anyOf`/`allOf`/`$ref`/`not` or with no `type` at all, meaning "this schema, or
 * null". conform accepts both readings: where `type` alone decides, null joins the type; elsewhere
 * the schema becomes `anyOf: [schema, {type: null}]`, for validation and for generation alike.
 */
const COMPOSITION = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not'] as const;

/** True when `schema` is a 3.0 nullable that `type` alone cannot carry (null needs a branch of its own). */
export function nullableNeedsBranch(schema: Readonly<Record<string, unknown>>): boolean {
  if (schema.nullable !== true) return false;
  const typed = typeof schema.type === 'string' || Array.isArray(schema.type);
  return !typed || COMPOSITION.some((keyword) => schema[keyword] !== undefined);
}

/** What a finding says when the schema it quotes was read with the "or null" reading. */
export const NULLABLE_READING = "OpenAPI 3.0 'nullable: true' without a type of its own read as 'this schema, or null' (3.0.3 gives it effect only beside type)";
