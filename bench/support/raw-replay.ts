import { Agent, request } from 'undici';
import type { OutgoingRequest } from '../../src/transport/exchange.ts';

/**
 * Sends `requests` with plain undici, `inFlight` at a time over keep-alive connections, reading every
 * body; resolves to the elapsed milliseconds. This is the baseline: the same requests without
 * generation, checks or recording.
 */
export async function replayRaw(requests: readonly OutgoingRequest[], inFlight: number): Promise<number> {
  const agent = new Agent({ connections: inFlight });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const outgoing = requests[next];
      next += 1;
      if (!outgoing) continue;
      const { body } = await request(outgoing.url, { dispatcher: agent, method: outgoing.method as 'GET', headers: outgoing.headers, body: outgoing.body ?? null });
      await body.arrayBuffer();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, () => worker()));
  const elapsed = performance.now() - started;
  await agent.close();
  return elapsed;
}

/** Points recorded requests at another origin (a fresh reference server of the same API). */
export function retarget(requests: readonly OutgoingRequest[], origin: string): OutgoingRequest[] {
  return requests.map((outgoing) => {
    const url = new URL(outgoing.url);
    const target = new URL(origin);
    url.protocol = target.protocol;
    url.host = target.host;
    return { ...outgoing, url: url.toString() };
  });
}
