import type { ResponseSpec } from '../openapi/types.ts';

/**
 * Per operation's responses, the entry each status resolved to (null: none). Several checks ask for
 * every exchange; statuses repeat, and a status has three digits, so each map stays small.
 */
const resolved = new WeakMap<readonly ResponseSpec[], Map<number, ResponseSpec | null>>();

/**
 * The response entry that documents `status`: the exact code first, then its range (`4XX`), then
 * `default` (OAS 3 Responses Object: "the most specific key is applicable").
 */
export function documentedResponse(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  let byStatus = resolved.get(responses);
  if (!byStatus) {
    byStatus = new Map();
    resolved.set(responses, byStatus);
  }
  let found = byStatus.get(status);
  if (found === undefined) {
    found = lookUp(responses, status) ?? null;
    byStatus.set(status, found);
  }
  return found ?? undefined;
}

function lookUp(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  const exact = String(status);
  const range = `${exact[0] ?? ''}XX`;
  return (
    responses.find((response) => response.status === exact) ??
    responses.find((response) => response.status.toUpperCase() === range) ??
    responses.find((response) => response.status === 'default')
  );
}
