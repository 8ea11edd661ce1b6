import type { Operation } from '../openapi/types.ts';

/**
 * The `Accept` header a generated client of this document would send for `operation`: every media
 * type its responses document (all statuses, in document order, parameters dropped, each once), or
 * undefined when none is documented (then nothing is asked for and no Accept is sent).
 *
 * Why conform sends one at all: servers negotiate. Glance (webob), Django, Rails and many others
 * answer errors as text/plain or HTML to a request that asks for nothing, and as JSON to one that
 * asks for JSON; a tool that omits the header tests a client nobody writes.
 */
export function documentedAccept(operation: Pick<Operation, 'responses'>): string | undefined {
  const known = cache.get(operation);
  if (known !== undefined) return known ?? undefined;
  const seen = new Set<string>();
  for (const response of operation.responses) {
    for (const media of response.content) {
      const essence = media.mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (essence !== '') seen.add(essence);
    }
  }
  const accept = seen.size === 0 ? null : [...seen].join(', ');
  cache.set(operation, accept);
  return accept ?? undefined;
}

const cache = new WeakMap<Pick<Operation, 'responses'>, string | null>();
