import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../builtin-apis.ts';
import { quotaNotice } from './quota-notice.ts';
import { runEstimator, sizeToBudget } from './request-budget.ts';

function planOf(api: 'glance' | 'prime' | 'img') {
  const { spec, suitesDir } = BUILTIN_APIS[api];
  // A user's deployment: where a budget applies by default.
  return { api, sources: [spec], suiteFiles: readdirSync(suitesDir).filter((name) => name.endsWith('.test.ts')).map((name) => join(suitesDir, name)), target: 'https://api.example.com' };
}

const FILTER = { include: [], exclude: [], rateLimitProbe: false };
const DEFAULT_SIZE = { maxExamples: 25 };

describe('quotaNotice', () => {
  it("should give a quota-limited API's request estimate and the least time its quota allows for them", async () => {
    // Arrange
    const estimator = await runEstimator(planOf('prime'), FILTER);

    // Act
    const notice = quotaNotice('prime', estimator.model, DEFAULT_SIZE, estimator.at(DEFAULT_SIZE), undefined, true);

    // Assert: prime documents 100 per 60 s per IP and token; its estimate at the default size is 3 operations and 3 suite files.
    expect(notice).toMatch(/^prime: ~(\d+) requests \(contract ~\d+ at --max-examples 25, 30 sequences a visibility suite\), at least ~\d+ min under the document's quota of 100 requests per 60 s per ip and token; conform paces under it$/);
    const requests = Number(/~(\d+) requests/.exec(notice ?? '')?.[1]);
    const minutes = Number(/at least ~(\d+) min/.exec(notice ?? '')?.[1]);
    expect(requests).toBe(estimator.at(DEFAULT_SIZE).total);
    expect(minutes).toBe(Math.ceil((requests / 100) * 60 / 60));
  });

  it('should name the budget a run was sized to, and the size it chose', async () => {
    // Arrange
    const estimator = await runEstimator(planOf('prime'), FILTER);
    const budgeted = sizeToBudget(estimator, 300, DEFAULT_SIZE);

    // Act
    const notice = quotaNotice('prime', estimator.model, budgeted.size, budgeted.estimate, budgeted, true);

    // Assert
    expect(notice).toContain(`prime: request budget 300 (--budget N or none): ~${budgeted.estimate.total} requests (contract ~${budgeted.estimate.contract} at --max-examples ${budgeted.size.maxExamples}, ${budgeted.size.sequences} sequences a visibility suite), at least ~`);
  });

  it('should say the quota may answer 429s when pacing is off', async () => {
    // Arrange
    const estimator = await runEstimator(planOf('img'), FILTER);

    // Act
    const notice = quotaNotice('img', estimator.model, DEFAULT_SIZE, estimator.at(DEFAULT_SIZE), undefined, false);

    // Assert
    expect(notice).toMatch(/\(quota pacing off: the document's quota of \d+ requests per 60 s per key may answer 429s, which are waited out\)$/);
  });

  it('should say nothing for a document that states no quota, unless a budget sized the run', async () => {
    // Arrange
    const estimator = await runEstimator(planOf('glance'), FILTER);
    const budgeted = sizeToBudget(estimator, 400, DEFAULT_SIZE);

    // Act, Assert
    expect(quotaNotice('glance', estimator.model, DEFAULT_SIZE, estimator.at(DEFAULT_SIZE), undefined, true)).toBeUndefined();
    expect(quotaNotice('glance', estimator.model, budgeted.size, budgeted.estimate, budgeted, true)).toMatch(/^glance: request budget 400 is below the smallest run that still runs every suite, so it runs that: ~\d+ requests \(contract ~\d+ at --max-examples 2, 3 sequences a visibility suite\)$/);
  });
});
