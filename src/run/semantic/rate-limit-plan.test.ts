import { describe, expect, it } from 'vitest';
import { imgDefaultPrincipals } from '../../reference/img/principals.ts';
import { startReferenceServer } from '../../reference/index.ts';
import { loadApi } from '../../openapi/load-api.ts';
import type { Exchange, OutgoingRequest } from '../../transport/exchange.ts';
import { referenceRunSettings } from '../../../test/support/reference-settings.ts';
import { SuiteRuntime } from '../suite-runtime.ts';
import { rateLimitPlan } from './rate-limit-plan.ts';
import { propertyKey, SemanticSession, type PropertyOutcome } from './semantic-session.ts';

const WINDOW_MS = 400;
const LIVE = 'img_live_owner_key';
const TEST = 'img_test_owner_key';
const OTHER = 'img_live_other_key';

/** A session that notes whose key each probe request carried, in send order. */
class KeyRecordingSession extends SemanticSession {
  readonly keys: string[] = [];

  override async sendRaw(operationId: string, outgoing: OutgoingRequest): Promise<Exchange> {
    this.keys.push(outgoing.headers['x-api-key'] ?? '');
    return super.sendRaw(operationId, outgoing);
  }
}

/** Runs IMG's rate-limit plan (live tier 100, test tier 10) against a reference server with a short window. */
async function probeImg(principals: Partial<typeof imgDefaultPrincipals>): Promise<{ keys: string[]; outcomes: PropertyOutcome[] }> {
  const server = await startReferenceServer({ api: 'img', rateWindowMs: WINDOW_MS });
  const settings = referenceRunSettings('img', server.url, { principals, seed: 7, maxExamples: 5, rateLimitProbe: true, rateLimitWindowMs: WINDOW_MS });
  const runtime = SuiteRuntime.forSettings(settings, 'rate-limit-plan-test');
  try {
    const plan = rateLimitPlan(await loadApi(settings.sources), { preferred: 'owner', clause: 'IMG Rate Limiting' });
    const session = new KeyRecordingSession(runtime);
    await plan.run(session);
    return { keys: session.keys, outcomes: plan.properties.map((property) => session.outcomes().get(propertyKey(property))).filter((outcome) => outcome !== undefined) };
  } finally {
    await runtime.close();
    await server.close();
  }
}

/** The key of each run of requests: ['live x101', 'other x1', ...]. */
function runs(keys: readonly string[]): string[] {
  const out: string[] = [];
  let count = 0;
  keys.forEach((key, index) => {
    count += 1;
    if (keys[index + 1] !== key) {
      out.push(`${key === LIVE ? 'live' : key === TEST ? 'test' : key === OTHER ? 'other' : key} x${count}`);
      count = 0;
    }
  });
  return out;
}

describe('rateLimitPlan', () => {
  it('bursts the tiers back to back and checks each recovery after its own wait, when the other credential is probed by neither', async () => {
    const { keys, outcomes } = await probeImg(imgDefaultPrincipals);
    // live burst (429 at 101), other not throttled, test burst (429 at 11), other, then both recoveries.
    expect(runs(keys)).toEqual(['live x101', 'other x1', 'test x11', 'other x1', 'live x1', 'test x1']);
    expect(outcomes.map((outcome) => [outcome.status, outcome.requests])).toEqual([
      ['passed', 103],
      ['passed', 13],
    ]);
  });

  it('waits out each recovery before the next burst when the other credential is one the next probe uses', async () => {
    const { keys, outcomes } = await probeImg({ owner: imgDefaultPrincipals.owner, ownerTest: imgDefaultPrincipals.ownerTest });
    expect(runs(keys)).toEqual(['live x101', 'test x1', 'live x1', 'test x11', 'live x1', 'test x1']);
    expect(outcomes.map((outcome) => [outcome.status, outcome.requests])).toEqual([
      ['passed', 103],
      ['passed', 13],
    ]);
  });
});
