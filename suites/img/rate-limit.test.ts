import { PROBE_WINDOW_MS, startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';
import { rateLimitProperties } from '../../src/run/semantic/rate-limit-plan.ts';
import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteSettings, type SuiteDefaults } from '../../src/run/suite-runtime.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { imgRateLimitPlan } from './rate-limit-plan.ts';

const defaults: SuiteDefaults = {
  api: 'img',
  sources: ['specs/img-processing.yaml'],
  // Its own server with a short window: the probe waits out the Retry-After, bounded by this window.
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'img', rateWindowMs: PROBE_WINDOW_MS }),
  usesRateLimitTarget: true,
  rateLimitWindowMs: PROBE_WINDOW_MS,
  defaultPrincipals: imgDefaultPrincipals,
};
// Loaded at collection time: an `it` per documented quota.
const model = await loadSuiteApi(suiteSettings(defaults).settings.sources);

semanticSuite({
  title: 'img rate limits',
  fileTag: 'img-rate-limit',
  defaults,
  properties: rateLimitProperties(model),
  plan: () => imgRateLimitPlan(model),
});
