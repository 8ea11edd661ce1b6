import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { OriginPools } from '../../src/transport/origin-pools.ts';
import type { OutgoingRequest } from '../../src/transport/exchange.ts';
import { bodyId, replayPlan, substituteIds, type CapturedRequest, type ReplayStep } from './replay-plan.ts';

/**
 * Sends `steps` with plain undici, `inFlight` at a time over keep-alive connections, reading every
 * body; resolves to the elapsed milliseconds. This is the baseline: the same requests without
 * generation, checks or recording. A step that names a resource an earlier response created waits
 * for that response and names the replay's id for it, as any client must.
 *
 * Plain undici `Pool`s, one per origin, as conform's transport uses (`OriginPools`): undici's `Agent`
 * opened a connection per request after any reset one (img's replay: 455 of 532 requests).
 */
async function replaySteps(steps: readonly ReplayStep[], inFlight: number): Promise<number> {
  const pools = new OriginPools({ connections: inFlight });
  // Looked up before the clock starts: following ids never changes an origin.
  const dispatchers = steps.map((step) => pools.for(new URL(step.request.url).origin));
  const produced = new Map<number, Promise<string | undefined>>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < steps.length) {
      const index = next;
      next += 1;
      const step = steps[index];
      const agent = dispatchers[index];
      if (!step || !agent) continue;
      let outgoing = step.request;
      if (step.chosenId !== undefined) {
        const fresh = randomUUID();
        outgoing = substituteIds(outgoing, [[step.chosenId, fresh]]);
        if (step.produces) produced.set(index, Promise.resolve(fresh));
      }
      if (step.needs.length > 0) {
        const replacements: (readonly [string, string])[] = [];
        for (const need of step.needs) replacements.push([need.id, (await produced.get(need.producer)) ?? need.id]);
        outgoing = substituteIds(outgoing, replacements);
      }
      // Registered before the send, so a later step that needs the id finds the promise.
      let settle: ((id: string | undefined) => void) | undefined;
      if (step.produces && step.chosenId === undefined) produced.set(index, new Promise((resolve) => (settle = resolve)));
      try {
        const { body } = await request(outgoing.url, { dispatcher: agent, method: outgoing.method as 'GET', headers: outgoing.headers, body: outgoing.body ?? null });
        const bytes = await body.arrayBuffer();
        settle?.(bodyId(Buffer.from(bytes)));
      } catch (error: unknown) {
        settle?.(undefined);
        throw error;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, () => worker()));
  const elapsed = performance.now() - started;
  await pools.close();
  return elapsed;
}

/**
 * Replays what conform sent, following the ids of what the replay creates (`replayPlan`); the plan is
 * built before the clock starts. Requests captured without their responses are sent as recorded.
 */
export function replayCaptured(captured: readonly CapturedRequest[], inFlight: number): Promise<number> {
  return replaySteps(replayPlan(captured), inFlight);
}

/** Points recorded requests at another origin (a fresh reference server of the same API). */
export function retarget(captured: readonly CapturedRequest[], origin: string): CapturedRequest[] {
  const target = new URL(origin);
  return captured.map(({ request: outgoing, response }) => {
    const url = new URL(outgoing.url);
    url.protocol = target.protocol;
    url.host = target.host;
    return { request: { ...outgoing, url: url.toString() }, ...(response ? { response } : {}) };
  });
}
