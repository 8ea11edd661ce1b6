import { describe, expect, it } from 'vitest';
import { defineCheck } from '../checks/define-check.ts';
import { notAServerError } from '../checks/not-a-server-error.ts';
import type { Case } from '../generate/case.ts';
import { caseDrawsForOperation } from '../generate/cases.ts';
import { requestCase } from '../generate/request-case.ts';
import { loadApi } from '../openapi/load-api.ts';
import { SchemaValidator } from '../openapi/schema-validator.ts';
import type { Exchange } from '../transport/exchange.ts';
import { DeferredWork } from './deferred-work.ts';
import { exploreOperation, type OperationExploration } from './explore-operation.ts';

/**
 * Explores one operation of the img document against a fake target that answers each request 2 ms
 * later, and traces when cases are generated, sent, answered and judged.
 */
async function tracedExploration(deferred: DeferredWork | undefined) {
  const api = await loadApi(['specs/img-processing.yaml']);
  const operation = api.operations.find((candidate) => candidate.method === 'get' && candidate.parameters.some((parameter) => parameter.in === 'query'));
  if (!operation) throw new Error('specs/img-processing.yaml has no GET with query parameters');
  const trace: string[] = [];
  let sends = 0;
  const traced = defineCheck({
    id: 'traced',
    scope: 'case',
    title: 'records when it judges',
    clause: 'none',
    severity: 'low',
    appliesTo: () => true,
    run: (exchange) => {
      trace.push(`judge ${exchange.request.headers['x-send'] ?? '?'}`);
      return [];
    },
  });
  const send = (testCase: Case): Promise<Exchange> => {
    sends += 1;
    const number = String(sends);
    trace.push(`send ${number}`);
    return new Promise((resolve) =>
      setTimeout(() => {
        trace.push(`response ${number}`);
        resolve({
          request: { method: testCase.method, url: `http://127.0.0.1:1${testCase.path}`, headers: { 'x-send': number } },
          response: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), truncated: false },
          startedAt: '2026-01-01T00:00:00.000Z',
          durationMs: 2,
        });
      }, 2),
    );
  };
  const exploration: OperationExploration = {
    operation,
    checks: [traced],
    seed: 3,
    maxExamples: 6,
    arbitrary: (mode) => requestCase(operation, { mode, securitySchemes: api.securitySchemes }),
    draws: (mode, seed, count) =>
      caseDrawsForOperation(api, operation, { mode, seed, count }).map((draw, index) => {
        let traced = false;
        return () => {
          if (!traced) trace.push(`draw ${mode} ${String(index)}`);
          traced = true;
          return draw();
        };
      }),
    prepare: (testCase) => Promise.resolve(testCase),
    send,
    context: { validator: new SchemaValidator(api.dialect, api.document) },
    shrinkBudget: 0,
    ...(deferred ? { deferred } : {}),
  };
  const outcomes = await exploreOperation(exploration);
  return { trace, outcomes };
}

/** What happens between a response and the next send: the work on the path from one request to the next. */
function betweenResponseAndNextSend(trace: readonly string[]): string[] {
  const found: string[] = [];
  trace.forEach((entry, index) => {
    if (!entry.startsWith('response ')) return;
    const next = trace.findIndex((later, laterIndex) => laterIndex > index && later.startsWith('send '));
    if (next > 0) found.push(...trace.slice(index + 1, next));
  });
  return found;
}

describe('exploreOperation with deferred work', () => {
  it('should generate the next case and judge the last exchange while the next request is in flight', async () => {
    // Act
    const { trace } = await tracedExploration(new DeferredWork());
    // Assert: from a response to the next send, only what the next send needs (its first case of a phase).
    expect(betweenResponseAndNextSend(trace).filter((entry) => entry.startsWith('judge '))).toEqual([]);
    expect(betweenResponseAndNextSend(trace).filter((entry) => entry.startsWith('draw ')).length).toBeLessThanOrEqual(3);
    // Every exchange is judged, in the order sent, each after its own response and the next send.
    const judged = trace.filter((entry) => entry.startsWith('judge ')).map((entry) => Number(entry.slice(6)));
    expect(judged).toEqual([...judged].sort((a, b) => a - b));
    expect(judged.length).toBe(trace.filter((entry) => entry.startsWith('send ')).length);
    for (const number of judged.slice(0, -1)) {
      expect(trace.indexOf(`judge ${String(number)}`)).toBeGreaterThan(trace.indexOf(`send ${String(number + 1)}`));
    }
  });

  it('should judge exactly as without deferred work', async () => {
    // Act
    const deferred = await tracedExploration(new DeferredWork());
    const direct = await tracedExploration(undefined);
    // Assert: without it, judging sits between a response and the next send; the verdicts are the same.
    expect(betweenResponseAndNextSend(direct.trace).some((entry) => entry.startsWith('judge '))).toBe(true);
    expect(deferred.outcomes).toEqual(direct.outcomes);
  });
});

describe('exploreOperation when conform itself fails', () => {
  async function explore(checks: OperationExploration['checks'], breakPhase?: string) {
    const api = await loadApi(['specs/img-processing.yaml']);
    const operation = api.operations.find((candidate) => candidate.method === 'get' && candidate.parameters.some((parameter) => parameter.in === 'query'));
    if (!operation) throw new Error('specs/img-processing.yaml has no GET with query parameters');
    const send = (testCase: Case): Promise<Exchange> =>
      Promise.resolve({
        request: { method: testCase.method, url: `http://127.0.0.1:1${testCase.path}`, headers: {} },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), truncated: false },
        startedAt: '2026-01-01T00:00:00.000Z',
        durationMs: 1,
      });
    return exploreOperation({
      operation,
      checks,
      seed: 5,
      maxExamples: 4,
      arbitrary: (mode) => requestCase(operation, { mode, securitySchemes: api.securitySchemes }),
      draws: (mode, seed, count) =>
        caseDrawsForOperation(api, operation, { mode, seed, count }).map((draw) => () => {
          if (mode === breakPhase) throw new TypeError(`cannot draw a ${mode} case`);
          return draw();
        }),
      prepare: (testCase) => Promise.resolve(testCase),
      send,
      context: { validator: new SchemaValidator(api.dialect, api.document) },
      shrinkBudget: 0,
    });
  }
  const check = (id: string, run: () => readonly { message: string; key: string; evidence: Record<string, unknown> }[]) =>
    defineCheck({ id, scope: 'case', title: id, clause: 'none', severity: 'low', appliesTo: () => true, run: () => [...run()] });

  it('should make a check that throws an error outcome with its cause, and let the other checks conclude', async () => {
    // Arrange: the throwing check first saw a defect, then threw on a later exchange.
    let calls = 0;
    const throwing = check('throwing', () => {
      calls += 1;
      if (calls === 1) return [{ message: 'seen before the throw', key: 'k', evidence: {} }];
      throw new RangeError('the check broke');
    });
    const passing = check('passing', () => []);
    const failing = check('failing', () => [{ message: 'always', key: 'always', evidence: {} }]);
    // Act
    const outcomes = await explore([throwing, passing, failing]);
    // Assert
    const byId = new Map(outcomes.map((outcome) => [outcome.checkId, outcome]));
    expect(byId.get('throwing')).toMatchObject({ status: 'error', reason: 'throwing threw on a 200 answer: RangeError: the check broke' });
    expect(byId.get('throwing')?.findings.map((observed) => observed.finding.message)).toEqual(['seen before the throw']);
    expect(byId.get('passing')?.status).toBe('passed');
    expect(byId.get('failing')?.status).toBe('failed');
  });

  it('should make every check an error when a phase cannot generate its cases, and still run the other phases', async () => {
    // Arrange
    const failing = check('failing', () => [{ message: 'always', key: 'always', evidence: {} }]);
    const passing = check('passing', () => []);
    // Act
    const outcomes = await explore([failing, passing], 'boundary');
    // Assert: the positive and negative phases' exchanges were judged; the boundary phase is the cause.
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('error');
      expect(outcome.reason).toBe('the boundary phase stopped: TypeError: cannot draw a boundary case');
      expect(outcome.requests).toBeGreaterThan(0);
    }
    expect(outcomes.find((outcome) => outcome.checkId === 'failing')?.findings).toHaveLength(1);
  });
});

describe('exploreOperation: what it sends beyond the generated cases', () => {
  /** A target that negotiates like webob: JSON errors when asked, text/plain otherwise; `crash` answers 500. */
  async function exploreAgainst(crash: (testCase: Case) => boolean, checks: OperationExploration['checks'], shrinkBudget: number) {
    const api = await loadApi(['specs/glance-v2.yaml']);
    const operation = api.operations.find((candidate) => candidate.id === 'createImage');
    if (!operation) throw new Error('specs/glance-v2.yaml has no createImage');
    const sent: Case[] = [];
    const observations: unknown[] = [];
    const send = (testCase: Case): Promise<Exchange> => {
      sent.push(testCase);
      const accept = Object.entries(testCase.headers).find(([name]) => name.toLowerCase() === 'accept')?.[1];
      const status = crash(testCase) ? 500 : testCase.mode === 'negative' ? 400 : 201;
      const json = accept === 'application/json';
      return Promise.resolve({
        request: { method: testCase.method, url: `http://127.0.0.1:1${testCase.path}`, headers: {} },
        response: { status, headers: { 'content-type': json || status === 201 ? 'application/json' : 'text/plain; charset=UTF-8' }, body: Buffer.from(json ? '{}' : `${status} Bad Request`), truncated: false },
        startedAt: '2026-01-01T00:00:00.000Z',
        durationMs: 1,
      });
    };
    const outcomes = await exploreOperation({
      operation,
      checks,
      seed: 8,
      maxExamples: 6,
      arbitrary: (mode) => requestCase(operation, { mode, securitySchemes: api.securitySchemes }),
      prepare: (testCase) => Promise.resolve(testCase),
      send,
      context: { validator: new SchemaValidator(api.dialect, api.document) },
      shrinkBudget,
      observeNegotiation: (observation) => observations.push(observation),
    });
    return { outcomes, sent, observations };
  }
  const serverError = (): ReturnType<typeof defineCheck> => notAServerError;

  it('should send the documented Accept with every generated case, and once without it, reporting both answers', async () => {
    const { sent, observations, outcomes } = await exploreAgainst(() => false, [serverError()], 0);
    const withoutAccept = sent.filter((testCase) => !('accept' in testCase.headers));
    expect(withoutAccept).toHaveLength(1);
    expect(sent.filter((testCase) => testCase.headers.accept === 'application/json').length).toBe(sent.length - 1);
    expect(observations).toEqual([
      { accept: 'application/json', withAccept: { status: 400, contentType: 'application/json' }, withoutAccept: { status: 400, contentType: 'text/plain; charset=UTF-8' }, documented: false },
    ]);
    expect(outcomes.find((outcome) => outcome.checkId === 'not_a_server_error')?.status).toBe('passed');
  });

  it('should report a server error met only while shrinking another check', async () => {
    // The target breaks once the phases and probes are over (the no-Accept probe is their last
    // request here): every crash happens while shrinking, where only the check being shrunk judged before.
    let probed = false;
    const crashesAfterProbes = (testCase: Case): boolean => {
      const crash = probed;
      if (!('accept' in testCase.headers)) probed = true;
      return crash;
    };
    const rejectsNothing = defineCheck({ id: 'rejects_nothing', scope: 'case', title: 'x', clause: 'none', severity: 'low', appliesTo: (_exchange, context) => context.mode === 'negative', run: () => [{ message: 'negative case seen', key: 'seen', evidence: {} }] });
    const { outcomes } = await exploreAgainst(crashesAfterProbes, [serverError(), rejectsNothing], 20);
    const outcome = outcomes.find((candidate) => candidate.checkId === 'not_a_server_error');
    expect(outcome?.status).toBe('failed');
    expect(outcome?.findings.map((observed) => observed.finding.key)).toEqual(['500']);
  });
});
