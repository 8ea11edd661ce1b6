import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApi } from '../spec/load-api.ts';
import { quotaRules } from './quota-pacing.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('quotaRules', () => {
  it("should count img's requests per API key, with the test tier's lower limit, and only on the quota's routes", async () => {
    const model = await loadApi([join(ROOT, 'specs', 'img-processing.yaml')]);
    const rules = quotaRules(model, 'http://127.0.0.1:8080');
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    if (!rule) throw new Error('no rule');
    const publish = { method: 'POST', url: 'http://127.0.0.1:8080/v1/images/abc/publish', headers: { 'x-api-key': 'img_test_owner' } };
    expect(rule.matches(publish)).toBe(true);
    expect(rule.matches({ ...publish, url: 'http://127.0.0.1:8080/v1/images/abc/publish/extra' })).toBe(false);
    expect(rule.matches({ ...publish, url: 'http://127.0.0.1:8080/other/images/abc/publish' })).toBe(false);
    expect(rule.keyOf(publish)).toBe('img_test_owner');
    expect(rule.limitFor(rule.keyOf(publish))).toBe(10);
    expect(rule.limitFor('img_live_owner')).toBe(100);
    expect(rule.windowMs).toBe(60_000);
  });

  it("should count Prime's requests per bearer token", async () => {
    const model = await loadApi([join(ROOT, 'specs', 'prime-intellect.yaml')]);
    const [rule] = quotaRules(model, 'http://127.0.0.1:8080');
    if (!rule) throw new Error('no rule');
    const patch = { method: 'PATCH', url: 'http://127.0.0.1:8080/api/v1/images/base/latest/visibility', headers: { authorization: 'Bearer tok-1' } };
    expect(rule.matches(patch)).toBe(true);
    expect(rule.keyOf(patch)).toBe('tok-1');
    expect(rule.limitFor('tok-1')).toBe(100);
  });

  it('should make no rule for a document without quotas (Glance)', async () => {
    const model = await loadApi([join(ROOT, 'specs', 'glance-v2.yaml')]);
    expect(quotaRules(model, 'http://127.0.0.1:9292/v2')).toEqual([]);
  });
});
