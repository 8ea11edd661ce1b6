import type { FixtureProbe } from '../../vitest/api-definition.ts';
import { ConfigInvalidError } from '../../errors.ts';
import type { ApiFixtures, FixtureRef } from '../../fixtures.ts';
import type { Principals } from '../../principals.ts';
import type { PriorRequest } from '../../run/run-settings.ts';
import type { OutgoingRequest } from '../../transport/exchange.ts';
import { HttpTransport } from '../../transport/http-transport.ts';

/** A fixture as messages name it: `name:tag (team t)` or its id. */
function fixtureLabel(ref: FixtureRef): string {
  if (ref.image_name !== undefined) return `${ref.image_name}:${ref.image_tag ?? ''}${ref.team_id === undefined ? '' : ` (team ${ref.team_id})`}`;
  return ref.id ?? '?';
}

/**
 * Before any request that changes anything: every declared fixture names a principal of the run and
 * is readable by it as its own (Prime: GET of the image in that principal's context). One line and
 * exit 2 otherwise, naming the fixture and what the target answered. Resolves to the requests it
 * sent, which the target's quota counts.
 */
export async function assertFixtures(api: string, target: string, fixtures: ApiFixtures, principals: Principals, probe: FixtureProbe | undefined, timeoutMs: number): Promise<PriorRequest[]> {
  const declared = Object.entries(fixtures).filter(([, refs]) => refs.length > 0);
  const sent: PriorRequest[] = [];
  if (declared.length === 0) return sent;
  if (!probe) throw new ConfigInvalidError(`fixtures: ${api} declares fixtures, but its suites use none`);
  const transport = new HttpTransport({ requestTimeoutMs: timeoutMs, maxBodyBytes: 1024 * 1024, connections: 1 });
  try {
    for (const [name, refs] of declared) {
      const principal = principals.get(name);
      if (!principal) throw new ConfigInvalidError(`fixtures: ${api}.${name} names no principal of this run (principals: ${[...principals.keys()].join(', ')})`);
      const headers = Object.fromEntries(Object.entries(principal.headers).map(([header, secret]) => [header, secret.reveal()]));
      for (const [index, ref] of refs.entries()) {
        const request = probe.request(target, ref);
        sent.push({ method: request.method, url: request.url, principal: name, at: Date.now() });
        const exchange = await transport.send({ ...request, headers: { accept: 'application/json', ...headers } });
        const status = exchange.response?.status ?? 0;
        let body: unknown;
        try {
          body = exchange.response ? (JSON.parse(exchange.response.body.toString('utf8')) as unknown) : undefined;
        } catch {
          body = undefined;
        }
        if (!probe.found(status, body)) {
          throw new ConfigInvalidError(`fixtures: ${api}.${name}[${index}] ${fixtureLabel(ref)} is not an image of '${name}' on ${target} (it answered ${status || exchange.failure?.message || 'nothing'}); nothing was changed`);
        }
      }
    }
  } finally {
    await transport.close();
  }
  return sent;
}
