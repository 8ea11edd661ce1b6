import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApi } from '../openapi/load-api.ts';
import type { QuotaRule } from './quota-pacer.ts';
import { quotaRules } from './quota-pacing.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The one quota rule of a document, as the pacer applies it to requests sent to `target`. */
async function onlyRule(document: string, target: string): Promise<QuotaRule> {
  const [rule] = quotaRules(await loadApi([join(ROOT, document)]), target);
  if (!rule) throw new Error(`${document} gave no quota rule`);
  return rule;
}

describe('quotaRules', () => {
  it("should count img's requests per API key, with the test tier's lower limit, and every request to the API (every operation states the quota)", async () => {
    const model = await loadApi([join(ROOT, 'specs', 'img-processing.yaml')]);
    const rules = quotaRules(model, 'http://127.0.0.1:8080');
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    if (!rule) throw new Error('no rule');
    const publish = { method: 'POST', url: 'http://127.0.0.1:8080/v1/images/abc/publish', headers: { 'x-api-key': 'img_test_owner' } };
    expect(rule.matches(publish)).toBe(true);
    // The target counts a key's requests whatever the route: an undocumented method or path too.
    expect(rule.matches({ ...publish, method: 'PUT' })).toBe(true);
    expect(rule.matches({ ...publish, url: 'http://127.0.0.1:8080/v1/images/abc/publish/extra' })).toBe(true);
    expect(rule.keyOf(publish)).toBe('img_test_owner');
    expect(rule.limitFor(rule.keyOf(publish))).toBe(10);
    expect(rule.limitFor('img_live_owner')).toBe(100);
    expect(rule.windowMs).toBe(60_000);
  });

  it("should count Prime's requests per bearer token", async () => {
    const rule = await onlyRule('specs/prime-intellect.yaml', 'http://127.0.0.1:8080');
    const patch = { method: 'PATCH', url: 'http://127.0.0.1:8080/api/v1/images/base/latest/visibility', headers: { authorization: 'Bearer tok-1' } };
    expect(rule.matches(patch)).toBe(true);
    expect(rule.keyOf(patch)).toBe('tok-1');
    expect(rule.limitFor('tok-1')).toBe(100);
  });

  it("should count any method on a quota's paths, and nothing else, when only some operations state it", async () => {
    const rule = await onlyRule('test/fixtures/quota/partial-quota.yaml', 'http://127.0.0.1:8080/api');
    const get = { method: 'GET', url: 'http://127.0.0.1:8080/api/items/7', headers: { 'x-api-key': 'k' } };
    expect(rule.matches(get)).toBe(true);
    expect(rule.matches({ ...get, method: 'DELETE' })).toBe(true);
    expect(rule.matches({ ...get, url: 'http://127.0.0.1:8080/api/health' })).toBe(false);
    expect(rule.matches({ ...get, url: 'http://127.0.0.1:8080/api/items/7/extra' })).toBe(false);
  });

  it("should count every request under the base path, and none outside it, when every operation states the quota", async () => {
    const rule = await onlyRule('specs/prime-intellect.yaml', 'http://127.0.0.1:8080/prime');
    const request = { method: 'PUT', url: 'http://127.0.0.1:8080/prime/api/v1/images', headers: { authorization: 'Bearer tok-1' } };
    expect(rule.matches(request)).toBe(true);
    expect(rule.matches({ ...request, url: 'http://127.0.0.1:8080/elsewhere' })).toBe(false);
  });

  it('should make no rule for a document without quotas (Glance)', async () => {
    const model = await loadApi([join(ROOT, 'specs', 'glance-v2.yaml')]);
    expect(quotaRules(model, 'http://127.0.0.1:9292/v2')).toEqual([]);
  });
});
