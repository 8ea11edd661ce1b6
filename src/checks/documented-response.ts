import type { ResponseSpec } from '../spec/types.ts';

/**
 * The response entry that documents `status`: the exact code first, then its range (`4XX`), then
 * `default` (OAS 3 Responses Object: "the most specific key is applicable").
 */
export function documentedResponse(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  const exact = String(status);
  const range = `${exact[0] ?? ''}XX`;
  return (
    responses.find((response) => response.status === exact) ??
    responses.find((response) => response.status.toUpperCase() === range) ??
    responses.find((response) => response.status === 'default')
  );
}
