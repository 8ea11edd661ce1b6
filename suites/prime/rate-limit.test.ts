import { PROBE_WINDOW_MS } from '../../src/reference/default-target.ts';
import { numericQuotaGroups } from '../../src/run/semantic/declared-rate-limit.ts';
import { rateLimitProperties } from '../../src/run/semantic/rate-limit-plan.ts';
import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { primeApi } from './api.ts';
import { suiteSettings, type SuiteDefaults } from '../../src/run/suite-runtime.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { primeRateLimitPlan } from './rate-limit-plan.ts';

const defaults: SuiteDefaults = {
  // Its own server with a short window: the probe waits out the Retry-After, bounded by this window.
  ...suiteDefaults(primeApi, { rateWindowMs: PROBE_WINDOW_MS }),
  usesRateLimitTarget: true,
  rateLimitWindowMs: PROBE_WINDOW_MS,
};
// Loaded at collection time: an `it` per documented quota.
const model = await loadSuiteApi(suiteSettings(defaults).settings.sources);

semanticSuite({
  title: 'prime rate limits',
  fileTag: 'prime-rate-limit',
  defaults,
  properties: rateLimitProperties(model, numericQuotaGroups(model)),
  plan: () => primeRateLimitPlan(model),
});
