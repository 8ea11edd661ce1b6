import { describe, expect, it } from 'vitest';
import type { OutgoingRequest } from '../../src/transport/exchange.ts';
import { replayPlan, substituteIds, type CapturedRequest } from './replay-plan.ts';

const ID = '3f1c2a9e-0000-4000-8000-000000000001';
const sent = (method: string, url: string, body?: string): OutgoingRequest => ({ method, url, headers: {}, ...(body === undefined ? {} : { body }) });
const answered = (status: number, body: unknown): CapturedRequest['response'] => ({ status, headers: {}, body: Buffer.from(JSON.stringify(body)), truncated: false });

describe('replayPlan', () => {
  it('ties each request that names a created resource to the response that named it first', () => {
    const captured: CapturedRequest[] = [
      { request: sent('POST', 'http://h/v2/images', '{"name":"a"}'), response: answered(201, { id: ID, name: 'a' }) },
      { request: sent('GET', 'http://h/v2/images?limit=2'), response: answered(200, { images: [{ id: ID }] }) },
      { request: sent('PATCH', `http://h/v2/images/${ID}`, '[]'), response: answered(200, { id: ID }) },
      { request: sent('GET', `http://h/v2/images?marker=${ID}&limit=1`), response: answered(200, { images: [] }) },
      { request: sent('POST', `http://h/v2/images/${ID}/members`, `{"member":"${ID}"}`), response: answered(200, { member_id: 'x' }) },
    ];
    const plan = replayPlan(captured);
    expect(plan.map((step) => step.needs)).toEqual([[], [], [{ id: ID, producer: 0 }], [{ id: ID, producer: 0 }], [{ id: ID, producer: 0 }]]);
    expect(plan.map((step) => step.produces)).toEqual([true, false, false, false, false]);
  });

  it('takes no id from a failed response, a list, or a short or non-string id', () => {
    const captured: CapturedRequest[] = [
      { request: sent('POST', 'http://h/a'), response: answered(409, { id: ID }) },
      { request: sent('POST', 'http://h/b'), response: answered(201, { id: 'short' }) },
      { request: sent('POST', 'http://h/c'), response: answered(201, { id: 12345678901 }) },
      { request: sent('POST', 'http://h/d'), response: answered(201, [{ id: ID }]) },
      { request: sent('GET', `http://h/x/${ID}/short/12345678901`) },
    ];
    expect(replayPlan(captured).every((step) => step.needs.length === 0 && !step.produces)).toBe(true);
  });

  it('marks a UUID the create request chose itself, so the replay chooses a fresh one', () => {
    const captured: CapturedRequest[] = [
      { request: sent('POST', 'http://h/v2/images', `{"id":"${ID}"}`), response: answered(201, { id: ID }) },
      { request: sent('POST', 'http://h/v2/images', '{"name":"b"}'), response: answered(201, { id: ID.replace('1', '2') }) },
      { request: sent('DELETE', `http://h/v2/images/${ID}`) },
    ];
    expect(replayPlan(captured).map((step) => step.chosenId)).toEqual([ID, undefined, undefined]);
  });
});

describe('substituteIds', () => {
  it("replaces conform's id in the URL and a text body, and keeps the request when nothing changes", () => {
    const request = sent('POST', `http://h/v2/images/${ID}/members?marker=${ID}`, `{"member":"${ID}"}`);
    expect(substituteIds(request, [[ID, 'NEW']])).toEqual(sent('POST', 'http://h/v2/images/NEW/members?marker=NEW', '{"member":"NEW"}'));
    expect(substituteIds(request, [[ID, ID]])).toBe(request);
  });
});
