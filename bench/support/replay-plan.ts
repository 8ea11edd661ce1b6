import type { OutgoingRequest, ReceivedResponse } from '../../src/transport/exchange.ts';

/** A request conform sent, with the response it got (filled in once it arrived). */
export interface CapturedRequest {
  readonly request: OutgoingRequest;
  response?: ReceivedResponse | undefined;
}

/** One request of a replay: which earlier responses name the resources it refers to. */
export interface ReplayStep {
  readonly request: OutgoingRequest;
  /** Ids this request carries that an earlier response (`producer`, an index into the steps) named first. */
  readonly needs: readonly { readonly id: string; readonly producer: number }[];
  /** Whether a later step needs the id this step's response names: the replay reads it. */
  readonly produces: boolean;
  /**
   * An id this request chose for the resource it creates (Glance takes one in the body), which the
   * replay must choose afresh: the server keeps a deleted id reserved, so sending conform's again is refused.
   */
  readonly chosenId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shorter strings would match ordinary words and numbers in URLs; generated resource ids are longer. */
const MIN_ID_LENGTH = 8;
/** What separates an id from the rest of a URL or a JSON body. */
const ID_SEPARATORS = /[^A-Za-z0-9_.~-]+/;

/** The top-level string `id` of a JSON object body, as a created or fetched resource names itself. */
export function bodyId(body: Buffer | undefined): string | undefined {
  if (body === undefined || body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const id = (parsed as { id?: unknown }).id;
    return typeof id === 'string' && id.length >= MIN_ID_LENGTH ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Plans a faithful replay of conform's requests: a resource conform created gets a new id when the
 * replay creates it again, so a later request that names conform's id (its URL, a marker, a body) must
 * name the replay's instead. Otherwise every delete of the replay misses, what it created piles up on
 * the server, and each later pass of a benchmark talks to a slower server than the one before
 * (measured: the reference Glance's CPU per request grew 194 → 373 µs over five passes).
 * Built before the replay is timed.
 */
export function replayPlan(captured: readonly CapturedRequest[]): ReplayStep[] {
  const producerOf = new Map<string, number>();
  const produces = new Set<number>();
  const needsOf: { id: string; producer: number }[][] = [];
  const chosen = new Map<number, string>();
  captured.forEach(({ request, response }, index) => {
    const needs: { id: string; producer: number }[] = [];
    const tokens = [...request.url.split(ID_SEPARATORS), ...(typeof request.body === 'string' ? request.body.split(ID_SEPARATORS) : [])];
    for (const token of new Set(tokens)) {
      const producer = producerOf.get(token);
      if (producer === undefined) continue;
      needs.push({ id: token, producer });
      produces.add(producer);
    }
    needsOf.push(needs);
    const id = response && response.status < 300 ? bodyId(response.body) : undefined;
    if (id === undefined || producerOf.has(id)) return;
    producerOf.set(id, index);
    // Only a UUID can be chosen afresh without knowing the API's rules for ids.
    if (UUID.test(id) && typeof request.body === 'string' && request.body.includes(id)) chosen.set(index, id);
  });
  return captured.map(({ request }, index) => {
    const chosenId = chosen.get(index);
    return { request, needs: needsOf[index] ?? [], produces: produces.has(index), ...(chosenId === undefined ? {} : { chosenId }) };
  });
}

/** `request` with each of conform's ids replaced by the id the replay got for the same resource. */
export function substituteIds(request: OutgoingRequest, replacements: readonly (readonly [string, string])[]): OutgoingRequest {
  let { url, body } = request;
  for (const [from, to] of replacements) {
    if (from === to) continue;
    url = url.split(from).join(to);
    if (typeof body === 'string') body = body.split(from).join(to);
  }
  return url === request.url && body === request.body ? request : { ...request, url, ...(body === undefined ? {} : { body }) };
}
