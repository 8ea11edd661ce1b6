import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../builtin-apis.ts';
import { plannedRequests, runEstimator, sizeToBudget, SMALLEST_SIZE } from './request-budget.ts';

function planOf(api: 'glance' | 'prime' | 'img') {
  const { spec, suitesDir } = BUILTIN_APIS[api];
  // A user's deployment: where a budget applies by default.
  return { api, sources: [spec], suiteFiles: readdirSync(suitesDir).filter((name) => name.endsWith('.test.ts')).map((name) => join(suitesDir, name)), target: 'https://api.example.com' };
}

/** A run whose every unit costs one request: examples per operation (2 operations) plus sequences (2 suites). */
const linear = { at: (size: { maxExamples: number; sequences?: number }) => ({ contract: 2 * size.maxExamples, semantic: 2 * (size.sequences ?? 30), fixed: 0, total: 2 * size.maxExamples + 2 * (size.sequences ?? 30) }) };

describe('sizeToBudget', () => {
  it('should keep the size it was given when that fits the budget', () => {
    // Arrange, Act
    const sized = sizeToBudget(linear, 110, { maxExamples: 25 });

    // Assert: 2·25 + 2·30 = 110; a failure may shrink for a tenth of the budget (at least 10)
    expect(sized).toEqual({ budget: 110, size: { maxExamples: 25, shrinkRequests: 11 }, estimate: { contract: 50, semantic: 60, fixed: 0, total: 110 }, fits: true });
  });

  it('should scale examples and sequences down together to 85 in a hundred of the budget', () => {
    // Arrange, Act
    const sized = sizeToBudget(linear, 60, { maxExamples: 25 });

    // Assert
    expect(sized.fits).toBe(true);
    expect(sized.estimate.total).toBeLessThanOrEqual(51);
    expect(sized.size.maxExamples / 25).toBeCloseTo((sized.size.sequences ?? 0) / 30, 1);
  });

  it('should run the smallest size, and say it does not fit, when the budget is below it', () => {
    // Arrange, Act
    const sized = sizeToBudget(linear, 5, { maxExamples: 25 });

    // Assert
    expect(sized).toMatchObject({ fits: false, size: SMALLEST_SIZE });
  });

  it.each([['prime', false], ['prime', true], ['img', false], ['img', true]] as const)('should fit %s (rate-limit probe: %s) in the default budget of 300 with every suite at work', async (api, rateLimitProbe) => {
    // Arrange
    const estimator = await runEstimator(planOf(api), { include: [], exclude: [], rateLimitProbe });

    // Act
    const sized = sizeToBudget(estimator, 300, { maxExamples: 25 });

    // Assert
    expect(sized.fits).toBe(true);
    expect(plannedRequests(sized.estimate)).toBeLessThanOrEqual(300);
    expect(sized.size.maxExamples).toBeGreaterThanOrEqual(SMALLEST_SIZE.maxExamples);
    expect(sized.size.sequences).toBeGreaterThanOrEqual(SMALLEST_SIZE.sequences);
  });
});
